"""Load a corpus (a folder of .txt files, one file, or a table) into a DataFrame.

One row per document, sorted by ``doc_id``. Nothing is lost silently: every
file or row skipped, every repair and every duplicate is listed in a
``CorpusWarning`` and in ``load_report(corpus)``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import CorpusError
from analysis.layer import corpus_layer, release_heap
from analysis.paths import SEEDS_DIR
from analysis.readers import (
    BASE_COLUMNS,
    TABLE_READERS,
    _merge_metadata,
    _read_folder_or_file,
    _read_table,
)
from analysis.report import _Report, load_report
from analysis.segment import KINDS
from analysis.textio import LEGACY_ENCODINGS

__all__ = ["BASE_COLUMNS", "load_corpus", "load_report"]


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


def _layer_counts(docs: pd.DataFrame, n_jobs: int | None) -> dict[str, object]:
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
    _, layer = corpus_layer(docs, n_jobs=n_jobs)
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
    n_jobs: int | None = None,
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
    n_jobs : int, optional
        Processes used to build the tokens layer (segmentation and tokens),
        which loading builds and caches for the analyses; by default one below
        5,000 documents, else the machine's cores.

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
    release_heap(first=True)
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
    docs = docs.assign(**_layer_counts(docs, n_jobs))
    if title is None:
        title = docs.pop("_derived_title")
    else:
        docs = docs.drop(columns="_derived_title")
    docs.insert(2, "title", pd.array(title.where(title.notna(), None), dtype="str"))
    meta_cols = [c for c in docs.columns if c not in BASE_COLUMNS]
    docs = docs[list(BASE_COLUMNS) + meta_cols]
    docs.attrs["load_report"] = report.rows
    return docs
