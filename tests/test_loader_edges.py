"""load_corpus loses or bends nothing silently (issue 9, part 4): each edge on files built here."""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import analysis.readers
from analysis.corpus import load_corpus, load_report
from analysis.errors import CorpusError, CorpusWarning

TEXT = "Putin met Erdogan in Sochi. They spoke about the war in Syria and the refugees."


def report_rows(corpus: pd.DataFrame, action: str) -> list[tuple[str, str]]:
    report = load_report(corpus)
    rows = report[report["action"] == action]
    return list(zip(rows["item"], rows["problem"], strict=True))


def write_meta(folder: Path, content: str | bytes) -> Path:
    path = folder.parent / "meta.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- metadata ------------------------------------------------------------------------------------


def test_metadata_rows_a_and_a_txt_naming_one_file_is_an_error(write_files):
    folder = write_files({"a.txt": TEXT, "b.txt": TEXT + " More."})
    meta = write_meta(folder, "file,outlet\nb,RT\na,TASS\na.txt,Anadolu\n")
    with pytest.raises(
        CorpusError,
        match=r"meta\.csv: lines 3 \('a'\), 4 \('a\.txt'\) all name the document a\.txt",
    ):
        load_corpus(folder, metadata=meta)


def test_metadata_name_without_suffix_that_fits_two_files(write_files):
    folder = write_files({"a.txt": TEXT, "a.md": TEXT + " Notes."})
    meta = write_meta(folder, "file,outlet\na,TASS\n")
    with pytest.raises(
        CorpusError, match=r"meta\.csv: line 2: 'a' fits several files \(a\.md, a\.txt\)"
    ):
        load_corpus(folder, metadata=meta, pattern="*")


def test_cp1252_metadata_is_decoded_like_the_texts(write_files):
    folder = write_files({"a.txt": TEXT})
    meta = write_meta(folder, "file,outlet\na.txt,Le Monde \u2013 Caf\u00e9\n".encode("cp1252"))
    corpus = load_corpus(folder, metadata=meta)
    assert corpus.loc[0, "outlet"] == "Le Monde \u2013 Caf\u00e9"
    assert report_rows(corpus, "repaired") == [("meta.csv", "decoded as cp1252")]


def test_user_columns_named_like_the_loaders_are_kept_renamed(write_files, tmp_path):
    folder = write_files({"a.txt": TEXT})
    meta = write_meta(folder, "file,encoding,language\na.txt,latin-1,fr\n")
    with pytest.warns(CorpusWarning, match=r"renamed, 2: meta\.csv:encoding"):
        corpus = load_corpus(folder, metadata=meta)
    assert corpus.loc[0, "encoding"] == "utf-8"
    assert corpus.loc[0, "language"] == "en"
    assert (corpus.loc[0, "meta_encoding"], corpus.loc[0, "meta_language"]) == ("latin-1", "fr")
    assert report_rows(corpus, "renamed_column")[0] == (
        "meta.csv:encoding",
        "'encoding' is a built-in corpus column; the file's column is kept as 'meta_encoding'",
    )
    table = tmp_path / "t.csv"
    pd.DataFrame({"id": ["x"], "text": [TEXT], "n_chars": ["12"], "doc_id": ["old"]}).to_csv(
        table, index=False
    )
    corpus = load_corpus(table, id_column="id")
    assert list(corpus.columns[-2:]) == ["meta_n_chars", "meta_doc_id"]
    assert corpus.loc[0, "n_chars"] == len(TEXT)
    assert (corpus.loc[0, "meta_n_chars"], corpus.loc[0, "meta_doc_id"]) == ("12", "old")
    assert corpus.loc[0, "doc_id"] == "x"
    # the new name is taken too: no guess, an error
    pd.DataFrame({"text": [TEXT], "encoding": ["a"], "meta_encoding": ["b"]}).to_csv(
        table, index=False
    )
    with pytest.raises(CorpusError, match=r"t\.csv: columns \['encoding'\] are built-in"):
        load_corpus(table)


# --- dates ---------------------------------------------------------------------------------------


_folders = itertools.count()


def dated(write_files, dates: list[str], **kwargs) -> pd.DataFrame:
    """A corpus (in a folder of its own) whose metadata gives ``dates``, in order."""
    names = [f"d{i}.txt" for i in range(len(dates))]
    files = {n: f"{TEXT} Number {i}." for i, n in enumerate(names)}
    folder = write_files(files, folder=f"dated{next(_folders)}")
    lines = "".join(f'{n},"{d}"\n' for n, d in zip(names, dates, strict=True))
    return load_corpus(folder, metadata=write_meta(folder, "file,date\n" + lines), **kwargs)


def test_unix_times_are_read_by_their_digits(write_files, tmp_path):
    # 1546300800 s = 2019-01-01 00:00 UTC (calendar.timegm((2019, 1, 1, 0, 0, 0)))
    with pytest.warns(CorpusWarning, match="Unix times in milliseconds"):
        corpus = dated(write_files, ["1546300800000", "1546300800", "2019-01-02"])
    assert corpus["date"].tolist() == [
        pd.Timestamp("2019-01-01"),
        pd.Timestamp("2019-01-01"),
        pd.Timestamp("2019-01-02"),
    ]
    problems = [p for _, p in report_rows(corpus, "date_format")]
    assert problems == [
        "1 values are Unix times in seconds (1546300800 -> 2019-01-01 00:00:00); read as UTC",
        "1 values are Unix times in milliseconds (1546300800000 -> 2019-01-01 00:00:00); "
        "read as UTC",
    ]
    # numbers in a JSON table (ints, not text) are not nanoseconds of 1970 either
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps({"text": TEXT, "date": 1546387200000}) + "\n", encoding="utf-8")
    with pytest.warns(CorpusWarning, match="milliseconds"):
        assert load_corpus(path).loc[0, "date"] == pd.Timestamp("2019-01-02")


def test_day_month_order_is_decided_once_per_column(write_files):
    corpus = dated(write_files, ["01/02/2019", "13/02/2019"])
    assert corpus["date"].tolist() == [pd.Timestamp("2019-02-01"), pd.Timestamp("2019-02-13")]
    assert report_rows(corpus, "date_format") == []
    corpus = dated(write_files, ["01/02/2019", "02/13/2019", "03.04.19"])
    assert corpus["date"].tolist() == [
        pd.Timestamp("2019-01-02"),
        pd.Timestamp("2019-02-13"),
        pd.Timestamp("2019-03-04"),
    ]


def test_ambiguous_day_month_column_is_reported(write_files):
    with pytest.warns(CorpusWarning, match="fit both day/month and month/day"):
        corpus = dated(write_files, ["01/02/2019", "03/04/2019"])
    assert corpus["date"].tolist() == [pd.Timestamp("2019-01-02"), pd.Timestamp("2019-03-04")]
    corpus = dated(write_files, ["01/02/2019", "03/04/2019"], dayfirst=True)
    assert corpus["date"].tolist() == [pd.Timestamp("2019-02-01"), pd.Timestamp("2019-04-03")]
    assert report_rows(corpus, "date_format") == []
    with pytest.raises(TypeError, match="dayfirst must be True or False"):
        dated(write_files, ["01/02/2019"], dayfirst="yes")


def test_inconsistent_day_month_column_uses_the_majority_and_reports(write_files):
    with pytest.warns(CorpusWarning) as record:
        corpus = dated(write_files, ["13/02/2019", "14/02/2019", "02/15/2019", "01/03/2019"])
    assert corpus["date"].tolist()[:2] == [pd.Timestamp("2019-02-13"), pd.Timestamp("2019-02-14")]
    assert pd.isna(corpus["date"].tolist()[2])
    assert corpus["date"].tolist()[3] == pd.Timestamp("2019-03-01")
    assert report_rows(corpus, "date_format") == [
        (
            "date",
            "numeric dates are inconsistent: 2 fit only day/month (e.g. '13/02/2019'), 1 only "
            "month/day (e.g. '02/15/2019'); read as day/month (the majority), the others are "
            "NaT; pass dayfirst= to choose",
        )
    ]
    assert report_rows(corpus, "unparsed_date") == [
        (
            "d2",
            "date '02/15/2019' does not fit the column's day/month (the column's majority) "
            "order; set to NaT",
        )
    ]
    assert any("dates needed a decision, 1" in str(w.message) for w in record)


def test_mixed_utc_offsets_are_converted_to_utc(write_files):
    with pytest.warns(CorpusWarning, match="different UTC offsets"):
        corpus = dated(
            write_files, ["2019-01-01T10:00+01:00", "2019-01-01T10:00+03:00", "2019-01-02"]
        )
    assert str(corpus["date"].dt.tz) == "UTC"
    assert corpus["date"].tolist() == [
        pd.Timestamp("2019-01-01 09:00", tz="UTC"),
        pd.Timestamp("2019-01-01 07:00", tz="UTC"),
        pd.Timestamp("2019-01-02 00:00", tz="UTC"),
    ]
    assert report_rows(corpus, "date_format") == [
        (
            "date",
            "dates carry different UTC offsets (+01:00, +03:00) or none (1 values, taken as "
            "UTC): all converted to UTC",
        )
    ]
    # one offset throughout is kept as it is, not reported
    corpus = dated(write_files, ["2019-01-01T10:00+01:00", "2019-01-02T10:00+01:00"])
    assert corpus.loc[0, "date"] == pd.Timestamp("2019-01-01 09:00", tz="UTC")
    assert report_rows(corpus, "date_format") == []


# --- folders -------------------------------------------------------------------------------------


def test_symbolic_links_are_not_followed_out_of_the_folder(write_files, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("Not a document: a file outside the corpus folder.", encoding="utf-8")
    folder = write_files({"a.txt": TEXT, "sub/c.txt": TEXT + " Sub."})
    os.symlink(outside, folder / "leak.txt")
    os.symlink(folder / "a.txt", folder / "b.txt")
    os.symlink(folder / "sub", folder / "linked_sub")
    os.symlink(tmp_path / "missing.txt", folder / "broken.txt")
    with pytest.warns(CorpusWarning) as record:
        corpus = load_corpus(folder, recursive=True)
    assert corpus["doc_id"].tolist() == ["a", "b", "sub/c"]
    assert report_rows(corpus, "skipped") == [
        ("broken.txt", f"symbolic link to {tmp_path / 'missing.txt'}, which does not exist"),
        ("leak.txt", f"symbolic link to {outside}, outside the folder; not followed"),
    ]
    assert report_rows(corpus, "link") == [("b.txt", "symbolic link to a.txt; read as a document")]
    assert report_rows(corpus, "ignored") == [
        ("linked_sub", "symbolic link to the folder sub; not followed")
    ]
    messages = " | ".join(str(w.message) for w in record)
    assert "symbolic links read as documents, 1: b.txt" in messages


def test_hidden_entries_and_sub_folders_are_reported(write_files):
    folder = write_files({"a.txt": TEXT, ".hidden.txt": TEXT, ".git/x.txt": "x", "sub/b.txt": "b"})
    with pytest.warns(CorpusWarning, match=r"ignored files that are not documents, 3"):
        corpus = load_corpus(folder)
    assert corpus["doc_id"].tolist() == ["a"]
    assert report_rows(corpus, "ignored") == [
        (".git/", "hidden folder"),
        (".hidden.txt", "hidden file"),
        ("sub/", "sub-folder; pass recursive=True to read it"),
    ]


def test_unreadable_sub_folder_is_reported(write_files, monkeypatch):
    # the tests may run as root, for whom chmod 000 hides nothing: refuse the listing instead
    folder = write_files({"a.txt": TEXT, "locked/b.txt": TEXT + " Locked."})
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(analysis.readers.os, "scandir", scandir)
    with pytest.warns(CorpusWarning, match=r"skipped 1: locked/ \(cannot read folder"):
        corpus = load_corpus(folder, recursive=True)
    assert corpus["doc_id"].tolist() == ["a"]
    assert report_rows(corpus, "skipped") == [("locked/", "cannot read folder: Permission denied")]


def test_pattern_star_keeps_doc_ids_unique(write_files):
    folder = write_files({"a.txt": TEXT, "a.md": TEXT + " Markdown.", "b.txt": TEXT + " B."})
    with pytest.warns(CorpusWarning, match=r"doc_ids made unique or converted to text, 2: a\.md"):
        corpus = load_corpus(folder, pattern="*")
    assert corpus["doc_id"].tolist() == ["a.md", "a.txt", "b"]
    assert report_rows(corpus, "doc_id") == [
        ("a.md", "doc_id 'a' is shared by a.md, a.txt: the id keeps the suffix"),
        ("a.txt", "doc_id 'a' is shared by a.md, a.txt: the id keeps the suffix"),
    ]


# --- encodings and tables ------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_detected(write_files, codec):
    corpus = load_corpus(write_files({"a.txt": (TEXT + "\n").encode(codec)}))
    assert corpus.loc[0, "text"] == TEXT + "\n"
    assert corpus.loc[0, "encoding"] == codec
    assert report_rows(corpus, "repaired") == [("a.txt", f"decoded as {codec}")]


def test_numeric_ids_become_strings_and_are_reported(tmp_path):
    path = tmp_path / "t.jsonl"
    rows = [{"id": 10, "text": TEXT}, {"id": 2, "text": TEXT + " Two."}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    with pytest.warns(CorpusWarning, match="doc_ids made unique or converted to text, 1"):
        corpus = load_corpus(path)
    assert corpus["doc_id"].tolist() == ["10", "2"]
    assert all(type(v) is str for v in corpus["doc_id"])
    assert report_rows(corpus, "doc_id") == [
        ("t.jsonl:id", "ids are int, not text: converted to text (10 -> '10')")
    ]
    # float ids (a NaN elsewhere made the column float) lose their '.0'
    parquet = tmp_path / "t.parquet"
    pd.DataFrame({"id": [1.0, 2.0], "text": [TEXT, TEXT + " Two."]}).to_parquet(parquet)
    with pytest.warns(
        CorpusWarning, match=r"ids are float, not text: converted to text \(1\.0 -> '1'\)"
    ):
        assert load_corpus(parquet)["doc_id"].tolist() == ["1", "2"]


def test_numeric_ids_work_in_the_analyses(tmp_path):
    from analysis.diversity import lexical_diversity
    from analysis.keyness import keyness

    path = tmp_path / "t.jsonl"
    rows = [{"id": i, "text": f"{TEXT} Story {i} about Moscow and Ankara."} for i in range(4)]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    corpus = load_corpus(path)
    table = lexical_diversity(corpus)
    assert table["doc_id"].tolist() == ["0", "1", "2", "3"]
    result = keyness(corpus, corpus["doc_id"].isin(["0", "1"]).to_numpy())
    assert len(result) > 0


def test_malformed_jsonl_line_is_an_error_naming_the_line(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(
        json.dumps({"text": TEXT}) + "\n\n" + '{"text": "broken' + "\n", encoding="utf-8"
    )
    with pytest.raises(
        CorpusError, match=r"a\.jsonl: line 3 is not valid JSON \(Unterminated string"
    ):
        load_corpus(path)
    path.write_text(json.dumps({"text": TEXT}) + "\n[1, 2]\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"a\.jsonl: line 2 is a JSON list, not an object"):
        load_corpus(path)


def test_bad_csv_row_is_an_error_naming_the_line_as_for_jsonl(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(f'id,text\n1,"{TEXT}"\n2,"{TEXT}",extra\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"a\.csv: cannot be read as csv: .*line 3, saw 3"):
        load_corpus(path)


def test_parquet_bytes_column_is_decoded(tmp_path):
    path = tmp_path / "t.parquet"
    cafe = "Le caf\u00e9 \u201cSochi\u201d hosted Putin and Erdogan for talks about Syria."
    table = pa.table(
        {
            "id": ["u", "w", "x"],
            "text": pa.array([TEXT.encode("utf-8"), cafe.encode("cp1252"), b""], pa.binary()),
        }
    )
    pq.write_table(table, path)
    with pytest.warns(CorpusWarning, match=r"t\.parquet#x \(empty or missing text\)"):
        corpus = load_corpus(path)
    assert corpus["text"].tolist() == [TEXT, cafe]
    assert corpus["encoding"].tolist() == ["utf-8", "cp1252"]
    assert report_rows(corpus, "repaired") == [("t.parquet#w", "decoded as cp1252")]


def test_folder_with_only_hidden_files_names_them(write_files):
    folder = write_files({".DS_Store": "x", ".notes.txt": TEXT})
    with pytest.warns(CorpusWarning, match=r"ignored, 2: \.DS_Store \(hidden file\)"):
        with pytest.raises(
            CorpusError,
            match=r"no files match '\*\.txt' \(found no file but those the warning lists",
        ):
            load_corpus(folder)
