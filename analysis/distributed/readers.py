"""Dask corpora from files (a folder of text files, Parquet/CSV tables); unit tables.

Each partition reads and cleans its files as ``load_corpus`` does
(``analysis.textio``), so a Dask corpus holds the same ``doc_id`` and
``text`` as the pandas corpus of the same files.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import dask.dataframe as dd
import numpy as np
import pandas as pd

from analysis.distributed.tokens import _check_frame
from analysis.errors import CorpusError
from analysis.segment import BODY
from analysis.textio import LEGACY_ENCODINGS, clean_text, read_text
from analysis.validation import check_int

_SAMPLE = pd.DataFrame({"doc_id": ["d"], "text": ["Title\n\nOne sentence."]})
_TABLE_READERS = {".csv": ",", ".tsv": "\t", ".parquet": None, ".pq": None}


def _parse_dates(part: pd.DataFrame) -> pd.DataFrame:
    """``date`` parsed as ``load_corpus`` does (unparsed values become NaT), in microseconds."""
    if "date" not in part.columns or pd.api.types.is_datetime64_any_dtype(part["date"]):
        return part
    raw = part["date"]
    given = raw.notna() & (raw.astype(str).str.strip() != "")
    parsed = pd.to_datetime(raw.where(given), errors="coerce", format="mixed")
    return part.assign(date=parsed.astype("datetime64[us]"))


def _clean_partition(part: pd.DataFrame) -> pd.DataFrame:
    """``load_corpus``'s table rules: rows without text dropped, text cleaned, dates parsed."""
    part = part[np.array([isinstance(t, str) and bool(t.strip()) for t in part["text"]], bool)]
    cleaned = [clean_text(t) for t in part["text"]]
    part = part.assign(
        doc_id=part["doc_id"].astype("str"),
        text=pd.Series([t for t, _ in cleaned], index=part.index, dtype=object),
        repairs=pd.Series([";".join(r) for _, r in cleaned], index=part.index, dtype="str"),
    )
    return _parse_dates(part)


def read_corpus_dask(
    path: str | Path, *, text_column: str = "text", id_column: str = "doc_id"
) -> dd.DataFrame:
    """Read Parquet, CSV or TSV files (a path, a glob or a Parquet folder) as a Dask corpus.

    One partition per file (Parquet may split large files). Columns: ``doc_id``,
    ``text``, ``repairs`` and every other column as metadata. As in
    ``load_corpus``: CSV cells are read as text (empty, not missing), rows
    without text are left out, texts are cleaned (``clean_text``) and a
    ``date`` column is parsed (values that are not dates become NaT).
    """
    text = str(path)
    suffix = Path(text.rstrip("/*")).suffix.lower() if not text.endswith("/") else ".parquet"
    if suffix not in _TABLE_READERS:
        raise ValueError(
            f"{text}: cannot tell the format from the suffix {suffix!r}; "
            f"read_corpus_dask reads {sorted(_TABLE_READERS)} (or a folder of Parquet files)"
        )
    sep = _TABLE_READERS[suffix]
    if sep is None:
        ddf = dd.read_parquet(text)
    else:
        ddf = dd.read_csv(text, sep=sep, dtype=str, keep_default_na=False, blocksize=None)
    missing = [c for c in (text_column, id_column) if c not in ddf.columns]
    if missing:
        raise CorpusError(f"{text}: no column(s) {missing}; columns are {list(ddf.columns)}")
    ddf = ddf.rename(columns={text_column: "text", id_column: "doc_id"})
    return ddf.map_partitions(_clean_partition, meta=_clean_partition(ddf._meta))


def _read_files(paths: list[Path], table: pd.DataFrame, encoding, encodings) -> pd.DataFrame:
    """One partition: the files read and cleaned as ``load_corpus`` does, with their metadata."""
    keep, rows = [], []
    for p in paths:
        try:
            text, used, repairs = read_text(p, encoding=encoding, candidates=encodings)
        except (CorpusError, OSError):
            text = ""
        keep.append(bool(text.strip()))
        if keep[-1]:
            rows.append(
                (p.name[: -len(p.suffix)] if p.suffix else p.name, str(p), text, used, repairs)
            )
    docs = pd.DataFrame(
        {
            "doc_id": pd.array([r[0] for r in rows], dtype="str"),
            "source_path": pd.array([r[1] for r in rows], dtype="str"),
            "text": pd.Series([r[2] for r in rows], dtype=object),
            "encoding": pd.array([r[3] for r in rows], dtype="str"),
            "repairs": pd.array([";".join(r[4]) for r in rows], dtype="str"),
        }
    )
    extra = table[np.asarray(keep, dtype=bool)].drop(columns="_file").reset_index(drop=True)
    return _parse_dates(pd.concat([docs, extra], axis=1))


def read_folder_dask(
    folder: str | Path,
    metadata: str | Path | None = None,
    *,
    files_per_partition: int = 1000,
    pattern: str = "*.txt",
    encoding: str | None = None,
    encodings: tuple[str, ...] = LEGACY_ENCODINGS,
) -> dd.DataFrame:
    """A folder of text files as a Dask corpus, ``files_per_partition`` files per partition.

    Rows are in ``doc_id`` order (the file name without its suffix) and every
    partition reads its files as ``load_corpus`` does (``read_text``: encoding
    detection and ``clean_text``): columns ``doc_id, source_path, text,
    encoding, repairs`` and the ``metadata`` CSV's columns (matched on its
    ``file`` column, ``date`` parsed). Metadata rows without a file and files
    without a row are warned about here (``CorpusWarning``); files that
    ``load_corpus`` would skip (empty, undecodable) are left out silently by the
    workers: run ``load_corpus`` on the folder once to see them reported.
    """
    from analysis.readers import _merge_metadata
    from analysis.report import _Report

    root = Path(folder).expanduser()
    if not root.is_dir():
        raise FileNotFoundError(f"{root}: no such folder")
    check_int("files_per_partition", files_per_partition, low=1)
    files = [p for p in root.iterdir() if p.is_file() and not p.name.startswith(".")]
    files = sorted((p for p in files if p.match(pattern)), key=lambda p: (p.stem, p.name))
    if not files:
        raise CorpusError(f"{root}: no files match {pattern!r}")
    stems = pd.Series([p.stem for p in files])
    if stems.duplicated().any():
        dup = sorted(set(stems[stems.duplicated()]))[:10]
        raise CorpusError(f"{root}: files give the same doc_id {dup} (names differ by suffix only)")
    table = pd.DataFrame({"_file": [p.name for p in files]})
    if metadata is not None:
        report = _Report()
        table = _merge_metadata(table, metadata, report)
        report.warn("unmatched_metadata", "metadata rows matching no document,")
        report.warn("missing_metadata", "documents without a metadata row,")
    k = files_per_partition
    starts = range(0, len(files), k)
    return dd.from_map(
        _read_files,
        [files[i : i + k] for i in starts],
        [table.iloc[i : i + k].reset_index(drop=True) for i in starts],
        meta=_read_files([], table.iloc[:0], encoding, encodings),
        encoding=encoding,
        encodings=encodings,
    )


def _map(ddf: dd.DataFrame, func, **kwargs) -> dd.DataFrame:
    _check_frame(ddf, "the unit tables")
    meta = func(_SAMPLE, **kwargs).iloc[:0]  # a real document gives the columns and dtypes
    return ddf[["doc_id", "text"]].map_partitions(func, meta=meta, **kwargs)


def paragraphs_dask(ddf: dd.DataFrame, *, kinds: Sequence[str] | None = None) -> dd.DataFrame:
    """``analysis.units.paragraphs`` per partition (a Dask DataFrame, e.g. for ``to_parquet``)."""
    from analysis.units import paragraphs

    return _map(ddf, paragraphs, kinds=kinds)


def sentences_dask(ddf: dd.DataFrame, *, kinds: Sequence[str] | None = BODY) -> dd.DataFrame:
    """``analysis.units.sentences`` per partition (a Dask DataFrame)."""
    from analysis.units import sentences

    return _map(ddf, sentences, kinds=kinds)
