"""Sentences for the actors notebook (03), written from its tables."""

from __future__ import annotations

import networkx as nx
import pandas as pd

from analysis.narrative.core import Narrative, join, key_term_list, number, plural


def describe_unmatched(unmatched: pd.DataFrame, *, n: int = 5) -> Narrative:
    """How many capitalised names the dictionary misses, and the most frequent of them.

    ``unmatched`` is ``unmatched_names(...)`` (sorted by count).
    """
    if unmatched.empty:
        return Narrative("Every capitalised name of the analysed paragraphs is covered.")
    top = unmatched.sort_values(["count", "name"], ascending=[False, True]).head(n)
    items = join(f"*{r.name}* ({number(r.count)})" for r in top.itertuples())
    total = plural(int(unmatched["count"].sum()), "occurrence")
    return Narrative(
        f"{plural(len(unmatched), 'capitalised name')} ({total}) "
        f"are not in the dictionary. The most frequent: {items}. Read them before trusting the "
        "counts: an actor among them is missing from every table below."
    )


def describe_roles(roles: pd.DataFrame) -> Narrative:
    """How the role phrases resolved, by rule (``role_report(...)``)."""
    if roles.empty:
        return Narrative("No role phrase was found.")
    counts = roles["resolution"].value_counts()
    unresolved = int(counts[[k for k in counts.index if k.startswith("unresolved")]].sum())
    items = join(
        f"{number(v)} by *{k}*" for k, v in counts.items() if not k.startswith("unresolved")
    )
    text = f"{plural(len(roles), 'role phrase')}: {items}."
    if unresolved:
        text += (
            f" {number(unresolved)} {'stays' if unresolved == 1 else 'stay'} unresolved and "
            f"{'is' if unresolved == 1 else 'are'} left out of the mentions "
            "(a `date` column, or a holder named in the same document, would settle them)."
        )
    return Narrative(text)


def describe_mentions(summary: pd.DataFrame, n_docs: int, *, n: int = 3) -> Narrative:
    """The most named actors, with the share of documents naming them (``actor_summary``)."""
    if summary.empty:
        return Narrative("No actor of the dictionary is named in the analysed paragraphs.")
    top = summary.head(n)
    items = join(
        f"{r.actor} ({plural(int(r.mentions), 'mention')}, in {number(r.documents)} of "
        f"{number(n_docs)} documents)"
        for r in top.itertuples()
    )
    text = (
        f"{plural(int(summary['mentions'].sum()), 'mention')} of "
        f"{plural(len(summary), 'actor')}; the most named are {items}."
    )
    once = int((summary["mentions"] == 1).sum())
    if once:
        text += f" {plural(once, 'actor')} {'is' if once == 1 else 'are'} named only once."
    return Narrative(text)


def describe_extra(extra: pd.DataFrame) -> Narrative:
    """Mentions that searching every paragraph kind would add, by kind."""
    if extra.empty:
        return Narrative("Searching every paragraph kind would add no mention.")
    kinds = extra["kind"].value_counts()
    return Narrative(
        f"Searching every paragraph kind would add {plural(len(extra), 'mention')}: "
        + join(f"{number(v)} in `{k}`" for k, v in kinds.items())
        + ". They stay out of every count below."
    )


def describe_switch(compare: pd.DataFrame, *, n: int = 3) -> Narrative:
    """Which counts the demonym switch changes (the notebook's comparison table)."""
    if compare.empty:
        return Narrative("Switching demonyms and capitals changes no count.")
    before, after = compare.columns[1], compare.columns[2]
    change = (compare[after] - compare[before]).abs()
    top = compare.assign(_change=change).sort_values(["_change", "actor"], ascending=[False, True])
    items = join(
        f"{r.actor} ({number(getattr(r, before))} → {number(getattr(r, after))})"
        for r in top.head(n).itertuples()
    )
    return Narrative(
        f"The switch changes the counts of {plural(len(compare), 'actor')}; most for {items}."
    )


def describe_edges(
    edges: pd.DataFrame, *, unit: str = "sentence", min_shared: int = 5
) -> Narrative:
    """The most frequent pair and the strongest association among frequent pairs.

    ``edges`` is ``cooccurrence(...)``; associations (PMI, G2) are compared only
    among pairs sharing at least ``min_shared`` units (rare pairs have extreme PMI).
    """
    if edges.empty:
        return Narrative(f"No two actors share a {unit}.")
    first = edges.iloc[0]
    text = (
        f"{plural(len(edges), 'pair')} of actors share at least one {unit}; the most frequent "
        f"is {first['actor_a']} – {first['actor_b']} ({plural(int(first['count']), unit)})."
    )
    frequent = edges[edges["count"] >= min_shared]
    if len(frequent):
        best = frequent.sort_values(["pmi", "actor_a", "actor_b"], ascending=[False, True, True])
        best = best.iloc[0]
        text += (
            f" Among pairs sharing {min_shared} or more, {best['actor_a']} – {best['actor_b']} is "
            f"the most associated (PMI {best['pmi']:.2f}, {number(best['count'])} {unit}s)."
        )
        apart = frequent[frequent["g2"] < 0]
        if len(apart):
            low = apart.sort_values(["g2", "actor_a"]).iloc[0]
            text += (
                f" Frequent is not associated: {low['actor_a']} – {low['actor_b']} share "
                f"{plural(int(low['count']), unit)} yet meet less often than their frequencies "
                f"predict (G2 {low['g2']:.1f})."
            )
    return Narrative(text)


def describe_network(graph: nx.Graph, central: pd.DataFrame, *, min_count: int) -> Narrative:
    """Size of the thresholded network, its hub and its broker (``centrality(graph)``)."""
    tied = [n for n in graph.nodes if graph.degree(n) > 0]
    if not tied:
        return Narrative(f"At `min_count = {min_count}` no two actors are tied.")
    hub = central.iloc[0]
    broker = central.sort_values(["betweenness", "actor"], ascending=[False, True]).iloc[0]
    components = nx.number_connected_components(graph.subgraph(tied))
    text = (
        f"At `min_count = {min_count}` the network keeps {number(len(tied))} of "
        f"{plural(graph.number_of_nodes(), 'actor')} and {plural(graph.number_of_edges(), 'tie')} "
        f"in {plural(components, 'connected part')}. {hub['actor']} is the hub "
        f"({plural(int(hub['degree']), 'partner')}, "
        f"weighted degree {number(hub['weighted_degree'])})"
    )
    if broker["actor"] != hub["actor"]:
        text += f"; {broker['actor']} has the highest betweenness ({broker['betweenness']:.3f})."
    else:
        text += f" and also has the highest betweenness ({broker['betweenness']:.3f})."
    return Narrative(text)


def describe_groups(group_edges: pd.DataFrame, by: str, groups: list[str]) -> Narrative:
    """The most frequent pair of each group shown (``cooccurrence(..., by=by)``)."""
    parts = []
    for group in groups:
        rows = group_edges[group_edges[by].astype(str) == str(group)]
        if rows.empty:
            parts.append(f"`{group}`: no shared unit")
            continue
        top = rows.iloc[0]
        parts.append(f"`{group}`: {top['actor_a']} – {top['actor_b']} ({number(top['count'])})")
    return Narrative("The most frequent pair in each group shown: " + "; ".join(parts) + ".")


def describe_framing(context: pd.DataFrame, *, n: int = 3) -> Narrative:
    """The words most over-used around each actor (``actor_context`` rows with an ``actor``)."""
    parts = []
    for actor, rows in context.groupby("actor", sort=False):
        over = rows[rows["g2"] > 0].head(n)
        if over.empty:
            parts.append(f"{actor}: no over-used word")
            continue
        parts.append(f"{actor}: {key_term_list(over, mark='*{}*')}")
    return Narrative(
        "Words most over-used in the sentences naming each actor, against all other sentences: "
        + "; ".join(parts)
        + "."
    )
