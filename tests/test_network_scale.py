"""Network statistics at scale: sampled betweenness, grouped co-occurrence in one product."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from analysis.network import centrality


def _graph(n: int) -> nx.Graph:
    graph = nx.connected_watts_strogatz_graph(n, 4, 0.2, seed=1)
    graph = nx.relabel_nodes(graph, {i: f"a{i:03d}" for i in graph.nodes})
    for u, v in graph.edges:
        graph.edges[u, v]["weight"] = 1 + int(u[1:]) % 3
        graph.edges[u, v]["distance"] = 1 / graph.edges[u, v]["weight"]
    return graph


def test_betweenness_exact_below_the_cap():
    graph = _graph(40)
    table = centrality(graph, max_sources=40).set_index("actor")["betweenness"]
    exact = nx.betweenness_centrality(graph, weight="distance", normalized=True)
    assert table.to_dict() == pytest.approx(exact)


def test_betweenness_sampled_above_the_cap_is_seeded():
    graph = _graph(60)
    table = centrality(graph, max_sources=20, random_state=3).set_index("actor")["betweenness"]
    sampled = nx.betweenness_centrality(graph, k=20, weight="distance", normalized=True, seed=3)
    assert table.to_dict() == pytest.approx(sampled)
    again = centrality(graph, max_sources=20, random_state=3)
    pd.testing.assert_frame_equal(centrality(graph, max_sources=20, random_state=3), again)
    exact = pd.Series(nx.betweenness_centrality(graph, weight="distance", normalized=True))
    assert table.corr(exact.loc[table.index], method="spearman") > 0.8


def test_grouped_cooccurrence_equals_one_table_per_group(seeds):
    from analysis.actors import find_mentions
    from analysis.network import cooccurrence

    mentions = find_mentions(seeds)
    first = mentions["doc_id"].str[:3].isin(["000", "001"])
    mentions = mentions.assign(half=np.where(first, "first", "second").astype(object))
    mentions.loc[mentions.index[:3], "half"] = None  # missing groups are left out
    for unit in ("sentence", "paragraph", "document"):
        grouped = cooccurrence(mentions, unit=unit, by="half")
        kept = mentions[mentions["half"].notna()]
        one_by_one = pd.concat(
            [
                cooccurrence(group, unit=unit).assign(half=key)
                for key, group in kept.groupby("half", sort=True)
            ],
            ignore_index=True,
        )[grouped.columns]
        pd.testing.assert_frame_equal(grouped, one_by_one, check_dtype=False)
        assert grouped["half"].nunique() == 2
