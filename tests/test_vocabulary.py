"""Vocabulary: frequencies, keyness, collocations, dispersion (hand values and peers)."""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd
import pytest
import wordfreq
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder
from scipy.stats import chi2_contingency
from sklearn.feature_extraction.text import CountVectorizer

from analysis.collocations import collocations
from analysis.corpus import load_corpus
from analysis.diversity import lexical_diversity
from analysis.errors import CorpusError
from analysis.frequencies import term_frequencies, zipf_fit
from analysis.keyness import (
    ENGLISH_REFERENCE_SIZE,
    KEYNESS_COLUMNS,
    compare_counts,
    key_terms,
    keyness,
)
from analysis.kwic import dispersion, document_lengths
from analysis.plots.vocabulary import (
    plot_dispersion,
    plot_keyness,
    plot_lexical_diversity,
    plot_top_terms,
    plot_zipf,
)
from analysis.tokenize import tokenize
from analysis.tokens import tokens
from analysis.units import units

# --- compare_counts ---------------------------------------------------------------------------


def test_compare_counts_hand_values():
    # target: x 10 of 100 tokens; reference: x 5 of 200 tokens
    target = pd.Series({"x": 10, "y": 90})
    reference = pd.Series({"x": 5, "y": 195, "z": 0})
    out = compare_counts(target, reference)
    assert list(out.columns) == [
        "term", "target_count", "reference_count", "g2", "log_ratio", "p_value",
    ]  # fmt: skip
    assert out["term"].tolist() == ["x", "y"]  # z has a + b = 0 < min_count
    # G2 by hand: E = [[5, 10], [95, 190]]
    g2 = 2 * (
        10 * math.log(10 / 5)
        + 5 * math.log(5 / 10)
        + 90 * math.log(90 / 95)
        + 195 * math.log(195 / 190)
    )
    assert out.loc[0, "g2"] == pytest.approx(g2)
    assert out.loc[0, "g2"] == pytest.approx(7.329811674221491)
    assert out.loc[1, "g2"] == pytest.approx(-g2)  # y is underused in the target
    assert out.loc[0, "log_ratio"] == pytest.approx(2.0)  # (10/100) / (5/200) = 4
    assert out.loc[1, "log_ratio"] == pytest.approx(math.log2((90 / 100) / (195 / 200)))
    assert out.loc[0, "p_value"] == pytest.approx(0.006782015951830022)
    assert out["target_count"].tolist() == [10, 90]
    assert out["reference_count"].tolist() == [5, 195]


def test_compare_counts_equals_scipy_g_test():
    rng = np.random.default_rng(0)
    terms = [f"w{i}" for i in range(30)]
    target = pd.Series(rng.integers(0, 40, size=30), index=terms)
    reference = pd.Series(rng.integers(0, 80, size=30), index=terms)
    out = compare_counts(target, reference).set_index("term")
    c1, c2 = target.sum(), reference.sum()
    for term in terms:
        a, b = target[term], reference[term]
        if a + b == 0:
            assert term not in out.index
            continue
        res = chi2_contingency(
            [[a, b], [c1 - a, c2 - b]], correction=False, lambda_="log-likelihood"
        )
        sign = 1 if a / c1 >= b / c2 else -1
        assert out.loc[term, "g2"] == pytest.approx(sign * res.statistic, abs=1e-9)
        assert out.loc[term, "p_value"] == pytest.approx(res.pvalue, rel=1e-8)


def test_compare_counts_zero_cells_and_sorting():
    target = pd.Series({"only_t": 4, "b": 6, "a": 6})
    reference = pd.Series({"only_r": 3, "b": 6, "a": 6, "c": 1})
    out = compare_counts(target, reference)
    # a and b: equal relative frequency (6/16 vs 6/16) -> g2 0, ties sorted by term
    assert out["term"].tolist() == ["only_t", "a", "b", "c", "only_r"]
    row = out.set_index("term")
    assert row.loc["a", "g2"] == pytest.approx(0.0, abs=1e-12)
    assert row.loc["a", "log_ratio"] == pytest.approx(0.0)
    # zero count replaced by 0.5 in Log Ratio only: log2((4/16) / (0.5/16)) = 3
    assert row.loc["only_t", "log_ratio"] == pytest.approx(3.0)
    assert row.loc["only_r", "log_ratio"] == pytest.approx(math.log2((0.5 / 16) / (3 / 16)))
    # G2 with an empty cell: 2 * (4 ln(4/2) + 12 ln(12/14) + 16 ln(16/14)); E = 2, 2, 14, 14
    g2 = 2 * (4 * math.log(2) + 12 * math.log(12 / 14) + 16 * math.log(16 / 14))
    assert row.loc["only_t", "g2"] == pytest.approx(g2)
    assert row.loc["only_r", "g2"] < 0


def test_compare_counts_min_count_and_sizes():
    target = pd.Series({"x": 2, "y": 1})
    reference = pd.Series({"x": 1, "y": 1})
    assert compare_counts(target, reference, min_count=3)["term"].tolist() == ["x"]
    out = compare_counts(target, reference, target_size=100, reference_size=100)
    x = out.set_index("term").loc["x"]
    assert x["log_ratio"] == pytest.approx(1.0)
    res = chi2_contingency([[2, 1], [98, 99]], correction=False, lambda_="log-likelihood")
    assert x["g2"] == pytest.approx(res.statistic)


def test_compare_counts_errors():
    with pytest.raises(ValueError, match="reference has no tokens"):
        compare_counts(pd.Series({"x": 1}), pd.Series({"x": 0}))
    with pytest.raises(ValueError, match="non-negative counts; bad terms: \\['x'\\]"):
        compare_counts(pd.Series({"x": -1, "y": 3}), pd.Series({"x": 1}))
    with pytest.raises(ValueError, match="duplicate terms"):
        compare_counts(pd.Series([1, 2], index=["x", "x"]), pd.Series({"x": 1}))
    with pytest.raises(TypeError, match="pandas Series"):
        compare_counts({"x": 1}, pd.Series({"x": 1}))
    with pytest.raises(ValueError, match="min_count must be >= 1"):
        compare_counts(pd.Series({"x": 1}), pd.Series({"x": 1}), min_count=0)


# --- tiny corpus ------------------------------------------------------------------------------
# a: [refugees return home] [refugees need aid] [the war ended]   9 tokens
# b: [the war goes on] [war and aid]                              7 tokens
TINY = {
    "a.txt": "Refugees return home. Refugees need aid.\n\nThe war ended.\n",
    "b.txt": "The war goes on. War and aid.\n",
}


@pytest.fixture
def tiny(make_corpus):
    return make_corpus(TINY)


def test_term_frequencies_hand_counts(tiny):
    out = term_frequencies(tiny)
    assert list(out.columns) == ["term", "count", "rel_freq", "doc_freq"]
    assert out["term"].tolist() == [
        "war", "aid", "refugees", "ended", "goes", "home", "need", "return",
    ]  # fmt: skip
    assert out["count"].tolist() == [3, 2, 2, 1, 1, 1, 1, 1]
    assert out["doc_freq"].tolist() == [2, 2, 1, 1, 1, 1, 1, 1]
    # per 10,000 of all 16 tokens, stop words included
    assert out["rel_freq"].tolist() == pytest.approx([3 / 16 * 1e4, 2 / 16 * 1e4, 1250] + [625] * 5)


def test_term_frequencies_keeps_stopwords_and_min_count(tiny):
    out = term_frequencies(tiny, drop_stopwords=False, min_count=2)
    assert dict(zip(out["term"], out["count"], strict=True)) == {
        "war": 3, "aid": 2, "refugees": 2, "the": 2,
    }  # fmt: skip


def test_term_frequencies_by_doc(tiny):
    out = term_frequencies(tiny, by="doc_id")
    assert list(out.columns) == ["term", "count", "rel_freq", "doc_freq", "a", "b"]
    rows = out.set_index("term")
    assert rows.loc["war", ["a", "b"]].tolist() == [1, 2]
    assert rows.loc["refugees", ["a", "b"]].tolist() == [2, 0]
    assert (out["a"] + out["b"]).tolist() == out["count"].tolist()


def test_term_frequencies_bigrams_stay_inside_sentences(tiny):
    out = term_frequencies(tiny, ngram=2, drop_stopwords=False)
    counts = dict(zip(out["term"], out["count"], strict=True))
    assert counts == {
        "the war": 2, "and aid": 1, "goes on": 1, "need aid": 1, "refugees need": 1,
        "refugees return": 1, "return home": 1, "war and": 1, "war ended": 1, "war goes": 1,
    }  # fmt: skip
    assert out["term"].tolist()[0] == "the war"
    # stop words go first, as in scikit-learn: "war and aid" -> "war aid"
    out = term_frequencies(tiny, ngram=2)
    assert "war aid" in set(out["term"]) and "home refugees" not in set(out["term"])


def test_term_frequencies_by_metadata_column(write_files, tmp_path):
    folder = write_files(
        {"a.txt": "War and peace.\n", "b.txt": "War again.\n", "c.txt": "Peace talks.\n"}
    )
    meta = tmp_path / "meta.csv"
    meta.write_text("file,outlet,date\na.txt,TASS,2019-05-01\nb.txt,RT,2018-01-02\nc.txt,,\n")
    corpus = load_corpus(folder, metadata=meta)
    out = term_frequencies(corpus, by="outlet")
    assert list(out.columns) == ["term", "count", "rel_freq", "doc_freq", "RT", "TASS", "(missing)"]
    rows = out.set_index("term")
    assert rows.loc["war", ["RT", "TASS", "(missing)"]].tolist() == [1, 1, 0]
    assert rows.loc["peace", ["RT", "TASS", "(missing)"]].tolist() == [0, 1, 1]
    by_year = term_frequencies(corpus, by="year")  # from the date column
    assert list(by_year.columns)[4:] == ["2018", "2019", "(missing)"]
    assert by_year.set_index("term").loc["war", ["2018", "2019"]].tolist() == [1, 1]


def test_term_frequencies_equal_countvectorizer_on_seeds(seeds):
    docs = units(seeds, "document")
    vec = CountVectorizer(analyzer=functools.partial(tokenize, drop_stopwords=True))
    matrix = vec.fit_transform(docs["text"])
    expected = pd.Series(np.asarray(matrix.sum(axis=0)).ravel(), index=vec.get_feature_names_out())
    out = term_frequencies(seeds).set_index("term")["count"]
    assert len(out) == len(expected)
    assert out.sort_index().tolist() == expected.sort_index().tolist()
    doc_freq = pd.Series(np.diff((matrix > 0).tocsc().indptr), index=expected.index)
    assert term_frequencies(seeds).set_index("term")["doc_freq"].sort_index().tolist() == (
        doc_freq.sort_index().tolist()
    )


def test_term_frequencies_errors(tiny):
    with pytest.raises(CorpusError, match="by='outlet': no such corpus column"):
        term_frequencies(tiny, by="outlet")
    with pytest.raises(ValueError, match="ngram must be >= 1, not 0"):
        term_frequencies(tiny, ngram=0)
    with pytest.raises(CorpusError, match="missing \\['text'\\]"):
        term_frequencies(tiny.drop(columns="text"))


# --- keyness ----------------------------------------------------------------------------------


def test_keyness_rest_hand_counts(tiny):
    out = keyness(tiny, "a")
    assert list(out.columns) == list(KEYNESS_COLUMNS)
    rows = out.set_index("term")
    # min_count=2 keeps war (1 + 2), refugees (2 + 0), aid (1 + 1); sizes 9 and 7 tokens
    assert rows.index.tolist() == ["refugees", "aid", "war"]
    assert rows["target_count"].tolist() == [2, 1, 1]
    assert rows["reference_count"].tolist() == [0, 1, 2]
    for term, a, b in [("refugees", 2, 0), ("aid", 1, 1), ("war", 1, 2)]:
        stat = chi2_contingency(
            [[a, b], [9 - a, 7 - b]], correction=False, lambda_="log-likelihood"
        )
        sign = 1 if a / 9 >= b / 7 else -1
        assert rows.loc[term, "g2"] == pytest.approx(sign * stat.statistic)
    assert rows.loc["refugees", "log_ratio"] == pytest.approx(math.log2((2 / 9) / (0.5 / 7)))
    assert rows.loc["war", "log_ratio"] == pytest.approx(math.log2((1 / 9) / (2 / 7)))


def test_keyness_target_forms_agree(tiny):
    by_id = keyness(tiny, "b")
    pd.testing.assert_frame_equal(by_id, keyness(tiny, ["b"]))
    pd.testing.assert_frame_equal(by_id, keyness(tiny, tiny["doc_id"] == "b"))
    pd.testing.assert_frame_equal(by_id, keyness(tiny, np.array([False, True])))
    # b against a mirrors a against b
    mirrored = keyness(tiny, "a").set_index("term")
    rows = by_id.set_index("term")
    assert rows["g2"].to_dict() == pytest.approx((-mirrored["g2"]).to_dict())


def test_keyness_sort_by_log_ratio(tiny):
    out = keyness(tiny, "a", measure="log_ratio", min_count=1)
    assert out["log_ratio"].is_monotonic_decreasing
    top = out[out["log_ratio"] == out["log_ratio"].max()]
    assert top["term"].tolist() == sorted(top["term"])


def test_keyness_against_english(tiny):
    out = keyness(tiny, ["a", "b"], reference="english", min_count=1).set_index("term")
    freq = wordfreq.get_frequency_dict("en", wordlist="best")
    assert out.loc["war", "reference_count"] == round(freq["war"] * ENGLISH_REFERENCE_SIZE)
    assert out.loc["war", "target_count"] == 3
    # sizes: all 16 tokens against the assumed 10^9
    a, b = 3, out.loc["war", "reference_count"]
    stat = chi2_contingency(
        [[a, b], [16 - a, ENGLISH_REFERENCE_SIZE - b]], correction=False, lambda_="log-likelihood"
    )
    assert out.loc["war", "g2"] == pytest.approx(stat.statistic, rel=1e-9)
    assert out.loc["war", "log_ratio"] == pytest.approx(
        math.log2((3 / 16) / (b / ENGLISH_REFERENCE_SIZE))
    )
    assert set(out.index) == {"war", "aid", "refugees", "ended", "goes", "home", "need", "return"}


def test_keyness_english_lookup_rules(make_corpus):
    corpus = make_corpus({"x.txt": "The U.S. met al-Assad and Zqxvbnm.\n"})
    out = keyness(corpus, "x", reference="english", min_count=1).set_index("term")
    freq = wordfreq.get_frequency_dict("en", wordlist="best")
    assert out.loc["u.s.", "reference_count"] == round(freq["u.s"] * ENGLISH_REFERENCE_SIZE)
    hyphen = wordfreq.word_frequency("al-assad", "en")
    assert out.loc["al-assad", "reference_count"] == round(hyphen * ENGLISH_REFERENCE_SIZE)
    assert out.loc["zqxvbnm", "reference_count"] == 0
    # zero reference count -> 0.5 in Log Ratio; 6 tokens in the target
    assert out.loc["zqxvbnm", "log_ratio"] == pytest.approx(
        math.log2((1 / 6) / (0.5 / ENGLISH_REFERENCE_SIZE))
    )


def test_keyness_errors(tiny):
    with pytest.raises(CorpusError, match="unknown doc_id \\['nope'\\]"):
        keyness(tiny, "nope")
    with pytest.raises(ValueError, match="every document"):
        keyness(tiny, ["a", "b"])
    with pytest.raises(ValueError, match="selects no document"):
        keyness(tiny, np.array([False, False]))
    with pytest.raises(ValueError, match="has 3 values; the corpus has 2 rows"):
        keyness(tiny, np.array([True, False, False]))
    with pytest.raises(
        ValueError, match="reference must be one of \\['rest', 'english'\\], not 'news'"
    ):
        keyness(tiny, "a", reference="news")
    with pytest.raises(ValueError, match="measure must be"):
        keyness(tiny, "a", measure="chi2")


# --- collocations -----------------------------------------------------------------------------


def _nltk_scores(sentence_tokens, window, min_count):
    """NLTK on the same sentences: each padded with window - 1 Nones, so no window spans two."""
    stream = []
    for toks in sentence_tokens:
        stream.extend(toks)
        stream.extend([None] * (window - 1))
    finder = BigramCollocationFinder.from_words(stream, window_size=window)
    finder.apply_freq_filter(min_count)
    measures = BigramAssocMeasures()
    scores = {}
    for name, fn in [
        ("pmi", measures.pmi),
        ("llr", measures.likelihood_ratio),
        ("t", measures.student_t),
    ]:
        for pair, score in finder.score_ngrams(fn):
            scores.setdefault(pair, {})[name] = score
    counts = {pair: finder.ngram_fd[pair] for pair in scores}
    return scores, counts, finder.N


@pytest.mark.parametrize(("window", "drop_stopwords"), [(2, False), (3, False), (5, True)])
def test_collocations_equal_nltk_on_seeds(seeds, window, drop_stopwords):
    toks = tokens(seeds).prepare(drop_stopwords=drop_stopwords).token_lists("sentence")["tokens"]
    scores, counts, n = _nltk_scores(toks, window, 2)
    assert n == sum(len(t) for t in toks)
    out = collocations(
        seeds, window=window, min_count=2, drop_stopwords=drop_stopwords, associated_only=False
    )
    assert len(out) == len(scores) > 20
    for row in out.itertuples(index=False):
        pair = (row.w1, row.w2)
        assert row.count == counts[pair]
        assert row.pmi == pytest.approx(scores[pair]["pmi"], rel=1e-12, abs=1e-12)
        assert row.llr == pytest.approx(scores[pair]["llr"], rel=1e-9, abs=1e-9)
        assert row.t == pytest.approx(scores[pair]["t"], rel=1e-12, abs=1e-12)


def test_collocations_hand_values_and_sentence_bounds(tiny):
    out = collocations(tiny, min_count=1)
    pairs = set(zip(out["w1"], out["w2"], strict=True))
    assert ("home", "refugees") not in pairs and ("aid", "the") not in pairs
    assert ("on", "war") not in pairs
    row = out.set_index(["w1", "w2"]).loc[("the", "war")]
    # 16 tokens; "the" 2, "war" 3, the pair 2
    assert row["count"] == 2
    assert row["pmi"] == pytest.approx(math.log2(2 * 16 / (2 * 3)))
    assert row["t"] == pytest.approx((2 - 2 * 3 / 16) / math.sqrt(2))
    cells = [2, 1, 0, 13]  # n_ii, n_oi (war without the), n_io, n_oo
    expected = [2 * 3 / 16, 3 * 14 / 16, 2 * 13 / 16, 13 * 14 / 16]
    llr = 2 * sum(o * math.log(o / e) for o, e in zip(cells, expected, strict=True) if o)
    assert row["llr"] == pytest.approx(llr)
    # window 3: "refugees ... home" is now a pair; counts are scaled by 1/(3 - 1) in scores
    wide = collocations(tiny, window=3, min_count=1).set_index(["w1", "w2"])
    assert wide.loc[("refugees", "home"), "count"] == 1
    assert wide.loc[("refugees", "home"), "pmi"] == pytest.approx(math.log2(0.5 * 16 / (2 * 1)))


def test_collocations_repeated_word_pairs_are_ordinary_pairs(make_corpus):
    # "the the" and "very very very" count as pairs like any other, as in NLTK
    corpus = make_corpus(
        {"x.txt": "The the cat. Very very very good. The cat the cat.\n", "y.txt": "Very good.\n"}
    )
    sentences = tokens(corpus).token_lists("sentence")["tokens"]
    for window in (2, 3):
        scores, counts, n = _nltk_scores(sentences, window, 1)
        out = collocations(corpus, window=window, min_count=1, associated_only=False)
        out = out.set_index(["w1", "w2"])
        assert len(out) == len(scores)
        for pair, row in out.iterrows():
            assert row["count"] == counts[pair]
            for m in ("pmi", "llr", "t"):
                assert row[m] == pytest.approx(scores[pair][m], rel=1e-12, abs=1e-12)
    adjacent = collocations(corpus, min_count=1, associated_only=False)
    adjacent = adjacent.set_index(["w1", "w2"])["count"]
    assert adjacent[("the", "the")] == 1 and adjacent[("very", "very")] == 2
    assert adjacent[("the", "cat")] == 3


def test_collocations_blocks_of_positions_add_up(seeds, monkeypatch):
    # counting a few positions at a time gives the same table as one block
    import analysis.collocations as module

    whole = collocations(seeds, window=4, min_count=1)
    monkeypatch.setattr(module, "_BLOCK", 97)
    monkeypatch.setattr(module, "_SCORE_BLOCK", 13)
    pd.testing.assert_frame_equal(collocations(seeds, window=4, min_count=1), whole)


def test_collocations_sorted_and_measure_choice(seeds):
    out = collocations(seeds, measures=("llr",))
    assert list(out.columns) == ["w1", "w2", "count", "llr"]
    assert out["llr"].is_monotonic_decreasing


def test_collocations_errors(tiny):
    with pytest.raises(ValueError, match="window must be >= 2, not 1"):
        collocations(tiny, window=1)
    with pytest.raises(ValueError, match="unknown measures \\['dice'\\]"):
        collocations(tiny, measures=("pmi", "dice"))


# --- Zipf -------------------------------------------------------------------------------------


def test_zipf_fit_exact_law():
    table = pd.DataFrame({"term": list("abcdef"), "count": [60, 30, 20, 15, 12, 10]})
    fit = zipf_fit(table)
    assert fit["slope"] == pytest.approx(-1.0)
    assert fit["intercept"] == pytest.approx(math.log10(60))
    assert fit["r_squared"] == pytest.approx(1.0)
    assert fit["n_terms"] == 6


def test_zipf_fit_least_squares():
    table = pd.DataFrame({"term": list("abc"), "count": [9, 5, 1]})
    x = np.log10([1, 2, 3])
    y = np.log10([9, 5, 1])
    slope = ((x - x.mean()) * (y - y.mean())).sum() / ((x - x.mean()) ** 2).sum()
    assert zipf_fit(table)["slope"] == pytest.approx(slope)
    with pytest.raises(ValueError, match="at least two terms"):
        zipf_fit(table.head(1))


def test_key_terms_equal_keyness_per_group(tiny, seeds):
    out = key_terms(tiny, n=5)
    assert list(out.columns) == ["doc_id", "rank", *KEYNESS_COLUMNS]
    # min_count=2: refugees (2 vs 0) for a; war (2 of 7 vs 1 of 9) and aid (1 of 7 vs 1 of 9) for b
    assert out["doc_id"].tolist() == ["a", "b", "b"]
    assert out["term"].tolist() == ["refugees", "war", "aid"]
    assert out["rank"].tolist() == [1, 1, 2]
    for doc_id in seeds["doc_id"]:
        mine = key_terms(seeds, n=4).query("doc_id == @doc_id").drop(columns=["doc_id", "rank"])
        expected = keyness(seeds, doc_id)
        expected = expected[expected["g2"] > 0].head(4)
        pd.testing.assert_frame_equal(mine.reset_index(drop=True), expected)
    with pytest.raises(ValueError, match="needs at least two"):
        key_terms(tiny.head(1))


def test_key_terms_by_log_ratio_and_empty_groups(seeds, make_corpus):
    for doc_id in seeds["doc_id"]:
        mine = key_terms(seeds, n=6, measure="log_ratio", min_count=1)
        mine = mine[mine["doc_id"] == doc_id].drop(columns=["doc_id", "rank"])
        expected = keyness(seeds, doc_id, measure="log_ratio", min_count=1)
        expected = expected[expected["g2"] > 0].head(6)
        pd.testing.assert_frame_equal(mine.reset_index(drop=True), expected, check_exact=True)
    # a document without body tokens is a group with no row
    corpus = make_corpus(
        {"a.txt": "War war peace.\n", "b.txt": "Peace talks.\n", "c.txt": "Only A Title\n"}
    )
    out = key_terms(corpus, n=2, min_count=1)
    assert out["doc_id"].tolist() == ["a", "b", "b"]
    assert out["term"].tolist() == ["war", "talks", "peace"]
    assert out["rank"].tolist() == [1, 1, 2]


# --- plots ------------------------------------------------------------------------------------


def test_plot_zipf_prints_the_fitted_slope(seeds):
    freqs = term_frequencies(seeds, drop_stopwords=False)
    fig = plot_zipf(freqs)
    text = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert f"slope = {zipf_fit(freqs)['slope']:.3f}" in text
    assert fig.axes[0].get_xscale() == "log" and fig.axes[0].get_yscale() == "log"


def test_plot_keyness_shows_both_sides(tiny):
    table = keyness(tiny, "a", min_count=1)
    fig = plot_keyness(table, n=2)
    ax = fig.axes[0]
    widths = [bar.get_width() for bar in ax.patches]
    assert sum(w > 0 for w in widths) == 2 and sum(w < 0 for w in widths) == 2
    labels = [t.get_text() for t in ax.get_yticklabels()]
    # top 2 each side, bottom to top: goes (0 vs 1) and war (1 vs 2) most underused in a;
    # refugees (2 vs 0) first, then ended, first of four ties (1 vs 0) by name
    assert labels == ["goes", "war", "ended", "refugees"]


def test_plot_top_terms_one_panel_per_group(tiny):
    fig = plot_top_terms(term_frequencies(tiny, by="doc_id"), n=3)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title(loc="left") for ax in visible] == ["a", "b"]
    assert [t.get_text() for t in visible[0].get_yticklabels()] == ["ended", "aid", "refugees"]
    with pytest.raises(ValueError, match="not columns of the table"):
        plot_top_terms(term_frequencies(tiny, by="doc_id"), groups=["c"])


def test_plot_dispersion_and_diversity(tiny):
    occurrences = dispersion(tiny, ["war", "refugees"])
    fig = plot_dispersion(occurrences, document_lengths(tiny))
    assert [ax.get_title(loc="left") for ax in fig.axes] == ["a", "b"]
    assert [len(ax.collections[0].get_offsets()) for ax in fig.axes] == [3, 2]
    assert fig.axes[0].get_xlim() == (0.0, 9.0)
    fig = plot_lexical_diversity(lexical_diversity(tiny))
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert texts.count(" n/a") == 4  # MATTR and HD-D of both short documents


# --- the tokens layer in, the same tables out ----------------------------------------------------


def test_corpus_and_tokens_give_the_same_tables(seeds):
    toks = tokens(seeds)
    first = seeds["doc_id"].iloc[0]
    pairs = [
        (term_frequencies(seeds, by="doc_id"), term_frequencies(toks, by="doc_id")),
        (keyness(seeds, first), keyness(toks, first)),
        (key_terms(seeds, n=3), key_terms(toks, n=3)),
        (collocations(seeds, window=3), collocations(toks, window=3)),
        (lexical_diversity(seeds), lexical_diversity(toks)),
        (dispersion(seeds, ["Putin"]), dispersion(toks, ["Putin"])),
    ]
    for from_corpus, from_tokens in pairs:
        pd.testing.assert_frame_equal(from_corpus, from_tokens)


def test_by_list_series_and_missing_group(make_corpus, write_files, tmp_path):
    folder = write_files({"a.txt": "Aa bb bb.\n", "b.txt": "Bb cc.\n", "c.txt": "Cc aa aa.\n"})
    meta = tmp_path / "m.csv"
    meta.write_text("file,outlet,bias\na.txt,X,left\nb.txt,Y,\nc.txt,X,left\n")
    corpus = load_corpus(folder, metadata=meta)
    by_bias = term_frequencies(corpus, by="bias", drop_stopwords=False).set_index("term")
    assert list(by_bias.columns[-2:]) == ["left", "(missing)"]
    assert by_bias.loc["aa", ["left", "(missing)"]].tolist() == [3, 0]
    both = term_frequencies(corpus, by=["outlet", "bias"], drop_stopwords=False)
    assert list(both.columns[-2:]) == ["X / left", "(missing)"]
    half = pd.Series(["one", "two", "one"], name="half")
    assert key_terms(corpus, by=half, n=1, min_count=1).columns[0] == "half"
    rows = key_terms(corpus, by="bias", n=1, min_count=1)
    assert rows["bias"].tolist() == ["left", "(missing)"]


def test_collocations_keep_only_pairs_seen_more_often_than_chance(make_corpus):
    # "the" is 8 of the N = 16 tokens: "the the" (seen once) is expected n_ix * n_xi / N =
    # 8 * 8 / 16 = 4 times, so it is less frequent than chance; "red fox" (seen twice) 0.25 times
    corpus = make_corpus(
        {"a.txt": "The the red fox the cat the dog. The red fox the hen the owl the."}
    )
    every = collocations(corpus, min_count=1, associated_only=False).set_index(["w1", "w2"])
    kept = collocations(corpus, min_count=1).set_index(["w1", "w2"])
    assert ("the", "the") in every.index and every.loc[("the", "the"), "pmi"] < 0
    assert ("the", "the") not in kept.index
    assert kept.loc[("red", "fox"), "count"] == 2
    assert set(kept.index) == set(every.index[every["pmi"] > 0])
