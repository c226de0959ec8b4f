"""Sentences for the TF-IDF and topics notebook (02), written from its tables."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.narrative.core import Narrative, join, number, plural


def describe_matrices(documents: pd.DataFrame, units: pd.DataFrame, *, unit: str) -> Narrative:
    """Size and density of the document and unit matrices (``matrix_summary`` tables)."""
    d = documents.set_index("statistic")["value"]
    u = units.set_index("statistic")["value"]
    return Narrative(
        f"The document matrix is {number(d['units'])} × {number(d['terms'])} terms with density "
        f"{d['density']:.3f} ({number(round(d['terms_per_unit'], 1))} distinct terms per "
        "document); "
        f"split into {number(u['units'])} {unit}s it has density {u['density']:.4f} "
        f"({number(round(u['terms_per_unit'], 1))} terms per {unit}). The sparser the units, the "
        "more each one is about one thing, which is what a topic model needs."
    )


def describe_distinctive(top: pd.DataFrame, keys: Sequence[str], *, n: int = 3) -> Narrative:
    """The heaviest terms of the first five of ``keys`` (``top_terms`` or ``class_tfidf``)."""
    column = top.columns[0]
    parts = []
    for key in list(keys)[:5]:
        rows = top[top[column].astype(str) == str(key)].sort_values("rank").head(n)
        if rows.empty:
            continue
        first = rows.iloc[0]
        terms = [f"`{first['term']}` ({first['weight']:.3f})"] + [
            f"`{t}`" for t in rows["term"].iloc[1:]
        ]
        parts.append(f"{key}: {join(terms)}")
    return Narrative("Heaviest terms: " + "; ".join(parts) + ".") if parts else Narrative("")


def describe_similarity(
    pairs: pd.DataFrame, sim: pd.DataFrame, *, what: str = "documents"
) -> Narrative:
    """The closest pair, the spread of off-diagonal similarities and the odd one out."""
    if pairs.empty:
        return Narrative(f"Fewer than two {what} to compare.")
    values = sim.to_numpy()
    n = len(sim)
    mask = ~np.eye(n, dtype=bool)
    off = values[mask]
    best = pairs.iloc[0]
    rowmax = pd.Series(
        [values[i][mask[i]].max() for i in range(n)], index=sim.index.astype(str)
    ).sort_values(kind="stable")
    text = (
        f"Across {plural(n, what[:-1] if what.endswith('s') else what)}, off-diagonal similarities "
        f"run from {off.min():.3f} to {off.max():.3f} (median {pd.Series(off).median():.3f}). "
        f"The closest pair is {best['unit_a']} and {best['unit_b']} ({best['similarity']:.3f}); "
        f"the most isolated is {rowmax.index[0]}, at most {rowmax.iloc[0]:.3f} from any other."
    )
    return Narrative(text)


def describe_k(table: pd.DataFrame) -> Narrative:
    """Which k the stability table chose and how the others compare (``choose_k`` output)."""
    chosen = table[table["chosen"]].iloc[0]
    metric = "mean_jaccard" if "mean_jaccard" in table.columns else table.columns[1]
    others = table[~table["chosen"]].sort_values([metric, "k"], ascending=[False, True]).head(2)
    text = (
        f"`k = {int(chosen['k'])}` is chosen ({metric.replace('_', ' ')} {chosen[metric]:.3f}, "
        f"over {plural(len(table), 'candidate')} from {int(table['k'].min())} to "
        f"{int(table['k'].max())})."
    )
    if len(others):
        text += (
            " Next: "
            + join(f"k = {int(r.k)} ({getattr(r, metric):.3f})" for r in others.itertuples())
            + "."
        )
    return Narrative(text)


def describe_topics(labels: pd.Series, shares: pd.DataFrame, *, key: str) -> Narrative:
    """Each topic's label and the row (document or group) that carries it most.

    ``labels`` is ``topic_labels(...)``; ``shares`` is ``document_topics(...)`` or
    ``class_topics(...)`` (first column the document or group, then ``topic`` and
    ``weight``).
    """
    shares = shares.pivot(index=shares.columns[0], columns="topic", values="weight")
    parts = []
    for topic, label in labels.items():
        if topic not in shares.columns:
            continue
        column = shares[topic].sort_values(ascending=False, kind="stable")
        words = str(label).split(": ", 1)[-1]  # topic_labels start with "<topic>: "
        parts.append(
            f"topic {topic} ({words}) weighs most in {column.index[0]} ({column.iloc[0]:.2f})"
        )
    return Narrative(f"Per {key}: " + "; ".join(parts) + ".") if parts else Narrative("")
