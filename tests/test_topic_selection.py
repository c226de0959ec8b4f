"""choose_k's rule on planted topics and on the seeds; default candidates; unit samples."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.tfidf import tfidf
from analysis.topic_stability import (
    candidate_ks,
    choose_k,
    sample_units,
    topic_stability,
)
from analysis.topics import nmf_topics

# Six planted topics with disjoint vocabularies, nested in two broad themes that each
# share a vocabulary of their own (as news splits into, say, economy and war, then
# into stories): every document draws 6 words from its theme and 12 from its topic.
THEMES = (
    "market economy trade price budget tax bank export",
    "army troops soldier general battle border defence command",
)
TOPICS = (
    "apple banana cherry grape lemon mango peach plum",
    "oil gas coal fuel pipeline refinery barrel diesel",
    "wheat corn rice barley soybean cotton coffee sugar",
    "missile rocket tank rifle cannon bomb drone mortar",
    "navy ship submarine frigate harbour fleet sailor destroyer",
    "pilot jet airbase fighter bomber helicopter radar squadron",
)


def planted_docs(per_topic: int = 10, seed: int = 0) -> dict[str, str]:
    rng = np.random.default_rng(seed)
    docs = {}
    for t, topic in enumerate(TOPICS):
        theme = THEMES[t // 3].split()
        for i in range(per_topic):
            words = [*rng.choice(theme, 6), *rng.choice(topic.split(), 12)]
            rng.shuffle(words)
            docs[f"t{t}_{i:02d}.txt"] = " ".join(words).capitalize() + ".\n"
    return docs


@pytest.fixture
def planted(make_corpus):
    with pytest.warns(UserWarning):  # word lists are not English sentences
        return tfidf(make_corpus(planted_docs()))


def most_stable_k(table: pd.DataFrame) -> int:
    """The old rule (Greene et al. 2014): the highest stability, ties to the smaller k."""
    return int(table.loc[table["stability"] >= table["stability"].max() - 1e-9, "k"].min())


def test_choose_k_finds_six_planted_topics_where_the_most_stable_k_is_two(planted):
    assert planted.matrix.shape == (60, 64)
    table = choose_k(planted, restarts=10)
    assert table["k"].tolist() == [2, 3, 4, 5, 6, 7, 8, 9, 10, 12]  # 60 units: up to 12
    stability = table.set_index("k")["stability"]
    # the broad split and the six topics recur from every start; 3-5 and 7+ do not
    assert stability[2] == pytest.approx(1.0) and stability[6] == pytest.approx(1.0)
    assert stability.drop([2, 6]).max() < 0.9
    assert most_stable_k(table) == 2  # the old rule
    assert table.loc[table["chosen"], "k"].tolist() == [6]  # the rule: largest within 0.1
    assert table.loc[table["within_tolerance"], "k"].tolist() == [2, 6]
    assert table.attrs["rule"] == "largest k with stability within 0.1 of the best (1.000)"
    assert (table.attrs["n_units"], table.attrs["n_units_total"]) == (60, 60)
    # with no tolerance the largest of the equally most stable k is still 6
    exact = choose_k(planted, ks=[2, 6, 7], restarts=10, tolerance=0.0)
    assert exact.loc[exact["chosen"], "k"].tolist() == [6]
    # and the six topics are the planted ones
    topics = nmf_topics(planted, 6, n=5)
    found = sorted(sorted(g["term"]) for _, g in topics.terms.groupby("topic"))
    for terms in found:
        assert sum(set(terms) <= set(topic.split()) for topic in TOPICS) == 1


def test_choose_k_on_the_seeds(seeds):
    paragraphs = tfidf(seeds, unit="paragraph")
    table = choose_k(paragraphs)
    assert table["k"].tolist() == list(range(2, 10))  # 48 paragraphs: k up to 48 // 5
    stability = table.set_index("k")["stability"]
    assert stability[5] == pytest.approx(1.0)  # the old rule's pick
    assert most_stable_k(table) == 5
    assert 0.9 <= stability[7] < 1.0 and stability[8] < 0.9 and stability[9] < 0.9
    assert table.loc[table["chosen"], "k"].tolist() == [7]


def test_candidate_ks_scale_with_the_units():
    assert candidate_ks(5) == [2]
    assert candidate_ks(48) == list(range(2, 10))
    assert candidate_ks(60) == [*range(2, 11), 12]
    assert candidate_ks(65_727) == [*range(2, 11), 12, 15, 20]
    assert candidate_ks(65_727, max_k=30) == [*range(2, 11), 12, 15, 20, 25, 30]
    with pytest.raises(ValueError, match="max_k must be >= 2"):
        candidate_ks(100, max_k=1)


def test_sample_units_is_seeded_and_drops_terms_of_one_unit(seeds):
    paragraphs = tfidf(seeds, unit="paragraph")
    assert sample_units(paragraphs, 48) is paragraphs
    assert sample_units(paragraphs, None) is paragraphs
    sample = sample_units(paragraphs, 20, random_state=3)
    rows = np.sort(np.random.default_rng(3).choice(48, 20, replace=False))
    pd.testing.assert_frame_equal(sample.units, paragraphs.units.iloc[rows].reset_index(drop=True))
    sub = paragraphs.matrix[rows]
    keep = np.bincount(sub.indices, minlength=sub.shape[1]) >= 2
    assert sample.vocabulary.tolist() == paragraphs.vocabulary[keep].tolist()
    np.testing.assert_array_equal(sample.matrix.toarray(), sub[:, keep].toarray())
    np.testing.assert_array_equal(sample.idf, paragraphs.idf[keep])


def test_stability_and_choose_k_fit_the_same_sample(seeds):
    paragraphs = tfidf(seeds, unit="paragraph")
    table = topic_stability(paragraphs, 3, restarts=2, max_units=30, random_state=1)
    sample = sample_units(paragraphs, 30, random_state=1)
    reference = nmf_topics(sample, 3, random_state=1)
    assert table["label"].tolist() == [
        f"{t}: " + ", ".join(g.sort_values("rank")["term"].head(3))
        for t, g in reference.terms.groupby("topic")
    ]
    assert (table.attrs["n_units"], table.attrs["n_units_total"]) == (30, 48)
    ks = choose_k(paragraphs, ks=[3], restarts=2, max_units=30, random_state=1)
    assert ks["stability"].item() == pytest.approx(table["mean_jaccard"].mean())
    assert ks.attrs["n_units"] == 30


def test_choose_k_checks_its_parameters(planted):
    with pytest.raises(ValueError, match="tolerance must be between 0.0 and 1.0, not -0.1"):
        choose_k(planted, ks=[2], tolerance=-0.1)
    with pytest.raises(TypeError, match="tolerance must be a number"):
        choose_k(planted, ks=[2], tolerance="0.1")
    with pytest.raises(ValueError, match="max_units must be >= 2"):
        choose_k(planted, ks=[2], max_units=1)
    with pytest.raises(ValueError, match="larger than the number of units"):
        choose_k(planted, ks=[2, 61])
