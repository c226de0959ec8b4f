"""Figures of the vocabulary notebook: top terms, Zipf, keyness, dispersion, diversity."""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from analysis.frequencies import FREQUENCY_COLUMNS, zipf_fit
from analysis.plotting import styled

MAX_DISPERSION_DOCS = 12
MAX_ZIPF_POINTS = 2000


def _colour(n: int) -> str:
    """The suite palette's n-th colour, resolved now (a "Cn" name on a line or a legend
    handle would be looked up at draw time, outside the suite style)."""
    return to_hex(f"C{n % 8}")


def _grid(n: int, ncols: int, *, panel_height: float, width: float = 9.0, **kwargs):
    ncols = max(1, min(ncols, n))
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(width, panel_height * nrows + 0.6), squeeze=False, **kwargs
    )
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return fig, list(axes.flat[:n])


@styled
def plot_top_terms(
    frequencies: pd.DataFrame,
    *,
    n: int = 10,
    groups: Sequence[str] | None = None,
    max_panels: int = 9,
    ncols: int = 3,
    rates: bool = False,
    rule: str | None = None,
) -> Figure:
    """Small multiples: the ``n`` most frequent terms of each group, on one shared axis.

    ``frequencies`` is ``term_frequencies(corpus, by=..., rates=rates)``; one panel
    per group column (or per ``groups``, in that order), at most ``max_panels``
    panels, bars ordered by that group's value, ties by term. All panels share
    the x axis, so bars compare across panels: use ``rates=True`` tables (per
    10,000 tokens of the group) when groups differ in size. ``rule`` says in the
    title how the panels were chosen (e.g. "the 9 outlets with the most
    documents"). Without group columns, one panel of the corpus counts.
    """
    available = [c for c in frequencies.columns if c not in FREQUENCY_COLUMNS]
    panels = list(groups) if groups is not None else available or ["count"]
    unknown = [g for g in panels if g not in frequencies.columns]
    if unknown:
        raise ValueError(f"groups {unknown} are not columns of the table; groups are {available}")
    total = len(panels)
    panels = panels[:max_panels]
    fig, axes = _grid(len(panels), ncols, panel_height=0.22 * n + 0.9, sharex=True)
    for ax, group in zip(axes, panels, strict=True):
        data = frequencies[frequencies[group] > 0].sort_values(
            [group, "term"], ascending=[False, True]
        )
        data = data.head(n).iloc[::-1]
        ax.barh(data["term"], data[group], color=_colour(0))
        ax.set_title("all documents" if group == "count" else str(group), fontsize=9)
        ax.tick_params(axis="y", labelsize=8)
        ax.tick_params(axis="x", labelbottom=True, labelsize=8)
        ax.grid(axis="y", visible=False)
        ax.set_xlabel("per 10,000 tokens" if rates else "count", fontsize=8)
    chosen = rule or (f"the first {len(panels)} of {total} groups" if total > len(panels) else "")
    measure = "rate per 10,000 tokens of each group" if rates else "count"
    fig.suptitle(
        f"Top {n} terms" + (f": {chosen}" if chosen else "") + f"\n({measure}; one x axis)",
        fontweight="bold",
        x=0.01,
        ha="left",
        fontsize=10,
    )
    return fig


@styled
def plot_zipf(frequencies: pd.DataFrame, fit: dict[str, float] | None = None) -> Figure:
    """Rank-frequency plot on log-log axes with the least-squares line and its slope.

    ``frequencies`` is ``term_frequencies(...)``; ``fit`` is ``zipf_fit(frequencies)``
    (computed when omitted): ordinary least squares of log10(count) on
    log10(rank), ranks 1..V in count order.
    """
    fit = zipf_fit(frequencies) if fit is None else fit
    counts = np.sort(frequencies["count"].to_numpy(dtype="float64"))[::-1]
    counts = counts[counts > 0]
    rank = np.arange(1, len(counts) + 1)
    # beyond MAX_ZIPF_POINTS terms, points at log-spaced ranks: on log axes they look
    # the same and the figure does not grow with the vocabulary
    drawn = np.unique(np.geomspace(1, len(counts), MAX_ZIPF_POINTS).round().astype(int)) - 1
    drawn = drawn if len(counts) > MAX_ZIPF_POINTS else np.arange(len(counts))
    label = "terms" if len(drawn) == len(counts) else f"terms ({len(drawn):,} log-spaced ranks)"
    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.scatter(rank[drawn], counts[drawn], s=10, alpha=0.6, label=label, color=_colour(0))
    line = 10 ** (fit["intercept"] + fit["slope"] * np.log10(rank))
    ax.plot(rank, line, color=_colour(5), label="least-squares fit")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("rank (log scale)")
    ax.set_ylabel("count (log scale)")
    ax.set_title("Zipf rank-frequency plot")
    ax.text(
        0.97,
        0.95,
        f"slope = {fit['slope']:.3f}\nR² = {fit['r_squared']:.3f}\n{int(fit['n_terms'])} terms\n"
        "least squares on\nlog10 rank vs log10 count",
        transform=ax.transAxes,
        ha="right",
        va="top",
        fontsize=9,
    )
    ax.legend(loc="lower left")
    return fig


@styled
def plot_keyness(
    table: pd.DataFrame, *, n: int = 10, measure: str = "g2", title: str | None = None
) -> Figure:
    """Diverging bars: the ``n`` most over- and under-used terms of a keyness table.

    ``table`` is ``keyness(...)`` or ``compare_counts(...)``; bars show
    ``measure`` (``g2`` or ``log_ratio``), positive = more frequent in the target.
    """
    if measure not in ("g2", "log_ratio"):
        raise ValueError(f"measure must be 'g2' or 'log_ratio', not {measure!r}")
    ordered = table.sort_values([measure, "term"], ascending=[False, True])
    positive = ordered[ordered[measure] > 0].head(n)
    negative = ordered[ordered[measure] < 0].tail(n)
    data = pd.concat([positive, negative]).iloc[::-1]
    fig, ax = plt.subplots(figsize=(7, 0.25 * max(len(data), 4) + 1.2))
    colors = np.where(data[measure] > 0, _colour(0), _colour(5))
    ax.barh(np.arange(len(data)), data[measure], color=colors)
    ax.set_yticks(np.arange(len(data)), data["term"], fontsize=8)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.grid(axis="y", visible=False)
    label = "signed log-likelihood G2" if measure == "g2" else "Log Ratio (log2)"
    ax.set_xlabel(f"{label}: > 0 overused in the target, < 0 underused")
    ax.set_title(title or "Keyness")
    return fig


@styled
def plot_dispersion(
    occurrences: pd.DataFrame,
    lengths: pd.Series,
    *,
    terms: Sequence[str] | None = None,
    doc_ids: Sequence[str] | None = None,
    rule: str | None = None,
) -> Figure:
    """Lexical dispersion: one panel per document, a tick where each term occurs.

    At most ``MAX_DISPERSION_DOCS`` panels (a dispersion plot is read document by
    document); ``rule`` says in the title how they were chosen (e.g. "the 5
    documents where most of the names occur", ``dispersion_documents``).

    ``occurrences`` is ``dispersion(corpus, terms)``, ``lengths`` is
    ``document_lengths(corpus)`` (tokens, indexed by doc_id); x is the token
    position in the document's counted text. ``terms`` fixes the rows (default:
    the terms found, in order of appearance); ``doc_ids`` the panels (default:
    every document in ``lengths``).
    """
    terms = list(terms) if terms is not None else list(dict.fromkeys(occurrences["term"]))
    doc_ids = list(doc_ids) if doc_ids is not None else list(lengths.index)
    if len(doc_ids) > MAX_DISPERSION_DOCS:
        raise ValueError(
            f"{len(doc_ids)} documents: a dispersion plot reads for at most "
            f"{MAX_DISPERSION_DOCS}; choose them with doc_ids (e.g. dispersion_documents)"
        )
    unknown = [d for d in doc_ids if d not in lengths.index]
    if unknown:
        raise ValueError(f"doc_ids {unknown[:5]} are not in lengths")
    if not terms or not doc_ids:
        raise ValueError("nothing to plot: no terms or no documents")
    fig, axes = plt.subplots(
        len(doc_ids),
        1,
        figsize=(8, (0.22 * len(terms) + 0.55) * len(doc_ids) + 0.5),
        squeeze=False,
        sharey=True,
    )
    row = {t: i for i, t in enumerate(terms)}
    for ax, doc_id in zip(axes[:, 0], doc_ids, strict=True):
        hits = occurrences[(occurrences["doc_id"] == doc_id) & occurrences["term"].isin(row)]
        ax.scatter(
            hits["token_index"],
            hits["term"].map(row),
            marker="|",
            s=120,
            color=[_colour(row[t]) for t in hits["term"]],
        )
        ax.set_xlim(0, max(int(lengths[doc_id]), 1))
        ax.set_ylim(len(terms) - 0.5, -0.5)
        ax.set_yticks(range(len(terms)), terms, fontsize=8)
        ax.set_title(str(doc_id), fontsize=9)
        ax.grid(axis="y", visible=False)
        ax.tick_params(axis="x", labelsize=8)
    axes[-1, 0].set_xlabel("token position in the document")
    fig.suptitle(
        "Lexical dispersion" + (f": {rule}" if rule else ""), fontweight="bold", x=0.01, ha="left"
    )
    return fig


@styled
def plot_lexical_diversity(
    diversity: pd.DataFrame,
    *,
    measures: Sequence[str] = ("ttr", "mattr", "mtld", "hdd"),
    max_rows: int = 30,
) -> Figure:
    """One panel per measure side by side, one dot per document (or group); n/a marked.

    ``diversity`` is ``lexical_diversity(...)``; its first column names the groups.
    Dots on axes that fit the values (not from 0), so small differences between
    groups stay visible; rows share the y axis across panels. With more than
    ``max_rows`` rows, the ``max_rows`` with the most tokens are drawn, largest
    first (the title says so): the measures of small groups are the noisiest.
    """
    key = diversity.columns[0]
    total = len(diversity)
    if total > max_rows:
        diversity = diversity.assign(_label=diversity[key].astype(str))
        diversity = diversity.sort_values(["tokens", "_label"], ascending=[False, True])
        diversity = diversity.head(max_rows).drop(columns="_label")
    labels = diversity[key].astype(str).tolist()
    fig, axes = plt.subplots(
        1,
        len(measures),
        figsize=(3.0 * len(measures) + 1.5, 0.28 * len(labels) + 1.4),
        sharey=True,
        squeeze=False,
    )
    titles = {
        "ttr": "TTR (types / tokens)",
        "mattr": "MATTR (moving-average TTR)",
        "mtld": "MTLD (tokens per factor)",
        "hdd": "HD-D (expected TTR of 42 draws)",
    }
    y = np.arange(len(labels))
    for ax, measure in zip(axes[0], measures, strict=True):
        values = diversity[measure].to_numpy(dtype="float64")
        ax.scatter(values, y, s=22, color=_colour(2), zorder=3)
        for i in np.flatnonzero(np.isnan(values)):
            ax.annotate(" n/a", (0, i), xycoords=("axes fraction", "data"), va="center", fontsize=8)
        ax.set_yticks(y, labels, fontsize=8)
        ax.set_ylim(len(labels) - 0.5, -0.5)
        ax.set_title(titles.get(measure, measure), fontsize=9)
        ax.tick_params(axis="x", labelsize=8)
        ax.margins(x=0.15)
    rule = f": the {len(labels)} of {total:,} with the most tokens" if total > len(labels) else ""
    fig.suptitle(f"Lexical diversity{rule}", fontweight="bold", x=0.01, ha="left")
    return fig
