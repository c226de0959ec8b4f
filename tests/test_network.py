"""Co-occurrence, null model, evidence, networks, exports and plots (hand-counted)."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from scipy.stats import chi2_contingency

from analysis.actors import find_mentions, mentions_by_document
from analysis.framing import actor_context
from analysis.network import (
    EDGE_COLUMNS,
    NULL_COLUMNS,
    actor_network,
    centrality,
    cluster_order,
    cooccurrence,
    cooccurrence_matrix,
    evidence,
    export_network,
    incidence,
    null_model,
    unit_comparison,
)
from analysis.plots.actors import (
    network_layout,
    plot_actor_context,
    plot_cooccurrence_heatmap,
    plot_document_networks,
    plot_mention_heatmap,
    plot_network,
    plot_null_model,
)

PUTIN, TRUMP, ERDOGAN, ASSAD = (
    "Vladimir Putin",
    "Donald Trump",
    "Recep Tayyip Erdoğan",
    "Bashar al-Assad",
)
# a: one paragraph, sentences {Putin, Erdoğan}, {Putin, Trump}, {Assad}
# b: paragraphs {Trump, Putin} and {Erdoğan}
TEXTS = {
    "a.txt": "Putin met Erdogan. Putin called Trump. Assad spoke.\n",
    "b.txt": "Trump and Putin talked.\n\nErdogan waited.\n",
}


@pytest.fixture
def tiny(make_corpus):
    corpus = make_corpus(TEXTS)
    return corpus, find_mentions(corpus)


def _edge(edges: pd.DataFrame, a: str, b: str) -> pd.Series:
    row = edges[(edges["actor_a"] == a) & (edges["actor_b"] == b)]
    assert len(row) == 1, (a, b)
    return row.iloc[0]


def _g2(n11: int, ca: int, cb: int, n: int) -> float:
    table = np.array([[n11, ca - n11], [cb - n11, n - ca - cb + n11]])
    return chi2_contingency(table, correction=False, lambda_="log-likelihood").statistic


def test_sentence_cooccurrence_by_hand(tiny):
    _, mentions = tiny
    edges = cooccurrence(mentions)
    assert tuple(edges.columns) == EDGE_COLUMNS
    assert list(zip(edges["actor_a"], edges["actor_b"], edges["count"], strict=True)) == [
        (TRUMP, PUTIN, 2),
        (ERDOGAN, PUTIN, 1),
    ]
    tp = _edge(edges, TRUMP, PUTIN)
    assert (tp["count_a"], tp["count_b"], tp["n_units"]) == (2, 3, 5)
    assert tp["pmi"] == pytest.approx(math.log2(2 * 5 / (2 * 3)))
    assert tp["npmi"] == pytest.approx(math.log2(10 / 6) / -math.log2(2 / 5))
    assert tp["jaccard"] == pytest.approx(2 / 3)
    assert tp["g2"] == pytest.approx(_g2(2, 2, 3, 5)) and tp["g2"] > 0
    ep = _edge(edges, ERDOGAN, PUTIN)
    assert (ep["count_a"], ep["count_b"]) == (2, 3)
    assert ep["pmi"] == pytest.approx(math.log2(5 / 6))
    assert ep["jaccard"] == pytest.approx(1 / 4)
    # one meeting where 2 * 3 / 5 = 1.2 were expected: a negative association
    assert ep["g2"] == pytest.approx(-_g2(1, 2, 3, 5)) and ep["g2"] < 0


def test_paragraph_and_document_windows_by_hand(tiny):
    _, mentions = tiny
    par = cooccurrence(mentions, unit="paragraph")
    assert len(par) == 6 and set(par["n_units"]) == {3}
    assert _edge(par, TRUMP, PUTIN)["count"] == 2
    assert _edge(par, ASSAD, ERDOGAN)["count"] == 1
    assert _edge(par, TRUMP, ERDOGAN)["count"] == 1
    doc = cooccurrence(mentions, unit="document")
    assert set(doc["n_units"]) == {2}
    assert _edge(doc, ERDOGAN, PUTIN)["count"] == 2
    assert _edge(doc, ASSAD, TRUMP)["count"] == 1
    both_everywhere = _edge(doc, TRUMP, PUTIN)
    # a pair in every unit: npmi 1 by convention, G2 0 (no margin left to compare)
    assert both_everywhere["npmi"] == 1.0 and both_everywhere["g2"] == 0.0
    sides = unit_comparison(mentions)
    row = sides[(sides["actor_a"] == ERDOGAN) & (sides["actor_b"] == PUTIN)].iloc[0]
    assert (row["sentence"], row["paragraph"], row["document"]) == (1, 1, 2)
    assert len(sides) == len(doc)


def test_incidence_is_sparse_binary_and_counts_units_with_an_actor(make_corpus):
    corpus = make_corpus({"a.txt": "Putin, Putin and Trump. Nothing here. Putin again.\n"})
    mentions = find_mentions(corpus)
    x, units, actors = incidence(mentions)
    assert x.format == "csr" and x.toarray().tolist() == [[1, 1], [0, 1]]
    assert units["sentence_id"].tolist() == [0, 2]
    assert list(actors) == [TRUMP, PUTIN]
    edges = cooccurrence(mentions)
    assert edges["n_units"].tolist() == [2]
    wider = cooccurrence(mentions, n_units=3)
    assert wider["pmi"].item() == pytest.approx(math.log2(1 * 3 / (1 * 2)))
    with pytest.raises(ValueError, match="smaller than the 2 units"):
        cooccurrence(mentions, n_units=1)
    with pytest.raises(ValueError, match="unit must be one of"):
        cooccurrence(mentions, unit="line")


def test_cooccurrence_per_group(tiny):
    _, mentions = tiny
    per_doc = cooccurrence(mentions, by="doc_id")
    assert list(per_doc.columns) == ["doc_id", *EDGE_COLUMNS]
    assert per_doc.groupby("doc_id").size().to_dict() == {"a": 2, "b": 1}
    b = per_doc[per_doc["doc_id"] == "b"].iloc[0]
    assert (b["actor_a"], b["actor_b"], b["count"], b["n_units"]) == (TRUMP, PUTIN, 1, 2)
    with pytest.raises(ValueError, match="no column 'outlet'"):
        cooccurrence(mentions, by="outlet")


def test_matrix_form_is_symmetric_with_unit_counts_on_the_diagonal(tiny):
    _, mentions = tiny
    edges = cooccurrence(mentions)
    matrix = cooccurrence_matrix(edges)
    assert list(matrix.index) == [TRUMP, ERDOGAN, PUTIN]
    assert (matrix.to_numpy() == matrix.to_numpy().T).all()
    assert np.diag(matrix.to_numpy()).tolist() == [2.0, 2.0, 3.0]
    assert matrix.loc[TRUMP, ERDOGAN] == 0.0 and matrix.loc[PUTIN, TRUMP] == 2.0
    npmi = cooccurrence_matrix(edges, value="npmi")
    assert npmi.loc[TRUMP, ERDOGAN] == -1.0 and npmi.loc[PUTIN, PUTIN] == 1.0
    order = cluster_order(matrix)
    assert sorted(order) == sorted(matrix.index)
    assert cluster_order(matrix) == order


def test_evidence_returns_the_sentences_behind_a_count(tiny):
    corpus, mentions = tiny
    ev = evidence(mentions, corpus, TRUMP, PUTIN)
    assert ev["text"].tolist() == ["Putin called Trump.", "Trump and Putin talked."]
    assert ev["marked"].tolist() == ["[Putin] called [Trump].", "[Trump] and [Putin] talked."]
    texts = dict(zip(corpus["doc_id"], corpus["text"], strict=True))
    assert all(texts[d][s:e] == t for d, s, e, t in ev[["doc_id", "start", "end", "text"]].values)
    assert ev["sentence_id"].tolist() == [1, 0]
    par = evidence(mentions, corpus, ASSAD, ERDOGAN, unit="paragraph")
    assert par["text"].tolist() == [TEXTS["a.txt"].strip()]
    doc = evidence(mentions, corpus, ERDOGAN, PUTIN, unit="document")
    assert doc["doc_id"].tolist() == ["a", "b"]
    assert doc["text"].tolist()[1] == "Trump and Putin talked.\n\nErdogan waited."
    assert evidence(mentions, corpus, ASSAD, TRUMP).empty
    with pytest.raises(ValueError, match=r"'Donald Trum' has no mention.*'Donald Trump'"):
        evidence(mentions, corpus, "Donald Trum", PUTIN)


def test_actor_network_attributes_filters_and_centrality(tiny):
    _, mentions = tiny
    edges = cooccurrence(mentions, unit="paragraph")
    graph = actor_network(edges, mentions=mentions)
    assert sorted(graph.nodes) == sorted([ASSAD, TRUMP, ERDOGAN, PUTIN])
    assert graph.nodes[PUTIN] == {"type": "person", "mentions": 3}
    assert graph.nodes[ASSAD]["mentions"] == 1
    data = graph.edges[TRUMP, PUTIN]
    assert data["count"] == 2 and data["weight"] == 2.0 and data["distance"] == 0.5
    assert set(EDGE_COLUMNS[2:]) <= set(data)
    strong = actor_network(edges, min_count=2, mentions=mentions)
    assert list(strong.edges) == [(TRUMP, PUTIN)] and strong.number_of_nodes() == 4
    positive = actor_network(edges, weight="npmi")
    assert all(d["npmi"] > 0 for _, _, d in positive.edges(data=True))
    table = centrality(graph)
    assert list(table.columns) == [
        "actor",
        "type",
        "mentions",
        "degree",
        "weighted_degree",
        "betweenness",
    ]
    assert table["actor"].tolist() == [TRUMP, PUTIN, ASSAD, ERDOGAN]
    assert table["weighted_degree"].tolist() == [4.0, 4.0, 3.0, 3.0]
    degree = dict(graph.degree(weight="weight"))
    assert table.set_index("actor")["weighted_degree"].to_dict() == degree
    with pytest.raises(ValueError, match="weight must be one of"):
        actor_network(edges, weight="strength")


def test_betweenness_on_a_path():
    edges = pd.DataFrame(
        {
            "actor_a": ["A", "B"],
            "actor_b": ["B", "C"],
            "count": [1, 1],
            "count_a": [1, 2],
            "count_b": [2, 1],
            "n_units": [2, 2],
            "pmi": [1.0, 1.0],
            "npmi": [0.5, 0.5],
            "jaccard": [0.5, 0.5],
            "g2": [1.0, 1.0],
        }
    )
    table = centrality(actor_network(edges)).set_index("actor")
    assert table["betweenness"].to_dict() == {"B": 1.0, "A": 0.0, "C": 0.0}
    assert table["degree"].to_dict() == {"B": 2, "A": 1, "C": 1}


def test_graphml_and_gephi_csv_round_trip(tiny, tmp_path):
    _, mentions = tiny
    graph = actor_network(cooccurrence(mentions, unit="paragraph"), mentions=mentions)
    paths = export_network(graph, tmp_path, name="net")
    assert [p.name for p in paths] == ["net.graphml", "net_nodes.csv", "net_edges.csv"]
    back = nx.read_graphml(paths[0])
    assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in graph.edges}
    for a, b, d in graph.edges(data=True):
        assert back.edges[a, b]["weight"] == d["weight"]
        assert back.edges[a, b]["count"] == d["count"]
        assert back.edges[a, b]["g2"] == pytest.approx(d["g2"])
    assert back.nodes[PUTIN]["type"] == "person" and back.nodes[PUTIN]["mentions"] == 3
    nodes = pd.read_csv(paths[1])
    edges = pd.read_csv(paths[2])
    assert list(nodes.columns) == ["Id", "Label", "type", "mentions"]
    assert list(edges.columns[:4]) == ["Source", "Target", "Type", "Weight"]
    assert len(edges) == graph.number_of_edges() and set(edges["Type"]) == {"Undirected"}


def test_plots_return_figures(tiny):
    corpus, mentions = tiny
    edges = cooccurrence(mentions)
    graph = actor_network(edges, mentions=mentions)
    fig = plot_network(graph)
    assert isinstance(fig, Figure)
    drawn = fig.axes[0].collections[0].get_offsets()
    assert len(drawn) == 3  # Assad has no tie at the sentence window
    assert "1 actor without a tie" in fig.axes[0].get_title(loc="left")
    pos = network_layout(graph)
    assert np.allclose(pos[PUTIN], network_layout(graph)[PUTIN])
    matrix = cooccurrence_matrix(edges)
    heat = plot_cooccurrence_heatmap(matrix)
    labels = [t.get_text() for t in heat.axes[0].get_yticklabels()]
    assert labels == cluster_order(matrix)
    assert isinstance(plot_document_networks(cooccurrence(mentions, by="doc_id"), mentions), Figure)
    assert isinstance(plot_mention_heatmap(mentions_by_document(mentions), n=25), Figure)
    assert isinstance(plot_null_model(null_model(mentions)), Figure)
    context = actor_context(mentions, corpus, PUTIN)
    bars = plot_actor_context(context, n=3)
    assert len(bars.axes[0].patches) == 3
    empty = nx.Graph()
    empty.add_node("alone", type="person", mentions=1)
    with pytest.raises(ValueError, match="no tie to draw"):
        plot_network(empty)


def test_no_pairs_give_empty_tables(make_corpus):
    mentions = find_mentions(make_corpus({"a.txt": "Putin spoke. Trump spoke.\n"}))
    assert cooccurrence(mentions).empty
    assert null_model(mentions).empty
    assert null_model(mentions.iloc[:0]).empty
    assert list(null_model(mentions, all_pairs=True).columns) == list(NULL_COLUMNS)
    graph = actor_network(cooccurrence(mentions), mentions=mentions)
    assert graph.number_of_nodes() == 2 and graph.number_of_edges() == 0
    with pytest.raises(ValueError, match="no tie to draw"):
        plot_network(graph)
    with pytest.raises(ValueError, match="mentions lack columns"):
        cooccurrence(mentions.drop(columns="sentence_id"))


def test_layout_keeps_small_components_apart():
    import networkx as nx

    graph = nx.Graph()
    graph.add_edges_from([("a", "b"), ("b", "c"), ("c", "a"), ("a", "d")])  # main component
    graph.add_edges_from([("p", "q"), ("q", "r"), ("r", "s")])  # four on a circle
    graph.add_edges_from([("x", "y")])  # a pair
    graph.add_node("solo")
    pos = network_layout(graph)
    boxes = []
    for component in (["p", "q", "r", "s"], ["x", "y"], ["solo"]):
        xy = np.array([pos[n] for n in component])
        assert (xy[:, 1] < -1.0).all()  # under the main component, which fills [-1, 1]^2
        boxes.append((xy.min(axis=0), xy.max(axis=0)))
    # no two components' bounding boxes overlap, so no edge runs through another component
    for i, (lo1, hi1) in enumerate(boxes):
        for lo2, hi2 in boxes[i + 1 :]:
            assert (hi1 < lo2).any() or (hi2 < lo1).any()
    # four nodes on a circle: not collinear
    xy = np.array([pos[n] for n in ["p", "q", "r", "s"]])
    assert np.ptp(xy[:, 0]) > 0 and np.ptp(xy[:, 1]) > 0
