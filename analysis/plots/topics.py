"""Figures of the TF-IDF and topics notebook: similarity, clustering, map, topics, classes."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from scipy.cluster.hierarchy import dendrogram

from analysis.plotting import styled

_ANNOTATE_MAX = 25  # above this many rows, values in heatmap cells become unreadable


def _color(i: int) -> str:
    """The i-th colour of the active style's cycle, as a hex string.

    Lines and scatter edges resolve ``"C0"``-style names only when drawn,
    i.e. after ``styled`` has left the style context; resolving them here keeps
    the suite's palette.
    """
    cycle = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    return to_hex(cycle[i % len(cycle)])


def _grid(n: int, ncols: int, *, panel_height: float, width: float = 9.0):
    ncols = max(1, min(ncols, n))
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(width, panel_height * nrows + 0.6), squeeze=False
    )
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return fig, list(axes.flat[:n])


def _annotate(ax, values: np.ndarray, *, fmt: str = "{:.2f}", threshold: float = 0.5) -> None:
    for (i, j), v in np.ndenumerate(values):
        color = "black" if v >= threshold else "white"  # viridis: dark low end, light high end
        ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=7, color=color)


def _heatmap(ax, values: np.ndarray, rows: list[str], cols: list[str], *, vmax: float):
    image = ax.imshow(values, cmap="viridis", vmin=0.0, vmax=vmax, aspect="auto")
    ax.set_xticks(range(len(cols)), cols, rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(len(rows)), rows, fontsize=8)
    ax.grid(False)
    return image


@styled
def plot_similarity(
    sim: pd.DataFrame, *, annotate: bool | None = None, title: str | None = None
) -> Figure:
    """Heatmap of a square cosine-similarity table (``similarity(...)``), values in cells.

    Colour scale 0 (no shared weighted term) to 1 (same direction). Cells are
    annotated when ``annotate`` is True, or by default when at most 25 units.
    """
    n = sim.shape[0]
    if n == 0:
        raise ValueError("nothing to plot: the similarity table is empty")
    annotate = n <= _ANNOTATE_MAX if annotate is None else annotate
    side = min(max(4.0, 0.45 * n + 2.5), 14.0)
    fig, ax = plt.subplots(figsize=(side + 1.0, side))
    labels = [str(x) for x in sim.index]
    values = sim.to_numpy(dtype="float64")
    image = _heatmap(ax, values, labels, labels, vmax=1.0)
    if annotate:
        _annotate(ax, values)
    fig.colorbar(image, ax=ax, label="cosine similarity of TF-IDF vectors", shrink=0.8)
    ax.set_title(title or "Which units are alike")
    return fig


@styled
def plot_dendrogram(tree: pd.DataFrame, *, title: str | None = None) -> Figure:
    """Dendrogram of ``cluster_tree(...)``: units joined at their cosine distance.

    The merge heights are ``1 - cosine similarity`` aggregated by the tree's
    linkage method (average linkage by default: mean pairwise distance).
    """
    if tree.empty:
        raise ValueError("nothing to plot: the tree has no merges")
    n = len(tree) + 1
    names = np.empty(n, dtype=object)
    for side in ("left", "right"):
        leaves = tree[tree[side] < n]
        names[leaves[side].to_numpy()] = leaves[f"{side}_label"].to_numpy()
    z = tree[["left", "right", "distance", "size"]].to_numpy(dtype="float64")
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.3 * n + 1.2)))
    link = _color(0)
    dendrogram(
        z,
        labels=[str(x) for x in names],
        orientation="right",
        ax=ax,
        link_color_func=lambda _: link,
        leaf_font_size=8,
    )
    ax.set_xlabel("cosine distance (1 - similarity), average over members")
    ax.grid(axis="y", visible=False)
    ax.set_title(title or "Hierarchical clustering of TF-IDF vectors")
    return fig


@styled
def plot_unit_map(
    coords: pd.DataFrame,
    *,
    color_by: str = "doc_id",
    max_legend: int = 12,
    title: str | None = None,
) -> Figure:
    """Scatter of ``unit_map(...)`` (TruncatedSVD axes), one colour per ``color_by`` value.

    With more than eight groups colours are sampled from viridis; the legend is
    drawn for at most ``max_legend`` groups.
    """
    if color_by not in coords.columns:
        raise ValueError(
            f"color_by {color_by!r} is not a column; columns are {list(coords.columns)}"
        )
    groups = sorted(coords[color_by].astype(str).unique())
    if len(groups) <= 8:
        colors = [_color(i) for i in range(len(groups))]
    else:
        colors = [to_hex(plt.get_cmap("viridis")(x)) for x in np.linspace(0, 1, len(groups))]
    fig, ax = plt.subplots(figsize=(8, 5.5))
    keys = coords[color_by].astype(str)
    for group, color in zip(groups, colors, strict=True):
        part = coords[keys == group]
        ax.scatter(
            part["x"], part["y"], s=28, alpha=0.8, color=color, edgecolors=color, label=group
        )
    shares = coords.attrs.get("share_of_sum_of_squares")
    suffix = [f" ({100 * r:.1f}% of sum of squares)" for r in shares] if shares else ["", ""]
    ax.set_xlabel("SVD component 1" + suffix[0])
    ax.set_ylabel("SVD component 2" + suffix[1])
    if len(groups) <= max_legend:
        ax.legend(title=color_by, fontsize=8, title_fontsize=8, loc="best")
    ax.set_title(title or "Map of units (TruncatedSVD of the TF-IDF matrix)")
    return fig


@styled
def plot_topic_terms(
    terms: pd.DataFrame, *, n: int = 10, ncols: int = 3, title: str | None = None
) -> Figure:
    """Small multiples: the ``n`` top terms of each topic (``NmfTopics.terms``), by weight."""
    topics = sorted(terms["topic"].unique())
    if not topics:
        raise ValueError("nothing to plot: no topic terms")
    fig, axes = _grid(len(topics), ncols, panel_height=0.2 * n + 0.9)
    for ax, topic in zip(axes, topics, strict=True):
        data = terms[(terms["topic"] == topic) & (terms["rank"] <= n)].sort_values("rank")
        data = data.iloc[::-1]
        ax.barh(data["term"], data["weight"], color=_color(topic - 1))
        ax.set_title(f"topic {topic}", fontsize=9)
        ax.tick_params(axis="y", labelsize=8)
        ax.tick_params(axis="x", labelsize=7)
        ax.grid(axis="y", visible=False)
    fig.suptitle(title or "Top terms per NMF topic", fontweight="bold", x=0.01, ha="left")
    fig.supxlabel("weight in the topic (row of H)", fontsize=9)
    return fig


@styled
def plot_document_topics(
    doc_topics: pd.DataFrame,
    *,
    labels: pd.Series | None = None,
    annotate: bool | None = None,
    title: str | None = None,
) -> Figure:
    """Heatmap of ``document_topics(...)`` (or ``class_topics(...)``): rows x topics.

    Rows are the values of the table's first column: documents (sorted by
    doc_id), or classes in the table's order (``class_topics`` lists them in
    group order, ``"(missing)"`` last); each document's shares sum to 1.
    ``labels`` (e.g. ``topic_labels(topics)``, indexed by topic) names the
    columns.
    """
    key = doc_topics.columns[0]
    table = doc_topics.pivot(index=key, columns="topic", values="weight").sort_index(axis=1)
    if key == "doc_id":
        table = table.sort_index()
    else:
        table = table.reindex(pd.unique(doc_topics[key]))
    if table.empty:
        raise ValueError("nothing to plot: no document-topic weights")
    annotate = len(table) <= _ANNOTATE_MAX if annotate is None else annotate
    cols = [str(labels.get(t, t)) if labels is not None else f"topic {t}" for t in table.columns]
    width = min(max(6.0, 0.9 * len(cols) + 4.0), 14.0)
    fig, ax = plt.subplots(figsize=(width, max(2.5, 0.35 * len(table) + 2.0)))
    values = table.to_numpy(dtype="float64")
    image = _heatmap(ax, values, [str(x) for x in table.index], cols, vmax=1.0)
    if annotate:
        _annotate(ax, values)
    what = "document" if key == "doc_id" else f"{key} (mean over its documents)"
    fig.colorbar(image, ax=ax, label=f"topic share per {what}", shrink=0.8)
    ax.set_title(title or ("Topics per document" if key == "doc_id" else f"Topics per {key}"))
    return fig


@styled
def plot_class_tfidf(
    table: pd.DataFrame, *, n: int = 10, ncols: int = 3, title: str | None = None
) -> Figure:
    """Small multiples: the ``n`` top c-TF-IDF terms of each class (``class_tfidf(...)``).

    The class column is the table's first column.
    """
    key = table.columns[0]
    classes = list(dict.fromkeys(table[key]))
    if not classes:
        raise ValueError("nothing to plot: the class table is empty")
    fig, axes = _grid(len(classes), ncols, panel_height=0.2 * n + 0.9)
    for i, (ax, cls) in enumerate(zip(axes, classes, strict=True)):
        data = table[(table[key] == cls) & (table["rank"] <= n)].sort_values("rank").iloc[::-1]
        ax.barh(data["term"], data["weight"], color=_color(i))
        ax.set_title(str(cls), fontsize=9)
        ax.tick_params(axis="y", labelsize=8)
        ax.tick_params(axis="x", labelsize=7)
        ax.grid(axis="y", visible=False)
    fig.suptitle(
        title or f"Distinctive terms per {key} (c-TF-IDF)", fontweight="bold", x=0.01, ha="left"
    )
    fig.supxlabel("c-TF-IDF weight: tf (L1 per class) x ln(1 + A / f)", fontsize=9)
    return fig


@styled
def plot_k_selection(table: pd.DataFrame, *, title: str | None = None) -> Figure:
    """Topic stability against k (``choose_k(...)``), the chosen k marked."""
    if table.empty:
        raise ValueError("nothing to plot: the k table is empty")
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(table["k"], table["stability"], marker="o", color=_color(0), label="mean over topics")
    ax.plot(
        table["k"],
        table["min_topic_stability"],
        marker="s",
        linestyle="--",
        color=_color(1),
        label="least stable topic",
    )
    chosen = table.loc[table["chosen"], "k"]
    for k in chosen:
        ax.axvline(k, color=_color(5), linewidth=1, linestyle=":", label=f"chosen k = {k}")
    ax.set_xticks(table["k"])
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("number of topics k")
    ax.set_ylabel("best-match Jaccard of top terms")
    ax.legend(loc="lower left", fontsize=8)
    ax.set_title(title or "Topic stability across random restarts")
    return fig
