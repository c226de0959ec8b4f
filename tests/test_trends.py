"""over_time: rates per period by hand, and the bootstrap band as documented."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.actors import find_mentions
from analysis.trends import over_time


@pytest.fixture
def dated(make_corpus):
    corpus = make_corpus(
        {
            "a.txt": "War came to the city.",  # 5 tokens, war 1
            "b.txt": "War and war again.",  # 4 tokens, war 2
            "c.txt": "Putin spoke of peace.",  # 4 tokens
            "d.txt": "Putin spoke of war.",  # 4 tokens, war 1
        }
    )
    corpus["date"] = pd.to_datetime(["2019-01-03", "2019-01-20", "2019-01-28", "2019-02-02"])
    corpus["bias"] = ["left", "right", "left", "left"]
    return corpus


def test_rates_per_month_by_hand(dated):
    table = over_time(dated, terms=["war"], n_boot=50)
    jan, feb = table.iloc[0], table.iloc[1]
    assert (jan["period"], jan["documents"], jan["count"], jan["tokens"]) == ("2019-01", 3, 3, 13)
    assert jan["rate"] == pytest.approx(3 / 13 * 10_000)
    # one document: every resample is that document, so the band is the rate itself
    assert (feb["count"], feb["tokens"]) == (1, 4)
    assert feb["low"] == feb["high"] == pytest.approx(2_500)
    assert jan["low"] <= jan["rate"] <= jan["high"]


def test_bootstrap_draw_is_the_documented_one(dated):
    table = over_time(dated, terms=["war"], n_boot=1, random_state=7)
    draw = np.random.default_rng(7).integers(0, 3, size=(1, 3))[0]
    war, tokens = np.array([1, 2, 0]), np.array([5, 4, 4])
    expected = war[draw].sum() * 10_000 / tokens[draw].sum()
    assert table.iloc[0]["low"] == pytest.approx(expected)
    pd.testing.assert_frame_equal(table, over_time(dated, terms=["war"], n_boot=1, random_state=7))


def test_actors_per_group(dated):
    mentions = find_mentions(dated)
    table = over_time(dated, mentions=mentions, actors=["Vladimir Putin"], group="bias", n_boot=20)
    left = table[(table["period"] == "2019-01") & (table["group"] == "left")].iloc[0]
    assert (left["documents"], left["count"], left["tokens"]) == (2, 1, 9)
    assert list(table.columns[:3]) == ["period", "group", "item"]
    with pytest.raises(ValueError, match="is not one word"):
        over_time(dated, terms=["civil war"])
    with pytest.raises(ValueError, match="actors= needs mentions="):
        over_time(dated, actors=["Vladimir Putin"])


def test_terms_as_the_tables_write_them(make_corpus):
    # "u.s." is how the tokenizer writes "U.S."; typed in lower case it would read "us",
    # so a term taken from a keyness table is used as it is written there.
    corpus = make_corpus({"a.txt": "The U.S. army left. Tell us why.", "b.txt": "The U.S. stayed."})
    corpus["date"] = pd.to_datetime(["2019-01-03", "2019-02-03"])
    table = over_time(corpus, terms=["u.s.", "us"], n_boot=5)
    assert table["count"].tolist() == [1, 1, 1, 0]  # Jan: u.s. 1, us 1; Feb: u.s. 1, us 0
