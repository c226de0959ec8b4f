"""TF-IDF of a corpus's units, and the tables read from it (summary, top terms, selection).

The counts come from the tokens layer (``analysis.dfm.dfm``, n-grams built
inside each unit); vocabulary pruning follows scikit-learn's
``CountVectorizer`` (``min_df``, ``max_df``, ``max_features``, same
tie-breaking) and the weights are scikit-learn's ``TfidfTransformer``, so the
result equals ``TfidfVectorizer`` fed the suite tokenizer. With the defaults
(``smooth_idf=True``, ``norm="l2"``) a term ``t`` in unit ``u`` gets

    tf(t, u) * idf(t),    idf(t) = ln((1 + n) / (1 + df(t))) + 1

where ``tf`` is the raw count (``1 + ln(count)`` when ``sublinear_tf``), ``n``
the number of units and ``df(t)`` the number of units containing ``t``; each
row is then divided by its Euclidean (l2) norm. The matrix stays sparse:
nothing here densifies a units x vocabulary matrix.

Similarity, clustering and the map of units are in ``analysis.similarity``;
class-based TF-IDF in ``analysis.class_tfidf``; topics in ``analysis.topics``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from numbers import Integral
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from analysis.errors import CorpusError
from analysis.segment import BODY
from analysis.tokens import UNIT_KEYS, Tokens, as_tokens
from analysis.validation import (
    check_bool,
    check_int,
    check_ngram_range,
    check_option,
    check_real,
    check_unit,
)


@dataclass(frozen=True, eq=False)
class TfidfResult:
    """A TF-IDF matrix with its row and column labels.

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix
        Units x terms, float64.
    units : DataFrame
        One row per matrix row, in the same order: the unit keys (``doc_id``;
        ``paragraph_id``; ``sentence_id``) and, below the document level,
        ``kind``, ``start`` and ``end`` (offsets into the document text).
    vocabulary : ndarray of str
        The term of each column, in column order (sorted).
    idf : ndarray of float
        The idf of each column.
    params : dict
        Every parameter ``tfidf`` was called with.
    """

    matrix: sp.csr_matrix
    units: pd.DataFrame
    vocabulary: np.ndarray
    idf: np.ndarray
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def keys(self) -> list[str]:
        """The columns of ``units`` that identify a unit."""
        return list(UNIT_KEYS[self.params["unit"]])

    def __repr__(self) -> str:
        n, v = self.matrix.shape
        return (
            f"TfidfResult(unit={self.params['unit']!r}, units={n}, terms={v}, "
            f"nonzeros={self.matrix.nnz})"
        )


def check_result(result: object) -> TfidfResult:
    """``result`` if it is a ``TfidfResult`` (TypeError otherwise)."""
    if not isinstance(result, TfidfResult):
        raise TypeError(f"expected a TfidfResult from tfidf(), not {type(result).__name__}")
    return result


def check_n(n: object, name: str = "n") -> int | None:
    """A top-N count: a positive integer, or None for all."""
    if n is None:
        return None
    if isinstance(n, bool) or not isinstance(n, Integral):
        raise TypeError(f"{name} must be a positive integer or None, not {n!r}")
    if n < 1:
        raise ValueError(f"{name} must be a positive integer or None, not {n!r}")
    return int(n)


def _check_df(name: str, value: object) -> int | float:
    """scikit-learn's constraint: an int >= 1 (units) or a float in [0, 1] (share of units)."""
    if isinstance(value, Integral) and not isinstance(value, bool):
        return check_int(name, value, low=1)
    if isinstance(value, float | np.floating):
        return check_real(name, value, low=0.0, high=1.0)
    raise TypeError(f"{name} must be an integer (units) or a float (share of units), not {value!r}")


def check_tfidf_options(
    *,
    unit: str,
    ngram_range: object,
    min_df: object,
    max_df: object,
    max_features: object,
    norm: object,
    flags: dict[str, object],
) -> tuple[int, int]:
    """``tfidf``'s parameters checked in one place (also for ``tfidf_dask``); the n-gram range."""
    check_unit(unit)
    ngram_range = check_ngram_range(ngram_range)
    _check_df("min_df", min_df)
    _check_df("max_df", max_df)
    if max_features is not None:
        check_int("max_features", max_features, low=1)
    for name, flag in flags.items():
        check_bool(name, flag)
    check_option("norm", norm, ("l2", "l1", None))
    return ngram_range


def prune_terms(
    counts: sp.csr_matrix,
    *,
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    max_features: int | None = None,
) -> np.ndarray:
    """Columns kept by scikit-learn's ``CountVectorizer`` pruning, as a boolean mask.

    Keeps terms found in at least ``min_df`` and at most ``max_df`` units (an
    int counts units, a float is a share of them), then, if more remain than
    ``max_features``, the ``max_features`` with the highest total count. Ties
    break exactly as in ``CountVectorizer._limit_features``: the same
    ``argsort`` of the negated float64 totals over the alphabetically sorted
    columns. Every column of ``counts`` must occur in some unit.

    Raises
    ------
    ValueError
        With scikit-learn's messages, when ``max_df`` < ``min_df`` in units or
        no term remains.
    """
    n = counts.shape[0]
    high = max_df if isinstance(max_df, Integral) else max_df * n
    low = min_df if isinstance(min_df, Integral) else min_df * n
    if high < low:
        raise ValueError("max_df corresponds to < documents than min_df")
    dfs = np.bincount(counts.indices, minlength=counts.shape[1])
    mask = (dfs <= high) & (dfs >= low)
    if max_features is not None and mask.sum() > max_features:
        tfs = np.asarray(counts.sum(axis=0, dtype=np.float64)).ravel()
        chosen = np.flatnonzero(mask)[(-tfs[mask]).argsort()[:max_features]]
        mask = np.zeros(len(dfs), dtype=bool)
        mask[chosen] = True
    if not mask.any():
        raise ValueError("After pruning, no terms remain. Try a lower min_df or a higher max_df.")
    return mask


def tfidf(
    data: pd.DataFrame | Tokens,
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
    """TF-IDF matrix of the corpus at one level (documents, paragraphs or sentences).

    ``idf(t) = ln((1 + n) / (1 + df(t))) + 1`` with ``smooth_idf`` (else
    ``ln(n / df(t)) + 1``), natural log; ``tf`` is the raw count, or
    ``1 + ln(count)`` with ``sublinear_tf``; rows are scaled to unit l2 norm
    (``norm``). A unit with no kept token is a row of zeros. Equal to
    scikit-learn's ``TfidfVectorizer`` given the suite tokenizer as analyzer
    (the tests check it).

    Parameters
    ----------
    data : DataFrame or Tokens
        A corpus from ``load_corpus``, or its tokens layer (``tokens(corpus)``),
        which is reused instead of tokenizing again.
    unit : {"document", "paragraph", "sentence"}, default "document"
        What a row is. Every document has a row; paragraphs and sentences
        have one when they are of a kept kind.
    kinds : sequence of str or None, default ``("body",)``
        Paragraph kinds counted; ``None`` keeps the whole text.
    min_df, max_df : int or float, default 1 and 1.0
        Keep terms in at least ``min_df`` and at most ``max_df`` units
        (a float is a share of units), as in scikit-learn.
    ngram_range : (int, int), default (1, 1)
        Word n-gram lengths, built from the kept tokens of a unit (after stop
        words are dropped, so a bigram may join the words around a stop word)
        and crossing sentence boundaries inside the unit, words joined by a
        space.
    sublinear_tf : bool, default False
        Use ``1 + ln(tf)``.
    max_features : int, optional
        Keep only the most frequent terms (ties as in scikit-learn).
    drop_stopwords, keep_numbers, fold : bool, default True, True, False
        The tokenizer's options (``STOP_WORDS``; numbers such as years kept;
        accents folded).
    smooth_idf : bool, default True
        Add one to document frequencies, as if an extra unit held every term.
    norm : {"l2", "l1"} or None, default "l2"
        Row normalisation.

    Returns
    -------
    TfidfResult

    Raises
    ------
    CorpusError
        No unit of ``unit`` among the kept kinds.
    ValueError
        Nothing left to weigh (empty vocabulary, or every term pruned).
    """
    from sklearn.feature_extraction.text import TfidfTransformer

    ngram_range = check_tfidf_options(
        unit=unit, ngram_range=ngram_range, min_df=min_df, max_df=max_df,
        max_features=max_features, norm=norm,
        flags={"sublinear_tf": sublinear_tf, "drop_stopwords": drop_stopwords,
               "keep_numbers": keep_numbers, "fold": fold, "smooth_idf": smooth_idf},
    )  # fmt: skip
    toks = as_tokens(data, kinds=kinds)
    if unit != "document" and len(toks.sentences) == 0:
        raise CorpusError(f"no {unit} units of kinds {kinds} in the corpus")
    counts = toks.dfm(
        unit,
        drop_stopwords=drop_stopwords,
        keep_numbers=keep_numbers,
        fold=fold,
        ngram=ngram_range,
        within="unit",
    )
    if counts.shape[0] == 0:
        raise CorpusError(f"no {unit} units of kinds {kinds} in the corpus")
    counts = counts.compact()
    try:
        if counts.shape[1] == 0:
            raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
        keep = prune_terms(counts.matrix, min_df=min_df, max_df=max_df, max_features=max_features)
    except ValueError as exc:
        raise ValueError(
            f"tfidf(unit={unit!r}, min_df={min_df!r}, max_df={max_df!r}) on "
            f"{counts.shape[0]} units: {exc}"
        ) from exc
    matrix = counts.matrix if keep.all() else counts.matrix[:, keep]
    transformer = TfidfTransformer(norm=norm, smooth_idf=smooth_idf, sublinear_tf=sublinear_tf)
    weights = transformer.fit_transform(sp.csr_matrix(matrix, dtype=np.float64))
    columns = [c for c in (*UNIT_KEYS[unit], "kind", "start", "end") if c in counts.units]
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
        units=counts.units[columns].reset_index(drop=True),
        vocabulary=np.asarray(counts.terms[keep], dtype=object),
        idf=np.asarray(transformer.idf_, dtype=np.float64),
        params=params,
    )


def matrix_summary(result: TfidfResult) -> pd.DataFrame:
    """The matrix in numbers: columns statistic, value.

    ``density`` is nonzeros / (units x terms) and ``sparsity`` is one minus it;
    ``terms_per_unit`` is the mean number of distinct terms per unit;
    ``empty_units`` counts units without any kept term.
    """
    check_result(result)
    n, v = result.matrix.shape
    per_row = np.diff(result.matrix.indptr)
    density = result.matrix.nnz / (n * v) if n and v else 0.0
    rows = [
        ("units", n),
        ("terms", v),
        ("nonzeros", result.matrix.nnz),
        ("density", density),
        ("sparsity", 1.0 - density),
        ("terms_per_unit", float(per_row.mean()) if n else 0.0),
        ("empty_units", int((per_row == 0).sum())),
    ]
    return pd.DataFrame(rows, columns=["statistic", "value"]).astype({"value": "float64"})


def unit_labels(result: TfidfResult) -> pd.Series:
    """A readable label per unit: ``doc_id``, ``doc_id p3`` or ``doc_id p3 s12``.

    ``p`` is the paragraph_id and ``s`` the sentence_id (both count from 0).
    """
    check_result(result)
    return label_units(result.units, result.keys)


def label_units(table: pd.DataFrame, keys: Sequence[str]) -> pd.Series:
    """Labels (see ``unit_labels``) of the rows of any table holding the unit ``keys``."""
    labels = table["doc_id"].astype(str)
    if "paragraph_id" in keys:
        labels = labels + " p" + table["paragraph_id"].astype(str)
    if "sentence_id" in keys:
        labels = labels + " s" + table["sentence_id"].astype(str)
    return labels.rename("unit").reset_index(drop=True)


def top_rows(matrix: sp.spmatrix, n: int | None, order_key: np.ndarray) -> tuple[np.ndarray, ...]:
    """The ``n`` largest positive entries of each row of a sparse matrix.

    Returns ``(row, col, value, rank)`` arrays sorted by row, then value
    descending, then ``order_key[col]`` ascending (ranks from 1). ``n=None``
    keeps every positive entry. Used by every top-terms table of the suite's
    TF-IDF and topic modules so ties break the same way everywhere.
    """
    coo = sp.coo_matrix(matrix)
    pos = coo.data > 0
    row, col, val = coo.row[pos], coo.col[pos], coo.data[pos]
    order = np.lexsort((order_key[col], -val, row))
    row, col, val = row[order], col[order], val[order]
    rank = np.arange(len(row)) - np.searchsorted(row, row, side="left") + 1
    if n is not None:
        keep = rank <= n
        row, col, val, rank = row[keep], col[keep], val[keep], rank[keep]
    return row, col, val, rank


def term_order(vocabulary: np.ndarray) -> np.ndarray:
    """Position of each term in alphabetical order (the tie-break key of ``top_rows``)."""
    key = np.empty(len(vocabulary), dtype=np.int64)
    key[np.argsort(np.asarray(vocabulary, dtype=str), kind="stable")] = np.arange(len(vocabulary))
    return key


def top_terms(result: TfidfResult, n: int | None = 10) -> pd.DataFrame:
    """The ``n`` highest-weighted terms of every unit: unit keys, term, weight, rank.

    Sorted by unit (in matrix order), then weight descending, ties by term
    alphabetically; ``rank`` counts from 1. Only terms present in a unit
    (weight > 0) are listed, so a short unit may have fewer than ``n`` rows;
    ``n=None`` lists them all.
    """
    check_result(result)
    check_n(n)
    row, col, val, rank = top_rows(result.matrix, n, term_order(result.vocabulary))
    out = result.units.loc[row, result.keys].reset_index(drop=True)
    out["term"] = pd.array(result.vocabulary[col], dtype="str")
    out["weight"] = val
    out["rank"] = rank.astype(np.int64)
    return out


def select(result: TfidfResult, doc_ids: Sequence[str]) -> TfidfResult:
    """The rows of ``result`` that belong to ``doc_ids`` (matrix order kept).

    Weights are not recomputed: the idf stays that of the whole corpus, so a
    selection is a view of the same TF-IDF space.
    """
    check_result(result)
    wanted = pd.Index(pd.Series(list(doc_ids), dtype="str")).unique()
    if wanted.empty:
        raise ValueError("doc_ids is empty; nothing to select")
    ids = result.units["doc_id"].astype(str)
    unknown = wanted.difference(pd.Index(ids.unique()))
    if len(unknown):
        raise ValueError(
            f"unknown doc_id {sorted(unknown)[:10]}: not among the units of the result"
        )
    rows = np.flatnonzero(ids.isin(wanted).to_numpy())
    return TfidfResult(
        matrix=sp.csr_matrix(result.matrix[rows]),
        units=result.units.iloc[rows].reset_index(drop=True),
        vocabulary=result.vocabulary,
        idf=result.idf,
        params=dict(result.params),
    )
