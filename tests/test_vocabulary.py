"""Vocabulary: frequencies, keyness, collocations, dispersion (hand values and peers)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from analysis.vocabulary import compare_counts

# --- compare_counts ---------------------------------------------------------------------------


def test_compare_counts_hand_values():
    # target: x 10 of 100 tokens; reference: x 5 of 200 tokens
    target = pd.Series({"x": 10, "y": 90})
    reference = pd.Series({"x": 5, "y": 195, "z": 0})
    out = compare_counts(target, reference)
    assert list(out.columns) == [
        "term", "target_count", "reference_count", "g2", "log_ratio", "p_value",
    ]  # fmt: skip
    assert out["term"].tolist() == ["x", "y"]  # z has a + b = 0 < min_count
    # G2 by hand: E = [[5, 10], [95, 190]]
    g2 = 2 * (
        10 * math.log(10 / 5)
        + 5 * math.log(5 / 10)
        + 90 * math.log(90 / 95)
        + 195 * math.log(195 / 190)
    )
    assert out.loc[0, "g2"] == pytest.approx(g2)
    assert out.loc[0, "g2"] == pytest.approx(7.329811674221491)
    assert out.loc[1, "g2"] == pytest.approx(-g2)  # y is underused in the target
    assert out.loc[0, "log_ratio"] == pytest.approx(2.0)  # (10/100) / (5/200) = 4
    assert out.loc[1, "log_ratio"] == pytest.approx(math.log2((90 / 100) / (195 / 200)))
    assert out.loc[0, "p_value"] == pytest.approx(0.006782015951830022)
    assert out["target_count"].tolist() == [10, 90]
    assert out["reference_count"].tolist() == [5, 195]


def test_compare_counts_equals_scipy_g_test():
    rng = np.random.default_rng(0)
    terms = [f"w{i}" for i in range(30)]
    target = pd.Series(rng.integers(0, 40, size=30), index=terms)
    reference = pd.Series(rng.integers(0, 80, size=30), index=terms)
    out = compare_counts(target, reference).set_index("term")
    c1, c2 = target.sum(), reference.sum()
    for term in terms:
        a, b = target[term], reference[term]
        if a + b == 0:
            assert term not in out.index
            continue
        res = chi2_contingency(
            [[a, b], [c1 - a, c2 - b]], correction=False, lambda_="log-likelihood"
        )
        sign = 1 if a / c1 >= b / c2 else -1
        assert out.loc[term, "g2"] == pytest.approx(sign * res.statistic, abs=1e-9)
        assert out.loc[term, "p_value"] == pytest.approx(res.pvalue, rel=1e-8)


def test_compare_counts_zero_cells_and_sorting():
    target = pd.Series({"only_t": 4, "b": 6, "a": 6})
    reference = pd.Series({"only_r": 3, "b": 6, "a": 6, "c": 1})
    out = compare_counts(target, reference)
    # a and b: equal relative frequency (6/16 vs 6/16) -> g2 0, ties sorted by term
    assert out["term"].tolist() == ["only_t", "a", "b", "c", "only_r"]
    row = out.set_index("term")
    assert row.loc["a", "g2"] == pytest.approx(0.0, abs=1e-12)
    assert row.loc["a", "log_ratio"] == pytest.approx(0.0)
    # zero count replaced by 0.5 in Log Ratio only: log2((4/16) / (0.5/16)) = 3
    assert row.loc["only_t", "log_ratio"] == pytest.approx(3.0)
    assert row.loc["only_r", "log_ratio"] == pytest.approx(math.log2((0.5 / 16) / (3 / 16)))
    # G2 with an empty cell: 2 * (4 ln(4/2) + 12 ln(12/14) + 16 ln(16/14)); E = 2, 2, 14, 14
    g2 = 2 * (4 * math.log(2) + 12 * math.log(12 / 14) + 16 * math.log(16 / 14))
    assert row.loc["only_t", "g2"] == pytest.approx(g2)
    assert row.loc["only_r", "g2"] < 0


def test_compare_counts_min_count_and_sizes():
    target = pd.Series({"x": 2, "y": 1})
    reference = pd.Series({"x": 1, "y": 1})
    assert compare_counts(target, reference, min_count=3)["term"].tolist() == ["x"]
    out = compare_counts(target, reference, target_size=100, reference_size=100)
    x = out.set_index("term").loc["x"]
    assert x["log_ratio"] == pytest.approx(1.0)
    res = chi2_contingency([[2, 1], [98, 99]], correction=False, lambda_="log-likelihood")
    assert x["g2"] == pytest.approx(res.statistic)


def test_compare_counts_errors():
    with pytest.raises(ValueError, match="reference has no tokens"):
        compare_counts(pd.Series({"x": 1}), pd.Series({"x": 0}))
    with pytest.raises(ValueError, match="non-negative counts; bad terms: \\['x'\\]"):
        compare_counts(pd.Series({"x": -1, "y": 3}), pd.Series({"x": 1}))
    with pytest.raises(ValueError, match="duplicate terms"):
        compare_counts(pd.Series([1, 2], index=["x", "x"]), pd.Series({"x": 1}))
    with pytest.raises(TypeError, match="pandas Series"):
        compare_counts({"x": 1}, pd.Series({"x": 1}))
    with pytest.raises(ValueError, match="min_count must be >= 1"):
        compare_counts(pd.Series({"x": 1}), pd.Series({"x": 1}), min_count=0)
