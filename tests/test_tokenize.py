"""The suite's tokenizer: hand-checked token lists and stop-word conventions."""

from __future__ import annotations

import pytest

from analysis.tokenize import STOP_WORDS, count_tokens, fold_accents, tokenize
from analysis.tokens import tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Erdoğan’s Turkey", ["erdoğan", "turkey"]),
        ("Bashar Al-Assad's government", ["bashar", "al-assad", "government"]),
        ("the Kurdistan Workers’ Party (PKK)", ["the", "kurdistan", "workers", "party", "pkk"]),
        ("SU-35S fighters, an A-10 jet", ["su-35s", "fighters", "an", "a-10", "jet"]),
        (
            "2,000 troops, 2.5% and 90% in 2016",
            ["2,000", "troops", "2.5", "and", "90", "in", "2016"],
        ),
        ("the US, the U.S. and U.S", ["the", "u.s.", "the", "u.s.", "and", "u.s."]),
        ("U.N. and U.K. troops, e.g. here", ["un", "and", "uk", "troops", "eg", "here"]),
        ("“terrorist aggression” don’t", ["terrorist", "aggression", "don't"]),
        ("Counter-Productive!", ["counter-productive"]),
    ],
)
def test_tokenize(text, expected):
    assert tokenize(text) == expected
    assert count_tokens(text) == len(expected)


def test_drop_stopwords_and_numbers():
    text = "Putin said the US and the UN will fire 2 missiles in 2018, he told us."
    assert tokenize(text, drop_stopwords=True, keep_numbers=False) == [
        "putin",
        "u.s.",
        "un",
        "fire",
        "missiles",
    ]


def test_stop_word_list_conventions():
    assert {"said", "says", "told", "mr", "according", "don't"} <= STOP_WORDS
    assert not {"un", "fire", "system", "u.s."} & STOP_WORDS
    assert {"the", "us", "it"} <= STOP_WORDS


def test_fold_accents_keeps_length():
    for word in ("Erdoğan", "Türkiye", "Ağrı", "Łódź", "São Paulo"):
        assert len(fold_accents(word)) == len(word)
    assert fold_accents("Erdoğan Türkiye Ağrı Łódź") == "Erdogan Turkiye Agri Lodz"
    assert tokenize("Erdoğan", fold=True) == ["erdogan"]


def test_count_tokens_matches_tokenize_on_seeds(seeds):
    for text in seeds["text"]:
        assert count_tokens(text) == len(tokenize(text))


def test_tokens_by_unit(seeds):
    by_doc = tokens(seeds).token_lists("document")
    by_sentence = tokens(seeds).token_lists("sentence")
    assert by_doc["n_tokens"].sum() == by_sentence["n_tokens"].sum()
    assert list(by_sentence.columns) == [
        "doc_id",
        "paragraph_id",
        "sentence_id",
        "kind",
        "start",
        "end",
        "tokens",
        "n_tokens",
    ]
    first = by_sentence.iloc[0]
    assert first["tokens"][:6] == ["the", "liberation", "of", "syrian", "territories", "from"]
    with pytest.raises(ValueError, match="unit must be one of"):
        tokens(seeds).token_lists("chapter")
