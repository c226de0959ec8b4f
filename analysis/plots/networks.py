"""Figures of actor networks: one network, or one small network per group.

Layouts are seeded (``random_state``); labels are moved off the nodes and apart by
adjustText, a fixed number of iterations on a figure drawn once, so a figure is the
same on every run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import contextmanager

import adjustText
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from adjustText import adjust_text
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis.plotting import styled
from analysis.validation import check_int

TYPE_COLOURS: dict[str, str] = {
    "person": "#0072B2",
    "state": "#E69F00",
    "organisation": "#009E73",
    "armed group": "#D55E00",
    "media": "#CC79A7",
    "place": "#56B4E9",
}
_OTHER = "#999999"
LABEL_ITERATIONS = 300
PANEL_ITERATIONS = 100  # small multiples: smaller panels, fewer labels each


def network_layout(graph: nx.Graph, *, random_state: int = 0) -> dict[str, np.ndarray]:
    """Seeded positions: the largest component in the square [-1, 1]^2, the rest below it.

    The largest connected component gets a spring layout (``networkx.spring_layout``
    seeded with ``random_state``, edges attracting by ``log1p(weight)`` so one heavy tie does not
    collapse the picture). Smaller components and isolated actors sit in rows under it,
    largest first, then by name, so they do not push the main component into a corner.
    """
    if graph.number_of_nodes() == 0:
        return {}
    components = sorted(
        (sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0])
    )
    main = nx.Graph()
    main.add_nodes_from(components[0])
    inside = set(components[0])
    main.add_edges_from(
        (a, b, {"w": float(np.log1p(d.get("weight", 1.0)))})
        for a, b, d in graph.edges(data=True)
        if a in inside
    )
    pos: dict[str, np.ndarray] = {}
    if len(components[0]) > 1:
        k = 1.8 / np.sqrt(len(components[0]))
        raw = nx.spring_layout(main, seed=random_state, weight="w", k=k, iterations=300)
        xy = np.array([raw[n] for n in components[0]])
        xy = xy - xy.mean(axis=0)
        xy = xy / max(np.abs(xy).max(), 1e-9)
        pos |= {n: xy[i] for i, n in enumerate(components[0])}
    else:
        pos[components[0][0]] = np.zeros(2)
    rest = [n for c in components[1:] for n in c]
    per_row = 6
    for i, n in enumerate(rest):
        row, col = divmod(i, per_row)
        pos[n] = np.array([-1.0 + 2.0 * (col + 0.5) / per_row, -1.3 - 0.3 * row])
    return pos


def _node_sizes(values: np.ndarray, largest: float) -> np.ndarray:
    top = max(float(values.max()), 1.0) if len(values) else 1.0
    return 40 + (largest - 40) * np.sqrt(values / top)


def _draw_network(
    ax,
    graph: nx.Graph,
    pos: Mapping[str, np.ndarray],
    *,
    largest_node: float,
    widest_edge: float,
    max_weight: float | None,
    max_mentions: float | None,
    label_size: float,
) -> tuple[list, object]:
    """Edges, nodes and labels of ``graph`` on ``ax``; returns the labels and the nodes
    (for ``_place_labels``)."""
    nodes = list(graph.nodes)
    mentions = np.array([graph.nodes[n].get("mentions", 1) for n in nodes], dtype=float)
    colours = [TYPE_COLOURS.get(graph.nodes[n].get("type", ""), _OTHER) for n in nodes]
    weights = np.array([d["weight"] for _, _, d in graph.edges(data=True)], dtype=float)
    top = max_weight or (weights.max() if len(weights) else 1.0)
    for (a, b), w in zip(graph.edges(), weights, strict=True):
        (x0, y0), (x1, y1) = pos[a], pos[b]
        ax.plot(
            [x0, x1],
            [y0, y1],
            color="#555555",
            alpha=0.3 + 0.4 * w / top,
            linewidth=0.4 + widest_edge * w / top,
            zorder=1,
            solid_capstyle="round",
        )
    xy = np.array([pos[n] for n in nodes]) if nodes else np.zeros((0, 2))
    sizes = _node_sizes(np.append(mentions, max_mentions or 0), largest_node)[: len(nodes)]
    dots = ax.scatter(
        xy[:, 0], xy[:, 1], s=sizes, c=colours, edgecolors="white", linewidths=0.8, zorder=2
    )
    ax.set_axis_off()
    ax.margins(0.15)
    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    texts = [
        ax.text(
            x, y, name, fontsize=label_size, ha="center", va="center", zorder=3, path_effects=halo
        )  # fmt: skip
        for (x, y), name in zip(xy, nodes, strict=True)
    ]
    return texts, dots


@contextmanager
def _drawn():
    """adjustText draws the whole figure before placing labels; the figure is drawn
    once by the caller instead (the same state, so the same placement)."""
    saved = adjustText.force_draw
    adjustText.force_draw = lambda ax: None
    try:
        yield
    finally:
        adjustText.force_draw = saved


def _place_labels(ax, texts: list, dots, *, iterations: int = LABEL_ITERATIONS) -> None:
    """Move labels off the nodes and apart: adjustText, a fixed number of iterations
    (the figure must have been drawn since the last change)."""
    if not texts:
        return
    with _drawn():
        adjust_text(
            texts,
            ax=ax,
            objects=dots,
            iter_lim=iterations,
            expand=(1.05, 1.25),
            arrowprops={"arrowstyle": "-", "color": "#999999", "lw": 0.4},
        )


def _type_legend(
    ax, types: Sequence[str], *, loc: str = "upper left", outside: bool = False
) -> None:
    handles = [
        Line2D([], [], marker="o", linestyle="", markersize=8, color=TYPE_COLOURS.get(t, _OTHER))
        for t in types
    ]
    ax.legend(
        handles,
        list(types),
        loc=loc,
        bbox_to_anchor=(1.0, 1.0) if outside else None,
        fontsize=8,
        title="actor type",
        title_fontsize=8,
    )


def _present_types(graph: nx.Graph) -> list[str]:
    present = {d.get("type", "") for _, d in graph.nodes(data=True)}
    return [t for t in TYPE_COLOURS if t in present] + sorted(present - set(TYPE_COLOURS))


def _without_isolates(graph: nx.Graph) -> tuple[nx.Graph, int]:
    # a new graph in the original node order: subgraph views iterate in set (hash) order
    tied = nx.Graph(**graph.graph)
    tied.add_nodes_from((n, d) for n, d in graph.nodes(data=True) if graph.degree(n) > 0)
    tied.add_edges_from(graph.edges(data=True))
    return tied, graph.number_of_nodes() - tied.number_of_nodes()


@styled
def plot_network(
    graph: nx.Graph,
    *,
    random_state: int = 0,
    positions: Mapping[str, np.ndarray] | None = None,
    title: str | None = None,
) -> Figure:
    """The actor network: node size = mentions, edge width = weight, colour = type.

    Actors without a tie are not drawn (the title counts them). Positions come from
    ``network_layout(graph, random_state=random_state)`` unless given; labels are moved
    off the nodes and apart with adjustText (a fixed number of iterations, so the figure
    is reproducible).
    """
    tied, isolated = _without_isolates(graph)
    if tied.number_of_nodes() == 0:
        raise ValueError("the network has no tie to draw; lower min_count or widen the window")
    pos = network_layout(tied, random_state=random_state) if positions is None else positions
    fig, ax = plt.subplots(figsize=(10, 8))
    texts, dots = _draw_network(
        ax,
        tied,
        pos,
        largest_node=1400,
        widest_edge=7,
        max_weight=None,
        max_mentions=None,
        label_size=8,
    )
    if texts:
        fig.canvas.draw()
        _place_labels(ax, texts, dots)
    _type_legend(ax, _present_types(tied), outside=True)
    weight = graph.graph.get("weight", "weight")
    plural = "s" if isolated != 1 else ""
    note = f"; {isolated} actor{plural} without a tie not drawn" if isolated else ""
    ax.set_title(
        title
        or f"Actor network: {tied.number_of_nodes()} actors, {tied.number_of_edges()} ties "
        f"(edge width = {weight}){note}"
    )
    return fig


@styled
def plot_document_networks(
    edges: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    by: str = "doc_id",
    weight: str = "count",
    n: int = 9,
    random_state: int = 0,
    ncols: int = 3,
) -> Figure:
    """One small network per group (document or outlet): how each connects the actors.

    ``edges`` is ``cooccurrence(mentions, by=by)``. The ``n`` groups with the most
    mentions are drawn (ties by name), in group order; the title says when groups were
    left out. Each panel has its own seeded layout (``random_state``) and draws the
    actors the group ties together; node size and edge width use one scale for all
    panels, so panels can be compared. Titles count actors and ties. The figure is
    laid out once, then every panel's labels are placed.
    """
    from analysis.network import actor_network

    n = check_int("n", n, low=1)
    if by not in edges.columns or by not in mentions.columns:
        raise ValueError(f"both edges and mentions need the column {by!r}")
    sizes = mentions.groupby(by).size()
    if sizes.empty:
        raise ValueError("no mentions to draw")
    ranked = sorted(sizes.index, key=lambda g: (-int(sizes[g]), g))
    groups = sorted(ranked[:n])
    mentions = mentions[mentions[by].isin(groups)]
    edges = edges[edges[by].isin(groups)]
    top_weight = float(edges[weight].max()) if len(edges) else 1.0
    top_mentions = float(mentions.groupby([by, "actor"]).size().max())
    ncols = max(1, min(ncols, len(groups)))
    nrows = int(np.ceil(len(groups) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(5 * ncols, 4.6 * nrows), squeeze=False)
    types: set[str] = set()
    labels = []
    for ax, key in zip(axes.ravel(), groups, strict=False):
        own = mentions[mentions[by] == key]
        graph = actor_network(edges[edges[by] == key].drop(columns=by), weight=weight, mentions=own)
        tied, isolated = _without_isolates(graph)
        types |= {d["type"] for _, d in tied.nodes(data=True)}
        drawn = _draw_network(
            ax,
            tied,
            network_layout(tied, random_state=random_state),
            largest_node=600,
            widest_edge=5,
            max_weight=top_weight,
            max_mentions=top_mentions,
            label_size=6.5,
        )
        labels.append((ax, *drawn))
        ax.set_title(
            f"{key}\n{tied.number_of_nodes()} actors, {tied.number_of_edges()} ties"
            + (f" ({isolated} without a tie)" if isolated else ""),
            fontsize=8,
        )
    for ax in axes.ravel()[len(groups) :]:
        ax.set_axis_off()
    legend_ax = axes.ravel()[len(groups)] if len(groups) < axes.size else axes.ravel()[0]
    _type_legend(legend_ax, [t for t in TYPE_COLOURS if t in types], loc="center")
    left_out = len(sizes) - len(groups)
    fig.suptitle(
        f"Actor networks per {by} (node size = mentions, edge width = {weight})"
        + (f"; the {len(groups)} of {len(sizes)} with the most mentions" if left_out else "")
    )
    fig.canvas.draw()
    for ax, texts, dots in labels:
        _place_labels(ax, texts, dots, iterations=PANEL_ITERATIONS)
    return fig
