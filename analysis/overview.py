"""The corpus at a glance: per-document summary, paragraph kinds, sentence lengths.

Everything is counted from the tokens layer (``analysis.tokens``): no text is
segmented or tokenized again here.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.groups import resolve_by
from analysis.segment import BODY, KINDS
from analysis.tokens import Tokens, as_tokens, tokens


def kind_counts(corpus: pd.DataFrame | Tokens, *, by: object = None) -> pd.DataFrame:
    """Paragraphs of each kind per document: one row per doc_id, one column per kind.

    Columns follow ``KINDS`` order and only kinds that occur are shown. With
    ``by`` (a grouping, see ``analysis.groups``; not ``"doc_id"``), one row per
    group holding the sums over its documents, in group order.
    """
    # every kind, even when given a Tokens object of some kinds (the layer is cached)
    toks = tokens(corpus.corpus if isinstance(corpus, Tokens) else corpus, kinds=None)
    paras = toks.unit_table("paragraph")
    table = pd.crosstab(paras["doc_id"], paras["kind"])
    table = table[[k for k in KINDS if k in table.columns]]
    table = table.reindex(pd.Index(toks.doc_ids, name="doc_id"), fill_value=0)
    table.columns.name = None
    if by is None or (isinstance(by, str) and by == "doc_id"):
        return table
    groups = resolve_by(toks.corpus, by)
    summed = table.groupby(pd.Index(groups.labels, name=groups.name), sort=False).sum()
    return summed.reindex(groups.order)


def _with_group(table: pd.DataFrame, corpus: pd.DataFrame, by: object) -> pd.DataFrame:
    """``table`` (one row per corpus document, in corpus order) with the group of ``by``
    inserted after ``doc_id`` (nothing added for ``by`` None or ``"doc_id"``)."""
    if by is None or (isinstance(by, str) and by == "doc_id"):
        return table
    groups = resolve_by(corpus, by)
    table = table.copy()
    table.insert(1, groups.name, groups.labels)
    return table


def document_summary(
    corpus: pd.DataFrame | Tokens, *, kinds: Sequence[str] = BODY, by: object = None
) -> pd.DataFrame:
    """One row per document: title, size of the whole text and of the analysed part.

    Columns: doc_id, [the group of ``by``], title, n_chars, n_paragraphs,
    n_sentences, n_tokens (whole text), then ``body_paragraphs``,
    ``body_sentences``, ``body_tokens`` and ``body_share`` (body tokens / all
    tokens) for the paragraphs of ``kinds``.
    """
    toks = as_tokens(corpus, kinds=kinds)
    paras = toks.unit_table("paragraph")
    n = toks.n_docs
    doc = toks.sentences["doc"].to_numpy(np.int64)
    body = pd.DataFrame(
        {
            "body_paragraphs": np.bincount(paras["_doc"].to_numpy(np.int64), minlength=n),
            "body_sentences": np.bincount(doc, minlength=n),
            "body_tokens": toks.doc_lengths(),
        }
    ).astype("int64")
    cols = ["doc_id", "title", "n_chars", "n_paragraphs", "n_sentences", "n_tokens"]
    out = pd.concat([toks.corpus[cols].reset_index(drop=True), body], axis=1)
    out["body_share"] = (out["body_tokens"] / out["n_tokens"]).round(3)
    return _with_group(out, toks.corpus, by)


def group_summary(
    corpus: pd.DataFrame | Tokens, by: object, *, kinds: Sequence[str] = BODY
) -> pd.DataFrame:
    """One row per group of ``by``: its size and how much of it is analysed text.

    Columns: the group, ``documents``, ``share_of_documents``, ``tokens`` and
    ``body_tokens`` (sums), ``median_body_tokens`` (per document), ``body_share``
    (body tokens / tokens of the group). Sorted by documents (descending), then
    group order.
    """
    toks = as_tokens(corpus, kinds=kinds)
    groups = resolve_by(toks.corpus, by)
    frame = pd.DataFrame(
        {
            "group": groups.labels,
            "tokens": toks.corpus["n_tokens"].to_numpy(np.int64),
            "body_tokens": toks.doc_lengths(),
        }
    )
    table = frame.groupby("group", sort=False).agg(
        documents=("tokens", "size"),
        tokens=("tokens", "sum"),
        body_tokens=("body_tokens", "sum"),
        median_body_tokens=("body_tokens", "median"),
    )
    table = table.reindex(groups.order)
    table.insert(1, "share_of_documents", (table["documents"] / len(frame)).round(4))
    table["body_share"] = (table["body_tokens"] / table["tokens"].where(table["tokens"] > 0)).round(
        3
    )
    table["_order"] = np.arange(len(table))
    table = table.sort_values(["documents", "_order"], ascending=[False, True])
    return table.drop(columns="_order").rename_axis(groups.name).reset_index()


def sentence_lengths(
    corpus: pd.DataFrame | Tokens, *, kinds: Sequence[str] = BODY, by: object = None
) -> pd.DataFrame:
    """Tokens per sentence: doc_id, [the group of ``by``], sentence_id, n_tokens
    (same tokenizer as everywhere)."""
    toks = as_tokens(corpus, kinds=kinds)
    sents = toks.sentences
    doc = sents["doc"].to_numpy()
    out = pd.DataFrame(
        {
            "doc_id": pd.array(toks.doc_ids[doc], dtype="str"),
            "sentence_id": sents["sentence_id"].to_numpy(np.int64),
            "n_tokens": sents["n_tokens"].to_numpy(np.int64),
        }
    )
    if by is None or (isinstance(by, str) and by == "doc_id"):
        return out
    groups = resolve_by(toks.corpus, by)
    out.insert(1, groups.name, groups.labels[doc])
    return out


def sentence_length_stats(lengths: pd.DataFrame, *, by: str = "doc_id") -> pd.DataFrame:
    """Per document (or per ``by`` column of ``lengths``): sentences, mean, median, min and
    max tokens per sentence, sorted by group."""
    if by not in lengths.columns:
        raise ValueError(
            f"by={by!r} is not a column of lengths; columns are {list(lengths.columns)}"
        )
    stats = lengths.groupby(by)["n_tokens"].agg(["count", "mean", "median", "min", "max"])
    stats = stats.rename(columns={"count": "sentences"}).round(1)
    return stats.reset_index()
