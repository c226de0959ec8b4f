"""Are the topics real? Stability of NMF topics across random restarts, and the choice of k.

Whether a topic is real or an accident of initialisation is measured by
refitting from random starting points (``init="random"``, one fit per
restart) and matching topics one-to-one by the Jaccard index of their top
terms (Greene, O'Callaghan & Cunningham 2014, "How many topics? Stability
analysis for topic models"). Restart ``i`` (from 0) is seeded with
``random_state + i``; the reference model is ``nmf_topics(...,
random_state=random_state)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment

from analysis.progress import progress
from analysis.tfidf import TfidfResult, check_result, term_order, top_rows
from analysis.topics import (
    NmfTopics,
    check_k,
    fit_nmf,
    fit_options,
    nmf_topics,
    topic_labels,
)
from analysis.validation import check_int

STABILITY_COLUMNS: tuple[str, ...] = (
    "topic",
    "label",
    "mean_jaccard",
    "min_jaccard",
    "recurrence",
)
CHOOSE_K_COLUMNS: tuple[str, ...] = (
    "k",
    "stability",
    "min_topic_stability",
    "reconstruction_error",
    "chosen",
)


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


def _restart_scores(
    result: TfidfResult,
    ks: list[int],
    *,
    restarts: int,
    n: int,
    random_state: int,
    reference_options: dict[str, Any],
    restart_options: dict[str, Any],
    desc: str,
) -> dict[int, tuple[NmfTopics, np.ndarray, int]]:
    """For each k: the reference model, the restarts x k best-match Jaccard scores, and
    how many of its fits stopped at ``max_iter`` before reaching the tolerance."""
    order = term_order(result.vocabulary)
    jobs = [(k, i) for k in ks for i in range(-1, restarts)]
    references: dict[int, NmfTopics] = {}
    scores = {k: np.zeros((restarts, k)) for k in ks}
    unconverged = dict.fromkeys(ks, 0)
    for k, i in progress(jobs, total=len(jobs), desc=desc, unit="fit"):
        if i < 0:  # the reference model comes first for each k
            references[k] = nmf_topics(
                result, k, n=n, random_state=random_state, **reference_options
            )
            unconverged[k] += not references[k].params["converged"]
            continue
        _, h, info = fit_nmf(
            result.matrix, k, random_state=random_state + i, options=restart_options
        )
        unconverged[k] += not info["converged"]
        row, col, _, _ = top_rows(sp.csr_matrix(h), n, order)
        other = pd.DataFrame({"topic": row + 1, "term": result.vocabulary[col]})
        scores[k][i] = match_topics(references[k].terms, other)["jaccard"].to_numpy()
    return {k: (references[k], scores[k], unconverged[k]) for k in ks}


def _options(
    method: str, solver: str | None, init: str, max_iter: int, tol: float, batch_size: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Options of the reference fit (``init="nndsvda"``) and of the restarts (``init``)."""
    restart = fit_options(
        method=method, solver=solver, init=init, max_iter=max_iter, tol=tol, batch_size=batch_size
    )
    reference = dict(restart, init="nndsvda")
    return reference, restart


def topic_stability(
    result: TfidfResult,
    k: int,
    *,
    restarts: int = 10,
    n: int = 10,
    random_state: int = 0,
    method: str = "nmf",
    solver: str | None = None,
    init: str = "random",
    max_iter: int = 200,
    tol: float = 1e-4,
    batch_size: int = 1024,
) -> pd.DataFrame:
    """How well each topic of ``nmf_topics(result, k)`` recurs across random restarts.

    The reference is ``nmf_topics(result, k, n=n, random_state=random_state)``
    with the same solver options (the model a notebook shows). NMF is then
    refitted ``restarts`` times with ``init`` (``"random"``: a random
    non-negative start, so the seed matters), restart ``i`` seeded with
    ``random_state + i``, and its topics are matched one-to-one to the
    reference by ``match_topics`` on their top ``n`` terms. A progress bar
    counts the fits.

    Parameters
    ----------
    restarts : int, default 10
        Number of random restarts.
    n : int, default 10
        Top terms per topic compared (and listed in the reference).
    method, solver, max_iter, tol, batch_size
        As in ``nmf_topics``.

    Returns
    -------
    DataFrame
        ``topic, label, mean_jaccard, min_jaccard, recurrence``: per reference
        topic, the mean and minimum best-match Jaccard index over the
        restarts, and ``recurrence``, the share of restarts whose matched
        topic shares at least half of the terms (Jaccard >= 1/3 for
        equal-size lists). Sorted by topic. 1.0 means the same top terms in
        every restart. ``attrs["unconverged_fits"]`` counts the fits (the
        reference included) that stopped at ``max_iter`` before reaching ``tol``.
    """
    check_result(result)
    k = check_k(result, k)
    check_int("restarts", restarts, low=1)
    check_int("n", n, low=1)
    reference_options, restart_options = _options(method, solver, init, max_iter, tol, batch_size)
    reference, scores, unconverged = _restart_scores(
        result,
        [k],
        restarts=restarts,
        n=n,
        random_state=random_state,
        reference_options=reference_options,
        restart_options=restart_options,
        desc=f"topic stability, k={k}",
    )[k]
    table = pd.DataFrame(
        {
            "topic": np.arange(1, k + 1, dtype=np.int64),
            "label": topic_labels(reference).to_numpy(),
            "mean_jaccard": scores.mean(axis=0),
            "min_jaccard": scores.min(axis=0),
            "recurrence": (scores >= 1 / 3 - 1e-12).mean(axis=0),
        },
        columns=list(STABILITY_COLUMNS),
    )
    table.attrs["unconverged_fits"] = unconverged
    return table


def choose_k(
    result: TfidfResult,
    ks: Sequence[int] = range(2, 9),
    *,
    restarts: int = 10,
    n: int = 10,
    random_state: int = 0,
    method: str = "nmf",
    solver: str | None = None,
    init: str = "random",
    max_iter: int = 200,
    tol: float = 1e-4,
    batch_size: int = 1024,
) -> pd.DataFrame:
    """Stability of NMF topics for each candidate k, and the k it picks.

    Criterion (Greene et al. 2014): the k whose topics recur best across
    random restarts, i.e. the highest ``stability`` = mean over topics of
    ``topic_stability(...)["mean_jaccard"]``; ties (to 1e-9) go to the smaller
    k. k = 1 is excluded because a single topic is trivially stable. Costs
    ``len(ks) x (restarts + 1)`` NMF fits (a progress bar counts them).

    Parameters
    ----------
    ks : sequence of int, default ``range(2, 9)``
        Candidate numbers of topics, each at least 2 and at most the number of
        units and terms: any sequence, e.g. ``range(2, 31, 2)`` for a wider,
        coarser scan.
    restarts, n, random_state, method, solver, init, max_iter, tol, batch_size
        As in ``topic_stability``.

    Returns
    -------
    DataFrame
        ``k, stability, min_topic_stability, reconstruction_error, chosen``:
        sorted by k; ``min_topic_stability`` is the least stable topic's mean
        Jaccard, ``reconstruction_error`` that of the reference fit, and
        ``chosen`` marks the selected k. ``attrs["unconverged_fits"]`` maps
        each k to the number of its fits that stopped at ``max_iter`` before
        reaching ``tol`` (raise ``max_iter`` if it matters).
    """
    check_result(result)
    if isinstance(ks, str) or not isinstance(ks, Sequence | np.ndarray):
        raise TypeError(f"ks must be a sequence of integers, e.g. range(2, 9), not {ks!r}")
    ks = sorted({check_int("ks", k) for k in ks})
    if not ks:
        raise ValueError("ks is empty; give candidate numbers of topics, e.g. range(2, 9)")
    if ks[0] < 2:
        raise ValueError("every k in ks must be at least 2 (one topic is trivially stable)")
    for k in ks:
        check_k(result, k)
    check_int("restarts", restarts, low=1)
    check_int("n", n, low=1)
    reference_options, restart_options = _options(method, solver, init, max_iter, tol, batch_size)
    fits = _restart_scores(
        result,
        ks,
        restarts=restarts,
        n=n,
        random_state=random_state,
        reference_options=reference_options,
        restart_options=restart_options,
        desc="choose_k",
    )
    stability = np.array([fits[k][1].mean(axis=0).mean() for k in ks])
    table = pd.DataFrame(
        {
            "k": np.asarray(ks, dtype=np.int64),
            "stability": stability,
            "min_topic_stability": [fits[k][1].mean(axis=0).min() for k in ks],
            "reconstruction_error": [fits[k][0].params["reconstruction_error"] for k in ks],
        }
    )
    chosen_k = table.loc[table["stability"] >= stability.max() - 1e-9, "k"].min()
    table["chosen"] = table["k"] == chosen_k
    table = table[list(CHOOSE_K_COLUMNS)]
    table.attrs["unconverged_fits"] = {k: fits[k][2] for k in ks}
    return table
