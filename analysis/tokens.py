"""The tokens layer: every token of a corpus, built once, as integer ids with offsets.

quanteda's grammar: corpus -> **tokens** -> document-term matrix -> statistics.
``tokens(corpus)`` segments and tokenizes every document once and returns a
``Tokens`` object that every analysis accepts in place of the corpus:

* ``vocab``: the terms, sorted (Python string order, as scikit-learn's
  vocabularies), and ``ids``: the term id of every token, int32;
* ``start``/``end``: each token's character offsets into its document's
  ``text`` (``corpus.text[doc][start:end]`` is the token as written);
* ``sentences``: one row per kept sentence, with its document (``doc``, the
  corpus row), ``paragraph_id``, ``sentence_id``, paragraph ``kind``,
  ``start``/``end`` and ``n_tokens``; tokens are stored sentence after
  sentence, so ``sentences.n_tokens`` partitions ``ids``;
* ``corpus``: the corpus it was built from (not copied), whose other columns
  are the document variables (outlet, date, bias...) every result can carry.

The tokens are exactly those of ``analysis.tokenize.tokenize`` applied to
each sentence (a test checks it): the same regular expression runs over the
whole text in C, and the per-token rules (``US`` -> ``u.s.``, lower case,
possessive ``'s``) run once per distinct written form instead of once per
token. Sentences come from ``analysis.segment.segment_text``.

Caching (``analysis.layer``): the arrays of every paragraph kind are kept in
memory for the last few corpora and on disk (``analysis.cache``), keyed by a
digest of the doc_ids and texts, so a second notebook or a second session on
the same corpus does not tokenize again. ``kinds`` selects sentences from the
cached layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
import pandas as pd

from analysis.language import check_language
from analysis.layer import _Layer, corpus_layer
from analysis.segment import BODY, KINDS
from analysis.tokenize import STOP_WORDS, fold_accents
from analysis.validation import check_corpus, check_kinds, check_unit

UNIT_KEYS: dict[str, tuple[str, ...]] = {
    "document": ("doc_id",),
    "paragraph": ("doc_id", "paragraph_id"),
    "sentence": ("doc_id", "paragraph_id", "sentence_id"),
}
_KIND_DTYPE = pd.CategoricalDtype(list(KINDS))
LAYER_ANALYSIS = (
    "The tokens layer every analysis reads (English sentence rules, tokenizer, stop words "
    "and actor dictionaries)"
)


# --- the Tokens object -------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Tokens:
    """The tokens of a corpus's kept sentences (see the module docstring).

    Build it with ``tokens(corpus)``; select with ``select``, filter terms with
    ``prepare``/``without``, count with ``dfm``.
    """

    corpus: pd.DataFrame
    vocab: np.ndarray
    ids: np.ndarray
    start: np.ndarray
    end: np.ndarray
    sentences: pd.DataFrame
    kinds: tuple[str, ...] | None
    digest: str

    def __post_init__(self) -> None:
        # the arrays may be shared with the cached layer: nothing may change them in place
        for name in ("vocab", "ids", "start", "end"):
            getattr(self, name).flags.writeable = False

    def __repr__(self) -> str:
        return (
            f"Tokens(documents={self.n_docs:,}, sentences={len(self.sentences):,}, "
            f"tokens={self.n_tokens:,}, types={len(self.vocab):,}, kinds={self.kinds})"
        )

    # sizes and positions ---------------------------------------------------------------------
    @property
    def n_docs(self) -> int:
        """Documents (corpus rows), including those without a kept token."""
        return len(self.corpus)

    @property
    def n_tokens(self) -> int:
        """Tokens kept."""
        return len(self.ids)

    @property
    def doc_ids(self) -> np.ndarray:
        """The corpus's doc_id values, in row order."""
        return self.corpus["doc_id"].to_numpy(dtype=object)

    @property
    def docvars(self) -> pd.DataFrame:
        """The document variables: every corpus column but ``text``, one row per document."""
        return self.corpus.drop(columns="text").reset_index(drop=True)

    @cached_property
    def sentence_ptr(self) -> np.ndarray:
        """Token index where each sentence starts, plus the total (length n_sentences + 1)."""
        return np.concatenate([[0], np.cumsum(self.sentences["n_tokens"].to_numpy())]).astype(
            np.int64
        )

    @property
    def token_sentences(self) -> np.ndarray:
        """Row in ``sentences`` of every token (int32; built on each call, 4 bytes a token)."""
        counts = self.sentences["n_tokens"].to_numpy()
        return np.repeat(np.arange(len(counts), dtype=np.int32), counts)

    @property
    def token_docs(self) -> np.ndarray:
        """Corpus row of every token (int32; built on each call, 4 bytes a token)."""
        return np.repeat(
            self.sentences["doc"].to_numpy(np.int32), self.sentences["n_tokens"].to_numpy()
        )

    def doc_lengths(self) -> np.ndarray:
        """Kept tokens per document (corpus row), int64."""
        return np.bincount(
            self.sentences["doc"].to_numpy(np.int64),
            weights=self.sentences["n_tokens"].to_numpy(np.float64),
            minlength=self.n_docs,
        ).astype(np.int64)

    # selections -------------------------------------------------------------------------------
    def select(self, *, kinds: Sequence[str] | None | str = "same", docs: object = None) -> Tokens:
        """A subset: sentences of other paragraph kinds, and/or some documents.

        Parameters
        ----------
        kinds : sequence of str or None, optional
            Paragraph kinds to keep, from those already kept (``None`` = all
            kinds the object holds). Default: unchanged.
        docs : boolean mask over the corpus rows, or doc_ids, optional
            Documents to keep; the corpus is subset too (rows renumbered).
        """
        sents = self.sentences
        keep = np.ones(len(sents), dtype=bool)
        new_kinds = self.kinds
        if not (isinstance(kinds, str) and kinds == "same"):
            wanted = check_kinds(kinds)
            if wanted is not None:
                if self.kinds is not None and not set(wanted) <= set(self.kinds):
                    raise ValueError(
                        f"kinds {list(wanted)} asks for paragraphs this Tokens object does not "
                        f"hold (it holds {list(self.kinds)}); build it with tokens(corpus, "
                        "kinds=None)"
                    )
                keep &= sents["kind"].isin(wanted).to_numpy()
            new_kinds = wanted if wanted is not None else self.kinds
        corpus = self.corpus
        if docs is not None:
            from analysis.selection import select_documents

            mask = select_documents(self.corpus, docs)
            new_row = np.cumsum(mask) - 1
            keep &= mask[sents["doc"].to_numpy()]
            corpus = self.corpus[mask].reset_index(drop=True)
        else:
            new_row = None
        token_keep = np.repeat(keep, sents["n_tokens"].to_numpy())
        kept = sents[keep].reset_index(drop=True)
        if new_row is not None:
            kept["doc"] = new_row[kept["doc"].to_numpy()].astype(np.int32)
        return replace(
            self,
            corpus=corpus,
            ids=self.ids[token_keep],
            start=self.start[token_keep],
            end=self.end[token_keep],
            sentences=kept,
            kinds=new_kinds,
        )

    def without(self, drop_terms: np.ndarray) -> Tokens:
        """The same tokens without those whose term is flagged in ``drop_terms`` (per vocab id).

        Sentences keep their rows (with fewer tokens), so counts by unit and
        windows inside sentences stay defined.
        """
        drop_terms = np.asarray(drop_terms, dtype=bool)
        if drop_terms.shape != self.vocab.shape:
            raise ValueError("drop_terms must hold one flag per vocabulary term")
        keep = ~drop_terms[self.ids]
        if keep.all():
            return self
        counts = np.bincount(self.token_sentences[keep], minlength=len(self.sentences))
        sents = self.sentences.assign(n_tokens=counts.astype(np.int32))
        return replace(
            self, ids=self.ids[keep], start=self.start[keep], end=self.end[keep], sentences=sents
        )

    def folded(self) -> Tokens:
        """Accents folded in every term (``erdoğan`` -> ``erdogan``); terms that meet merge."""
        folded = np.array([fold_accents(t) for t in self.vocab], dtype=object)
        terms, inverse = np.unique(folded, return_inverse=True)
        if len(terms) == len(self.vocab) and np.array_equal(terms, self.vocab):
            return self
        return replace(self, vocab=terms.astype(object), ids=inverse.astype(np.int32)[self.ids])

    def prepare(
        self,
        *,
        drop_stopwords: bool = False,
        keep_numbers: bool = True,
        fold: bool = False,
        stop_words: Sequence[str] | None = None,
    ) -> Tokens:
        """The tokenizer's options, applied in its order: fold, drop numbers, drop stop words.

        Equal to ``tokenize(text, drop_stopwords=..., keep_numbers=..., fold=...)``
        on every sentence.
        """
        out = self.folded() if fold else self
        drop = np.zeros(len(out.vocab), dtype=bool)
        if not keep_numbers:
            drop |= np.array([t[:1].isdigit() for t in out.vocab], dtype=bool)
        if drop_stopwords:
            stops = STOP_WORDS if stop_words is None else frozenset(stop_words)
            drop |= pd.Series(out.vocab, dtype=object).isin(stops).to_numpy()
        return out.without(drop) if drop.any() else out

    # units ------------------------------------------------------------------------------------
    def unit_table(self, unit: str) -> pd.DataFrame:
        """The units of one level, from the sentence table (no per-token work).

        document: ``doc_id`` (every document, even without tokens); paragraph
        and sentence: ``doc_id, paragraph_id[, sentence_id], kind, start, end``
        of every kept unit, in document then position order. Every level adds
        ``_doc`` (the unit's corpus row) and ``n_tokens``; tokens are stored
        unit after unit, so ``n_tokens`` partitions ``ids``.
        """
        check_unit(unit)
        sents = self.sentences
        doc_ids = self.doc_ids
        counts = sents["n_tokens"].to_numpy(np.int64)
        if unit == "document":
            return pd.DataFrame(
                {
                    "doc_id": pd.array(doc_ids, dtype="str"),
                    "_doc": np.arange(self.n_docs),
                    "n_tokens": self.doc_lengths(),
                }
            )
        doc = sents["doc"].to_numpy(np.int64)
        if unit == "sentence":
            return pd.DataFrame(
                {
                    "doc_id": pd.array(doc_ids[doc], dtype="str"),
                    "paragraph_id": sents["paragraph_id"].to_numpy(np.int64),
                    "sentence_id": sents["sentence_id"].to_numpy(np.int64),
                    "kind": pd.array(sents["kind"].astype(str), dtype="str"),
                    "start": sents["start"].to_numpy(np.int64),
                    "end": sents["end"].to_numpy(np.int64),
                    "_doc": doc,
                    "n_tokens": counts,
                }
            )
        first, last = self._paragraph_bounds()
        return pd.DataFrame(
            {
                "doc_id": pd.array(doc_ids[doc[first]], dtype="str"),
                "paragraph_id": sents["paragraph_id"].to_numpy(np.int64)[first],
                "kind": pd.array(sents["kind"].astype(str).to_numpy()[first], dtype="str"),
                "start": sents["start"].to_numpy(np.int64)[first],
                "end": sents["end"].to_numpy(np.int64)[last],
                "_doc": doc[first],
                "n_tokens": np.add.reduceat(counts, first) if len(first) else counts[:0],
            }
        )

    def _paragraph_bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """First and last sentence row of every kept paragraph."""
        doc = self.sentences["doc"].to_numpy(np.int64)
        par = self.sentences["paragraph_id"].to_numpy(np.int64)
        new = np.ones(len(doc), dtype=bool)
        new[1:] = (doc[1:] != doc[:-1]) | (par[1:] != par[:-1])
        first = np.flatnonzero(new)
        return first, np.append(first[1:], len(doc)) - 1

    def unit_ptr(self, unit: str) -> np.ndarray:
        """Token index where each unit of ``unit_table(unit)`` starts, plus the total (int64)."""
        counts = self.unit_table(unit)["n_tokens"].to_numpy(np.int64)
        return np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)

    def unit_codes(self, unit: str) -> tuple[pd.DataFrame, np.ndarray]:
        """``unit_table(unit)`` and the row in it of every token (int32)."""
        table = self.unit_table(unit)
        counts = table["n_tokens"].to_numpy(np.int64)
        return table, np.repeat(np.arange(len(table), dtype=np.int32), counts)

    def unit_texts(self, unit: str, table: pd.DataFrame | None = None) -> list[str]:
        """Text of every unit of ``unit_table(unit)`` (documents: kept paragraphs joined)."""
        if table is None:
            table = self.unit_table(unit)
        texts = self.corpus["text"].tolist()
        if unit != "document":
            return [
                texts[d][s:e]
                for d, s, e in zip(table["_doc"], table["start"], table["end"], strict=True)
            ]
        if self.kinds is None:
            return texts
        pars = self.unit_table("paragraph")
        joined: list[list[str]] = [[] for _ in range(self.n_docs)]
        for d, s, e in zip(pars["_doc"], pars["start"], pars["end"], strict=True):
            joined[d].append(texts[d][s:e])
        return ["\n\n".join(parts) for parts in joined]

    def token_lists(self, unit: str = "sentence") -> pd.DataFrame:
        """One row per unit: its keys, a ``tokens`` list and ``n_tokens`` (for inspection)."""
        table = self.unit_table(unit)
        counts = table["n_tokens"].to_numpy(np.int64)
        bounds = np.cumsum(counts)[:-1]
        words = self.vocab[self.ids]
        out = table.drop(columns=[c for c in ("_doc", "kind", "n_tokens") if c in table]).copy()
        if unit != "document":
            out.insert(len(out.columns) - 2, "kind", table["kind"])
        out["tokens"] = [list(p) for p in np.split(words, bounds)]
        out["n_tokens"] = counts.astype(np.int64)
        return out

    def dfm(self, unit: str = "document", **options: object):
        """Units x terms counts of these tokens; ``analysis.dfm.dfm`` with its options."""
        from analysis.dfm import dfm

        return dfm(self, unit, **options)


def _sentence_frame(layer: _Layer) -> pd.DataFrame:
    cols = dict(layer.sentences)
    kind = pd.Categorical.from_codes(cols.pop("kind").astype(np.int8), dtype=_KIND_DTYPE)
    frame = pd.DataFrame(cols)
    frame.insert(3, "kind", kind)
    return frame


def tokens(
    corpus: pd.DataFrame | Tokens,
    *,
    kinds: Sequence[str] | None = BODY,
    cache: bool = True,
    n_jobs: int | None = None,
) -> Tokens:
    """The tokens layer of ``corpus``, built once and reused (see the module docstring).

    Parameters
    ----------
    corpus : DataFrame or Tokens
        From ``load_corpus`` (any frame with unique string ``doc_id`` and
        ``text``). A ``Tokens`` object is returned re-selected to ``kinds``.
    kinds : sequence of str or None, default ``("body",)``
        Paragraph kinds whose sentences are kept; ``None`` keeps all.
    cache : bool, default True
        Reuse and keep the layer in memory and on disk (``analysis.cache``).
    n_jobs : int, optional
        Processes used when the layer is built; by default one below 5,000
        documents, else the machine's cores (``analysis.layer.default_jobs``).

    Returns
    -------
    Tokens
    """
    if isinstance(corpus, Tokens):
        return corpus.select(kinds=kinds)
    check_corpus(corpus)
    wanted = check_kinds(kinds)
    key, layer = corpus_layer(corpus, cache=cache, n_jobs=n_jobs)
    # every analysis builds on this layer and its rules are English: warn once per corpus
    check_language(corpus, LAYER_ANALYSIS, digest=key)
    full = Tokens(
        corpus=corpus,
        vocab=layer.vocab,
        ids=np.asarray(layer.ids),
        start=np.asarray(layer.start),
        end=np.asarray(layer.end),
        sentences=_sentence_frame(layer),
        kinds=None,
        digest=key,
    )
    return full if wanted is None else full.select(kinds=wanted)


def as_tokens(data: pd.DataFrame | Tokens, *, kinds: Sequence[str] | None = BODY) -> Tokens:
    """The tokens an analysis counts: ``tokens(data, kinds=kinds)``, built or reused.

    Analyses call this first, so each accepts a corpus or a Tokens object and
    ``kinds`` means the same for both: a Tokens object is narrowed to
    ``kinds`` (which it must hold; ``kinds=None`` keeps what it holds).
    """
    if isinstance(data, Tokens):
        wanted = check_kinds(kinds)
        if wanted is None or wanted == data.kinds:
            return data
        return data.select(kinds=wanted)
    return tokens(data, kinds=kinds)
