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

from analysis.duplicates import near_duplicates as _near_duplicates
from analysis.errors import CorpusError
from analysis.language import UNDETERMINED, detect_languages
from analysis.layer import corpus_layer, release_heap
from analysis.paths import SEEDS_DIR
from analysis.readers import (
    BASE_COLUMNS,
    METADATA_FILE,
    TABLE_READERS,
    _merge_metadata,
    _read_folder_or_file,
    _read_table,
)
from analysis.report import _listing, _Report, load_report
from analysis.segment import KINDS
from analysis.textio import LEGACY_ENCODINGS
from analysis.validation import check_bool, check_real

__all__ = ["BASE_COLUMNS", "load_corpus", "load_report"]


_EPOCH_UNITS = (("s", 10), ("ms", 13), ("us", 16), ("ns", 19))  # unit, most integer digits
_EPOCH_NAMES = {"s": "seconds", "ms": "milliseconds", "us": "microseconds", "ns": "nanoseconds"}
# d/m/y or m/d/y with one separator; 8-digit numbers are left to pandas (YYYYMMDD)
_NUMERIC_DATE = r"^\s*(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?!\d)(.*)$"
_OFFSET = r"(Z|[+-]\d{2}:?\d{2}|UTC|GMT)\s*$"


def _date_text(value: object) -> str | None:
    """A date cell as text (numbers without ``.0``), None when missing or blank."""
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _epoch_dates(text: pd.Series, report: _Report) -> pd.Series:
    """Values that are integers of 9 to 19 digits, read as Unix time (UTC, naive).

    The unit is chosen per value by its number of digits (10 digits: seconds,
    13: milliseconds...), so dates land in 1973-2286 whatever the unit;
    ``pd.to_datetime`` would read milliseconds as nanoseconds (1970).
    """
    epoch = text.str.fullmatch(r"\d{9,19}(?:\.\d+)?", na=False)
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us]")
    if not epoch.any():
        return out
    digits = text[epoch].str.split(".").str[0].str.len()
    lower = 8
    for unit, most in _EPOCH_UNITS:
        part = digits.index[(digits > lower) & (digits <= most)]
        lower = most
        if not len(part):
            continue
        numbers = pd.to_numeric(text[part], errors="coerce")
        out[part] = pd.to_datetime(numbers, unit=unit, errors="coerce").astype("datetime64[us]")
        example = part[0]
        report.add(
            "date",
            "date_format",
            f"{len(part)} values are Unix times in {_EPOCH_NAMES[unit]} "
            f"({text[example]} -> {out[example]}); read as UTC",
        )
    return out


def _day_month_order(
    parts: pd.DataFrame, dayfirst: bool | None, report: _Report
) -> tuple[bool, str]:
    """Whether numeric dates of one column are day/month, decided once for the column.

    From the values only one order fits (13/02 is day/month, 02/13 is
    month/day). A column with both kinds is inconsistent: the majority order
    is used and the others become NaT (reported). A column where every value
    fits both is ambiguous: month/day, pandas' default, is used and reported.
    ``dayfirst`` given by the caller decides without looking.
    """
    a, b = parts[0].astype(int), parts[2].astype(int)
    only_dm, only_md = (a > 12) & (b <= 12), (b > 12) & (a <= 12)
    n_dm, n_md = int(only_dm.sum()), int(only_md.sum())
    if dayfirst is not None:
        return dayfirst, f"dayfirst={dayfirst}"
    if n_dm and n_md:
        order = n_dm >= n_md
        ex_dm, ex_md = parts.index[only_dm][0], parts.index[only_md][0]
        report.add(
            "date",
            "date_format",
            f"numeric dates are inconsistent: {n_dm} fit only day/month (e.g. "
            f"{parts.at[ex_dm, 'value']!r}), {n_md} only month/day (e.g. "
            f"{parts.at[ex_md, 'value']!r}); read as {'day/month' if order else 'month/day'} "
            "(the majority), the others are NaT; pass dayfirst= to choose",
        )
        return order, "the column's majority"
    if n_dm or n_md:
        return bool(n_dm), "the column's unambiguous values"
    report.add(
        "date",
        "date_format",
        f"all {len(parts)} numeric dates fit both day/month and month/day (e.g. "
        f"{parts['value'].iloc[0]!r}); read as month/day; pass dayfirst=True if they are "
        "day/month",
    )
    return False, "the default month/day"


def _parse_dates(docs: pd.DataFrame, report: _Report, dayfirst: bool | None = None) -> pd.DataFrame:
    """Parse the ``date`` column; every guess the column needed is reported.

    * Unix times (9 to 19 digits) by their number of digits (``_epoch_dates``).
    * Numeric day/month dates in one order for the whole column
      (``_day_month_order``), not value by value.
    * Other forms by ``pd.to_datetime(format="mixed")``. Values with
      different UTC offsets (or some with and some without one) are converted
      to UTC, reported; pandas refuses to mix them.
    """
    if "date" not in docs.columns or pd.api.types.is_datetime64_any_dtype(docs["date"]):
        return docs
    raw = docs["date"]
    text = pd.Series([_date_text(v) for v in raw.tolist()], index=docs.index, dtype=object)
    given = text.notna()
    epoch = _epoch_dates(text, report)
    is_epoch = epoch.notna()
    iso = text.where(given & ~is_epoch)
    parts = iso.str.extract(_NUMERIC_DATE).dropna(subset=[0])
    order_note = ""
    if len(parts):
        parts["value"] = iso[parts.index]
        dm, why = _day_month_order(parts, dayfirst, report)
        order_note = f"{'day/month' if dm else 'month/day'} ({why})"
        day, month = (parts[0], parts[2]) if dm else (parts[2], parts[0])
        year = parts[3].astype(int)
        # two-digit years as POSIX strptime's %y: 69-99 -> 19xx, 00-68 -> 20xx
        year = year.where(parts[3].str.len() == 4, year + np.where(year < 69, 2000, 1900))
        iso[parts.index] = (
            year.astype(str).str.zfill(4)
            + "-"
            + month.str.zfill(2)
            + "-"
            + day.str.zfill(2)
            + parts[4]
        )
    try:
        parsed = pd.to_datetime(iso, errors="coerce", format="mixed")
    except ValueError:  # mixed UTC offsets: pandas asks for utc=True
        parsed = pd.to_datetime(iso, errors="coerce", format="mixed", utc=True)
        offsets = iso.str.extract(_OFFSET)[0]
        listed = sorted(set(offsets.dropna()))
        naive = int((iso.notna() & offsets.isna()).sum())
        report.add(
            "date",
            "date_format",
            f"dates carry different UTC offsets ({_listing(listed)})"
            + (f" or none ({naive} values, taken as UTC)" if naive else "")
            + ": all converted to UTC",
        )
    parsed = parsed.dt.as_unit("us")
    tz = parsed.dt.tz
    if tz is not None:  # one offset throughout (kept) or UTC after conversion
        epoch = epoch.dt.tz_localize("UTC").dt.tz_convert(tz)
    parsed = parsed.where(~is_epoch, epoch)
    bad = given & parsed.isna()
    for i in docs.index[bad]:
        value = text[i]
        why = (
            f"does not fit the column's {order_note} order" if i in parts.index else "is not a date"
        )
        report.add(str(docs.at[i, "doc_id"]), "unparsed_date", f"date {value!r} {why}; set to NaT")
    return docs.assign(date=parsed)


def _mark_duplicates(
    docs: pd.DataFrame, report: _Report, near: float | None
) -> tuple[pd.Series, pd.Series]:
    """``duplicate_of`` and ``duplicate_similarity`` of every document (docs in doc_id order).

    Exact copies (same text once white space is folded) point to the first doc_id
    with that text, similarity 1.0; texts are compared by a BLAKE2 digest, one
    document at a time, so no second copy of the corpus is ever held. Then, unless
    ``near`` is None, near-duplicates among the others (``analysis.duplicates``:
    MinHash estimate of the Jaccard similarity of 5-word shingles >= ``near``) point
    to the first document of their group.
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
    similarity = pd.Series(np.where(dup.notna(), 1.0, np.nan), index=docs.index)
    for doc_id, original in zip(docs["doc_id"][dup.notna()], dup.dropna(), strict=True):
        report.add(str(doc_id), "duplicate", f"same text as {original}")
    if near is not None and len(docs) > 1:
        originals = docs[dup.isna()]
        found = _near_duplicates(originals, threshold=near).set_index("doc_id")
        at = docs["doc_id"].map(found["duplicate_of"])
        dup = dup.where(at.isna(), at)
        similarity = similarity.where(at.isna(), docs["doc_id"].map(found["similarity"]))
        for row in found.itertuples():
            report.add(
                str(row.Index),
                "duplicate",
                f"near-duplicate of {row.duplicate_of} (Jaccard ~{row.similarity:.2f} "
                "of 5-word shingles)",
            )
    return dup, similarity


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
    metadata: str | Path | bool | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    title_column: str | None = None,
    pattern: str = "*.txt",
    recursive: bool = False,
    encoding: str | None = None,
    encodings: tuple[str, ...] = LEGACY_ENCODINGS,
    drop_duplicates: bool = False,
    near_duplicates: float | None = 0.8,
    n_jobs: int | None = None,
    dayfirst: bool | None = None,
) -> pd.DataFrame:
    """Load documents into a DataFrame, one row per document, sorted by ``doc_id``.

    Parameters
    ----------
    source : str or Path, optional
        A folder of text files, one text file, or a table (``.csv``, ``.tsv``,
        ``.jsonl``/``.ndjson``, ``.parquet``) with one document per row.
        Defaults to the bundled seed corpus (``SEEDS_DIR``).
    metadata : str, Path or False, optional
        For folders: a CSV with a ``file`` column (file name, with or without
        its suffix) and any other columns (outlet, date, author...). It is
        decoded as the text files are (``encoding``/``encodings``). Two rows
        naming one file (``a`` and ``a.txt``) are an error naming their lines.
        By default a folder's own ``metadata.csv`` (``METADATA_FILE``) is
        used when there is one, as for the bundled seeds; ``False`` reads
        none.
    text_column, id_column, title_column : str, optional
        For tables: the columns holding text (default ``text``), a unique id
        (default ``doc_id`` or ``id``, else the row number) and the title
        (default ``title`` if present). Other columns become metadata.
    pattern : str, default ``"*.txt"``
        Which files of a folder are documents; others are reported as ignored.
        Files that would share a doc_id (``a.txt`` and ``a.md`` with
        ``pattern="*"``) keep their suffix in it (reported).
    recursive : bool, default False
        Also read sub-folders (``doc_id`` is then the relative path); without
        it, sub-folders are reported as ignored. Hidden files and folders are
        reported as ignored; symbolic links are not followed out of the
        folder nor into folders (reported), a link to a file inside the
        folder is read (reported).
    encoding : str, optional
        Force one encoding for every file instead of detecting it.
    encodings : tuple of str, default ``("cp1252", "latin_1")``
        Legacy encodings the detector may choose when a file is not UTF-8.
    drop_duplicates : bool, default False
        Drop documents whose text repeats an earlier one, exactly or nearly
        (always reported, and flagged in ``duplicate_of``).
    near_duplicates : float or None, default 0.8
        Least Jaccard similarity (MinHash estimate over 5-word shingles,
        ``analysis.duplicates``) at which a document counts as a near-duplicate
        of an earlier one (syndicated copies, updates of one story); None looks
        for exact copies only. Costs about 1.5 ms per document.
    n_jobs : int, optional
        Processes used to build the tokens layer (segmentation and tokens),
        which loading builds and caches for the analyses; by default one below
        5,000 documents, else the machine's cores.
    dayfirst : bool, optional
        Order of numeric dates such as ``01/02/2019`` in the ``date`` column.
        By default it is decided once for the column from the values only
        one order fits (``13/02/2019``); an ambiguous column is read
        month/day and an inconsistent one by its majority, both reported.

    Returns
    -------
    DataFrame
        ``doc_id, source_path, title, text, encoding, repairs, language,
        n_chars, n_paragraphs, n_sentences, n_tokens, duplicate_of,
        duplicate_similarity`` and
        every metadata column. ``doc_id`` is always a string (numeric ids of
        a table are converted, reported). ``title`` is the first paragraph
        when it reads as a headline (or the table's title column), else
        missing. ``repairs`` lists the clean-ups made
        (``bom;crlf;nfc;nbsp...``). ``language`` is the ISO 639-1 code
        detected from the first 1,000 characters (``analysis.language``;
        ``und`` below 40 letters); documents not in English are reported.
        Counts cover the whole text (all paragraph kinds). A user column
        named like one of these is kept as ``meta_<name>`` (reported). A
        ``date`` column is parsed to datetime (Unix times by their digits,
        one day/month order per column, mixed UTC offsets converted to UTC,
        each reported); values that are not dates become NaT and are
        reported.

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
    if metadata is not None and metadata is not False and not isinstance(metadata, str | Path):
        raise TypeError(
            f"metadata must be a path to a CSV, False or None, not {type(metadata).__name__}"
        )
    own = path / METADATA_FILE if path.is_dir() else None
    if metadata is None and own is not None and own.is_file():
        metadata = own
    if kind:
        if metadata not in (None, False):
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
            metadata=None if metadata in (None, False) else Path(metadata).expanduser(),
        )
        if metadata not in (None, False):
            docs = _merge_metadata(docs, metadata, report, encoding=encoding, encodings=encodings)
        docs = docs.drop(columns="_file")
    report.warn("skipped", f"{path.name}: skipped")
    report.warn("ignored", f"{path.name}: ignored files that are not documents,")
    report.warn("link", f"{path.name}: symbolic links read as documents,")
    report.warn("doc_id", "doc_ids made unique or converted to text,")
    report.warn("renamed_column", "columns named like the loader's own, renamed,")
    report.warn("unmatched_metadata", "metadata rows matching no document,")
    report.warn("missing_metadata", "documents without a metadata row,")
    if docs.empty:
        raise CorpusError(f"{path}: no readable document (see the warning for each file)")
    if dayfirst is not None:
        check_bool("dayfirst", dayfirst)
    docs = _parse_dates(docs, report, dayfirst)
    report.warn("date_format", "dates needed a decision,")
    report.warn("unparsed_date", "dates that could not be parsed (now NaT),")
    docs = docs.sort_values("doc_id", kind="stable", ignore_index=True)
    if near_duplicates is not None:
        near_duplicates = check_real("near_duplicates", near_duplicates, low=0.0, high=1.0)
    docs["duplicate_of"], docs["duplicate_similarity"] = _mark_duplicates(
        docs, report, near_duplicates
    )
    report.warn("duplicate", "duplicate documents (kept unless drop_duplicates=True),")
    if drop_duplicates:
        docs = docs[docs["duplicate_of"].isna()].reset_index(drop=True)
    docs["language"] = detect_languages(docs["text"].tolist()).to_numpy()
    other = ~docs["language"].isin(["en", UNDETERMINED])
    for doc_id, language in zip(docs["doc_id"][other], docs["language"][other], strict=True):
        report.add(doc_id, "language", f"detected {language}, not English")
    report.warn(
        "language",
        "documents not in English (the analyses' rules are English; see the language column),",
    )
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
