"""The disparity-filter backbone (Serrano, Boguñá & Vespignani 2009) against hand computation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.network import BACKBONE_COLUMN, cooccurrence, disparity_filter


def tiny_edges() -> pd.DataFrame:
    """Five ties, sorted as cooccurrence sorts them (count descending, then names).

    Degrees k and strengths s: A k=3 s=10 (8+1+1), B k=2 s=10 (8+2), C k=2 s=3 (2+1),
    D k=2 s=4 (1+3), E k=1 s=3. alpha_ij = (1 - w/s_i)^(k_i - 1) from each end:

    A-B: A (1-0.8)^2 = 0.04,  B (1-0.8)^1 = 0.2     -> 0.04
    D-E: D (1-0.75)^1 = 0.25, E has one tie -> 1    -> 0.25
    B-C: B (1-0.2)^1 = 0.8,   C (1-2/3)^1 = 1/3     -> 1/3
    A-C: A (1-0.1)^2 = 0.81,  C (1-1/3)^1 = 2/3     -> 2/3
    A-D: A 0.81,              D (1-0.25)^1 = 0.75   -> 0.75
    """
    return pd.DataFrame(
        {
            "actor_a": ["A", "D", "B", "A", "A"],
            "actor_b": ["B", "E", "C", "C", "D"],
            "count": [8, 3, 2, 1, 1],
            "other": ["ab", "de", "bc", "ac", "ad"],
        }
    )


def test_scores_match_the_hand_computation():
    out = disparity_filter(tiny_edges(), alpha=1.0)
    assert out["other"].tolist() == ["ab", "de", "bc", "ac", "ad"]  # input order, columns kept
    assert out[BACKBONE_COLUMN].tolist() == pytest.approx([0.04, 0.25, 1 / 3, 2 / 3, 0.75])


@pytest.mark.parametrize(
    ("alpha", "kept"),
    [(0.05, ["ab"]), (0.039, []), (0.3, ["ab", "de"]), (0.5, ["ab", "de", "bc"])],
)
def test_alpha_keeps_the_ties_below_it(alpha, kept):
    out = disparity_filter(tiny_edges(), alpha=alpha)
    assert out["other"].tolist() == kept
    assert list(out.index) == list(range(len(kept)))
    assert list(out.columns) == ["actor_a", "actor_b", "count", "other", BACKBONE_COLUMN]


def test_a_pair_tied_only_to_each_other_is_never_kept():
    edges = pd.DataFrame({"actor_a": ["A"], "actor_b": ["B"], "count": [50]})
    assert disparity_filter(edges, alpha=1.0).empty


def test_non_positive_weights_are_not_ties():
    # A-E with g2 = -5 is no tie: it adds to neither degree nor strength, and is dropped
    edges = tiny_edges().assign(g2=[8.0, 3.0, 2.0, 1.0, 1.0])
    extra = pd.DataFrame({"actor_a": ["A"], "actor_b": ["E"], "count": [1], "g2": [-5.0]})
    edges = pd.concat([edges, extra], ignore_index=True)
    out = disparity_filter(edges, alpha=1.0, weight="g2")
    assert out[BACKBONE_COLUMN].tolist() == pytest.approx([0.04, 0.25, 1 / 3, 2 / 3, 0.75])


def test_swapped_names_and_weight_column():
    edges = tiny_edges().rename(columns={"count": "w"})
    edges.loc[0, ["actor_a", "actor_b"]] = ["B", "A"]  # the order inside a pair is free
    out = disparity_filter(edges, alpha=0.3, weight="w")
    assert out["other"].tolist() == ["ab", "de"]


def _loop_reference(edges: pd.DataFrame, weight: str) -> np.ndarray:
    """The textbook definition, one tie at a time."""
    strength: dict[str, float] = {}
    degree: dict[str, int] = {}
    for row in edges.itertuples(index=False):
        for node in (row.actor_a, row.actor_b):
            strength[node] = strength.get(node, 0.0) + getattr(row, weight)
            degree[node] = degree.get(node, 0) + 1
    scores = []
    for row in edges.itertuples(index=False):
        sides = []
        for node in (row.actor_a, row.actor_b):
            k = degree[node]
            p = getattr(row, weight) / strength[node]
            sides.append((1 - p) ** (k - 1) if k > 1 else 1.0)
        scores.append(min(sides))
    return np.array(scores)


def test_equals_a_loop_over_ties_on_the_seed_corpus(seeds):
    from analysis.actors import find_mentions

    edges = cooccurrence(find_mentions(seeds), unit="paragraph")
    expected = _loop_reference(edges, "count")
    out = disparity_filter(edges, alpha=1.0)
    kept = expected < 1.0
    assert len(out) == int(kept.sum()) > 20
    assert out[BACKBONE_COLUMN].to_numpy() == pytest.approx(expected[kept])
    pd.testing.assert_frame_equal(
        out.drop(columns=BACKBONE_COLUMN), edges[kept].reset_index(drop=True)
    )
    strict = disparity_filter(edges, alpha=0.05)
    assert len(strict) == int((expected < 0.05).sum())


def test_parameter_errors():
    edges = tiny_edges()
    with pytest.raises(ValueError, match=r"alpha must be in \(0, 1\]"):
        disparity_filter(edges, alpha=0)
    with pytest.raises(ValueError, match="alpha must be"):
        disparity_filter(edges, alpha=1.5)
    with pytest.raises(TypeError, match="alpha must be a number"):
        disparity_filter(edges, alpha="0.05")
    with pytest.raises(ValueError, match=r"lack columns \['npmi'\]"):
        disparity_filter(edges, weight="npmi")
    with pytest.raises(TypeError, match="must be numeric"):
        disparity_filter(edges, weight="other")
    with pytest.raises(TypeError, match="DataFrame"):
        disparity_filter(edges.to_dict("list"))
    twice = pd.concat([edges.assign(doc_id="x"), edges.assign(doc_id="y")], ignore_index=True)
    with pytest.raises(ValueError, match="more than once"):
        disparity_filter(twice)
    loop = pd.DataFrame({"actor_a": ["A"], "actor_b": ["A"], "count": [1]})
    with pytest.raises(ValueError, match="itself"):
        disparity_filter(loop)


def test_empty_table():
    edges = tiny_edges().iloc[:0]
    out = disparity_filter(edges)
    assert out.empty and BACKBONE_COLUMN in out.columns
