"""Readers behind ``load_corpus``: a folder of text files, one file, a table, a metadata CSV.

Each returns one row per document (``doc_id``, ``source_path``, ``text``,
``encoding``, ``repairs`` and metadata) and records in the ``_Report`` every
file or row it skipped, ignored or repaired.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pandas as pd

from analysis.errors import CorpusError
from analysis.progress import progress
from analysis.report import _listing, _Report
from analysis.textio import LEGACY_ENCODINGS, clean_text, decode_bytes, read_text

BASE_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "source_path",
    "title",
    "text",
    "encoding",
    "repairs",
    "language",
    "n_chars",
    "n_paragraphs",
    "n_sentences",
    "n_tokens",
    "duplicate_of",
    "duplicate_similarity",
)
# columns the loader makes: a user's column of the same name is kept as ``meta_<name>``
RESERVED_COLUMNS: frozenset[str] = frozenset(BASE_COLUMNS) | {"_file", "_title", "_derived_title"}
TABLE_READERS: dict[str, str] = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}


def _list_folder(root: Path, *, recursive: bool, report: _Report) -> tuple[list[Path], int]:
    """Regular files under ``root`` (sorted) and how many entries were seen in all.

    Hidden files and folders, sub-folders (unless ``recursive``), folders that
    cannot be read, and anything that is not a regular file are reported.
    Symbolic links are never followed out of ``root`` (a link to
    ``/etc/passwd`` would otherwise load as a document) nor into folders; a
    link to a file inside ``root`` is read and reported.
    """
    real_root = root.resolve()
    found: list[Path] = []
    seen = 0
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            name = folder.relative_to(root).as_posix() + "/"
            report.add(name, "skipped", f"cannot read folder: {exc.strerror or exc}")
            continue
        for entry in entries:
            seen += 1
            p = Path(entry.path)
            name = p.relative_to(root).as_posix()
            is_dir = entry.is_dir(follow_symlinks=False)
            if entry.name.startswith("."):
                what = "hidden folder" if is_dir else "hidden file"
                report.add(name + ("/" if is_dir else ""), "ignored", what)
                continue
            if entry.is_symlink():
                target = p.resolve()
                if not target.exists():
                    report.add(name, "skipped", f"symbolic link to {target}, which does not exist")
                    continue
                if not target.is_relative_to(real_root):
                    why = f"symbolic link to {target}, outside the folder; not followed"
                    report.add(name, "skipped", why)
                    continue
                inside = target.relative_to(real_root).as_posix()
                if target.is_dir():
                    why = f"symbolic link to the folder {inside}; not followed"
                    report.add(name, "ignored", why)
                    continue
                report.add(name, "link", f"symbolic link to {inside}; read as a document")
                found.append(p)
                continue
            if is_dir:
                if recursive:
                    pending.append(p)
                else:
                    report.add(name + "/", "ignored", "sub-folder; pass recursive=True to read it")
                continue
            if not entry.is_file(follow_symlinks=False):
                report.add(name, "ignored", "not a regular file")
                continue
            found.append(p)
    return sorted(found), seen


def _unique_ids(rows: list[dict[str, str]], report: _Report) -> None:
    """Give files that share a name without suffix (``a.txt``, ``a.md``) their full name as id."""
    by_id: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_id.setdefault(row["doc_id"], []).append(row)
    for doc_id, group in by_id.items():
        if len(group) < 2:
            continue
        names = [r["_file"] for r in group]
        for row in group:
            row["doc_id"] = row["_file"]
            report.add(
                row["_file"],
                "doc_id",
                f"doc_id {doc_id!r} is shared by {_listing(names)}: the id keeps the suffix",
            )
    ids = [r["doc_id"] for r in rows]
    if len(set(ids)) < len(ids):
        dup = sorted({i for i in ids if ids.count(i) > 1})
        raise CorpusError(f"documents with the same doc_id after keeping suffixes: {_listing(dup)}")


METADATA_FILE = "metadata.csv"
"""A folder's own metadata table, used when ``load_corpus`` is given none."""


def _read_folder_or_file(
    path: Path,
    *,
    pattern: str,
    recursive: bool,
    encoding: str | None,
    encodings: tuple[str, ...],
    report: _Report,
    metadata: Path | None = None,
) -> pd.DataFrame:
    """Read a folder's documents (or one file); the metadata CSV in it is not reported."""
    if path.is_dir():
        everything, seen = _list_folder(path, recursive=recursive, report=report)
        if not seen:
            raise CorpusError(f"{path}: the folder is empty; expected {pattern} files")
        files = sorted(p for p in everything if p.match(pattern))
        chosen = set(files)
        others = [p for p in everything if p not in chosen]
        if not files:
            found = (
                _listing(p.name for p in others)
                if others
                else "no file but those the warning lists as ignored or skipped"
            )
            report.warn("ignored", f"{path.name}: ignored,")
            raise CorpusError(
                f"{path}: no files match {pattern!r} (found {found}); "
                "for a table pass the file itself, e.g. load_corpus('articles.csv')"
            )
        used = metadata.resolve() if metadata is not None else None
        for p in others:
            if used is not None and p.resolve() == used:
                continue  # the metadata CSV: read, not ignored
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
    _unique_ids(rows, report)
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


def _read_jsonl(raw: str, name: str) -> pd.DataFrame:
    """One JSON object per line; a line that is not one is an error naming it.

    Bad lines are errors, not skipped rows, as in CSV tables (pandas refuses a
    CSV row with too many fields and names its line): a broken line usually
    means a broken export, and guessing which rows survive would lose data.
    Blank lines are allowed.
    """
    records = []
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(
                f"{name}: line {number} is not valid JSON ({exc.msg} at column {exc.colno})"
            ) from None
        if not isinstance(record, dict):
            raise CorpusError(
                f"{name}: line {number} is a JSON {type(record).__name__}, not an object "
                '(one document per line: {"text": ..., ...})'
            )
        records.append(record)
    return pd.DataFrame.from_records(records)


def _read_table_file(path: Path, kind: str, encoding: str | None, encodings: tuple[str, ...]):
    """Read a CSV/TSV/JSONL/Parquet table; return (DataFrame, encoding used)."""
    try:
        if kind == "parquet":
            return pd.read_parquet(path), "utf-8"
        raw, used = decode_bytes(
            path.read_bytes(), name=path.name, encoding=encoding, candidates=encodings
        )
        if kind == "jsonl":
            return _read_jsonl(raw, path.name), used
        sep = "\t" if kind == "tsv" else ","
        return pd.read_csv(io.StringIO(raw), sep=sep, dtype=str, keep_default_na=False), used
    except CorpusError:
        raise
    except Exception as exc:  # pandas/pyarrow raise many types; name the file and the cause
        raise CorpusError(f"{path.name}: cannot be read as {kind}: {exc}") from exc


def _ids_as_text(ids: pd.Series, where: str, report: _Report) -> pd.Series:
    """doc_ids as Python strings; a conversion from numbers is reported.

    Integral floats (ids read as float because of a missing value elsewhere)
    become ``"3"``, not ``"3.0"``.
    """
    values = ids.tolist()
    kinds = sorted({type(v).__name__ for v in values if not isinstance(v, str)})
    if not kinds:
        return pd.Series(values, index=ids.index, dtype=object)
    text = [
        v
        if isinstance(v, str)
        else str(int(v))
        if isinstance(v, float) and v.is_integer()
        else str(v)
        for v in values
    ]
    first = next(i for i, v in enumerate(values) if not isinstance(v, str))
    report.add(
        where,
        "doc_id",
        f"ids are {'/'.join(kinds)}, not text: converted to text ({values[first]!r} -> "
        f"{text[first]!r})",
    )
    return pd.Series(text, index=ids.index, dtype=object)


def _renamed_columns(columns: list[str], where: str, report: _Report) -> dict[str, str]:
    """``{name: meta_name}`` for a user's columns named like the loader's own; reported."""
    renames = {c: f"meta_{c}" for c in columns if c in RESERVED_COLUMNS}
    taken = sorted(set(renames.values()) & set(columns))
    if taken:
        raise CorpusError(
            f"{where}: columns {sorted(renames)} are built-in corpus columns and would be "
            f"renamed to {taken}, which exist too; rename them"
        )
    for old, new in renames.items():
        report.add(
            f"{where}:{old}",
            "renamed_column",
            f"{old!r} is a built-in corpus column; the file's column is kept as {new!r}",
        )
    return renames


def _decode_cell(
    value: object, name: str, encoding: str | None, encodings: tuple[str, ...]
) -> tuple[str, str]:
    """A text cell as ``(text, encoding)``: bytes (Parquet binary columns) are decoded.

    Decoding is ``decode_bytes``'s, as for text files (``utf-8-sig`` when a
    UTF-8 byte-order mark was removed).

    Raises CorpusError for bytes that fit no encoding and for values that are
    not text at all.
    """
    if isinstance(value, str):
        return value, "utf-8"
    if isinstance(value, bytes | bytearray | memoryview):
        return decode_bytes(bytes(value), name=name, encoding=encoding, candidates=encodings)
    raise CorpusError(f"{name}: text is a {type(value).__name__} ({value!r}), not a string")


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
    table.columns = list(map(str, table.columns))
    columns = list(table.columns)
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
        ids = _ids_as_text(ids, f"{path.name}:{id_column}", report)
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
        item = f"{path.name}#{doc_id}"
        if value is None or (isinstance(value, float) and value != value):
            report.add(item, "skipped", "empty or missing text")
            continue
        try:
            value, cell_encoding = _decode_cell(value, item, encoding, encodings)
        except CorpusError as exc:
            report.add(item, "skipped", str(exc).removeprefix(f"{item}: "))
            continue
        if not value.strip():
            report.add(item, "skipped", "empty or missing text")
            continue
        text, repairs = clean_text(value)
        cell_used = used
        if kind == "parquet":  # a binary column is decoded cell by cell
            cell_used = "utf-8" if cell_encoding == "utf-8-sig" else cell_encoding
            if cell_encoding == "utf-8-sig":
                repairs.insert(0, "bom")
            elif cell_used != "utf-8":
                report.add(item, "repaired", f"decoded as {cell_used}")
        for r in repairs:
            report.add(item, "repaired", r)
        texts.append(text)
        encs.append(cell_used)
        repairs_col.append(";".join(repairs))
        keep.append(idx)
    meta = table.loc[keep].drop(columns=[c for c in (text_column, id_column) if c])
    if title_column:
        titles = []
        for doc_id, value in zip(ids.loc[keep], meta[title_column], strict=True):
            if isinstance(value, bytes | bytearray | memoryview):
                try:
                    value, _ = _decode_cell(value, f"{path.name}#{doc_id}", encoding, encodings)
                except CorpusError as exc:
                    report.add(f"{path.name}#{doc_id}", "repaired", f"title dropped: {exc}")
                    value = None
            titles.append(value)
        meta = meta.drop(columns=title_column)
    meta = meta.rename(columns=_renamed_columns(list(meta.columns), path.name, report))
    if title_column:
        meta["_title"] = pd.Series(titles, index=meta.index, dtype=object)
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


def _merge_metadata(
    docs: pd.DataFrame,
    metadata: str | Path,
    report: _Report,
    *,
    encoding: str | None = None,
    encodings: tuple[str, ...] = LEGACY_ENCODINGS,
) -> pd.DataFrame:
    """Join a metadata CSV to the documents on its ``file`` column.

    The CSV is decoded as the text files are (``decode_bytes``: UTF-8, else
    the detected legacy encoding, reported). A ``file`` value names a file
    with or without its suffix; two rows naming one document, or a name
    without suffix that fits several files, are errors naming the CSV lines.
    Columns named like the loader's own are kept as ``meta_<name>``.
    """
    meta_path = Path(metadata).expanduser()
    if not meta_path.is_file():
        raise FileNotFoundError(f"{meta_path}: metadata file not found")
    try:
        raw, used = decode_bytes(
            meta_path.read_bytes(), name=meta_path.name, encoding=encoding, candidates=encodings
        )
        meta = pd.read_csv(io.StringIO(raw), dtype=str, keep_default_na=False)
    except CorpusError:
        raise
    except Exception as exc:
        raise CorpusError(f"{meta_path.name}: cannot be read as CSV: {exc}") from exc
    if used not in ("utf-8", "utf-8-sig"):
        report.add(meta_path.name, "repaired", f"decoded as {used}")
    if "file" not in meta.columns:
        raise CorpusError(
            f"{meta_path.name}: needs a 'file' column naming each .txt file; "
            f"columns are {list(meta.columns)}"
        )
    line = pd.Series(meta.index + 2, index=meta.index)  # the header is line 1
    files = docs["_file"].tolist()
    stems = pd.Series([f[: -len(Path(f).suffix)] if Path(f).suffix else f for f in files])
    by_name = dict(zip(files, files, strict=True))
    shared = set(stems[stems.duplicated(keep=False)])
    for stem, f in zip(stems, files, strict=True):
        if stem not in by_name and stem not in shared:
            by_name[stem] = f
    ambiguous = meta["file"].isin(shared) & ~meta["file"].isin(set(by_name))
    if ambiguous.any():
        first = meta.index[ambiguous][0]
        name = meta.at[first, "file"]
        fits = sorted(f for f, s in zip(files, stems, strict=True) if s == name)
        raise CorpusError(
            f"{meta_path.name}: line {line[first]}: {name!r} fits several files "
            f"({_listing(fits)}); name the file with its suffix"
        )
    meta["_file"] = meta["file"].map(by_name)
    matched = meta.dropna(subset=["_file"])
    twice = matched[matched["_file"].duplicated(keep=False)]
    if len(twice):
        f = twice["_file"].iloc[0]
        rows = twice[twice["_file"] == f]
        listed = ", ".join(
            f"{line[i]} ({v!r})" for i, v in zip(rows.index, rows["file"], strict=True)
        )
        raise CorpusError(
            f"{meta_path.name}: lines {listed} all name the document {f}; keep one row per file"
        )
    unmatched = meta[meta["_file"].isna()]
    for i, f in zip(unmatched.index, unmatched["file"], strict=True):
        where = f"{meta_path.name}, line {line[i]}"
        report.add(f, "unmatched_metadata", f"no such document in the corpus ({where})")
    found = set(matched["_file"])
    for f in files:
        if f not in found:
            report.add(f, "missing_metadata", f"not listed in {meta_path.name}")
    matched = matched.drop(columns="file")
    user = [c for c in matched.columns if c != "_file"]
    matched = matched.rename(columns=_renamed_columns(user, meta_path.name, report))
    return docs.merge(matched, on="_file", how="left")
