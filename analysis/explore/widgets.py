"""Interactive explorers for JupyterLab: ipywidgets controls over ``analysis.explore.views``.

Each explorer is an ``ipywidgets.VBox`` built on the tokens layer, so every
interaction reuses what loading computed. Tables are itables' ``ITable`` widget
(search, sort, paginate; a click selects a row). Each explorer's plain-text form
(``repr``) is a one-line summary of what it shows, which is what nbval compares,
so a notebook of explorers stays a regression test under strict nbval.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go
from itables.widget import ITable

from analysis.compare import compare_groups, edge_keyness
from analysis.explore.figures import plotly_network
from analysis.explore.views import (
    concordance_rows,
    group_columns,
    marked_html,
    pair_summary,
    paragraph_html,
)
from analysis.framing import framing_by_group
from analysis.groups import resolve_by
from analysis.network import actor_network, cooccurrence, evidence
from analysis.tokens import Tokens

TABLE_OPTIONS = {"pageLength": 10, "lengthMenu": [10, 25, 100], "classes": "display compact"}
ALL = "(all)"


def _table(frame: pd.DataFrame, **options: object) -> ITable:
    return ITable(frame, **{**TABLE_OPTIONS, **options})


def _set_table(table: ITable, frame: pd.DataFrame) -> None:
    table.update(frame, **TABLE_OPTIONS)


class Explorer(widgets.VBox):
    """A VBox whose ``repr`` is a stable one-line summary (``describe``).

    Each explorer states what it shows; this default names the panel and its
    rows of controls, which is stable too (no model ids, no memory addresses).
    """

    def describe(self) -> str:
        return f"{type(self).__name__}: {len(self.children)} rows of controls and results"

    def __repr__(self) -> str:
        return self.describe()


class ConcordanceExplorer(Explorer):
    """Type a word, phrase or regex; read every match in context; click a row for its paragraph.

    Controls: query, regex, window (tokens of context), the grouping shown
    (``by``) and a filter on its groups. At most ``limit`` rows are built per
    query and the total is stated.
    """

    def __init__(self, toks: Tokens, *, by: object = None, query: str = "", limit: int = 500):
        self.toks, self.limit = toks, limit
        columns = ["doc_id", *group_columns(toks.corpus)]
        start_by = str(by) if by is not None and str(by) in columns else columns[0]
        self.query = widgets.Text(value=query, description="query", continuous_update=False,
                                  placeholder="word, phrase or regex")  # fmt: skip
        self.regex = widgets.Checkbox(value=False, description="regex", indent=False)
        self.window = widgets.IntSlider(value=8, min=1, max=25, description="window")
        self.by = widgets.Dropdown(options=columns, value=start_by, description="group by")
        self.groups = widgets.SelectMultiple(options=[], description="only", rows=4)
        self.status = widgets.HTML()
        self.table = _table(pd.DataFrame({"doc_id": []}), select=True)
        self.paragraph = widgets.HTML("<i>Click a row to read its paragraph.</i>")
        self.rows = pd.DataFrame()
        self._fill_groups()
        for control in (self.query, self.regex, self.window, self.groups):
            control.observe(lambda _: self.search(), names="value")
        self.by.observe(lambda _: (self._fill_groups(), self.search()), names="value")
        self.table.observe(lambda _: self.show_paragraph(), names="selected_rows")
        controls = widgets.HBox([widgets.VBox([self.query, self.regex, self.window]),
                                 widgets.VBox([self.by, self.groups])])  # fmt: skip
        super().__init__([controls, self.status, self.table, self.paragraph])
        self.search()

    def _fill_groups(self) -> None:
        order = resolve_by(self.toks.corpus, self.by.value).order
        self.groups.options = [str(g) for g in order]

    def search(self) -> pd.DataFrame:
        """Run the current query; update the table and the status line."""
        text = self.query.value.strip()
        if not text:
            self.rows = pd.DataFrame()
            self.status.value = "<i>Type a word, a phrase or (with regex) a pattern.</i>"
            _set_table(self.table, pd.DataFrame({"doc_id": []}))
            return self.rows
        try:
            rows = concordance_rows(
                self.toks, text, window=self.window.value, regex=self.regex.value,
                by=self.by.value, groups=list(self.groups.value), limit=self.limit,
            )  # fmt: skip
        except ValueError as exc:
            self.status.value = f"<b>{html.escape(str(exc))}</b>"
            return self.rows
        self.rows = rows
        total = rows.attrs.get("total", len(rows))
        shown = f"; showing the first {len(rows):,}" if total > len(rows) else ""
        self.status.value = (
            f"<b>{total:,}</b> matches of <code>{html.escape(text)}</code> in "
            f"{rows['doc_id'].nunique():,} documents{shown}"
        )
        _set_table(self.table, rows.drop(columns=["start", "end"]))
        return rows

    def show_paragraph(self, row: int | None = None) -> str:
        """Show the paragraph of a row (the table's selected row by default)."""
        if row is None:
            if not self.table.selected_rows:
                return self.paragraph.value
            row = self.table.selected_rows[0]
        hit = self.rows.iloc[row]
        self.paragraph.value = paragraph_html(self.toks, hit["doc_id"], hit["start"], hit["end"])
        return self.paragraph.value

    def describe(self) -> str:
        total = self.rows.attrs.get("total", len(self.rows)) if len(self.rows) else 0
        return f"ConcordanceExplorer: {self.query.value!r}, {total} matches"


class EvidenceBrowser(Explorer):
    """Pick two actors (and a group and a unit): their counts, association and every sentence."""

    def __init__(
        self,
        mentions: pd.DataFrame,
        toks: Tokens,
        *,
        by: object = None,
        actor_a: str | None = None,
        actor_b: str | None = None,
    ):
        self.mentions, self.toks, self._edges = mentions, toks, {}
        ranked = mentions["actor"].value_counts()
        actors = sorted(ranked.index, key=lambda a: (-int(ranked[a]), a))
        self.groups_of = None
        options = [ALL]
        if by is not None:
            labels = pd.Series(resolve_by(toks.corpus, by).labels, index=toks.doc_ids).astype(str)
            self.groups_of = labels
            options += list(dict.fromkeys(labels))
        first = actors[0] if actors else None
        second = actors[1] if len(actors) > 1 else first
        pick = widgets.Dropdown
        self.actor_a = pick(options=actors, value=actor_a or first, description="actor A")
        self.actor_b = pick(options=actors, value=actor_b or second, description="actor B")
        self.group = widgets.Dropdown(options=options, value=ALL, description="group")
        self.unit = widgets.ToggleButtons(options=["sentence", "paragraph", "document"],
                                          value="sentence")  # fmt: skip
        self.summary = widgets.HTML()
        self.sentences = widgets.HTML()
        self.units = pd.DataFrame()
        for control in (self.actor_a, self.actor_b, self.group, self.unit):
            control.observe(lambda _: self.update(), names="value")
        controls = widgets.HBox([widgets.VBox([self.actor_a, self.actor_b]),
                                 widgets.VBox([self.group, self.unit])])  # fmt: skip
        super().__init__([controls, self.summary, self.sentences])
        self.update()

    def _chosen(self) -> pd.DataFrame:
        if self.group.value == ALL or self.groups_of is None:
            return self.mentions
        docs = self.groups_of.index[self.groups_of == self.group.value]
        return self.mentions[self.mentions["doc_id"].isin(docs)]

    def update(self) -> pd.DataFrame:
        """Recompute the pair's counts and units for the current choice."""
        a, b, unit = self.actor_a.value, self.actor_b.value, self.unit.value
        if a is None or b is None or a == b:
            self.summary.value = "<i>Choose two different actors.</i>"
            self.sentences.value, self.units = "", pd.DataFrame()
            return self.units
        mentions = self._chosen()
        key = (self.group.value, unit)
        if key not in self._edges:
            self._edges[key] = cooccurrence(mentions, unit=unit, tokens=self.toks)
        row = pair_summary(self._edges[key], a, b)
        where = "" if self.group.value == ALL else f" in {html.escape(self.group.value)}"
        if row is None:
            self.summary.value = f"{html.escape(a)} and {html.escape(b)} share no {unit}{where}."
            self.sentences.value, self.units = "", pd.DataFrame()
            return self.units
        self.summary.value = (
            f"<b>{html.escape(a)} – {html.escape(b)}</b>{where}: together in "
            f"<b>{int(row['count'])}</b> {unit}s of {int(row['n_units']):,} "
            f"({int(row['count_a'])} name {html.escape(str(row['actor_a']))}, "
            f"{int(row['count_b'])} name {html.escape(str(row['actor_b']))}); "
            f"PMI {row['pmi']:.2f}, NPMI {row['npmi']:.2f}, Jaccard {row['jaccard']:.2f}, "
            f"G2 {row['g2']:.1f}"
        )
        self.units = evidence(mentions, self.toks, a, b, unit=unit)
        items = "".join(
            f"<li><code>{html.escape(str(r.doc_id))}</code> {marked_html(r.marked)}</li>"
            for r in self.units.itertuples()
        )
        self.sentences.value = f"<ol>{items}</ol>"
        return self.units

    def describe(self) -> str:
        return (
            f"EvidenceBrowser: {self.actor_a.value} – {self.actor_b.value}, "
            f"{len(self.units)} {self.unit.value}s"
        )


class ComparisonPicker(Explorer):
    """Two groups of any metadata column: key terms, edge keyness and one actor's framing.

    Only the open tab is computed on a change (each takes 0.3-0.7 s on the
    development corpus); the others are computed when opened.
    """

    TABS = ("key terms", "actor pairs", "framing of the actor")

    def __init__(self, toks: Tokens, mentions: pd.DataFrame, *, column: str | None = None):
        self.toks, self.mentions = toks, mentions
        columns = group_columns(toks.corpus) or ["doc_id"]
        ranked = mentions["actor"].value_counts()
        actors = sorted(ranked.index, key=lambda a: (-int(ranked[a]), a))
        self.column = widgets.Dropdown(options=columns, value=column or columns[0],
                                       description="column")  # fmt: skip
        self.a = widgets.Dropdown(description="group A")
        self.b = widgets.Dropdown(description="group B")
        self.actor = widgets.Dropdown(options=actors, description="actor",
                                      value=actors[0] if actors else None)  # fmt: skip
        self.status = widgets.HTML()
        self.views = [_table(pd.DataFrame({"term": []})) for _ in self.TABS]
        self.tabs = widgets.Tab(self.views)
        for i, name in enumerate(self.TABS):
            self.tabs.set_title(i, name)
        self.tables: dict[str, pd.DataFrame] = {}
        self._quiet = False
        self._fill_groups()
        self.column.observe(lambda _: (self._fill_groups(), self.update()), names="value")
        for control in (self.a, self.b, self.actor):
            control.observe(lambda _: self.update(), names="value")
        self.tabs.observe(lambda _: self.update(), names="selected_index")
        controls = widgets.HBox([widgets.VBox([self.column, self.actor]),
                                 widgets.VBox([self.a, self.b])])  # fmt: skip
        super().__init__([controls, self.status, self.tabs])
        self.update()

    def _fill_groups(self) -> None:
        groups = resolve_by(self.toks.corpus, self.column.value)
        sizes = pd.Series(groups.labels).astype(str).value_counts()
        order = sorted(groups.order, key=lambda g: (-int(sizes.get(g, 0)), str(g)))
        self._quiet = True
        self.a.options, self.b.options = order, order
        self.a.value, self.b.value = order[0], order[1] if len(order) > 1 else order[0]
        self._quiet = False

    def compute(self, name: str) -> pd.DataFrame:
        """One of ``TABS`` for the current choice (``compare_groups``, ``edge_keyness``,
        ``framing_by_group`` on the documents of the two groups, rows of group A)."""
        by, a, b = self.column.value, self.a.value, self.b.value
        if name == "key terms":
            return compare_groups(self.toks, by, a, b)
        if name == "actor pairs":
            return edge_keyness(self.mentions, self.toks, by, a, b)
        frame = self.toks.corpus
        both = pd.Series(resolve_by(frame, by).labels).astype(str).isin([a, b]).to_numpy()
        table = framing_by_group(
            self.mentions[self.mentions["doc_id"].isin(frame["doc_id"][both])],
            self.toks.select(docs=both), self.actor.value, by,
        )  # fmt: skip
        return table[table[table.columns[0]].astype(str) == a]

    def update(self) -> dict[str, pd.DataFrame]:
        """Recompute the open tab for the chosen column, groups and actor."""
        if self._quiet:
            return self.tables
        by, a, b = self.column.value, self.a.value, self.b.value
        if a == b:
            self.status.value = "<i>Choose two different groups.</i>"
            return self.tables
        index = self.tabs.selected_index or 0
        name = self.TABS[index]
        try:
            table = self.compute(name)
        except ValueError as exc:
            self.status.value = f"{name}: {html.escape(str(exc))}"
            return self.tables
        self.tables = {name: table}
        passed = int((table["q_value"] < 0.05).sum())
        what = {"key terms": "terms", "actor pairs": "actor pairs"}.get(name, "framing words")
        self.status.value = (
            f"<b>{html.escape(str(a))}</b> against <b>{html.escape(str(b))}</b> ({by}): "
            f"{passed:,} {what} differ at q < 0.05"
            + (f" around {html.escape(str(self.actor.value))}" if index == 2 else "")
            + "."
        )
        _set_table(self.views[index], table.round(4))
        return self.tables

    def describe(self) -> str:
        return f"ComparisonPicker: {self.a.value} vs {self.b.value} by {self.column.value}"


class NetworkExplorer(Explorer):
    """The actor network to hover and zoom; filter ties by weight and actors by type."""

    def __init__(self, mentions: pd.DataFrame, *, unit: str = "sentence", max_actors: int = 40):
        self.mentions = mentions
        self.edges = cooccurrence(mentions, unit=unit)
        types = sorted(mentions["actor_type"].astype(str).unique())
        top = int(self.edges["count"].max()) if len(self.edges) else 1
        self.min_count = widgets.IntSlider(value=min(2, top), min=1, max=max(top, 1),
                                           description="min ties")  # fmt: skip
        self.types = widgets.SelectMultiple(options=types, value=tuple(types), rows=5,
                                            description="types")  # fmt: skip
        self.max_actors = widgets.IntSlider(value=max_actors, min=5, max=200, description="actors")
        self.node = widgets.Dropdown(description="ties of")
        self.ties = _table(pd.DataFrame({"actor": []}))
        self.figure = go.FigureWidget()  # redrawn in place (no Output widget: see update)
        self.graph = None
        for control in (self.min_count, self.types, self.max_actors):
            control.observe(lambda _: self.update(), names="value")
        self.node.observe(lambda _: self.list_ties(), names="value")
        controls = widgets.HBox([widgets.VBox([self.min_count, self.max_actors]), self.types])
        super().__init__([controls, self.figure, self.node, self.ties])
        self.update()

    def update(self):
        """Rebuild the graph for the current filters and redraw it.

        The actors drawn are the ``max_actors`` with the largest weighted degree
        over the ties kept (``count >= min ties``, both actors of the chosen types),
        found on the edge table before any graph is built.
        """
        actors = self.mentions[self.mentions["actor_type"].astype(str).isin(self.types.value)]
        names = set(actors["actor"])
        edges = self.edges[
            (self.edges["count"] >= self.min_count.value)
            & self.edges["actor_a"].isin(names)
            & self.edges["actor_b"].isin(names)
        ]
        strength = (
            pd.concat([edges[["actor_a", "count"]].set_axis(["actor", "count"], axis=1),
                       edges[["actor_b", "count"]].set_axis(["actor", "count"], axis=1)])
            .groupby("actor")["count"].sum()
        )  # fmt: skip
        keep = sorted(strength.index, key=lambda n: (-int(strength[n]), n))[: self.max_actors.value]
        edges = edges[edges["actor_a"].isin(keep) & edges["actor_b"].isin(keep)]
        self.graph = actor_network(
            edges, min_count=self.min_count.value, mentions=actors[actors["actor"].isin(keep)]
        )
        drawn = plotly_network(self.graph)
        with self.figure.batch_update():
            self.figure.data = []
            self.figure.add_traces(list(drawn.data))
            self.figure.layout = drawn.layout
        for trace in self.figure.data[1:]:  # the node traces: a click lists that actor's ties
            trace.on_click(self._clicked)
        self.node.options = sorted(self.graph.nodes)
        return self.graph

    def _clicked(self, trace, points, _selector) -> None:
        if points.point_inds:
            self.node.value = trace.text[points.point_inds[0]]

    def list_ties(self) -> pd.DataFrame:
        """The chosen actor's ties in the drawn graph, strongest first."""
        node = self.node.value
        if node is None or self.graph is None or node not in self.graph:
            return pd.DataFrame()
        ties = pd.DataFrame(
            [(m, d.get("weight", 1)) for m, d in self.graph[node].items()],
            columns=["actor", "shared units"],
        ).sort_values(["shared units", "actor"], ascending=[False, True], ignore_index=True)
        _set_table(self.ties, ties)
        return ties

    def describe(self) -> str:
        n = self.graph.number_of_nodes() if self.graph is not None else 0
        e = self.graph.number_of_edges() if self.graph is not None else 0
        return f"NetworkExplorer: {n} actors, {e} ties (min {self.min_count.value})"


class Table(ITable):
    """itables' ``ITable`` widget whose plain-text form states its size (for nbval)."""

    def __init__(self, frame: pd.DataFrame, **options: object):
        self.shape = frame.shape
        super().__init__(frame, **options)

    def __repr__(self) -> str:
        return f"Table: {self.shape[0]:,} rows x {self.shape[1]} columns"


def interactive_table(frame: pd.DataFrame, **options: object) -> Table:
    """A big result table to search, sort and page through (itables' ITable widget)."""
    return Table(frame, **{**TABLE_OPTIONS, **options})
