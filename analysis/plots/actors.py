"""Figures of actor mentions, co-occurrence networks and framing.

Each function takes tables or graphs computed by ``analysis.actors``,
``analysis.network`` or ``analysis.framing`` and returns a Figure; the network
figures live in ``analysis.plots.networks`` and are imported here too. Label placement
(adjustText) runs a fixed number of iterations, so a figure is the same on every run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from adjustText import adjust_text
from matplotlib.figure import Figure

from analysis.network import cluster_order
from analysis.plots.networks import (
    LABEL_ITERATIONS,
    TYPE_COLOURS,
    network_layout,
    plot_document_networks,
    plot_network,
)
from analysis.plotting import styled
from analysis.validation import check_int, check_option

LOG_ABOVE = 50

__all__ = [
    "TYPE_COLOURS",
    "network_layout",
    "plot_actor_context",
    "plot_cooccurrence_heatmap",
    "plot_document_networks",
    "plot_mention_heatmap",
    "plot_network",
    "plot_null_model",
]


@styled
def plot_cooccurrence_heatmap(
    matrix: pd.DataFrame,
    *,
    order: Sequence[str] | None = None,
    title: str | None = None,
    annotate: bool = True,
) -> Figure:
    """Co-occurrence matrix as a heatmap, rows and columns ordered by clustering.

    ``matrix`` comes from ``cooccurrence_matrix``; ``order`` defaults to
    ``cluster_order(matrix)``. The diagonal (units naming the actor) is hatched out so the
    colour scale shows pairs; pairs with value 0 are empty cells; cells are annotated.
    """
    if matrix.empty:
        raise ValueError("the co-occurrence matrix is empty")
    labels = list(cluster_order(matrix) if order is None else order)
    values = matrix.loc[labels, labels].to_numpy(dtype=float)
    shown = values.copy()
    np.fill_diagonal(shown, np.nan)
    shown[shown == 0] = np.nan  # no co-occurrence: an empty cell, not the darkest colour
    size = min(max(4.5, 0.32 * len(labels) + 2.5), 16)
    fig, ax = plt.subplots(figsize=(size + 1.5, size))
    finite = shown[np.isfinite(shown)]
    vmin, vmax = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    cmap = plt.get_cmap("viridis").with_extremes(bad="#f2f2f2")
    image = ax.imshow(np.ma.masked_invalid(shown), cmap=cmap, vmin=vmin, vmax=vmax)
    ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=7)
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    ax.grid(False)
    ax.tick_params(length=0)
    if annotate and len(labels) <= 40:
        middle = (vmin + vmax) / 2
        for r in range(len(labels)):
            for c in range(len(labels)):
                v = shown[r, c]
                if np.isfinite(v) and v != 0:
                    text = f"{v:.0f}" if float(v).is_integer() else f"{v:.2f}"
                    ax.text(
                        c,
                        r,
                        text,
                        ha="center",
                        va="center",
                        fontsize=6,
                        color="black" if v > middle else "white",
                    )
    fig.colorbar(image, ax=ax, shrink=0.7, label=matrix.columns.name or "value")
    ax.set_title(title or "Co-occurrence (ordered by hierarchical clustering)")
    return fig


def _top_keys(scores: Mapping[object, float], n: int) -> list:
    """The ``n`` keys with the largest score, ties by name."""
    return sorted(scores, key=lambda k: (-float(scores[k]), str(k)))[:n]


def _group_labels(table: pd.DataFrame, groups: Mapping[str, object] | pd.Series) -> np.ndarray:
    """The group of each column (document) of ``table``; ``"(none)"`` when it has none."""
    mapping = groups if isinstance(groups, pd.Series) else pd.Series(dict(groups), dtype=object)
    mapping = mapping[~mapping.index.duplicated()].reindex(table.columns)
    return mapping.astype(object).where(mapping.notna(), "(none)").astype(str).to_numpy()


def _cell(value: float) -> str:
    """A cell's annotation: whole numbers as such, small values with two digits."""
    if value >= 10 or float(value).is_integer():
        return f"{value:.0f}"
    return f"{value:.2g}" if value >= 0.01 else "<0.01"


@styled
def plot_mention_heatmap(
    table: pd.DataFrame,
    *,
    n: int = 25,
    title: str | None = None,
    max_columns: int = 30,
    groups: Mapping[str, object] | pd.Series | None = None,
    normalise: str = "share",
) -> Figure:
    """Mentions per actor (rows) and document or group (columns), legible at any size.

    ``table`` is ``mentions_by_document`` (documents as columns; pass ``doc_ids=`` to keep
    the documents without a mention). Rows: the ``n`` most mentioned actors (the table's
    order). Cells are annotated; 0 is an empty grey cell.

    With ``groups`` (document -> group, e.g. ``corpus.set_index("doc_id")["outlet"]``) the
    columns are groups, normalised per document so that groups of 2 and 120 articles
    compare: with ``normalise="share"`` the percentage of the group's documents (the
    table's columns in that group) naming the actor, with ``"mean"`` its mentions per
    document of the group. Column labels give each group's number of documents.

    Columns: at most ``max_columns``; with more, those with the most mentions (of every
    actor in the table; ties by name), kept in table order (groups: by name). The title
    states the rule and the colour-bar label the value.
    """
    n = check_int("n", n, low=1)
    max_columns = check_int("max_columns", max_columns, low=1)
    check_option("normalise", normalise, ("share", "mean"))
    if table.empty:
        raise ValueError("no mentions to show")
    noun = "document" if table.columns.name in (None, "doc_id") else str(table.columns.name)
    totals = table.sum(axis=0)
    sizes = None
    if groups is not None:
        labels = _group_labels(table, groups)
        totals = totals.groupby(labels).sum()
        rows = table.head(n)
        values = (rows > 0) if normalise == "share" else rows
        table = values.T.groupby(labels, sort=True).mean().T  # per document of the group
        sizes = pd.Series(labels).value_counts()
        noun = str(getattr(groups, "name", None) or "group")
    plural = "documents" if noun == "document" else f"{noun}s"
    n_columns = table.shape[1]
    columns = list(table.columns)
    if n_columns > max_columns:
        keep = set(_top_keys(totals.reindex(columns).to_dict(), max_columns))
        columns = [c for c in columns if c in keep]
    shown = table.head(n)[columns]
    values = shown.to_numpy(dtype=float)
    if sizes is not None and normalise == "share":
        values = 100 * values
    width = min(max(5.0, 0.9 * len(columns) + 3.5), 18)
    height = min(max(3.5, 0.26 * shown.shape[0] + 1.5), 16)
    fig, ax = plt.subplots(figsize=(width, height))
    cmap = plt.get_cmap("viridis").with_extremes(under="#f2f2f2")
    top = float(values.max()) if values.size else 1.0
    floor = 0.5 if sizes is None else min(1e-9, top / 2)
    image = ax.imshow(values, aspect="auto", cmap=cmap, vmin=floor, vmax=top if top > 0 else 1.0)
    ticks = [str(c) for c in columns]
    if sizes is not None:
        ticks = [f"{c} ({int(sizes[c]):,})" for c in columns]
    ax.set_xticks(range(len(columns)), ticks, rotation=90 if len(columns) > 12 else 30,
                  ha="center" if len(columns) > 12 else "right", fontsize=7)  # fmt: skip
    ax.set_yticks(range(shown.shape[0]), list(shown.index), fontsize=7)
    ax.grid(False)
    ax.tick_params(length=0)
    middle = top / 2
    for r, c in zip(*np.nonzero(values > 0), strict=True):
        ax.text(c, r, _cell(values[r, c]), ha="center", va="center", fontsize=6,
                color="black" if values[r, c] > middle else "white")  # fmt: skip
    if sizes is None:
        label = "mentions"
    elif normalise == "share":
        label = f"% of the {noun}'s documents naming the actor"
    else:
        label = f"mentions per document of the {noun}"
    fig.colorbar(image, ax=ax, shrink=0.8, label=label)
    rule = ""
    if n_columns > len(columns):
        rule = f"; the {len(columns)} of {n_columns:,} {plural} with the most mentions"
    what = "Mentions per document" if sizes is None else f"Actors per {noun}"
    per = f" ({label})" if sizes is not None else ""
    ax.set_title(title or f"{what}{per}: the {len(shown)} most mentioned actors{rule}")
    return fig


@styled
def plot_null_model(null: pd.DataFrame, *, alpha: float = 0.05, n: int = 10) -> Figure:
    """Observed against expected co-occurrence counts (``null_model`` output).

    Points above the diagonal meet more often than their documents predict; pairs with
    ``q_value < alpha`` (Benjamini-Hochberg: the expected share of false discoveries among the
    coloured pairs is at most ``alpha``) are coloured, and the ``n`` strongest of those seen
    at least twice are named (smallest p-value, then largest count, then names). When
    counts exceed ``LOG_ABOVE`` (50) both axes are symmetric-log (linear below 1), so
    the thousands of small pairs of a large corpus do not collapse into one corner.
    """
    n = check_int("n", n, low=0)
    if null.empty:
        raise ValueError("the null-model table is empty")
    fig, ax = plt.subplots(figsize=(7.5, 6))
    if "q_value" not in null.columns:
        raise ValueError("the table lacks q_value; pass the output of null_model")
    significant = null["q_value"] < alpha
    top = float(max(null["count"].max(), null["expected"].max())) * 1.08
    ax.plot([0, top], [0, top], color="#888888", linewidth=0.8, linestyle="--", zorder=1)
    ax.scatter(null.loc[~significant, "expected"], null.loc[~significant, "count"],
               s=18, color="#999999", alpha=0.6, label=f"q ≥ {alpha}", zorder=2)  # fmt: skip
    ax.scatter(null.loc[significant, "expected"], null.loc[significant, "count"],
               s=30, color="#D55E00", label=f"q < {alpha}", zorder=3)  # fmt: skip
    named = null[significant & (null["count"] >= 2)].sort_values(
        ["p_value", "count", "actor_a", "actor_b"], ascending=[True, False, True, True]
    )
    texts = [
        ax.text(r.expected, r.count, f"{r.actor_a} – {r.actor_b}", fontsize=7)
        for r in named.head(n).itertuples()
    ]
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    wide = top > LOG_ABOVE
    if wide:  # thousands of pairs near 0 and a few in the thousands: spread the crowd
        ax.set_xscale("symlog", linthresh=1.0)
        ax.set_yscale("symlog", linthresh=1.0)
    ax.set_xlabel("expected count (actors placed at random within their documents)")
    ax.set_ylabel("observed count")
    ax.legend(loc="upper left", fontsize=8)
    fig.canvas.draw()
    if texts:
        adjust_text(texts, ax=ax, iter_lim=LABEL_ITERATIONS,
                    arrowprops={"arrowstyle": "-", "color": "#888888", "lw": 0.5})  # fmt: skip
    scale = " (symmetric log axes, linear below 1)" if wide else ""
    ax.set_title(f"Co-occurrence against the null model{scale}")
    return fig


@styled
def plot_actor_context(
    keyness: pd.DataFrame, *, n: int = 12, by: str | None = None, title: str | None = None
) -> Figure:
    """Bars of the ``n`` words most characteristic of an actor's sentences (positive G2).

    ``keyness`` is ``actor_context`` output; several actors can be stacked into one table
    with a column named by ``by`` (e.g. ``actor``): one panel per value.
    """
    if keyness.empty:
        raise ValueError("the keyness table is empty")
    if by is None:
        panels = [("", keyness)]
    else:
        if by not in keyness.columns:
            raise ValueError(f"no column {by!r} in the keyness table")
        panels = [(k, g) for k, g in keyness.groupby(by, sort=False)]
    ncols = 2 if len(panels) == 4 else min(len(panels), 3)
    nrows = int(np.ceil(len(panels) / ncols))
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(4.2 * ncols, 0.22 * n * nrows + 1.4 * nrows), squeeze=False
    )
    for ax, (key, table) in zip(axes.ravel(), panels, strict=False):
        best = table[table["g2"] > 0].sort_values(["g2", "term"], ascending=[False, True]).head(n)
        ax.barh(range(len(best)), best["g2"], color="#0072B2")
        ax.set_yticks(range(len(best)), list(best["term"]), fontsize=8)
        ax.invert_yaxis()
        ax.set_xlabel("G2 (sentences with the actor vs. all others)", fontsize=8)
        ax.grid(axis="y", visible=False)
        if key != "":
            ax.set_title(str(key), fontsize=9)
    for ax in axes.ravel()[len(panels) :]:
        ax.set_axis_off()
    fig.suptitle(title or "Words that characterise the sentences naming each actor")
    return fig
