"""Figures of the TF-IDF and topics notebook: similarity, clustering, map, topics, classes."""

from __future__ import annotations

import math
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from scipy.cluster.hierarchy import dendrogram

from analysis.plotting import styled
from analysis.similarity import largest_rows, ranked

_ANNOTATE_MAX = 25  # above this many rows, values in heatmap cells become unreadable
MAX_SIMILARITY_ROWS = 40  # rows of a similarity heatmap, leaves of a dendrogram
MAX_MAP_GROUPS = 8  # coloured groups of a unit map (the palette's eight colours)
MAX_DOCUMENT_ROWS = 30  # rows of a document-topic heatmap
MAX_PANELS = 12  # panels of the topic-terms and class TF-IDF figures
MAX_TERMS = 20  # bars per panel
_OTHER = "#b0b0b0"  # groups beyond the coloured ones


def _color(i: int) -> str:
    """The i-th colour of the active style's cycle, as a hex string.

    Lines and scatter edges resolve ``"C0"``-style names only when drawn,
    i.e. after ``styled`` has left the style context; resolving them here keeps
    the suite's palette.
    """
    cycle = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    return to_hex(cycle[i % len(cycle)])


def _grid(n: int, ncols: int, *, panel_height: float, width: float = 9.0):
    ncols = max(1, min(ncols, n))
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(width, panel_height * nrows + 0.6), squeeze=False
    )
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return fig, list(axes.flat[:n])


def _annotate(ax, values: np.ndarray, *, fmt: str = "{:.2f}", threshold: float = 0.5) -> None:
    for (i, j), v in np.ndenumerate(values):
        color = "black" if v >= threshold else "white"  # viridis: dark low end, light high end
        ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=7, color=color)


def _heatmap(
    ax, values: np.ndarray, rows: list[str], cols: list[str], *, vmax: float, fontsize: int = 8
):
    image = ax.imshow(values, cmap="viridis", vmin=0.0, vmax=vmax, aspect="auto")
    ax.set_xticks(range(len(cols)), cols, rotation=45, ha="right", fontsize=fontsize)
    ax.set_yticks(range(len(rows)), rows, fontsize=fontsize)
    ax.grid(False)
    return image


def _title(fig: Figure, title: str, *rules: str | None) -> None:
    """``title`` at the figure's top left, then the stated rules, wrapped to its width."""
    chars = max(40, int(fig.get_figwidth() * 9))
    lines = [title] + [textwrap.fill(r, chars) for r in rules if r]
    fig.suptitle("\n".join(lines), fontweight="bold", x=0.01, ha="left", fontsize=11)


@styled
def plot_similarity(
    sim: pd.DataFrame,
    *,
    max_rows: int = MAX_SIMILARITY_ROWS,
    order: str = "table",
    annotate: bool | None = None,
    title: str | None = None,
    rule: str | None = None,
) -> Figure:
    """Heatmap of a square cosine-similarity table (``similarity(...)``).

    Colour scale 0 (no shared weighted term) to 1 (same direction). At most
    ``max_rows`` rows: of a larger table, ``largest_rows(sim, max_rows)``
    (the groups with the most documents, or the units with the most distinct
    terms). The title states how the rows were chosen: ``sim.attrs["rule"]``
    (set by ``largest_rows``) and ``rule`` (e.g.
    ``central_units(...).attrs["rule"]``). ``order="cluster"`` orders the rows
    by the leaves of an average-linkage tree of the rows shown (similar rows
    side by side); ``"table"`` keeps the table's order. Cells are annotated
    when ``annotate`` is True, or by default when at most 25 rows are shown.
    """
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import squareform

    if sim.shape[0] == 0:
        raise ValueError("nothing to plot: the similarity table is empty")
    if order not in ("table", "cluster"):
        raise ValueError(f"order must be one of ['table', 'cluster'], not {order!r}")
    table = largest_rows(sim, max_rows)
    shown = [str(x) for x in table.index]
    values = table.to_numpy(dtype="float64")
    if order == "cluster" and len(shown) > 2:
        dist = np.clip(1.0 - (values + values.T) / 2.0, 0.0, 1.0)
        np.fill_diagonal(dist, 0.0)
        leaves = leaves_list(linkage(squareform(dist, checks=False), method="average"))
        shown = [shown[i] for i in leaves]
        values = values[np.ix_(leaves, leaves)]
    n = len(shown)
    annotate = n <= _ANNOTATE_MAX if annotate is None else annotate
    side = min(max(4.0, 0.45 * n + 2.5), 14.0)
    fig, ax = plt.subplots(figsize=(side + 1.0, side))
    image = _heatmap(ax, values, shown, shown, vmax=1.0, fontsize=8 if n <= 25 else 7)
    if annotate:
        _annotate(ax, values)
    fig.colorbar(image, ax=ax, label="cosine similarity of TF-IDF vectors", shrink=0.8)
    name = sim.index.name
    default = (
        "Which units are alike"
        if name in (None, "doc_id", "unit")
        else f"Which {name} groups are alike (cosine of their centroids)"
    )
    ordered = "rows ordered by average-linkage clustering" if order == "cluster" else None
    _title(fig, title or default, rule, table.attrs.get("rule"), ordered)
    return fig


def _tree_members(z: np.ndarray, n: int) -> list[list[int]]:
    """The leaves (0..n-1) under every node id of a scipy linkage matrix."""
    members: list[list[int]] = [[i] for i in range(n)]
    for left, right in z[:, :2].astype(np.int64):
        members.append(members[left] + members[right])
    return members


@styled
def plot_dendrogram(
    tree: pd.DataFrame,
    *,
    max_leaves: int = MAX_SIMILARITY_ROWS,
    title: str | None = None,
    rule: str | None = None,
) -> Figure:
    """Dendrogram of ``cluster_tree(...)``: units joined at their cosine distance.

    The merge heights are ``1 - cosine similarity`` aggregated by the tree's
    linkage method (average linkage by default: mean pairwise distance). A
    tree of more than ``max_leaves`` leaves is cut to its last
    ``max_leaves - 1`` merges (``max_leaves`` clusters, scipy's
    ``truncate_mode="lastp"``); a cluster is named after its member with the
    most documents (``tree.attrs["n_documents"]``, else its first member in
    table order) plus the number of other members, and the title says so.
    Outliers join last, so such a cut shows them and one large cluster: cluster
    ``largest_rows(sim, 40)`` instead. The title states how the rows were
    chosen: ``tree.attrs["rule"]`` (from ``largest_rows`` through
    ``cluster_tree``) and ``rule``.
    """
    if tree.empty:
        raise ValueError("nothing to plot: the tree has no merges")
    n = len(tree) + 1
    names = np.empty(n, dtype=object)
    for side in ("left", "right"):
        leaves = tree[tree[side] < n]
        names[leaves[side].to_numpy()] = leaves[f"{side}_label"].to_numpy()
    z = tree[["left", "right", "distance", "size"]].to_numpy(dtype="float64")
    truncated = n > max_leaves
    shown = min(n, max_leaves)
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.3 * shown + 1.4)))
    link = _color(0)
    options = {}
    chosen = None
    if truncated:
        members = _tree_members(z, n)
        sizes = tree.attrs.get("n_documents", {})

        def label(node: int) -> str:
            if node < n:
                return str(names[node])
            inside = [str(names[i]) for i in sorted(members[node])]  # table order
            return f"{ranked(inside, [sizes])[0]} +{len(inside) - 1}"

        options = {"truncate_mode": "lastp", "p": max_leaves, "leaf_label_func": label}
        chosen = (
            f"the last {max_leaves - 1} merges: {max_leaves} clusters of {n:,} leaves, "
            "each named by its member with the most documents (+ others)"
        )
    dendrogram(
        z,
        labels=None if truncated else [str(x) for x in names],
        orientation="right",
        ax=ax,
        link_color_func=lambda _: link,
        leaf_font_size=8 if shown <= 25 else 7,
        **options,
    )
    ax.set_xlabel("cosine distance (1 - similarity), average over members")
    ax.grid(axis="y", visible=False)
    _title(
        fig,
        title or "Hierarchical clustering of TF-IDF vectors",
        rule,
        tree.attrs.get("rule"),
        chosen,
    )
    return fig


def _group_sizes(coords: pd.DataFrame, color_by: str) -> tuple[list[str], str]:
    """Groups of ``color_by`` ranked by documents, then units, ties by label; the measure."""
    keys = coords[color_by].astype(str)
    units = keys.value_counts()
    labels = sorted(units.index)
    if "doc_id" in coords.columns and color_by != "doc_id":
        docs = coords.assign(_g=keys).groupby("_g")["doc_id"].nunique()
        return ranked(labels, [docs.to_dict(), units.to_dict()]), "documents"
    return ranked(labels, [units.to_dict()]), "units"


@styled
def plot_unit_map(
    coords: pd.DataFrame,
    *,
    color_by: str = "doc_id",
    max_groups: int = MAX_MAP_GROUPS,
    title: str | None = None,
) -> Figure:
    """Scatter of ``unit_map(...)`` (TruncatedSVD axes), coloured by ``color_by``.

    At most ``max_groups`` groups get a colour (in label order when all fit):
    the groups with the most documents (for ``color_by="doc_id"``, the
    documents with the most units), ties by label, largest first; the others
    are drawn in grey underneath as ``"other"`` and the title says so. The
    coloured points are drawn in one seeded random order, so no group hides
    another. Markers shrink and fade with the number of points of their layer
    (grey or coloured: ``s = 28`` and ``alpha = 0.8`` up to 300 points, down
    to 2 and 0.25), points are rasterized above 1,000 (the SVG stays small),
    the legend sits outside the axes and the figure is 9.5 x 5.5 inches
    whatever the data.
    """
    from matplotlib.lines import Line2D

    if color_by not in coords.columns:
        raise ValueError(
            f"color_by {color_by!r} is not a column; columns are {list(coords.columns)}"
        )
    if coords.empty:
        raise ValueError("nothing to plot: the map has no units")
    groups, measure = _group_sizes(coords, color_by)
    coloured = groups[:max_groups] if len(groups) > max_groups else sorted(groups)
    keys = coords[color_by].astype(str).to_numpy()
    x, y = coords["x"].to_numpy(), coords["y"].to_numpy()
    code = pd.Index(coloured).get_indexer(keys)  # -1: not coloured
    rest = code < 0
    palette = np.array([_color(i) for i in range(len(coloured))], dtype=object)
    fig, ax = plt.subplots(figsize=(9.5, 5.5))
    handles = []
    for mask, colors in ((rest, None), (~rest, palette)):
        n = int(mask.sum())
        if n == 0:
            continue
        scale = min(1.0, 300 / n)
        style = {
            "s": max(2.0, 28 * scale**0.5),
            "alpha": max(0.25, 0.8 * scale**0.3),
            "linewidths": 0,
            "rasterized": n > 1000,
        }
        if colors is None:
            ax.scatter(x[mask], y[mask], color=_OTHER, **style)
            continue
        rows = np.flatnonzero(mask)
        rows = rows[np.random.default_rng(0).permutation(len(rows))]
        ax.scatter(x[rows], y[rows], c=list(colors[code[rows]]), **style)
    for i, group in enumerate(coloured):
        handles.append(Line2D([], [], linestyle="", marker="o", color=_color(i), label=group))
    if rest.any():
        label = f"other ({len(groups) - len(coloured):,})"
        handles.append(Line2D([], [], linestyle="", marker="o", color=_OTHER, label=label))
    shares = coords.attrs.get("share_of_sum_of_squares")
    suffix = [f" ({100 * r:.1f}% of sum of squares)" for r in shares] if shares else ["", ""]
    ax.set_xlabel("SVD component 1" + suffix[0])
    ax.set_ylabel("SVD component 2" + suffix[1])
    ax.legend(
        handles=handles,
        title=color_by,
        fontsize=8,
        title_fontsize=8,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
    )
    chosen = None
    if rest.any():
        if measure == "documents":
            what = f"{color_by} groups with the most documents"
        else:
            unit = next(
                (f"{u}s" for u in ("sentence", "paragraph") if f"{u}_id" in coords.columns),
                "units",
            )
            what = f"{'documents' if color_by == 'doc_id' else color_by} with the most {unit}"
        chosen = f"colour: the {len(coloured)} of {len(groups):,} {what}; the rest grey"
    _title(fig, title or "Map of units (TruncatedSVD of the TF-IDF matrix)", chosen)
    return fig


def _bars(ax, data: pd.DataFrame, color: str, title: str) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.barh(data["term"], data["weight"], color=color)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=3))
    ax.set_title(title, fontsize=9)
    ax.tick_params(axis="y", labelsize=8)
    ax.tick_params(axis="x", labelsize=7)
    ax.grid(axis="y", visible=False)


@styled
def plot_topic_terms(
    terms: pd.DataFrame,
    *,
    n: int = 10,
    ncols: int = 3,
    max_panels: int = MAX_PANELS,
    title: str | None = None,
) -> Figure:
    """Small multiples: the top terms of each topic (``NmfTopics.terms``), by weight.

    At most ``max_panels`` panels (default 12, 4 rows of 3): topics 1 to
    ``max_panels``, the topics with the largest total weight in ``W`` (topics
    are numbered so), and the title says so when topics are left out. Each
    panel shows ``min(n, 20)`` terms, so the figure is at most about
    13 inches tall.
    """
    topics = sorted(terms["topic"].unique())
    if not topics:
        raise ValueError("nothing to plot: no topic terms")
    shown = topics[:max_panels]
    n = min(n, MAX_TERMS)
    fig, axes = _grid(len(shown), ncols, panel_height=0.2 * n + 0.9)
    for ax, topic in zip(axes, shown, strict=True):
        data = terms[(terms["topic"] == topic) & (terms["rank"] <= n)].sort_values("rank")
        _bars(ax, data.iloc[::-1], _color(topic - 1), f"topic {topic}")
    chosen = (
        f"topics {shown[0]}-{shown[-1]} of {len(topics)}, the largest by total weight"
        if len(shown) < len(topics)
        else None
    )
    _title(fig, title or f"Top {n} terms per NMF topic", chosen)
    fig.supxlabel("weight in the topic (row of H)", fontsize=9)
    return fig


def _document_rows(table: pd.DataFrame, max_rows: int) -> tuple[pd.DataFrame, str | None]:
    """The rows of a documents x topics table a heatmap shows, and the rule (None: all).

    Per topic in turn, the ``max_rows // k`` documents (at least 1) with the
    highest share of it not already listed, ties by doc_id; rows grouped by
    topic, at most ``max_rows``.
    """
    n, k = table.shape
    if n <= max_rows:
        return table, None
    per = max(1, max_rows // k)
    chosen: list[str] = []
    labels = np.asarray(table.index.astype(str))
    for topic in table.columns:
        want = min(per, max_rows - len(chosen))
        if want <= 0:
            break
        # the want + len(chosen) best always hold want documents not yet chosen
        best = np.lexsort((labels, -table[topic].to_numpy()))[: want + len(chosen)]
        taken = set(chosen)
        chosen.extend([g for g in labels[best] if g not in taken][:want])
    which = "the document" if per == 1 else f"the {per} documents"
    rule = f"{which} with the highest share of each topic ({len(chosen)} of {n:,} documents)"
    return table.loc[chosen], rule


@styled
def plot_document_topics(
    doc_topics: pd.DataFrame,
    *,
    labels: pd.Series | None = None,
    annotate: bool | None = None,
    max_rows: int = MAX_DOCUMENT_ROWS,
    title: str | None = None,
) -> Figure:
    """Heatmap of ``document_topics(...)`` (or ``class_topics(...)``): rows x topics.

    Rows are the values of the table's first column: documents (sorted by
    doc_id), or classes in the table's order (``class_topics`` lists them in
    group order, ``"(missing)"`` last); each document's shares sum to 1.
    ``labels`` (e.g. ``topic_labels(topics)``, indexed by topic) names the
    columns. The colour scale runs from 0 to 1 for documents, to the largest
    mean share (rounded up to 0.05) for classes. At most ``max_rows`` rows
    (default 30), so the figure is at most 12.5 inches tall: of more
    documents, the ``max_rows // k`` with the highest share of each topic
    (grouped by topic, so each topic is shown by the documents that carry it
    most); of more classes, the classes with the most documents
    (``n_documents``), in table order. The title states the rule. For a large
    corpus prefer classes: ``class_topics(topics, toks, "outlet")``.
    """
    key = doc_topics.columns[0]
    table = doc_topics.pivot(index=key, columns="topic", values="weight").sort_index(axis=1)
    if key == "doc_id":
        table = table.sort_index()
    else:
        table = table.reindex(pd.unique(doc_topics[key]))
    if table.empty:
        raise ValueError("nothing to plot: no document-topic weights")
    table.index = table.index.astype(str)
    chosen = None
    if key == "doc_id":
        table, chosen = _document_rows(table, max_rows)
    elif len(table) > max_rows:
        if "n_documents" in doc_topics.columns:
            sizes = doc_topics.groupby(key, sort=False)["n_documents"].max()
            sizes.index = sizes.index.astype(str)
            keep = set(ranked(list(table.index), [sizes.to_dict()])[:max_rows])
            rule = f"the {max_rows} of {len(table):,} {key} groups with the most documents"
        else:
            keep = set(table.index[:max_rows])
            rule = f"the first {max_rows} of {len(table):,} {key} groups"
        table, chosen = table[table.index.isin(keep)], rule
    annotate = len(table) <= _ANNOTATE_MAX if annotate is None else annotate
    cols = [str(labels.get(t, t)) if labels is not None else f"topic {t}" for t in table.columns]
    width = min(max(6.0, 0.9 * len(cols) + 4.0), 14.0)
    fig, ax = plt.subplots(figsize=(width, max(2.5, 0.35 * len(table) + 2.0)))
    values = table.to_numpy(dtype="float64")
    # a document's shares reach 1; class means spread thinner, so their scale ends at
    # the largest mean (rounded up to 0.05) and stays readable
    vmax = 1.0 if key == "doc_id" else max(0.05, math.ceil(values.max() * 20 - 1e-9) / 20)
    image = _heatmap(ax, values, [str(x) for x in table.index], cols, vmax=vmax)
    if annotate:
        _annotate(ax, values, threshold=vmax / 2)
    what = "document" if key == "doc_id" else f"{key} (mean over its documents)"
    fig.colorbar(image, ax=ax, label=f"topic share per {what}", shrink=0.8)
    default = "Topics per document" if key == "doc_id" else f"Topics per {key}"
    _title(fig, title or default, chosen)
    return fig


@styled
def plot_class_tfidf(
    table: pd.DataFrame,
    *,
    n: int = 10,
    ncols: int = 3,
    max_panels: int = MAX_PANELS,
    classes: list[str] | None = None,
    title: str | None = None,
    rule: str | None = None,
) -> Figure:
    """Small multiples: the top c-TF-IDF terms of each class (``class_tfidf(...)``).

    The class column is the table's first column. At most ``max_panels``
    panels (default 12), ``min(n, 20)`` terms each: ``classes`` when given (in
    that order; ``rule`` says how they were chosen), else every class in table
    order when they fit, else the classes with the most documents
    (``table.attrs["n_documents"]``, set by ``class_tfidf``; without it the
    first in table order), in table order. The title states the rule.
    """
    key = table.columns[0]
    available = [str(c) for c in dict.fromkeys(table[key])]
    if not available:
        raise ValueError("nothing to plot: the class table is empty")
    if classes is not None:
        unknown = [c for c in classes if str(c) not in available]
        if unknown:
            raise ValueError(f"classes {unknown[:5]} are not in the table's {key} column")
        shown, chosen = [str(c) for c in classes][:max_panels], rule
    elif len(available) <= max_panels:
        shown, chosen = available, rule
    else:
        sizes = table.attrs.get("n_documents")
        if sizes:
            keep = set(ranked(available, [sizes])[:max_panels])
            shown = [c for c in available if c in keep]
            chosen = f"the {max_panels} of {len(available):,} {key} groups with the most documents"
        else:
            shown = available[:max_panels]
            chosen = f"the first {max_panels} of {len(available):,} {key} groups"
    n = min(n, MAX_TERMS)
    labels = table[key].astype(str)
    fig, axes = _grid(len(shown), ncols, panel_height=0.2 * n + 0.9)
    for i, (ax, cls) in enumerate(zip(axes, shown, strict=True)):
        data = table[(labels == cls) & (table["rank"] <= n)].sort_values("rank").iloc[::-1]
        _bars(ax, data, _color(i), cls)
    _title(fig, title or f"Distinctive terms per {key} (c-TF-IDF)", chosen)
    fig.supxlabel("c-TF-IDF weight: tf (L1 per class) x ln(1 + A / f)", fontsize=9)
    return fig


@styled
def plot_k_selection(table: pd.DataFrame, *, title: str | None = None) -> Figure:
    """Topic stability against k (``choose_k(...)``), the tolerance band and the chosen k.

    The title states ``choose_k``'s rule (``table.attrs["rule"]``) and, when
    the fits ran on a sample, how many units they saw.
    """
    if table.empty:
        raise ValueError("nothing to plot: the k table is empty")
    fig, ax = plt.subplots(figsize=(7, 4.2))
    tolerance = table.attrs.get("tolerance")
    if tolerance is not None:
        best = float(table["stability"].max())
        ax.axhspan(
            best - tolerance, best, color=_color(2), alpha=0.15, linewidth=0,
            label=f"within {tolerance:g} of the best",
        )  # fmt: skip
    ax.plot(table["k"], table["stability"], marker="o", color=_color(0), label="mean over topics")
    ax.plot(
        table["k"],
        table["min_topic_stability"],
        marker="s",
        linestyle="--",
        color=_color(1),
        label="least stable topic",
    )
    chosen = table.loc[table["chosen"], "k"]
    for k in chosen:
        ax.axvline(k, color=_color(5), linewidth=1, linestyle=":", label=f"chosen k = {k}")
    ax.set_xticks(table["k"])
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("number of topics k")
    ax.set_ylabel("best-match Jaccard of top terms")
    ax.legend(loc="lower left", fontsize=8)
    rule = table.attrs.get("rule")
    used, total = table.attrs.get("n_units"), table.attrs.get("n_units_total")
    sample = f"fits on a seeded sample of {used:,} of {total:,} units" if used != total else None
    _title(
        fig,
        title or "Topic stability across random restarts",
        f"chosen: {rule}" if rule else None,
        sample,
    )
    return fig
