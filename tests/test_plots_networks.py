"""Network and mention figures stay legible at any size, by the rules their titles state."""

from __future__ import annotations

import hashlib

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection

from analysis.actors import find_mentions, mentions_by_document
from analysis.network import actor_network, cooccurrence
from analysis.plots.actors import plot_mention_heatmap, plot_null_model
from analysis.plots.networks import (
    actor_communities,
    plot_document_networks,
    plot_network,
)
from analysis.plotting import save_figure

NETWORK_TYPES = ["person", "state", "organisation", "armed group", "media"]


def _graph(ties: list[tuple[str, str, float]], types: dict[str, str] | None = None) -> nx.Graph:
    graph = nx.Graph(weight="count")
    names = sorted({n for a, b, _ in ties for n in (a, b)})
    for n in names:
        graph.add_node(n, type=(types or {}).get(n, "person"), mentions=10)
    for a, b, w in ties:
        graph.add_edge(a, b, weight=float(w))
    return graph


def _drawn_nodes(ax) -> list[str]:
    """Labels in node order (the first texts of the axes; adjustText adds only arrows)."""
    n = len(ax.collections[0].get_offsets())
    return [t.get_text() for t in ax.texts[:n]]


def _drawn_ties(ax) -> int:
    lines = [c for c in ax.collections if isinstance(c, LineCollection)]
    return sum(len(c.get_segments()) for c in lines)


# --- plot_network ------------------------------------------------------------------------------


def test_network_draws_the_actors_with_the_largest_weighted_degree():
    # weighted degrees: hub 1+2+3+4+5+6 = 21, f 6+1 = 7, e 5, d 4, c 3, b 2, a 1, g 1
    ties = [("hub", x, w) for x, w in zip("abcdef", range(1, 7), strict=True)] + [("f", "g", 1)]
    fig = plot_network(_graph(ties), max_actors=4)
    ax = fig.axes[0]
    assert sorted(_drawn_nodes(ax)) == ["d", "e", "f", "hub"]
    assert _drawn_ties(ax) == 3  # hub-d, hub-e, hub-f: the ties among them
    title = ax.get_title(loc="left")
    assert "the 4 of 8 tied actors with the largest weighted degree (sum of count)" in title
    assert "All 3 ties among them" in title


def test_network_ties_of_equal_degree_go_by_name():
    ties = [("a", "b", 1), ("c", "d", 1), ("e", "f", 1)]
    fig = plot_network(_graph(ties), max_actors=3)
    assert sorted(_drawn_nodes(fig.axes[0])) == ["a", "b", "c"]


def test_network_backbone_keeps_significant_and_strongest_ties():
    # backbone at 0.05: only A-B (alpha 0.04; see test_backbone); strongest ties: A and B
    # A-B (8), C B-C (2), D and E D-E (3). Drawn: A-B, B-C, D-E = 3 of the 5 ties.
    ties = [("A", "B", 8), ("D", "E", 3), ("B", "C", 2), ("A", "C", 1), ("A", "D", 1)]
    fig = plot_network(_graph(ties), backbone_alpha=0.05)
    ax = fig.axes[0]
    assert _drawn_ties(ax) == 3
    assert "3 of their 5 ties: the disparity-filter backbone at alpha 0.05 and each actor's " \
        "strongest tie" in ax.get_title(loc="left")  # fmt: skip


def test_dense_network_is_thinned_automatically():
    # 8 actors, all 28 pairs tied (more than 3 per actor): the backbone is drawn
    names = list("abcdefgh")
    ties = [(a, b, 1 + (i * 7 + j * 3) % 5) for i, a in enumerate(names) for j, b in
            enumerate(names) if i < j]  # fmt: skip
    fig = plot_network(_graph(ties))
    ax = fig.axes[0]
    assert 0 < _drawn_ties(ax) < 28
    assert f"{_drawn_ties(ax)} of their 28 ties" in ax.get_title(loc="left")
    sparse = plot_network(_graph(ties[:24]))  # 24 ties, 8 actors: not more than 3 per actor
    assert _drawn_ties(sparse.axes[0]) == 24


def test_network_of_the_seeds_draws_every_tied_actor(seeds):
    mentions = find_mentions(seeds)
    net = mentions[mentions["actor_type"].isin(NETWORK_TYPES)]
    graph = actor_network(cooccurrence(net), min_count=2, mentions=net)
    fig = plot_network(graph)
    ax = fig.axes[0]
    assert len(_drawn_nodes(ax)) == 17 and _drawn_ties(ax) == 28
    assert ax.get_title(loc="left").startswith(
        "Actor network: 17 actors, 28 ties (edge width = count); 29 actors without a tie"
    )
    assert [leg.get_title().get_text() for leg in fig.legends] == [
        "community (colour)",
        "actor type (shape)",
    ]


def test_network_figure_is_byte_stable_and_of_fixed_size(tmp_path):
    ties = [("hub", x, w) for x, w in zip("abcdefghij", range(1, 11), strict=True)]
    digests = []
    for run in range(2):
        fig = plot_network(_graph(ties), max_actors=5)
        assert tuple(fig.get_size_inches()) == (11.0, 8.0)
        (path,) = save_figure(fig, f"net{run}", directory=tmp_path, formats=("png",))
        digests.append(hashlib.sha256(path.read_bytes()).hexdigest())
        plt.close(fig)
    assert digests[0] == digests[1]


def test_network_errors_and_positions():
    graph = _graph([("a", "b", 1), ("b", "c", 2)])
    with pytest.raises(ValueError, match="max_actors must be >= 1"):
        plot_network(graph, max_actors=0)
    with pytest.raises(ValueError, match="backbone_alpha must be in"):
        plot_network(graph, backbone_alpha=0.0)
    with pytest.raises(TypeError, match="backbone_alpha must be a number"):
        plot_network(graph, backbone_alpha="0.05")
    with pytest.raises(ValueError, match="positions lack drawn actors"):
        plot_network(graph, positions={"a": (0, 0), "b": (1, 1)})
    fixed = {"a": (0.0, 0.0), "b": (1.0, 0.0), "c": (2.0, 1.0)}
    offsets = plot_network(graph, positions=fixed).axes[0].collections[0].get_offsets()
    assert np.allclose(offsets, [[0, 0], [1, 0], [2, 1]])


def test_communities_are_numbered_by_size_then_name():
    # two triangles and a pair, joined by weak ties
    ties = [("a", "b", 5), ("b", "c", 5), ("a", "c", 5), ("x", "y", 5), ("y", "z", 5),
            ("x", "z", 5), ("z", "w", 5), ("p", "q", 5), ("c", "x", 1), ("w", "p", 1)]  # fmt: skip
    community = actor_communities(_graph(ties), random_state=0)
    assert {n: community[n] for n in "abcpqwxyz"} == {
        "x": 0, "y": 0, "z": 0, "w": 0,  # 4 members
        "a": 1, "b": 1, "c": 1,  # 3 members
        "p": 2, "q": 2,
    }  # fmt: skip


# --- plot_document_networks --------------------------------------------------------------------


def _group_mentions() -> pd.DataFrame:
    """Mentions in sentences: doc a (A B)(A B)(A C), doc b (A B)(B D), doc c (C D).

    Mentions per document: a 6, b 4, c 2. Over a and b: A 4, B 4, C 1, D 1.
    """
    sentences = {("a", 0): "AB", ("a", 1): "AB", ("a", 2): "AC", ("b", 0): "AB",
                 ("b", 1): "BD", ("c", 0): "CD"}  # fmt: skip
    rows = [
        {"doc_id": d, "sentence_id": s, "actor": x, "actor_type": "state" if x == "C" else "person"}
        for (d, s), actors in sentences.items()
        for x in actors
    ]
    return pd.DataFrame(rows)


def test_document_networks_share_one_layout_and_state_their_rules():
    mentions = _group_mentions()
    edges = cooccurrence(mentions, by="doc_id")
    fig = plot_document_networks(edges, mentions, n=2, max_actors=3)
    title = fig._suptitle.get_text()
    assert "per document (the 2 of 3 with the most mentions)" in title
    # A 4, B 4, then C and D 1 each: C by name; D is left out
    assert "Actors: the 3 of 4 tied actors with the most mentions in these documents" in title
    panels = [ax for ax in fig.axes if ax.get_title(loc="left")]
    assert [ax.get_title(loc="left") for ax in panels] == [
        "a\n3 of the 3 actors, 2 ties",  # A-B, A-C
        "b\n2 of the 3 actors, 1 tie",  # A-B (B-D: D is not drawn)
    ]
    where = [dict(zip(_drawn_nodes(ax), ax.collections[0].get_offsets().tolist(), strict=True))
             for ax in panels]  # fmt: skip
    assert where[0]["A"] == where[1]["A"] and where[0]["B"] == where[1]["B"]
    # C, not drawn in b, is a light dot at its shared place
    ghosts = panels[1].collections[-1].get_offsets().tolist()
    assert ghosts == [where[0]["C"]]


def test_document_network_legends_sit_outside_the_panels(seeds):
    mentions = find_mentions(seeds)
    mentions = mentions[mentions["actor_type"].isin(NETWORK_TYPES)]
    fig = plot_document_networks(cooccurrence(mentions, by="doc_id"), mentions)
    assert all(ax.get_legend() is None for ax in fig.axes)
    assert len(fig.legends) == 2
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for legend in fig.legends:
        box = legend.get_window_extent(renderer)
        for ax in fig.axes[:5]:
            assert not box.overlaps(ax.get_window_extent(renderer))
    assert "Actors: the 20 of " in fig._suptitle.get_text()


def test_document_networks_errors():
    mentions = _group_mentions()
    edges = cooccurrence(mentions, by="doc_id")
    with pytest.raises(ValueError, match="max_actors must be >= 1"):
        plot_document_networks(edges, mentions, max_actors=0)
    with pytest.raises(ValueError, match="no column 'npmi2'"):
        plot_document_networks(edges, mentions, weight="npmi2")
    lonely = mentions[mentions["doc_id"] == "c"].assign(sentence_id=[0, 1])
    with pytest.raises(ValueError, match="no tie to draw"):
        plot_document_networks(cooccurrence(lonely, by="doc_id"), lonely)


# --- plot_mention_heatmap ----------------------------------------------------------------------


def test_heatmap_shows_at_most_max_columns_chosen_by_mentions():
    # 40 documents d00..d39; document i has i mentions of P and 1 of Q: d39..d10 have the most
    docs = [f"d{i:02d}" for i in range(40)]
    table = pd.DataFrame({d: [i, 1] for i, d in enumerate(docs)}, index=["P", "Q"])
    table.columns.name = "doc_id"
    fig = plot_mention_heatmap(table, max_columns=30)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == docs[10:]
    assert ax.get_title(loc="left") == (
        "Mentions per document: the 2 most mentioned actors; "
        "the 30 of 40 documents with the most mentions"
    )
    assert tuple(fig.get_size_inches()) == (18.0, 3.5)
    # ties by name: all 40 have 1 mention of Q only
    flat = pd.DataFrame({d: [1] for d in docs}, index=["Q"])
    ticks = plot_mention_heatmap(flat, max_columns=3).axes[0].get_xticklabels()
    assert [t.get_text() for t in ticks] == ["d00", "d01", "d02"]


def test_heatmap_of_groups_is_normalised_per_document():
    # P: 2, 0, 1 mentions in x1, x2 (outlet X) and y1 (outlet Y); Q: 0, 3, 0
    table = pd.DataFrame({"x1": [2, 0], "x2": [0, 3], "y1": [1, 0]}, index=["P", "Q"])
    table.columns.name = "doc_id"
    outlets = pd.Series({"x1": "X", "x2": "X", "y1": "Y"}, name="outlet")
    fig = plot_mention_heatmap(table, groups=outlets)
    ax = fig.axes[0]
    # share of documents naming the actor: P 1 of 2 in X, 1 of 1 in Y; Q 1 of 2, 0 of 1
    assert np.allclose(ax.images[0].get_array(), [[50, 100], [50, 0]])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["X (2)", "Y (1)"]
    assert fig.axes[1].get_ylabel() == "% of the outlet's documents naming the actor"
    mean = plot_mention_heatmap(table, groups=outlets, normalise="mean").axes[0]
    # mentions per document: P (2 + 0) / 2 = 1 and 1 / 1; Q 3 / 2 = 1.5 and 0
    assert np.allclose(mean.images[0].get_array(), [[1, 1], [1.5, 0]])
    assert [t.get_text() for t in mean.texts] == ["1", "1", "1.5"]
    with pytest.raises(ValueError, match="normalise must be one of"):
        plot_mention_heatmap(table, groups=outlets, normalise="sum")


def test_heatmap_of_the_seeds_keeps_every_document(seeds):
    mentions = find_mentions(seeds)
    table = mentions_by_document(mentions, doc_ids=seeds["doc_id"])
    ax = plot_mention_heatmap(table, n=25).axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == list(seeds["doc_id"])
    assert ax.get_title(loc="left") == "Mentions per document: the 25 most mentioned actors"


# --- plot_null_model ---------------------------------------------------------------------------


def test_null_model_axes_turn_symlog_for_large_counts():
    null = pd.DataFrame({"actor_a": ["a", "b"], "actor_b": ["c", "d"], "count": [3, 40],
                         "expected": [1.0, 20.0], "p_value": [0.01, 0.001],
                         "q_value": [0.02, 0.002]})  # fmt: skip
    small = plot_null_model(null).axes[0]
    assert small.get_xscale() == "linear"
    big = plot_null_model(null.assign(count=[3, 400])).axes[0]
    assert big.get_xscale() == big.get_yscale() == "symlog"
    assert "symmetric log axes" in big.get_title(loc="left")
