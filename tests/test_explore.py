"""The explorers' computations and widgets, headless (the browser test drives them for real)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.actors import find_mentions
from analysis.explore.views import (
    concordance_rows,
    group_columns,
    marked_html,
    pair_summary,
    paragraph_html,
)
from analysis.network import cooccurrence
from analysis.tokens import tokens

TEXTS = {
    "a.txt": "Putin met Erdoğan in Sochi. They spoke about Syria.\n\nPutin left early.",
    "b.txt": "Trump called Putin. Assad & Putin <talked> too.",
    "c.txt": "Nothing to see.",
}


@pytest.fixture
def toks(make_corpus):
    corpus = make_corpus(TEXTS)
    corpus["outlet"] = ["Tass", "Tass", "Reuters"]
    corpus["url"] = ["u1", "u2", "u3"]  # one value per document: not a grouping
    return tokens(corpus)


def test_concordance_rows_groups_filters_and_total(toks):
    rows = concordance_rows(toks, "Putin", by="outlet", limit=2)
    assert list(rows.columns[:2]) == ["doc_id", "outlet"]
    assert rows["doc_id"].tolist() == ["a", "a"] and rows.attrs["total"] == 4
    only = concordance_rows(toks, "Putin", by="outlet", groups=["Reuters"])
    assert only.empty and only.attrs["total"] == 0
    assert concordance_rows(toks, "putin", by="doc_id")["doc_id"].tolist() == ["a", "a", "b", "b"]


def test_paragraph_html_marks_the_match_in_its_paragraph(toks):
    rows = concordance_rows(toks, "Putin")
    second = rows.iloc[1]  # "Putin left early." is the second paragraph of a
    assert paragraph_html(toks, "a", second["start"], second["end"]) == (
        "<p><b>a</b>, paragraph 1</p><p><mark>Putin</mark> left early.</p>"
    )
    last = rows.iloc[3]
    assert "Assad &amp; <mark>Putin</mark> &lt;talked&gt; too." in paragraph_html(
        toks, "b", last["start"], last["end"]
    )


def test_marked_html_and_pair_summary(toks):
    assert marked_html("[Trump] called [Putin] <x>") == (
        "<mark>Trump</mark> called <mark>Putin</mark> &lt;x&gt;"
    )
    edges = cooccurrence(find_mentions(toks))
    row = pair_summary(edges, "Vladimir Putin", "Donald Trump")
    assert (row["count"], row["actor_a"]) == (1, "Donald Trump")
    assert pair_summary(edges, "Donald Trump", "Recep Tayyip Erdoğan") is None


def test_group_columns_skip_columns_unique_per_document(toks):
    assert group_columns(toks.corpus) == ["outlet"]


def test_widgets_answer_headless(toks):
    from analysis.explore.widgets import (
        ComparisonPicker,
        ConcordanceExplorer,
        EvidenceBrowser,
        NetworkExplorer,
        interactive_table,
    )

    concordance = ConcordanceExplorer(toks, by="outlet", query="Putin")
    assert repr(concordance) == "ConcordanceExplorer: 'Putin', 4 matches"
    concordance.query.value = "Sochi"  # typing re-runs the search
    assert concordance.rows["match"].tolist() == ["Sochi"]
    assert "<mark>Sochi</mark>" in concordance.show_paragraph(0)
    concordance.regex.value, concordance.query.value = True, "("
    assert "not a valid regular expression" in concordance.status.value

    mentions = find_mentions(toks)
    browser = EvidenceBrowser(mentions, toks, actor_a="Vladimir Putin", actor_b="Donald Trump")
    assert repr(browser) == "EvidenceBrowser: Vladimir Putin – Donald Trump, 1 sentences"
    assert "<mark>Trump</mark> called <mark>Putin</mark>" in browser.sentences.value
    browser.actor_b.value = "Recep Tayyip Erdoğan"
    assert "together in <b>1</b> sentences" in browser.summary.value

    picker = ComparisonPicker(toks, mentions, column="outlet")
    assert repr(picker) == "ComparisonPicker: Tass vs Reuters by outlet"
    terms = picker.tables["key terms"]
    assert terms.set_index("term").loc["putin", "target_count"] == 4

    network = NetworkExplorer(mentions)
    # Putin shares one sentence each with Erdoğan, Trump and Assad: the slider tops at 1
    assert repr(network) == "NetworkExplorer: 4 actors, 3 ties (min 1)"
    network.node.value = "Vladimir Putin"
    ties = network.list_ties()
    assert ties["actor"].tolist() == ["Bashar al-Assad", "Donald Trump", "Recep Tayyip Erdoğan"]
    # a click on a node (plotly's on_click points) lists that actor's ties
    trace = next(t for t in network.figure.data[1:] if "Donald Trump" in t.text)
    clicked = type("Points", (), {"point_inds": [list(trace.text).index("Donald Trump")]})()
    network._clicked(trace, clicked, None)
    assert network.node.value == "Donald Trump"
    network.types.value = ("state",)
    assert repr(network) == "NetworkExplorer: 0 actors, 0 ties (min 1)"
    assert repr(interactive_table(pd.DataFrame({"x": [1, 2]}))) == "Table: 2 rows x 1 columns"


def test_explorer_default_summary_names_the_panel():
    import ipywidgets as widgets

    from analysis.explore.widgets import Explorer

    panel = Explorer([widgets.HTML("a"), widgets.HTML("b")])
    assert repr(panel) == "Explorer: 2 rows of controls and results"
