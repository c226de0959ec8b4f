"""Figures of the corpus overview notebook.

Both figures stay legible at any corpus size by a rule their title states: one
bar or box per document up to ``max_documents`` documents; beyond that, one box
per group of ``by`` for the ``max_groups`` largest groups, or one histogram of
the whole corpus when there is no grouping.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.plotting import styled

MAX_DOCUMENTS = 30
MAX_GROUPS = 20
MAX_POINTS = 3000  # sentences drawn as dots over the boxes; beyond, boxes only


def _group_column(table: pd.DataFrame, by: str | None) -> str | None:
    if by is None or by == "doc_id":
        return None
    if by not in table.columns:
        raise ValueError(
            f"by={by!r} is not a column of the table; columns are {list(table.columns)}"
        )
    return by


def _largest(values: pd.Series, n: int) -> list[str]:
    """The ``n`` most frequent values (ties by name), largest first."""
    counts = values.astype(str).value_counts()
    return sorted(counts.index, key=lambda g: (-int(counts[g]), g))[:n]


def _plain_log_axis(ax) -> None:
    """Log x axis labelled 100, 300, 1,000 rather than 10^2 and 3x10^2 (which collide)."""
    ax.set_xscale("log")
    ax.xaxis.set_major_locator(mticker.LogLocator(base=10, subs=(1.0, 3.0)))
    ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.xaxis.set_minor_formatter(mticker.NullFormatter())


def _histogram(
    values: np.ndarray, bins: np.ndarray, *, xlabel: str, ylabel: str, title: str, log: bool = False
) -> Figure:
    """One histogram of a whole corpus, its median marked (the rule for ungrouped corpora)."""
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.hist(values, bins=bins, color="C0")
    if log:
        _plain_log_axis(ax)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.yaxis.set_major_formatter(mticker.StrMethodFormatter("{x:,.0f}"))
    median = float(np.median(values))
    ax.axvline(median, color="C5", linewidth=1.2)
    ax.set_title(f"{title}\n(line = median, {median:,.0f} tokens)", loc="left")
    return fig


def _boxes(ax, data: list[np.ndarray], labels: list[str], *, points: bool) -> None:
    ax.boxplot(
        data,
        orientation="horizontal",
        tick_labels=labels,
        showfliers=not points,
        flierprops={"marker": ".", "markersize": 3, "alpha": 0.4},
    )
    if points:
        rng = np.random.default_rng(0)  # fixed jitter keeps the figure byte-stable
        for i, values in enumerate(data, start=1):
            y = i + rng.uniform(-0.15, 0.15, size=len(values))
            ax.scatter(values, y, s=8, alpha=0.5, color="C1", zorder=3)
    ax.invert_yaxis()  # first group on top, as in the tables
    ax.tick_params(axis="y", labelsize=8)
    ax.grid(axis="y", visible=False)


@styled
def plot_document_lengths(
    summary: pd.DataFrame,
    *,
    by: str | None = None,
    max_documents: int = MAX_DOCUMENTS,
    max_groups: int = MAX_GROUPS,
) -> Figure:
    """Document length, drawn by a stated rule.

    ``summary`` is ``document_summary(corpus, by=by)``. Up to ``max_documents``
    documents: one bar per document, body and other kinds stacked. More: the
    distribution of body tokens per document, one box per group of ``by`` (the
    ``max_groups`` groups with the most documents), or one histogram of all
    documents (log-spaced bins) without ``by``.
    """
    column = _group_column(summary, by)
    if len(summary) <= max_documents:
        data = summary.sort_values(["n_tokens", "doc_id"], ascending=[True, False])
        fig, ax = plt.subplots(figsize=(8, max(2.5, 0.35 * len(data) + 1.2)))
        other = data["n_tokens"] - data["body_tokens"]
        ax.barh(data["doc_id"], data["body_tokens"], label="body")
        ax.barh(data["doc_id"], other, left=data["body_tokens"], label="other kinds", alpha=0.6)
        ax.set_xlabel("tokens")
        ax.set_title(f"Document length: each of the {len(data)} documents")
        ax.legend(loc="lower right")
        ax.grid(axis="y", visible=False)
        return fig
    if column is None:
        values = summary["body_tokens"].to_numpy()
        low, top = max(int(values.min()), 1), max(int(values.max()), 10)
        return _histogram(
            np.maximum(values, 1),
            np.unique(np.geomspace(low, top + 1, 40).round()),
            xlabel="body tokens per document (log scale)",
            ylabel="documents",
            title=f"Document length: all {len(summary):,} documents",
            log=True,
        )
    shown = _largest(summary[column], max_groups)
    groups = summary[column].astype(str)
    data = [summary.loc[groups == g, "body_tokens"].to_numpy() for g in shown]
    labels = [f"{g} ({len(d):,})" for g, d in zip(shown, data, strict=True)]
    fig, ax = plt.subplots(figsize=(8, 0.32 * len(shown) + 1.6))
    _boxes(ax, data, labels, points=sum(map(len, data)) <= MAX_POINTS)
    _plain_log_axis(ax)
    ax.set_xlabel("body tokens per document (log scale)")
    left = summary[column].nunique() - len(shown)
    rule = f"the {len(shown)} with the most documents" if left else "all"
    ax.set_title(
        f"Document length per {column}\n({rule}; documents in brackets)", fontsize=10, loc="left"
    )
    return fig


@styled
def plot_sentence_lengths(
    lengths: pd.DataFrame,
    *,
    by: str = "doc_id",
    max_groups: int = MAX_GROUPS,
) -> Figure:
    """Tokens per sentence, one box per document or group, by a stated rule.

    ``lengths`` is ``sentence_lengths(corpus, by=by)``. Boxes for the
    ``max_groups`` groups (documents when ``by="doc_id"``) with the most
    sentences, in group order when all fit; every sentence is drawn as a dot
    over the boxes up to ``MAX_POINTS`` sentences. Without a grouping and with
    more documents than ``max_groups``, one histogram of all sentences.
    """
    if by not in lengths.columns:
        raise ValueError(
            f"by={by!r} is not a column of lengths; columns are {list(lengths.columns)}"
        )
    keys = lengths[by].astype(str)
    n_groups = keys.nunique()
    if by == "doc_id" and n_groups > max_groups:
        values = lengths["n_tokens"].to_numpy()
        return _histogram(
            values,
            np.arange(0, min(int(values.max()), 150) + 3, 2),
            xlabel="tokens per sentence (sentences over 150 tokens not drawn)",
            ylabel="sentences",
            title=f"Sentence length: all {len(values):,} sentences of {n_groups:,} documents",
        )
    shown = sorted(keys.unique()) if n_groups <= max_groups else _largest(keys, max_groups)
    data = [lengths.loc[keys == g, "n_tokens"].to_numpy() for g in shown]
    labels = (
        shown if by == "doc_id" else [f"{g} ({len(d):,})" for g, d in zip(shown, data, strict=True)]
    )
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.36 * len(shown) + 1.4)))
    _boxes(ax, data, labels, points=len(lengths) <= MAX_POINTS)
    ax.set_xlabel("tokens per sentence")
    unit = "document" if by == "doc_id" else by
    rule = (
        f"the {len(shown)} of {n_groups} with the most sentences" if n_groups > max_groups else ""
    )
    brackets = "" if by == "doc_id" else "sentences in brackets"
    note = "; ".join(x for x in (rule, brackets) if x)
    ax.set_title(f"Sentence length per {unit}" + (f"\n({note})" if note else ""), loc="left")
    return fig
