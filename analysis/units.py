"""Long tables of a corpus's units: paragraphs, sentences, and their tokens.

Every row carries ``start``/``end``, character offsets into its document's
``text``, so a count can always be traced back to the words it came from.
Identifiers are positional and do not depend on the ``kinds`` filter:
``paragraph_id`` and ``sentence_id`` number all paragraphs and sentences of a
document from 0, whatever is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from analysis.errors import CorpusError
from analysis.segment import BODY, KINDS, segment_text
from analysis.tokenize import tokenize

UNITS: tuple[str, ...] = ("document", "paragraph", "sentence")


def _check_corpus(corpus: pd.DataFrame) -> None:
    missing = {"doc_id", "text"} - set(corpus.columns)
    if missing:
        raise CorpusError(
            "expected a corpus from load_corpus (columns doc_id and text); "
            f"missing {sorted(missing)}"
        )


def _check_kinds(kinds: Iterable[str] | None) -> frozenset[str] | None:
    if kinds is None:
        return None
    if isinstance(kinds, str):
        kinds = (kinds,)
    kinds = frozenset(kinds)
    unknown = sorted(kinds - set(KINDS))
    if unknown:
        raise ValueError(f"unknown paragraph kinds {unknown}; known kinds are {list(KINDS)}")
    return kinds


def _filter(frame: pd.DataFrame, kinds: frozenset[str] | None) -> pd.DataFrame:
    if kinds is None:
        return frame
    return frame[frame["kind"].isin(kinds)].reset_index(drop=True)


def paragraphs(corpus: pd.DataFrame, *, kinds: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per paragraph: doc_id, paragraph_id, kind, start, end, text.

    Parameters
    ----------
    corpus : DataFrame
        From ``load_corpus``.
    kinds : sequence of str, optional
        Keep only these kinds (see ``analysis.segment.KINDS``); all by default,
        so the table shows what was classified as what.
    """
    _check_corpus(corpus)
    wanted = _check_kinds(kinds)
    doc_ids, pids, kind_col, starts, ends, texts = [], [], [], [], [], []
    for doc_id, text in zip(corpus["doc_id"], corpus["text"], strict=True):
        seg = segment_text(text)
        n = len(seg.par_kind)
        doc_ids.append(np.full(n, doc_id, dtype=object))
        pids.append(np.arange(n))
        kind_col.extend(seg.par_kind)
        starts.append(seg.par_start)
        ends.append(seg.par_end)
        texts.extend(text[s:e] for s, e in zip(seg.par_start, seg.par_end, strict=True))
    frame = pd.DataFrame(
        {
            "doc_id": np.concatenate(doc_ids) if doc_ids else [],
            "paragraph_id": np.concatenate(pids) if pids else [],
            "kind": kind_col,
            "start": np.concatenate(starts) if starts else [],
            "end": np.concatenate(ends) if ends else [],
            "text": texts,
        }
    )
    return _filter(
        frame.astype({"paragraph_id": "int64", "start": "int64", "end": "int64"}), wanted
    )


def sentences(corpus: pd.DataFrame, *, kinds: Sequence[str] | None = BODY) -> pd.DataFrame:
    """One row per sentence: doc_id, paragraph_id, sentence_id, kind, start, end, text.

    Parameters
    ----------
    corpus : DataFrame
        From ``load_corpus``.
    kinds : sequence of str or None, default ``("body",)``
        Paragraph kinds whose sentences are kept; ``None`` keeps all.
    """
    _check_corpus(corpus)
    wanted = _check_kinds(kinds)
    doc_ids, pids, sids, kind_col, starts, ends, texts = [], [], [], [], [], [], []
    for doc_id, text in zip(corpus["doc_id"], corpus["text"], strict=True):
        seg = segment_text(text)
        n = len(seg.sent_start)
        doc_ids.append(np.full(n, doc_id, dtype=object))
        pids.append(seg.sent_paragraph)
        sids.append(np.arange(n))
        kind_col.extend(seg.par_kind[p] for p in seg.sent_paragraph)
        starts.append(seg.sent_start)
        ends.append(seg.sent_end)
        texts.extend(text[s:e] for s, e in zip(seg.sent_start, seg.sent_end, strict=True))
    frame = pd.DataFrame(
        {
            "doc_id": np.concatenate(doc_ids) if doc_ids else [],
            "paragraph_id": np.concatenate(pids) if pids else [],
            "sentence_id": np.concatenate(sids) if sids else [],
            "kind": kind_col,
            "start": np.concatenate(starts) if starts else [],
            "end": np.concatenate(ends) if ends else [],
            "text": texts,
        }
    )
    ints = {c: "int64" for c in ("paragraph_id", "sentence_id", "start", "end")}
    return _filter(frame.astype(ints), wanted)


def units(
    corpus: pd.DataFrame, unit: str = "document", *, kinds: Sequence[str] | None = BODY
) -> pd.DataFrame:
    """The texts an analysis counts, at one level: document, paragraph or sentence.

    For ``unit="document"`` the kept paragraphs of each document are joined
    with a blank line (columns doc_id, text); documents with no kept paragraph
    get an empty text, so every document keeps its row. For paragraphs and
    sentences see ``paragraphs`` and ``sentences``.
    """
    if unit == "paragraph":
        return paragraphs(corpus, kinds=kinds)
    if unit == "sentence":
        return sentences(corpus, kinds=kinds)
    if unit != "document":
        raise ValueError(f"unit must be one of {list(UNITS)}, not {unit!r}")
    _check_corpus(corpus)
    wanted = _check_kinds(kinds)
    if wanted is None:
        return pd.DataFrame({"doc_id": corpus["doc_id"].to_numpy(), "text": corpus["text"]})
    texts = []
    for text in corpus["text"]:
        seg = segment_text(text)
        texts.append(
            "\n\n".join(
                text[s:e]
                for s, e, k in zip(seg.par_start, seg.par_end, seg.par_kind, strict=True)
                if k in wanted
            )
        )
    return pd.DataFrame({"doc_id": corpus["doc_id"].to_numpy(), "text": texts})


def tokens(
    corpus: pd.DataFrame,
    *,
    unit: str = "sentence",
    kinds: Sequence[str] | None = BODY,
    drop_stopwords: bool = False,
    keep_numbers: bool = True,
    fold: bool = False,
) -> pd.DataFrame:
    """Tokens of every unit: the unit's keys, a ``tokens`` list and ``n_tokens``.

    One row per unit (not per token), so a corpus of thousands of articles
    stays a table of lists. The tokenizer is ``analysis.tokenize.tokenize``
    with the same keyword parameters.
    """
    table = units(corpus, unit, kinds=kinds)
    toks = [
        tokenize(t, drop_stopwords=drop_stopwords, keep_numbers=keep_numbers, fold=fold)
        for t in table["text"]
    ]
    out = table.drop(columns="text")
    out["tokens"] = toks
    out["n_tokens"] = [len(t) for t in toks]
    return out
