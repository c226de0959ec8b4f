"""Interactive (plotly) versions of the comparison and network figures, for JupyterLab.

The static figures of ``analysis.plots`` stay what ``make figures`` writes; these
take the same tables and add hover, zoom and legend toggling. Plotly renders in
JupyterLab 4 from the pip install alone (its prebuilt ``jupyterlab-plotly``
extension).
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.plots.networks import network_layout

TARGET, REFERENCE, OTHER = "#0173b2", "#d55e00", "#bbbbbb"


def plotly_term_scatter(table: pd.DataFrame, *, alpha: float = 0.05) -> go.Figure:
    """``compare_groups`` output as a zoomable scatter: rate in reference (x) vs target (y).

    Rates per 10,000 tokens (or per 100 documents with ``counts="documents"``), log
    axes, a zero count drawn at 0.5 / size as in ``plot_term_scatter``; hover gives
    the term, both counts, G2 and q.
    """
    attrs = table.attrs
    per = 100.0 if attrs.get("counts") == "documents" else 10_000.0
    x = np.maximum(table["reference_count"].to_numpy(float), 0.5) * per / attrs["reference_size"]
    y = np.maximum(table["target_count"].to_numpy(float), 0.5) * per / attrs["target_size"]
    side = np.where(
        table["q_value"] < alpha, np.where(table["g2"] > 0, "target", "reference"), "other"
    )
    names = {"target": attrs.get("target"), "reference": attrs.get("reference")}
    fig = go.Figure()
    for key, colour in (("other", OTHER), ("target", TARGET), ("reference", REFERENCE)):
        mask = side == key
        label = "not significant" if key == "other" else f"more in {names[key]} (q < {alpha})"
        rows = table[mask]
        fig.add_trace(
            go.Scattergl(
                x=x[mask], y=y[mask], mode="markers", name=label,
                marker={"color": colour, "size": 5 if key == "other" else 7},
                text=rows["term"],
                customdata=np.column_stack(
                    [rows["target_count"], rows["reference_count"], rows["g2"], rows["q_value"]]
                ),
                hovertemplate="<b>%{text}</b><br>target %{customdata[0]}, reference "
                "%{customdata[1]}<br>G2 %{customdata[2]:.1f}, q %{customdata[3]:.2g}"
                "<extra></extra>",
            )
        )  # fmt: skip
    low, high = float(min(x.min(), y.min())), float(max(x.max(), y.max()))
    fig.add_trace(
        go.Scatter(x=[low, high], y=[low, high], mode="lines", name="equal use",
                   line={"color": "black", "width": 1}, hoverinfo="skip")
    )  # fmt: skip
    unit = "per 100 documents" if per == 100 else "per 10,000 tokens"
    fig.update_layout(
        title=f"{names['target']} against {names['reference']}: {len(table):,} terms",
        xaxis={"type": "log", "title": f"{names['reference']}: {unit}"},
        yaxis={"type": "log", "title": f"{names['target']}: {unit}"},
        height=600, template="simple_white",
    )  # fmt: skip
    return fig


def plotly_over_time(trends: pd.DataFrame) -> go.Figure:
    """``over_time`` output as lines with their bands, one colour per item (and group)."""
    fig = go.Figure()
    keys = ["item", "group"] if "group" in trends.columns else ["item"]
    for k, (key, rows) in enumerate(trends.groupby(keys, sort=False)):
        name = " / ".join(str(v) for v in (key if isinstance(key, tuple) else (key,)))
        colour = f"hsl({(k * 67) % 360}, 60%, 45%)"
        periods = rows["period"].astype(str)
        fig.add_trace(
            go.Scatter(x=list(periods) + list(periods[::-1]),
                       y=list(rows["high"]) + list(rows["low"][::-1]), fill="toself",
                       fillcolor=colour.replace("hsl", "hsla").replace(")", ", 0.15)"),
                       line={"width": 0}, hoverinfo="skip", showlegend=False, legendgroup=name)
        )  # fmt: skip
        fig.add_trace(
            go.Scatter(x=periods, y=rows["rate"], mode="lines+markers", name=name,
                       line={"color": colour}, legendgroup=name,
                       customdata=np.column_stack([rows["count"], rows["documents"]]),
                       hovertemplate=f"<b>{name}</b> %{{x}}: %{{y:.1f}} per 10,000 tokens<br>"
                       "%{customdata[0]} occurrences, %{customdata[1]} documents<extra></extra>")
        )  # fmt: skip
    fig.update_layout(
        title=f"Rate per period, {trends.attrs.get('confidence', 0.95):.0%} bootstrap band",
        yaxis_title="per 10,000 tokens", height=450, template="simple_white",
    )  # fmt: skip
    return fig


def plotly_network(graph: nx.Graph, *, random_state: int = 0) -> go.Figure:
    """An actor network (``actor_network``) to hover and zoom: who a node is, its ties.

    Node size grows with ``mentions`` (a node attribute when present), colour by
    ``type``; hover lists the actor's type, mentions and strongest ties. Layout:
    ``network_layout`` (seeded), as in the static figure.
    """
    pos = network_layout(graph, random_state=random_state)
    fig = go.Figure()
    xs, ys = [], []
    for a, b in graph.edges():
        xs += [pos[a][0], pos[b][0], None]
        ys += [pos[a][1], pos[b][1], None]
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": "#aaaaaa", "width": 1},
                             hoverinfo="skip", showlegend=False))  # fmt: skip
    kinds = sorted({str(graph.nodes[n].get("type", "actor")) for n in graph.nodes})
    for k, kind in enumerate(kinds):
        nodes = sorted(n for n in graph.nodes if str(graph.nodes[n].get("type", "actor")) == kind)
        hover = []
        for n in nodes:
            ties = sorted(graph[n].items(), key=lambda t: (-t[1].get("weight", 1), t[0]))[:5]
            listed = "<br>".join(f"{m}: {d.get('weight', 1):g}" for m, d in ties)
            mentions = graph.nodes[n].get("mentions", "")
            hover.append(f"<b>{n}</b> ({kind}, {mentions} mentions)<br>{len(graph[n])} ties"
                         f"<br>{listed}")  # fmt: skip
        size = [8 + 3 * np.sqrt(float(graph.nodes[n].get("mentions", 1))) for n in nodes]
        fig.add_trace(
            go.Scatter(x=[pos[n][0] for n in nodes], y=[pos[n][1] for n in nodes],
                       mode="markers+text", name=kind, text=nodes, textposition="top center",
                       marker={"size": size, "color": f"hsl({(k * 83) % 360}, 55%, 50%)"},
                       hovertext=hover, hoverinfo="text")
        )  # fmt: skip
    fig.update_layout(
        title=f"{graph.number_of_nodes()} actors, {graph.number_of_edges()} ties "
        "(hover for ties, drag to zoom, click the legend to hide a type)",
        xaxis={"visible": False}, yaxis={"visible": False}, height=650, template="simple_white",
    )  # fmt: skip
    return fig
