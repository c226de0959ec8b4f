"""Load a corpus (a folder of .txt files, one file, or a table) into a DataFrame.

One row per document, sorted by ``doc_id``. Nothing is lost silently: every
file or row skipped, every repair and every duplicate is listed in a
``CorpusWarning`` and in ``load_report(corpus)``.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import CorpusError, CorpusWarning
from analysis.paths import SEEDS_DIR
from analysis.segment import KINDS
from analysis.textio import LEGACY_ENCODINGS, clean_text, decode_bytes, read_text
from analysis.tokens import corpus_layer

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
_MAX_LISTED = 20


def _listing(items: Iterable[str]) -> str:
    items = list(items)
    shown = ", ".join(items[:_MAX_LISTED])
    more = len(items) - _MAX_LISTED
    return shown + (f" ... and {more} more" if more > 0 else "")


class _Report:
    """Collects skipped files, repairs and duplicates while a corpus loads."""

    def __init__(self) -> None:
        self.rows: list[dict[str, str]] = []

    def add(self, item: str, action: str, problem: str) -> None:
        self.rows.append({"item": item, "action": action, "problem": problem})

    def warn(self, action: str, intro: str) -> None:
        rows = [r for r in self.rows if r["action"] == action]
        if rows:
            listed = _listing(f"{r['item']} ({r['problem']})" for r in rows)
            warnings.warn(f"{intro} {len(rows)}: {listed}", CorpusWarning, stacklevel=3)


def load_report(corpus: pd.DataFrame) -> pd.DataFrame:
    """Everything ``load_corpus`` skipped, repaired or flagged: item, action, problem.

    ``action`` is one of ``skipped``, ``ignored``, ``repaired``, ``duplicate``,
    ``unmatched_metadata``, ``missing_metadata``, ``unparsed_date``.
    """
    rows = corpus.attrs.get("load_report", [])
    return pd.DataFrame(rows, columns=["item", "action", "problem"])


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
    for p in files:
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
    return pd.DataFrame(
        rows, columns=["doc_id", "source_path", "text", "encoding", "repairs", "_file"]
    )


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
            "text": texts,
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


def _parse_dates(docs: pd.DataFrame, report: _Report) -> pd.DataFrame:
    if "date" not in docs.columns or pd.api.types.is_datetime64_any_dtype(docs["date"]):
        return docs
    raw = docs["date"]
    given = raw.notna() & (raw.astype(str).str.strip() != "")
    parsed = pd.to_datetime(raw.where(given), errors="coerce", format="mixed")
    bad = given & parsed.isna()
    for doc_id, value in zip(docs["doc_id"][bad], raw[bad], strict=True):
        report.add(str(doc_id), "unparsed_date", f"date {value!r} is not a date; set to NaT")
    return docs.assign(date=parsed)


def _mark_duplicates(docs: pd.DataFrame, report: _Report) -> pd.Series:
    """``duplicate_of``: the first doc_id with the same text (white space folded).

    Texts are compared by a BLAKE2 digest of their folded form, one document
    at a time, so no second copy of the corpus is ever held.
    """
    key = pd.Series(
        [
            hashlib.blake2b(
                " ".join(t.split()).encode("utf-8", "surrogatepass"), digest_size=16
            ).digest()
            for t in docs["text"].tolist()
        ],
        index=docs.index,
    )
    first = docs.groupby(key, sort=False)["doc_id"].transform("first")
    dup = first.where(first != docs["doc_id"])
    for doc_id, original in zip(docs["doc_id"][dup.notna()], dup.dropna(), strict=True):
        report.add(str(doc_id), "duplicate", f"same text as {original}")
    return dup


def _layer_counts(docs: pd.DataFrame) -> dict[str, object]:
    """Counts and derived titles of every document, from its tokens layer (built and cached here).

    The layer is what every analysis reads, so building it while loading
    means the text is segmented and tokenized once per corpus.
    """
    if docs.empty:
        return {
            "n_chars": [],
            "n_paragraphs": [],
            "n_sentences": [],
            "n_tokens": [],
            "_derived_title": [],
        }
    _, layer = corpus_layer(docs)
    sents = layer.sentences
    n = len(docs)
    doc = sents["doc"].astype(np.int64)
    n_sentences = np.bincount(doc, minlength=n)
    n_tokens = np.bincount(doc, weights=sents["n_tokens"], minlength=n).astype(np.int64)
    n_paragraphs = np.zeros(n, dtype=np.int64)
    np.maximum.at(n_paragraphs, doc, sents["paragraph_id"].astype(np.int64) + 1)
    # the title is paragraph 0 when it was classified so: from its first to its last sentence
    is_title = (sents["paragraph_id"] == 0) & (sents["kind"] == KINDS.index("title"))
    spans = (
        pd.DataFrame(
            {"doc": doc[is_title], "start": sents["start"][is_title], "end": sents["end"][is_title]}
        )
        .groupby("doc")
        .agg(start=("start", "min"), end=("end", "max"))
    )
    texts = docs["text"]
    titles = pd.Series(None, index=docs.index, dtype=object)
    titles.iloc[spans.index] = [
        texts.iloc[d][a:b]
        for d, a, b in zip(spans.index, spans["start"], spans["end"], strict=True)
    ]
    return {
        "n_chars": docs["text"].str.len().astype("int64"),
        "n_paragraphs": n_paragraphs,
        "n_sentences": n_sentences.astype(np.int64),
        "n_tokens": n_tokens,
        "_derived_title": titles,
    }


def load_corpus(
    source: str | Path | None = None,
    *,
    metadata: str | Path | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    title_column: str | None = None,
    pattern: str = "*.txt",
    recursive: bool = False,
    encoding: str | None = None,
    encodings: tuple[str, ...] = LEGACY_ENCODINGS,
    drop_duplicates: bool = False,
) -> pd.DataFrame:
    """Load documents into a DataFrame, one row per document, sorted by ``doc_id``.

    Parameters
    ----------
    source : str or Path, optional
        A folder of text files, one text file, or a table (``.csv``, ``.tsv``,
        ``.jsonl``/``.ndjson``, ``.parquet``) with one document per row.
        Defaults to the bundled seed corpus (``SEEDS_DIR``).
    metadata : str or Path, optional
        For folders: a CSV with a ``file`` column (file name, with or without
        its suffix) and any other columns (outlet, date, author...).
    text_column, id_column, title_column : str, optional
        For tables: the columns holding text (default ``text``), a unique id
        (default ``doc_id`` or ``id``, else the row number) and the title
        (default ``title`` if present). Other columns become metadata.
    pattern : str, default ``"*.txt"``
        Which files of a folder are documents; others are reported as ignored.
    recursive : bool, default False
        Also read sub-folders (``doc_id`` is then the relative path).
    encoding : str, optional
        Force one encoding for every file instead of detecting it.
    encodings : tuple of str, default ``("cp1252", "latin_1")``
        Legacy encodings the detector may choose when a file is not UTF-8.
    drop_duplicates : bool, default False
        Drop documents whose text repeats an earlier one (always reported).

    Returns
    -------
    DataFrame
        ``doc_id, source_path, title, text, encoding, repairs, n_chars,
        n_paragraphs, n_sentences, n_tokens, duplicate_of`` and every
        metadata column. ``title`` is the first paragraph when it reads as a
        headline (or the table's title column), else missing. ``repairs``
        lists the clean-ups made (``bom;crlf;nfc;nbsp...``). Counts cover the
        whole text (all paragraph kinds). A ``date`` column is parsed to
        datetime; values that are not dates become NaT and are reported.

    Raises
    ------
    FileNotFoundError
        ``source`` or ``metadata`` does not exist.
    CorpusError
        Nothing readable, a table without its text column, duplicate ids...
    """
    path = SEEDS_DIR if source is None else Path(source).expanduser()
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or folder")
    report = _Report()
    kind = TABLE_READERS.get(path.suffix.lower()) if path.is_file() else None
    if kind:
        if metadata is not None:
            raise CorpusError(
                f"{path.name}: metadata= is for folders of text files; a table carries its "
                "metadata as columns"
            )
        docs = _read_table(
            path,
            kind,
            text_column=text_column,
            id_column=id_column,
            title_column=title_column,
            encoding=encoding,
            encodings=encodings,
            report=report,
        )
    else:
        docs = _read_folder_or_file(
            path,
            pattern=pattern,
            recursive=recursive,
            encoding=encoding,
            encodings=encodings,
            report=report,
        )
        if metadata is not None:
            docs = _merge_metadata(docs, metadata, report)
        docs = docs.drop(columns="_file")
    report.warn("skipped", f"{path.name}: skipped")
    report.warn("ignored", f"{path.name}: ignored files that are not documents,")
    report.warn("unmatched_metadata", "metadata rows matching no document,")
    report.warn("missing_metadata", "documents without a metadata row,")
    if docs.empty:
        raise CorpusError(f"{path}: no readable document (see the warning for each file)")
    docs = _parse_dates(docs, report)
    report.warn("unparsed_date", "dates that could not be parsed (now NaT),")
    docs = docs.sort_values("doc_id", kind="stable", ignore_index=True)
    docs["duplicate_of"] = _mark_duplicates(docs, report)
    report.warn("duplicate", "duplicate documents (kept unless drop_duplicates=True),")
    if drop_duplicates:
        docs = docs[docs["duplicate_of"].isna()].reset_index(drop=True)
    title = docs.pop("_title") if "_title" in docs.columns else None
    docs = docs.assign(**_layer_counts(docs))
    if title is None:
        title = docs.pop("_derived_title")
    else:
        docs = docs.drop(columns="_derived_title")
    docs.insert(2, "title", title.where(title.notna(), None))
    meta_cols = [c for c in docs.columns if c not in BASE_COLUMNS]
    docs = docs[list(BASE_COLUMNS) + meta_cols]
    docs.attrs["load_report"] = report.rows
    return docs
