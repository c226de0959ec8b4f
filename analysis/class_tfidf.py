"""Class-based TF-IDF (c-TF-IDF): the terms that set a group of documents apart."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.preprocessing import normalize

from analysis.errors import CorpusError
from analysis.segment import BODY
from analysis.tfidf import check_n, term_order, top_rows
from analysis.tokens import Tokens, as_tokens
from analysis.validation import check_ngram_range

CLASS_TFIDF_COLUMNS: tuple[str, ...] = ("term", "count", "weight", "rank")


def class_tfidf(
    data: pd.DataFrame | Tokens,
    by: object,
    *,
    n: int | None = 10,
    kinds: Sequence[str] | None = BODY,
    ngram_range: tuple[int, int] = (1, 1),
    drop_stopwords: bool = True,
    keep_numbers: bool = True,
    fold: bool = False,
) -> pd.DataFrame:
    """Class-based TF-IDF (c-TF-IDF, Grootendorst 2022, as in BERTopic).

    The documents of each class are merged into one (``DocumentTermMatrix.group``).
    For term ``t`` in class ``c``::

        tf(t, c)  = count(t, c) / sum_t' count(t', c)     (L1-normalised per class)
        idf(t)    = ln(1 + A / f(t))
        weight    = tf(t, c) * idf(t)

    where ``f(t)`` is the count of ``t`` over all classes and ``A`` the average
    number of (kept) tokens per class: total tokens / number of classes.
    BERTopic truncates ``A`` to an integer; here it is the exact mean.

    Parameters
    ----------
    data : DataFrame or Tokens
        A corpus from ``load_corpus``, or its tokens layer.
    by : str, list of str or Series
        The classes, resolved by ``analysis.groups.resolve_by``: a corpus
        column (``"outlet"``, ``"doc_id"``...), ``"year"``/``"month"`` from
        ``date``, a list of columns (one class per combination) or a Series
        aligned with the corpus. Documents without a value form the class
        ``"(missing)"``, listed last.
    n : int or None, default 10
        Top terms kept per class; ``None`` keeps every term present.
    kinds, ngram_range, drop_stopwords, keep_numbers, fold
        As in ``analysis.tfidf.tfidf`` (n-grams inside a document).

    Returns
    -------
    DataFrame
        ``<by>, term, count, weight, rank``: the class column (named as
        ``resolve_by`` names it, labels as text) sorted in class order, then
        weight descending, ties by term; ``rank`` counts from 1.
        ``attrs["n_documents"]`` maps each class to its number of documents
        (figures show the largest classes when they cannot show all).
    """
    check_n(n)
    toks = as_tokens(data, kinds=kinds)
    counts = toks.dfm(
        "document",
        drop_stopwords=drop_stopwords,
        keep_numbers=keep_numbers,
        fold=fold,
        ngram=check_ngram_range(ngram_range),
        within="unit",
    )
    grouped = counts.group(by).compact()
    if grouped.shape[1] == 0:
        raise CorpusError("class_tfidf: no term left to count (empty vocabulary)")
    name = grouped.units.columns[0]
    class_term = grouped.matrix.astype(np.float64)
    f = np.asarray(class_term.sum(axis=0)).ravel()
    avg = class_term.sum() / class_term.shape[0]
    idf = np.log1p(avg / f)
    weights = normalize(class_term, norm="l1", axis=1)
    weights.data *= idf[weights.indices]
    vocabulary = grouped.terms
    row, col, val, rank = top_rows(weights, n, term_order(vocabulary))
    out = pd.DataFrame({name: grouped.units[name].to_numpy()[row]})
    out[name] = pd.array(out[name], dtype="str")
    out["term"] = pd.array(vocabulary[col], dtype="str")
    out["count"] = np.asarray(grouped.matrix[row, col]).ravel().astype(np.int64)
    out["weight"] = val
    out["rank"] = rank.astype(np.int64)
    out.attrs["n_documents"] = {
        str(c): int(d) for c, d in zip(grouped.units[name], grouped.units["n_docs"], strict=True)
    }
    return out
