"""Figures of group comparisons: a two-group term scatter and rates over time with bands."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from adjustText import adjust_text
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from analysis.plotting import styled

LABEL_ITERATIONS = 200
MAX_SERIES = 8


def _colour(n: int) -> str:
    return to_hex(f"C{n % 8}")


@styled
def plot_term_scatter(
    table: pd.DataFrame,
    *,
    n_labels: int = 12,
    alpha: float = 0.05,
    title: str | None = None,
) -> Figure:
    """Two groups' use of every term, in the manner of scattertext (a static figure).

    ``table`` is ``compare_groups(...)``: x is the term's rate in the reference,
    y in the target, per 10,000 tokens (``counts="tokens"``) or per 100 documents
    (``counts="documents"``), on log axes with a zero count drawn at half the
    smallest step (0.5 / size). Terms with ``q_value < alpha`` are coloured by the
    side that favours them; the ``n_labels`` most extreme on each side (by g2) are
    labelled, moved apart with adjustText (fixed iterations, so the figure is
    reproducible). The diagonal is equal use.
    """
    for column in ("term", "target_count", "reference_count", "g2", "q_value"):
        if column not in table.columns:
            raise ValueError(f"table lacks {column!r}: pass the output of compare_groups")
    attrs = table.attrs
    c1, c2 = float(attrs.get("target_size", 0)), float(attrs.get("reference_size", 0))
    if c1 <= 0 or c2 <= 0:
        raise ValueError("table.attrs lacks target_size/reference_size: use compare_groups")
    per, unit = (
        (100.0, "per 100 documents")
        if attrs.get("counts") == "documents"
        else (
            10_000.0,
            "per 10,000 tokens",
        )
    )
    x = np.maximum(table["reference_count"].to_numpy(float), 0.5) * per / c2
    y = np.maximum(table["target_count"].to_numpy(float), 0.5) * per / c1
    significant = table["q_value"].to_numpy() < alpha
    target_side = significant & (table["g2"].to_numpy() > 0)
    reference_side = significant & (table["g2"].to_numpy() < 0)
    fig, ax = plt.subplots(figsize=(8, 7.5))
    rasterized = len(table) > 2000
    other = ~(target_side | reference_side)
    ax.scatter(x[other], y[other], s=6, color="#bbbbbb", alpha=0.5, rasterized=rasterized)
    names = attrs.get("target", "target"), attrs.get("reference", "reference")
    for side, colour, label in (
        (target_side, _colour(0), f"more in {names[0]} (q < {alpha})"),
        (reference_side, _colour(5), f"more in {names[1]} (q < {alpha})"),
    ):
        ax.scatter(x[side], y[side], s=10, color=colour, rasterized=rasterized, label=label)
    low, high = min(x.min(), y.min()), max(x.max(), y.max())
    ax.plot([low, high], [low, high], color="black", linewidth=0.8)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(f"{attrs.get('reference', 'reference')}: {unit} (log)")
    ax.set_ylabel(f"{attrs.get('target', 'target')}: {unit} (log)")
    ordered = table.assign(_x=x, _y=y).sort_values(["g2", "term"], ascending=[False, True])
    extremes = pd.concat([ordered.head(n_labels), ordered.tail(n_labels)]).drop_duplicates("term")
    texts = [
        ax.text(r["_x"], r["_y"], str(r["term"]), fontsize=7.5) for _, r in extremes.iterrows()
    ]
    ax.legend(loc="upper left", fontsize=8)
    ax.set_title(
        title
        or f"{attrs.get('target', 'target')} against {attrs.get('reference', 'reference')}: "
        f"{len(table):,} terms\nlabelled: the {n_labels} most over-used on each side (signed G2)",
        loc="left",
        fontsize=10,
    )
    if texts:
        fig.canvas.draw()
        adjust_text(
            texts,
            ax=ax,
            iter_lim=LABEL_ITERATIONS,
            arrowprops={"arrowstyle": "-", "color": "#999999", "lw": 0.4},
        )
    return fig


@styled
def plot_over_time(
    trends: pd.DataFrame,
    *,
    items: Sequence[str] | None = None,
    groups: Sequence[str] | None = None,
    title: str | None = None,
) -> Figure:
    """Rate per period with its bootstrap band, one panel per item (``over_time(...)``).

    One line per group when the table has a ``group`` column: ``groups`` in that
    order (colours C0, C1...; e.g. the target side first, as in the other figures
    of a comparison), or at most ``MAX_SERIES`` groups with the most documents
    (stated); else one line.
    Periods are drawn in the table's order as categories, so months without a
    document are not invented.
    """
    for column in ("period", "item", "rate", "low", "high", "documents"):
        if column not in trends.columns:
            raise ValueError(f"trends lacks {column!r}: pass the output of over_time")
    items = list(dict.fromkeys(trends["item"])) if items is None else list(items)
    unknown = [i for i in items if i not in set(trends["item"])]
    if unknown:
        raise ValueError(f"items {unknown} are not in the table")
    periods = list(dict.fromkeys(trends["period"].astype(str)))
    position = {p: i for i, p in enumerate(periods)}
    grouped = "group" in trends.columns
    series = [None]
    note = ""
    if grouped and groups is not None:
        unknown = [g for g in groups if g not in set(trends["group"])]
        if unknown:
            raise ValueError(f"groups {unknown} are not in the table")
        series = list(groups)
    elif grouped:
        sizes = trends.drop_duplicates(["period", "group"]).groupby("group")["documents"].sum()
        ranked = sorted(sizes.index, key=lambda g: (-int(sizes[g]), str(g)))
        series = ranked[:MAX_SERIES]
        if len(ranked) > len(series):
            note = f"; the {len(series)} of {len(ranked)} groups with the most documents"
    fig, axes = plt.subplots(
        len(items), 1, figsize=(9, 2.6 * len(items) + 0.8), squeeze=False, sharex=True
    )
    for ax, item in zip(axes[:, 0], items, strict=True):
        own = trends[trends["item"] == item]
        for k, name in enumerate(series):
            rows = own if name is None else own[own["group"] == name]
            xs = rows["period"].astype(str).map(position).to_numpy()
            colour = _colour(k)
            ax.fill_between(xs, rows["low"], rows["high"], color=colour, alpha=0.2, linewidth=0)
            ax.plot(xs, rows["rate"], marker="o", markersize=3, color=colour,
                    label=None if name is None else str(name))  # fmt: skip
        ax.set_title(str(item), fontsize=9, loc="left")
        ax.set_ylabel("per 10,000 tokens", fontsize=8)
        if grouped:
            ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    step = max(1, len(periods) // 12)
    axes[-1, 0].set_xticks(range(0, len(periods), step), periods[::step], rotation=45, ha="right")
    fig.suptitle(
        title
        or f"Rate per period with a {trends.attrs.get('confidence', 0.95):.0%} bootstrap band "
        f"over documents{note}",
        x=0.01,
        ha="left",
        fontsize=10,
        fontweight="bold",
    )
    return fig


@styled
def plot_edge_keyness(
    table: pd.DataFrame,
    *,
    n: int = 30,
    alpha: float = 0.05,
    random_state: int = 0,
    title: str | None = None,
) -> Figure:
    """The actor pairs one group puts together more than the other (``edge_keyness(...)``).

    Drawn: the ``n`` pairs with the largest ``|g2|`` among those with
    ``q_value < alpha`` (the title says how many passed). When none passes, the
    ``n`` largest differences are drawn dashed and the title says that none is
    significant, so a small corpus still shows where the sides lean. Edge colour =
    the side that favours the pair, width = ``|log_ratio|``; node labels are the
    actors. Layout: ``network_layout`` (seeded spring).
    """
    import networkx as nx

    from analysis.plots.networks import network_layout

    for column in ("actor_a", "actor_b", "g2", "log_ratio", "q_value"):
        if column not in table.columns:
            raise ValueError(f"table lacks {column!r}: pass the output of edge_keyness")
    passed = table[table["q_value"] < alpha]
    significant = not passed.empty
    pool = passed if significant else table
    ranked = pool.assign(_abs=pool["g2"].abs()).sort_values(
        ["_abs", "actor_a", "actor_b"], ascending=[False, True, True]
    )
    # each side gets half the pairs drawn, so the weaker side is not crowded out
    half = -(-n // 2)
    shown = pd.concat([ranked[ranked["g2"] > 0].head(half), ranked[ranked["g2"] < 0].head(half)])
    target = table.attrs.get("target", "target")
    reference = table.attrs.get("reference", "reference")
    fig, ax = plt.subplots(figsize=(10, 8))
    ax.set_axis_off()
    chosen = (
        f"the {len(shown)} of {len(passed)} pairs with q < {alpha} with the largest |G2| "
        f"(at most {half} per side)"
        if significant
        else f"no pair differs at q < {alpha}; dashed: the {len(shown)} largest |G2| of "
        f"{len(table)} (at most {half} per side), not significant"
    )
    ax.set_title(
        title
        or f"Pairs {target} and {reference} put together differently "
        f"({table.attrs.get('unit', 'unit')}s)\n{chosen}\nedge colour = the side that favours "
        "the pair, width = |Log Ratio|",
        loc="left",
        fontsize=10,
    )
    if shown.empty:
        ax.text(0.5, 0.5, "no actor pair to compare", ha="center", transform=ax.transAxes)
        return fig
    graph = nx.Graph()
    for r in shown.itertuples():
        graph.add_edge(r.actor_a, r.actor_b, weight=abs(r.log_ratio), favours=r.g2 > 0)
    pos = network_layout(graph, random_state=random_state)
    for favours, colour in ((True, _colour(0)), (False, _colour(5))):
        edges = [(u, v) for u, v, d in graph.edges(data=True) if d["favours"] is favours]
        widths = [0.6 + 0.6 * graph.edges[e]["weight"] for e in edges]
        nx.draw_networkx_edges(
            graph,
            pos,
            edgelist=edges,
            width=widths,
            edge_color=colour,
            style="solid" if significant else "dashed",
            ax=ax,
        )
    nx.draw_networkx_nodes(graph, pos, node_size=60, node_color="#444444", ax=ax)
    texts = [ax.text(*pos[node], str(node), fontsize=8) for node in graph.nodes]
    handles = [
        plt.Line2D([], [], color=_colour(0), linewidth=2, label=f"more in {target}"),
        plt.Line2D([], [], color=_colour(5), linewidth=2, label=f"more in {reference}"),
    ]
    ax.legend(handles=handles, loc="lower left", fontsize=8, frameon=False)
    fig.canvas.draw()
    adjust_text(texts, ax=ax, iter_lim=LABEL_ITERATIONS)
    return fig


@styled
def plot_framing_by_group(
    table: pd.DataFrame,
    *,
    n: int = 8,
    groups: Sequence[str] | None = None,
    title: str | None = None,
) -> Figure:
    """Side by side: the words each group uses most, against the other groups, for one actor.

    ``table`` is ``framing_by_group(...)``; one panel per group (``groups``, or
    every group of the table, at most ``MAX_SERIES``), the ``n`` terms with the
    largest positive G2, bars on one shared x axis.
    """
    key = table.columns[0]
    for column in ("term", "g2", "target_count"):
        if column not in table.columns:
            raise ValueError(f"table lacks {column!r}: pass the output of framing_by_group")
    available = list(dict.fromkeys(table[key].astype(str)))
    shown = [str(g) for g in groups] if groups is not None else available
    unknown = [g for g in shown if g not in available]
    if unknown:
        raise ValueError(f"groups {unknown} are not in the table")
    left_out = max(0, len(shown) - MAX_SERIES)
    shown = shown[:MAX_SERIES]
    fig, axes = plt.subplots(
        1, len(shown), figsize=(3.2 * len(shown) + 1, 0.32 * n + 1.6), squeeze=False, sharex=True
    )
    for k, (ax, group) in enumerate(zip(axes[0], shown, strict=True)):
        rows = table[(table[key].astype(str) == group) & (table["g2"] > 0)].head(n).iloc[::-1]
        ax.barh(rows["term"], rows["g2"], color=_colour(k))
        ax.set_title(group, fontsize=9, loc="left")
        ax.tick_params(axis="y", labelsize=8)
        ax.grid(axis="y", visible=False)
        ax.set_xlabel("G2 against the other groups", fontsize=8)
    note = f" (the first {len(shown)} groups; {left_out} more in the table)" if left_out else ""
    fig.suptitle(
        title
        or f"How each {key} describes {table.attrs.get('actor', 'the actor')}, against the "
        f"other groups{note}",
        x=0.01,
        ha="left",
        fontsize=10,
        fontweight="bold",
    )
    return fig


@styled
def plot_naming_by_group(table: pd.DataFrame, *, actor: str, n: int = 6) -> Figure:
    """Stacked shares of how each group names one actor (``naming_by_group(...)``).

    The ``n`` surfaces most used over all groups get a colour, the rest are summed
    as "other"; the title gives the G-test of homogeneity.
    """
    rows = table[table["actor"] == actor]
    if rows.empty:
        raise ValueError(f"{actor!r} is not in the table")
    totals = rows.groupby("surface")["count"].sum()
    top = sorted(totals.index, key=lambda s: (-int(totals[s]), s))[:n]
    shares = rows.assign(surface=rows["surface"].where(rows["surface"].isin(top), "other"))
    wide = shares.pivot_table(index="group", columns="surface", values="share", aggfunc="sum")
    wide = wide.reindex(columns=[*top, *(["other"] if "other" in wide.columns else [])])
    wide = wide.fillna(0.0)
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(wide) + 1.8))
    left = np.zeros(len(wide))
    for k, surface in enumerate(wide.columns):
        colour = "#bbbbbb" if surface == "other" else _colour(k)
        ax.barh(wide.index.astype(str), wide[surface], left=left, color=colour, label=surface)
        left += wide[surface].to_numpy()
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the group's mentions of the actor")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    test = rows.iloc[0]
    stat = (
        f"G-test of homogeneity: G2 {test['g2']:.1f}, dof {test['dof']:.0f}, "
        f"p {test['p_value']:.2g}"
        if pd.notna(test["g2"])
        else "one surface or one group: no test"
    )
    ax.set_title(f"How each group names {actor}\n{stat}", loc="left", fontsize=10)
    ax.grid(axis="y", visible=False)
    return fig
