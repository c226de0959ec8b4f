"""Overview tables on the seeds and on a tiny corpus."""

from __future__ import annotations

from analysis.overview import document_summary, kind_counts, sentence_length_stats, sentence_lengths


def test_kind_counts_on_seeds(seeds):
    table = kind_counts(seeds)
    assert table.loc["002_786a6af64ff516a4", "related_link"] == 6
    assert table.loc["000_f93db06ede101b32", "caption"] == 1
    # 001's "What happened in Syria?" is a question, so body (issue 9: no Title Case)
    assert table["body"].tolist() == [6, 15, 5, 10, 12]
    assert table.to_numpy().sum() == seeds["n_paragraphs"].sum()


def test_document_summary_on_a_tiny_corpus(make_corpus):
    corpus = make_corpus(
        {"a.txt": "Big headline here\n\nOne two three. Four five.\n\nTags: x; y\n"}
    )
    row = document_summary(corpus).iloc[0]
    # title 3 tokens, body 5, tags 3 ("tags", "x", "y")
    assert (row["n_tokens"], row["body_tokens"], row["body_sentences"]) == (11, 5, 2)
    assert row["body_share"] == round(5 / 11, 3)


def test_sentence_lengths(make_corpus):
    corpus = make_corpus({"a.txt": "One two three. Four five.", "b.txt": "Six."})
    lengths = sentence_lengths(corpus)
    assert lengths["n_tokens"].tolist() == [3, 2, 1]
    stats = sentence_length_stats(lengths)
    assert stats.to_dict("records")[0] == {
        "doc_id": "a",
        "sentences": 2,
        "mean": 2.5,
        "median": 2.5,
        "min": 2,
        "max": 3,
    }
