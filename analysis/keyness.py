"""Keyness: which terms one set of texts uses more than another.

``compare_counts`` is the statistic on two count vectors (signed G2, Log
Ratio, p); ``keyness`` and ``key_terms`` apply it to documents of a corpus.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import xlogy
from scipy.stats import chi2

KEYNESS_COLUMNS: tuple[str, ...] = (
    "term",
    "target_count",
    "reference_count",
    "g2",
    "log_ratio",
    "p_value",
)
ZERO_CELL: float = 0.5


def _check_counts(counts: pd.Series, name: str) -> pd.Series:
    if not isinstance(counts, pd.Series):
        raise TypeError(f"{name} must be a pandas Series mapping term -> count")
    if counts.index.has_duplicates:
        dup = sorted(map(str, counts.index[counts.index.duplicated()].unique()))[:10]
        raise ValueError(f"{name} has duplicate terms in its index: {dup}")
    values = pd.to_numeric(counts, errors="coerce")
    if values.isna().any() or (values < 0).any():
        bad = sorted(map(str, counts.index[values.isna() | (values < 0)]))[:10]
        raise ValueError(f"{name} must hold non-negative counts; bad terms: {bad}")
    return values.astype("float64")


def compare_counts(
    target: pd.Series,
    reference: pd.Series,
    *,
    min_count: int = 1,
    target_size: float | None = None,
    reference_size: float | None = None,
) -> pd.DataFrame:
    """Keyness of every term in ``target`` counts against ``reference`` counts.

    For a term with count ``a`` in the target (size ``C1``) and ``b`` in the
    reference (size ``C2``), the 2 x 2 table is ``[[a, b], [C1 - a, C2 - b]]``
    with ``N = C1 + C2`` and expected values ``E = row total * column total / N``.

    * ``g2`` -- Dunning's log-likelihood over the four cells,
      ``G2 = 2 * sum(O * ln(O / E))`` (natural log; an empty cell contributes 0,
      the limit of ``O ln O``), signed: positive when the term is relatively more
      frequent in the target (``a / C1 > b / C2``), negative when less.
    * ``log_ratio`` -- Hardie's (2014) Log Ratio, ``log2((a / C1) / (b / C2))``.
      A zero count is replaced by 0.5 (``ZERO_CELL``) in this formula only, so a
      term absent from one side gets a finite, conservative value.
    * ``p_value`` -- upper tail of the chi-square distribution with 1 degree of
      freedom at ``|g2|``.

    Parameters
    ----------
    target, reference : Series
        Term -> count (index = term). Terms missing from one side count 0.
    min_count : int, default 1
        Keep terms with ``a + b >= min_count``.
    target_size, reference_size : float, optional
        ``C1`` and ``C2``: the number of tokens of each side. Default: the sum of
        the Series. Pass them when the Series hold only some terms (e.g. after
        stop words were dropped) but the sizes should count every token.

    Returns
    -------
    DataFrame
        term, target_count, reference_count, g2, log_ratio, p_value; sorted by
        g2 descending, then term ascending.
    """
    a_all = _check_counts(target, "target")
    b_all = _check_counts(reference, "reference")
    if min_count < 1:
        raise ValueError(f"min_count must be >= 1, not {min_count}")
    c1 = float(a_all.sum()) if target_size is None else float(target_size)
    c2 = float(b_all.sum()) if reference_size is None else float(reference_size)
    if c1 <= 0 or c2 <= 0:
        side = "target" if c1 <= 0 else "reference"
        raise ValueError(f"the {side} has no tokens: keyness needs counts on both sides")
    if c1 < a_all.sum() or c2 < b_all.sum():
        raise ValueError("target_size/reference_size smaller than the sum of their counts")
    terms = a_all.index.union(b_all.index)
    a = a_all.reindex(terms, fill_value=0.0).to_numpy()
    b = b_all.reindex(terms, fill_value=0.0).to_numpy()
    keep = (a + b) >= min_count
    terms, a, b = terms[keep], a[keep], b[keep]

    n = c1 + c2
    row = a + b
    observed = (a, b, c1 - a, c2 - b)
    expected = (row * c1 / n, row * c2 / n, (n - row) * c1 / n, (n - row) * c2 / n)
    # O * ln(O / E) with the ratio taken first: ln O - ln E would cancel badly for huge cells
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2.0 * sum(
            np.where(o > 0, xlogy(o, o / e), 0.0) for o, e in zip(observed, expected, strict=True)
        )
    g2 = np.maximum(g2, 0.0)  # rounding can leave -1e-16 for a perfectly even term
    p_value = chi2.sf(g2, 1)
    overused = a / c1 >= b / c2
    g2 = np.where(overused, g2, -g2)
    log_ratio = np.log2(
        (np.where(a == 0, ZERO_CELL, a) / c1) / (np.where(b == 0, ZERO_CELL, b) / c2)
    )

    out = pd.DataFrame(
        {
            "term": pd.array(list(map(str, terms)), dtype="str"),
            "target_count": a.astype("int64") if np.all(a == np.round(a)) else a,
            "reference_count": b.astype("int64") if np.all(b == np.round(b)) else b,
            "g2": g2,
            "log_ratio": log_ratio,
            "p_value": p_value,
        }
    )
    return out.sort_values(["g2", "term"], ascending=[False, True], ignore_index=True)
