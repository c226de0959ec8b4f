"""Lexical diversity: hand values on tiny texts, equality with lexicalrichness."""

from __future__ import annotations

import numpy as np
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
