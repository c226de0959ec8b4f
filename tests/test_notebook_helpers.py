"""What the notebooks share: the grouping, doc_id parameters, figure folders, narrative."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.errors import CorpusError
from analysis.groups import choose_by, largest_groups
from analysis.narrative import Narrative, is_seed_corpus, join, number, plural, seed_commentary
from analysis.narrative.overview import describe_corpus, describe_kinds, describe_sentence_lengths
from analysis.overview import (
    document_summary,
    group_summary,
    kind_counts,
    sentence_length_stats,
    sentence_lengths,
)
from analysis.paths import FIGURES_DIR, REPORTS_DIR, SEEDS_DIR, figures_directory
from analysis.plots.overview import plot_document_lengths, plot_sentence_lengths
from analysis.selection import resolve_doc_id


def _frame(n: int, **columns) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"{i:03d}_x" for i in range(n)], **columns})


def test_choose_by_rule():
    assert choose_by(_frame(30, outlet=["a", "b"] * 15)) == "doc_id"  # few documents: each its own
    assert choose_by(_frame(31, outlet=["a"] * 31, bias=["l", "r"] * 15 + ["l"])) == "bias"
    assert choose_by(_frame(40, outlet=["a", "b"] * 20)) == "outlet"
    dates = pd.to_datetime(["2019-01-01"] * 20 + ["2020-05-01"] * 20)
    assert choose_by(_frame(40, date=dates)) == "year"
    assert choose_by(_frame(40, date=pd.to_datetime(["2019-01-01"] * 40))) == "doc_id"
    assert choose_by(_frame(40, outlet=["a", "b"] * 20), "doc_id") == "doc_id"
    with pytest.raises(CorpusError, match="by='outlt': no such corpus column"):
        choose_by(_frame(3), "outlt")


def test_largest_groups_ties_in_group_order():
    frame = _frame(6, outlet=["b", "a", "c", "c", "b", "a"])
    frame.loc[5, "outlet"] = "c"
    assert largest_groups(frame, "outlet") == ["c", "b", "a"]
    assert largest_groups(frame.iloc[:4], "outlet", 2) == [
        "c",
        "a",
    ]  # a, b, c c: c 2, then a before b


def test_resolve_doc_id_accepts_prefix_and_papermill_int():
    corpus = _frame(3)
    assert resolve_doc_id(corpus, "001_x") == "001_x"
    assert resolve_doc_id(corpus, "002") == "002_x"
    assert resolve_doc_id(corpus, 1) == "001_x"  # papermill's -p focus_doc 001 arrives as 1
    with pytest.raises(
        CorpusError, match=r"focus_doc=7 is not a doc_id of this corpus \(3 documents"
    ):
        resolve_doc_id(corpus, 7, name="focus_doc")
    twice = pd.DataFrame({"doc_id": ["1_a", "001_b"]})
    with pytest.raises(CorpusError, match="matches 2 documents"):
        resolve_doc_id(twice, 1)
    with pytest.raises(TypeError, match="give a doc_id"):
        resolve_doc_id(corpus, 1.5)


def test_figures_directory_never_overwrites_the_repository_figures(tmp_path):
    assert figures_directory(None, None) == FIGURES_DIR
    assert figures_directory(None, SEEDS_DIR) == FIGURES_DIR
    assert figures_directory(tmp_path / "out", None) == tmp_path / "out"
    table = tmp_path / "my news.csv"
    table.write_text("text\nx\n")
    assert figures_directory(None, table) == REPORTS_DIR / "my_news" / "figures"
    folder = tmp_path / "allsides" / "articles"
    folder.mkdir(parents=True)
    assert figures_directory(None, folder) == REPORTS_DIR / "allsides_articles" / "figures"


def test_narrative_helpers():
    assert join(["a"]) == "a"
    assert join(["a", "b", "c"]) == "a, b and c"
    assert (number(2942), number(0.12345), number(12.5)) == ("2,942", "0.123", "12.5")
    assert (plural(1, "document"), plural(2, "document")) == ("1 document", "2 documents")
    text = Narrative("**x**")
    assert text._repr_markdown_() == "**x**" and repr(text) == "**x**"


def test_seed_commentary_only_on_the_seeds(seeds, make_corpus):
    assert is_seed_corpus(seeds)
    assert seed_commentary(seeds, " In the seeds ") == "In the seeds"
    changed = seeds.copy()
    changed.loc[0, "text"] = changed.loc[0, "text"] + " x"
    assert not is_seed_corpus(changed)
    assert seed_commentary(changed, "In the seeds") is None
    assert seed_commentary(make_corpus({"a.txt": "One two."}), "x") is None


@pytest.fixture
def grouped(make_corpus):
    # a distinct first word per document (letters: the boilerplate check folds digits)
    word = {i: "w" + "".join(chr(97 + int(c)) for c in str(i)) for i in range(40)}
    files = {
        f"d{i}.txt": f"{word[i]} two three. Four five." if i % 2 else f"{word[i]} seven."
        for i in range(40)
    }
    corpus = make_corpus(files)
    corpus["outlet"] = ["odd" if int(d[1:]) % 2 else "even" for d in corpus["doc_id"]]
    return corpus


def test_group_tables_sum_their_documents(grouped):
    table = group_summary(grouped, "outlet")
    assert table["outlet"].tolist() == ["even", "odd"]  # 20 each: group order breaks the tie
    assert table["documents"].tolist() == [20, 20]
    assert table["body_tokens"].tolist() == [40, 100]  # 20 x 2 and 20 x 5 tokens
    assert table["median_body_tokens"].tolist() == [2, 5]
    kinds = kind_counts(grouped, by="outlet")
    assert kinds.loc["odd", "body"] == 20 and kinds.index.name == "outlet"
    lengths = sentence_lengths(grouped, by="outlet")
    stats = sentence_length_stats(lengths, by="outlet").set_index("outlet")
    assert stats.loc["odd", "sentences"] == 40 and stats.loc["odd", "median"] == 2.5
    assert stats.loc["even", "sentences"] == 20 and stats.loc["even", "max"] == 2


def test_overview_figures_state_their_rule_and_stay_bounded(grouped):
    summary = document_summary(grouped, by="outlet")
    fig = plot_document_lengths(summary, by="outlet")
    assert fig.axes[0].get_title(loc="left").startswith("Document length per outlet\n(all;")
    fig = plot_document_lengths(summary)
    assert fig.axes[0].get_title(loc="left").startswith("Document length: all 40 documents")
    assert fig.get_size_inches()[1] < 6
    fig = plot_document_lengths(summary, by="outlet", max_groups=1)
    assert "the 1 with the most documents" in fig.axes[0].get_title(loc="left")
    lengths = sentence_lengths(grouped)
    fig = plot_sentence_lengths(lengths)
    assert (
        fig.axes[0]
        .get_title(loc="left")
        .startswith("Sentence length: all 60 sentences of 40 documents")
    )
    fig = plot_sentence_lengths(sentence_lengths(grouped, by="outlet"), by="outlet")
    assert (
        fig.axes[0].get_title(loc="left") == "Sentence length per outlet\n(sentences in brackets)"
    )


def test_overview_narrative_numbers(grouped):
    summary = document_summary(grouped, by="outlet")
    text = describe_corpus(summary, grouped, by="outlet")
    assert "The corpus holds 40 documents with 140 tokens, 140 of them (100.0%)" in text
    assert "median 3.5, from 2 (`d0`) to 5 (`d1`)" in text
    assert "2 groups; the largest is even (20 documents, 50.0%)" in text
    kinds = describe_kinds(kind_counts(grouped))
    assert kinds == "Of 40 paragraphs, 40 (100.0%) are of the kinds analysed (`body`)."
    lengths = sentence_lengths(grouped, by="outlet")
    text = describe_sentence_lengths(
        sentence_length_stats(lengths, by="outlet"), lengths, by="outlet"
    )
    assert text.startswith("60 sentences, median 2 tokens (middle half 2 to 3).")
    assert "the median runs from 2 (`even`) to 2.5 (`odd`)" in text
