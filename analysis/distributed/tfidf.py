"""TF-IDF of a Dask corpus: per-partition counts on one vocabulary, then scikit-learn's steps."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import dask.dataframe as dd
import numpy as np
import pandas as pd
import scipy.sparse as sp

from analysis.distributed.tokens import DaskTokens, _gather, _token_parts
from analysis.errors import CorpusError
from analysis.segment import BODY

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

    Each partition counts its units (``dfm``, n-grams within a unit, empty
    terms dropped); the counts are stacked on the union of the vocabularies,
    so document frequencies are summed across partitions before ``tfidf``'s
    own steps: the pruning (``analysis.tfidf.prune_terms``: ``min_df``,
    ``max_df``, ``max_features``), then scikit-learn's ``TfidfTransformer``
    (``idf(t) = ln((1 + n) / (1 + df(t))) + 1``, or ``ln(n / df(t)) + 1``
    without ``smooth_idf``; ``tf`` or ``1 + ln(tf)``; the row ``norm``).
    Parameters as ``tfidf``.
    """
    from sklearn.feature_extraction.text import TfidfTransformer

    from analysis.tfidf import UNIT_KEYS, TfidfResult, check_tfidf_options, prune_terms

    ngram_range = check_tfidf_options(
        unit=unit, ngram_range=ngram_range, min_df=min_df, max_df=max_df,
        max_features=max_features, norm=norm,
        flags={"sublinear_tf": sublinear_tf, "drop_stopwords": drop_stopwords,
               "keep_numbers": keep_numbers, "fold": fold, "smooth_idf": smooth_idf},
    )  # fmt: skip
    toks = _token_parts(data, kinds, "tfidf_dask")
    options = (unit, kinds, ngram_range, drop_stopwords, keep_numbers, fold)
    matrices, terms, tables = zip(*_gather(_tfidf_part, toks, *options), strict=True)
    units = pd.concat(tables, ignore_index=True)
    if units.empty:
        raise CorpusError(f"no {unit} units of kinds {kinds} in the corpus")
    # one vocabulary: each partition's sorted terms map to their rank in the union
    vocab = np.unique(np.concatenate(terms).astype(object))
    stacked = []
    for m, t in zip(matrices, terms, strict=True):
        cols = np.searchsorted(vocab, t).astype(m.indices.dtype)[m.indices]
        stacked.append(sp.csr_matrix((m.data, cols, m.indptr), shape=(m.shape[0], len(vocab))))
    counts = sp.vstack(stacked, format="csr")
    try:
        if not len(vocab):
            raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
        keep = prune_terms(counts, min_df=min_df, max_df=max_df, max_features=max_features)
    except ValueError as exc:
        raise ValueError(
            f"tfidf(unit={unit!r}, min_df={min_df!r}, max_df={max_df!r}) on "
            f"{len(units)} units: {exc}"
        ) from exc
    columns = [c for c in (*UNIT_KEYS[unit], "kind", "start", "end") if c in units.columns]
    matrix = counts if keep.all() else counts[:, keep]
    transformer = TfidfTransformer(norm=norm, smooth_idf=smooth_idf, sublinear_tf=sublinear_tf)
    weights = transformer.fit_transform(sp.csr_matrix(matrix, dtype=np.float64))
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
    return TfidfResult(
        matrix=sp.csr_matrix(weights),
        units=units[columns].reset_index(drop=True),
        vocabulary=np.asarray(vocab[keep], dtype=object),
        idf=np.asarray(transformer.idf_, dtype=np.float64),
        params=params,
    )
