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
    assert largest_groups(frame, "outlet") == ["a", "b", "c"]  # all fit: group order
    assert largest_groups(frame, "outlet", 2) == ["c", "b"]
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


def test_term_frequencies_rates_and_chosen_groups(grouped):
    from analysis.frequencies import term_frequencies

    counts = term_frequencies(grouped, by="outlet", drop_stopwords=False).set_index("term")
    rates = term_frequencies(
        grouped, by="outlet", rates=True, groups=["odd"], drop_stopwords=False
    ).set_index("term")
    assert list(rates.columns) == ["count", "rel_freq", "doc_freq", "odd"]
    # "four" occurs once in each of the 20 odd documents; the odd group has 100 tokens
    assert counts.loc["four", "odd"] == 20
    assert rates.loc["four", "odd"] == pytest.approx(20 * 10_000 / 100)
    assert rates.loc["four", "count"] == 20  # corpus columns stay counts
    with pytest.raises(ValueError, match=r"groups \['nope'\] are not groups of by='outlet'"):
        term_frequencies(grouped, by="outlet", groups=["nope"])


def test_group_rule_and_group_of(grouped):
    from analysis.groups import group_of, group_rule

    assert group_rule(grouped, "outlet", ["even", "odd"]) is None
    assert group_rule(grouped, "outlet", ["even"]) == (
        "the 1 of 2 outlet groups with the most documents"
    )
    assert group_rule(grouped, "doc_id", ["d1"]) == "the 1 longest of 40 documents"
    assert largest_groups(grouped, "doc_id", 1) == ["d1"]  # 5 tokens; d1 first of the ties
    labels = group_of(grouped, "outlet")
    assert labels["d3"] == "odd" and labels.name == "outlet"


def test_dispersion_documents_prefers_more_names_then_more_hits():
    from analysis.kwic import dispersion_documents

    occurrences = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "b", "b", "c", "c"],
            "term": ["Putin", "Trump", "Putin", "Putin", "Putin", "Putin", "Trump"],
        }
    )
    # a and c name two terms (2 hits each: a wins on doc_id), b one term
    assert dispersion_documents(occurrences, n=1) == ["a"]
    assert dispersion_documents(occurrences, n=2) == ["a", "c"]  # in occurrence order
    assert dispersion_documents(occurrences.iloc[:0], n=2) == []


def test_vocabulary_narrative_numbers():
    from analysis.narrative.vocabulary import (
        describe_collocations,
        describe_frequencies,
        describe_keyness,
        describe_zipf,
    )

    freqs = pd.DataFrame(
        {"term": ["syria", "russia"], "count": [39, 23], "rel_freq": [143.81, 84.8],
         "doc_freq": [5, 4]}
    )  # fmt: skip
    assert describe_frequencies(freqs, 5) == (
        "The most frequent content words are “syria” (39 occurrences, 144 per 10,000 tokens, "
        "in 5 of 5 documents) and “russia” (23, in 4)."
    )
    table = pd.DataFrame(
        {"term": ["a", "b", "c"], "target_count": [3, 1, 0], "reference_count": [0, 1, 9],
         "g2": [12.5, 0.1, -6.0], "log_ratio": [3.0, 0.0, -3.0], "p_value": [0.0004, 0.75, 0.014]}
    )  # fmt: skip
    text = describe_keyness(table, "x")
    assert text.startswith(
        "Against the rest, `x` over-uses “a” (3 vs 0, G2 12.5) and “b” and under-uses "
        "“c” (0 vs 9, G2 -6.0). 2 of 3 scored terms have p < 0.05."
    )
    assert "fewer than 5 occurrences" in text
    pairs = pd.DataFrame({"w1": ["in"], "w2": ["syria"], "count": [23], "llr": [108.13],
                          "pmi": [4.07]})  # fmt: skip
    assert describe_collocations(pairs).startswith(
        "The strongest pairs by llr are “in syria” (23 times, llr 108.1)."
    )
    fit = {"slope": -0.808, "r_squared": 0.953, "n_terms": 4.0}
    counts = pd.DataFrame({"count": [5, 1, 1, 2]})
    assert describe_zipf(fit, counts).startswith(
        "The fitted slope is -0.808 (R² 0.953) over 4 distinct tokens: flatter than Zipf's -1. "
        "2 of them (50%) occur once"
    )


def test_key_terms_for_chosen_groups_equal_the_full_table(seeds):
    from analysis.keyness import key_terms

    ids = list(seeds["doc_id"])
    full = key_terms(seeds, by="doc_id", n=5)
    some = key_terms(seeds, by="doc_id", n=5, groups=[ids[3], ids[1]])
    expected = full[full["doc_id"].isin([ids[1], ids[3]])].reset_index(drop=True)
    pd.testing.assert_frame_equal(some, expected)
    with pytest.raises(ValueError, match=r"groups \['x'\] are not groups of by='doc_id'"):
        key_terms(seeds, by="doc_id", groups=["x"])
