"""Readers behind ``load_corpus``: a folder of text files, one file, a table, a metadata CSV.

Each returns one row per document (``doc_id``, ``source_path``, ``text``,
``encoding``, ``repairs`` and metadata) and records in the ``_Report`` every
file or row it skipped, ignored or repaired.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from analysis.errors import CorpusError
from analysis.progress import progress
from analysis.report import _listing, _Report
from analysis.textio import clean_text, decode_bytes, read_text

BASE_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "source_path",
    "title",
    "text",
    "encoding",
    "repairs",
    "n_chars",
    "n_paragraphs",
    "n_sentences",
    "n_tokens",
    "duplicate_of",
)
TABLE_READERS: dict[str, str] = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}


def _read_folder_or_file(
    path: Path,
    *,
    pattern: str,
    recursive: bool,
    encoding: str | None,
    encodings: tuple[str, ...],
    report: _Report,
) -> pd.DataFrame:
    if path.is_dir():
        everything = sorted(
            p
            for p in (path.rglob("*") if recursive else path.iterdir())
            if p.is_file() and not p.name.startswith(".")
        )
        if not everything:
            raise CorpusError(f"{path}: the folder is empty; expected {pattern} files")
        files = sorted(p for p in everything if p.match(pattern))
        chosen = set(files)
        others = [p for p in everything if p not in chosen]
        if not files:
            raise CorpusError(
                f"{path}: no files match {pattern!r} (found {_listing(p.name for p in others)}); "
                "for a table pass the file itself, e.g. load_corpus('articles.csv')"
            )
        for p in others:
            report.add(p.relative_to(path).as_posix(), "ignored", f"does not match {pattern!r}")
        base = path
    else:
        files, base = [path], path.parent
    rows = []
    for p in progress(files, total=len(files), desc="reading", unit="file"):
        name = p.relative_to(base).as_posix()
        try:
            text, used, repairs = read_text(p, encoding=encoding, candidates=encodings)
        except CorpusError as exc:
            report.add(name, "skipped", str(exc).removeprefix(f"{p.name}: "))
            continue
        except OSError as exc:
            report.add(name, "skipped", f"cannot read: {exc.strerror or exc}")
            continue
        if not text.strip():
            report.add(
                name, "skipped", "empty file" if not p.stat().st_size else "only white space"
            )
            continue
        if used != "utf-8":
            report.add(name, "repaired", f"decoded as {used}")
        for r in repairs:
            report.add(name, "repaired", r)
        doc_id = name[: -len(p.suffix)] if p.suffix else name
        rows.append(
            {
                "doc_id": doc_id,
                "source_path": str(p),
                "text": text,
                "encoding": used,
                "repairs": ";".join(repairs),
                "_file": name,
            }
        )
    columns = ["doc_id", "source_path", "text", "encoding", "repairs", "_file"]
    frame = pd.DataFrame({c: [r[c] for r in rows] for c in columns if c != "text"})
    frame.insert(2, "text", _texts(r["text"] for r in rows))
    return frame


def _texts(values) -> pd.Series:
    """The text column as Python strings (object dtype).

    Arrow-backed strings (pandas' default) would be converted back to Python
    strings every time the text is read, a full copy of the corpus per pass.
    """
    return pd.Series(list(values), dtype=object)


def _read_table_file(path: Path, kind: str, encoding: str | None, encodings: tuple[str, ...]):
    """Read a CSV/TSV/JSONL/Parquet table; return (DataFrame, encoding used)."""
    try:
        if kind == "parquet":
            return pd.read_parquet(path), "utf-8"
        raw, used = decode_bytes(
            path.read_bytes(), name=path.name, encoding=encoding, candidates=encodings
        )
        if kind == "jsonl":
            return pd.read_json(io.StringIO(raw), lines=True, dtype=False), used
        sep = "\t" if kind == "tsv" else ","
        return pd.read_csv(io.StringIO(raw), sep=sep, dtype=str, keep_default_na=False), used
    except CorpusError:
        raise
    except Exception as exc:  # pandas/pyarrow raise many types; name the file and the cause
        raise CorpusError(f"{path.name}: cannot be read as {kind}: {exc}") from exc


def _read_table(
    path: Path,
    kind: str,
    *,
    text_column: str | None,
    id_column: str | None,
    title_column: str | None,
    encoding: str | None,
    encodings: tuple[str, ...],
    report: _Report,
) -> pd.DataFrame:
    table, used = _read_table_file(path, kind, encoding, encodings)
    columns = list(map(str, table.columns))
    text_column = text_column or ("text" if "text" in columns else None)
    if text_column is None or text_column not in columns:
        asked = f"no column {text_column!r}" if text_column else "no 'text' column"
        raise CorpusError(
            f"{path.name}: {asked}; columns are {columns}. Name the text with text_column=..."
        )
    if id_column is None:
        id_column = next((c for c in ("doc_id", "id") if c in columns), None)
    elif id_column not in columns:
        raise CorpusError(f"{path.name}: no id column {id_column!r}; columns are {columns}")
    if id_column is None:
        width = len(str(max(len(table) - 1, 0)))
        ids = pd.Series([f"{i:0{width}d}" for i in range(len(table))], index=table.index)
    else:
        ids = table[id_column]
        if ids.isna().any():
            rows = [str(i) for i in ids.index[ids.isna()]]
            raise CorpusError(f"{path.name}: empty ids in column {id_column!r} at rows {rows}")
        ids = ids.astype(str)
        dup = ids[ids.duplicated(keep=False)]
        if len(dup):
            raise CorpusError(
                f"{path.name}: ids in column {id_column!r} are not unique: "
                f"{_listing(sorted(set(dup)))}"
            )
    if title_column is None and "title" in columns and text_column != "title":
        title_column = "title"
    elif title_column is not None and title_column not in columns:
        raise CorpusError(f"{path.name}: no title column {title_column!r}; columns are {columns}")
    texts, encs, repairs_col, keep = [], [], [], []
    for idx, doc_id, value in zip(table.index, ids, table[text_column], strict=True):
        if not isinstance(value, str) or not value.strip():
            report.add(f"{path.name}#{doc_id}", "skipped", "empty or missing text")
            continue
        text, repairs = clean_text(value)
        for r in repairs:
            report.add(f"{path.name}#{doc_id}", "repaired", r)
        texts.append(text)
        encs.append(used)
        repairs_col.append(";".join(repairs))
        keep.append(idx)
    meta = table.loc[keep].drop(columns=[c for c in (text_column, id_column) if c])
    if title_column:
        meta = meta.rename(columns={title_column: "_title"})
    out = pd.DataFrame(
        {
            "doc_id": ids.loc[keep].to_numpy(),
            "source_path": str(path),
            "text": _texts(texts),
            "encoding": encs,
            "repairs": repairs_col,
        }
    )
    return pd.concat([out, meta.reset_index(drop=True)], axis=1)


def _merge_metadata(docs: pd.DataFrame, metadata: str | Path, report: _Report) -> pd.DataFrame:
    meta_path = Path(metadata).expanduser()
    if not meta_path.is_file():
        raise FileNotFoundError(f"{meta_path}: metadata file not found")
    try:
        meta = pd.read_csv(meta_path, dtype=str, keep_default_na=False)
    except Exception as exc:
        raise CorpusError(f"{meta_path.name}: cannot be read as CSV: {exc}") from exc
    if "file" not in meta.columns:
        raise CorpusError(
            f"{meta_path.name}: needs a 'file' column naming each .txt file; "
            f"columns are {list(meta.columns)}"
        )
    clash = sorted(set(meta.columns) & (set(BASE_COLUMNS) | {"_file"}))
    if clash:
        raise CorpusError(f"{meta_path.name}: columns {clash} clash with built-in corpus columns")
    dup = meta["file"][meta["file"].duplicated()]
    if len(dup):
        raise CorpusError(f"{meta_path.name}: files listed twice: {_listing(sorted(set(dup)))}")
    by_name = dict(zip(docs["_file"], docs["_file"], strict=True))
    by_name |= {f[: -len(Path(f).suffix)] if Path(f).suffix else f: f for f in docs["_file"]}
    meta["_file"] = meta["file"].map(by_name)
    for f in meta.loc[meta["_file"].isna(), "file"]:
        report.add(f, "unmatched_metadata", f"no such document in the corpus ({meta_path.name})")
    matched = set(meta["_file"].dropna())
    for f in docs["_file"]:
        if f not in matched:
            report.add(f, "missing_metadata", f"not listed in {meta_path.name}")
    return docs.merge(meta.dropna(subset=["_file"]).drop(columns="file"), on="_file", how="left")
