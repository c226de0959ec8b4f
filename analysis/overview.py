"""The corpus at a glance: per-document summary, paragraph kinds, sentence lengths.

Everything is counted from the tokens layer (``analysis.tokens``): no text is
segmented or tokenized again here.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.segment import BODY, KINDS
from analysis.tokens import Tokens, as_tokens, tokens


def kind_counts(corpus: pd.DataFrame | Tokens) -> pd.DataFrame:
    """Paragraphs of each kind per document: one row per doc_id, one column per kind.

    Columns follow ``KINDS`` order and only kinds that occur are shown.
    """
    # every kind, even when given a Tokens object of some kinds (the layer is cached)
    toks = tokens(corpus.corpus if isinstance(corpus, Tokens) else corpus, kinds=None)
    paras = toks.unit_table("paragraph")
    table = pd.crosstab(paras["doc_id"], paras["kind"])
    table = table[[k for k in KINDS if k in table.columns]]
    table = table.reindex(pd.Index(toks.doc_ids, name="doc_id"), fill_value=0)
    table.columns.name = None
    return table


def document_summary(corpus: pd.DataFrame | Tokens, *, kinds: Sequence[str] = BODY) -> pd.DataFrame:
    """One row per document: title, size of the whole text and of the analysed part.

    Columns: doc_id, title, n_chars, n_paragraphs, n_sentences, n_tokens (whole
    text), then ``body_paragraphs``, ``body_sentences``, ``body_tokens`` and
    ``body_share`` (body tokens / all tokens) for the paragraphs of ``kinds``.
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
    return out


def sentence_lengths(corpus: pd.DataFrame | Tokens, *, kinds: Sequence[str] = BODY) -> pd.DataFrame:
    """Tokens per sentence: doc_id, sentence_id, n_tokens (same tokenizer as everywhere)."""
    toks = as_tokens(corpus, kinds=kinds)
    sents = toks.sentences
    return pd.DataFrame(
        {
            "doc_id": pd.array(toks.doc_ids[sents["doc"].to_numpy()], dtype="str"),
            "sentence_id": sents["sentence_id"].to_numpy(np.int64),
            "n_tokens": sents["n_tokens"].to_numpy(np.int64),
        }
    )


def sentence_length_stats(lengths: pd.DataFrame) -> pd.DataFrame:
    """Per document: sentences, mean, median, min and max tokens per sentence."""
    stats = lengths.groupby("doc_id")["n_tokens"].agg(["count", "mean", "median", "min", "max"])
    stats = stats.rename(columns={"count": "sentences"}).round(1)
    return stats.reset_index()
