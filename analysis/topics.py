"""Topics as a non-negative factorisation (NMF) of a TF-IDF matrix, and their stability.

``nmf_topics`` factorises the units x terms TF-IDF matrix ``X ~ W H`` with
scikit-learn's NMF (Frobenius loss, ``init="nndsvda"``, fixed
``random_state``): a row of ``H`` (k x terms) is a topic's term weights, a
row of ``W`` (units x k) a unit's topic weights. Topics are numbered from 1 in
order of their total weight in ``W`` (topic 1 carries the most).

Whether a topic is real or an accident of initialisation is measured by
refitting from random starting points (``init="random"``, one fit per seed)
and matching topics by their top terms (Greene, O'Callaghan & Cunningham
2014, "How many topics? Stability analysis for topic models").
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning

from analysis.tfidf import (
    TfidfResult,
    _check_result,
    _class_values,
    label_units,
    term_order,
    top_rows,
)
from analysis.units import units

TOPIC_TERM_COLUMNS: tuple[str, ...] = ("topic", "term", "weight", "rank")


@dataclass(frozen=True, eq=False)
class NmfTopics:
    """Result of ``nmf_topics``.

    Attributes
    ----------
    terms : DataFrame
        ``topic, term, weight, rank``: the top terms of each topic (rows of
        ``H``), sorted by topic, then weight descending, ties by term.
    weights : DataFrame
        Unit keys, ``topic`` and ``weight`` (``W``): one row per unit and topic,
        in matrix order, then topic.
    components : ndarray
        ``H``, k x terms (topic order as in ``terms``).
    units : DataFrame
        The unit table of the TF-IDF result (keys, and offsets below documents).
    params : dict
        Parameters of the fit and of the TF-IDF matrix, ``n_iter`` and
        ``reconstruction_error`` (Frobenius norm of ``X - W H``).
    """

    terms: pd.DataFrame
    weights: pd.DataFrame
    components: np.ndarray
    units: pd.DataFrame
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def k(self) -> int:
        """Number of topics."""
        return int(self.components.shape[0])

    def __repr__(self) -> str:
        return (
            f"NmfTopics(k={self.k}, unit={self.params['unit']!r}, "
            f"units={len(self.units)}, terms={self.components.shape[1]})"
        )


def _check_k(result: TfidfResult, k: int) -> None:
    if not isinstance(k, int | np.integer) or isinstance(k, bool) or k < 1:
        raise ValueError(f"k must be a positive integer, not {k!r}")
    n, v = result.matrix.shape
    unit = result.params["unit"]
    if k > n:
        raise ValueError(f"k={k} is larger than the number of units ({n} {unit}s)")
    if k > v:
        raise ValueError(f"k={k} is larger than the vocabulary ({v} terms)")


def _fit(
    matrix: sp.csr_matrix, k: int, *, init: str, random_state: int, max_iter: int, tol: float
) -> tuple[np.ndarray, np.ndarray, NMF]:
    model = NMF(n_components=k, init=init, random_state=random_state, max_iter=max_iter, tol=tol)
    with warnings.catch_warnings():
        # Not reaching tol is reported in params["converged"] instead of a warning.
        warnings.simplefilter("ignore", ConvergenceWarning)
        w = model.fit_transform(matrix)
    h = model.components_
    order = np.lexsort((np.arange(k), -w.sum(axis=0)))
    return w[:, order], h[order], model


def _terms_table(h: np.ndarray, vocabulary: np.ndarray, n_terms: int | None) -> pd.DataFrame:
    row, col, val, rank = top_rows(sp.csr_matrix(h), n_terms, term_order(vocabulary))
    return pd.DataFrame(
        {
            "topic": (row + 1).astype(np.int64),
            "term": pd.array(vocabulary[col], dtype="str"),
            "weight": val,
            "rank": rank.astype(np.int64),
        },
        columns=list(TOPIC_TERM_COLUMNS),
    )


def nmf_topics(
    result: TfidfResult,
    k: int,
    *,
    random_state: int = 0,
    n_terms: int = 10,
    init: str = "nndsvda",
    max_iter: int = 1000,
    tol: float = 1e-4,
) -> NmfTopics:
    """NMF topics of a TF-IDF matrix: topic terms and unit-topic weights.

    Fits ``X ~ W H`` minimising the Frobenius norm ``||X - W H||`` (no
    regularisation), with scikit-learn's coordinate-descent solver.

    Parameters
    ----------
    result : TfidfResult
        From ``tfidf``; NMF runs on its sparse matrix (never densified).
    k : int
        Number of topics, at most the number of units and of terms.
    random_state : int, default 0
        Seed of the initialisation (the randomized SVD behind ``nndsvda``).
    n_terms : int, default 10
        Top terms listed per topic in ``terms``.
    init : str, default "nndsvda"
        NMF initialisation: ``nndsvd`` (zeros stay zeros), ``nndsvda`` (zeros
        filled with the mean of X; better when the matrix is sparse) or
        ``random``.
    max_iter, tol : int and float, default 1000 and 1e-4
        Solver limits; ``params["converged"]`` is False when ``max_iter`` was
        reached.

    Returns
    -------
    NmfTopics
    """
    _check_result(result)
    _check_k(result, k)
    if n_terms < 1:
        raise ValueError(f"n_terms must be a positive integer, not {n_terms!r}")
    w, h, model = _fit(
        result.matrix, k, init=init, random_state=random_state, max_iter=max_iter, tol=tol
    )
    keys = result.keys
    base = result.units[keys]
    weights = base.loc[base.index.repeat(k)].reset_index(drop=True)
    weights["topic"] = np.tile(np.arange(1, k + 1, dtype=np.int64), len(base))
    weights["weight"] = w.ravel()
    params = dict(result.params) | {
        "k": k,
        "random_state": random_state,
        "n_terms": n_terms,
        "init": init,
        "max_iter": max_iter,
        "tol": tol,
        "n_iter": int(model.n_iter_),
        "converged": int(model.n_iter_) < max_iter,
        "reconstruction_error": float(model.reconstruction_err_),
    }
    return NmfTopics(
        terms=_terms_table(h, result.vocabulary, n_terms),
        weights=weights,
        components=h,
        units=result.units,
        params=params,
    )


def topic_labels(topics: NmfTopics, *, n: int = 3) -> pd.Series:
    """A short name per topic: ``"1: syria, russian, forces"`` (its ``n`` top terms)."""
    top = topics.terms[topics.terms["rank"] <= n]
    joined = top.groupby("topic", sort=True)["term"].agg(", ".join)
    labels = pd.Series(
        [f"{t}: {joined.get(t, '')}" for t in range(1, topics.k + 1)],
        index=pd.RangeIndex(1, topics.k + 1, name="topic"),
        name="label",
    )
    return labels


def document_topics(topics: NmfTopics) -> pd.DataFrame:
    """Topic shares per document: doc_id, topic, weight.

    The unit weights ``W`` of a document's units are summed per topic and
    divided by the document's total, so each document's shares add up to 1
    (a document whose units have no topic weight gets 0 everywhere). Sorted by
    doc_id (first-seen order of the matrix), then topic.
    """
    w = topics.weights
    summed = w.groupby(["doc_id", "topic"], sort=False)["weight"].sum().reset_index()
    total = summed.groupby("doc_id", sort=False)["weight"].transform("sum")
    summed["weight"] = np.where(total > 0, summed["weight"] / total.where(total > 0, 1.0), 0.0)
    return summed[["doc_id", "topic", "weight"]]


def class_topics(topics: NmfTopics, corpus: pd.DataFrame, by: str | pd.Series) -> pd.DataFrame:
    """Mean topic shares per class of documents: ``<by>, topic, weight, n_documents``.

    Each document's shares come from ``document_topics`` (they sum to 1); a
    class's weight for a topic is the unweighted mean over its documents, so
    long and short articles count alike. ``by`` is as in
    ``analysis.tfidf.class_tfidf`` (a column, ``"year"``, or an aligned
    Series). Sorted by class value, then topic.
    """
    values = _class_values(corpus, by)
    name = str(values.name)
    mapping = pd.DataFrame({"doc_id": corpus["doc_id"].to_numpy(), name: values.to_numpy()})
    shares = document_topics(topics)
    unknown = set(shares["doc_id"]) - set(mapping["doc_id"])
    if unknown:
        raise ValueError(
            f"the corpus lacks documents of the topic model: {sorted(map(str, unknown))[:10]}"
        )
    merged = shares.merge(mapping, on="doc_id", how="left", validate="many_to_one")
    out = (
        merged.groupby([name, "topic"], sort=True)
        .agg(weight=("weight", "mean"), n_documents=("doc_id", "nunique"))
        .reset_index()
    )
    return out.astype({"n_documents": "int64"})


def topic_examples(topics: NmfTopics, corpus: pd.DataFrame, *, n: int = 1) -> pd.DataFrame:
    """The ``n`` units that weigh most on each topic, with their text.

    Columns: topic, rank, unit keys, ``label``, weight, text. Sorted by topic,
    then weight descending, ties by matrix order. ``text`` is the unit as the
    TF-IDF matrix saw it (``analysis.units.units`` with the same ``kinds``), so
    it can be quoted as evidence. Units with zero weight are never examples.
    """
    if not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n must be a positive integer, not {n!r}")
    keys = list(_keys(topics))
    w = topics.weights.copy()
    w["_row"] = np.repeat(np.arange(len(topics.units)), topics.k)
    w = w[w["weight"] > 0].sort_values(
        ["topic", "weight", "_row"], ascending=[True, False, True], kind="stable"
    )
    w["rank"] = w.groupby("topic").cumcount().astype(np.int64) + 1
    w = w[w["rank"] <= n]
    texts = units(corpus, topics.params["unit"], kinds=topics.params["kinds"])
    missing = set(w["doc_id"]) - set(texts["doc_id"])
    if missing:
        raise ValueError(
            f"the corpus lacks documents of the topic model: {sorted(map(str, missing))[:10]}"
        )
    out = w.merge(texts[[*keys, "text"]], on=keys, how="left", validate="many_to_one")
    out["label"] = label_units(out, keys)
    return out[["topic", "rank", *keys, "label", "weight", "text"]].reset_index(drop=True)


def _keys(topics: NmfTopics) -> list[str]:
    return [c for c in ("doc_id", "paragraph_id", "sentence_id") if c in topics.weights.columns]


def match_topics(reference: pd.DataFrame, other: pd.DataFrame) -> pd.DataFrame:
    """One-to-one matching of two topic sets by the Jaccard index of their terms.

    ``J(a, b) = |terms(a) & terms(b)| / |terms(a) | terms(b)|`` over the terms
    listed in each table (``topic, term`` columns, e.g. ``NmfTopics.terms``).
    The pairing that maximises the total Jaccard index is found with the
    Hungarian algorithm (``scipy.optimize.linear_sum_assignment``); a reference
    topic left without partner (``other`` has fewer topics) gets Jaccard 0.

    Returns
    -------
    DataFrame
        ``topic, matched_topic, jaccard`` per reference topic, sorted by topic;
        ``matched_topic`` is -1 when unmatched.
    """
    for name, table in (("reference", reference), ("other", other)):
        missing = {"topic", "term"} - set(table.columns)
        if missing:
            raise ValueError(f"{name} needs columns topic and term; missing {sorted(missing)}")
    terms = pd.Index(sorted(set(reference["term"]) | set(other["term"])))
    ref_ids = np.sort(reference["topic"].unique())
    oth_ids = np.sort(other["topic"].unique())

    def indicator(table: pd.DataFrame, ids: np.ndarray) -> sp.csr_matrix:
        pairs = table[["topic", "term"]].drop_duplicates()
        rows = np.searchsorted(ids, pairs["topic"].to_numpy())
        cols = terms.get_indexer(pairs["term"])
        return sp.csr_matrix((np.ones(len(pairs)), (rows, cols)), shape=(len(ids), len(terms)))

    a, b = indicator(reference, ref_ids), indicator(other, oth_ids)
    inter = (a @ b.T).toarray()
    size_a = np.asarray(a.sum(axis=1)).ravel()
    size_b = np.asarray(b.sum(axis=1)).ravel()
    union = size_a[:, None] + size_b[None, :] - inter
    jac = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
    rows, cols = linear_sum_assignment(jac, maximize=True)
    matched = np.full(len(ref_ids), -1, dtype=np.int64)
    score = np.zeros(len(ref_ids))
    matched[rows] = oth_ids[cols]
    score[rows] = jac[rows, cols]
    return pd.DataFrame({"topic": ref_ids, "matched_topic": matched, "jaccard": score})


def _seeds(seeds: Iterable[int]) -> list[int]:
    seeds = [int(s) for s in seeds]
    if not seeds:
        raise ValueError("seeds is empty; give at least one random seed")
    return seeds


def topic_stability(
    result: TfidfResult,
    k: int,
    seeds: Iterable[int] = range(10),
    *,
    n_terms: int = 10,
    random_state: int = 0,
    init: str = "random",
    max_iter: int = 1000,
    tol: float = 1e-4,
) -> pd.DataFrame:
    """How well each topic of ``nmf_topics(result, k)`` recurs across random restarts.

    The reference is the model ``nmf_topics(result, k, random_state=random_state,
    n_terms=n_terms)`` (the one a notebook shows). For every seed, NMF is
    refitted with ``init`` (``"random"``: a random non-negative start, so
    the seed matters) and its topics are matched one-to-one to the reference
    by ``match_topics`` on their top ``n_terms`` terms.

    Returns
    -------
    DataFrame
        ``topic, label, mean_jaccard, min_jaccard, recurrence``: per reference
        topic, the mean and minimum best-match Jaccard index over the seeds,
        and ``recurrence``, the share of seeds whose matched topic shares at
        least half of the terms (Jaccard >= 1/3 for equal-size lists). Sorted by
        topic. 1.0 means the same top terms in every restart.
    """
    _check_result(result)
    _check_k(result, k)
    table, _ = _stability(
        result,
        k,
        _seeds(seeds),
        n_terms=n_terms,
        random_state=random_state,
        init=init,
        max_iter=max_iter,
        tol=tol,
    )
    return table


def _stability(
    result: TfidfResult,
    k: int,
    seeds: list[int],
    *,
    n_terms: int,
    random_state: int,
    init: str,
    max_iter: int,
    tol: float,
) -> tuple[pd.DataFrame, NmfTopics]:
    reference = nmf_topics(
        result, k, random_state=random_state, n_terms=n_terms, max_iter=max_iter, tol=tol
    )
    order = term_order(result.vocabulary)
    scores = np.zeros((len(seeds), k))
    for i, seed in enumerate(seeds):
        _, h, _ = _fit(result.matrix, k, init=init, random_state=seed, max_iter=max_iter, tol=tol)
        row, col, _, _ = top_rows(sp.csr_matrix(h), n_terms, order)
        other = pd.DataFrame({"topic": row + 1, "term": result.vocabulary[col]})
        scores[i] = match_topics(reference.terms, other)["jaccard"].to_numpy()
    labels = topic_labels(reference)
    table = pd.DataFrame(
        {
            "topic": np.arange(1, k + 1, dtype=np.int64),
            "label": labels.to_numpy(),
            "mean_jaccard": scores.mean(axis=0),
            "min_jaccard": scores.min(axis=0),
            "recurrence": (scores >= 1 / 3 - 1e-12).mean(axis=0),
        }
    )
    return table, reference


def choose_k(
    result: TfidfResult,
    ks: Iterable[int] = range(2, 9),
    *,
    seeds: Iterable[int] = range(10),
    n_terms: int = 10,
    random_state: int = 0,
    max_iter: int = 1000,
    tol: float = 1e-4,
) -> pd.DataFrame:
    """Stability of NMF topics for each candidate k, and the k it picks.

    Criterion (Greene et al. 2014): the k whose topics recur best across
    random restarts, i.e. the highest ``stability`` = mean over topics of
    ``topic_stability(...)["mean_jaccard"]``; ties (to 1e-9) go to the smaller
    k. k = 1 is excluded because a single topic is trivially stable.

    Returns
    -------
    DataFrame
        ``k, stability, min_topic_stability, reconstruction_error, chosen``:
        sorted by k; ``min_topic_stability`` is the least stable topic's mean
        Jaccard, ``reconstruction_error`` that of the reference fit, and
        ``chosen`` marks the selected k.
    """
    _check_result(result)
    ks = sorted({int(k) for k in ks})
    if not ks:
        raise ValueError("ks is empty; give candidate numbers of topics, e.g. range(2, 9)")
    if ks[0] < 2:
        raise ValueError("every k in ks must be at least 2 (one topic is trivially stable)")
    for k in ks:
        _check_k(result, k)
    seeds = _seeds(seeds)
    rows = []
    for k in ks:
        stab, ref = _stability(
            result,
            k,
            seeds,
            n_terms=n_terms,
            random_state=random_state,
            init="random",
            max_iter=max_iter,
            tol=tol,
        )
        rows.append(
            {
                "k": k,
                "stability": float(stab["mean_jaccard"].mean()),
                "min_topic_stability": float(stab["mean_jaccard"].min()),
                "reconstruction_error": ref.params["reconstruction_error"],
            }
        )
    table = pd.DataFrame(rows)
    best = table["stability"].max()
    chosen_k = table.loc[table["stability"] >= best - 1e-9, "k"].min()
    table["chosen"] = table["k"] == chosen_k
    return table
