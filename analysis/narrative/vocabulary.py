"""Sentences for the vocabulary notebook (01), written from its tables."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from scipy.stats import spearmanr

from analysis.narrative.core import Narrative, join, key_term_list, number, plural

WEAK_COUNT = 5  # below this many occurrences a key term is a lead to read, not a finding


def describe_frequencies(
    frequencies: pd.DataFrame, n_docs: int, *, n: int = 3, what: str = "content words"
) -> Narrative:
    """The ``n`` most frequent terms with count, rate per 10,000 tokens and document spread.

    ``frequencies`` is ``term_frequencies(...)`` (sorted by count, then term).
    """
    top = frequencies.head(n)
    if top.empty:
        return Narrative(f"No {what} were counted.")
    first = top.iloc[0]
    items = [
        f"“{first['term']}” ({plural(int(first['count']), 'occurrence')}, "
        f"{number(first['rel_freq'])} per 10,000 tokens, in {number(first['doc_freq'])} of "
        f"{plural(n_docs, 'document')})"
    ]
    items += [
        f"“{r.term}” ({number(r.count)}, in {number(r.doc_freq)})"
        for r in top.iloc[1:].itertuples()
    ]
    return Narrative(f"The most frequent {what} are {join(items)}.")


def describe_key_terms(
    key: pd.DataFrame, groups: Sequence[str], *, n_groups: int = 5, n: int = 3
) -> Narrative:
    """The top key terms of the first ``n_groups`` of ``groups`` (``key_terms`` output)."""
    column = key.columns[0]
    listed = [str(g) for g in list(groups)[:n_groups]]
    parts = []
    for group in listed:
        rows = key[key[column].astype(str) == str(group)].head(n)
        if rows.empty:
            parts.append(f"`{group}`: no over-used term at this `min_count`")
            continue
        parts.append(f"`{group}`: {key_term_list(rows)}")
    firsts = key[(key["rank"] == 1) & key[column].astype(str).isin(listed)]
    weak = int((firsts["target_count"] < WEAK_COUNT).sum())
    text = "Most over-used against all other documents: " + "; ".join(parts) + "."
    if weak:
        text += (
            f" For {plural(weak, 'group')} the top term occurs fewer than {WEAK_COUNT} times in "
            "the group: a lead to read in context (KWIC below), not a finding."
        )
    return Narrative(text)


def describe_keyness(
    table: pd.DataFrame,
    target: str,
    *,
    reference: str = "the rest",
    n: int = 3,
    alpha: float = 0.05,
) -> Narrative:
    """Over- and under-used terms of one keyness table (``keyness`` output, sorted by g2)."""
    over = table[table["g2"] > 0].head(n)
    under = table[table["g2"] < 0].sort_values(["g2", "term"]).head(n)
    significant = int((table["p_value"] < alpha).sum())
    parts = [f"Against {reference}, `{target}`"]
    parts.append(f" over-uses {key_term_list(over)}" if len(over) else " over-uses no term")
    parts.append(
        f" and under-uses {key_term_list(under)}." if len(under) else " and under-uses none."
    )
    text = "".join(parts)
    text += f" {number(significant)} of {plural(len(table), 'scored term')} have p < {alpha}."
    if len(over) and over["target_count"].iloc[0] < WEAK_COUNT:
        text += (
            f" The strongest rests on fewer than {WEAK_COUNT} occurrences: read it in context "
            "before calling it a finding."
        )
    return Narrative(text)


def describe_english(table: pd.DataFrame, *, n: int = 3) -> Narrative:
    """The corpus against general English (``keyness(..., reference="english")``)."""
    over = table[table["g2"] > 0].head(n)
    under = table[table["g2"] < 0]
    top_lr = table.sort_values(["log_ratio", "term"], ascending=[False, True]).iloc[0]
    text = (
        f"Against general English the corpus over-uses {key_term_list(over)} most; the largest Log "
        f"Ratio belongs to “{top_lr['term']}” ({top_lr['log_ratio']:.2f}: "
        f"{plural(int(top_lr['target_count']), 'occurrence')})."
    )
    text += (
        f" {number(len(under))} of {plural(len(table), 'scored word')} are under-used; words "
        "absent from the corpus are not scored, so that side of the table is incomplete."
    )
    return Narrative(text)


def describe_collocations(table: pd.DataFrame, *, measure: str = "llr", n: int = 3) -> Narrative:
    """The strongest pairs by ``measure`` and the highest-PMI pair (``collocations`` output)."""
    if table.empty:
        return Narrative("No pair passes `min_count` and occurs more often than chance.")
    top = table.head(n)
    items = [
        f"“{r.w1} {r.w2}” ({number(r.count)} times, {measure} {getattr(r, measure):.1f})"
        for r in top.itertuples()
    ]
    text = f"The strongest pairs by {measure} are {join(items)}."
    if "pmi" in table.columns:
        best = table.sort_values(["pmi", "count"], ascending=[False, False]).iloc[0]
        text += (
            f" The highest PMI ({best['pmi']:.2f}) goes to “{best['w1']} {best['w2']}”, seen "
            f"{plural(int(best['count']), 'time')}: PMI rewards rare pairs, so read it with "
            "`count`."
        )
    return Narrative(text)


def describe_zipf(fit: dict[str, float], frequencies: pd.DataFrame) -> Narrative:
    """The fitted slope against Zipf's -1, with the share of terms seen once."""
    slope = fit["slope"]
    shape = (
        "close to Zipf's -1"
        if -1.1 <= slope <= -0.9
        else ("flatter than Zipf's -1" if slope > -0.9 else "steeper than Zipf's -1")
    )
    once = int((frequencies["count"] == 1).sum())
    return Narrative(
        f"The fitted slope is {slope:.3f} (R² {fit['r_squared']:.3f}) over "
        f"{plural(int(fit['n_terms']), 'distinct token')}: {shape}. "
        f"{number(once)} of them ({once / max(len(frequencies), 1):.0%}) occur once, "
        "the flat step at count 1 on the right. Read the slope as a description of this "
        "sample, not as evidence about the outlets' language."
    )


def describe_diversity(diversity: pd.DataFrame, *, min_tokens: int = 100) -> Narrative:
    """Which rows are most and least diverse on MATTR, and how TTR follows length.

    Rows with fewer than ``min_tokens`` tokens are left out (MATTR needs 100).
    """
    key = diversity.columns[0]
    rows = diversity[(diversity["tokens"] >= min_tokens) & diversity["mattr"].notna()]
    if len(rows) < 2:
        return Narrative(f"Fewer than two rows have {min_tokens} tokens or more to compare.")
    hi = rows.sort_values(["mattr", key], ascending=[False, True]).iloc[0]
    lo = rows.sort_values(["mattr", key]).iloc[0]
    text = (
        f"On MATTR, `{hi[key]}` is the most diverse ({hi['mattr']:.3f}) and `{lo[key]}` the "
        f"least ({lo['mattr']:.3f}), among {plural(len(rows), 'row')} with {min_tokens} "
        "tokens or more."
    )
    if len(rows) >= 5:
        rho = spearmanr(rows["tokens"], rows["ttr"]).statistic
        text += (
            f" Raw TTR follows length: Spearman's ρ between tokens and TTR is {rho:.2f}, which "
            "is why the length-robust measures are the ones to compare."
        )
    return Narrative(text)
