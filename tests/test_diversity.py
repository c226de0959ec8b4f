"""Lexical diversity: hand values on tiny texts, equality with lexicalrichness."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from lexicalrichness import LexicalRichness

from analysis.corpus import load_corpus
from analysis.diversity import hdd, lexical_diversity, mattr, mtld
from analysis.tokens import tokens


def test_measures_by_hand():
    ids = np.array([0, 1, 0, 2])  # a b a c
    assert mattr(ids, 2) == pytest.approx(1.0)  # ab, ba, ac
    assert mattr(ids, 3) == pytest.approx((2 / 3 + 1) / 2)  # aba, bac
    # HD-D, 2 draws from 4 tokens: a absent with P = 1/6, b and c with P = 3/6
    assert hdd(ids, 2) == pytest.approx((1 - 1 / 6) / 2 + 2 * (1 - 3 / 6) / 2)
    # MTLD: a a | b b -> TTR falls to 0.5 at the 2nd and 4th token: 2 factors, 4 / 2 both ways
    assert mtld(np.array([0, 0, 1, 1])) == pytest.approx(2.0)
    # all distinct: TTR never falls, one factor
    assert mtld(np.array([0, 1, 2])) == pytest.approx(3.0)
    # a b a: forward TTR 1, 1, 2/3 (<= 0.72): 1 factor; reverse a b a likewise -> 3
    assert mtld(np.array([0, 1, 0])) == pytest.approx(3.0)
    # a b c a: forward 1, 1, 1, 0.75 -> partial (1 - 0.75) / 0.28; same reversed
    assert mtld(np.array([0, 1, 2, 0])) == pytest.approx(4 / (0.25 / 0.28))


def test_minimums_raise_for_the_low_level_functions():
    with pytest.raises(ValueError, match="MATTR needs at least window=5 tokens, got 4"):
        mattr(np.arange(4), 5)
    with pytest.raises(ValueError, match="HD-D needs at least draws=42 tokens, got 4"):
        hdd(np.arange(4))
    with pytest.raises(ValueError, match="MTLD needs at least one token"):
        mtld(np.array([], dtype=int))


def _peer(toks):
    lex = LexicalRichness(list(toks), preprocessor=None, tokenizer=None)
    return {
        "tokens": lex.words,
        "types": lex.terms,
        "ttr": lex.ttr,
        "mattr": lex.mattr(100),
        "mtld": lex.mtld(0.72),
        "hdd": lex.hdd(42),
    }


def test_equal_to_lexicalrichness_on_seeds(seeds):
    out = lexical_diversity(seeds)
    assert out["note"].tolist() == [""] * len(seeds)
    docs = tokens(seeds).prepare(keep_numbers=False).token_lists("document")
    assert out["doc_id"].tolist() == docs["doc_id"].tolist()
    for row, toks in zip(out.itertuples(index=False), docs["tokens"], strict=True):
        peer = _peer(toks)
        assert row.tokens == peer["tokens"] and row.types == peer["types"]
        for m in ("ttr", "mattr", "mtld", "hdd"):
            assert getattr(row, m) == pytest.approx(peer[m], rel=1e-12), m


def test_equal_to_lexicalrichness_on_long_random_text():
    # long enough for MTLD segments beyond the first look-ahead block
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in rng.zipf(1.3, size=3000) % 500]
    ids = np.unique(words, return_inverse=True)[1]
    peer = _peer(words)
    assert mattr(ids, 100) == pytest.approx(peer["mattr"], rel=1e-12)
    assert mtld(ids, 0.72) == pytest.approx(peer["mtld"], rel=1e-12)
    assert hdd(ids, 42) == pytest.approx(peer["hdd"], rel=1e-12)
    high = LexicalRichness(words, preprocessor=None, tokenizer=None).mtld(0.9)
    assert mtld(ids, 0.9) == pytest.approx(high, rel=1e-12)


def test_short_documents_give_nan_and_a_note(make_corpus):
    corpus = make_corpus(
        {
            "long.txt": " ".join(f"Word{i % 60} w{i % 7}." for i in range(60)) + "\n",
            "short.txt": "A short note on the war.\n",
            "empty.txt": "Headline Only\n",
        }
    )
    out = lexical_diversity(corpus).set_index("doc_id")
    assert out.loc["short", "tokens"] == 6
    assert out.loc["short", "ttr"] == pytest.approx(1.0)
    assert np.isnan(out.loc["short", "mattr"]) and np.isnan(out.loc["short", "hdd"])
    assert out.loc["short", "mtld"] == pytest.approx(6.0)
    assert out.loc["short", "note"] == "mattr needs >= 100 tokens; hdd needs >= 42 tokens"
    assert out.loc["empty", "tokens"] == 0
    assert out.loc["empty", "note"] == "no tokens"
    assert out.loc["empty", ["ttr", "mattr", "mtld", "hdd"]].isna().all()
    assert out.loc["long", "tokens"] == 120 and out.loc["long", "note"] == ""
    assert out.loc["long", "types"] == 67 and out.loc["long", "hapax"] == 60


def test_by_metadata_column_joins_documents(write_files, tmp_path):
    folder = write_files(
        {"a.txt": "War and peace.\n", "b.txt": "War again.\n", "c.txt": "Peace.\n"}
    )
    meta = tmp_path / "meta.csv"
    meta.write_text("file,outlet\na.txt,TASS\nb.txt,RT\nc.txt,TASS\n")
    out = lexical_diversity(load_corpus(folder, metadata=meta), by="outlet")
    assert out["outlet"].tolist() == ["RT", "TASS"]
    assert out["tokens"].tolist() == [2, 4]  # war again | war and peace peace
    assert out["types"].tolist() == [2, 3]
    assert out["hapax"].tolist() == [2, 2]


def test_long_factors_and_all_distinct_runs_equal_lexicalrichness():
    # segments longer than the first look-ahead block (128 tokens): 300 distinct words, then
    # repeats; and a text of distinct words only (no factor ends; TTR 1 -> one factor)
    rng = np.random.default_rng(1)
    words = [f"u{i}" for i in range(300)] + [f"w{i}" for i in rng.integers(0, 40, size=400)]
    ids = np.unique(words, return_inverse=True)[1]
    assert mtld(ids, 0.72) == pytest.approx(_peer(words)["mtld"], rel=1e-12)
    assert mtld(ids, 0.05) == pytest.approx(
        LexicalRichness(words, preprocessor=None, tokenizer=None).mtld(0.05), rel=1e-12
    )
    distinct = [f"d{i}" for i in range(700)]
    assert mtld(np.arange(700), 0.72) == pytest.approx(_peer(distinct)["mtld"], rel=1e-12)


def test_groups_measured_together_equal_each_group_alone(write_files, tmp_path):
    # documents of very different lengths measured in one pass equal the measures of each
    # group's own token list (and lexicalrichness)
    rng = np.random.default_rng(2)
    texts = {
        f"d{i}.txt": " ".join(f"w{j}" for j in rng.zipf(1.4, size=size) % 300) + ".\n"
        for i, size in enumerate([5, 60, 150, 900, 2500])
    }
    folder = write_files(texts)
    meta = tmp_path / "m.csv"
    meta.write_text("file,outlet\nd0.txt,A\nd1.txt,B\nd2.txt,A\nd3.txt,\nd4.txt,B\n")
    corpus = load_corpus(folder, metadata=meta)
    docs = tokens(corpus).token_lists("document")
    out = lexical_diversity(corpus, mattr_window=50, hdd_draws=20)
    for row, toks in zip(out.itertuples(index=False), docs["tokens"], strict=True):
        ids = np.unique(toks, return_inverse=True)[1]
        lex = LexicalRichness(list(toks), preprocessor=None, tokenizer=None)
        assert row.mtld == pytest.approx(lex.mtld(0.72), rel=1e-12)
        assert row.mtld == pytest.approx(mtld(ids), rel=1e-12)
        if len(toks) >= 50:
            assert row.mattr == pytest.approx(lex.mattr(50), rel=1e-12)
        if len(toks) >= 20:
            assert row.hdd == pytest.approx(lex.hdd(20), rel=1e-12)
    by_outlet = lexical_diversity(corpus, by="outlet")
    # documents without an outlet form the group "(missing)", listed last
    assert by_outlet["outlet"].tolist() == ["A", "B", "(missing)"]
    lists = dict(zip(docs["doc_id"], docs["tokens"], strict=True))
    joined = {
        "A": lists["d0"] + lists["d2"],
        "B": lists["d1"] + lists["d4"],
        "(missing)": lists["d3"],
    }
    for row in by_outlet.itertuples(index=False):
        peer = _peer(joined[row.outlet])
        assert row.tokens == peer["tokens"] and row.types == peer["types"]
        for m in ("ttr", "mattr", "mtld", "hdd"):
            assert getattr(row, m) == pytest.approx(peer[m], rel=1e-12), (row.outlet, m)


def test_by_list_series_and_tokens_input(write_files, tmp_path):
    folder = write_files(
        {"a.txt": "War and peace.\n", "b.txt": "War again.\n", "c.txt": "Peace.\n"}
    )
    meta = tmp_path / "meta.csv"
    meta.write_text("file,outlet,bias\na.txt,TASS,left\nb.txt,RT,left\nc.txt,TASS,\n")
    corpus = load_corpus(folder, metadata=meta)
    both = lexical_diversity(corpus, by=["outlet", "bias"])
    assert both.columns[0] == "outlet/bias"
    assert both["outlet/bias"].tolist() == ["RT / left", "TASS / left", "(missing)"]
    assert both["tokens"].tolist() == [2, 3, 1]
    half = pd.Series(["x", "y", "x"], name="half")
    by_series = lexical_diversity(corpus, by=half)
    assert by_series.columns[0] == "half" and by_series["tokens"].tolist() == [4, 2]
    toks = tokens(corpus)
    for by in ("doc_id", "outlet", ["outlet", "bias"], half):
        pd.testing.assert_frame_equal(
            lexical_diversity(corpus, by=by), lexical_diversity(toks, by=by)
        )


def test_parameter_errors(seeds):
    with pytest.raises(ValueError, match="mtld_threshold must be in \\[0, 1\\), not 1.0"):
        lexical_diversity(seeds, mtld_threshold=1)
    with pytest.raises(TypeError, match="mattr_window must be an integer"):
        lexical_diversity(seeds, mattr_window=2.5)
    with pytest.raises(ValueError, match="hdd_draws must be >= 1, not 0"):
        lexical_diversity(seeds, hdd_draws=0)


def test_hdd_exact_on_a_long_text():
    # rare words in a long text: P(absent) is close to 1, and 1 - P must keep its digits
    # (scipy's hypergeom.pmf, which lexicalrichness calls, is off by ~1e-7 here)
    counts = [1, 1, 2, 5, 1_000, 198_991]
    ids = np.repeat(np.arange(len(counts)), counts)
    n = len(ids)
    exact = Fraction(0)
    for f in counts:
        absent = Fraction(1)
        for i in range(42):
            absent *= Fraction(n - f - i, n - i)
        exact += (1 - absent) / 42
    assert hdd(ids) == pytest.approx(float(exact), rel=1e-14)
    # a type too frequent to be missed counts fully
    assert hdd(np.array([0] * 50 + [1]), 42) == pytest.approx((1 + 42 / 51) / 42, rel=1e-14)
