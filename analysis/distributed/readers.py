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


def _with_dates(part: pd.DataFrame, dates: pd.Series | None) -> pd.DataFrame:
    """``date`` of each row from the column parsed once on the client (doc_id -> date)."""
    if dates is None or "date" not in part.columns:
        return part
    return part.assign(date=part["doc_id"].astype("str").map(dates).astype(dates.dtype))


def _with_language(part: pd.DataFrame) -> pd.DataFrame:
    """``language`` as ``load_corpus`` detects it (``analysis.language``)."""
    from analysis.language import detect_languages

    return part.assign(language=detect_languages(part["text"].tolist()).to_numpy().astype(str))


def _client_dates(frame: pd.DataFrame, where: str, dayfirst: bool | None) -> pd.Series | None:
    """The whole ``date`` column parsed at once, as ``load_corpus`` does (one day/month
    order for the column, Unix times, offsets), its findings warned; doc_id -> date."""
    from analysis.corpus import _parse_dates
    from analysis.report import _Report

    if "date" not in frame.columns:
        return None
    report = _Report()
    parsed = _parse_dates(frame.reset_index(drop=True), report, dayfirst)
    report.warn("date_format", f"{where}: dates read with a rule,")
    report.warn("unparsed_date", f"{where}: dates that are not dates (NaT),")
    parsed = parsed.drop_duplicates("doc_id")
    return pd.Series(parsed["date"].to_numpy(), index=pd.Index(parsed["doc_id"].astype("str")))


def _clean_partition(part: pd.DataFrame, dates: pd.Series | None = None) -> pd.DataFrame:
    """``load_corpus``'s table rules: rows without text dropped, text cleaned, dates parsed,
    language detected."""
    part = part[np.array([isinstance(t, str) and bool(t.strip()) for t in part["text"]], bool)]
    cleaned = [clean_text(t) for t in part["text"]]
    part = part.assign(
        doc_id=part["doc_id"].astype("str"),
        text=pd.Series([t for t, _ in cleaned], index=part.index, dtype=object),
        repairs=pd.Series([";".join(r) for _, r in cleaned], index=part.index, dtype="str"),
    )
    return _with_language(_with_dates(part, dates))


def read_corpus_dask(
    path: str | Path,
    *,
    text_column: str = "text",
    id_column: str = "doc_id",
    dayfirst: bool | None = None,
) -> dd.DataFrame:
    """Read Parquet, CSV or TSV files (a path, a glob or a Parquet folder) as a Dask corpus.

    One partition per file (Parquet may split large files). Columns: ``doc_id``,
    ``text``, ``repairs`` and every other column as metadata. As in
    ``load_corpus``: CSV cells are read as text (empty, not missing), rows
    without text are left out, texts are cleaned (``clean_text``), ``language``
    is detected, and a ``date`` column is parsed by ``load_corpus``'s rules
    (``dayfirst`` as there). The date column is read once on the client
    (``doc_id`` and ``date`` only) so that one day/month order holds for the whole
    column, not one per partition; its findings are warned (``CorpusWarning``).
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
    dates = None
    if "date" in ddf.columns:
        dates = _client_dates(ddf[["doc_id", "date"]].compute(), text, dayfirst)
    meta = _clean_partition(ddf._meta, dates)
    return ddf.map_partitions(_clean_partition, dates, meta=meta)


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
    return _with_language(pd.concat([docs, extra], axis=1))


def read_folder_dask(
    folder: str | Path,
    metadata: str | Path | None = None,
    *,
    files_per_partition: int = 1000,
    pattern: str = "*.txt",
    encoding: str | None = None,
    encodings: tuple[str, ...] = LEGACY_ENCODINGS,
    dayfirst: bool | None = None,
) -> dd.DataFrame:
    """A folder of text files as a Dask corpus, ``files_per_partition`` files per partition.

    Rows are in ``doc_id`` order (the file name without its suffix) and every
    partition reads its files as ``load_corpus`` does (``read_text``: encoding
    detection and ``clean_text``): columns ``doc_id, source_path, text,
    encoding, repairs, language`` and the ``metadata`` CSV's columns (matched
    on its ``file`` column). The folder is listed and the metadata read and
    dated on the client by ``load_corpus``'s rules (hidden files, sub-folders and
    symbolic links out of the folder are left out; ``date`` parsed with one
    day/month order for the column, ``dayfirst`` as there), and every finding,
    as well as metadata rows without a file and files without a row, is warned
    about here (``CorpusWarning``). Files that ``load_corpus`` would skip
    (empty, undecodable) are left out by the workers without a word: run
    ``load_corpus`` on the folder once to see them reported.
    """
    from analysis.corpus import _parse_dates
    from analysis.readers import _list_folder, _merge_metadata
    from analysis.report import _Report

    root = Path(folder).expanduser()
    if not root.is_dir():
        raise FileNotFoundError(f"{root}: no such folder")
    check_int("files_per_partition", files_per_partition, low=1)
    report = _Report()
    listed, _ = _list_folder(root, recursive=False, report=report)
    for action in ("skipped", "ignored"):
        report.warn(action, f"{root}: entries left out of the folder,")
    files = sorted((p for p in listed if p.match(pattern)), key=lambda p: (p.stem, p.name))
    if not files:
        raise CorpusError(f"{root}: no files match {pattern!r}")
    stems = pd.Series([p.stem for p in files])
    if stems.duplicated().any():
        dup = sorted(set(stems[stems.duplicated()]))[:10]
        raise CorpusError(f"{root}: files give the same doc_id {dup} (names differ by suffix only)")
    table = pd.DataFrame({"_file": [p.name for p in files]})
    if metadata is not None:
        table = _merge_metadata(table, metadata, report)
        report.warn("unmatched_metadata", "metadata rows matching no document,")
        report.warn("missing_metadata", "documents without a metadata row,")
        if "date" in table.columns:
            dated = _parse_dates(table.assign(doc_id=stems.to_numpy()), report, dayfirst)
            table = dated.drop(columns="doc_id")
            report.warn("date_format", f"{metadata}: dates read with a rule,")
            report.warn("unparsed_date", f"{metadata}: dates that are not dates (NaT),")
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
