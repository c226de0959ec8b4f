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


def _span_table(corpus: pd.DataFrame, level: str, kinds: Sequence[str] | None) -> pd.DataFrame:
    """Rows of every paragraph or sentence of every document, from the cached segmentation."""
    _check_corpus(corpus)
    wanted = _check_kinds(kinds)
    keys = ("doc_id", "paragraph_id", "sentence_id", "start", "end")
    parts: dict[str, list[np.ndarray]] = {k: [] for k in keys}
    kind_col: list[str] = []
    texts: list[str] = []
    for doc_id, text in zip(corpus["doc_id"], corpus["text"], strict=True):
        seg = segment_text(text)
        if level == "paragraph":
            starts, ends = seg.par_start, seg.par_end
            par = np.arange(len(starts))
        else:
            starts, ends, par = seg.sent_start, seg.sent_end, seg.sent_paragraph
        parts["doc_id"].append(np.full(len(starts), doc_id, dtype=object))
        parts["paragraph_id"].append(par)
        parts["sentence_id"].append(np.arange(len(starts)))
        parts["start"].append(starts)
        parts["end"].append(ends)
        kind_col.extend(seg.par_kind[p] for p in par)
        texts.extend(text[s:e] for s, e in zip(starts, ends, strict=True))
    columns = {k: np.concatenate(v) if v else np.array([], dtype=object) for k, v in parts.items()}
    columns |= {"kind": kind_col, "text": texts}
    # Explicit string dtype, so an empty selection has the same dtypes as a full one.
    columns |= {c: pd.array(columns[c], dtype="str") for c in ("doc_id", "kind", "text")}
    order = ["doc_id", "paragraph_id", "sentence_id", "kind", "start", "end", "text"]
    if level == "paragraph":
        order.remove("sentence_id")
    frame = pd.DataFrame({c: columns[c] for c in order})
    ints = {c: "int64" for c in order if c in ("paragraph_id", "sentence_id", "start", "end")}
    return _filter(frame.astype(ints), wanted)


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
    return _span_table(corpus, "paragraph", kinds)


def sentences(corpus: pd.DataFrame, *, kinds: Sequence[str] | None = BODY) -> pd.DataFrame:
    """One row per sentence: doc_id, paragraph_id, sentence_id, kind, start, end, text.

    Parameters
    ----------
    corpus : DataFrame
        From ``load_corpus``.
    kinds : sequence of str or None, default ``("body",)``
        Paragraph kinds whose sentences are kept; ``None`` keeps all.
    """
    return _span_table(corpus, "sentence", kinds)


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
