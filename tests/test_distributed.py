"""The Dask path gives the same rows as pandas."""

from __future__ import annotations

import dask
import dask.dataframe as dd
import pandas as pd
import pytest

from analysis.distributed import read_corpus_dask, sentences_dask, tokens_dask
from analysis.errors import CorpusError
from analysis.units import sentences, tokens


@pytest.fixture(autouse=True)
def _synchronous():
    with dask.config.set(scheduler="synchronous"):
        yield


def test_sentences_on_dask_equal_pandas(seeds):
    ddf = dd.from_pandas(seeds, npartitions=3)
    got = sentences_dask(ddf).compute().reset_index(drop=True)
    pd.testing.assert_frame_equal(got, sentences(seeds), check_dtype=False)


def test_tokens_on_dask_equal_pandas(seeds):
    ddf = dd.from_pandas(seeds, npartitions=2)
    got = tokens_dask(ddf, unit="document", drop_stopwords=True).compute()
    want = tokens(seeds, unit="document", drop_stopwords=True)
    assert got["tokens"].tolist() == want["tokens"].tolist()


def test_read_corpus_dask_cleans_text(tmp_path):
    path = tmp_path / "a.parquet"
    pd.DataFrame({"id": ["1", "2"], "body": ["A\r\nB.", "Syria\u00a0talks."]}).to_parquet(path)
    ddf = read_corpus_dask(str(path), text_column="body", id_column="id")
    got = ddf.compute()
    assert got["text"].tolist() == ["A\nB.", "Syria talks."]
    assert got["repairs"].tolist() == ["crlf", "nbsp"]
    with pytest.raises(CorpusError, match=r"no column\(s\) \['content'\]"):
        read_corpus_dask(str(path), text_column="content", id_column="id")
