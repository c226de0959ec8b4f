"""The Dask path gives the pandas results: a made corpus read as 3 partitions, and the seeds."""

from __future__ import annotations

import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest

from analysis.actors import find_mentions
from analysis.distributed import (
    DaskTokens,
    cooccurrence_dask,
    keyness_dask,
    mentions_dask,
    read_corpus_dask,
    read_folder_dask,
    sentences_dask,
    term_frequencies_dask,
    tfidf_dask,
    tokens_dask,
)
from analysis.errors import CorpusError, CorpusWarning
from analysis.frequencies import term_frequencies
from analysis.keyness import keyness
from analysis.network import cooccurrence
from analysis.tfidf import tfidf
from analysis.tokens import tokens
from analysis.units import sentences

DOCS = {
    "a1.txt": "Putin meets Erdoğan in Sochi\n\nVladimir Putin met Recep Tayyip Erdoğan on "
    "Monday. The talks on Syria lasted three hours.\n\nRussia and Turkey agreed on a ceasefire "
    "in Idlib. Putin said the deal would hold.\n",
    "a2.txt": "Assad visits Moscow\n\nBashar al-Assad flew to Moscow to meet Putin. The two "
    "leaders discussed the return of refugees to Syria.\n\nIran was not invited. Assad thanked "
    "Russia for its support.\n",
    "b1.txt": "Turkey warns of new offensive\n\nErdoğan said Turkey would act alone. The army "
    "moved troops to the border with Syria.\n\nThe offensive would target Kurdish fighters. "
    "Russia called for restraint.\n",
    "b2.txt": "Ceasefire holds in Idlib\n\nThe ceasefire agreed by Russia and Turkey held for "
    "a second week. Aid reached the city.\n\nRefugees began to return. The talks will resume "
    "in March.\n",
    "c1.txt": "Sanctions debated\n\nThe talks on sanctions against Iran stalled again. Iran "
    "said the sanctions were illegal.\n\nThe United States said it would not lift them.\n",
    "c2.txt": "Short note\n\nThe and of to in it.\n",
    "d1.txt": "Refugees return to Syria\n\nThousands of refugees returned to Syria from Turkey "
    "in 2019. Assad promised safety.\n\nAid groups doubted it. Putin praised the return.\n",
    "d2.txt": "Putin and Erdoğan speak again\n\nPutin and Erdoğan spoke by phone about Syria "
    "and Idlib. The ceasefire should hold, they said.\n",
}
METADATA = (
    "file,outlet,date\n"
    "a1.txt,left,2019-03-01\na2.txt,left,2019-04-02\nb1.txt,right,2020-01-05\n"
    "b2.txt,right,2020-02-01\nc1.txt,,2020-02-03\nc2.txt,center,2020-05-01\n"
    "d1.txt,center,2019-12-24\nd2.txt,left,\n"
)


@pytest.fixture
def made(write_files, tmp_path):
    """The made corpus: pandas (``load_corpus``) and Dask (3 partitions of 3, 3, 2 files)."""
    from analysis.corpus import load_corpus

    folder = write_files(DOCS)
    meta = tmp_path / "metadata.csv"
    meta.write_text(METADATA, encoding="utf-8")
    corpus = load_corpus(folder, metadata=meta)
    corpus["target"] = corpus["outlet"].eq("left").to_numpy()
    ddf = read_folder_dask(folder, metadata=meta, files_per_partition=3)
    ddf = ddf.assign(target=ddf["outlet"].eq("left").fillna(False).astype(bool))
    assert ddf.npartitions == 3
    return corpus, ddf


def _equal_tfidf(got, want) -> None:
    pd.testing.assert_frame_equal(got.units, want.units)
    assert got.vocabulary.tolist() == want.vocabulary.tolist()
    np.testing.assert_array_equal(got.idf, want.idf)
    assert got.params == want.params
    assert got.matrix.shape == want.matrix.shape
    assert ((got.matrix != 0) != (want.matrix != 0)).nnz == 0  # the same cells
    assert abs(got.matrix - want.matrix).max() < 1e-12  # sums in another order: last bits


# --- reading -----------------------------------------------------------------------------------


def test_read_folder_dask_reads_as_load_corpus(made):
    corpus, ddf = made
    got = ddf.compute().reset_index(drop=True)
    cols = ["doc_id", "text", "encoding", "repairs", "language", "outlet", "date"]
    pd.testing.assert_frame_equal(got[cols], corpus[cols], check_dtype=False)
    assert got["date"].dtype == "datetime64[us]"


def test_read_folder_dask_warns_about_metadata(write_files, tmp_path):
    folder = write_files({"x.txt": "One text here.", "y.txt": "Another text."})
    meta = tmp_path / "m.csv"
    meta.write_text("file,outlet\nx.txt,a\nz.txt,b\n", encoding="utf-8")
    with (
        pytest.warns(CorpusWarning, match="metadata rows matching no document, 1: z.txt"),
        pytest.warns(CorpusWarning, match="documents without a metadata row, 1: y.txt"),
    ):
        ddf = read_folder_dask(folder, metadata=meta, files_per_partition=1)
    assert ddf.npartitions == 2
    assert ddf.compute()["outlet"].tolist()[0] == "a"
    (folder / "x.md").write_text("Same id.", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"the same doc_id \['x'\]"):
        read_folder_dask(folder, pattern="*")
    with pytest.raises(FileNotFoundError, match="no such folder"):
        read_folder_dask(tmp_path / "nowhere")
    with pytest.raises(ValueError, match="files_per_partition must be >= 1, not 0"):
        read_folder_dask(folder, files_per_partition=0)


def test_dask_dates_take_one_order_for_the_column_and_links_stay_out(write_files, tmp_path):
    # one file per partition: 01/02 alone fits both orders, the column says day/month
    folder = write_files({f"{n}.txt": f"Text number {n} here." for n in "wxyz"})
    (folder / "link.txt").symlink_to(tmp_path / "m.csv")
    meta = tmp_path / "m.csv"
    meta.write_text("file,date\nw,01/02/2019\nx,13/02/2019\ny,05/03/2019\nz,07/04/2019\n")
    with pytest.warns(CorpusWarning, match="outside the folder; not followed"):
        ddf = read_folder_dask(folder, metadata=meta, files_per_partition=1)
    got = ddf.compute()
    assert got["doc_id"].tolist() == ["w", "x", "y", "z"]
    assert got["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2019-02-01",
        "2019-02-13",
        "2019-03-05",
        "2019-04-07",
    ]
    table = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "text": ["One text here.", "Other text."],
            "date": ["01/02/2019", "02/13/2019"],
        }
    )
    table.to_csv(tmp_path / "t.csv", index=False)
    dates = read_corpus_dask(tmp_path / "t.csv").compute()["date"]
    assert dates.dt.strftime("%Y-%m-%d").tolist() == ["2019-01-02", "2019-02-13"]


def test_read_corpus_dask_cleans_text(tmp_path):
    frame = pd.DataFrame({"id": ["1", "2", "3"], "body": ["A\r\nB.", "Syria\u00a0talks.", " "]})
    frame.to_parquet(tmp_path / "a.parquet")
    frame.to_csv(tmp_path / "a.csv", index=False)
    for name in ("a.parquet", "a.csv"):
        got = read_corpus_dask(tmp_path / name, text_column="body", id_column="id").compute()
        assert got["doc_id"].tolist() == ["1", "2"]  # the row without text is left out
        assert got["text"].tolist() == ["A\nB.", "Syria talks."]
        assert got["repairs"].tolist() == ["crlf", "nbsp"]
    with pytest.raises(CorpusError, match=r"no column\(s\) \['content'\]"):
        read_corpus_dask(tmp_path / "a.parquet", text_column="content", id_column="id")
    with pytest.raises(ValueError, match=r"a\.xlsx: cannot tell the format"):
        read_corpus_dask(tmp_path / "a.xlsx")


def test_sentences_on_dask_equal_pandas(seeds):
    got = sentences_dask(dd.from_pandas(seeds, npartitions=3)).compute()
    pd.testing.assert_frame_equal(got.reset_index(drop=True), sentences(seeds))


# --- tokens ------------------------------------------------------------------------------------


def test_tokens_dask_persist(seeds):
    toks = tokens_dask(dd.from_pandas(seeds, npartitions=2)).persist()
    assert isinstance(toks, DaskTokens) and len(toks.parts) == 2
    first, second = (p.compute() for p in toks.parts)
    whole = tokens(seeds)
    assert first.n_tokens + second.n_tokens == whole.n_tokens
    assert first.vocab[first.ids].tolist() == whole.vocab[whole.ids][: first.n_tokens].tolist()
    with pytest.raises(ValueError, match="asks for paragraphs the DaskTokens do not hold"):
        term_frequencies_dask(toks, kinds=None)


def test_pandas_functions_point_to_the_dask_path(seeds):
    ddf = dd.from_pandas(seeds, npartitions=2)
    with pytest.raises(TypeError, match="term_frequencies_dask"):
        tokens(ddf)
    with pytest.raises(TypeError, match="_dask"):
        term_frequencies(ddf)
    with pytest.raises(TypeError, match="need a Dask corpus"):
        term_frequencies_dask(seeds)


# --- analyses ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("by", "options"),
    [
        (None, {}),
        ("outlet", {}),
        ("year", {"min_count": 2}),
        (["outlet", "year"], {"drop_stopwords": False}),
        ("doc_id", {"ngram": 2}),
    ],
)
def test_term_frequencies_dask_equals_pandas(made, by, options):
    corpus, ddf = made
    got = term_frequencies_dask(ddf, by=by, **options)
    pd.testing.assert_frame_equal(got, term_frequencies(corpus, by=by, **options))


def test_term_frequencies_dask_by_must_be_columns(made):
    with pytest.raises(TypeError, match="a Series cannot follow the partitions"):
        term_frequencies_dask(made[1], by=made[0]["outlet"])


def test_keyness_dask_equals_pandas(made):
    corpus, ddf = made
    mask = corpus["target"].to_numpy()
    pd.testing.assert_frame_equal(keyness_dask(ddf, "target"), keyness(corpus, mask))
    ids = ["b1", "d2"]
    got = keyness_dask(ddf, ids, measure="log_ratio", min_count=1, drop_stopwords=False)
    want = keyness(corpus, ids, measure="log_ratio", min_count=1, drop_stopwords=False)
    pd.testing.assert_frame_equal(got, want)


def test_keyness_dask_errors(made):
    _, ddf = made
    with pytest.raises(CorpusError, match=r"unknown doc_id \['zz'\]"):
        keyness_dask(ddf, ["a1", "zz"])
    with pytest.raises(ValueError, match="target selects every document"):
        keyness_dask(ddf, ["a1", "a2", "b1", "b2", "c1", "c2", "d1", "d2"])
    with pytest.raises(ValueError, match="measure must be one of"):
        keyness_dask(ddf, "a1", measure="chi2")


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"unit": "sentence"},
        {"unit": "paragraph", "min_df": 2, "max_df": 0.5},
        {"max_features": 20, "sublinear_tf": True},
        {"ngram_range": (1, 2), "drop_stopwords": False, "norm": "l1", "smooth_idf": False},
    ],
)
def test_tfidf_dask_equals_pandas(made, options):
    corpus, ddf = made
    _equal_tfidf(tfidf_dask(ddf, **options), tfidf(corpus, **options))


def test_tfidf_dask_errors(made):
    with pytest.raises(ValueError, match="After pruning, no terms remain"):
        tfidf_dask(made[1], min_df=0.99)


def test_mentions_and_cooccurrence_dask_equal_pandas(made):
    corpus, ddf = made
    mentions = find_mentions(corpus)
    got = mentions_dask(ddf)
    pd.testing.assert_frame_equal(got, mentions)
    assert len(got) > 10
    for unit in ("sentence", "document"):
        pd.testing.assert_frame_equal(
            cooccurrence_dask(ddf, unit=unit), cooccurrence(mentions, unit=unit)
        )
    pd.testing.assert_frame_equal(cooccurrence_dask(got), cooccurrence(mentions))


# --- schedulers --------------------------------------------------------------------------------


def test_local_cluster_and_scheduler_address(made):
    from distributed import Client, LocalCluster

    corpus, ddf = made
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=False,
            protocol="tcp",
            dashboard_address=None,
        ) as cluster,
        Client(cluster),
    ):
        toks = tokens_dask(ddf).persist()
        want = term_frequencies(corpus, by="outlet")
        pd.testing.assert_frame_equal(term_frequencies_dask(toks, by="outlet"), want)
        _equal_tfidf(tfidf_dask(toks, unit="sentence"), tfidf(corpus, unit="sentence"))
        assert cluster.scheduler_address.startswith("tcp://")
        with Client(cluster.scheduler_address):  # as for a scheduler started elsewhere
            pd.testing.assert_frame_equal(term_frequencies_dask(ddf, by="outlet"), want)
