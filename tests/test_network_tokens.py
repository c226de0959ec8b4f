"""Co-occurrence on the tokens layer: token windows, unit= checks, corpus and Tokens
giving the same tables (hand-counted)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.actors import find_mentions
from analysis.network import cooccurrence, evidence, incidence, null_model
from analysis.plots.actors import plot_document_networks
from analysis.tokens import tokens

PUTIN, TRUMP, ERDOGAN, ASSAD, HELSINKI = (
    "Vladimir Putin",
    "Donald Trump",
    "Recep Tayyip Erdoğan",
    "Bashar al-Assad",
    "Helsinki",
)
# sentence 0: putin(0) met(1) trump(2) in(3) helsinki(4)
# sentence 1: erdogan(0) and(1) assad(2) met(3) putin(4)
TEXT = "Putin met Trump in Helsinki. Erdogan and Assad met Putin.\n"


@pytest.fixture
def two_sentences(make_corpus):
    corpus = make_corpus({"a.txt": TEXT})
    return corpus, find_mentions(corpus)


def _pairs(edges: pd.DataFrame) -> dict[tuple[str, str], int]:
    return dict(
        zip(zip(edges["actor_a"], edges["actor_b"], strict=True), edges["count"], strict=True)
    )


def test_window_pairs_by_hand(two_sentences):
    corpus, mentions = two_sentences
    toks = tokens(corpus)
    edges = cooccurrence(mentions, window=2, tokens=toks)
    # within 2 tokens: putin-trump and trump-helsinki (sentence 0), erdogan-assad and
    # assad-putin (sentence 1); helsinki (token 4) and erdogan (next sentence) never pair
    assert _pairs(edges) == {
        (ASSAD, ERDOGAN): 1,
        (ASSAD, PUTIN): 1,
        (TRUMP, HELSINKI): 1,
        (TRUMP, PUTIN): 1,
    }
    # N = the 4 pairs; count_a = the pairs each actor is in
    assert set(edges["n_units"]) == {4}
    row = edges[(edges["actor_a"] == TRUMP) & (edges["actor_b"] == PUTIN)].iloc[0]
    assert (row["count_a"], row["count_b"]) == (2, 2)
    assert row["pmi"] == pytest.approx(math.log2(1 * 4 / (2 * 2)))
    row = edges[(edges["actor_a"] == ASSAD) & (edges["actor_b"] == ERDOGAN)].iloc[0]
    assert (row["count_a"], row["count_b"]) == (2, 1)
    assert row["jaccard"] == pytest.approx(1 / (2 + 1 - 1))
    wide = cooccurrence(mentions, window=4, tokens=toks)
    assert _pairs(wide) == {
        (ASSAD, ERDOGAN): 1,
        (ASSAD, PUTIN): 1,
        (TRUMP, HELSINKI): 1,
        (TRUMP, PUTIN): 1,
        (HELSINKI, PUTIN): 1,
        (ERDOGAN, PUTIN): 1,
    }
    assert set(wide["n_units"]) == {6}
    assert cooccurrence(mentions, window=1, tokens=toks).empty
    # the corpus works as tokens too
    pd.testing.assert_frame_equal(cooccurrence(mentions, window=2, tokens=corpus), edges)


def test_window_counts_tokens_kept(two_sentences):
    corpus, mentions = two_sentences
    # without stop words "in" and "and" leave: helsinki is next to trump, assad to erdogan
    kept = tokens(corpus).prepare(drop_stopwords=True)
    assert _pairs(cooccurrence(mentions, window=1, tokens=kept)) == {
        (ASSAD, ERDOGAN): 1,
        (TRUMP, HELSINKI): 1,
    }


def test_window_counts_every_pair_of_occurrences(make_corpus):
    corpus = make_corpus({"a.txt": "Putin, Trump, Putin and Putin met.\n"})
    mentions = find_mentions(corpus)
    # positions putin 0, trump 1, putin 2, putin 4: trump pairs with putin 0 and putin 2
    # within 1 token, and with putin 4 within 3; putin-putin pairs are not counted
    assert _pairs(cooccurrence(mentions, window=1, tokens=corpus)) == {(TRUMP, PUTIN): 2}
    edges = cooccurrence(mentions, window=3, tokens=corpus)
    assert _pairs(edges) == {(TRUMP, PUTIN): 3}
    assert edges["n_units"].tolist() == [3]
    by_doc = cooccurrence(mentions, window=3, tokens=corpus, by="doc_id")
    assert by_doc["count"].tolist() == [3] and by_doc["doc_id"].tolist() == ["a"]


def test_unit_and_window_are_checked(two_sentences):
    corpus, mentions = two_sentences
    with pytest.raises(ValueError, match=r"unit must be one of .*not 'line'"):
        cooccurrence(mentions, unit="line")
    for call in (incidence, null_model):
        with pytest.raises(ValueError, match="unit must be one of"):
            call(mentions, unit="words")
    with pytest.raises(ValueError, match="unit must be one of"):
        evidence(mentions, corpus, PUTIN, TRUMP, unit="page")
    with pytest.raises(TypeError, match="window must be an integer"):
        cooccurrence(mentions, window="sentence")
    with pytest.raises(ValueError, match="window must be >= 1"):
        cooccurrence(mentions, window=0, tokens=corpus)
    with pytest.raises(ValueError, match="pass tokens="):
        cooccurrence(mentions, window=3)
    with pytest.raises(ValueError, match="n_units"):
        cooccurrence(mentions, window=3, tokens=corpus, n_units=10)
    with pytest.raises(ValueError, match="use unit='sentence' or 'paragraph'"):
        null_model(mentions, unit="document")
    with pytest.raises(TypeError, match="n_units must be None, Tokens"):
        null_model(mentions, n_units=12)


def test_window_needs_the_sentences_of_the_mentions(make_corpus):
    corpus = make_corpus({"a.txt": "Putin met Trump.\n\nRead more: Putin and Trump talk\n"})
    everything = find_mentions(corpus, kinds=None)
    with pytest.raises(ValueError, match="do not hold"):
        cooccurrence(everything, window=3, tokens=tokens(corpus))
    edges = cooccurrence(everything, window=3, tokens=tokens(corpus, kinds=None))
    assert _pairs(edges) == {(TRUMP, PUTIN): 2}
    with pytest.raises(ValueError, match="do not hold"):
        evidence(everything, tokens(corpus), TRUMP, PUTIN)
    assert len(evidence(everything, corpus, TRUMP, PUTIN)) == 2


def test_corpus_and_tokens_give_the_same_tables(seeds):
    toks = tokens(seeds)
    mentions = find_mentions(seeds)
    pd.testing.assert_frame_equal(find_mentions(toks), mentions)
    for unit in ("sentence", "paragraph", "document"):
        ev = evidence(mentions, seeds, TRUMP, PUTIN, unit=unit)
        assert len(ev)
        pd.testing.assert_frame_equal(evidence(mentions, toks, TRUMP, PUTIN, unit=unit), ev)
    pd.testing.assert_frame_equal(
        cooccurrence(mentions, window=5, tokens=toks),
        cooccurrence(mentions, window=5, tokens=seeds),
    )


def test_document_networks_draw_the_n_groups_with_most_mentions(seeds):
    mentions = find_mentions(seeds)
    mentions = mentions[mentions["actor_type"] != "place"]
    edges = cooccurrence(mentions, by="doc_id")
    fig = plot_document_networks(edges, mentions, n=2, random_state=1)
    top = mentions.groupby("doc_id").size().sort_values(ascending=False).index[:2]
    titles = [
        ax.get_title(loc="left").split("\n")[0] for ax in fig.axes if ax.get_title(loc="left")
    ]
    assert titles == sorted(top)
    assert "the 2 of 5 with the most mentions" in fig._suptitle.get_text()
    with pytest.raises(ValueError, match="n must be >= 1"):
        plot_document_networks(edges, mentions, n=0)
