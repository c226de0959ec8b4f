"""TF-IDF, distinctive terms, similarity, clustering and class TF-IDF on tiny corpora.

Expected values are computed by hand from the formulas (scikit-learn's smooth
idf ``ln((1 + n) / (1 + df)) + 1`` with l2-normalised rows; BERTopic's
c-TF-IDF ``tf_L1 * ln(1 + A / f)``) or by a direct scikit-learn call on the
same tokens.
"""

from __future__ import annotations

import math
import pickle
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer

from analysis.class_tfidf import class_tfidf
from analysis.errors import CorpusError
from analysis.similarity import cluster_tree, most_similar_pairs, similarity, unit_map
from analysis.tfidf import matrix_summary, select, tfidf, top_terms, unit_labels
from analysis.tokenize import tokenize
from analysis.tokens import tokens
from analysis.units import paragraphs, units


@dataclass(frozen=True)
class TokenAnalyzer:
    """The pre-layer implementation, kept as the peer reference: ``tokenize`` plus n-grams.

    Fed to scikit-learn's ``TfidfVectorizer(analyzer=...)`` it gives what
    ``tfidf`` returned when it tokenized each unit's text: n-grams over the
    tokens left after stop words, across sentence boundaries inside a unit.
    """

    ngram_range: tuple[int, int] = (1, 1)
    drop_stopwords: bool = True
    keep_numbers: bool = True
    fold: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.ngram_range[0] <= self.ngram_range[1]:
            raise ValueError(
                f"ngram_range must satisfy 1 <= min_n <= max_n, got {self.ngram_range}"
            )

    def __call__(self, text: str) -> list[str]:
        toks = tokenize(
            text,
            drop_stopwords=self.drop_stopwords,
            keep_numbers=self.keep_numbers,
            fold=self.fold,
        )
        lo, hi = self.ngram_range
        grams = list(toks) if lo == 1 else []
        for n in range(max(lo, 2), hi + 1):
            grams.extend(" ".join(toks[i : i + n]) for i in range(len(toks) - n + 1))
        return grams


FRUIT = {
    "a.txt": "Apple banana apple.\n",
    "b.txt": "Banana cherry.\n",
    "c.txt": "Cherry cherry durian.\n",
}


def idf(n: int, df: int) -> float:
    """scikit-learn's smooth idf, natural log."""
    return math.log((1 + n) / (1 + df)) + 1


def l2(values: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in values.values()))
    return {t: v / norm for t, v in values.items()}


# Raw tf x idf of the fruit corpus: n = 3; df apple 1, banana 2, cherry 2, durian 1.
HAND = {
    "a": l2({"apple": 2 * idf(3, 1), "banana": 1 * idf(3, 2)}),
    "b": l2({"banana": idf(3, 2), "cherry": idf(3, 2)}),
    "c": l2({"cherry": 2 * idf(3, 2), "durian": idf(3, 1)}),
}


@pytest.fixture
def fruit(make_corpus):
    return make_corpus(FRUIT)


def weights_of(result, doc_id: str) -> dict[str, float]:
    row = result.units.index[result.units["doc_id"] == doc_id][0]
    vec = result.matrix.getrow(row)
    return {result.vocabulary[j]: v for j, v in zip(vec.indices, vec.data, strict=True)}


def test_tfidf_matches_hand_computation(fruit):
    result = tfidf(fruit)
    assert list(result.vocabulary) == ["apple", "banana", "cherry", "durian"]
    assert result.units["doc_id"].tolist() == ["a", "b", "c"]
    np.testing.assert_allclose(result.idf, [idf(3, 1), idf(3, 2), idf(3, 2), idf(3, 1)])
    for doc_id, expected in HAND.items():
        got = weights_of(result, doc_id)
        assert got.keys() == expected.keys()
        for term, value in expected.items():
            assert got[term] == pytest.approx(value, rel=1e-12)
    # one number written out: 2(1 + ln 2) / sqrt(4(1 + ln 2)^2 + (1 + ln 4/3)^2)
    assert weights_of(result, "a")["apple"] == pytest.approx(0.934702, abs=1e-6)


def test_tfidf_sublinear_min_df_and_params(fruit):
    result = tfidf(fruit, sublinear_tf=True)
    expected = l2({"apple": (1 + math.log(2)) * idf(3, 1), "banana": idf(3, 2)})
    assert weights_of(result, "a") == pytest.approx(expected, rel=1e-12)
    pruned = tfidf(fruit, min_df=2)
    assert list(pruned.vocabulary) == ["banana", "cherry"]
    assert weights_of(pruned, "a") == pytest.approx({"banana": 1.0})
    assert pruned.params["min_df"] == 2
    assert pruned.params["ngram_range"] == (1, 1)
    assert set(pruned.params) >= {
        "unit", "kinds", "min_df", "max_df", "ngram_range", "sublinear_tf", "max_features",
        "drop_stopwords", "keep_numbers", "fold", "smooth_idf", "norm",
    }  # fmt: skip


def test_tfidf_equals_direct_sklearn_call_on_seed_paragraphs(seeds):
    result = tfidf(seeds, unit="paragraph", ngram_range=(1, 2), min_df=2)
    texts = units(seeds, "paragraph")["text"]
    # Peer implementation: scikit-learn builds the n-grams itself from the same tokens.
    direct = TfidfVectorizer(
        tokenizer=lambda t: tokenize(t, drop_stopwords=True),
        token_pattern=None,
        lowercase=False,
        ngram_range=(1, 2),
        min_df=2,
    )
    expected = direct.fit_transform(texts)
    assert list(result.vocabulary) == list(direct.get_feature_names_out())
    assert abs(result.matrix - expected).max() < 1e-12
    assert len(result.units) == len(paragraphs(seeds, kinds=["body"]))
    assert result.keys == ["doc_id", "paragraph_id"]
    assert list(result.units.columns) == ["doc_id", "paragraph_id", "kind", "start", "end"]
    pd.testing.assert_frame_equal(
        result.units, paragraphs(seeds, kinds=["body"]).drop(columns="text")
    )
    assert {"bashar al-assad", "vladimir putin"} <= set(result.vocabulary)


@pytest.mark.parametrize(
    ("unit", "options"),
    [
        ("document", {"ngram_range": (1, 3), "min_df": 2}),
        ("document", {"max_features": 300, "sublinear_tf": True}),
        ("document", {"min_df": 0.2, "max_df": 0.8, "drop_stopwords": False, "norm": "l1"}),
        ("paragraph", {"ngram_range": (2, 2), "max_features": 50, "smooth_idf": False}),
        ("sentence", {"keep_numbers": False, "fold": True, "max_df": 3}),
    ],
)
def test_tfidf_is_the_vectorizer_over_the_tokenized_units(seeds, unit, options):
    # Reference: the pre-layer tfidf, TfidfVectorizer with TokenAnalyzer on each unit's text
    # (n-grams across sentences inside a unit, max_features ties as scikit-learn breaks them).
    result = tfidf(tokens(seeds), unit=unit, **options)
    analyzer_keys = ("ngram_range", "drop_stopwords", "keep_numbers", "fold")
    analyzer = TokenAnalyzer(**{k: v for k, v in options.items() if k in analyzer_keys})
    rest = {k: v for k, v in options.items() if k not in analyzer_keys}
    direct = TfidfVectorizer(analyzer=analyzer, dtype=np.float64, **rest)
    expected = direct.fit_transform(units(seeds, unit)["text"])
    assert list(result.vocabulary) == list(direct.get_feature_names_out())
    np.testing.assert_array_equal(result.idf, direct.idf_)
    assert abs(result.matrix - expected).max() < 1e-12
    np.testing.assert_array_equal(result.matrix.indptr, expected.indptr)


def test_tfidf_same_from_corpus_and_tokens(seeds):
    toks = tokens(seeds)
    for unit in ("document", "sentence"):
        a = tfidf(seeds, unit=unit, ngram_range=(1, 2), min_df=2)
        b = tfidf(toks, unit=unit, ngram_range=(1, 2), min_df=2)
        assert (a.matrix != b.matrix).nnz == 0
        pd.testing.assert_frame_equal(a.units, b.units)
        np.testing.assert_array_equal(a.vocabulary, b.vocabulary)
        np.testing.assert_array_equal(a.idf, b.idf)
        assert a.params == b.params
    # kinds narrows a Tokens object built with every kind
    every = tokens(seeds, kinds=None)
    c = tfidf(every)
    assert (c.matrix != tfidf(seeds).matrix).nnz == 0
    assert tfidf(every, kinds=None).matrix.shape[1] > c.matrix.shape[1]


def test_class_tfidf_same_from_corpus_and_tokens(seeds):
    pd.testing.assert_frame_equal(
        class_tfidf(seeds, "doc_id", ngram_range=(1, 2)),
        class_tfidf(tokens(seeds), "doc_id", ngram_range=(1, 2)),
    )


def test_token_analyzer_ngrams_and_pickle():
    analyzer = TokenAnalyzer(ngram_range=(1, 2))
    assert analyzer("Apple banana, cherry.") == [
        "apple", "banana", "cherry", "apple banana", "banana cherry",
    ]  # fmt: skip
    # stop words go first, so the bigram joins the words around them
    assert TokenAnalyzer(ngram_range=(2, 2))("the apple and the banana") == ["apple banana"]
    assert TokenAnalyzer(drop_stopwords=False)("the apple") == ["the", "apple"]
    assert TokenAnalyzer(keep_numbers=False)("2018 apple") == ["apple"]
    clone = pickle.loads(pickle.dumps(analyzer))
    assert clone == analyzer and clone("a b c") == analyzer("a b c")
    with pytest.raises(ValueError, match="1 <= min_n <= max_n"):
        TokenAnalyzer(ngram_range=(2, 1))


def test_tfidf_sentence_unit_and_labels(make_corpus):
    corpus = make_corpus({"x.txt": "Apple pie is sweet. Tank shells are loud.\nRivers flow.\n"})
    result = tfidf(corpus, unit="sentence")
    assert result.units[["paragraph_id", "sentence_id"]].to_numpy().tolist() == [
        [0, 0], [0, 1], [1, 2],
    ]  # fmt: skip
    assert unit_labels(result).tolist() == ["x p0 s0", "x p0 s1", "x p1 s2"]
    assert top_terms(result, n=1)["term"].tolist() == ["apple", "loud", "flow"]


def test_top_terms_order_ties_and_limit(fruit):
    table = top_terms(tfidf(fruit), n=2)
    assert list(table.columns) == ["doc_id", "term", "weight", "rank"]
    assert table[["doc_id", "term", "rank"]].to_numpy().tolist() == [
        ["a", "apple", 1], ["a", "banana", 2],
        ["b", "banana", 1], ["b", "cherry", 2],  # equal weights: alphabetical
        ["c", "cherry", 1], ["c", "durian", 2],
    ]  # fmt: skip
    assert table["weight"].iloc[3] == pytest.approx(1 / math.sqrt(2))
    assert len(top_terms(tfidf(fruit), n=1)) == 3
    with pytest.raises(ValueError, match="positive integer"):
        top_terms(tfidf(fruit), n=0)


def test_matrix_summary(fruit):
    summary = matrix_summary(tfidf(fruit)).set_index("statistic")["value"]
    assert summary["units"] == 3 and summary["terms"] == 4 and summary["nonzeros"] == 6
    assert summary["density"] == pytest.approx(6 / 12)
    assert summary["sparsity"] == pytest.approx(0.5)
    assert summary["terms_per_unit"] == pytest.approx(2.0)
    assert summary["empty_units"] == 0


def test_similarity_by_hand(fruit):
    sim = similarity(tfidf(fruit))
    assert sim.index.tolist() == ["a", "b", "c"] and sim.columns.tolist() == ["a", "b", "c"]
    ab = HAND["a"]["banana"] * HAND["b"]["banana"]
    bc = HAND["b"]["cherry"] * HAND["c"]["cherry"]
    expected = np.array([[1, ab, 0], [ab, 1, bc], [0, bc, 1]])
    np.testing.assert_allclose(sim.to_numpy(), expected, atol=1e-12)
    assert sim.loc["a", "b"] == pytest.approx(0.251329, abs=1e-6)
    with pytest.raises(ValueError, match="dense 3 x 3"):
        similarity(tfidf(fruit), max_units=2)


def test_cluster_tree_average_linkage_by_hand(fruit):
    sim = similarity(tfidf(fruit))
    tree = cluster_tree(sim)
    ab, bc = sim.loc["a", "b"], sim.loc["b", "c"]
    # b and c are closest; a joins at the mean of its distances to b and c (UPGMA)
    assert tree[["left_label", "right_label", "size"]].to_numpy().tolist() == [
        ["b", "c", 2],
        ["a", "cluster 3", 3],
    ]
    np.testing.assert_allclose(tree["distance"], [1 - bc, ((1 - ab) + (1 - 0.0)) / 2])
    single = cluster_tree(sim, method="single")
    assert single["distance"].iloc[1] == pytest.approx(1 - ab)
    with pytest.raises(ValueError, match="at least 2 units"):
        cluster_tree(sim.iloc[:1, :1])
    with pytest.raises(ValueError, match="method must be"):
        cluster_tree(sim, method="ward")


def test_unit_map_is_the_svd_projection(seeds):
    result = tfidf(seeds, unit="paragraph")
    coords = unit_map(result)
    svd = TruncatedSVD(n_components=2, random_state=0).fit(result.matrix)
    np.testing.assert_allclose(
        coords[["x", "y"]].to_numpy(), result.matrix @ svd.components_.T, atol=1e-10
    )
    assert list(coords.columns) == ["doc_id", "paragraph_id", "label", "x", "y"]
    # sigma^2 / ||X||_F^2; rows have unit l2 norm, so ||X||_F^2 = number of units
    assert coords.attrs["share_of_sum_of_squares"] == pytest.approx(
        list(svd.singular_values_**2 / len(result.units))
    )
    pd.testing.assert_frame_equal(coords, unit_map(result))


def test_class_tfidf_by_outlet_by_hand(write_files, tmp_path):
    from analysis.corpus import load_corpus

    folder = write_files(FRUIT)
    meta = tmp_path / "meta.csv"
    meta.write_text(
        "file,outlet,date\na.txt,X,2018-07-20\nb.txt,X,2019-01-02\nc.txt,Y,2019-05-05\n"
    )
    corpus = load_corpus(folder, metadata=meta)
    table = class_tfidf(corpus, "outlet", n=None)
    # X = a + b: apple 2, banana 2, cherry 1 (5 tokens); Y = c: cherry 2, durian 1 (3).
    # A = 8 / 2 = 4; f: apple 2, banana 2, cherry 3, durian 1.
    expected = [
        ["X", "apple", 2, 2 / 5 * math.log(1 + 4 / 2), 1],
        ["X", "banana", 2, 2 / 5 * math.log(1 + 4 / 2), 2],
        ["X", "cherry", 1, 1 / 5 * math.log(1 + 4 / 3), 3],
        ["Y", "cherry", 2, 2 / 3 * math.log(1 + 4 / 3), 1],
        ["Y", "durian", 1, 1 / 3 * math.log(1 + 4 / 1), 2],
    ]
    assert list(table.columns) == ["outlet", "term", "count", "weight", "rank"]
    assert table[["outlet", "term", "count", "rank"]].to_numpy().tolist() == [
        [r[0], r[1], r[2], r[4]] for r in expected
    ]
    np.testing.assert_allclose(table["weight"], [r[3] for r in expected], rtol=1e-12)
    assert class_tfidf(corpus, "outlet", n=1)["term"].tolist() == ["apple", "cherry"]
    years = class_tfidf(corpus, "year", n=1)
    assert years["year"].tolist() == ["2018", "2019"]  # group labels are text (resolve_by)
    assert years["term"].tolist() == ["apple", "cherry"]


def test_class_tfidf_by_doc_id_and_series(fruit):
    table = class_tfidf(fruit, "doc_id", n=None)
    # one class per document: A = 8 / 3; f: apple 2, banana 2, cherry 3, durian 1
    a = 8 / 3
    got = table.set_index(["doc_id", "term"])["weight"]
    assert got[("a", "apple")] == pytest.approx(2 / 3 * math.log(1 + a / 2))
    assert got[("c", "durian")] == pytest.approx(1 / 3 * math.log(1 + a / 1))
    by_series = class_tfidf(fruit, pd.Series(["p", "p", "q"], name="side"), n=None)
    assert by_series["side"].unique().tolist() == ["p", "q"]


def test_class_tfidf_errors(fruit):
    with pytest.raises(CorpusError, match="by='outlet': no such corpus column"):
        class_tfidf(fruit, "outlet")
    with pytest.raises(ValueError, match="Series of 2 values; the corpus has 3"):
        class_tfidf(fruit, pd.Series(["p", "q"]))
    with pytest.raises(ValueError, match="n must be a positive integer or None, not 0"):
        class_tfidf(fruit, "doc_id", n=0)


def test_class_tfidf_missing_values_form_their_own_class(fruit):
    # b has no side: it is the class "(missing)", listed last, never dropped
    table = class_tfidf(fruit, pd.Series(["p", None, "q"], name="side"), n=None)
    assert table["side"].unique().tolist() == ["p", "q", "(missing)"]
    # classes a | c | b, as the by-document table: A = 8 / 3 tokens per class
    a = 8 / 3
    got = table.set_index(["side", "term"])["weight"]
    assert got[("(missing)", "banana")] == pytest.approx(1 / 2 * math.log(1 + a / 2))
    assert got[("(missing)", "cherry")] == pytest.approx(1 / 2 * math.log(1 + a / 3))
    blank = class_tfidf(fruit, pd.Series(["p", " ", "q"], name="side"), n=None)
    pd.testing.assert_frame_equal(blank, table)


def test_class_tfidf_by_list_of_columns(write_files, tmp_path):
    from analysis.corpus import load_corpus

    folder = write_files(FRUIT)
    meta = tmp_path / "meta.csv"
    meta.write_text("file,outlet,bias\na.txt,X,left\nb.txt,X,right\nc.txt,Y,left\n")
    corpus = load_corpus(folder, metadata=meta)
    table = class_tfidf(corpus, ["outlet", "bias"], n=None)
    assert list(table.columns) == ["outlet/bias", "term", "count", "weight", "rank"]
    assert table["outlet/bias"].unique().tolist() == ["X / left", "X / right", "Y / left"]
    # one document per combination: the same numbers as one class per document
    by_doc = class_tfidf(corpus, "doc_id", n=None)
    np.testing.assert_allclose(table["weight"], by_doc["weight"], rtol=1e-12)
    assert table["term"].tolist() == by_doc["term"].tolist()
    assert table["count"].tolist() == by_doc["count"].tolist()


def test_tfidf_errors(fruit):
    with pytest.raises(ValueError, match="unit must be one of"):
        tfidf(fruit, unit="chapter")
    with pytest.raises(ValueError, match="ngram_range"):
        tfidf(fruit, ngram_range=(0, 1))
    with pytest.raises(ValueError, match="min_df=3.*no terms remain"):
        tfidf(fruit, min_df=3)
    with pytest.raises(ValueError, match="max_df corresponds to < documents than min_df"):
        tfidf(fruit, min_df=2, max_df=1)
    with pytest.raises(ValueError, match="empty vocabulary"):
        tfidf(fruit, kinds=["tags"])
    with pytest.raises(CorpusError, match="no paragraph units of kinds"):
        tfidf(fruit, unit="paragraph", kinds=["tags"])
    with pytest.raises(TypeError, match="TfidfResult"):
        top_terms(fruit)


def test_select_keeps_corpus_idf_and_rejects_unknown_ids(fruit):
    full = tfidf(fruit)
    part = select(full, ["c", "a"])
    assert part.units["doc_id"].tolist() == ["a", "c"]  # matrix order, not request order
    assert weights_of(part, "c") == pytest.approx(HAND["c"])
    np.testing.assert_array_equal(part.idf, full.idf)
    with pytest.raises(ValueError, match="unknown doc_id \\['zzz'\\]"):
        select(full, ["a", "zzz"])
    with pytest.raises(ValueError, match="empty"):
        select(full, [])


def test_most_similar_pairs(fruit):
    sim = similarity(tfidf(fruit))
    pairs = most_similar_pairs(sim, n=None)
    assert pairs[["unit_a", "unit_b"]].to_numpy().tolist() == [["b", "c"], ["a", "b"], ["a", "c"]]
    np.testing.assert_allclose(
        pairs["similarity"], [sim.loc["b", "c"], sim.loc["a", "b"], 0.0], atol=1e-12
    )
    assert len(most_similar_pairs(sim, n=1)) == 1
