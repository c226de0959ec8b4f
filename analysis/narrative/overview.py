"""Sentences for the corpus overview (notebook 00), written from its tables."""

from __future__ import annotations

import pandas as pd

from analysis.narrative.core import Narrative, join, number, plural


def describe_corpus(
    summary: pd.DataFrame, corpus: pd.DataFrame, *, by: object = "doc_id"
) -> Narrative:
    """Size, length spread, groups, languages and duplicates of a corpus.

    ``summary`` is ``document_summary(corpus, by=by)``. Lengths are body tokens per
    document (the text every later notebook counts).
    """
    n = len(summary)
    body = summary["body_tokens"]
    longest = summary.sort_values(["body_tokens", "doc_id"], ascending=[False, True]).iloc[0]
    shortest = summary.sort_values(["body_tokens", "doc_id"]).iloc[0]
    share = body.sum() / max(summary["n_tokens"].sum(), 1)
    parts = [
        f"The corpus holds {plural(n, 'document')} with {number(summary['n_tokens'].sum())} "
        f"tokens, {number(body.sum())} of them ({share:.1%}) in the paragraphs analysed.",
        f"Analysed tokens per document: median {number(body.median())}, from "
        f"{number(shortest['body_tokens'])} (`{shortest['doc_id']}`) to "
        f"{number(longest['body_tokens'])} (`{longest['doc_id']}`).",
    ]
    if isinstance(by, str) and by != "doc_id" and by in summary.columns:
        sizes = summary[by].astype(str).value_counts()
        ranked = sorted(sizes.index, key=lambda g: (-int(sizes[g]), g))
        top = ranked[0]
        small = int((sizes < 5).sum())
        parts.append(
            f"Grouped by `{by}`: {plural(len(sizes), 'group')}; the largest is {top} "
            f"({plural(int(sizes[top]), 'document')}, {sizes[top] / n:.1%}), and "
            f"{plural(small, 'group')} {'has' if small == 1 else 'have'} "
            "fewer than 5 documents, too few to compare on their own."
        )
    if "language" in corpus.columns:
        langs = corpus["language"].fillna("unknown").value_counts()
        other = int(n - langs.get("en", 0))
        parts.append(
            "Every document is in English."
            if other == 0
            else f"{plural(other, 'document')} {'is' if other == 1 else 'are'} not detected as "
            "English "
            f"({join(f'{k} {v}' for k, v in langs.items() if k != 'en')}); the English-only "
            "analyses treat them as English."
        )
    if "duplicate_of" in corpus.columns:
        dups = int(corpus["duplicate_of"].notna().sum())
        parts.append(
            "No document repeats another."
            if dups == 0
            else f"{plural(dups, 'document')} {'repeats' if dups == 1 else 'repeat'} an "
            "earlier one "
            "exactly or nearly (`duplicate_of`)."
        )
    return Narrative(" ".join(parts))


def describe_repairs(corpus: pd.DataFrame, report: pd.DataFrame) -> Narrative:
    """Encodings, repairs and the files the loader skipped, from ``load_report``."""
    encodings = corpus["encoding"].value_counts()
    repairs = corpus["repairs"].fillna("").str.split(",").explode().str.strip()
    repairs = repairs[repairs != ""].value_counts()
    skipped = report[report["action"].isin(["skipped", "ignored"])] if len(report) else report
    parts = [f"Encodings: {join(f'{k} ({number(v)})' for k, v in encodings.items())}."]
    parts.append(
        "No text needed a repair."
        if repairs.empty
        else "Repairs, by number of documents: "
        + join(f"`{k}` {number(v)}" for k, v in repairs.items())
        + "."
    )
    parts.append(
        "No file was skipped or ignored."
        if skipped.empty
        else f"{plural(len(skipped), 'item')} skipped or ignored: see `load_report` above."
    )
    return Narrative(" ".join(parts))


def describe_kinds(
    counts: pd.DataFrame, *, kinds: list[str] | tuple[str, ...] = ("body",)
) -> Narrative:
    """How many paragraphs are analysed and what the others are, from ``kind_counts``."""
    totals = counts.sum()
    total = int(totals.sum())
    kept = int(totals[[k for k in kinds if k in totals.index]].sum())
    others = totals.drop([k for k in kinds if k in totals.index]).sort_values(ascending=False)
    others = others[others > 0]
    text = (
        f"Of {plural(total, 'paragraph')}, {number(kept)} ({kept / max(total, 1):.1%}) are of the "
        f"kinds analysed ({join(f'`{k}`' for k in kinds)})."
    )
    if len(others):
        text += (
            " The others, largest first: "
            + join(f"`{k}` {number(v)}" for k, v in others.items())
            + "."
        )
    return Narrative(text)


def describe_sentence_lengths(
    stats: pd.DataFrame, lengths: pd.DataFrame, *, by: str = "doc_id"
) -> Narrative:
    """Median sentence length overall and its spread over documents or groups.

    ``stats`` is ``sentence_length_stats(lengths, by=by)``; groups with fewer than
    20 sentences are left out of the range (their medians are noise).
    """
    unit = "document" if by == "doc_id" else by
    text = (
        f"{plural(len(lengths), 'sentence')}, median {number(lengths['n_tokens'].median())} tokens "
        f"(middle half {number(lengths['n_tokens'].quantile(0.25))} to "
        f"{number(lengths['n_tokens'].quantile(0.75))})."
    )
    big = stats[stats["sentences"] >= 20] if len(stats) > 5 else stats
    if len(big) >= 2:
        lo = big.sort_values(["median", by]).iloc[0]
        hi = big.sort_values(["median", by], ascending=[False, True]).iloc[0]
        text += (
            f" Per {unit}{' with 20 or more sentences' if len(big) < len(stats) else ''}, "
            "the median "
            f"runs from {number(lo['median'])} (`{lo[by]}`) to {number(hi['median'])} (`{hi[by]}`)."
        )
    return Narrative(text)
