"""Where words are used: keyword in context (KWIC) and lexical dispersion.

Matching runs on a search copy of each document in which accents are folded
(``Erdogan`` finds ``Erdoğan``) and curly quotes and apostrophes are straight
(``Putin's`` finds ``Putin’s``). Each of these replacements maps one character
to one character, so every offset found in the copy is an offset into the
document's own ``text``: ``corpus.text[i][start:end]`` is the evidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.segment import BODY
from analysis.tokenize import TOKEN_RE, fold_accents
from analysis.tokens import Tokens, as_tokens
from analysis.validation import check_int

KWIC_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "sentence_id",
    "left",
    "match",
    "right",
    "start",
    "end",
)
DISPERSION_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "term",
    "sentence_id",
    "start",
    "end",
    "token_index",
    "n_tokens",
    "position",
)
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_WORD = re.compile(r"\w")


def _fold_run(match: re.Match[str]) -> str:
    return fold_accents(match.group()).translate(_QUOTES)


def search_text(text: str) -> str:
    """The copy of ``text`` that patterns are matched against (same length).

    Only runs of non-ASCII characters are translated (ASCII maps to itself),
    so a long English text costs one regular-expression scan in C.
    """
    return text if text.isascii() else _NON_ASCII.sub(_fold_run, text)


def compile_pattern(pattern: str, *, regex: bool = False) -> re.Pattern[str]:
    """The case-insensitive regular expression used to find ``pattern``.

    A plain pattern is a word or phrase: its words must appear in this order,
    separated by any white space, as whole words (``war`` does not match
    ``warfare``; ``terrorist`` matches inside ``counter-terrorist``, since a
    hyphen separates words). With ``regex=True`` the pattern is a Python
    regular expression. Either way accents and curly quotes are folded first,
    in the pattern as in the text.
    """
    if not isinstance(pattern, str) or not pattern.strip():
        raise ValueError(f"pattern must be a non-empty string, not {pattern!r}")
    folded = search_text(pattern)
    if not regex:
        words = folded.split()
        body = r"\s+".join(re.escape(w) for w in words)
        before = r"(?<!\w)" if re.match(r"\w", words[0]) else ""
        after = r"(?!\w)" if re.search(r"\w$", words[-1]) else ""
        folded = before + body + after
    try:
        return re.compile(folded, re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"pattern {pattern!r} is not a valid regular expression: {exc}") from exc


def _literal_pattern(pattern: str) -> re.Pattern[str] | None:
    """The fast form of a plain ``pattern``: lower case, no flags, no look-behind.

    ``compile_pattern``'s whole-word regex starts with a look-behind and is
    case-insensitive, which stops the regex engine from jumping to the literal
    start of the pattern; matched against a lower-cased copy without those, the
    scan runs in C at ``str.find`` speed, and the word boundary before the match
    is checked on each hit instead (``_Searchable.matches``). None when the
    pattern does not start with a word character (the slow path then applies).
    """
    folded = search_text(pattern).lower()
    words = folded.split()
    if not words or not re.match(r"\w", words[0]):
        return None
    body = r"\s+".join(re.escape(w) for w in words)
    after = r"(?!\w)" if re.search(r"\w$", words[-1]) else ""
    return re.compile(body + after)


class _Searchable:
    """The kept sentences of a Tokens object and the search copies of their documents.

    ``doc``, ``sentence_id``, ``start``, ``end``: one entry per kept sentence
    (the layer's sentence table, in document then position order);
    ``texts``: the documents' texts; ``search``: their search copies (``None``
    for a document without kept sentences). Built once per Tokens object and
    kept on it (``searchable``), so repeated searches (an explorer) cost only
    the scan.
    """

    def __init__(self, toks: Tokens) -> None:
        sents = toks.sentences
        self.doc = sents["doc"].to_numpy(np.int64)
        self.sentence_id = sents["sentence_id"].to_numpy(np.int64)
        self.start = sents["start"].to_numpy(np.int64)
        self.end = sents["end"].to_numpy(np.int64)
        rows = np.arange(toks.n_docs)
        self.first = np.searchsorted(self.doc, rows, side="left")
        self.last = np.searchsorted(self.doc, rows, side="right")
        self.texts = toks.corpus["text"].tolist()
        self.search = [
            search_text(text) if lo < hi else None
            for text, lo, hi in zip(self.texts, self.first, self.last, strict=True)
        ]

    def _joined(self) -> tuple[str, np.ndarray] | None:
        """All search copies lower-cased and joined by NUL, and where each starts.

        None when lower-casing changes a document's length (a few non-ASCII
        letters do), since offsets would then not map back; built on first use.
        """
        if not hasattr(self, "_lower"):
            texts = [t or "" for t in self.search]
            lowered = [t.lower() for t in texts]
            if any(len(a) != len(b) for a, b in zip(texts, lowered, strict=True)):
                self._lower = None
            else:
                lengths = np.fromiter((len(t) + 1 for t in texts), np.int64, len(texts))
                starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
                self._lower = ("\x00".join(lowered), starts)
        return self._lower

    def _scan(self, pattern: re.Pattern[str], literal: re.Pattern[str] | None):
        joined = self._joined() if literal is not None else None
        if joined is None:
            doc, start, end = [], [], []
            for row, text in enumerate(self.search):
                if text is None:
                    continue
                for m in pattern.finditer(text):
                    if m.end() > m.start():  # a pattern that can match nothing finds no word
                        doc.append(row)
                        start.append(m.start())
                        end.append(m.end())
            return (np.array(v, dtype=np.int64) for v in (doc, start, end))
        text, starts = joined
        hits = [(m.start(), m.end()) for m in literal.finditer(text)]
        spans = np.array(hits, dtype=np.int64).reshape(-1, 2)
        # the whole-word check the look-behind of compile_pattern makes
        keep = [a == 0 or _WORD.match(text[a - 1]) is None for a, _ in hits]
        spans = spans[np.array(keep, dtype=bool)] if len(hits) else spans
        doc = np.searchsorted(starts, spans[:, 0], side="right") - 1
        return doc, spans[:, 0] - starts[doc], spans[:, 1] - starts[doc]

    def matches(
        self, pattern: re.Pattern[str], literal: re.Pattern[str] | None = None
    ) -> pd.DataFrame:
        """Matches lying inside one kept sentence: doc (corpus row), sentence (row), start, end.

        ``literal`` is the fast form of a plain pattern (``_literal_pattern``); it
        finds the same matches as ``pattern`` (tested on the seeds and at scale).
        """
        doc, start, end = self._scan(pattern, literal)
        # the sentence starting last at or before the match, found on one sorted key
        span = max(int(self.end.max(initial=0)), int(end.max(initial=0))) + 1
        k = np.searchsorted(self.doc * span + self.start, doc * span + start, side="right") - 1
        inside = (k >= 0) & (self.doc[k] == doc) & (end <= self.end[k]) if len(k) else k > 0
        return pd.DataFrame(
            {"doc": doc[inside], "sentence": k[inside], "start": start[inside], "end": end[inside]},
            dtype="int64",
        )


def _doc_mask(toks: Tokens, docs: object) -> np.ndarray:
    """A boolean mask over the corpus rows from a mask or a list of doc_ids."""
    values = np.asarray(docs)
    if values.dtype == bool:
        if len(values) != toks.n_docs:
            raise ValueError(f"docs mask has {len(values)} values for {toks.n_docs} documents")
        return values
    wanted = {str(d) for d in values.ravel()}
    unknown = sorted(wanted - set(toks.doc_ids.astype(str)))
    if unknown:
        raise ValueError(f"docs {unknown[:5]} are not doc_ids of the corpus")
    return np.isin(toks.doc_ids.astype(str), list(wanted))


def searchable(toks: Tokens) -> _Searchable:
    """The search copies of ``toks``, built on first use and kept on the Tokens object."""
    cached = toks.__dict__.get("_searchable")
    if cached is None:
        cached = _Searchable(toks)
        toks.__dict__["_searchable"] = cached
    return cached


def _squash(text: str) -> str:
    return " ".join(text.split())


def kwic(
    corpus: pd.DataFrame | Tokens,
    pattern: str,
    *,
    window: int = 8,
    regex: bool = False,
    kinds: Sequence[str] | None = BODY,
    docs: object = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Every occurrence of ``pattern`` with the words around it.

    Parameters
    ----------
    corpus : DataFrame
        From ``load_corpus``.
    pattern : str
        A word or phrase (``"humanitarian catastrophe"``), matched
        case-insensitively as whole words, with accents and curly quotes
        folded (see ``compile_pattern``); or a regular expression when
        ``regex=True``.
    window : int, default 8
        Tokens of context on each side, within the match's sentence.
    regex : bool, default False
        Read ``pattern`` as a Python regular expression.
    kinds : sequence of str or None, default ``("body",)``
        Paragraph kinds searched; a match must lie inside one sentence.
    docs : boolean mask over the corpus rows, or doc_ids, optional
        Keep only matches in these documents (the search copies stay those of
        the whole corpus, so a filter costs nothing to rebuild).
    limit : int, optional
        Build the rows of the first ``limit`` matches only (an explorer showing
        a page); ``attrs["total"]`` is always the number of matches kept.

    Returns
    -------
    DataFrame
        doc_id, sentence_id, left, match, right, start, end. ``start``/``end``
        are character offsets into the document's ``text`` (``match`` is that
        slice); ``left``/``right`` are the context with white space squeezed.
        Sorted by document (corpus order), then position.
    """
    window = check_int("window", window, low=0)
    compiled = compile_pattern(pattern, regex=regex)
    toks = as_tokens(corpus, kinds=kinds)
    where = searchable(toks)
    found = where.matches(compiled, None if regex else _literal_pattern(pattern))
    if docs is not None:
        found = found[_doc_mask(toks, docs)[found["doc"].to_numpy()]]
    total = len(found)
    if limit is not None:
        found = found.head(check_int("limit", limit, low=0))
    docs, rows = found["doc"].to_numpy(), found["sentence"].to_numpy()
    starts, ends = found["start"].to_numpy(), found["end"].to_numpy()
    left, match, right = [], [], []
    for doc, k, start, end in zip(docs, rows, starts, ends, strict=True):
        text, folded = where.texts[doc], where.search[doc]
        s_start, s_end = where.start[k], where.end[k]
        # context tokens as TOKEN_RE finds them in the sentence's text before/after the match
        before = [t.start() for t in TOKEN_RE.finditer(folded, s_start, start)]
        cut = before[-window] if 0 < window <= len(before) else s_start
        after = [t.end() for t in TOKEN_RE.finditer(folded, end, s_end)]
        stop = after[window - 1] if 0 < window <= len(after) else s_end
        left.append(_squash(text[cut:start]) if window else "")
        match.append(text[start:end])
        right.append(_squash(text[end:stop]) if window else "")
    out = pd.DataFrame(
        {
            "doc_id": toks.doc_ids[docs],
            "sentence_id": where.sentence_id[rows],
            "left": pd.array(left, dtype="str"),
            "match": pd.array(match, dtype="str"),
            "right": pd.array(right, dtype="str"),
            "start": starts,
            "end": ends,
        },
        columns=list(KWIC_COLUMNS),
    )
    out = out.astype({"sentence_id": "int64", "start": "int64", "end": "int64"})
    out.attrs["total"] = total
    return out


def document_lengths(
    corpus: pd.DataFrame | Tokens, *, kinds: Sequence[str] | None = BODY
) -> pd.Series:
    """Tokens in each document's kept sentences (all tokens), indexed by doc_id in corpus order.

    The tokens layer's count: what ``tokenize`` gives before any token is dropped.
    """
    toks = as_tokens(corpus, kinds=kinds)
    return pd.Series(toks.doc_lengths(), index=toks.doc_ids, name="n_tokens")


def dispersion(
    corpus: pd.DataFrame | Tokens,
    terms: Sequence[str],
    *,
    regex: bool = False,
    docs: object = None,
    kinds: Sequence[str] | None = BODY,
) -> pd.DataFrame:
    """Where each of ``terms`` occurs along each document (for a dispersion plot).

    Terms are matched as in ``kwic``. ``token_index`` is the number of tokens
    of the document's kept sentences before the match (tokens of the layer,
    as ``document_lengths`` counts them), ``n_tokens`` the document's total,
    and ``position = token_index / n_tokens`` (0 = start of the text, 1 = end).

    Parameters
    ----------
    docs : doc_id, list of doc_ids or boolean mask, optional
        Only these documents (a dispersion plot is read document by document,
        so on a large corpus choose some); all by default.

    Returns
    -------
    DataFrame
        doc_id, term, sentence_id, start, end, token_index, n_tokens,
        position; sorted by document (corpus order), then start, then the
        order of ``terms``.
    """
    terms = [terms] if isinstance(terms, str) else list(terms)
    if not terms:
        raise ValueError("terms is empty: name at least one word or phrase")
    repeated = sorted({t for t in terms if terms.count(t) > 1})
    if repeated:
        raise ValueError(f"terms are repeated: {repeated}")
    compiled = [compile_pattern(t, regex=regex) for t in terms]
    toks = as_tokens(corpus, kinds=kinds)
    if docs is not None:
        toks = toks.select(docs=docs)
    where = searchable(toks)
    literal = [None if regex else _literal_pattern(t) for t in terms]
    hits = pd.concat(
        [
            where.matches(c, fast).assign(rank=r)
            for r, (c, fast) in enumerate(zip(compiled, literal, strict=True))
        ],
        ignore_index=True,
    )
    docs_hit, sentence_rows = hits["doc"].to_numpy(), hits["sentence"].to_numpy()
    n_tokens = toks.doc_lengths()
    # tokens of a document before the match: those of its earlier sentences, plus those of
    # the match's sentence starting before the match (tokens are stored sentence after
    # sentence); one sorted key per token, sentence row then start offset
    sentence_first = toks.sentence_ptr[sentence_rows]
    doc_first = np.concatenate([[0], np.cumsum(n_tokens)])[docs_hit]
    span = int(toks.end.max(initial=0)) + 1
    keys = toks.token_sentences.astype(np.int64) * span + toks.start
    within = np.searchsorted(keys, sentence_rows * span + hits["start"].to_numpy()) - sentence_first
    del keys
    token_index = sentence_first - doc_first + within
    out = pd.DataFrame(
        {
            "doc_id": toks.doc_ids[docs_hit],
            "term": pd.array([terms[r] for r in hits["rank"]], dtype="str"),
            "sentence_id": where.sentence_id[sentence_rows],
            "start": hits["start"].to_numpy(),
            "end": hits["end"].to_numpy(),
            "token_index": token_index,
            "n_tokens": n_tokens[docs_hit],
            "position": token_index / np.maximum(n_tokens[docs_hit], 1),
            "_doc": docs_hit,
            "_rank": hits["rank"].to_numpy(),
        }
    )
    out = out.sort_values(["_doc", "start", "_rank"], ignore_index=True)
    return out.drop(columns=["_doc", "_rank"]).astype(
        {"sentence_id": "int64", "start": "int64", "end": "int64"}
    )


def dispersion_documents(occurrences: pd.DataFrame, n: int = 5) -> list[str]:
    """The ``n`` documents a dispersion plot should show: where most of the terms occur.

    Ranked by the number of distinct terms found, then by occurrences, then
    doc_id; returned in the order of ``occurrences`` (corpus order).
    """
    check_int("n", n, low=1)
    if occurrences.empty:
        return []
    per_doc = occurrences.groupby("doc_id", sort=False).agg(
        terms=("term", "nunique"), hits=("term", "size")
    )
    per_doc["first"] = np.arange(len(per_doc))
    ranked = per_doc.reset_index().sort_values(
        ["terms", "hits", "doc_id"], ascending=[False, False, True]
    )
    chosen = set(ranked["doc_id"].head(n))
    return [d for d in per_doc.index if d in chosen]
