"""Which units are alike: cosine similarity, most similar pairs, clustering, a 2-D map.

All four read a ``TfidfResult`` (``analysis.tfidf.tfidf``) or the square
similarity table made from it. Cosine similarity of two TF-IDF rows is
``u . v / (|u| |v|)``; the clustering works on the cosine distance
``1 - similarity``; the map is a truncated SVD (latent semantic analysis) of
the sparse matrix.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.tfidf import TfidfResult, check_n, check_result, unit_labels
from analysis.validation import check_int, check_option

TREE_COLUMNS: tuple[str, ...] = (
    "step",
    "left",
    "right",
    "left_label",
    "right_label",
    "distance",
    "size",
)
LINKAGES: tuple[str, ...] = ("single", "complete", "average", "weighted")


def similarity(result: TfidfResult, *, max_units: int = 2000) -> pd.DataFrame:
    """Cosine similarity of every pair of units: a square DataFrame labelled by unit.

    ``cos(u, v) = u . v / (|u| |v|)`` on the TF-IDF rows, computed as a sparse
    product; a unit without terms has similarity 0 with everything, itself
    included. Values are clipped to [0, 1] (TF-IDF weights are non-negative).
    Index and columns are ``doc_id`` at the document level, ``unit_labels``
    otherwise.

    Parameters
    ----------
    result : TfidfResult
        From ``tfidf`` (``analysis.tfidf.select`` narrows it to some documents).
    max_units : int, default 2000
        A safety cap, not a top-N: the result is dense (units x units), so
        larger inputs are refused rather than exhausting memory (2,000 units
        make a 32 MB table). Select documents first, or raise it knowingly.
    """
    from sklearn.preprocessing import normalize

    check_result(result)
    check_int("max_units", max_units, low=1)
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


def _check_square(sim: object) -> pd.DataFrame:
    if not isinstance(sim, pd.DataFrame):
        raise TypeError(f"sim must be a similarity table from similarity(), not {sim!r}")
    if sim.shape[0] != sim.shape[1] or not sim.index.equals(sim.columns):
        raise ValueError("sim must be a square table with the same labels on both axes")
    return sim


def most_similar_pairs(sim: pd.DataFrame, *, n: int | None = 10) -> pd.DataFrame:
    """The ``n`` most similar pairs of distinct units in a ``similarity`` table.

    Columns ``unit_a, unit_b, similarity`` (each pair once, ``unit_a`` first in
    the table's order), sorted by similarity descending, ties by the labels;
    ``n=None`` lists every pair.
    """
    check_n(n)
    _check_square(sim)
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
    method : {"single", "complete", "average", "weighted"}, default "average"
        A scipy linkage method valid for a precomputed distance.
    """
    from scipy.cluster.hierarchy import linkage
    from scipy.spatial.distance import squareform

    _check_square(sim)
    n = sim.shape[0]
    if n < 2:
        raise ValueError(f"clustering needs at least 2 units, got {n}")
    check_option("method", method, LINKAGES)
    dist = 1.0 - sim.to_numpy(dtype=np.float64)
    dist = np.clip((dist + dist.T) / 2.0, 0.0, 1.0)
    np.fill_diagonal(dist, 0.0)
    z = linkage(squareform(dist, checks=False), method=method)
    labels = np.asarray(sim.index.astype(str), dtype=object)
    ids = z[:, :2].astype(np.int64)
    clusters = (pd.Series(np.arange(n, 2 * n - 1)).astype(str)).radd("cluster ").to_numpy()
    names = np.concatenate([labels, clusters.astype(object)])
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
    from sklearn.decomposition import TruncatedSVD

    check_result(result)
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
