"""The tokens layer: same tokens as the tokenizer, offsets, caches, selections, dfm, groups."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import CountVectorizer

from analysis.cache import cache_dir, clear_cache, set_cache_dir
from analysis.dfm import dfm
from analysis.errors import CorpusError
from analysis.groups import MISSING_GROUP, resolve_by
from analysis.layer import clear_memory_cache, corpus_digest
from analysis.tokenize import tokenize
from analysis.tokens import Tokens, as_tokens, tokens
from analysis.units import paragraphs, sentences

TRICKY = (
    "Putin’s talks in the U.S. ended\n\n"
    "MOSCOW (Reuters) - Erdoğan met al-Assad. "
    "The U.N. said 2,000 people fled in the 1990s! Few returned.\n"
    "“Where do the millions go?” she asked. Mr. Trump’s aides didn't reply… US troops stayed.\n"
    "Photo: AP\n"
)


@pytest.fixture
def tricky(make_corpus):
    return make_corpus(
        {"a.txt": TRICKY, "b.txt": "Headline\n\nSecond text. It has Gen. Smith in it.\n"}
    )


def _sentence_tokens(corpus, kinds, **options):
    return [t for text in sentences(corpus, kinds=kinds)["text"] for t in tokenize(text, **options)]


@pytest.mark.parametrize("kinds", [("body",), None, ("title", "caption")])
def test_tokens_equal_the_tokenizer_sentence_by_sentence(tricky, seeds, kinds):
    for corpus in (tricky, seeds):
        toks = tokens(corpus, kinds=kinds)
        assert list(toks.vocab[toks.ids]) == _sentence_tokens(corpus, kinds)
        assert toks.sentences["n_tokens"].sum() == toks.n_tokens


@pytest.mark.parametrize(
    "options",
    [
        {"drop_stopwords": True},
        {"keep_numbers": False},
        {"fold": True},
        {"fold": True, "drop_stopwords": True, "keep_numbers": False},
    ],
)
def test_prepare_equals_tokenizer_options(tricky, seeds, options):
    for corpus in (tricky, seeds):
        prepared = tokens(corpus).prepare(**options)
        assert list(prepared.vocab[prepared.ids]) == _sentence_tokens(corpus, ("body",), **options)


def test_offsets_point_at_each_token(tricky):
    toks = tokens(tricky, kinds=None)
    texts = tricky["text"].tolist()
    for doc, start, end, term in zip(
        toks.token_docs, toks.start, toks.end, toks.vocab[toks.ids], strict=True
    ):
        assert tokenize(texts[doc][start:end]) == [term]
    # a curly apostrophe is read as straight, and the possessive goes
    first = texts[0][toks.start[0] : toks.end[0]]
    assert (first, toks.vocab[toks.ids[0]]) == ("Putin’s", "putin")


def test_vocabulary_is_sorted_and_counts_hold(tricky):
    toks = tokens(tricky, kinds=None)
    assert list(toks.vocab) == sorted(toks.vocab)
    assert toks.doc_lengths().tolist() == tricky["n_tokens"].tolist()
    assert "u.s." in set(toks.vocab) and "us" not in set(toks.vocab)


def test_select_kinds_and_documents(tricky):
    everything = tokens(tricky, kinds=None)
    body = everything.select(kinds=["body"])
    assert list(body.vocab[body.ids]) == _sentence_tokens(tricky, ("body",))
    only_b = everything.select(docs=["b"])
    assert only_b.n_docs == 1 and list(only_b.doc_ids) == ["b"]
    assert set(only_b.sentences["doc"]) == {0}
    assert only_b.n_tokens == int(tricky.set_index("doc_id").loc["b", "n_tokens"])
    with pytest.raises(ValueError, match="does not hold"):
        body.select(kinds=["caption"])
    with pytest.raises(ValueError, match="unknown paragraph kinds"):
        everything.select(kinds=["footer"])


def test_as_tokens_narrows_a_tokens_object(tricky):
    everything = tokens(tricky, kinds=None)
    assert as_tokens(everything, kinds=None) is everything
    assert as_tokens(everything).kinds == ("body",)
    assert as_tokens(tricky).n_tokens == as_tokens(everything).n_tokens


def test_units_come_from_the_layer(tricky):
    pars = paragraphs(tricky)
    sents = sentences(tricky, kinds=None)
    texts = tricky.set_index("doc_id")["text"]
    for table in (pars, sents):
        assert all(
            texts[d][s:e] == t
            for d, s, e, t in zip(
                table["doc_id"], table["start"], table["end"], table["text"], strict=True
            )
        )
    assert pars.groupby("doc_id").size().tolist() == tricky["n_paragraphs"].tolist()
    assert sents.groupby("doc_id").size().tolist() == tricky["n_sentences"].tolist()
    kinds = pars[pars["doc_id"] == "a"]["kind"].tolist()
    assert kinds == ["title", "dateline", "body", "body", "caption"]


def test_memory_and_disk_caches(tricky, tmp_path):
    set_cache_dir(tmp_path / "c")
    try:
        clear_cache()
        first = tokens(tricky)
        key = corpus_digest(tricky)
        assert (tmp_path / "c" / "tokens" / key / "ids.npy").exists()
        clear_memory_cache()
        from_disk = tokens(tricky)
        assert np.array_equal(first.ids, from_disk.ids)
        assert list(first.vocab) == list(from_disk.vocab)
        pd.testing.assert_frame_equal(first.sentences, from_disk.sentences)
        # another text is another key
        other = tricky.assign(text=tricky["text"] + " More.")
        assert corpus_digest(other) != key
        assert tokens(other).n_tokens > first.n_tokens
        assert clear_cache() == 2
        assert not (tmp_path / "c" / "tokens" / key).exists()
        set_cache_dir(False)
        assert cache_dir() is None
        assert tokens(tricky).n_tokens == first.n_tokens
    finally:
        set_cache_dir(tmp_path / "rest")


def test_damaged_disk_entry_is_rebuilt(tricky, tmp_path):
    set_cache_dir(tmp_path / "c")
    try:
        clear_memory_cache()
        want = tokens(tricky).ids.copy()
        key = corpus_digest(tricky)
        (tmp_path / "c" / "tokens" / key / "ids.npy").write_bytes(b"not an array")
        clear_memory_cache()
        assert np.array_equal(tokens(tricky).ids, want)
    finally:
        set_cache_dir(tmp_path / "rest")


def test_bad_corpus_errors():
    with pytest.raises(TypeError, match="corpus must be a DataFrame"):
        tokens(["a text"])
    with pytest.raises(CorpusError, match="missing \\['text'\\]"):
        tokens(pd.DataFrame({"doc_id": ["a"]}))
    with pytest.raises(CorpusError, match="doc_id values must be strings"):
        tokens(pd.DataFrame({"doc_id": [1, 2], "text": ["a b", "c d"]}))
    with pytest.raises(CorpusError, match="not unique: \\['a'\\]"):
        tokens(pd.DataFrame({"doc_id": ["a", "a"], "text": ["x", "y"]}))


def test_dfm_equals_countvectorizer(seeds):
    toks = tokens(seeds)
    docs = toks.unit_texts("document")
    for options in ({}, {"drop_stopwords": True}):
        ours = dfm(toks, **options).compact()
        vec = CountVectorizer(analyzer=lambda t, o=options: tokenize(t, **o), dtype=np.int64).fit(
            docs
        )
        theirs = vec.transform(docs)
        assert list(ours.terms) == list(vec.get_feature_names_out())
        assert (ours.matrix != theirs).nnz == 0
    assert dfm(toks, drop_stopwords=True).sizes.tolist() == toks.doc_lengths().tolist()


def test_dfm_units_and_ngrams(tricky):
    toks = tokens(tricky)
    by_sentence = dfm(toks, "sentence")
    assert by_sentence.shape[0] == len(toks.sentences)
    assert by_sentence.matrix.sum() == toks.n_tokens
    by_paragraph = dfm(toks, "paragraph")
    assert by_paragraph.units["paragraph_id"].tolist() == [2, 3, 1]
    # "erdoğan met" is a bigram of a; "ended moscow" is not (title and body are apart)
    grams = dfm(toks, ngram=2).compact()
    assert "erdoğan met" in set(grams.terms)
    within_sentence = set(grams.terms)
    across = set(dfm(toks, ngram=2, within="unit").compact().terms)
    assert "al-assad the" in across - within_sentence
    both = dfm(toks, ngram=(1, 2)).compact()
    assert list(both.terms) == sorted(both.terms)
    with pytest.raises(ValueError, match="within must be one of"):
        dfm(toks, within="paragraph")
    with pytest.raises(TypeError, match="needs a Tokens object"):
        dfm(tricky)


def test_group_sums_rows_and_keeps_sizes(make_corpus, write_files, tmp_path):
    folder = write_files({"a.txt": "Aa bb.\n", "b.txt": "Bb cc cc.\n", "c.txt": "Cc.\n"})
    meta = tmp_path / "meta.csv"
    meta.write_text("file,outlet,date\na.txt,X,2019-05-01\nb.txt,Y,\nc.txt,X,2020-01-02\n")
    from analysis.corpus import load_corpus

    corpus = load_corpus(folder, metadata=meta)
    grouped = dfm(tokens(corpus)).group("outlet")
    assert grouped.units.to_dict("list") == {"outlet": ["X", "Y"], "n_docs": [2, 1]}
    table = pd.DataFrame(grouped.matrix.toarray(), columns=grouped.terms)
    assert table.to_dict("list") == {"aa": [1, 0], "bb": [1, 1], "cc": [1, 2]}
    assert grouped.sizes.tolist() == [3, 3]
    by_year = dfm(tokens(corpus)).group("year")
    assert by_year.units["year"].tolist() == ["2019", "2020", MISSING_GROUP]


def test_resolve_by_forms(make_corpus):
    frame = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d"],
            "outlet": ["Y", "X", None, "X"],
            "bias": ["left", "right", "left", " "],
            "date": pd.to_datetime(["2020-02-01", "2019-12-31", None, "2020-02-10"]),
        }
    )
    g = resolve_by(frame, "outlet")
    assert (g.name, list(g.labels), g.order) == (
        "outlet",
        ["Y", "X", MISSING_GROUP, "X"],
        ["X", "Y", MISSING_GROUP],
    )
    assert g.codes.tolist() == [1, 0, 2, 0]
    month = resolve_by(frame, "month")
    assert month.order == ["2019-12", "2020-02", MISSING_GROUP]
    both = resolve_by(frame, ["outlet", "bias"])
    assert both.name == "outlet/bias"
    assert list(both.labels) == ["Y / left", "X / right", MISSING_GROUP, MISSING_GROUP]
    assert both.order == ["X / right", "Y / left", MISSING_GROUP]
    series = resolve_by(frame, pd.Series([1, 2, 1, 2], name="half"))
    assert (series.name, series.order) == ("half", ["1", "2"])
    with pytest.raises(CorpusError, match="no such corpus column"):
        resolve_by(frame, "leaning")
    with pytest.raises(ValueError, match="Series of 3 values"):
        resolve_by(frame, pd.Series([1, 2, 3]))
    with pytest.raises(TypeError, match="by must be a column name"):
        resolve_by(frame, 3)
    with pytest.raises(ValueError, match="is not a group"):
        g.mask("Z")


def test_tokens_repr_and_token_lists(tricky):
    toks = tokens(tricky)
    assert isinstance(toks, Tokens)
    assert repr(toks).startswith("Tokens(documents=2, sentences=")
    lists = toks.token_lists("sentence")
    assert lists["tokens"].iloc[0] == tokenize(sentences(tricky)["text"].iloc[0])
    assert lists["n_tokens"].sum() == toks.n_tokens


def test_parallel_build_equals_serial(tricky, seeds, monkeypatch):
    import analysis.layer as layer

    monkeypatch.setattr(layer, "CHUNK_DOCS", 2)  # several chunks, so workers share the work
    for corpus in (tricky, seeds):
        serial = layer.build_layer(corpus, n_jobs=1)
        parallel = layer.build_layer(corpus, n_jobs=2)
        for name in ("vocab", "ids", "start", "end"):
            assert np.array_equal(getattr(serial, name), getattr(parallel, name)), name
        for name, values in serial.sentences.items():
            assert np.array_equal(values, parallel.sentences[name]), name
