"""Figures of actor mentions, co-occurrence networks and framing.

Each function takes tables or graphs computed by ``analysis.actors``,
``analysis.network`` or ``analysis.framing`` and returns a Figure; the network
figures live in ``analysis.plots.networks`` and are imported here too. Label placement
(adjustText) runs a fixed number of iterations, so a figure is the same on every run.
"""

from __future__ import annotations

from collections.abc import Sequence

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
from analysis.validation import check_int

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


@styled
def plot_mention_heatmap(table: pd.DataFrame, *, n: int = 25, title: str | None = None) -> Figure:
    """Mentions per actor (rows) and document (columns), from ``mentions_by_document``.

    Shows the ``n`` most mentioned actors, counts annotated.
    """
    n = check_int("n", n, low=1)
    if table.empty:
        raise ValueError("no mentions to show")
    shown = table.head(n)
    values = shown.to_numpy(dtype=float)
    width = min(max(5.0, 0.9 * shown.shape[1] + 3.5), 18)
    height = min(max(3.5, 0.26 * shown.shape[0] + 1.5), 16)
    fig, ax = plt.subplots(figsize=(width, height))
    cmap = plt.get_cmap("viridis").with_extremes(under="#f2f2f2")
    image = ax.imshow(values, aspect="auto", cmap=cmap, vmin=0.5, vmax=max(values.max(), 1))
    ax.set_xticks(range(shown.shape[1]), list(shown.columns), rotation=30, ha="right", fontsize=7)
    ax.set_yticks(range(shown.shape[0]), list(shown.index), fontsize=7)
    ax.grid(False)
    ax.tick_params(length=0)
    middle = values.max() / 2
    for r in range(shown.shape[0]):
        for c in range(shown.shape[1]):
            if values[r, c] > 0:
                ax.text(c, r, f"{values[r, c]:.0f}", ha="center", va="center", fontsize=6,
                        color="black" if values[r, c] > middle else "white")  # fmt: skip
    fig.colorbar(image, ax=ax, shrink=0.8, label="mentions")
    ax.set_title(title or f"Mentions per document (top {len(shown)} actors)")
    return fig


@styled
def plot_null_model(null: pd.DataFrame, *, alpha: float = 0.05, n: int = 10) -> Figure:
    """Observed against expected co-occurrence counts (``null_model`` output).

    Points above the diagonal meet more often than their documents predict; pairs with
    ``q_value < alpha`` (Benjamini-Hochberg: the expected share of false discoveries among the
    coloured pairs is at most ``alpha``) are coloured, and the ``n`` strongest of those seen
    at least twice are named.
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
        ["p_value", "count"], ascending=[True, False]
    )
    texts = [
        ax.text(r.expected, r.count, f"{r.actor_a} – {r.actor_b}", fontsize=7)
        for r in named.head(n).itertuples()
    ]
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    ax.set_xlabel("expected count (actors placed at random within their documents)")
    ax.set_ylabel("observed count")
    ax.legend(loc="upper left", fontsize=8)
    fig.canvas.draw()
    if texts:
        adjust_text(texts, ax=ax, iter_lim=LABEL_ITERATIONS,
                    arrowprops={"arrowstyle": "-", "color": "#888888", "lw": 0.5})  # fmt: skip
    ax.set_title("Co-occurrence against the null model")
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
