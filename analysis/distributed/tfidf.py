"""TF-IDF of a Dask corpus: per-partition counts on one vocabulary, then scikit-learn's steps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from numbers import Integral, Real
from typing import TYPE_CHECKING

import dask.dataframe as dd
import numpy as np
import pandas as pd
import scipy.sparse as sp

from analysis.distributed.tokens import DaskTokens, _gather, _token_parts
from analysis.errors import CorpusError
from analysis.segment import BODY
from analysis.validation import check_int, check_option, check_unit

if TYPE_CHECKING:
    from analysis.tfidf import TfidfResult


def _tfidf_part(toks, unit, kinds, ngram_range, drop_stopwords, keep_numbers, fold):
    from analysis.tokens import as_tokens

    if toks is None:
        return None
    counts = as_tokens(toks, kinds=kinds).dfm(
        unit,
        drop_stopwords=drop_stopwords,
        keep_numbers=keep_numbers,
        fold=fold,
        ngram=ngram_range,
        within="unit",
    )
    counts = counts.compact()
    return counts.matrix, counts.terms, counts.units


def _check_df(name: str, value: object) -> float:
    if isinstance(value, Integral) and not isinstance(value, bool):
        return check_int(name, value, low=1)
    if isinstance(value, Real) and not isinstance(value, bool):
        from analysis.validation import check_real

        return check_real(name, value, low=0.0, high=1.0)
    raise TypeError(f"{name} must be an integer (units) or a float (share of units), not {value!r}")


def _tfidf_weights(x: sp.csr_matrix, vocab: np.ndarray, params: Mapping) -> tuple:
    """scikit-learn's ``TfidfVectorizer`` after counting: prune, idf, tf, norm (its float steps)."""
    from sklearn.preprocessing import normalize

    n = x.shape[0]
    x = x.astype(np.float64)
    df = np.bincount(x.indices, minlength=x.shape[1])
    high = params["max_df"] if isinstance(params["max_df"], Integral) else params["max_df"] * n
    low = params["min_df"] if isinstance(params["min_df"], Integral) else params["min_df"] * n
    if high < low:
        raise ValueError("max_df corresponds to < documents than min_df")
    mask = (df <= high) & (df >= low)
    limit = params["max_features"]
    if limit is not None and mask.sum() > limit:
        tfs = np.asarray(x.sum(axis=0)).ravel()
        chosen = np.flatnonzero(mask)[(-tfs[mask]).argsort()[:limit]]
        mask = np.zeros(len(df), dtype=bool)
        mask[chosen] = True
    if not mask.any():
        raise ValueError("After pruning, no terms remain. Try a lower min_df or a higher max_df.")
    x, vocab = x[:, np.flatnonzero(mask)].tocsr(), vocab[mask]
    df = np.bincount(x.indices, minlength=x.shape[1]).astype(np.float64)
    df += float(params["smooth_idf"])
    idf = np.full_like(df, n + int(params["smooth_idf"]))
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    if params["sublinear_tf"]:
        np.log(x.data, x.data)
        x.data += 1.0
    x.data *= idf[x.indices]
    if params["norm"] is not None:
        x = normalize(x, norm=params["norm"], copy=False)
    return sp.csr_matrix(x), vocab, idf


def tfidf_dask(
    data: dd.DataFrame | DaskTokens,
    *,
    unit: str = "document",
    kinds: Sequence[str] | None = BODY,
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    ngram_range: tuple[int, int] = (1, 1),
    sublinear_tf: bool = False,
    max_features: int | None = None,
    drop_stopwords: bool = True,
    keep_numbers: bool = True,
    fold: bool = False,
    smooth_idf: bool = True,
    norm: str | None = "l2",
) -> TfidfResult:
    """``analysis.tfidf.tfidf`` of a Dask corpus: the same ``TfidfResult``.

    Each partition counts its units (``dfm``, n-grams within a unit); the
    counts are stacked on one vocabulary, so document frequencies are summed
    across partitions before the pruning (``min_df``, ``max_df``,
    ``max_features``), ``idf(t) = ln((1 + n) / (1 + df(t))) + 1`` (without
    ``smooth_idf``: ``ln(n / df(t)) + 1``), ``tf`` (``1 + ln(tf)`` when
    ``sublinear_tf``) and the row norm, all as scikit-learn computes them.
    Parameters as ``tfidf``.
    """
    from analysis.tfidf import UNIT_KEYS, TfidfResult
    from analysis.validation import check_ngram_range

    check_unit(unit)
    ngram_range = check_ngram_range(ngram_range)
    check_option("norm", norm, ("l1", "l2", None))
    _check_df("min_df", min_df)
    _check_df("max_df", max_df)
    if max_features is not None:
        check_int("max_features", max_features, low=1)
    toks = _token_parts(data, kinds, "tfidf_dask")
    options = (unit, kinds, ngram_range, drop_stopwords, keep_numbers, fold)
    matrices, terms, tables = zip(*_gather(_tfidf_part, toks, *options), strict=True)
    table = pd.concat(tables, ignore_index=True)
    if table.empty:
        raise CorpusError(f"no {unit} units of kinds {kinds} in the corpus")
    vocab = np.unique(np.concatenate(terms).astype(object))
    stacked = []
    for m, t in zip(matrices, terms, strict=True):
        cols = np.searchsorted(vocab, t).astype(m.indices.dtype)[m.indices]
        stacked.append(sp.csr_matrix((m.data, cols, m.indptr), shape=(m.shape[0], len(vocab))))
    params = {
        "unit": unit,
        "kinds": None if kinds is None else tuple(kinds),
        "min_df": min_df,
        "max_df": max_df,
        "ngram_range": ngram_range,
        "sublinear_tf": sublinear_tf,
        "max_features": max_features,
        "drop_stopwords": drop_stopwords,
        "keep_numbers": keep_numbers,
        "fold": fold,
        "smooth_idf": smooth_idf,
        "norm": norm,
    }
    try:
        if not len(vocab):
            raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
        matrix, vocab, idf = _tfidf_weights(sp.vstack(stacked, format="csr"), vocab, params)
    except ValueError as exc:
        raise ValueError(
            f"tfidf(unit={unit!r}, min_df={min_df!r}, max_df={max_df!r}) on "
            f"{len(table)} units: {exc}"
        ) from exc
    keep = [c for c in (*UNIT_KEYS[unit], "kind", "start", "end") if c in table.columns]
    return TfidfResult(
        matrix=matrix,
        units=table[keep],
        vocabulary=np.asarray(vocab, dtype=object),
        idf=idf,
        params=params,
    )
