"""The corpus at a glance: per-document summary, paragraph kinds, sentence lengths."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.segment import BODY, KINDS
from analysis.tokenize import count_tokens
from analysis.units import paragraphs, sentences


def kind_counts(corpus: pd.DataFrame) -> pd.DataFrame:
    """Paragraphs of each kind per document: one row per doc_id, one column per kind.

    Columns follow ``KINDS`` order and only kinds that occur are shown.
    """
    paras = paragraphs(corpus)
    table = pd.crosstab(paras["doc_id"], paras["kind"])
    table = table[[k for k in KINDS if k in table.columns]]
    table = table.reindex(corpus["doc_id"], fill_value=0)
    table.columns.name = None
    return table


def document_summary(corpus: pd.DataFrame, *, kinds: Sequence[str] = BODY) -> pd.DataFrame:
    """One row per document: title, size of the whole text and of the analysed part.

    Columns: doc_id, title, n_chars, n_paragraphs, n_sentences, n_tokens (whole
    text), then ``body_paragraphs``, ``body_sentences``, ``body_tokens`` and
    ``body_share`` (body tokens / all tokens) for the paragraphs of ``kinds``.
    """
    paras = paragraphs(corpus, kinds=kinds)
    sents = sentences(corpus, kinds=kinds)
    body = pd.DataFrame(
        {
            "body_paragraphs": paras.groupby("doc_id").size(),
            "body_sentences": sents.groupby("doc_id").size(),
            "body_tokens": paras.assign(n=paras["text"].map(count_tokens))
            .groupby("doc_id")["n"]
            .sum(),
        }
    )
    cols = ["doc_id", "title", "n_chars", "n_paragraphs", "n_sentences", "n_tokens"]
    out = corpus[cols].merge(body, left_on="doc_id", right_index=True, how="left")
    out[list(body.columns)] = out[list(body.columns)].fillna(0).astype("int64")
    out["body_share"] = (out["body_tokens"] / out["n_tokens"]).round(3)
    return out.reset_index(drop=True)


def sentence_lengths(corpus: pd.DataFrame, *, kinds: Sequence[str] = BODY) -> pd.DataFrame:
    """Tokens per sentence: doc_id, sentence_id, n_tokens (same tokenizer as everywhere)."""
    sents = sentences(corpus, kinds=kinds)
    return pd.DataFrame(
        {
            "doc_id": sents["doc_id"],
            "sentence_id": sents["sentence_id"],
            "n_tokens": sents["text"].map(count_tokens).astype("int64"),
        }
    )


def sentence_length_stats(lengths: pd.DataFrame) -> pd.DataFrame:
    """Per document: sentences, mean, median, min and max tokens per sentence."""
    stats = lengths.groupby("doc_id")["n_tokens"].agg(["count", "mean", "median", "min", "max"])
    stats = stats.rename(columns={"count": "sentences"}).round(1)
    return stats.reset_index()
