"""Figures of actor networks: one network, or one small network per group.

Legible at any corpus size, each figure by a rule its title states:

* **Actors**: at most ``max_actors``, the ones with the largest weighted degree (one
  network) or the most mentions over the drawn groups (one panel per group), ties by name.
* **Ties**: only ties among the drawn actors; when they are more than ``DENSE_TIES`` per
  drawn actor, only the backbone is drawn: the ties the disparity filter
  (``analysis.network.disparity_filter``, Serrano et al. 2009) keeps at ``BACKBONE_ALPHA``,
  plus each actor's strongest tie (the filter has no power over a few ties of nearly
  equal weight, and an actor left without a tie would float free).
* **Positions**: one network, a seeded spring layout of the drawn ties; panels, one
  Kamada-Kawai layout shared by all panels, so an actor sits at the same place in each.
* **Encoding**: node size = mentions, edge width = weight, colour = community, shape = type.
  Colour is the community (Louvain, seeded) because which actors the coverage groups
  together (the Trump-Russia inquiry, the Korean peninsula, Congress) is what a network
  shows and a list does not, while an actor's type is mostly readable from its name; the
  type is kept as the marker shape. Communities are named after their two actors with the
  largest weighted degree.

Spring layouts and communities are seeded (``random_state``; Kamada-Kawai needs no
seed); labels start under their node and are moved off the nodes and apart by
adjustText, a fixed number of iterations on a figure drawn once, so a figure is the same
on every run. Figure sizes do not depend on the corpus size.
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
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.transforms import Affine2D

from analysis.network.backbone import disparity_filter
from analysis.plotting import styled
from analysis.validation import check_int, check_option, check_real

TYPE_COLOURS: dict[str, str] = {
    "person": "#0072B2",
    "state": "#E69F00",
    "organisation": "#009E73",
    "armed group": "#D55E00",
    "media": "#CC79A7",
    "place": "#56B4E9",
}
TYPE_MARKERS: dict[str, str] = {
    "person": "o",
    "state": "s",
    "organisation": "D",
    "armed group": "^",
    "media": "v",
    "place": "h",
}
_OTHER_MARKER = "X"
# Okabe-Ito, yellow last (weak on white); communities beyond these are grey
COMMUNITY_COLOURS: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
)
_OTHER = "#999999"
_ABSENT = "#d9d9d9"
LABEL_ITERATIONS = 300
PANEL_ITERATIONS = 100  # small multiples: smaller panels, fewer labels each
DENSE_TIES = 3  # more ties than this per drawn actor: draw the backbone only
BACKBONE_ALPHA = 0.05


def network_layout(
    graph: nx.Graph, *, random_state: int = 0, method: str = "spring"
) -> dict[str, np.ndarray]:
    """Seeded positions: the largest component in the square [-1, 1]^2, the rest below it.

    The largest connected component gets a spring layout (``networkx.spring_layout``
    seeded with ``random_state``, edges attracting by ``log1p(weight)`` so one heavy tie does not
    collapse the picture), or with ``method="kamada-kawai"`` a Kamada-Kawai layout of its
    path lengths in ties (deterministic without a seed; actors spread evenly, for panels).
    Smaller components and isolated actors sit in rows under it, largest first, then by
    name, so they do not push the main component into a corner.
    """
    check_option("method", method, ("spring", "kamada-kawai"))
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
        if method == "spring":
            k = 1.8 / np.sqrt(len(components[0]))
            raw = nx.spring_layout(main, seed=random_state, weight="w", k=k, iterations=300)
        else:
            raw = nx.kamada_kawai_layout(main, weight=None)
        xy = np.array([raw[n] for n in components[0]])
        xy = xy - xy.mean(axis=0)
        xy = xy / max(np.abs(xy).max(), 1e-9)
        pos |= {n: xy[i] for i, n in enumerate(components[0])}
    else:
        pos[components[0][0]] = np.zeros(2)
    # smaller components: each in its own cell of a grid under the main one (a pair side
    # by side, three or more on a circle), so no edge runs through another component
    per_row = 6
    cell = 2.0 / per_row
    slot = 0
    for component in components[1:]:
        size = len(component)
        span = 1 if size == 1 else 2 if size <= 6 else 3  # cells the component occupies
        if slot % per_row + span > per_row:
            slot += per_row - slot % per_row
        row, col = divmod(slot, per_row)
        centre = np.array([-1.0 + cell * (col + span / 2), -1.3 - 0.45 * row])
        if size <= 2:
            offsets = [np.array([(i - (size - 1) / 2) * cell * 0.9, 0.0]) for i in range(size)]
        else:
            angles = np.pi / 2 - 2 * np.pi * np.arange(size) / size
            radius = 0.4 * cell * span / 2 + 0.02 * size
            offsets = [radius * np.array([np.cos(a), 0.6 * np.sin(a)]) for a in angles]
        pos |= {n: centre + offsets[i] for i, n in enumerate(component)}
        slot += span
    return pos


# --- selection: which actors, which ties ---------------------------------------------------------


def _ranked(scores: Mapping[str, float], n: int) -> list[str]:
    """The ``n`` keys with the largest score, ties by name."""
    return sorted(scores, key=lambda k: (-float(scores[k]), str(k)))[:n]


def _induced(graph: nx.Graph, actors: Sequence[str]) -> nx.Graph:
    """``graph`` restricted to ``actors``, a new graph with nodes in ``actors`` order and
    edges sorted by name (subgraph views iterate in set order)."""
    keep = set(actors)
    out = nx.Graph(**graph.graph)
    out.add_nodes_from((n, graph.nodes[n]) for n in actors)
    out.add_edges_from(
        sorted(
            ((a, b, d) for a in actors for b, d in graph[a].items() if b in keep and a < b),
            key=lambda e: (e[0], e[1]),
        )
    )
    return out


def _edge_table(graph: nx.Graph) -> pd.DataFrame:
    rows = [(a, b, float(d["weight"])) for a, b, d in graph.edges(data=True)]
    return pd.DataFrame(rows, columns=["actor_a", "actor_b", "weight"]).sort_values(
        ["weight", "actor_a", "actor_b"], ascending=[False, True, True], ignore_index=True
    )


def _thin(graph: nx.Graph, alpha: float | None) -> tuple[nx.Graph, float | None]:
    """The ties drawn of ``graph`` and the alpha used (``None``: every tie drawn).

    With ``alpha=None`` every tie is drawn unless there are more than ``DENSE_TIES`` per
    actor; then, as with a number, the disparity-filter backbone at that alpha
    (``BACKBONE_ALPHA`` by default) plus each actor's strongest tie (all of them when
    several share the largest weight), so every tied actor stays attached even where
    the test has no power (a few ties of nearly equal weight). Nodes are kept.
    """
    if graph.number_of_edges() == 0:
        return graph, None
    if alpha is None:
        if graph.number_of_edges() <= DENSE_TIES * graph.number_of_nodes():
            return graph, None
        alpha = BACKBONE_ALPHA
    table = _edge_table(graph)
    backbone = disparity_filter(table, alpha=alpha, weight="weight")
    first, second, w = (table[c].to_numpy() for c in ("actor_a", "actor_b", "weight"))
    top = pd.Series(np.concatenate([w, w])).groupby(np.concatenate([first, second])).max()
    strongest = (w == top[first].to_numpy()) | (w == top[second].to_numpy())
    pairs = sorted(
        set(zip(backbone["actor_a"], backbone["actor_b"], strict=True))
        | set(zip(first[strongest], second[strongest], strict=True))
    )
    out = nx.Graph(**graph.graph)
    out.add_nodes_from(graph.nodes(data=True))
    out.add_edges_from((a, b, graph.edges[a, b]) for a, b in pairs)
    return out, alpha


def _skeleton(graph: nx.Graph) -> nx.Graph:
    """The ties a shared layout is computed on: the disparity-filter backbone at
    ``BACKBONE_ALPHA`` plus a maximum spanning forest (each actor's path of strongest
    ties), so the structure shows and no component falls apart."""
    backbone, _ = _thin(graph, BACKBONE_ALPHA)
    forest = nx.maximum_spanning_tree(graph, weight="weight")
    out = nx.Graph(**graph.graph)
    out.add_nodes_from(graph.nodes(data=True))
    pairs = {tuple(sorted(e)) for e in [*backbone.edges(), *forest.edges()]}
    out.add_edges_from((a, b, graph.edges[a, b]) for a, b in sorted(pairs))
    return out


def actor_communities(graph: nx.Graph, *, random_state: int = 0) -> dict[str, int]:
    """Community number of each actor: Louvain (``networkx.louvain_communities``, weight =
    ``weight``, ``seed=random_state``), numbered 0, 1, ... by size descending, then by
    the name of the member with the largest weighted degree."""
    if graph.number_of_nodes() == 0:
        return {}
    found = nx.community.louvain_communities(graph, weight="weight", seed=random_state)
    strength = dict(graph.degree(weight="weight"))
    heads = [_ranked({n: strength[n] for n in c}, 1)[0] for c in found]
    order = sorted(range(len(found)), key=lambda i: (-len(found[i]), heads[i]))
    return {n: rank for rank, i in enumerate(order) for n in found[i]}


def _community_styles(
    graph: nx.Graph, community: Mapping[str, int]
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Colour of each actor and the legend entries (colour, label): communities of two
    actors or more get the palette in community order, the rest grey."""
    strength = dict(graph.degree(weight="weight"))
    members: dict[int, list[str]] = {}
    for n in graph.nodes:
        members.setdefault(community[n], []).append(n)
    coloured = [c for c in sorted(members) if len(members[c]) > 1][: len(COMMUNITY_COLOURS)]
    colour = {c: COMMUNITY_COLOURS[i] for i, c in enumerate(coloured)}
    legend = []
    for c in coloured:
        top = _ranked({n: strength[n] for n in members[c]}, 2)
        more = len(members[c]) - len(top)
        legend.append((colour[c], ", ".join(top) + (f" +{more}" if more else "")))
    rest = sum(len(m) for c, m in members.items() if c not in colour)
    if rest:
        legend.append((_OTHER, f"other ({rest} actor{'s' if rest != 1 else ''})"))
    return {n: colour.get(community[n], _OTHER) for n in graph.nodes}, legend


# --- drawing -------------------------------------------------------------------------------------


def _node_sizes(values: np.ndarray, largest: float) -> np.ndarray:
    top = max(float(values.max()), 1.0) if len(values) else 1.0
    return 40 + (largest - 40) * np.sqrt(values / top)


def _marker_path(marker: str):
    """The marker's path scaled to the area of the circle marker, so that node area
    encodes mentions whatever the shape."""
    style = MarkerStyle(marker)
    path = style.get_path().transformed(style.get_transform())
    area = sum(
        abs(np.dot(p[:, 0], np.roll(p[:, 1], -1)) - np.dot(p[:, 1], np.roll(p[:, 0], -1))) / 2
        for p in path.to_polygons()
    )
    return path.transformed(Affine2D().scale(np.sqrt((np.pi / 4) / area)))


def _draw_network(
    ax,
    graph: nx.Graph,
    pos: Mapping[str, np.ndarray],
    *,
    colours: Mapping[str, str],
    largest_node: float,
    widest_edge: float,
    max_weight: float | None,
    max_mentions: float | None,
    label_size: float,
) -> tuple[list, object]:
    """Nodes (one collection, first on ``ax``; shape = type), edges and labels of ``graph``
    on ``ax``; returns the labels and the nodes (for ``_place_labels``)."""
    nodes = list(graph.nodes)
    mentions = np.array([graph.nodes[n].get("mentions", 1) for n in nodes], dtype=float)
    xy = np.array([pos[n] for n in nodes]) if nodes else np.zeros((0, 2))
    sizes = _node_sizes(np.append(mentions, max_mentions or 0), largest_node)[: len(nodes)]
    dots = ax.scatter(
        xy[:, 0],
        xy[:, 1],
        s=sizes,
        c=[colours.get(n, _OTHER) for n in nodes],
        edgecolors="white",
        linewidths=0.8,
        zorder=2,
    )
    types = [graph.nodes[n].get("type", "") for n in nodes]
    dots.set_paths([_marker_path(TYPE_MARKERS.get(t, _OTHER_MARKER)) for t in types])
    weights = np.array([d["weight"] for _, _, d in graph.edges(data=True)], dtype=float)
    if len(weights):
        top = max_weight or weights.max()
        share = weights / top
        segments = [(pos[a], pos[b]) for a, b in graph.edges()]
        rgba = np.array([to_rgba("#555555")] * len(weights))
        rgba[:, 3] = 0.3 + 0.4 * share
        ax.add_collection(
            LineCollection(
                segments,
                colors=rgba,
                linewidths=0.4 + widest_edge * share,
                zorder=1,
                capstyle="round",
            )
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
    # start each label just under its node (radius sqrt(size) / 2 points), then repel
    radius_px = np.sqrt(dots.get_sizes()) / 2 * ax.figure.dpi / 72 + 2
    centres = ax.transData.transform(dots.get_offsets())
    starts = ax.transData.inverted().transform(centres - np.c_[np.zeros(len(centres)), radius_px])
    for text, (x, y) in zip(texts, starts, strict=True):
        text.set_position((x, y))
        text.set_verticalalignment("top")
    with _drawn():
        adjust_text(
            texts,
            ax=ax,
            objects=dots,
            iter_lim=iterations,
            expand=(1.05, 1.25),
            arrowprops={"arrowstyle": "-", "color": "#999999", "lw": 0.4},
        )


def _present_types(graph: nx.Graph) -> list[str]:
    present = {d.get("type", "") for _, d in graph.nodes(data=True)}
    return [t for t in TYPE_MARKERS if t in present] + sorted(present - set(TYPE_MARKERS))


def _legends(fig: Figure, communities: list[tuple[str, str]], types: Sequence[str], *, loc: str):
    """Two figure legends outside the axes: colour = community, shape = type."""
    colour_handles = [
        Line2D([], [], marker="o", linestyle="", markersize=8, color=c) for c, _ in communities
    ]
    shape_handles = [
        Line2D(
            [],
            [],
            marker=TYPE_MARKERS.get(t, _OTHER_MARKER),
            linestyle="",
            markersize=7,
            color="#666666",
        )
        for t in types
    ]
    below = loc == "lower"
    common = {"fontsize": 8, "title_fontsize": 8, "alignment": "left"}
    fig.legend(
        colour_handles,
        [label for _, label in communities],
        loc="outside lower left" if below else "outside right upper",
        title="community (colour)",
        ncols=min(3, max(1, len(communities))) if below else 1,
        **common,
    )
    fig.legend(
        shape_handles,
        [t or "(no type)" for t in types],
        loc="outside lower right" if below else "outside right lower",
        title="actor type (shape)",
        ncols=min(3, max(1, len(types))) if below else 1,
        **common,
    )


def _without_isolates(graph: nx.Graph) -> tuple[nx.Graph, int]:
    # a new graph in the original node order: subgraph views iterate in set (hash) order
    tied = nx.Graph(**graph.graph)
    tied.add_nodes_from((n, d) for n, d in graph.nodes(data=True) if graph.degree(n) > 0)
    tied.add_edges_from(graph.edges(data=True))
    return tied, graph.number_of_nodes() - tied.number_of_nodes()


def _check_alpha(backbone_alpha: float | None) -> float | None:
    if backbone_alpha is None:
        return None
    value = check_real("backbone_alpha", backbone_alpha, low=0.0, high=1.0)
    if value == 0.0:
        raise ValueError("backbone_alpha must be in (0, 1], not 0.0")
    return value


def _tie_rule(alpha: float) -> str:
    return f"the disparity-filter backbone at alpha {alpha:g} and each actor's strongest tie"


def _s(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


@styled
def plot_network(
    graph: nx.Graph,
    *,
    max_actors: int = 30,
    backbone_alpha: float | None = None,
    random_state: int = 0,
    positions: Mapping[str, np.ndarray] | None = None,
    title: str | None = None,
) -> Figure:
    """The actor network, legible at any size, with the rule of what is drawn in its title.

    Rules, in order:

    1. Actors without a tie are not drawn (the title counts them).
    2. Of the others, the ``max_actors`` with the largest weighted degree (sum of the
       ``weight`` of their ties; ties by name) are drawn, with the ties among them.
    3. Ties: with ``backbone_alpha=None``, all of them unless they are more than
       ``DENSE_TIES`` (3) per drawn actor; then (at ``BACKBONE_ALPHA``, 0.05), as with a
       number, the disparity-filter backbone of the drawn network (``disparity_filter`` at
       that alpha: the ties that carry a significant share of one of their actors' weight
       among the drawn ties) plus each drawn actor's strongest tie.

    Node size = mentions, edge width = weight, colour = community (Louvain on the drawn
    actors with all their ties among them, ``seed=random_state``; see the module
    docstring for why), shape = actor type. Positions come from
    ``network_layout(drawn, random_state=random_state)`` on the drawn ties unless given;
    labels are moved off the nodes and apart with adjustText (fixed iterations).

    Parameters
    ----------
    graph : networkx.Graph
        From ``actor_network``.
    max_actors : int, default 30
        At most this many actors are drawn.
    backbone_alpha : float, optional
        Significance level of the disparity filter, in (0, 1]; ``None``: automatic (above).
    random_state : int, default 0
        Seed of the layout and of the communities.
    positions : mapping, optional
        Actor -> (x, y) for every drawn actor (e.g. to compare two networks).
    title : str, optional
        Replaces the title; the rule is then the caller's to state.
    """
    max_actors = check_int("max_actors", max_actors, low=1)
    alpha = _check_alpha(backbone_alpha)
    tied, isolated = _without_isolates(graph)
    if tied.number_of_nodes() == 0:
        raise ValueError("the network has no tie to draw; lower min_count or widen the window")
    strength = dict(tied.degree(weight="weight"))
    capped = tied.number_of_nodes() > max_actors
    actors = _ranked(strength, max_actors) if capped else list(tied.nodes)
    among = _induced(tied, sorted(actors)) if capped else tied
    drawn, used_alpha = _thin(among, alpha)
    if positions is None:
        pos = network_layout(drawn, random_state=random_state)
    else:
        lacking = [n for n in drawn.nodes if n not in positions]
        if lacking:
            raise ValueError(f"positions lack drawn actors: {lacking[:5]}")
        pos = {n: np.asarray(positions[n], dtype=float) for n in drawn.nodes}
    community = actor_communities(among, random_state=random_state)
    colours, legend = _community_styles(among, community)
    fig, ax = plt.subplots(figsize=(11, 8))
    texts, dots = _draw_network(
        ax,
        drawn,
        pos,
        colours=colours,
        largest_node=1400,
        widest_edge=7,
        max_weight=None,
        max_mentions=None,
        label_size=8,
    )
    _legends(fig, legend, _present_types(drawn), loc="lower")
    fig.canvas.draw()
    _place_labels(ax, texts, dots)
    weight = graph.graph.get("weight", "weight")
    if capped:
        head = (
            f"Actor network: the {len(actors)} of {tied.number_of_nodes():,} tied actors with "
            f"the largest weighted degree (sum of {weight})"
        )
    else:
        head = f"Actor network: {_s(drawn.number_of_nodes(), 'actor')}"
        if used_alpha is None:
            head += f", {_s(drawn.number_of_edges(), 'tie')} (edge width = {weight})"
    untied = f"{_s(isolated, 'actor')} without a tie not drawn" if isolated else ""
    lines = [head]
    if used_alpha is not None:
        lines.append(
            f"{drawn.number_of_edges():,} of their {among.number_of_edges():,} ties: "
            f"{_tie_rule(used_alpha)}"
        )
    elif capped:
        lines.append(f"All {_s(among.number_of_edges(), 'tie')} among them")
    if len(lines) == 1:
        lines[0] += f"; {untied}" if untied else ""
        lines.append("node size = mentions, colour = community (Louvain), shape = type")
    else:
        encoding = f"node size = mentions, edge width = {weight}, colour = community, shape = type"
        lines.append(encoding + (f"; {untied}" if untied else ""))
    ax.set_title(title or "\n".join(lines))
    return fig


def _plural(by: str) -> str:
    if by == "doc_id":
        return "documents"
    return f"{by} groups" if by.endswith("s") else f"{by}s"


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
    max_actors: int = 20,
    backbone_alpha: float | None = None,
) -> Figure:
    """One small network per group (document or outlet), all on one layout, to compare.

    Rules, stated in the title:

    * Groups: the ``n`` with the most mentions (ties by name), drawn in group order.
    * Actors: the ``max_actors`` most mentioned over the drawn groups (ties by name) among
      the actors tied to another in at least one of them. Each panel draws those that
      the group ties together (a tie between two actors both in the set).
    * Ties: all ties among those actors, unless a panel has more than ``DENSE_TIES`` (3)
      ties per drawn actor; then that panel's disparity-filter backbone at
      ``BACKBONE_ALPHA`` (or at ``backbone_alpha``, then in every panel).
    * Positions: one layout of the union of the drawn groups' networks (weights summed
      over groups): Kamada-Kawai (``network_layout(method="kamada-kawai")``) on its
      backbone plus maximum spanning forest (``_skeleton``), so an actor
      sits at the same place in every panel. Actors of the set that a panel does not
      draw are small light-grey dots, unlabelled. Colour = community in that union
      (Louvain, ``seed=random_state``), shape = type, node size = mentions in the group,
      edge width = weight, on one scale for all panels.

    ``edges`` is ``cooccurrence(mentions, by=by)``. Legends sit below the panels. The
    figure is laid out once, then every panel's labels are placed.
    """
    from analysis.network import actor_network

    n = check_int("n", n, low=1)
    max_actors = check_int("max_actors", max_actors, low=1)
    alpha = _check_alpha(backbone_alpha)
    if by not in edges.columns or by not in mentions.columns:
        raise ValueError(f"both edges and mentions need the column {by!r}")
    if weight not in edges.columns:
        raise ValueError(f"no column {weight!r} in edges; pass the output of cooccurrence")
    sizes = mentions.groupby(by).size()
    if sizes.empty:
        raise ValueError("no mentions to draw")
    groups = sorted(_ranked(sizes.to_dict(), n))
    mentions = mentions[mentions[by].isin(groups)]
    edges = edges[edges[by].isin(groups) & (edges[weight] > 0)]
    tied_names = set(edges["actor_a"]) | set(edges["actor_b"])
    counts = mentions.groupby("actor").size()
    counts = counts[counts.index.isin(tied_names)]
    actors = sorted(_ranked(counts.to_dict(), max_actors))
    if not actors:
        raise ValueError("the drawn groups have no tie to draw; lower n or widen the unit")
    chosen = set(actors)
    edges = edges[edges["actor_a"].isin(chosen) & edges["actor_b"].isin(chosen)]
    mentions = mentions[mentions["actor"].isin(chosen)]

    pooled = edges.groupby(["actor_a", "actor_b"], as_index=False)[weight].sum()
    union = nx.Graph()
    kinds = mentions.drop_duplicates("actor").set_index("actor")["actor_type"]
    union.add_nodes_from((a, {"type": kinds.get(a, "")}) for a in actors)
    union.add_edges_from(
        (r.actor_a, r.actor_b, {"weight": float(getattr(r, weight))})
        for r in pooled.itertuples(index=False)
    )
    pos = network_layout(_skeleton(union), random_state=random_state, method="kamada-kawai")
    colours, legend = _community_styles(union, actor_communities(union, random_state=random_state))

    panels = []
    for key in groups:
        own = mentions[mentions[by] == key]
        graph = actor_network(edges[edges[by] == key].drop(columns=by), weight=weight, mentions=own)
        tied, _ = _without_isolates(graph)
        thinned, used = _thin(tied, alpha)
        panels.append((key, tied, thinned, used))
    top_weight = max(
        (d["weight"] for _, _, thinned, _ in panels for _, _, d in thinned.edges(data=True)),
        default=1.0,
    )
    top_mentions = float(mentions.groupby([by, "actor"]).size().max()) if len(mentions) else 1.0

    ncols = max(1, min(ncols, len(groups)))
    nrows = int(np.ceil(len(groups) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(5 * ncols, 4.6 * nrows + 1.2), squeeze=False)
    labels = []
    types: set[str] = set()
    for ax, (key, tied, thinned, used) in zip(axes.ravel(), panels, strict=False):
        types |= {d.get("type", "") for _, d in thinned.nodes(data=True)}
        drawn = _draw_network(
            ax,
            thinned,
            pos,
            colours=colours,
            largest_node=600,
            widest_edge=5,
            max_weight=top_weight,
            max_mentions=top_mentions,
            label_size=6.5,
        )
        absent = [a for a in actors if a not in thinned]
        if absent:
            ghost = np.array([pos[a] for a in absent])
            ax.scatter(ghost[:, 0], ghost[:, 1], s=12, color=_ABSENT, linewidths=0, zorder=0)
        span = np.array(list(pos.values()))
        ax.set_xlim(span[:, 0].min() - 0.25, span[:, 0].max() + 0.25)
        ax.set_ylim(span[:, 1].min() - 0.2, span[:, 1].max() + 0.2)
        labels.append((ax, *drawn))
        ties = _s(thinned.number_of_edges(), "tie")
        if used is not None:
            ties = (
                f"{thinned.number_of_edges():,} of {_s(tied.number_of_edges(), 'tie')} (backbone)"
            )
        ax.set_title(
            f"{key}\n{thinned.number_of_nodes()} of the {len(actors)} actors, {ties}", fontsize=8
        )
    for ax in axes.ravel()[len(groups) :]:
        ax.set_axis_off()
    present = [t for t in TYPE_MARKERS if t in types] + sorted(types - set(TYPE_MARKERS))
    _legends(fig, legend, present, loc="lower")
    noun = "document" if by == "doc_id" else by
    plural = _plural(by)
    chosen_groups = (
        f"the {len(groups)} of {len(sizes):,} with the most mentions"
        if len(sizes) > len(groups)
        else f"all {len(groups)}"
    )
    tie_rule = (
        f"Ties: {_tie_rule(alpha)}"
        if alpha is not None
        else f"Ties: all; in panels with more than {DENSE_TIES} per actor, "
        f"{_tie_rule(BACKBONE_ALPHA)}"
    )
    fig.suptitle(
        f"Actor networks per {noun} ({chosen_groups}), one layout for all panels\n"
        f"Actors: the {len(actors)} of {len(counts):,} tied actors with the most mentions in "
        f"these {plural}\n{tie_rule}\n"
        f"node size = mentions, edge width = {weight}, colour = community, shape = type",
        fontsize=10,
        x=0.01,
        ha="left",
    )
    fig.canvas.draw()
    for ax, texts, dots in labels:
        _place_labels(ax, texts, dots, iterations=PANEL_ITERATIONS)
    return fig
