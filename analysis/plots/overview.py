"""Figures of the corpus overview notebook."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.plotting import styled


@styled
def plot_document_lengths(summary: pd.DataFrame) -> Figure:
    """Horizontal bars of tokens per document, body and other paragraphs stacked.

    ``summary`` is ``document_summary(corpus)``.
    """
    data = summary.sort_values(["n_tokens", "doc_id"], ascending=[True, False])
    height = max(2.5, 0.35 * len(data) + 1.2)
    fig, ax = plt.subplots(figsize=(8, height))
    other = data["n_tokens"] - data["body_tokens"]
    ax.barh(data["doc_id"], data["body_tokens"], label="body")
    ax.barh(data["doc_id"], other, left=data["body_tokens"], label="other kinds", alpha=0.6)
    ax.set_xlabel("tokens")
    ax.set_title("Document length")
    ax.legend(loc="lower right")
    ax.grid(axis="y", visible=False)
    return fig


@styled
def plot_sentence_lengths(lengths: pd.DataFrame) -> Figure:
    """Box plot of tokens per sentence for each document, all points overlaid.

    ``lengths`` is ``sentence_lengths(corpus)``.
    """
    order = sorted(lengths["doc_id"].unique())
    groups = [lengths.loc[lengths["doc_id"] == d, "n_tokens"].to_numpy() for d in order]
    height = max(2.5, 0.4 * len(order) + 1.2)
    fig, ax = plt.subplots(figsize=(8, height))
    ax.boxplot(groups, orientation="horizontal", tick_labels=order, showfliers=False)
    rng = np.random.default_rng(0)  # fixed jitter keeps the figure byte-stable
    for i, values in enumerate(groups, start=1):
        y = i + rng.uniform(-0.15, 0.15, size=len(values))
        ax.scatter(values, y, s=8, alpha=0.5, color="C1", zorder=3)
    ax.invert_yaxis()  # first document on top, as in the tables
    ax.set_xlabel("tokens per sentence")
    ax.set_title("Sentence length by document")
    ax.grid(axis="y", visible=False)
    return fig
