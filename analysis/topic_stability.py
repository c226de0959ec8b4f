"""Are the topics real? Stability of NMF topics across random restarts, and the choice of k.

Whether a topic is real or an accident of initialisation is measured by
refitting from random starting points (``init="random"``, one fit per
restart) and matching topics one-to-one by the Jaccard index of their top
terms (Greene, O'Callaghan & Cunningham 2014, "How many topics? Stability
analysis for topic models"). Restart ``i`` (from 0) is seeded with
``random_state + i``; the reference model is ``nmf_topics(...,
random_state=random_state)``.

Large inputs are measured on a sample: above ``max_units`` units (2,500 by
default) every fit of ``topic_stability`` and ``choose_k`` runs on the same
``max_units`` units drawn without replacement with
``numpy.random.default_rng(random_state)`` (kept in matrix order; terms of
fewer than two sampled units dropped). The reference is then ``nmf_topics``
on that sample. Stability is a property of the topics a corpus supports, and 2,500
paragraphs carry the recurring themes of a few thousand articles; on all
65,727 paragraphs of the development corpus one fit takes 2 to 26 s (k = 5 to
20) instead of 0.05 to 1 s.
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
from analysis.validation import check_int, check_real

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
    "within_tolerance",
    "chosen",
)
MAX_UNITS = 2500  # fits above this many units run on a seeded sample of them
MAX_K = 20  # largest default candidate
UNITS_PER_TOPIC = 5  # default candidates keep at least this many units per topic
TOLERANCE = 0.1  # choose_k: stability this close to the best counts as equally stable


def candidate_ks(n_units: int, *, max_k: int = MAX_K) -> list[int]:
    """The default candidates of ``choose_k`` for a matrix of ``n_units`` units.

    Every k from 2 to 10, then 12, 15 and 20, up to
    ``min(max_k, n_units // 5)`` (at least 2): five units per topic on
    average is the least for a topic to recur across units rather than
    describe one of them (48 seed paragraphs: 2..9). The cap and the coarser
    steps above 10 bound the cost, which grows with k (k = 20 takes a quarter
    of the default scan's time), where stability is flat on news (AllSides:
    0.55 to 0.85 from k = 7 to 20); pass ``ks`` to look further.
    """
    check_int("n_units", n_units, low=1)
    check_int("max_k", max_k, low=2)
    top = max(2, min(max_k, n_units // UNITS_PER_TOPIC))
    return [k for k in (*range(2, 11), 12, 15, 20, *range(25, max_k + 1, 5)) if k <= top]


def sample_units(
    result: TfidfResult, max_units: int | None = MAX_UNITS, *, random_state: int = 0
) -> TfidfResult:
    """``result`` itself, or a seeded sample of ``max_units`` of its units (rows).

    The rows are drawn without replacement by
    ``numpy.random.default_rng(random_state).choice`` and kept in matrix
    order; the columns of terms found in fewer than two sampled units are
    dropped (a term of one unit cannot recur across units, and the fits cost
    in proportion to the vocabulary: 11,155 terms in 2,500 sampled AllSides
    paragraphs, 5,285 in two or more). Weights are not recomputed: the sample
    is a view of the same TF-IDF space, as with ``analysis.tfidf.select``.
    """
    check_result(result)
    check_int("random_state", random_state, low=0)
    n = result.matrix.shape[0]
    if max_units is None or n <= check_int("max_units", max_units, low=2):
        return result
    rows = np.sort(np.random.default_rng(random_state).choice(n, max_units, replace=False))
    matrix = sp.csr_matrix(result.matrix[rows])
    used = np.bincount(matrix.indices, minlength=matrix.shape[1]) >= 2
    return TfidfResult(
        matrix=sp.csr_matrix(matrix[:, used]),
        units=result.units.iloc[rows].reset_index(drop=True),
        vocabulary=result.vocabulary[used],
        idf=result.idf[used],
        params=dict(result.params),
    )


def _sample_facts(table: pd.DataFrame, full: TfidfResult, used: TfidfResult) -> None:
    """Record in ``table.attrs`` how many units the fits saw, out of how many."""
    table.attrs["n_units"] = int(used.matrix.shape[0])
    table.attrs["n_units_total"] = int(full.matrix.shape[0])


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
    max_units: int | None = MAX_UNITS,
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
    max_units : int or None, default 2500
        Above this many units, every fit (the reference included) runs on the
        seeded sample ``sample_units(result, max_units,
        random_state=random_state)``; ``None`` fits all units.
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
        reference included) that stopped at ``max_iter`` before reaching
        ``tol``; ``attrs["n_units"]`` and ``attrs["n_units_total"]`` the units
        fitted and the units of ``result``.
    """
    check_result(result)
    k = check_k(result, k)
    check_int("restarts", restarts, low=1)
    check_int("n", n, low=1)
    reference_options, restart_options = _options(method, solver, init, max_iter, tol, batch_size)
    used = sample_units(result, max_units, random_state=random_state)
    k = check_k(used, k)
    reference, scores, unconverged = _restart_scores(
        used,
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
    _sample_facts(table, result, used)
    return table


def _check_ks(ks: object, result: TfidfResult) -> list[int]:
    """The candidate k values, sorted and checked (default: ``candidate_ks``)."""
    if ks is None:
        ks = candidate_ks(result.matrix.shape[0])
        return [k for k in ks if k <= min(result.matrix.shape)] or [2]
    if isinstance(ks, str) or not isinstance(ks, Sequence | np.ndarray):
        raise TypeError(f"ks must be a sequence of integers, e.g. range(2, 9), not {ks!r}")
    ks = sorted({check_int("ks", k) for k in ks})
    if not ks:
        raise ValueError("ks is empty; give candidate numbers of topics, e.g. range(2, 9)")
    if ks[0] < 2:
        raise ValueError("every k in ks must be at least 2 (one topic is trivially stable)")
    return ks


def choose_k(
    result: TfidfResult,
    ks: Sequence[int] | None = None,
    *,
    restarts: int = 10,
    n: int = 10,
    tolerance: float = TOLERANCE,
    max_units: int | None = MAX_UNITS,
    random_state: int = 0,
    method: str = "nmf",
    solver: str | None = None,
    init: str = "random",
    max_iter: int = 200,
    tol: float = 1e-4,
    batch_size: int = 1024,
) -> pd.DataFrame:
    """Stability of NMF topics for each candidate k, and the k it picks.

    ``stability(k)`` is the mean over topics of
    ``topic_stability(...)["mean_jaccard"]`` (Greene, O'Callaghan & Cunningham
    2014). **Rule:** the largest k whose stability is within ``tolerance`` of
    the best, ``stability(k) >= max_k' stability(k') - tolerance``.
    Greene et al. take the most stable k, which favours small k: a split of a
    corpus into two or three broad themes recurs from any start, so k = 2
    ties at 1.0 with finer models and wins (2,942 AllSides articles, 2,500
    paragraphs sampled with random_state 0, 1, 2: 1.0 at k = 2 each time, the
    next best 0.92 to 1.0 at k = 5 or 6). Among models about as stable as the
    best the rule takes the most detailed one. ``tolerance=0.1`` is about
    every topic swapping one of its ten top terms in half of the restarts (a
    Jaccard of 9/11 half of the time), the size of the differences between
    samples of one corpus; ``tolerance=0`` takes the largest of the most
    stable k's. k = 1 is excluded (a single topic is trivially stable).

    Picks: six topics planted in two broad themes, 6 (most stable: 2); the
    48 seed paragraphs, 7 (stability 0.965; most stable: 5, at 1.0); the
    AllSides paragraphs, 5 or 6 with random_state 0, 1, 2 (most stable: 2).
    Costs ``len(ks) x (restarts + 1)`` NMF fits (a progress bar counts
    them); above ``max_units`` units they run on a seeded sample (see the
    module docstring): about 40 s on one core for the 12 default candidates
    and 10 restarts on 2,500 of 65,727 AllSides paragraphs.

    Parameters
    ----------
    ks : sequence of int, optional
        Candidate numbers of topics, each at least 2 and at most the number of
        units and terms (of the sample): any sequence, e.g.
        ``range(2, 31, 2)``. Default ``candidate_ks(n_units)``: 2..10, 12, 15,
        20, up to a fifth of the number of units.
    tolerance : float, default 0.1
        How far below the best stability a k may be and still be chosen.
    max_units : int or None, default 2500
        Above this many units the fits run on ``sample_units(result,
        max_units, random_state=random_state)``; ``None`` fits all units.
    restarts, n, random_state, method, solver, init, max_iter, tol, batch_size
        As in ``topic_stability``.

    Returns
    -------
    DataFrame
        ``k, stability, min_topic_stability, reconstruction_error,
        within_tolerance, chosen``: sorted by k; ``min_topic_stability`` is
        the least stable topic's mean Jaccard, ``reconstruction_error`` that
        of the reference fit (on the sample, when sampled),
        ``within_tolerance`` marks the k's within ``tolerance`` of the best and
        ``chosen`` the largest of them. ``attrs``: ``rule`` (the rule, as
        text), ``tolerance``, ``n_units`` and ``n_units_total`` (units fitted,
        units of ``result``) and ``unconverged_fits``, mapping each k to the
        number of its fits that stopped at ``max_iter`` before reaching
        ``tol`` (raise ``max_iter`` if it matters).
    """
    check_result(result)
    ks = _check_ks(ks, result)
    check_int("restarts", restarts, low=1)
    check_int("n", n, low=1)
    tolerance = check_real("tolerance", tolerance, low=0.0, high=1.0)
    reference_options, restart_options = _options(method, solver, init, max_iter, tol, batch_size)
    used = sample_units(result, max_units, random_state=random_state)
    for k in ks:
        check_k(used, k)
    fits = _restart_scores(
        used,
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
            "within_tolerance": stability >= stability.max() - tolerance - 1e-9,
        }
    )
    table["chosen"] = table["k"] == table.loc[table["within_tolerance"], "k"].max()
    table = table[list(CHOOSE_K_COLUMNS)]
    table.attrs["rule"] = (
        f"largest k with stability within {tolerance:g} of the best ({stability.max():.3f})"
    )
    table.attrs["tolerance"] = tolerance
    _sample_facts(table, result, used)
    table.attrs["unconverged_fits"] = {k: fits[k][2] for k in ks}
    return table
