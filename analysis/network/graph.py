"""The actor network: a weighted graph from an edge table, its centralities, and export
to GraphML and Gephi's CSV pair."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from analysis.network.cooccurrence import EDGE_COLUMNS, check_edges
from analysis.paths import FIGURES_DIR
from analysis.validation import check_int, check_option

CENTRALITY_COLUMNS: tuple[str, ...] = (
    "actor",
    "type",
    "mentions",
    "degree",
    "weighted_degree",
    "betweenness",
)


def _python(value: object) -> object:
    """NumPy scalars as Python ones (GraphML and JSON writers need them)."""
    return value.item() if isinstance(value, np.generic) else value


def actor_network(
    edges: pd.DataFrame,
    *,
    weight: str = "count",
    min_count: int = 1,
    mentions: pd.DataFrame | None = None,
) -> nx.Graph:
    """An undirected, weighted actor network for analysis and Gephi.

    Parameters
    ----------
    edges : DataFrame
        From ``cooccurrence``.
    weight : str, default "count"
        Edge column copied to the ``weight`` attribute (used by plots, weighted degree
        and Gephi). Edges whose weight is not positive are left out: a negative
        association (``npmi``, ``g2`` below 0) is not a tie.
    min_count : int, default 1
        Keep pairs with ``count >= min_count``.
    mentions : DataFrame, optional
        From ``find_mentions``: every actor in it becomes a node (isolates included) with
        ``type`` (actor_type) and ``mentions`` (number of mentions). Without it, nodes
        are the actors of the kept edges, with ``type`` ``""`` and ``mentions`` = units
        naming the actor (``count_a``).

    Returns
    -------
    networkx.Graph
        Nodes sorted by name; edge attributes: every column of ``edges``, ``weight``, and
        ``distance = 1 / weight`` (strong ties are short paths, for betweenness).
    """
    check_edges(edges)
    check_option("weight", weight, EDGE_COLUMNS[2:])
    min_count = check_int("min_count", min_count, low=1)
    kept = edges[(edges["count"] >= min_count) & (edges[weight] > 0)]
    kept = kept.sort_values(["actor_a", "actor_b"], ignore_index=True)
    graph = nx.Graph(weight=weight, min_count=int(min_count))
    if mentions is not None:
        counts = mentions.groupby(["actor", "actor_type"]).size().reset_index(name="n")
        for row in counts.sort_values("actor").itertuples(index=False):
            graph.add_node(row.actor, type=row.actor_type, mentions=int(row.n))
    else:
        sizes = pd.concat(
            [kept.set_index("actor_a")["count_a"], kept.set_index("actor_b")["count_b"]]
        )
        sizes = sizes[~sizes.index.duplicated()].sort_index()
        for name, size in sizes.items():
            graph.add_node(name, type="", mentions=int(size))
    missing = sorted((set(kept["actor_a"]) | set(kept["actor_b"])) - set(graph.nodes))
    if missing:
        raise ValueError(f"edges name actors absent from mentions: {missing[:10]}")
    measures = [c for c in kept.columns if c not in ("actor_a", "actor_b")]
    for row in kept.itertuples(index=False):
        attrs = {c: _python(getattr(row, c)) for c in measures}
        w = float(getattr(row, weight))
        graph.add_edge(row.actor_a, row.actor_b, **attrs, weight=w, distance=1.0 / w)
    return graph


def centrality(
    graph: nx.Graph, *, max_sources: int | None = 300, random_state: int = 0
) -> pd.DataFrame:
    """Per actor: degree, weighted degree and betweenness in ``graph``.

    ``degree`` = number of partners, ``weighted_degree`` = sum of the ``weight`` of its
    edges, ``betweenness`` = share of shortest paths between other actors that pass
    through it (normalised, ``networkx.betweenness_centrality`` with ``distance = 1 /
    weight``). Exact up to ``max_sources`` actors; on a larger graph it is estimated
    from ``max_sources`` source actors drawn with ``random_state`` (Brandes and Pich
    2007, networkx's ``k``), which keeps the cost linear in the number of ties instead
    of growing with actors x ties. ``None`` is always exact. Columns: actor, type,
    mentions, degree, weighted_degree, betweenness; sorted by weighted_degree
    descending, then actor.
    """
    if graph.number_of_nodes() == 0:
        raise ValueError("the network has no nodes")
    sample = max_sources if max_sources and graph.number_of_nodes() > max_sources else None
    between = nx.betweenness_centrality(
        graph, k=sample, weight="distance", normalized=True, seed=random_state
    )
    rows = [
        {
            "actor": node,
            "type": data.get("type", ""),
            "mentions": int(data.get("mentions", 0)),
            "degree": int(graph.degree(node)),
            "weighted_degree": float(graph.degree(node, weight="weight")),
            "betweenness": float(between[node]),
        }
        for node, data in graph.nodes(data=True)
    ]
    out = pd.DataFrame(rows, columns=list(CENTRALITY_COLUMNS))
    out = out.astype({"actor": "str", "type": "str"})
    return out.sort_values(["weighted_degree", "actor"], ascending=[False, True], ignore_index=True)


def export_network(
    graph: nx.Graph, directory: str | Path | None = None, *, name: str = "actor_network"
) -> list[Path]:
    """Write ``NAME.graphml`` and Gephi's CSV pair ``NAME_nodes.csv``/``NAME_edges.csv``.

    Nodes CSV: Id, Label, type, mentions. Edges CSV: Source, Target, Type
    (``Undirected``), Weight, then every other edge attribute. ``directory`` defaults to
    ``FIGURES_DIR``. Returns the paths written.
    """
    out_dir = FIGURES_DIR if directory is None else Path(directory)
    out_dir.mkdir(parents=True, exist_ok=True)
    graphml = out_dir / f"{name}.graphml"
    nx.write_graphml(graph, graphml)
    nodes = pd.DataFrame(
        [
            {"Id": n, "Label": n, "type": d.get("type", ""), "mentions": d.get("mentions", 0)}
            for n, d in graph.nodes(data=True)
        ],
        columns=["Id", "Label", "type", "mentions"],
    )
    edge_rows = []
    for a, b, d in graph.edges(data=True):
        extra = {k: v for k, v in d.items() if k != "weight"}
        edge_rows.append(
            {"Source": a, "Target": b, "Type": "Undirected", "Weight": d["weight"]} | extra
        )
    edge_table = pd.DataFrame(edge_rows)
    if edge_table.empty:
        edge_table = pd.DataFrame(columns=["Source", "Target", "Type", "Weight"])
    node_path = out_dir / f"{name}_nodes.csv"
    edge_path = out_dir / f"{name}_edges.csv"
    nodes.to_csv(node_path, index=False, lineterminator="\n")
    edge_table.to_csv(edge_path, index=False, lineterminator="\n")
    return [graphml, node_path, edge_path]
