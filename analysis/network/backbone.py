"""The backbone of a weighted network: the ties that carry a large share of an actor's weight.

``disparity_filter`` is the disparity filter of Serrano, Boguñá & Vespignani, "Extracting
the multiscale backbone of complex weighted networks", PNAS 106 (16), 6483-6488 (2009).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.api.types import is_numeric_dtype

from analysis.validation import check_real

BACKBONE_COLUMN = "disparity_alpha"


def disparity_filter(
    edges: pd.DataFrame, *, alpha: float = 0.05, weight: str = "count"
) -> pd.DataFrame:
    """The ties of ``edges`` that are significant for at least one of their actors.

    For actor ``i`` with degree ``k_i`` (number of ties) and strength ``s_i`` (sum of
    the weights of its ties), the null hypothesis is that its strength is spread over its
    ``k_i`` ties uniformly at random. Tie ``(i, j)`` with weight ``w_ij`` takes the share
    ``p_ij = w_ij / s_i`` of it, and the chance of a share at least that large is::

        alpha_ij = (1 - p_ij) ** (k_i - 1)

    computed from both ends; ``disparity_alpha = min(alpha_ij, alpha_ji)`` and the tie is
    kept when ``disparity_alpha < alpha``.

    Conventions: an actor with a single tie cannot test it (``p = 1`` whatever the weight),
    so its side gives ``alpha_ij = 1`` and the other actor decides; a pair tied only to
    each other is never kept. Rows whose weight is not positive are not ties (as in
    ``actor_network``): they count neither in degrees nor in strengths and are dropped.

    Parameters
    ----------
    edges : DataFrame
        One row per pair, with columns ``actor_a``, ``actor_b`` and ``weight``, e.g.
        ``cooccurrence(mentions)`` (for a table made with ``by=``, select one group first).
    alpha : float, default 0.05
        Significance level, in (0, 1].
    weight : str, default "count"
        Column of positive tie weights.

    Returns
    -------
    DataFrame
        The kept rows of ``edges``, in their input order (``cooccurrence`` sorts by count
        descending, then names), index reset, with the column ``disparity_alpha`` added.
    """
    if not isinstance(edges, pd.DataFrame):
        raise TypeError(f"edges must be a DataFrame (from cooccurrence), not {type(edges)}")
    alpha = check_real("alpha", alpha, low=0.0, high=1.0)
    if alpha == 0.0:
        raise ValueError("alpha must be in (0, 1], not 0.0")
    if not isinstance(weight, str):
        raise TypeError(f"weight must be a column name, not {weight!r}")
    missing = [c for c in ("actor_a", "actor_b", weight) if c not in edges.columns]
    if missing:
        raise ValueError(f"edges lack columns {missing}; pass the output of cooccurrence")
    if not is_numeric_dtype(edges[weight]) or edges[weight].dtype == bool:
        raise TypeError(f"the weight column {weight!r} must be numeric")
    a = edges["actor_a"].astype(str).to_numpy()
    b = edges["actor_b"].astype(str).to_numpy()
    if (a == b).any():
        raise ValueError("edges hold a tie of an actor with itself; the filter needs pairs")
    low, high = np.minimum(a, b), np.maximum(a, b)
    if pd.DataFrame({"a": low, "b": high}).duplicated().any():
        raise ValueError(
            "edges hold a pair more than once (a table made with by=?); filter one group at a time"
        )
    w = edges[weight].to_numpy(dtype=np.float64)
    tie = np.isfinite(w) & (w > 0)
    codes, _ = pd.factorize(np.concatenate([a[tie], b[tie]]))
    ends = codes.reshape(2, -1)  # row 0: actor_a of each tie, row 1: actor_b
    wt = w[tie]
    degree = np.bincount(codes).astype(np.float64)
    strength = np.bincount(codes, weights=np.concatenate([wt, wt]))
    share = wt / strength[ends]  # (2, n_ties): p from each end
    k = degree[ends]
    side = np.where(k > 1, (1.0 - share) ** (k - 1.0), 1.0)
    score = np.full(len(edges), np.inf)
    score[tie] = side.min(axis=0)
    keep = score < alpha
    out = edges.loc[keep].copy()
    out[BACKBONE_COLUMN] = score[keep]
    return out.reset_index(drop=True)
