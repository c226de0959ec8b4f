"""compare_groups and edge_keyness against 2 x 2 tables written out by hand."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import chi2, power_divergence

from analysis.actors import find_mentions
from analysis.compare import GroupSizeWarning, compare_groups, edge_evidence, edge_keyness


def _g2(table: list[list[float]]) -> float:
    """Signed G2 of [[a, b], [C1 - a, C2 - b]] by scipy (sign: a / C1 against b / C2)."""
    observed = np.asarray(table, dtype=float)
    expected = observed.sum(axis=1, keepdims=True) * observed.sum(axis=0) / observed.sum()
    g2 = power_divergence(observed.ravel(), expected.ravel(), lambda_="log-likelihood").statistic
    (a, b), (c, d) = observed
    return g2 if a / (a + c) > b / (b + d) else -g2


@pytest.fixture
def outlets(make_corpus):
    corpus = make_corpus(
        {
            "a1.txt": "War came. Peace left.",
            "a2.txt": "War again.",
            "b1.txt": "Peace now.",
            "b2.txt": "Peace talks. War ended.",
        }
    )
    corpus["outlet"] = ["A", "A", "B", "B"]
    return corpus


def test_compare_groups_documents_table(outlets):
    table = compare_groups(outlets, "outlet", "A", counts="documents", min_count=1)
    war = table.set_index("term").loc["war"]
    # documents using "war": 2 of A's 2, 1 of B's 2 -> [[2, 1], [0, 1]]
    assert (war["target_count"], war["reference_count"]) == (2, 1)
    assert war["g2"] == pytest.approx(_g2([[2, 1], [0, 1]]))
    assert war["log_ratio"] == pytest.approx(np.log2((2 / 2) / (1 / 2)))
    assert war["p_value"] == pytest.approx(chi2.sf(_g2([[2, 1], [0, 1]]), 1))
    assert table.attrs["target_size"] == 2 and table.attrs["reference"] == "rest"
    assert table.attrs["min_count"] == 1


def test_compare_groups_tokens_table_and_q_values(outlets):
    table = compare_groups(outlets, "outlet", "A", reference="B", min_count=1)
    rows = table.set_index("term")
    # A has 6 tokens (war came peace left / war again), B 6 (peace now / peace talks war ended)
    assert rows.loc["war", "g2"] == pytest.approx(_g2([[2, 1], [4, 5]]))
    assert rows.loc["peace", "g2"] == pytest.approx(_g2([[1, 2], [5, 4]]))
    # Benjamini-Hochberg by hand: q_(i) = min over j >= i of p_(j) * m / j
    p = np.sort(table["p_value"].to_numpy())
    m = len(p)
    q = np.minimum.accumulate((p * m / np.arange(1, m + 1))[::-1])[::-1]
    assert np.sort(table["q_value"].to_numpy()) == pytest.approx(np.minimum(q, 1))


def test_compare_groups_errors_and_unequal_warning(outlets, make_corpus):
    with pytest.raises(ValueError, match=r"target='C': not a group of by='outlet'"):
        compare_groups(outlets, "outlet", "C")
    with pytest.raises(ValueError, match="target and reference share groups"):
        compare_groups(outlets, "outlet", "A", reference=["A", "B"])
    files = {f"d{chr(97 + i)}.txt": f"Word{chr(97 + i)} here." for i in range(12)}
    many = make_corpus(files, folder="many")
    many["outlet"] = ["small"] + ["big"] * 11
    with pytest.warns(GroupSizeWarning, match="differ 11-fold in documents"):
        compare_groups(many, "outlet", "small", counts="documents", min_count=1)


def test_edge_keyness_two_by_two(make_corpus):
    corpus = make_corpus(
        folder="edges",
        files={
            "a1.txt": "Putin met Trump. Putin spoke.",
            "a2.txt": "Trump left.",
            "b1.txt": "Putin met Trump. Trump spoke. Rain fell.",
            "b2.txt": "Snow fell.",
        },
    )
    corpus["outlet"] = ["A", "A", "B", "B"]
    mentions = find_mentions(corpus)
    table = edge_keyness(mentions, corpus, "outlet", "A")
    row = table.iloc[0]
    assert (row["actor_a"], row["actor_b"]) == ("Donald Trump", "Vladimir Putin")
    # shared sentences 1 of A's 3 and 1 of B's 4 -> [[1, 1], [2, 3]]
    assert (row["target_count"], row["reference_count"]) == (1, 1)
    assert (row["target_units"], row["reference_units"]) == (3, 4)
    assert row["g2"] == pytest.approx(_g2([[1, 1], [2, 3]]))
    assert row["log_ratio"] == pytest.approx(np.log2((1 / 3) / (1 / 4)))
    proof = edge_evidence(mentions, corpus, "outlet", "A", "Donald Trump", "Vladimir Putin")
    assert proof["side"].tolist() == ["target", "reference"]
    assert proof["marked"].tolist() == ["[Putin] met [Trump].", "[Putin] met [Trump]."]


def test_two_by_two_refuses_counts_above_their_side():
    from analysis.keyness import two_by_two

    with pytest.raises(ValueError, match="a count exceeds its side's size"):
        two_by_two(["x"], np.array([3]), np.array([1]), 2, 5)
    with pytest.raises(ValueError, match="the reference is empty"):
        two_by_two(["x"], np.array([1]), np.array([0]), 2, 0)


def test_framing_by_group_compares_the_same_actor_across_groups(make_corpus):
    from analysis.framing import framing_by_group

    corpus = make_corpus(
        folder="framing",
        files={
            "a1.txt": "Putin is brutal. Rain fell.",
            "a2.txt": "Putin was brutal again.",
            "b1.txt": "Putin is wise. Snow fell.",
        },
    )
    corpus["outlet"] = ["A", "A", "B"]
    mentions = find_mentions(corpus)
    table = framing_by_group(mentions, corpus, "Vladimir Putin", "outlet", min_count=1)
    a = table[table["outlet"] == "A"].set_index("term")
    # A's Putin sentences, Putin blanked: "is brutal", "was brutal again" (5 tokens);
    # B's: "is wise" (2 tokens); the rain and snow sentences are not counted
    assert (a.loc["brutal", "target_count"], a.loc["brutal", "reference_count"]) == (2, 0)
    assert a.loc["brutal", "g2"] == pytest.approx(_g2([[2, 0], [3, 2]]))
    assert "rain" not in a.index and "putin" not in a.index
    b = table[table["outlet"] == "B"].set_index("term")
    assert b.loc["wise", "g2"] == pytest.approx(_g2([[1, 0], [1, 5]]))


def test_naming_by_group_shares_and_g_test(make_corpus):
    from scipy.stats import chi2_contingency

    from analysis.framing import naming_by_group
    from analysis.groups import group_of

    corpus = make_corpus(
        folder="naming",
        files={
            "a1.txt": "Assad spoke. Bashar al-Assad left. Assad won.",
            "b1.txt": "Bashar al-Assad spoke. Bashar al-Assad left. Assad won.",
        },
    )
    corpus["outlet"] = ["A", "B"]
    mentions = find_mentions(corpus)
    table = naming_by_group(mentions, group_of(corpus, "outlet"), actors=["Bashar al-Assad"])
    rows = table.set_index(["group", "surface"])
    assert rows.loc[("A", "Assad"), "count"] == 2 and rows.loc[("B", "Assad"), "count"] == 1
    assert rows.loc[("A", "Assad"), "share"] == pytest.approx(2 / 3)
    g2, p, dof, _ = chi2_contingency([[2, 1], [1, 2]], correction=False, lambda_="log-likelihood")
    assert table["g2"].iloc[0] == pytest.approx(g2) and table["p_value"].iloc[0] == pytest.approx(p)
    assert table["dof"].iloc[0] == dof == 1


def test_group_similarity_is_the_cosine_of_mean_document_vectors(outlets):
    from sklearn.preprocessing import normalize

    from analysis.compare import group_similarity
    from analysis.tfidf import tfidf
    from analysis.tokens import tokens

    sim = group_similarity(outlets, "outlet")
    docs = tfidf(tokens(outlets), unit="document", drop_stopwords=True)
    rows = normalize(docs.matrix).toarray()
    centroid_a, centroid_b = rows[:2].mean(axis=0), rows[2:].mean(axis=0)
    cosine = centroid_a @ centroid_b / np.linalg.norm(centroid_a) / np.linalg.norm(centroid_b)
    assert list(sim.index) == ["A", "B"]
    assert sim.loc["A", "B"] == pytest.approx(cosine)
    assert sim.loc["A", "A"] == pytest.approx(1.0)


def test_comparison_figures_state_what_they_show(outlets, make_corpus):
    import pandas as pd

    from analysis.plots.compare import plot_over_time, plot_term_scatter
    from analysis.trends import over_time

    table = compare_groups(outlets, "outlet", "A", counts="documents", min_count=1)
    fig = plot_term_scatter(table, n_labels=2)
    title = fig.axes[0].get_title(loc="left")
    assert title.startswith(f"A against rest: {len(table)} terms")
    assert "the 2 most over-used on each side" in title
    dated = outlets.assign(date=pd.to_datetime(["2019-01-01", "2019-02-01"] * 2))
    trends = over_time(dated, terms=["war", "peace"], group="outlet", n_boot=10, confidence=0.9)
    fig = plot_over_time(trends)
    assert [ax.get_title(loc="left") for ax in fig.axes] == ["war", "peace"]
    assert fig.texts[0].get_text().startswith("Rate per period with a 90% bootstrap band")
    # explicit order: the first group named gets the first colour
    ordered = plot_over_time(trends, groups=["B", "A"]).axes[0]
    assert [t.get_text() for t in ordered.get_legend().get_texts()] == ["B", "A"]
    assert ordered.get_lines()[0].get_label() == "B"
    with pytest.raises(ValueError, match=r"groups \['Z'\] are not in the table"):
        plot_over_time(trends, groups=["Z"])
    with pytest.raises(ValueError, match="pass the output of compare_groups"):
        plot_term_scatter(trends)


def test_edge_keyness_figure_draws_the_pairs_that_pass(make_corpus):
    import pandas as pd
    from matplotlib.collections import LineCollection

    from analysis.plots.compare import plot_edge_keyness

    table = pd.DataFrame(
        {"actor_a": ["A", "A", "B"], "actor_b": ["B", "C", "C"], "g2": [9.0, -8.0, 0.5],
         "log_ratio": [2.0, -1.5, 0.1], "q_value": [0.001, 0.01, 0.6]}
    )  # fmt: skip
    table.attrs.update(target="left", reference="right", unit="sentence")
    fig = plot_edge_keyness(table, n=5)
    ax = fig.axes[0]
    assert "the 2 of 2 pairs with q < 0.05" in ax.get_title(loc="left")
    assert sorted(t.get_text() for t in ax.texts) == ["A", "B", "C"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["more in left", "more in right"]
    solid = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert solid and all(dashes is None for c in solid for _, dashes in c.get_linestyle())
    # nothing significant: the largest differences, dashed, and the title says so
    weak = table.assign(q_value=[0.2, 0.3, 0.9])
    weak.attrs.update(table.attrs)
    ax = plot_edge_keyness(weak, n=2).axes[0]
    title = ax.get_title(loc="left")
    assert "no pair differs at q < 0.05; dashed: the 2 largest |G2| of 3" in title
    assert sorted(t.get_text() for t in ax.texts) == ["A", "B", "C"]  # A-B and A-C
    lines = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert lines and all(dashes is not None for c in lines for _, dashes in c.get_linestyle())


def test_framing_and_naming_figures(make_corpus):
    from analysis.framing import framing_by_group, naming_by_group
    from analysis.groups import group_of
    from analysis.plots.compare import plot_framing_by_group, plot_naming_by_group

    corpus = make_corpus(
        folder="figures",
        files={
            "a1.txt": "Putin is brutal. Assad spoke.",
            "b1.txt": "Putin is wise. Bashar al-Assad spoke.",
        },
    )
    corpus["outlet"] = ["A", "B"]
    mentions = find_mentions(corpus)
    framing = framing_by_group(mentions, corpus, "Vladimir Putin", "outlet", min_count=1)
    fig = plot_framing_by_group(framing)
    assert fig.texts[0].get_text().startswith("How each outlet describes Vladimir Putin")
    assert [ax.get_title(loc="left") for ax in fig.axes] == ["A", "B"]
    naming = naming_by_group(mentions, group_of(corpus, "outlet"))
    fig = plot_naming_by_group(naming, actor="Bashar al-Assad")
    assert fig.axes[0].get_title(loc="left").startswith("How each group names Bashar al-Assad\n")
