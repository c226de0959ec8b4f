"""Result tables written to CSV and Excel read back equal; CSV bytes are stable."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.export import export_table, export_tables


@pytest.fixture
def table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "term": pd.array(["syria", "=1+1", "erdoğan", "u.s."], dtype="str"),
            "count": np.array([38, 30, 23, 1], dtype=np.int64),
            "rel_freq": [140.32496307237813, 1 / 3, 84.9335302806499, 0.1],
            "date": pd.to_datetime(["2019-03-01", None, "2020-01-05", "2019-12-24"]),
            "month": pd.PeriodIndex(["2019-03", "2019-04", None, "2019-12"], freq="M"),
            "flag": [True, False, True, False],
            "tokens": [["a", "b"], [], ["c"], ["d"]],
        },
        index=[7, 3, 5, 1],  # row positions after a filter: not written
    )


def _expected(table: pd.DataFrame) -> pd.DataFrame:
    return table.reset_index(drop=True).assign(
        date=["2019-03-01", np.nan, "2020-01-05", "2019-12-24"],
        month=["2019-03", "2019-04", np.nan, "2019-12"],
        tokens=["['a', 'b']", "[]", "['c']", "['d']"],
    )


def test_csv_round_trip_and_stable_bytes(table, tmp_path):
    path = export_table(table, tmp_path / "out" / "freq.csv")
    assert path == tmp_path / "out" / "freq.csv"
    got = pd.read_csv(path)
    pd.testing.assert_frame_equal(got, _expected(table), check_dtype=False)
    first = path.read_bytes()
    assert first.splitlines()[:2] == [
        b"term,count,rel_freq,date,month,flag,tokens",
        b"syria,38,140.32496307237813,2019-03-01,2019-03,True,\"['a', 'b']\"",
    ]
    assert b"\r" not in first and not first.startswith(b"\xef\xbb\xbf")
    assert export_table(table.copy(), path).read_bytes() == first


def test_xlsx_round_trip(table, tmp_path):
    path = export_table(table, tmp_path / "freq.xlsx")
    got = pd.read_excel(path, sheet_name=None)
    assert list(got) == ["freq"]
    pd.testing.assert_frame_equal(got["freq"], _expected(table), check_dtype=False)
    assert got["freq"]["term"][1] == "=1+1"  # text, never a formula


def test_times_and_labelled_index(tmp_path):
    frame = pd.DataFrame(
        {"when": pd.to_datetime(["2019-03-01 14:30", "2019-03-02 00:00"])},
        index=pd.Index(["Putin", "Assad"], name="actor"),
    )
    path = export_table(frame, tmp_path / "t.csv")
    assert path.read_text(encoding="utf-8") == (
        "actor,when\nPutin,2019-03-01T14:30:00\nAssad,2019-03-02T00:00:00\n"
    )


def test_several_sheets(table, tmp_path):
    second = pd.DataFrame({"actor_a": ["Assad"], "actor_b": ["Putin"], "count": [3]})
    path = export_tables({"frequencies": table, "edges": second}, tmp_path / "all.xlsx")
    got = pd.read_excel(path, sheet_name=None)
    assert list(got) == ["frequencies", "edges"]
    pd.testing.assert_frame_equal(got["frequencies"], _expected(table), check_dtype=False)
    pd.testing.assert_frame_equal(got["edges"], second)


def test_errors_name_the_path(table, tmp_path):
    with pytest.raises(ValueError, match=r"freq\.json: unknown table format '\.json'"):
        export_table(table, tmp_path / "freq.json")
    with pytest.raises(ValueError, match=r"all\.csv: unknown table format '\.csv'"):
        export_tables({"a": table}, tmp_path / "all.csv")
    with pytest.raises(TypeError, match=r"a Series: \.to_frame\(\)"):
        export_table(table["count"], tmp_path / "c.csv")
    with pytest.raises(ValueError, match="1 to 31 characters"):
        export_tables({"a/b": table}, tmp_path / "x.xlsx")
    with pytest.raises(ValueError, match="used twice"):
        export_tables({"Edges": table, "edges": table}, tmp_path / "x.xlsx")
    with pytest.raises(ValueError, match="tables is empty"):
        export_tables({}, tmp_path / "x.xlsx")
