"""Which units are alike: cosine similarity, most similar pairs, clustering, a 2-D map.

All read a ``TfidfResult`` (``analysis.tfidf.tfidf``) or the square
similarity table made from it. Cosine similarity of two TF-IDF rows is
``u . v / (|u| |v|)``; groups of documents (``by``) are compared by the cosine
of their centroids; the clustering works on the cosine distance
``1 - similarity``; the map is a truncated SVD (latent semantic analysis) of
the sparse matrix. A large corpus is shown by groups (``by="outlet"``...) or,
without metadata, by its most central documents (``central_units``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from analysis.groups import resolve_by
from analysis.tfidf import TfidfResult, check_n, check_result, unit_labels
from analysis.tokens import Tokens
from analysis.validation import check_corpus, check_int, check_option

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
SIZE_ATTRS: tuple[str, ...] = ("n_units", "n_documents", "n_terms")  # per row of a table


def _unit_rows(matrix: sp.spmatrix) -> sp.csr_matrix:
    """The rows of ``matrix`` scaled to unit l2 norm (rows without terms stay zero)."""
    from sklearn.preprocessing import normalize

    return sp.csr_matrix(normalize(matrix, norm="l2", axis=1))


def _corpus_of(data: object) -> pd.DataFrame:
    return data.corpus if isinstance(data, Tokens) else check_corpus(data)


def unit_groups(
    result: TfidfResult, by: object, data: pd.DataFrame | Tokens | None = None
) -> tuple[str, np.ndarray, list[str]]:
    """The group of every unit of ``result``: ``(name, labels, order)``.

    ``by`` is resolved on the corpus by ``analysis.groups.resolve_by`` (a
    column, a list of columns, ``"year"``/``"month"``, or a Series aligned
    with the corpus; documents without a value form ``"(missing)"``); a unit
    belongs to its document's group. ``order`` lists the groups that have
    units, in group order. ``data`` (the corpus or its tokens layer the result
    was built from) is needed for any ``by`` other than ``"doc_id"``.
    """
    check_result(result)
    doc_ids = result.units["doc_id"].astype(str)
    if data is None:
        if not (isinstance(by, str) and by == "doc_id"):
            raise ValueError(
                f"by={by!r} needs data=, the corpus (or its tokens layer) the TF-IDF "
                "result was built from; only by='doc_id' works without it"
            )
        corpus = pd.DataFrame({"doc_id": pd.unique(doc_ids)})
    else:
        corpus = _corpus_of(data)
    groups = resolve_by(corpus, by)
    row = pd.Index(corpus["doc_id"].astype(str)).get_indexer(doc_ids)
    if (row < 0).any():
        unknown = sorted(set(doc_ids[row < 0]))[:10]
        raise ValueError(f"the corpus lacks documents of the TF-IDF result: {unknown}")
    labels = groups.labels[row]
    present = set(labels)
    return groups.name, labels, [g for g in groups.order if g in present]


def similarity(
    result: TfidfResult,
    *,
    by: object = None,
    data: pd.DataFrame | Tokens | None = None,
    max_units: int = 2000,
) -> pd.DataFrame:
    """Cosine similarity of every pair of units, or of groups: a square labelled DataFrame.

    Units (``by=None``): ``cos(u, v) = u . v / (|u| |v|)`` on the TF-IDF rows,
    computed as a sparse product; index and columns are ``doc_id`` at the
    document level, ``unit_labels`` otherwise. Groups (``by``): the cosine of
    the group centroids,

        c_g = (1 / n_g) sum_{u in g} u / |u|,    sim(g, h) = c_g . c_h / (|c_g| |c_h|),

    the mean of the l2-normalised unit vectors of each group (every unit
    counts once, long or short), so a group of one unit is that unit's vector
    and ``by="doc_id"`` on documents equals ``by=None``. Groups are labelled
    and ordered as ``analysis.groups.resolve_by`` makes them (index named
    after the grouping). A unit or group without terms has similarity 0 with
    everything, itself included; values are clipped to [0, 1].

    Parameters
    ----------
    result : TfidfResult
        From ``tfidf`` (``analysis.tfidf.select`` narrows it to some documents).
    by : str, list of str or Series, optional
        Compare groups of documents: a corpus column (``"outlet"``,
        ``"bias"``), ``"year"``/``"month"`` from ``date``, a list of columns
        or a Series aligned with the corpus.
    data : DataFrame or Tokens, optional
        The corpus (or its tokens layer) ``result`` was built from; needed
        with ``by`` other than ``"doc_id"``.
    max_units : int, default 2000
        A safety cap on the rows, not a top-N: the result is dense, so larger
        inputs are refused rather than exhausting memory (2,000 rows make a
        32 MB table). Group, select documents (``central_units``), or raise it
        knowingly.

    Returns
    -------
    DataFrame
        Square, rows and columns in unit (or group) order.
        ``attrs["n_units"]`` maps each label to its number of units,
        ``attrs["n_documents"]`` to its number of documents and
        ``attrs["n_terms"]`` to its number of distinct terms; figures use them
        to pick what they show.
    """
    check_result(result)
    check_int("max_units", max_units, low=1)
    rows = _unit_rows(result.matrix)
    doc_ids = result.units["doc_id"].astype(str).to_numpy()
    if by is None:
        labels = np.asarray(unit_labels(result).to_numpy(), dtype=object)
        name = "doc_id" if result.params["unit"] == "document" else "unit"
        order, codes = labels, np.arange(len(labels))
    else:
        name, unit_label, order = unit_groups(result, by, data)
        codes = pd.Categorical(unit_label, categories=order).codes.astype(np.int64)
    n = len(order)
    if n > max_units:
        what = "units" if by is None else f"groups of {name}"
        raise ValueError(
            f"similarity of {n} {what} would be a dense {n} x {n} table; group them (by=), "
            f"select fewer units (central_units) or raise max_units (now {max_units})"
        )
    n_units = np.bincount(codes, minlength=n)
    mean = sp.csr_matrix(
        (1.0 / n_units[codes], (codes, np.arange(len(codes)))), shape=(n, len(codes))
    )
    centroids = _unit_rows(mean @ rows)
    sim = np.clip((centroids @ centroids.T).toarray(), 0.0, 1.0)
    index = pd.Index(pd.array(order, dtype="str"), name=name)
    out = pd.DataFrame(sim, index=index, columns=index.copy())
    docs = pd.DataFrame({"code": codes, "doc": doc_ids}).drop_duplicates()
    n_docs = np.bincount(docs["code"].to_numpy(), minlength=n)
    n_terms = np.diff(centroids.indptr)
    out.attrs["n_units"] = {str(g): int(c) for g, c in zip(order, n_units, strict=True)}
    out.attrs["n_documents"] = {str(g): int(c) for g, c in zip(order, n_docs, strict=True)}
    out.attrs["n_terms"] = {str(g): int(c) for g, c in zip(order, n_terms, strict=True)}
    return out


def central_units(result: TfidfResult, n: int | None = 40) -> pd.DataFrame:
    """The ``n`` units nearest the corpus centroid: a stated subset for large corpora.

    ``similarity`` is the cosine of a unit's TF-IDF row with the centroid of
    all units, ``c = (1 / N) sum_u u / |u|``: the units that share most of
    the corpus's weighted vocabulary, its most typical texts. Use it to show
    some documents of a corpus without metadata (``select(result,
    central_units(result, 40)["doc_id"])``). Columns: unit keys, ``label``,
    ``similarity``, ``rank`` (from 1), sorted by similarity descending, ties
    by label. ``attrs["rule"]`` says how they were chosen, for a title.
    """
    check_result(result)
    check_n(n)
    rows = _unit_rows(result.matrix)
    centroid = np.asarray(rows.mean(axis=0)).ravel()
    norm = float(np.linalg.norm(centroid))
    score = rows @ (centroid / norm) if norm > 0 else np.zeros(rows.shape[0])
    out = result.units[result.keys].copy()
    out["label"] = pd.array(unit_labels(result).to_numpy(), dtype="str")
    out["similarity"] = np.clip(np.asarray(score, dtype=np.float64).ravel(), 0.0, 1.0)
    out = out.sort_values(["similarity", "label"], ascending=[False, True], kind="stable")
    out = (out if n is None else out.head(n)).reset_index(drop=True)
    out["rank"] = np.arange(1, len(out) + 1, dtype=np.int64)
    unit = result.params["unit"]
    total = result.matrix.shape[0]
    out.attrs["rule"] = (
        f"the {len(out)} of {total:,} {unit}s nearest the corpus centroid"
        if len(out) < total
        else f"all {total:,} {unit}s"
    )
    return out


def ranked(labels: list[str], sizes: list[dict[str, int]]) -> list[str]:
    """``labels`` sorted by each size dictionary in turn (descending), ties by position."""
    position = {label: i for i, label in enumerate(labels)}
    return sorted(labels, key=lambda g: (*(-int(size.get(g, 0)) for size in sizes), position[g]))


def largest_rows(sim: pd.DataFrame, n: int = 40) -> pd.DataFrame:
    """The ``n`` largest rows of a ``similarity`` table (and their columns), in table order.

    Groups (``similarity(by=...)``): the groups with the most documents, then
    units; units: those with the most distinct terms (the longest); ties by
    table order. A table without those ``attrs`` keeps its first ``n`` rows.
    ``attrs["rule"]`` states the choice, for a title (``plot_similarity`` and,
    through ``cluster_tree``, ``plot_dendrogram`` print it); a table of at
    most ``n`` rows is returned as it is.
    """
    _check_square(sim)
    check_int("n", n, low=2)
    labels = [str(x) for x in sim.index]
    total = len(labels)
    if total <= n:
        return sim
    name = sim.index.name or "unit"
    if "n_documents" not in sim.attrs:
        chosen, rule = labels[:n], f"the first {n} of {total:,} rows"
    elif name in ("doc_id", "unit"):
        what = "documents" if name == "doc_id" else "units"
        chosen = ranked(labels, [sim.attrs.get("n_terms", {})])[:n]
        rule = f"the {n} of {total:,} {what} with the most distinct terms"
    else:
        chosen = ranked(labels, [sim.attrs["n_documents"], sim.attrs.get("n_units", {})])[:n]
        rule = f"the {n} of {total:,} {name} groups with the most documents"
    chosen_set = set(chosen)
    keep = np.array([g in chosen_set for g in labels])
    out = sim.loc[keep, keep].copy()
    out.attrs = {
        key: {g: v for g, v in sim.attrs[key].items() if g in chosen_set}
        for key in SIZE_ATTRS
        if key in sim.attrs
    }
    out.attrs["rule"] = rule
    return out


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
    The row sizes of ``sim.attrs`` (``n_units``, ``n_documents``, ``n_terms``)
    and its ``rule`` (``largest_rows``) are kept in ``attrs``, for
    ``plot_dendrogram`` to name clusters and state the rule.

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
    out = pd.DataFrame(
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
    out.attrs = {key: sim.attrs[key] for key in (*SIZE_ATTRS, "rule") if key in sim.attrs}
    return out


def unit_map(
    result: TfidfResult,
    *,
    by: object = None,
    data: pd.DataFrame | Tokens | None = None,
    random_state: int = 0,
) -> pd.DataFrame:
    """Two-dimensional map of the units: TruncatedSVD (LSA) of the TF-IDF matrix.

    ``TruncatedSVD(n_components=2, random_state=random_state)`` works on the
    sparse matrix directly, without centring (as latent semantic analysis
    does), so the first axis mostly tracks the terms shared by many units.
    Returns the unit keys, the group column when ``by`` is given (resolved as
    in ``similarity``; ``data`` is the corpus or its tokens layer), ``label``,
    ``x`` and ``y``. ``attrs["share_of_sum_of_squares"]`` holds what each axis
    captures of the matrix, ``sigma_i^2 / ||X||_F^2`` (PCA's "explained
    variance" would assume centred data).
    """
    from sklearn.decomposition import TruncatedSVD

    check_result(result)
    check_int("random_state", random_state, low=0)
    n, v = result.matrix.shape
    if n < 2 or v < 3:
        raise ValueError(f"a 2-D map needs at least 2 units and 3 terms, got {n} and {v}")
    out = result.units[result.keys].copy()
    if by is not None:
        name, labels, _ = unit_groups(result, by, data)
        out[name] = pd.array(labels.astype(str), dtype="str")
    svd = TruncatedSVD(n_components=2, random_state=random_state)
    coords = svd.fit_transform(result.matrix)
    out["label"] = unit_labels(result).to_numpy()
    out["x"] = coords[:, 0]
    out["y"] = coords[:, 1]
    total = float(result.matrix.multiply(result.matrix).sum())
    out.attrs["share_of_sum_of_squares"] = [
        float(x) for x in svd.singular_values_**2 / (total if total > 0 else 1.0)
    ]
    return out
