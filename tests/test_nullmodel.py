"""The null model: hand-computed hypergeometric tails, an independent convolution with
scipy's hypergeometric distribution, Benjamini-Hochberg by hand, calibration on
independent synthetic actors, and a planted association."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import hypergeom

from analysis.actors import find_mentions
from analysis.network import NULL_COLUMNS, null_model
from analysis.tokens import tokens

PUTIN, TRUMP, ERDOGAN, ASSAD = (
    "Vladimir Putin",
    "Donald Trump",
    "Recep Tayyip Erdoğan",
    "Bashar al-Assad",
)


def _mentions(rows: list[tuple[str, int, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["doc_id", "sentence_id", "actor"])


def _row(table: pd.DataFrame, a: str, b: str) -> pd.Series:
    a, b = sorted((a, b))
    return table[(table["actor_a"] == a) & (table["actor_b"] == b)].iloc[0]


TWO_DOCS = _mentions(
    [("a", 0, "P"), ("a", 0, "T"), ("a", 1, "A"), ("a", 1, "E"), ("b", 0, "P"), ("b", 0, "T")]
)


def test_hand_computed_tails_with_units_that_mention_an_actor():
    # a: 2 units, P and T once each -> X_a ~ Bernoulli(1/2); b: 1 unit -> X_b = 1
    null = null_model(TWO_DOCS, all_pairs=True)
    assert tuple(null.columns) == NULL_COLUMNS
    pt = _row(null, "P", "T")
    assert (pt["count"], pt["expected"], pt["p_value"]) == (2, 1.5, 0.5)
    ae = _row(null, "A", "E")
    assert (ae["count"], ae["expected"], ae["p_value"]) == (1, 0.5, 0.5)
    pa = _row(null, "A", "P")
    assert (pa["count"], pa["expected"], pa["p_value"]) == (0, 0.5, 1.0)
    # 6 pairs share a document; p sorted 0.5, 0.5, 1, 1, 1, 1 -> every q is 1
    assert len(null) == 6 and (null["q_value"] == 1.0).all()
    observed = null_model(TWO_DOCS)
    assert len(observed) == 2
    pd.testing.assert_frame_equal(null[null["count"] > 0].reset_index(drop=True), observed)


def test_every_unit_of_the_document_counts_with_n_units():
    # a has 10 units, b 4: E = 1*1/10 + 1*1/4, P(X_a + X_b >= 2) = 1/10 * 1/4
    null = null_model(TWO_DOCS, n_units={"a": 10, "b": 4})
    pt = _row(null, "P", "T")
    assert pt["expected"] == pytest.approx(0.35)
    assert pt["p_value"] == pytest.approx(0.025)
    assert pt["ratio"] == pytest.approx(2 / 0.35)


def test_n_units_from_tokens_counts_the_sentences_of_each_document(make_corpus):
    corpus = make_corpus(
        {
            "a.txt": "Putin met Trump. Nothing else happened. The rain fell. Assad met Erdogan.\n",
            "b.txt": "Putin met Trump. It was cold.\n",
        }
    )
    toks = tokens(corpus)
    mentions = find_mentions(toks)
    null = null_model(mentions, n_units=toks)
    pt = _row(null, PUTIN, TRUMP)
    assert pt["expected"] == pytest.approx(1 / 4 + 1 / 2)
    assert pt["p_value"] == pytest.approx(1 / 4 * 1 / 2)
    pd.testing.assert_frame_equal(null, null_model(mentions, n_units=corpus))
    by_number = null_model(mentions, n_units=pd.Series({"a": 4, "b": 2}))
    pd.testing.assert_frame_equal(null, by_number)


def test_n_units_is_checked_against_the_mentions():
    with pytest.raises(ValueError, match="lack 1 document"):
        null_model(TWO_DOCS, n_units={"a": 10})
    with pytest.raises(ValueError, match="document a fewer sentences than the mentions"):
        null_model(TWO_DOCS, n_units={"a": 1, "b": 4})
    with pytest.raises(TypeError, match="n_units must be None, Tokens"):
        null_model(TWO_DOCS, n_units=[3, 4])


def _synthetic(seed: int, *, levels, n_docs: int = 300) -> tuple[pd.DataFrame, pd.Series]:
    """Actors placed independently: in a share of documents, in random sentences."""
    rng = np.random.default_rng(seed)
    rows, units = [], {}
    for d in range(n_docs):
        doc = f"d{d:04d}"
        units[doc] = u = int(rng.integers(15, 41))
        for name, n_actors, share, mean_units in levels:
            for a in range(n_actors):
                if rng.random() < share:
                    k = min(u, max(1, int(rng.poisson(mean_units))))
                    for s in rng.choice(u, k, replace=False):
                        rows.append((doc, int(s), f"{name}{a:02d}"))
    return _mentions(rows), pd.Series(units)


def _convolved_tail(groups: pd.DataFrame, count: int) -> float:
    """P(sum >= count) by convolving scipy's hypergeometric pmfs, document by document."""
    dist = np.array([1.0])
    for total, ka, kb in groups[["units", "ka", "kb"]].itertuples(index=False):
        dist = np.convolve(dist, hypergeom.pmf(np.arange(min(ka, kb) + 1), total, ka, kb))
    return float(dist[count:].sum())


def test_p_values_equal_an_independent_convolution():
    mentions, units = _synthetic(5, levels=(("r", 4, 0.3, 1), ("f", 4, 0.9, 6)), n_docs=60)
    null = null_model(mentions, n_units=units)
    k = mentions.groupby(["doc_id", "actor"]).size().rename("k").reset_index()
    for row in null.sample(12, random_state=0).itertuples():
        both = k[k["actor"] == row.actor_a].merge(
            k[k["actor"] == row.actor_b], on="doc_id", suffixes=("a", "b")
        )
        both["units"] = units[both["doc_id"]].to_numpy()
        assert row.expected == pytest.approx((both["ka"] * both["kb"] / both["units"]).sum())
        assert row.p_value == pytest.approx(_convolved_tail(both, row.count), rel=1e-9)


def test_q_values_are_benjamini_hochberg_over_pairs_sharing_a_document():
    mentions, units = _synthetic(6, levels=(("m", 8, 0.5, 2),), n_docs=80)
    everything = null_model(mentions, n_units=units, all_pairs=True)
    p = everything["p_value"].to_numpy()
    m = len(p)
    order = np.argsort(p, kind="stable")
    scaled = p[order] * m / np.arange(1, m + 1)
    q = np.empty(m)
    q[order] = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    np.testing.assert_allclose(everything["q_value"], q, rtol=1e-12)
    seen = null_model(mentions, n_units=units)
    pd.testing.assert_frame_equal(everything[everything["count"] > 0].reset_index(drop=True), seen)


LEVELS = (("rare", 25, 0.15, 1), ("mid", 25, 0.5, 2), ("freq", 25, 0.9, 5))


@pytest.mark.parametrize("conditional", [False, True])
def test_independent_actors_are_significant_for_about_five_percent_of_pairs(conditional):
    mentions, units = _synthetic(0, levels=LEVELS)
    null = null_model(mentions, n_units=None if conditional else units, all_pairs=True)
    level_a = null["actor_a"].str.rstrip("0123456789")
    same = level_a == null["actor_b"].str.rstrip("0123456789")
    share = (null["p_value"] <= 0.05)[same].groupby(level_a[same]).mean()
    assert set(share.index) == {"rare", "mid", "freq"}
    assert share.between(0.02, 0.08).all(), share.to_dict()
    assert (null["q_value"] <= 0.05).sum() == 0


def test_a_planted_association_is_found():
    mentions, units = _synthetic(1, levels=LEVELS)
    # in 30 documents, put mid00 into a sentence of rare00's
    rare = mentions[mentions["actor"] == "rare00"].drop_duplicates("doc_id").head(30)
    planted = pd.concat([mentions, rare.assign(actor="mid00")], ignore_index=True)
    planted = planted.drop_duplicates(ignore_index=True)
    null = null_model(planted, n_units=units)
    top = null.iloc[0]
    assert (top["actor_a"], top["actor_b"]) == ("mid00", "rare00")
    assert top["count"] >= 30 and top["q_value"] < 1e-6
    assert (null["q_value"] <= 0.05).sum() == 1
