"""NMF topics, their stability, k selection, and the topic figures."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from sklearn.decomposition import NMF

from analysis.class_tfidf import class_tfidf
from analysis.plots.topics import (
    plot_class_tfidf,
    plot_dendrogram,
    plot_document_topics,
    plot_k_selection,
    plot_similarity,
    plot_topic_terms,
    plot_unit_map,
)
from analysis.plotting import save_figure
from analysis.similarity import cluster_tree, similarity, unit_map
from analysis.tfidf import tfidf
from analysis.tokens import tokens
from analysis.topic_stability import choose_k, match_topics, topic_stability
from analysis.topics import (
    class_topics,
    document_topics,
    nmf_topics,
    topic_examples,
    topic_labels,
)

# Two themes with disjoint vocabularies: any sensible 2-topic model separates them.
FRUIT = ("apple", "banana", "cherry")
WEAPONS = ("missile", "rocket", "tank")
WATER = ("lake", "ocean", "river")


def block_docs(*blocks: tuple[str, ...]) -> dict[str, str]:
    docs = {}
    patterns = ((0, 1, 2, 0), (1, 2, 1, 0), (2, 0, 2, 1, 2))
    for b, words in enumerate(blocks):
        for d, pattern in enumerate(patterns):
            text = " ".join(words[i] for i in pattern)
            docs[f"{b}{d}.txt"] = text.capitalize() + ".\n"
    return docs


@pytest.fixture
def two_themes(make_corpus):
    return tfidf(make_corpus(block_docs(FRUIT, WEAPONS)))


@pytest.fixture
def seed_paragraphs(seeds):
    return tfidf(seeds, unit="paragraph")


def test_nmf_topics_identical_across_runs(seed_paragraphs):
    first = nmf_topics(seed_paragraphs, 4)
    second = nmf_topics(seed_paragraphs, 4)
    pd.testing.assert_frame_equal(first.terms, second.terms)
    pd.testing.assert_frame_equal(first.weights, second.weights)
    np.testing.assert_array_equal(first.components, second.components)


def test_nmf_topics_equals_direct_sklearn_fit_reordered(seed_paragraphs):
    topics = nmf_topics(seed_paragraphs, 3, n=5)
    model = NMF(n_components=3, init="nndsvda", random_state=0, max_iter=1000, tol=1e-4)
    w = model.fit_transform(seed_paragraphs.matrix)
    order = np.argsort(-w.sum(axis=0), kind="stable")  # topic 1 = largest total weight
    np.testing.assert_allclose(topics.components, model.components_[order], rtol=1e-12)
    got_w = topics.weights.pivot(index=["doc_id", "paragraph_id"], columns="topic", values="weight")
    np.testing.assert_allclose(got_w.to_numpy(), w[:, order], rtol=1e-12)
    first = model.components_[order[0]]
    best = np.lexsort((seed_paragraphs.vocabulary.astype(str), -first))[:5]
    terms = topics.terms[topics.terms["topic"] == 1]
    assert terms["term"].tolist() == list(seed_paragraphs.vocabulary[best])
    assert terms["rank"].tolist() == [1, 2, 3, 4, 5]
    assert list(topics.terms.columns) == ["topic", "term", "weight", "rank"]
    assert topics.params["reconstruction_error"] == pytest.approx(model.reconstruction_err_)
    assert topics.params["unit"] == "paragraph" and topics.params["k"] == 3


def test_two_themes_are_recovered_and_perfectly_stable(two_themes):
    topics = nmf_topics(two_themes, 2, n=3)
    sets = {t: set(g["term"]) for t, g in topics.terms.groupby("topic")}
    assert sorted(map(sorted, sets.values())) == [sorted(FRUIT), sorted(WEAPONS)]
    stability = topic_stability(two_themes, 2, restarts=5, n=3)
    assert list(stability.columns) == [
        "topic", "label", "mean_jaccard", "min_jaccard", "recurrence",
    ]  # fmt: skip
    assert stability["mean_jaccard"].tolist() == [1.0, 1.0]
    assert stability["min_jaccard"].tolist() == [1.0, 1.0]
    assert stability["recurrence"].tolist() == [1.0, 1.0]
    # each document loads on its own theme only
    shares = document_topics(topics).pivot(index="doc_id", columns="topic", values="weight")
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)
    fruit_topic = next(t for t, s in sets.items() if "apple" in s)
    assert (shares.loc[["00", "01", "02"], fruit_topic] > 0.99).all()
    assert (shares.loc[["10", "11", "12"], fruit_topic] < 0.01).all()


def test_choose_k_picks_the_number_of_disjoint_themes(make_corpus):
    result = tfidf(make_corpus(block_docs(FRUIT, WEAPONS, WATER)))
    table = choose_k(result, ks=[2, 3], restarts=6, n=3)
    assert list(table.columns) == [
        "k", "stability", "min_topic_stability", "reconstruction_error", "within_tolerance",
        "chosen",
    ]  # fmt: skip
    assert table["k"].tolist() == [2, 3]
    assert table.set_index("k").loc[3, "stability"] == pytest.approx(1.0)
    assert table.set_index("k").loc[2, "stability"] < 1.0
    assert table["chosen"].tolist() == [False, True]
    # only the stable k is within the default tolerance (0.1) of the best
    assert table["within_tolerance"].tolist() == (table["stability"] >= 0.9).tolist()
    # three topics reconstruct three disjoint themes better than two
    assert table["reconstruction_error"].iloc[1] < table["reconstruction_error"].iloc[0]


def test_match_topics_by_hand():
    ref = pd.DataFrame({"topic": [1] * 4 + [2] * 4, "term": list("abcd") + list("efgh")})
    other = pd.DataFrame(
        {"topic": [1] * 4 + [2] * 4 + [3], "term": list("efgx") + list("abcd") + ["y"]}
    )
    got = match_topics(ref, other)
    # J(ref 1, other 2) = 4/4; J(ref 2, other 1) = |efg| / |efghx| = 3/5
    assert got.to_numpy().tolist() == [[1, 2, 1.0], [2, 1, 0.6]]
    fewer = match_topics(ref, other[other["topic"] == 2])
    assert fewer.to_numpy().tolist() == [[1, 2, 1.0], [2, -1, 0.0]]


def test_match_topics_is_the_best_assignment():
    rng = np.random.default_rng(3)
    vocab = list("abcdefghij")
    ref = pd.DataFrame(
        [(t, w) for t in range(1, 5) for w in rng.choice(vocab, 4, replace=False)],
        columns=["topic", "term"],
    )
    other = pd.DataFrame(
        [(t, w) for t in range(1, 5) for w in rng.choice(vocab, 4, replace=False)],
        columns=["topic", "term"],
    )
    sets_a = [set(g["term"]) for _, g in ref.groupby("topic")]
    sets_b = [set(g["term"]) for _, g in other.groupby("topic")]

    def jaccard(x: set, y: set) -> float:
        return len(x & y) / len(x | y)

    brute = max(
        sum(jaccard(sets_a[i], sets_b[p]) for i, p in enumerate(perm))
        for perm in itertools.permutations(range(4))
    )
    assert match_topics(ref, other)["jaccard"].sum() == pytest.approx(brute)


def test_topic_examples_quote_the_heaviest_unit(seeds, seed_paragraphs):
    topics = nmf_topics(seed_paragraphs, 3)
    examples = topic_examples(topics, seeds, n=2)
    assert list(examples.columns) == [
        "topic", "rank", "doc_id", "paragraph_id", "label", "weight", "text",
    ]  # fmt: skip
    assert examples[["topic", "rank"]].to_numpy().tolist() == [
        [1, 1], [1, 2], [2, 1], [2, 2], [3, 1], [3, 2],
    ]  # fmt: skip
    weights = topics.weights
    texts = seeds.set_index("doc_id")["text"]
    for row in examples.itertuples():
        top = weights[weights["topic"] == row.topic].sort_values("weight", ascending=False)
        expected = top.iloc[row.rank - 1]
        assert (row.doc_id, row.paragraph_id) == (expected["doc_id"], expected["paragraph_id"])
        unit = topics.units[
            (topics.units["doc_id"] == row.doc_id)
            & (topics.units["paragraph_id"] == row.paragraph_id)
        ].iloc[0]
        assert row.text == texts[row.doc_id][unit["start"] : unit["end"]]
        assert row.label == f"{row.doc_id} p{row.paragraph_id}"


def test_document_topics_sums_unit_weights(seed_paragraphs):
    topics = nmf_topics(seed_paragraphs, 3)
    shares = document_topics(topics)
    raw = topics.weights.groupby(["doc_id", "topic"])["weight"].sum().unstack()
    expected = raw.div(raw.sum(axis=1), axis=0)
    got = shares.pivot(index="doc_id", columns="topic", values="weight")
    np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), rtol=1e-12)
    assert topic_labels(topics, n=2).index.tolist() == [1, 2, 3]


def test_topic_errors(two_themes):
    with pytest.raises(
        ValueError, match="k=7 is larger than the number of units \\(6 documents\\)"
    ):
        nmf_topics(two_themes, 7)
    with pytest.raises(ValueError, match="positive integer"):
        nmf_topics(two_themes, 0)
    with pytest.raises(ValueError, match="at least 2"):
        choose_k(two_themes, ks=[1, 2])
    with pytest.raises(ValueError, match="restarts must be >= 1, not 0"):
        topic_stability(two_themes, 2, restarts=0)
    with pytest.raises(ValueError, match="missing \\['term'\\]"):
        match_topics(pd.DataFrame({"topic": [1]}), pd.DataFrame({"topic": [1], "term": ["a"]}))


def test_plots_return_figures_and_save_byte_stable(seeds, seed_paragraphs, tmp_path):
    docs = tfidf(seeds)
    sim = similarity(docs)
    topics = nmf_topics(seed_paragraphs, 3)
    figures = {
        "similarity": plot_similarity(sim),
        "dendrogram": plot_dendrogram(cluster_tree(sim)),
        "map": plot_unit_map(unit_map(seed_paragraphs)),
        "terms": plot_topic_terms(topics.terms, n=5),
        "doc_topics": plot_document_topics(document_topics(topics), labels=topic_labels(topics)),
        "classes": plot_class_tfidf(class_tfidf(seeds, "doc_id", n=5), n=5),
        "k": plot_k_selection(choose_k(seed_paragraphs, ks=[2, 3], restarts=2)),
    }
    for fig in figures.values():
        assert isinstance(fig, Figure)
    assert len([a for a in figures["terms"].axes if a.get_visible()]) == 3
    heat = figures["similarity"].axes[0]
    assert len(heat.texts) == 25 and heat.texts[1].get_text() == f"{sim.iloc[0, 1]:.2f}"
    leaves = [t.get_text() for t in figures["dendrogram"].axes[0].get_yticklabels()]
    assert sorted(leaves) == sorted(sim.index)
    first = save_figure(figures["dendrogram"], "02_test", directory=tmp_path / "a", formats=["svg"])
    second = save_figure(
        figures["dendrogram"], "02_test", directory=tmp_path / "b", formats=["svg"]
    )
    assert first[0].read_bytes() == second[0].read_bytes()
    with pytest.raises(ValueError, match="color_by 'outlet'"):
        plot_unit_map(unit_map(seed_paragraphs), color_by="outlet")


def test_class_topics_mean_document_shares(make_corpus, write_files, tmp_path):
    from analysis.corpus import load_corpus

    folder = write_files(block_docs(FRUIT, WEAPONS))
    meta = tmp_path / "meta.csv"
    meta.write_text("file,outlet\n00.txt,X\n01.txt,X\n10.txt,X\n02.txt,Y\n11.txt,Y\n12.txt,Y\n")
    corpus = load_corpus(folder, metadata=meta)
    topics = nmf_topics(tfidf(corpus), 2, n=3)
    table = class_topics(topics, corpus, "outlet")
    assert list(table.columns) == ["outlet", "topic", "weight", "n_documents"]
    shares = document_topics(topics).set_index(["doc_id", "topic"])["weight"]
    for outlet, docs in {"X": ["00", "01", "10"], "Y": ["02", "11", "12"]}.items():
        for topic in (1, 2):
            got = table[(table["outlet"] == outlet) & (table["topic"] == topic)]
            assert got["weight"].item() == pytest.approx(
                np.mean([shares[(d, topic)] for d in docs])
            )
            assert got["n_documents"].item() == 3
    by_doc = class_topics(topics, corpus, "doc_id")
    np.testing.assert_allclose(by_doc["weight"], document_topics(topics)["weight"])


def test_solver_mu_equals_direct_sklearn_fit(seed_paragraphs):
    topics = nmf_topics(seed_paragraphs, 3, solver="mu", max_iter=300)
    model = NMF(n_components=3, init="nndsvda", solver="mu", random_state=0, max_iter=300)
    w = model.fit_transform(seed_paragraphs.matrix)
    order = np.argsort(-w.sum(axis=0), kind="stable")
    np.testing.assert_allclose(topics.components, model.components_[order], rtol=1e-12)
    assert topics.params["solver"] == "mu" and topics.params["method"] == "nmf"
    assert topics.params["n_iter"] == model.n_iter_
    assert topics.params["converged"] == (model.n_iter_ < 300)


def test_minibatch_returns_k_topics_deterministically(seed_paragraphs, two_themes):
    first = nmf_topics(seed_paragraphs, 4, method="minibatch", batch_size=16, random_state=3)
    second = nmf_topics(seed_paragraphs, 4, method="minibatch", batch_size=16, random_state=3)
    assert first.k == 4 and sorted(first.terms["topic"].unique()) == [1, 2, 3, 4]
    assert first.components.shape == (4, len(seed_paragraphs.vocabulary))
    pd.testing.assert_frame_equal(first.terms, second.terms)
    pd.testing.assert_frame_equal(first.weights, second.weights)
    assert first.params["method"] == "minibatch" and first.params["solver"] == "mu"
    assert isinstance(first.params["converged"], bool)
    # W is solved against the final H; the error is ||X - W H||_F, computed without densifying
    x = seed_paragraphs.matrix.toarray()
    w = first.weights.pivot(index=["doc_id", "paragraph_id"], columns="topic", values="weight")
    w = w.reindex(pd.MultiIndex.from_frame(seed_paragraphs.units[["doc_id", "paragraph_id"]]))
    direct = np.linalg.norm(x - w.to_numpy() @ first.components)
    assert first.params["reconstruction_error"] == pytest.approx(direct, rel=1e-9)
    # on two disjoint themes the mini-batch fit finds them too
    themes = nmf_topics(two_themes, 2, n=3, method="minibatch", batch_size=2)
    sets = sorted(sorted(g["term"]) for _, g in themes.terms.groupby("topic"))
    assert sets == [sorted(FRUIT), sorted(WEAPONS)]


def test_fit_options_are_checked(two_themes):
    with pytest.raises(ValueError, match="method must be one of \\['nmf', 'minibatch'\\]"):
        nmf_topics(two_themes, 2, method="online")
    with pytest.raises(ValueError, match="solver must be 'mu'"):
        nmf_topics(two_themes, 2, method="minibatch", solver="cd")
    with pytest.raises(TypeError, match="max_iter must be an integer"):
        nmf_topics(two_themes, 2, max_iter=1.5)
    with pytest.raises(ValueError, match="tol must be >= 0.0"):
        nmf_topics(two_themes, 2, tol=-1.0)
    with pytest.raises(TypeError, match="k must be a positive integer"):
        nmf_topics(two_themes, "2")
    capped = nmf_topics(two_themes, 2, init="random", max_iter=1, tol=1e-12)
    assert capped.params["n_iter"] == 1 and capped.params["converged"] is False


def test_stability_restarts_are_seeded_from_random_state(seed_paragraphs):
    from analysis.tfidf import term_order, top_rows

    table = topic_stability(seed_paragraphs, 3, restarts=2, n=5, random_state=7)
    reference = nmf_topics(seed_paragraphs, 3, n=5, random_state=7)
    assert table["label"].tolist() == topic_labels(reference).tolist()
    scores = []
    for seed in (7, 8):  # restart i is seeded with random_state + i
        model = NMF(n_components=3, init="random", random_state=seed, max_iter=200, tol=1e-4)
        model.fit(seed_paragraphs.matrix)  # topic order does not matter to the matching
        row, col, _, _ = top_rows(model.components_, 5, term_order(seed_paragraphs.vocabulary))
        other = pd.DataFrame({"topic": row + 1, "term": seed_paragraphs.vocabulary[col]})
        scores.append(match_topics(reference.terms, other)["jaccard"].to_numpy())
    np.testing.assert_allclose(table["mean_jaccard"], np.mean(scores, axis=0))
    assert 0 <= table.attrs["unconverged_fits"] <= 3  # reference + 2 restarts


def test_choose_k_takes_any_sequence_of_k(make_corpus):
    result = tfidf(make_corpus(block_docs(FRUIT, WEAPONS, WATER)))
    table = choose_k(result, ks=range(2, 6), restarts=2, n=3)
    assert table["k"].tolist() == [2, 3, 4, 5]
    assert table["chosen"].sum() == 1
    assert sorted(table.attrs["unconverged_fits"]) == [2, 3, 4, 5]
    np.testing.assert_array_equal(
        choose_k(result, ks=np.array([3, 2]), restarts=2, n=3)["k"], [2, 3]
    )
    with pytest.raises(TypeError, match="ks must be a sequence"):
        choose_k(result, ks=3)


def test_examples_and_classes_from_tokens_equal_from_corpus(seeds, seed_paragraphs):
    toks = tokens(seeds)
    topics = nmf_topics(tfidf(toks, unit="paragraph"), 3)
    reference = nmf_topics(seed_paragraphs, 3)
    pd.testing.assert_frame_equal(topics.terms, reference.terms)
    pd.testing.assert_frame_equal(
        topic_examples(topics, toks, n=2), topic_examples(topics, seeds, n=2)
    )
    pd.testing.assert_frame_equal(
        class_topics(topics, toks, "doc_id"), class_topics(topics, seeds, "doc_id")
    )


def test_document_examples_quote_the_kept_paragraphs(seeds):
    from analysis.units import units

    topics = nmf_topics(tfidf(seeds), 2)
    examples = topic_examples(topics, seeds, n=1)
    assert examples[["topic", "rank"]].to_numpy().tolist() == [[1, 1], [2, 1]]
    texts = units(seeds, "document").set_index("doc_id")["text"]
    for row in examples.itertuples():
        assert row.text == texts[row.doc_id] and row.label == row.doc_id


def test_class_topics_missing_values_and_lists(write_files, tmp_path):
    from analysis.corpus import load_corpus

    folder = write_files(block_docs(FRUIT, WEAPONS))
    meta = tmp_path / "meta.csv"
    meta.write_text(
        "file,outlet,bias\n00.txt,X,left\n01.txt,X,left\n10.txt,,left\n"
        "02.txt,Y,right\n11.txt,Y,right\n12.txt,Y,left\n"
    )
    corpus = load_corpus(folder, metadata=meta)
    topics = nmf_topics(tfidf(corpus), 2, n=3)
    shares = document_topics(topics).set_index(["doc_id", "topic"])["weight"]
    table = class_topics(topics, corpus, "outlet")
    assert table["outlet"].unique().tolist() == ["X", "Y", "(missing)"]
    missing = table[table["outlet"] == "(missing)"].set_index("topic")
    assert missing.loc[1, "weight"] == pytest.approx(shares[("10", 1)])
    assert missing["n_documents"].tolist() == [1, 1]
    pairs = class_topics(topics, corpus, ["outlet", "bias"])
    assert list(pairs.columns) == ["outlet/bias", "topic", "weight", "n_documents"]
    assert pairs["outlet/bias"].unique().tolist() == [
        "X / left",
        "Y / left",
        "Y / right",
        "(missing)",
    ]
    assert pairs.groupby("outlet/bias", sort=False)["n_documents"].first().tolist() == [2, 1, 2, 1]
