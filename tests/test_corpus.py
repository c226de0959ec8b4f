"""load_corpus: formats, metadata, text hygiene and every bad input named in the issue."""

from __future__ import annotations

import json
import time

import pandas as pd
import pytest

from analysis.corpus import BASE_COLUMNS, load_corpus, load_report
from analysis.errors import CorpusError, CorpusWarning
from analysis.paths import SEEDS_DIR

ARTICLE = "Putin meets Erdoğan\n\nPutin met Erdoğan in Sochi. They spoke about Syria.\n"


def test_seeds_load_sorted_with_all_columns(seeds):
    # seeds/metadata.csv is the folder's own metadata, loaded by default
    assert list(seeds.columns) == [*BASE_COLUMNS, "date", "outlet", "author", "date_evidence"]
    assert seeds["doc_id"].tolist() == sorted(p.stem for p in SEEDS_DIR.glob("*.txt"))
    assert seeds["encoding"].eq("utf-8").all()
    # Titles: first lines that read as headlines, never invented for 001 and 004.
    titles = dict(zip(seeds["doc_id"].str[:3], seeds["title"], strict=True))
    assert titles["000"] == "TrumPutin"
    assert titles["002"] == "Moscow suggests cooperation with US on return of Syrian refugees"
    assert pd.isna(titles["001"]) and pd.isna(titles["004"])


def test_seed_dates_agree_with_their_written_evidence(seeds):
    # Each date is argued in date_evidence as "<Weekday> <day> <Month> <year>";
    # the weekday written there must be the calendar's weekday of the date.
    dates = dict(zip(seeds["doc_id"].str[:3], seeds["date"].dt.strftime("%Y-%m-%d"), strict=True))
    assert dates == {
        "000": "2018-08-02",
        "001": "2024-12-03",
        "002": "2018-07-20",
        "003": "2019-11-14",
        "004": "2019-03-19",
    }
    for date, evidence in zip(seeds["date"], seeds["date_evidence"], strict=True):
        stated = f"{date:%A} {date.day} {date:%B %Y}"
        assert stated in evidence
    # no seed names its outlet; only 000 names its author (in its closing biography)
    assert seeds["outlet"].eq("").all()
    assert seeds["author"].tolist() == ["Paul Antonopoulos", "", "", "", ""]


def test_folder_metadata_csv_is_used_by_default(write_files):
    folder = write_files({"a.txt": ARTICLE, "b.txt": "Trump spoke.\n"})
    (folder / "metadata.csv").write_text("file,outlet\na.txt,Tass\nb,Reuters\n")
    corpus = load_corpus(folder)
    assert corpus["outlet"].tolist() == ["Tass", "Reuters"]
    assert load_report(corpus).empty  # read, so not reported as an ignored file
    with pytest.warns(CorpusWarning, match="ignored files.*metadata.csv"):
        plain = load_corpus(folder, metadata=False)
    assert "outlet" not in plain.columns
    with pytest.raises(TypeError, match="must be a path to a CSV, False or None, not bool"):
        load_corpus(folder, metadata=True)


def test_counts_of_a_tiny_document(make_corpus):
    corpus = make_corpus({"a.txt": ARTICLE})
    row = corpus.iloc[0]
    assert row["doc_id"] == "a"
    assert row["title"] == "Putin meets Erdoğan"
    assert row["n_chars"] == len(ARTICLE)
    # title + one body paragraph; 1 title sentence + 2 body sentences;
    # tokens: 3 (title) + 5 (Putin met Erdoğan in Sochi) + 4 (They spoke about Syria)
    assert (row["n_paragraphs"], row["n_sentences"], row["n_tokens"]) == (2, 3, 12)


def test_missing_path():
    with pytest.raises(FileNotFoundError, match="no_such_folder: no such file or folder"):
        load_corpus("no_such_folder")


def test_empty_folder(tmp_path):
    with pytest.raises(CorpusError, match="the folder is empty"):
        load_corpus(tmp_path)


def test_folder_without_txt_lists_what_it_found(write_files):
    folder = write_files({"notes.md": "x", "data.json": "{}"})
    with pytest.raises(
        CorpusError, match=r"no files match '\*\.txt' \(found data\.json, notes\.md\)"
    ):
        load_corpus(folder)


def test_empty_and_binary_files_are_skipped_and_listed(write_files):
    folder = write_files(
        {
            "good.txt": ARTICLE,
            "empty.txt": "",
            "blank.txt": "  \n\n",
            "image.txt": b"\x89PNG\x00\x01",
        }
    )
    with pytest.warns(CorpusWarning, match="skipped 3") as record:
        corpus = load_corpus(folder)
    message = str(record[0].message)
    assert "blank.txt (only white space)" in message
    assert "empty.txt (empty file)" in message
    assert "image.txt (looks like a binary file (contains NUL bytes), not text)" in message
    assert corpus["doc_id"].tolist() == ["good"]
    report = load_report(corpus)
    assert sorted(report.loc[report["action"] == "skipped", "item"]) == [
        "blank.txt",
        "empty.txt",
        "image.txt",
    ]


def test_nothing_readable_is_an_error(write_files):
    folder = write_files({"empty.txt": ""})
    with pytest.warns(CorpusWarning), pytest.raises(CorpusError, match="no readable document"):
        load_corpus(folder)


def test_non_matching_files_are_reported_as_ignored(write_files):
    folder = write_files({"a.txt": ARTICLE, "meta.csv": "file,outlet\n"})
    with pytest.warns(CorpusWarning, match=r"ignored files .* 1: meta\.csv"):
        corpus = load_corpus(folder)
    assert load_report(corpus).to_dict("records") == [
        {"item": "meta.csv", "action": "ignored", "problem": "does not match '*.txt'"}
    ]


def test_cp1252_with_curly_quotes(write_files):
    text = "Erdogan said the \u201cterrorist aggression\u201d must end \u2013 Putin\u2019s view.\n"
    folder = write_files({"a.txt": text.encode("cp1252")})
    corpus = load_corpus(folder)
    assert corpus.loc[0, "encoding"] == "cp1252"
    assert corpus.loc[0, "text"] == text.rstrip("\n") + "\n"
    assert "decoded as cp1252" in load_report(corpus)["problem"].tolist()


def test_latin1(write_files):
    text = "Le café de São Paulo à Genève, déjà vu.\n"
    corpus = load_corpus(write_files({"a.txt": text.encode("latin-1")}))
    assert corpus.loc[0, "encoding"] == "latin-1"
    assert corpus.loc[0, "text"] == text


def test_forced_encoding_that_does_not_fit_names_the_file(write_files):
    folder = write_files({"ru.txt": "Путин".encode("cp1251")})
    with pytest.warns(CorpusWarning, match=r"ru\.txt \(cannot decode as 'ascii'"):
        with pytest.raises(CorpusError, match="no readable document"):
            load_corpus(folder, encoding="ascii")


def test_wider_candidate_list_reads_cyrillic(write_files):
    text = "Владимир Путин провёл переговоры с президентом Турции.\n"
    corpus = load_corpus(
        write_files({"ru.txt": text.encode("cp1251")}), encodings=("cp1252", "cp1251")
    )
    assert corpus.loc[0, "encoding"] == "cp1251"
    assert corpus.loc[0, "text"] == text


def test_utf8_bom_crlf_nbsp_nfc_are_repaired_and_recorded(write_files):
    decomposed = "Erdog\u0306an"  # g + combining breve: NFC makes it one character, ğ
    raw = "\ufeffTitle line\r\n\r\nMOSCOW:\u00a0" + decomposed + " spoke.\r\n"
    corpus = load_corpus(write_files({"a.txt": raw.encode("utf-8")}))
    row = corpus.iloc[0]
    assert row["encoding"] == "utf-8"
    assert row["repairs"] == "bom;crlf;nfc;nbsp"
    assert row["text"] == "Title line\n\nMOSCOW: Erdoğan spoke.\n"


def test_duplicates_are_reported_and_optionally_dropped(write_files):
    folder = write_files({"a.txt": ARTICLE, "b.txt": "Other text here.", "c.txt": ARTICLE + "\n  "})
    with pytest.warns(CorpusWarning, match=r"duplicate documents .* 1: c \(same text as a\)"):
        corpus = load_corpus(folder)
    assert corpus["duplicate_of"].tolist()[2] == "a"
    assert corpus["duplicate_of"].isna().tolist() == [True, True, False]
    with pytest.warns(CorpusWarning, match="duplicate"):
        dropped = load_corpus(folder, drop_duplicates=True)
    assert dropped["doc_id"].tolist() == ["a", "b"]


def test_recursive_folders_use_relative_ids(write_files):
    folder = write_files({"x/one.txt": ARTICLE, "y/two.txt": "Second article."})
    assert load_corpus(folder, recursive=True)["doc_id"].tolist() == ["x/one", "y/two"]


def test_metadata_is_merged_dates_parsed_and_mismatches_listed(write_files):
    folder = write_files({"a.txt": ARTICLE, "b.txt": "B text.", "c.txt": "C text."})
    meta = folder.parent / "meta.csv"
    meta.write_text(
        "file,outlet,date\na.txt,TASS,2018-07-20\nb,Anadolu,not a date\nzzz.txt,RT,2019-11-14\n",
        encoding="utf-8",
    )
    with pytest.warns(CorpusWarning) as record:
        corpus = load_corpus(folder, metadata=meta)
    messages = " | ".join(str(w.message) for w in record)
    assert "metadata rows matching no document, 1: zzz.txt" in messages
    assert "documents without a metadata row, 1: c.txt" in messages
    assert "dates that could not be parsed (now NaT), 1: b (date 'not a date'" in messages
    assert corpus["outlet"].tolist()[:2] == ["TASS", "Anadolu"]
    assert pd.isna(corpus["outlet"].tolist()[2])
    assert corpus.loc[0, "date"] == pd.Timestamp("2018-07-20")
    assert corpus["date"].isna().tolist() == [False, True, True]


def test_metadata_without_file_column(write_files):
    folder = write_files({"a.txt": ARTICLE})
    meta = folder.parent / "meta.csv"
    meta.write_text("name,outlet\na.txt,TASS\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"meta\.csv: needs a 'file' column"):
        load_corpus(folder, metadata=meta)


def test_csv_table_with_metadata_columns(tmp_path):
    path = tmp_path / "articles.csv"
    pd.DataFrame(
        {
            "id": ["x2", "x1"],
            "headline": ["Second", "First"],
            "body": ["Trump spoke.", "Putin spoke. Erdoğan listened."],
            "outlet": ["RT", "TRT"],
        }
    ).to_csv(path, index=False)
    corpus = load_corpus(path, text_column="body", id_column="id", title_column="headline")
    assert corpus["doc_id"].tolist() == ["x1", "x2"]
    assert corpus["title"].tolist() == ["First", "Second"]
    assert corpus["outlet"].tolist() == ["TRT", "RT"]
    assert corpus["n_sentences"].tolist() == [2, 1]


def test_table_without_the_text_column_lists_columns(tmp_path):
    path = tmp_path / "articles.csv"
    path.write_text("id,body\n1,Some text\n", encoding="utf-8")
    with pytest.raises(
        CorpusError, match=r"articles\.csv: no 'text' column; columns are \['id', 'body'\]"
    ):
        load_corpus(path)
    with pytest.raises(CorpusError, match=r"articles\.csv: no column 'content'"):
        load_corpus(path, text_column="content")


def test_table_duplicate_ids_and_empty_rows(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('id,text\n1,"A."\n1,"B."\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"t\.csv: ids in column 'id' are not unique: 1"):
        load_corpus(path)
    path.write_text('id,text\n1,"A."\n2,""\n', encoding="utf-8")
    with pytest.warns(CorpusWarning, match=r"t\.csv#2 \(empty or missing text\)"):
        assert load_corpus(path)["doc_id"].tolist() == ["1"]


def test_jsonl_and_parquet_tables(tmp_path):
    rows = [{"text": "Assad met Shoigu.", "outlet": "SANA"}, {"text": "Putin.", "outlet": "TASS"}]
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    parquet = tmp_path / "a.parquet"
    pd.DataFrame(rows).to_parquet(parquet)
    for path in (jsonl, parquet):
        corpus = load_corpus(path)
        assert corpus["doc_id"].tolist() == ["0", "1"]
        assert corpus["outlet"].tolist() == ["SANA", "TASS"]
        assert corpus["text"].tolist() == ["Assad met Shoigu.", "Putin."]


def test_broken_table_names_the_file(tmp_path):
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"not parquet at all")
    with pytest.raises(CorpusError, match=r"broken\.parquet: cannot be read as parquet"):
        load_corpus(path)


def test_100_mb_file_loads(tmp_path):
    paragraph = ("Russian forces and the U.S. coalition met in Syria. " * 20).strip()
    n = 100_000_000 // (len(paragraph) + 2) + 1
    path = tmp_path / "big.txt"
    path.write_text((paragraph + "\n\n") * n, encoding="utf-8")
    t0 = time.perf_counter()
    corpus = load_corpus(path)
    elapsed = time.perf_counter() - t0
    row = corpus.iloc[0]
    assert row["n_chars"] == (len(paragraph) + 2) * n
    assert row["n_paragraphs"] == n
    assert row["n_sentences"] == 20 * n
    assert row["n_tokens"] == 9 * 20 * n
    print(f"100 MB file loaded in {elapsed:.1f} s")  # for the record, not asserted
