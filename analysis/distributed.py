"""Run the per-document steps on a Dask DataFrame, beyond one machine's memory.

Paragraphs, sentences and tokens depend only on each document's own text, so
they map over partitions with no communication: the result equals the pandas
functions' output on the whole corpus. Counting across partitions belongs to
the analyses (sum the per-partition sparse counts).

Example
-------
>>> import dask.dataframe as dd
>>> ddf = read_corpus_dask("articles/*.parquet", text_column="body")  # doctest: +SKIP
>>> sentences_dask(ddf).to_parquet("sentences/")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence

import dask.dataframe as dd
import pandas as pd

from analysis.errors import CorpusError
from analysis.segment import BODY
from analysis.textio import clean_text
from analysis.units import paragraphs, sentences, tokens


def _clean_partition(part: pd.DataFrame) -> pd.DataFrame:
    cleaned = [clean_text(t) if isinstance(t, str) else ("", []) for t in part["text"]]
    return part.assign(
        text=[t for t, _ in cleaned],
        repairs=[";".join(r) for _, r in cleaned],
    )


def read_corpus_dask(
    path: str,
    *,
    text_column: str = "text",
    id_column: str = "doc_id",
) -> dd.DataFrame:
    """Read Parquet or CSV files (a path or glob) into a Dask corpus: doc_id, text, repairs, ...

    The same text hygiene as ``load_corpus`` (``clean_text``) runs per partition;
    other columns are kept as metadata. Rows with missing text get an empty text.
    """
    reader = dd.read_parquet if str(path).endswith((".parquet", ".pq", "/")) else dd.read_csv
    ddf = reader(path)
    missing = [c for c in (text_column, id_column) if c not in ddf.columns]
    if missing:
        raise CorpusError(f"{path}: no column(s) {missing}; columns are {list(ddf.columns)}")
    ddf = ddf.rename(columns={text_column: "text", id_column: "doc_id"})
    ddf = ddf.astype({"doc_id": str})
    meta = _clean_partition(ddf._meta)
    return ddf.map_partitions(_clean_partition, meta=meta)


def _map(ddf: dd.DataFrame, func, **kwargs) -> dd.DataFrame:
    missing = {"doc_id", "text"} - set(ddf.columns)
    if missing:
        raise CorpusError(
            f"expected a corpus with columns doc_id and text; missing {sorted(missing)}"
        )
    # Dask's own non-empty meta fills string columns with missing values; one real
    # document gives the output's columns and dtypes.
    sample = pd.DataFrame({"doc_id": ["d"], "text": ["Title\n\nOne sentence."]})
    meta = func(sample, **kwargs).iloc[:0]
    return ddf[["doc_id", "text"]].map_partitions(func, meta=meta, **kwargs)


def paragraphs_dask(ddf: dd.DataFrame, *, kinds: Sequence[str] | None = None) -> dd.DataFrame:
    """``analysis.units.paragraphs`` per partition."""
    return _map(ddf, paragraphs, kinds=kinds)


def sentences_dask(ddf: dd.DataFrame, *, kinds: Sequence[str] | None = BODY) -> dd.DataFrame:
    """``analysis.units.sentences`` per partition."""
    return _map(ddf, sentences, kinds=kinds)


def tokens_dask(
    ddf: dd.DataFrame,
    *,
    unit: str = "sentence",
    kinds: Sequence[str] | None = BODY,
    drop_stopwords: bool = False,
    keep_numbers: bool = True,
) -> dd.DataFrame:
    """``analysis.units.tokens`` per partition (one row per unit, a list of tokens)."""
    return _map(
        ddf,
        tokens,
        unit=unit,
        kinds=kinds,
        drop_stopwords=drop_stopwords,
        keep_numbers=keep_numbers,
    )
