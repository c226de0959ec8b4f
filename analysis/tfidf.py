"""TF-IDF of a corpus's units: distinctive terms, similarity, clustering, class TF-IDF.

The matrix is scikit-learn's ``TfidfVectorizer`` fed with the suite tokenizer
(``analysis.tokenize.tokenize``) through ``TokenAnalyzer``, at the level of
documents, paragraphs or sentences (``analysis.units.units``). With the
defaults (``smooth_idf=True``, ``norm="l2"``) a term ``t`` in unit ``u`` gets

    tf(t, u) * idf(t),    idf(t) = ln((1 + n) / (1 + df(t))) + 1

where ``tf`` is the raw count (``1 + ln(count)`` when ``sublinear_tf``), ``n``
the number of units and ``df(t)`` the number of units containing ``t``; each
row is then divided by its Euclidean (l2) norm. The matrix stays sparse:
nothing here densifies a units x vocabulary matrix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.cluster.hierarchy import linkage
from scipy.spatial.distance import squareform
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize

from analysis.errors import CorpusError
from analysis.segment import BODY
from analysis.tokenize import tokenize
from analysis.units import UNITS, units

UNIT_KEYS: dict[str, tuple[str, ...]] = {
    "document": ("doc_id",),
    "paragraph": ("doc_id", "paragraph_id"),
    "sentence": ("doc_id", "paragraph_id", "sentence_id"),
}
TREE_COLUMNS: tuple[str, ...] = (
    "step",
    "left",
    "right",
    "left_label",
    "right_label",
    "distance",
    "size",
)


@dataclass(frozen=True)
class TokenAnalyzer:
    """``tokenize`` plus word n-grams, as a picklable scikit-learn ``analyzer``.

    N-grams are built from ``tokenize``'s output, so with ``drop_stopwords``
    they join the words left around a removed stop word (as scikit-learn's
    own ``stop_words`` + ``ngram_range`` do), and they run across sentence
    boundaries inside one unit. The words of an n-gram are joined by a space.
    """

    ngram_range: tuple[int, int] = (1, 1)
    drop_stopwords: bool = True
    keep_numbers: bool = True
    fold: bool = False

    def __post_init__(self) -> None:
        _check_ngram_range(self.ngram_range)

    def __call__(self, text: str) -> list[str]:
        toks = tokenize(
            text,
            drop_stopwords=self.drop_stopwords,
            keep_numbers=self.keep_numbers,
            fold=self.fold,
        )
        lo, hi = self.ngram_range
        if hi == 1:
            return toks
        grams = list(toks) if lo == 1 else []
        for n in range(max(lo, 2), hi + 1):
            grams.extend(" ".join(toks[i : i + n]) for i in range(len(toks) - n + 1))
        return grams


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
        Every parameter ``tfidf`` was called with (and the unit keys).
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


def _check_ngram_range(ngram_range: Sequence[int]) -> tuple[int, int]:
    try:
        lo, hi = (int(x) for x in ngram_range)
    except (TypeError, ValueError):
        raise ValueError(
            f"ngram_range must be a pair of integers (min_n, max_n), not {ngram_range!r}"
        ) from None
    if not 1 <= lo <= hi:
        raise ValueError(f"ngram_range must satisfy 1 <= min_n <= max_n, got {ngram_range!r}")
    return lo, hi


def _check_unit(unit: str) -> None:
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {list(UNITS)}, not {unit!r}")


def _check_result(result: TfidfResult) -> None:
    if not isinstance(result, TfidfResult):
        raise TypeError(f"expected a TfidfResult from tfidf(), not {type(result).__name__}")


def tfidf(
    corpus: pd.DataFrame,
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
    (``norm``). A unit with no kept token is a row of zeros.

    Parameters
    ----------
    corpus : DataFrame
        From ``load_corpus`` (any frame with ``doc_id`` and ``text``).
    unit : {"document", "paragraph", "sentence"}, default "document"
        What a row is (see ``analysis.units.units``).
    kinds : sequence of str or None, default ``("body",)``
        Paragraph kinds counted; ``None`` keeps the whole text.
    min_df, max_df : int or float, default 1 and 1.0
        Keep terms in at least ``min_df`` and at most ``max_df`` units
        (a float is a share of units), as in scikit-learn.
    ngram_range : (int, int), default (1, 1)
        Word n-gram lengths, built from the tokenizer's output (``TokenAnalyzer``).
    sublinear_tf : bool, default False
        Use ``1 + ln(tf)``.
    max_features : int, optional
        Keep only the most frequent terms (ties as in scikit-learn).
    drop_stopwords, keep_numbers, fold : bool, default True, True, False
        Passed to ``tokenize`` (``STOP_WORDS``; numbers such as years kept).
    smooth_idf : bool, default True
        Add one to document frequencies, as if an extra unit held every term.
    norm : {"l2", "l1"} or None, default "l2"
        Row normalisation.

    Returns
    -------
    TfidfResult
    """
    _check_unit(unit)
    ngram_range = _check_ngram_range(ngram_range)
    table = units(corpus, unit, kinds=kinds)
    if table.empty:
        raise CorpusError(f"no {unit} units of kinds {kinds} in the corpus")
    analyzer = TokenAnalyzer(
        ngram_range=ngram_range, drop_stopwords=drop_stopwords, keep_numbers=keep_numbers, fold=fold
    )
    vectorizer = TfidfVectorizer(
        analyzer=analyzer,
        min_df=min_df,
        max_df=max_df,
        max_features=max_features,
        sublinear_tf=sublinear_tf,
        smooth_idf=smooth_idf,
        norm=norm,
        dtype=np.float64,
    )
    try:
        matrix = vectorizer.fit_transform(table["text"])
    except ValueError as exc:  # empty vocabulary, nothing left after min_df/max_df...
        raise ValueError(
            f"tfidf(unit={unit!r}, min_df={min_df!r}, max_df={max_df!r}) on "
            f"{len(table)} units: {exc}"
        ) from exc
    keep = [c for c in (*UNIT_KEYS[unit], "kind", "start", "end") if c in table.columns]
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
        matrix=sp.csr_matrix(matrix),
        units=table[keep].reset_index(drop=True),
        vocabulary=np.asarray(vectorizer.get_feature_names_out(), dtype=object),
        idf=np.asarray(vectorizer.idf_, dtype=np.float64),
        params=params,
    )


def matrix_summary(result: TfidfResult) -> pd.DataFrame:
    """The matrix in numbers: columns statistic, value.

    ``density`` is nonzeros / (units x terms) and ``sparsity`` is one minus it;
    ``terms_per_unit`` is the mean number of distinct terms per unit;
    ``empty_units`` counts units without any kept term.
    """
    _check_result(result)
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
    _check_result(result)
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


def _check_n(n: int | None, name: str = "n") -> None:
    if n is not None and (not isinstance(n, int | np.integer) or isinstance(n, bool) or n < 1):
        raise ValueError(f"{name} must be a positive integer or None, not {n!r}")


def top_terms(result: TfidfResult, n: int = 10) -> pd.DataFrame:
    """The ``n`` highest-weighted terms of every unit: unit keys, term, weight, rank.

    Sorted by unit (in matrix order), then weight descending, ties by term
    alphabetically; ``rank`` counts from 1. Only terms present in a unit
    (weight > 0) are listed, so a short unit may have fewer than ``n`` rows.
    """
    _check_result(result)
    _check_n(n)
    row, col, val, rank = top_rows(result.matrix, n, term_order(result.vocabulary))
    out = result.units.loc[row, result.keys].reset_index(drop=True)
    out["term"] = pd.array(result.vocabulary[col], dtype="str")
    out["weight"] = val
    out["rank"] = rank.astype(np.int64)
    return out


def similarity(result: TfidfResult, *, max_units: int = 2000) -> pd.DataFrame:
    """Cosine similarity of every pair of units: a square DataFrame labelled by unit.

    ``cos(u, v) = u . v / (|u| |v|)`` on the TF-IDF rows, computed as a sparse
    product; a unit without terms has similarity 0 with everything, itself
    included. Values are clipped to [0, 1] (TF-IDF weights are non-negative).
    Index and columns are ``doc_id`` at the document level, ``unit_labels``
    otherwise.

    Parameters
    ----------
    max_units : int, default 2000
        The result is dense (units x units); refuse larger inputs rather than
        exhaust memory. Select documents first, or raise the limit knowingly.
    """
    _check_result(result)
    n = result.matrix.shape[0]
    if n > max_units:
        raise ValueError(
            f"similarity of {n} units would be a dense {n} x {n} table; select fewer "
            f"units or raise max_units (now {max_units})"
        )
    rows = normalize(result.matrix, norm="l2", axis=1)
    sim = np.clip((rows @ rows.T).toarray(), 0.0, 1.0)
    labels = pd.Index(unit_labels(result).to_numpy(), dtype="str")
    name = "doc_id" if result.params["unit"] == "document" else "unit"
    return pd.DataFrame(sim, index=labels.rename(name), columns=labels.rename(name))


def select(result: TfidfResult, doc_ids: Sequence[str]) -> TfidfResult:
    """The rows of ``result`` that belong to ``doc_ids`` (matrix order kept).

    Weights are not recomputed: the idf stays that of the whole corpus, so a
    selection is a view of the same TF-IDF space.
    """
    _check_result(result)
    wanted = pd.Index(pd.Series(list(doc_ids), dtype="str")).unique()
    if wanted.empty:
        raise ValueError("doc_ids is empty; nothing to select")
    known = pd.Index(result.units["doc_id"].astype(str).unique())
    unknown = wanted.difference(known)
    if len(unknown):
        raise ValueError(
            f"unknown doc_id {sorted(unknown)[:10]}: not among the units of the result"
        )
    rows = np.flatnonzero(result.units["doc_id"].astype(str).isin(wanted).to_numpy())
    return TfidfResult(
        matrix=sp.csr_matrix(result.matrix[rows]),
        units=result.units.iloc[rows].reset_index(drop=True),
        vocabulary=result.vocabulary,
        idf=result.idf,
        params=dict(result.params),
    )


def most_similar_pairs(sim: pd.DataFrame, *, n: int | None = 10) -> pd.DataFrame:
    """The most similar pairs of distinct units in a ``similarity`` table.

    Columns ``unit_a, unit_b, similarity`` (each pair once, ``unit_a`` first in
    the table's order), sorted by similarity descending, ties by the labels.
    """
    _check_n(n)
    if sim.shape[0] != sim.shape[1]:
        raise ValueError("sim must be a square similarity table")
    i, j = np.triu_indices(sim.shape[0], k=1)
    labels = np.asarray(sim.index.astype(str), dtype=object)
    pairs = pd.DataFrame(
        {
            "unit_a": pd.array(labels[i], dtype="str"),
            "unit_b": pd.array(labels[j], dtype="str"),
            "similarity": sim.to_numpy(dtype=np.float64)[i, j],
        }
    )
    pairs = pairs.sort_values(
        ["similarity", "unit_a", "unit_b"], ascending=[False, True, True], kind="stable"
    )
    return (pairs if n is None else pairs.head(n)).reset_index(drop=True)


def cluster_tree(sim: pd.DataFrame, *, method: str = "average") -> pd.DataFrame:
    """Hierarchical clustering of units on cosine distance ``1 - similarity``.

    Agglomerative clustering with scipy (``method="average"``: UPGMA, the
    distance between two clusters is the mean distance between their members).
    One row per merge, as scipy's linkage matrix: ``step`` (from 1), ``left``
    and ``right`` (cluster ids: ``0..n-1`` are the units in ``sim`` order,
    ``n + i`` the cluster made at step ``i + 1``), their labels (a unit's label,
    or ``cluster <id>``), the merge ``distance`` and the new cluster's ``size``.

    Parameters
    ----------
    sim : DataFrame
        Square similarity table from ``similarity``.
    method : str, default "average"
        Any scipy linkage method valid for a precomputed distance
        (``single``, ``complete``, ``average``, ``weighted``).
    """
    if sim.shape[0] != sim.shape[1] or not sim.index.equals(sim.columns):
        raise ValueError("sim must be a square table with the same labels on both axes")
    n = sim.shape[0]
    if n < 2:
        raise ValueError(f"clustering needs at least 2 units, got {n}")
    if method not in {"single", "complete", "average", "weighted"}:
        raise ValueError(
            f"method must be 'single', 'complete', 'average' or 'weighted', not {method!r}"
        )
    dist = 1.0 - sim.to_numpy(dtype=np.float64)
    dist = np.clip((dist + dist.T) / 2.0, 0.0, 1.0)
    np.fill_diagonal(dist, 0.0)
    z = linkage(squareform(dist, checks=False), method=method)
    labels = np.asarray(sim.index.astype(str), dtype=object)
    ids = z[:, :2].astype(np.int64)
    names = np.concatenate([labels, np.array([f"cluster {n + i}" for i in range(n - 1)])])
    return pd.DataFrame(
        {
            "step": np.arange(1, n, dtype=np.int64),
            "left": ids[:, 0],
            "right": ids[:, 1],
            "left_label": pd.array(names[ids[:, 0]], dtype="str"),
            "right_label": pd.array(names[ids[:, 1]], dtype="str"),
            "distance": z[:, 2],
            "size": z[:, 3].astype(np.int64),
        },
        columns=list(TREE_COLUMNS),
    )


def unit_map(result: TfidfResult, *, random_state: int = 0) -> pd.DataFrame:
    """Two-dimensional map of the units: TruncatedSVD (LSA) of the TF-IDF matrix.

    ``TruncatedSVD(n_components=2, random_state=random_state)`` works on the
    sparse matrix directly, without centring (as latent semantic analysis
    does), so the first axis mostly tracks the terms shared by many units.
    Returns the unit keys, ``label``, ``x`` and ``y``.
    ``attrs["share_of_sum_of_squares"]`` holds what each axis captures of the
    matrix, ``sigma_i^2 / ||X||_F^2`` (PCA's "explained variance" would assume
    centred data).
    """
    _check_result(result)
    n, v = result.matrix.shape
    if n < 2 or v < 3:
        raise ValueError(f"a 2-D map needs at least 2 units and 3 terms, got {n} and {v}")
    svd = TruncatedSVD(n_components=2, random_state=random_state)
    coords = svd.fit_transform(result.matrix)
    out = result.units[result.keys].copy()
    out["label"] = unit_labels(result).to_numpy()
    out["x"] = coords[:, 0]
    out["y"] = coords[:, 1]
    total = float(result.matrix.multiply(result.matrix).sum())
    out.attrs["share_of_sum_of_squares"] = [
        float(x) for x in svd.singular_values_**2 / (total if total > 0 else 1.0)
    ]
    return out


def _class_values(corpus: pd.DataFrame, by: str | pd.Series) -> pd.Series:
    if isinstance(by, str):
        if (
            by == "year"
            and "year" not in corpus.columns
            and "date" in corpus.columns
            and pd.api.types.is_datetime64_any_dtype(corpus["date"])
        ):
            return _no_missing(corpus, corpus["date"].dt.year.astype("Int64").rename("year"))
        if by not in corpus.columns:
            raise CorpusError(
                f"class column {by!r} is not in the corpus; columns are {list(corpus.columns)}"
            )
        values = corpus[by]
    elif isinstance(by, pd.Series):
        if len(by) != len(corpus):
            raise ValueError(f"by has {len(by)} values but the corpus has {len(corpus)} documents")
        values = by.rename(by.name if by.name is not None else "class")
    else:
        raise TypeError(f"by must be a column name or a Series, not {type(by).__name__}")
    return _no_missing(corpus, values)


def _no_missing(corpus: pd.DataFrame, values: pd.Series) -> pd.Series:
    missing = values.isna().to_numpy()
    if missing.any():
        ids = corpus["doc_id"].to_numpy()[missing]
        shown = ", ".join(map(str, ids[:10])) + (" ..." if len(ids) > 10 else "")
        raise CorpusError(
            f"{len(ids)} documents have no {values.name!r} value ({shown}); drop or fill them first"
        )
    return values


def class_tfidf(
    corpus: pd.DataFrame,
    by: str | pd.Series,
    *,
    n: int | None = 10,
    kinds: Sequence[str] | None = BODY,
    ngram_range: tuple[int, int] = (1, 1),
    drop_stopwords: bool = True,
    keep_numbers: bool = True,
    fold: bool = False,
) -> pd.DataFrame:
    """Class-based TF-IDF (c-TF-IDF, Grootendorst 2022, as in BERTopic).

    The documents of each class are merged into one. For term ``t`` in class
    ``c``::

        tf(t, c)  = count(t, c) / sum_t' count(t', c)     (L1-normalised per class)
        idf(t)    = ln(1 + A / f(t))
        weight    = tf(t, c) * idf(t)

    where ``f(t)`` is the count of ``t`` over all classes and ``A`` the average
    number of tokens per class (total tokens / number of classes). BERTopic
    truncates ``A`` to an integer; here it is the exact mean.

    Parameters
    ----------
    corpus : DataFrame
        From ``load_corpus``.
    by : str or Series
        A column of ``corpus`` (``doc_id``, ``outlet``...), or a Series aligned
        with it. ``"year"`` without a ``year`` column means the year of the
        ``date`` column. Missing values are an error.
    n : int or None, default 10
        Top terms kept per class; ``None`` keeps every term present.
    kinds, ngram_range, drop_stopwords, keep_numbers, fold
        As in ``tfidf``.

    Returns
    -------
    DataFrame
        ``<by>, term, count, weight, rank``: sorted by class value, then weight
        descending, ties by term; ``rank`` counts from 1.
    """
    _check_n(n)
    values = _class_values(corpus, by)
    name = str(values.name)
    codes, classes = pd.factorize(values, sort=True)
    table = units(corpus, "document", kinds=kinds)
    analyzer = TokenAnalyzer(
        ngram_range=_check_ngram_range(ngram_range),
        drop_stopwords=drop_stopwords,
        keep_numbers=keep_numbers,
        fold=fold,
    )
    try:
        counts = CountVectorizer(analyzer=analyzer).fit(table["text"])
    except ValueError as exc:
        raise CorpusError(f"class_tfidf: no term left to count ({exc})") from exc
    doc_term = counts.transform(table["text"]).astype(np.float64)
    membership = sp.csr_matrix(
        (np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(len(classes), len(codes))
    )
    class_term = sp.csr_matrix(membership @ doc_term)
    f = np.asarray(class_term.sum(axis=0)).ravel()
    avg = class_term.sum() / len(classes)
    idf = np.log1p(avg / f)
    weights = sp.csr_matrix(normalize(class_term, norm="l1", axis=1) @ sp.diags(idf))
    vocabulary = np.asarray(counts.get_feature_names_out(), dtype=object)
    row, col, val, rank = top_rows(weights, n, term_order(vocabulary))
    out = pd.DataFrame({name: classes.take(row)})
    out["term"] = pd.array(vocabulary[col], dtype="str")
    out["count"] = np.asarray(class_term[row, col]).ravel().astype(np.int64)
    out["weight"] = val
    out["rank"] = rank.astype(np.int64)
    return out
