"""KWIC and dispersion: offsets are evidence, matching folds case, accents and quotes."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.kwic import (
    _QUOTES,
    KWIC_COLUMNS,
    compile_pattern,
    dispersion,
    document_lengths,
    kwic,
    search_text,
)
from analysis.tokenize import fold_accents
from analysis.tokens import tokens

# Title (not body), then body sentences with a curly apostrophe, a diacritic and a run of
# white space inside a phrase. Sentence ids count every sentence of the document, title included.
TEXTS = {
    "a.txt": (
        "Refugees Go Home\n\n"
        "Erdoğan’s plan sends refugees home. The humanitarian \t catastrophe grows.\n\n"
        "REFUGEES wait. Counter-terrorist raids hit refugee camps.\n"
    ),
    "b.txt": "Putin met Erdogan. Refugees, he said, must return.\n",
}


@pytest.fixture
def corpus(make_corpus):
    return make_corpus(TEXTS)


def test_kwic_columns_offsets_and_order(corpus):
    out = kwic(corpus, "refugees")
    assert list(out.columns) == list(KWIC_COLUMNS)
    # the title's "Refugees" is not body text; "refugee" is another word
    assert out["doc_id"].tolist() == ["a", "a", "b"]
    assert out["match"].tolist() == ["refugees", "REFUGEES", "Refugees"]
    text = dict(zip(corpus["doc_id"], corpus["text"], strict=True))
    for row in out.itertuples(index=False):
        assert text[row.doc_id][row.start : row.end] == row.match
    assert out["start"].tolist() == [
        text["a"].index("refugees home"), text["a"].index("REFUGEES"), text["b"].index("Refugees"),
    ]  # fmt: skip
    assert out["sentence_id"].tolist() == [1, 3, 1]  # sentence 0 of a is the title


def test_kwic_context_window_within_sentence(corpus):
    out = kwic(corpus, "refugees", window=2)
    assert out["left"].tolist() == ["plan sends", "", ""]
    # the right context stops after 2 tokens, or at the end of the sentence
    assert out["right"].tolist() == ["home.", "wait.", ", he said"]
    full = kwic(corpus, "refugees")
    assert full["left"].tolist()[0] == "Erdoğan’s plan sends"
    assert full["right"].tolist()[2] == ", he said, must return."


def test_kwic_folds_accents_and_apostrophes_and_spans_white_space(corpus):
    out = kwic(corpus, "Erdogan's plan")
    assert out["match"].tolist() == ["Erdoğan’s plan"]
    both = kwic(corpus, "ERDOĞAN")
    assert both["match"].tolist() == ["Erdoğan", "Erdogan"]
    phrase = kwic(corpus, "humanitarian catastrophe")
    assert phrase["match"].tolist() == ["humanitarian \t catastrophe"]
    assert phrase["right"].tolist() == ["grows."]


def test_kwic_whole_words_and_hyphens(corpus):
    assert kwic(corpus, "terrorist")["match"].tolist() == ["terrorist"]  # in counter-terrorist
    assert kwic(corpus, "refugee")["match"].tolist() == ["refugee"]
    assert kwic(corpus, "plan sends refugees home. The").empty  # crosses a sentence boundary


def test_kwic_regex(corpus):
    out = kwic(corpus, r"refugees?\b", regex=True)
    assert out["match"].tolist() == ["refugees", "REFUGEES", "refugee", "Refugees"]
    assert kwic(corpus, r"x*", regex=True).empty  # empty matches are not words


def test_kwic_errors(corpus):
    with pytest.raises(ValueError, match="non-empty string"):
        kwic(corpus, "  ")
    with pytest.raises(ValueError, match="not a valid regular expression"):
        kwic(corpus, "(war", regex=True)
    with pytest.raises(ValueError, match="window must be >= 0, not -1"):
        kwic(corpus, "war", window=-1)
    with pytest.raises(TypeError, match="window must be an integer, not 2.5"):
        kwic(corpus, "war", window=2.5)


def test_compile_pattern_escapes_plain_text():
    assert compile_pattern("U.S. (army)").search("the U.S. (Army) said")
    assert not compile_pattern("U.S.").search("the UXSX said")


def test_dispersion_positions(corpus):
    out = dispersion(corpus, ["refugees", "Erdogan"])
    assert out["term"].tolist() == ["Erdogan", "refugees", "refugees", "Erdogan", "refugees"]
    # body tokens of a: erdoğan plan sends refugees home | the humanitarian catastrophe grows |
    # refugees wait | counter-terrorist raids hit refugee camps  -> 16 tokens
    assert out["token_index"].tolist() == [0, 3, 9, 2, 3]
    assert out["n_tokens"].tolist() == [16, 16, 16, 8, 8]
    assert out["position"].tolist() == pytest.approx([0, 3 / 16, 9 / 16, 2 / 8, 3 / 8])
    lengths = document_lengths(corpus)
    assert lengths.to_dict() == {"a": 16, "b": 8}
    assert lengths.tolist() == tokens(corpus).token_lists("document")["n_tokens"].tolist()


def test_dispersion_errors(corpus):
    with pytest.raises(ValueError, match="terms is empty"):
        dispersion(corpus, [])
    with pytest.raises(ValueError, match="terms are repeated: \\['war'\\]"):
        dispersion(corpus, ["war", "war"])


def test_dispersion_on_chosen_documents(seeds):
    everything = dispersion(seeds, ["Putin"])
    chosen = seeds["doc_id"].iloc[:2].tolist()
    some = dispersion(seeds, ["Putin"], docs=chosen)
    assert set(some["doc_id"]) <= set(chosen)
    pd.testing.assert_frame_equal(
        some, everything[everything["doc_id"].isin(chosen)].reset_index(drop=True)
    )


def test_search_text_folds_only_non_ascii_runs():
    text = "Erdoğan’s “plan” ‘now’ Łódź ıi ʼx\u00a0y plain ASCII text"
    slow = fold_accents(text).translate(_QUOTES)
    assert search_text(text) == slow
    assert len(search_text(text)) == len(text)
    assert search_text("ascii only") == "ascii only"


def test_corpus_and_tokens_give_the_same_tables(corpus, seeds):
    for data in (corpus, seeds):
        toks = tokens(data)
        pd.testing.assert_frame_equal(kwic(data, "refugees"), kwic(toks, "refugees"))
        pd.testing.assert_frame_equal(kwic(data, "Putin", window=3), kwic(toks, "Putin", window=3))
        pd.testing.assert_frame_equal(
            dispersion(data, ["refugees", "Putin"]), dispersion(toks, ["refugees", "Putin"])
        )
        pd.testing.assert_series_equal(document_lengths(data), document_lengths(toks))
    # a Tokens object holding every kind, narrowed by kinds=
    every = tokens(corpus, kinds=None)
    pd.testing.assert_frame_equal(kwic(corpus, "refugees"), kwic(every, "refugees"))
    titles = kwic(every, "refugees", kinds=["title"])
    assert titles["match"].tolist() == ["Refugees"] and titles["sentence_id"].tolist() == [0]


def test_dispersion_counts_tokens_of_earlier_sentences_and_paragraphs(make_corpus):
    corpus = make_corpus(
        {"x.txt": "Title Here\n\nOne two three. Four five.\n\nSix seven eight nine war.\n"}
    )
    out = dispersion(corpus, ["war", "four"])
    # body tokens: one two three | four five | six seven eight nine war
    assert out["term"].tolist() == ["four", "war"]
    assert out["token_index"].tolist() == [3, 9]
    assert out["n_tokens"].tolist() == [10, 10]


def test_fast_scan_finds_what_the_regex_finds(make_corpus, seeds):
    # plain patterns are scanned on a lower-cased joined copy (kwic._literal_pattern);
    # the matches must equal compile_pattern's whole-word, case-free regex, document by document
    from analysis.kwic import _literal_pattern, _Searchable, compile_pattern
    from analysis.tokens import tokens

    tricky = make_corpus(
        {
            "a.txt": "Erdoğan met PUTIN. Counter-terrorist talks: putin’s aides, xputin, putin_x.",
            "b.txt": "The U.S. and the US. Kim  Jong\nUn spoke. Putin!",
        },
        folder="tricky",
    )
    for corpus in (tricky, seeds):
        where = _Searchable(tokens(corpus))
        for query in ["Putin", "Erdogan", "terrorist", "U.S.", "Kim Jong Un", "putin's", "the"]:
            slow = where.matches(compile_pattern(query))
            fast = where.matches(compile_pattern(query), _literal_pattern(query))
            pd.testing.assert_frame_equal(slow, fast)
    found = kwic(tricky, "Putin")
    assert found["match"].tolist() == ["PUTIN", "putin", "Putin"]  # not xputin nor putin_x
    assert kwic(tricky, "Putin", limit=1).attrs["total"] == 3


def test_fast_scan_falls_back_when_lower_case_changes_length(make_corpus):
    # search copies fold accents ("İ" becomes "I"), so this guards letters folding leaves,
    # whose lower case is longer: offsets in a lower-cased copy would not map back
    from analysis.kwic import _literal_pattern, _Searchable, compile_pattern
    from analysis.tokens import tokens

    corpus = make_corpus({"a.txt": "Istanbul talks: Putin spoke.", "b.txt": "Putin left."})
    where = _Searchable(tokens(corpus))
    where.search = ["\u0130stanbul talks: Putin spoke.", "Putin left."]
    assert where._joined() is None
    found = where.matches(compile_pattern("Putin"), _literal_pattern("Putin"))
    assert found[["doc", "start"]].values.tolist() == [[0, 16], [1, 0]]
