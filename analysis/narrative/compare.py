"""Sentences for the group-comparison notebook (04), written from its tables."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.narrative.core import Narrative, join, key_term_list, number, plural

WEAK_COUNT = 5  # a finding resting on fewer occurrences is flagged, as in describe_keyness


def describe_sides(sides: pd.DataFrame, by: str) -> Narrative:
    """What is compared with what, and how unequal the two sides are (``side_summary``)."""
    t, r = (sides.set_index("side").loc[s] for s in ("target", "reference"))
    ratio = max(t["tokens"], r["tokens"]) / max(1, min(t["tokens"], r["tokens"]))
    reference = (
        f"every other document (*rest*: {plural(int(r['groups']), 'group')})"
        if r["name"] == "rest"
        else f"*{r['name']}*"
    )
    text = (
        f"Grouping by `{by}`, the target *{t['name']}* ({plural(int(t['documents']), 'document')}, "
        f"{number(int(t['tokens']))} tokens, {number(int(t['sentences']))} sentences) is compared "
        f"with {reference} ({plural(int(r['documents']), 'document')}, "
        f"{number(int(r['tokens']))} tokens, {number(int(r['sentences']))} sentences)."
    )
    if ratio > 10:
        text += (
            f" One side is {ratio:.0f} times the other in tokens: its rates dominate, so read the "
            "per-document comparison below before the token one."
        )
    elif min(t["documents"], r["documents"]) < 5:
        text += (
            " A side of fewer than five documents is a case study, not a sample: a difference "
            "may be one article's subject."
        )
    return Narrative(text)


def describe_group_terms(table: pd.DataFrame, *, alpha: float = 0.05, n: int = 3) -> Narrative:
    """Terms each side over-uses at ``q < alpha`` (``compare_groups`` output)."""
    target, reference = table.attrs.get("target", "target"), table.attrs.get("reference", "rest")
    found = table[table["q_value"] < alpha]
    over = found[found["g2"] > 0]
    under = found[found["g2"] < 0].sort_values(["g2", "term"])
    unit = "documents" if table.attrs.get("counts") == "documents" else "occurrences"
    if found.empty:
        best = table.head(n)
        text = (
            f"No term separates *{target}* from *{reference}* at q < {alpha} "
            f"(Benjamini-Hochberg over {plural(len(table), 'term')}, counting {unit})."
        )
        if len(best):
            text += f" The largest G2, not significant: {key_term_list(best)}."
        return Narrative(text)
    parts = []
    for rows, side in ((over, target), (under, reference)):
        if len(rows):
            led = key_term_list(rows.head(n))
            parts.append(f"*{side}* over-uses {plural(len(rows), 'term')}, led by {led}")
        else:
            parts.append(f"*{side}* over-uses no term")
    text = (
        f"At q < {alpha} (Benjamini-Hochberg over {plural(len(table), 'term')}, counting "
        f"{unit}): " + "; ".join(parts) + "."
    )
    weakest = found.head(n)
    if len(weakest) and (weakest["target_count"] + weakest["reference_count"]).min() < WEAK_COUNT:
        text += (
            f" Some of these rest on fewer than {WEAK_COUNT} {unit}: read them in context "
            "before calling them findings."
        )
    return Narrative(text)


def describe_robustness(
    by_tokens: pd.DataFrame, by_documents: pd.DataFrame, *, alpha: float = 0.05, n: int = 5
) -> Narrative:
    """Which token-count findings survive when every document counts once.

    A term over-used by token counts but not by document counts is concentrated
    in a few long documents (or one prolific group): the narrative names those.
    """
    tok = by_tokens[by_tokens["q_value"] < alpha]
    doc = by_documents.set_index("term")
    doc_found = set(by_documents.loc[by_documents["q_value"] < alpha, "term"])
    lines = []
    for sign, side in ((1, by_tokens.attrs.get("target")), (-1, by_tokens.attrs.get("reference"))):
        mine = tok[np.sign(tok["g2"]) == sign]
        if mine.empty:
            continue
        same_sign = pd.Series(
            [t in doc_found and np.sign(doc.at[t, "g2"]) == sign for t in mine["term"]], dtype=bool
        )
        kept = int(same_sign.sum())
        lost = mine[~same_sign.to_numpy()].head(n)
        column = "target_count" if sign > 0 else "reference_count"
        line = (
            f"of the {plural(len(mine), 'term')} *{side}* over-uses by token counts, "
            f"{number(kept)} also {'does' if kept == 1 else 'do'} by documents"
        )
        if len(lost):
            floor = by_documents.attrs.get("min_count", 1)
            in_docs = [
                plural(int(doc.at[t, column]), "document")
                if t in doc.index
                else f"fewer than {plural(floor, 'document')} on both sides"
                for t in lost["term"]
            ]  # a term below min_count by documents is not in that table
            spread = [
                f"“{r['term']}” ({plural(int(r[column]), 'occurrence')} in {d})"
                for (_, r), d in zip(lost.iterrows(), in_docs, strict=True)
            ]
            line += f"; not {join(spread)}"
        lines.append(line)
    if not lines:
        return Narrative(
            f"No term differs at q < {alpha} by token counts, so there is nothing for the "
            "per-document count to confirm."
        )
    text = "Counting documents instead of occurrences: " + "; ".join(lines) + "."
    return Narrative(text[0].upper() + text[1:])


def describe_edge_keyness(table: pd.DataFrame, *, alpha: float = 0.05, n: int = 3) -> Narrative:
    """The actor pairs each side puts together more often (``edge_keyness`` output)."""
    target, reference = table.attrs.get("target", "target"), table.attrs.get("reference", "rest")
    unit = table.attrs.get("unit", "sentence")
    if table.empty:
        return Narrative(f"No actor pair shares a {unit} on either side.")
    found = table[table["q_value"] < alpha]
    c1, c2 = int(table["target_units"].iloc[0]), int(table["reference_units"].iloc[0])

    def pair(r: pd.Series) -> str:
        return (
            f"{r['actor_a']} – {r['actor_b']} ({number(int(r['target_count']))} of "
            f"{number(c1)} {unit}s vs {number(int(r['reference_count']))} of {number(c2)}, "
            f"G2 {r['g2']:.1f})"
        )

    if found.empty:
        best = table.assign(_a=table["g2"].abs()).sort_values(
            ["_a", "actor_a", "actor_b"], ascending=[False, True, True]
        )
        return Narrative(
            f"{plural(len(table), 'actor pair')} share a {unit} on one side or both; none is put "
            f"together more often by one side at q < {alpha}. The largest difference, not "
            f"significant: {pair(best.iloc[0])}."
        )
    parts = []
    for rows, side in (
        (found[found["g2"] > 0], target),
        (found[found["g2"] < 0].sort_values(["g2", "actor_a", "actor_b"]), reference),
    ):
        if len(rows):
            parts.append(
                f"*{side}* puts {plural(len(rows), 'pair')} together more often, led by "
                + join(pair(r) for _, r in rows.head(n).iterrows())
            )
        else:
            parts.append(f"*{side}* favours no pair")
    return Narrative(
        f"Of {plural(len(table), 'actor pair')} sharing a {unit}, {number(len(found))} differ at "
        f"q < {alpha}: " + "; ".join(parts) + "."
    )


def describe_framing_by_group(
    table: pd.DataFrame, *, alpha: float = 0.05, n: int = 3, max_groups: int = 6
) -> Narrative:
    """The words each group uses most around one actor (``framing_by_group`` output)."""
    key = table.columns[0]
    actor = table.attrs.get("actor", "the actor")
    parts, significant = [], 0
    for group, rows in list(table.groupby(key, sort=False))[:max_groups]:
        over = rows[rows["g2"] > 0].head(n)
        significant += int((rows["q_value"] < alpha).sum())
        if len(over):
            parts.append(f"*{group}*: {key_term_list(over, mark='*{}*')}")
    if not parts:
        return Narrative(f"No group over-uses any word around {actor}.")
    text = f"Around {actor}, each {key} against the others: " + "; ".join(parts) + "."
    if significant == 0:
        text += (
            f" None of these differences passes q < {alpha}: the sentences naming {actor} are too "
            "few to tell the groups apart."
        )
    else:
        text += f" {plural(significant, 'word-group difference')} pass q < {alpha}."
    return Narrative(text)


def describe_naming_by_group(table: pd.DataFrame, actor: str, *, alpha: float = 0.05) -> Narrative:
    """How each group most often names ``actor``, and the G-test (``naming_by_group``)."""
    rows = table[table["actor"] == actor]
    if rows.empty:
        return Narrative(f"{actor} is not named in the groups compared.")
    firsts = []
    for group, own in rows.groupby("group", sort=True):
        tied = own[own["count"] == own["count"].max()]
        names = join((f"“{s}”" for s in tied["surface"]), last="and")
        each = " each" if len(tied) > 1 else ""
        firsts.append(f"*{group}* {names} ({tied['share'].iloc[0]:.0%}{each})")
    test = rows.iloc[0]
    text = f"The most frequent name of {actor} in each group: {join(firsts)}."
    wide = rows.pivot_table(index="surface", columns="group", values="share", fill_value=0.0)
    if wide.shape[1] > 1:
        spread = (wide.max(axis=1) - wide.min(axis=1)).sort_index()
        surface = spread.sort_values(ascending=False, kind="stable").index[0]
        high, low = wide.loc[surface].idxmax(), wide.loc[surface].idxmin()
        text += (
            f" The name whose share differs most is “{surface}”: {wide.at[surface, high]:.0%} of "
            f"*{high}*'s mentions against {wide.at[surface, low]:.0%} of *{low}*'s."
        )
    if np.isnan(test["g2"]):
        text += " There is nothing to test: one name only, or one group."
    else:
        verdict = "differ" if test["p_value"] < alpha else "do not differ detectably"
        text += (
            f" The groups {verdict} in how they name {actor} (G-test G2 = {test['g2']:.1f} on "
            f"{plural(int(test['dof']), 'degree')} of freedom, p = {test['p_value']:.3g})."
        )
    return Narrative(text)


def describe_over_time(trends: pd.DataFrame, *, max_items: int = 4) -> Narrative:
    """Each item's peak period with its band (``over_time`` output, without groups)."""
    if trends.empty:
        return Narrative("No dated document: nothing to follow over time.")
    conf = trends.attrs.get("confidence", 0.95)
    periods = trends["period"].nunique()
    parts = []
    for item in list(dict.fromkeys(trends["item"]))[:max_items]:
        rows = trends[trends["item"] == item]
        if "group" in rows.columns:
            peaks = []
            unused = []
            for group, own in rows.groupby("group", sort=False):
                peak = own.sort_values(["rate", "period"], ascending=[False, True]).iloc[0]
                if peak["count"] == 0:
                    unused.append(f"*{group}*")
                    continue
                peaks.append(
                    f"*{group}* in {peak['period']} ({peak['rate']:.1f}, band "
                    f"{peak['low']:.1f}–{peak['high']:.1f})"
                )
            text = f"“{item}” peaks for {join(peaks)}" if peaks else f"“{item}” is never used"
            if unused and peaks:
                text += f", and {join(unused)} never {'uses' if len(unused) == 1 else 'use'} it"
            parts.append(text)
            continue
        peak = rows.sort_values(["rate", "period"], ascending=[False, True]).iloc[0]
        parts.append(
            f"“{item}” peaks in {peak['period']} ({peak['rate']:.1f}, band "
            f"{peak['low']:.1f}–{peak['high']:.1f}, {plural(int(peak['documents']), 'document')})"
        )
    text = (
        f"Over {plural(periods, 'period')}, per 10,000 tokens ({conf:.0%} bootstrap band over "
        "documents): " + "; ".join(parts) + "."
    )
    if trends.groupby("period")["documents"].max().min() < 5:
        text += (
            " Periods of fewer than five documents have wide or degenerate bands: "
            "one article moves them."
        )
    return Narrative(text)
