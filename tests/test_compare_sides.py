"""The two sides of a comparison, and the notebook-04 sentences written from tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.compare import compare_groups, side_labels, side_summary
from analysis.narrative.compare import (
    describe_edge_keyness,
    describe_group_terms,
    describe_naming_by_group,
    describe_over_time,
    describe_robustness,
    describe_sides,
)


@pytest.fixture
def outlets(make_corpus):
    corpus = make_corpus(
        {
            "a1.txt": "War came. Peace left.",  # 4 tokens, 2 sentences
            "a2.txt": "War again.",  # 2 tokens, 1 sentence
            "b1.txt": "Peace now.",  # 2 tokens, 1 sentence
            "c1.txt": "Peace talks. War ended. Then quiet.",  # 6 tokens, 3 sentences
        }
    )
    corpus["outlet"] = ["A", "A", "B", "C"]
    return corpus


def test_side_summary_by_hand(outlets):
    sides = side_summary(outlets, "outlet", "A")
    assert sides.to_dict("records") == [
        {"side": "target", "name": "A", "groups": 1, "documents": 2, "tokens": 6, "sentences": 3},
        {"side": "reference", "name": "rest", "groups": 2, "documents": 2, "tokens": 8,
         "sentences": 4},
    ]  # fmt: skip
    # the token sizes are those compare_groups tests against
    table = compare_groups(outlets, "outlet", "A", min_count=1)
    assert (table.attrs["target_size"], table.attrs["reference_size"]) == (6, 8)
    named = side_summary(outlets, "outlet", "A", reference="C")
    assert named["name"].tolist() == ["A", "C"] and named["documents"].tolist() == [2, 1]


def test_side_labels_leave_other_groups_missing(outlets):
    side = side_labels(outlets, "outlet", "A", reference="C")
    assert side.name == "side" and side.index.name == "doc_id"
    assert side.to_dict() == {"a1": "A", "a2": "A", "b1": None, "c1": "C"}
    assert side_labels(outlets, "outlet", ["A", "B"]).tolist() == ["A + B"] * 3 + ["rest"]


def _keyness(rows, target="left", reference="right", counts="tokens"):
    table = pd.DataFrame(
        rows, columns=["term", "target_count", "reference_count", "g2", "log_ratio", "p_value",
                       "q_value"]
    )  # fmt: skip
    table.attrs.update(target=target, reference=reference, counts=counts)
    return table


def test_describe_sides_names_both_sides_and_warns_of_imbalance():
    sides = pd.DataFrame(
        {"side": ["target", "reference"], "name": ["left", "rest"], "groups": [1, 2],
         "documents": [3, 400], "tokens": [900, 120_000], "sentences": [40, 5_000]}
    )  # fmt: skip
    assert describe_sides(sides, "bias") == (
        "Grouping by `bias`, the target *left* (3 documents, 900 tokens, 40 sentences) is "
        "compared with every other document (*rest*: 2 groups) (400 documents, 120,000 tokens, "
        "5,000 sentences). One side is 133 times the other in tokens: its rates dominate, so "
        "read the per-document comparison below before the token one."
    )


def test_describe_group_terms_counts_each_side():
    table = _keyness(
        [
            ("cnn", 40, 2, 50.0, 4.0, 1e-12, 1e-10),
            ("boston", 9, 0, 12.0, 4.5, 1e-3, 0.01),
            ("tea", 3, 3, 0.0, 0.0, 0.9, 0.9),
            ("fox", 1, 30, -40.0, -4.0, 1e-10, 1e-9),
        ]
    )
    assert describe_group_terms(table) == (
        "At q < 0.05 (Benjamini-Hochberg over 4 terms, counting occurrences): *left* over-uses 2 "
        "terms, led by “cnn” (40 vs 2, G2 50.0) and “boston”; *right* over-uses 1 term, led by "
        "“fox” (1 vs 30, G2 -40.0)."
    )
    none = table.assign(q_value=0.5)
    none.attrs.update(table.attrs)
    assert describe_group_terms(none, n=1).startswith(
        "No term separates *left* from *right* at q < 0.05 (Benjamini-Hochberg over 4 terms, "
        "counting occurrences). The largest G2, not significant: “cnn” (40 vs 2, G2 50.0)."
    )


def test_describe_robustness_names_the_terms_few_documents_carry():
    # cnn stays key by documents (q 1e-8); boston does not (3 documents, q 0.3)
    tokens = _keyness(
        [
            ("cnn", 40, 2, 50.0, 4.0, 1e-12, 1e-10),
            ("boston", 90, 0, 120.0, 4.5, 1e-3, 0.01),
            ("fox", 1, 30, -40.0, -4.0, 1e-10, 1e-9),
        ]
    )
    documents = _keyness(
        [
            ("cnn", 30, 2, 40.0, 4.0, 1e-9, 1e-8),
            ("boston", 3, 0, 2.0, 2.0, 0.2, 0.3),
            ("fox", 1, 25, -30.0, -4.0, 1e-8, 1e-7),
        ],
        counts="documents",
    )
    documents.attrs["min_count"] = 2
    assert describe_robustness(tokens.iloc[:2], documents.iloc[[0, 2]]).startswith(
        "Counting documents instead of occurrences: of the 2 terms *left* over-uses by token "
        "counts, 1 also does by documents; not “boston” (90 occurrences in fewer than 2 documents "
        "on both sides)."
    )  # boston used in one document only: below min_count, so not in the documents table
    assert describe_robustness(tokens, documents) == (
        "Counting documents instead of occurrences: of the 2 terms *left* over-uses by token "
        "counts, 1 also does by documents; not “boston” (90 occurrences in 3 documents); of the 1 "
        "term *right* over-uses by token counts, 1 also does by documents."
    )


def test_describe_edge_keyness_without_a_significant_pair():
    table = pd.DataFrame(
        {"actor_a": ["Putin", "Assad"], "actor_b": ["Trump", "Shoigu"], "target_count": [5, 0],
         "reference_count": [1, 5], "target_units": [26, 26], "reference_units": [107, 107],
         "g2": [12.1, -2.2], "log_ratio": [4.4, -1.3], "p_value": [5e-4, 0.14],
         "q_value": [0.07, 0.27]}
    )  # fmt: skip
    table.attrs.update(target="2018", reference="rest", unit="sentence")
    assert describe_edge_keyness(table) == (
        "2 actor pairs share a sentence on one side or both; none is put together more often by "
        "one side at q < 0.05. The largest difference, not significant: Putin – Trump (5 of 26 "
        "sentences vs 1 of 107, G2 12.1)."
    )


def test_describe_naming_by_group_reads_shares_and_test():
    table = pd.DataFrame(
        {"actor": ["Assad"] * 4, "group": ["left", "left", "right", "right"],
         "surface": ["Assad", "Syrian leader", "Syrian leader", "Assad"], "count": [3, 1, 3, 1],
         "share": [0.75, 0.25, 0.75, 0.25], "g2": [2.3] * 4, "dof": [1.0] * 4,
         "p_value": [0.13] * 4}
    )  # fmt: skip
    assert describe_naming_by_group(table, "Assad") == (
        "The most frequent name of Assad in each group: *left* “Assad” (75%) and *right* “Syrian "
        "leader” (75%). The name whose share differs most is “Assad”: 75% of *left*'s mentions "
        "against 25% of *right*'s. The groups do not differ detectably in how they name Assad "
        "(G-test G2 = 2.3 on 1 degree of freedom, p = 0.13)."
    )
    tie = table.assign(count=[2, 2, 3, 1], share=[0.5, 0.5, 0.75, 0.25])
    assert describe_naming_by_group(tie, "Assad").startswith(
        "The most frequent name of Assad in each group: *left* “Assad” and “Syrian leader” (50% "
        "each) and *right* “Syrian leader” (75%)."
    )


def test_describe_over_time_gives_each_peak_with_its_band():
    trends = pd.DataFrame(
        {"period": ["2018", "2019"], "item": ["war", "war"], "kind": ["term", "term"],
         "documents": [2, 6], "count": [3, 1], "tokens": [600, 900],
         "rate": [50.0, 11.1], "low": [40.0, 0.0], "high": [60.0, 30.0]}
    )  # fmt: skip
    trends.attrs["confidence"] = 0.9
    assert describe_over_time(trends) == (
        "Over 2 periods, per 10,000 tokens (90% bootstrap band over documents): “war” peaks in "
        "2018 (50.0, band 40.0–60.0, 2 documents). Periods of fewer than five documents have "
        "wide or degenerate bands: one article moves them."
    )
    assert np.isclose(trends["rate"].iloc[0], 3 / 600 * 10_000)


def test_describe_over_time_per_side():
    trends = pd.DataFrame(
        {"period": ["2018", "2018", "2019", "2019"], "group": ["left", "right"] * 2,
         "item": ["war"] * 4, "kind": ["term"] * 4, "documents": [6, 7, 8, 9],
         "count": [3, 1, 1, 4], "tokens": [600, 900, 500, 800], "rate": [50.0, 11.1, 20.0, 50.0],
         "low": [40.0, 0.0, 5.0, 30.0], "high": [60.0, 30.0, 35.0, 70.0]}
    )  # fmt: skip
    assert describe_over_time(trends) == (
        "Over 2 periods, per 10,000 tokens (95% bootstrap band over documents): “war” peaks for "
        "*left* in 2018 (50.0, band 40.0–60.0) and *right* in 2019 (50.0, band 30.0–70.0)."
    )
    never = trends.assign(count=[3, 0, 1, 0], rate=[50.0, 0.0, 20.0, 0.0])
    assert "“war” peaks for *left* in 2018 (50.0, band 40.0–60.0), and *right* never uses it." in (
        describe_over_time(never)
    )


def test_comparison_groups_put_the_sides_first(outlets):
    from analysis.compare import comparison_groups

    more = outlets.assign(outlet=["A", "B", "C", "C"])  # C is the largest group
    assert comparison_groups(more, "outlet", "B", reference="A", n=2) == ["B", "A"]
    assert comparison_groups(more, "outlet", "B", reference="A", n=3) == ["B", "A", "C"]
    assert comparison_groups(more, "outlet", "B", n=2) == ["B", "C"]  # rest: the largest other
    assert comparison_groups(more, "outlet", ["A", "B"], reference="C", n=1) == ["A", "B", "C"]
    with pytest.raises(ValueError, match="target='D': not a group of by='outlet'"):
        comparison_groups(more, "outlet", "D")


def test_strongest_pair_prefers_significant_pairs():
    from analysis.compare import strongest_pair

    edges = pd.DataFrame(
        {"actor_a": ["A", "A", "B"], "actor_b": ["B", "C", "C"], "g2": [9.0, -20.0, 3.0],
         "q_value": [0.01, 0.2, 0.04]}
    )  # fmt: skip
    assert strongest_pair(edges)[["actor_a", "actor_b"]].tolist() == ["A", "B"]
    assert strongest_pair(edges, alpha=0.001)[["actor_a", "actor_b"]].tolist() == ["A", "C"]
    assert strongest_pair(edges.iloc[:0]) is None


def test_shared_actor_is_named_on_both_sides(outlets):
    from analysis.compare import shared_actor

    mentions = pd.DataFrame(
        {"doc_id": ["a1", "a1", "a2", "c1", "c1", "b1"],
         "actor": ["Putin", "Syria", "Syria", "Syria", "Trump", "Putin"],
         "actor_type": ["person", "state", "state", "state", "person", "person"]}
    )  # fmt: skip
    side = side_labels(outlets, "outlet", "A", reference="C")  # b1 is on neither side
    # Putin is named in A and in B only; Trump in C only; Syria in A and C, but is a state
    assert shared_actor(mentions, side) == "Syria"
    assert shared_actor(mentions, side_labels(outlets, "outlet", "A")) == "Putin"
    assert shared_actor(mentions[mentions["actor"] != "Syria"], side) is None


def test_leading_terms_of_each_side():
    from analysis.compare import leading_terms

    table = _keyness(
        [
            ("cnn", 40, 2, 50.0, 4.0, 1e-12, 1e-10),
            ("like", 90, 40, 60.0, 1.0, 1e-3, 0.2),  # larger G2 but not significant
            ("boston", 9, 0, 12.0, 4.5, 1e-3, 0.01),
            ("tea", 3, 4, -0.5, -0.4, 0.9, 0.9),
            ("fox", 1, 30, -40.0, -4.0, 1e-10, 0.3),
        ]
    )
    # target: significant terms first (cnn, boston); reference: none passes, so by |G2|
    assert leading_terms(table, n=2) == ["cnn", "boston", "fox", "tea"]
    assert leading_terms(table, n=1, alpha=1e-20) == ["like", "fox"]
    assert leading_terms(table.iloc[:0]) == []
