"""The topic-notebook figures stay legible at any size: what they show, stated in the title."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.plots.topics import (
    plot_class_tfidf,
    plot_dendrogram,
    plot_document_topics,
    plot_k_selection,
    plot_similarity,
    plot_topic_terms,
    plot_unit_map,
)
from analysis.plotting import save_figure
from analysis.similarity import cluster_tree, largest_rows


def group_table(n: int = 50, seed: int = 0) -> pd.DataFrame:
    """A symmetric similarity table of ``n`` outlet groups with distinct sizes."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.1, 0.9, (n, n))
    x = (x + x.T) / 2
    np.fill_diagonal(x, 1.0)
    labels = pd.Index([f"outlet {i:02d}" for i in range(n)], name="outlet")
    sim = pd.DataFrame(x, index=labels, columns=labels.copy())
    sizes = rng.permutation(n) + 1  # 1..n documents, shuffled
    sim.attrs["n_documents"] = {g: int(s) for g, s in zip(labels, sizes, strict=True)}
    sim.attrs["n_units"] = {g: 10 * int(s) for g, s in zip(labels, sizes, strict=True)}
    return sim


def title(fig) -> str:
    """The figure's title on one line (long rules are wrapped to the figure's width)."""
    return " ".join(fig.get_suptitle().split())


def biggest(sizes: dict[str, int], n: int) -> list[str]:
    labels = list(sizes)
    return sorted(labels, key=lambda g: (-sizes[g], labels.index(g)))[:n]


def test_largest_rows_keeps_the_groups_with_the_most_documents():
    sim = group_table()
    shown = largest_rows(sim, 40)
    expected = biggest(sim.attrs["n_documents"], 40)
    assert shown.index.tolist() == [g for g in sim.index if g in expected]  # table order
    assert shown.columns.tolist() == shown.index.tolist()
    np.testing.assert_array_equal(shown.to_numpy(), sim.loc[shown.index, shown.index].to_numpy())
    assert shown.attrs["rule"] == "the 40 of 50 outlet groups with the most documents"
    assert sorted(shown.attrs["n_documents"]) == sorted(expected)
    assert largest_rows(sim, 50) is sim
    units = sim.rename_axis("doc_id").rename_axis("doc_id", axis=1)
    units.attrs = {"n_documents": dict.fromkeys(sim.index, 1), "n_terms": sim.attrs["n_units"]}
    assert largest_rows(units, 5).attrs["rule"] == (
        "the 5 of 50 documents with the most distinct terms"
    )
    assert largest_rows(units, 5).index.tolist() == sorted(
        biggest(sim.attrs["n_units"], 5), key=list(sim.index).index
    )


def test_similarity_heatmap_shows_the_largest_groups_and_says_so():
    sim = group_table()
    fig = plot_similarity(sim)
    ax = fig.axes[0]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert sorted(rows) == sorted(biggest(sim.attrs["n_documents"], 40))
    assert not ax.texts  # 40 rows: no values in the cells
    assert "the 40 of 50 outlet groups with the most documents" in title(fig)
    assert max(fig.get_size_inches()) <= 15.0
    clustered = plot_similarity(sim, max_rows=10, order="cluster")
    rows = [t.get_text() for t in clustered.axes[0].get_yticklabels()]
    assert sorted(rows) == sorted(biggest(sim.attrs["n_documents"], 10))
    assert "rows ordered by average-linkage clustering" in title(clustered)
    with pytest.raises(ValueError, match="order must be one of"):
        plot_similarity(sim, order="size")


def test_dendrogram_of_the_largest_groups_and_of_a_cut_tree():
    sim = group_table()
    fig = plot_dendrogram(cluster_tree(largest_rows(sim, 40)))
    leaves = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert sorted(leaves) == sorted(biggest(sim.attrs["n_documents"], 40))
    assert "the 40 of 50 outlet groups with the most documents" in title(fig)
    # a tree of 50 leaves is cut to 40 clusters, each named by its largest member
    cut = plot_dendrogram(cluster_tree(sim), max_leaves=40)
    labels = [t.get_text() for t in cut.axes[0].get_yticklabels()]
    assert len(labels) == 40
    sizes = sim.attrs["n_documents"]
    counted = 0
    for label in labels:
        name, _, more = label.partition(" +")
        counted += 1 + (int(more) if more else 0)
        assert name in sizes
    assert counted == 50
    merged = [label for label in labels if " +" in label]
    assert merged  # some clusters hold several groups
    assert "the last 39 merges: 40 clusters of 50 leaves" in title(cut)
    assert cut.get_size_inches()[1] <= 0.3 * 40 + 1.5


def test_unit_map_colours_the_eight_largest_groups_at_any_size(tmp_path):
    rng = np.random.default_rng(1)
    outlets = [f"outlet {i:02d}" for i in range(12)]
    docs_per_outlet = np.arange(12) + 3  # outlet 11 has the most documents
    doc_outlet = np.repeat(outlets, docs_per_outlet)
    doc_ids = [f"d{i:03d}" for i in range(len(doc_outlet))]
    per_doc = 60
    coords = pd.DataFrame(
        {
            "doc_id": np.repeat(doc_ids, per_doc),
            "paragraph_id": np.tile(np.arange(per_doc), len(doc_ids)),
            "outlet": np.repeat(doc_outlet, per_doc),
            "x": rng.normal(size=len(doc_ids) * per_doc),
            "y": rng.normal(size=len(doc_ids) * per_doc),
        }
    )
    assert len(coords) == 6_120  # 102 documents
    fig = plot_unit_map(coords, color_by="outlet")
    ax = fig.axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [f"outlet {i:02d}" for i in range(11, 3, -1)] + ["other (4)"]
    grey, coloured = ax.collections
    assert len(grey.get_offsets()) == per_doc * (3 + 4 + 5 + 6)  # outlets 00-03
    assert len(coloured.get_offsets()) == 6_120 - len(grey.get_offsets())
    assert grey.get_rasterized() and coloured.get_rasterized()
    for layer in (grey, coloured):  # s = 28 sqrt(300 / n) for a layer of n > 300 points
        n = len(layer.get_offsets())
        assert layer.get_sizes()[0] == pytest.approx(28 * np.sqrt(300 / n))
        assert layer.get_alpha() == pytest.approx(max(0.25, 0.8 * (300 / n) ** 0.3))
    assert tuple(fig.get_size_inches()) == (9.5, 5.5)
    assert "colour: the 8 of 12 outlet groups with the most documents" in title(fig)
    by_doc = plot_unit_map(coords, color_by="doc_id")
    assert "the 8 of 102 documents with the most paragraphs" in title(by_doc)
    again = plot_unit_map(coords, color_by="outlet")  # a rerun writes the same bytes
    first = save_figure(fig, "map", directory=tmp_path / "a", formats=["svg", "png"])
    second = save_figure(again, "map", directory=tmp_path / "b", formats=["svg", "png"])
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
    # few groups: every group coloured, in label order, no "other"
    few = plot_unit_map(coords[coords["outlet"].isin(outlets[:3])], color_by="outlet")
    assert [t.get_text() for t in few.axes[0].get_legend().get_texts()] == outlets[:3]
    assert len(few.axes[0].collections) == 1 and "\n" not in few.get_suptitle()


def test_document_topics_of_many_documents_show_each_topic_s_top_documents():
    rng = np.random.default_rng(2)
    shares = rng.dirichlet(np.ones(4), size=100)
    docs = [f"d{i:03d}" for i in range(100)]
    table = pd.DataFrame(
        {
            "doc_id": np.repeat(docs, 4),
            "topic": np.tile(np.arange(1, 5), 100),
            "weight": shares.ravel(),
        }
    )
    fig = plot_document_topics(table)
    rows = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    expected: list[str] = []
    for topic in range(4):  # 30 // 4 = 7 per topic, each document once
        order = np.argsort(-shares[:, topic], kind="stable")
        expected += [d for d in (docs[i] for i in order) if d not in expected][:7]
    assert rows == expected
    assert "the 7 documents with the highest share of each topic (28 of 100 documents)" in title(
        fig
    )
    assert fig.get_size_inches()[1] <= 12.5
    # classes: the 30 with the most documents, in table order
    classes = pd.DataFrame(
        {
            "outlet": np.repeat([f"o{i:02d}" for i in range(40)], 4),
            "topic": np.tile(np.arange(1, 5), 40),
            "weight": np.full(160, 0.25),
            "n_documents": np.repeat(np.arange(40) % 17 + 1, 4),
        }
    )
    fig = plot_document_topics(classes)
    rows = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    sizes = {f"o{i:02d}": i % 17 + 1 for i in range(40)}
    assert rows == [g for g in sizes if g in biggest(sizes, 30)]
    assert "the 30 of 40 outlet groups with the most documents" in title(fig)


def test_topic_terms_and_class_panels_are_capped():
    terms = pd.DataFrame(
        [(t, f"w{t}_{r}", 1.0 / r, r) for t in range(1, 21) for r in range(1, 31)],
        columns=["topic", "term", "weight", "rank"],
    )
    fig = plot_topic_terms(terms, n=30)
    visible = [a for a in fig.axes if a.get_visible()]
    assert [a.get_title(loc="left") for a in visible] == [f"topic {t}" for t in range(1, 13)]
    assert len(visible[0].patches) == 20  # at most 20 bars
    assert "Top 20 terms per NMF topic" in title(fig)
    assert "topics 1-12 of 20, the largest by total weight" in title(fig)
    assert fig.get_size_inches()[1] <= 4 * (0.2 * 20 + 0.9) + 0.6
    classes = pd.DataFrame(
        [(f"c{c:02d}", f"w{r}", 1, 1.0 / r, r) for c in range(15) for r in range(1, 6)],
        columns=["outlet", "term", "count", "weight", "rank"],
    )
    classes.attrs["n_documents"] = {f"c{c:02d}": (c * 7) % 15 + 1 for c in range(15)}
    fig = plot_class_tfidf(classes, n=5)
    visible = [a.get_title(loc="left") for a in fig.axes if a.get_visible()]
    expected = biggest(classes.attrs["n_documents"], 12)
    assert visible == [c for c in classes.attrs["n_documents"] if c in expected]
    assert "the 12 of 15 outlet groups with the most documents" in title(fig)
    chosen = plot_class_tfidf(classes, n=5, classes=["c03", "c01"], rule="two outlets")
    assert [a.get_title(loc="left") for a in chosen.axes if a.get_visible()] == ["c03", "c01"]
    assert "two outlets" in title(chosen)
    with pytest.raises(ValueError, match="classes \\['zz'\\] are not in the table"):
        plot_class_tfidf(classes, classes=["zz"])


def test_k_selection_states_the_rule_and_the_sample():
    table = pd.DataFrame(
        {
            "k": [2, 3, 4],
            "stability": [1.0, 0.95, 0.7],
            "min_topic_stability": [1.0, 0.9, 0.4],
            "reconstruction_error": [3.0, 2.0, 1.0],
            "within_tolerance": [True, True, False],
            "chosen": [False, True, False],
        }
    )
    table.attrs = {
        "rule": "largest k with stability within 0.1 of the best (1.000)",
        "tolerance": 0.1,
        "n_units": 2500,
        "n_units_total": 65727,
    }
    fig = plot_k_selection(table)
    text = title(fig)
    assert "chosen: largest k with stability within 0.1 of the best (1.000)" in text
    assert "fits on a seeded sample of 2,500 of 65,727 units" in text
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend[0] == "within 0.1 of the best" and "chosen k = 3" in legend
