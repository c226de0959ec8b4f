"""Result tables to files a spreadsheet opens: CSV or Excel, chosen by the file's suffix.

Conventions (the same for every table):

* no row numbers: the index is written only when it carries labels (it has a
  name, or holds text such as actor names), as the first column(s);
* dates and times as ISO 8601 text (``2019-03-01``; ``2019-03-01T14:30:00``
  when a time is set; with its offset when the column has a time zone),
  periods as their text (``2019-03``), missing values as empty cells;
* cells holding lists or other containers are written as their text;
* CSV: UTF-8 without a byte-order mark, ``\\n`` line ends, floats in their
  shortest exact form, so the same table always gives the same bytes;
* Excel (``.xlsx``, written with openpyxl): one sheet per table, named at
  most 31 characters without ``[]:*?/\\``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

SUFFIXES: tuple[str, ...] = (".csv", ".xlsx")
_SHEET_FORBIDDEN = set("[]:*?/\\")
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384


def _iso(values: pd.Series) -> pd.Series:
    """Datetime values as ISO text (missing: None); the date alone when every time is midnight."""
    present = values.dropna()
    midnight = present.dt.tz is None and bool((present == present.dt.normalize()).all())
    fmt = (lambda t: t.date().isoformat()) if midnight else (lambda t: t.isoformat())
    return pd.Series([None if pd.isna(t) else fmt(t) for t in values], dtype=object)


def _cell_text(value: object) -> object:
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if hasattr(value, "isoformat"):  # datetime.date, datetime.datetime, datetime.time
        return value.isoformat()
    if isinstance(value, pd.Period | pd.Timedelta | list | tuple | set | frozenset | dict):
        return str(value)
    if isinstance(value, np.ndarray):
        return str(value.tolist())
    return value


def _prepared(table: pd.DataFrame) -> pd.DataFrame:
    """The table as written: labelled index as columns, dates and containers as text."""
    index = table.index
    labelled = any(n is not None for n in index.names) or not (
        pd.api.types.is_integer_dtype(index.dtype) or isinstance(index, pd.RangeIndex)
    )
    out = table.reset_index() if labelled else table.reset_index(drop=True)
    columns = {}
    for i, (_, col) in enumerate(out.items()):
        if isinstance(col.dtype, pd.CategoricalDtype):
            col = col.astype(object)
        if pd.api.types.is_datetime64_any_dtype(col.dtype):
            col = _iso(col)
        elif isinstance(col.dtype, pd.PeriodDtype) or pd.api.types.is_timedelta64_dtype(col.dtype):
            col = pd.Series([None if pd.isna(v) else str(v) for v in col], dtype=object)
        elif col.dtype == object:
            col = col.map(_cell_text)
        columns[i] = col
    frame = pd.DataFrame(columns)
    frame.columns = [str(c) for c in out.columns]
    return frame


def _check_table(table: object, what: str) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        hint = (
            " (a Series: .to_frame() or .reset_index() first)"
            if isinstance(table, pd.Series)
            else ""
        )
        raise TypeError(f"{what} must be a pandas DataFrame, not {type(table).__name__}{hint}")
    return table


def _check_sheet(name: object, seen: set[str]) -> str:
    if not isinstance(name, str):
        raise TypeError(f"sheet names must be text, not {name!r}")
    bad = sorted(set(name) & _SHEET_FORBIDDEN)
    if not name or len(name) > 31 or bad:
        raise ValueError(f"sheet name {name!r}: Excel needs 1 to 31 characters, none of []:*?/\\")
    if name.lower() in seen:
        raise ValueError(f"sheet name {name!r} is used twice (Excel ignores case)")
    seen.add(name.lower())
    return name


def _excel_value(value: object, sheet):
    """A cell for openpyxl: missing values empty, text never read as a formula."""
    from openpyxl.cell import WriteOnlyCell

    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, float | np.floating) and np.isinf(value):
        return "inf" if value > 0 else "-inf"
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def _write_excel(tables: Mapping[str, pd.DataFrame], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.utils.exceptions import IllegalCharacterError

    book = Workbook(write_only=True)
    for name, table in tables.items():
        frame = _prepared(table)
        if len(frame) + 1 > EXCEL_ROWS or frame.shape[1] > EXCEL_COLUMNS:
            raise ValueError(
                f"{path}: sheet {name!r} has {len(frame):,} rows x {frame.shape[1]:,} columns; "
                f"Excel holds {EXCEL_ROWS - 1:,} x {EXCEL_COLUMNS:,} (write a .csv instead)"
            )
        sheet = book.create_sheet(name)
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False, name=None):
            try:
                sheet.append([_excel_value(v, sheet) for v in row])
            except IllegalCharacterError as exc:
                raise ValueError(
                    f"{path}: sheet {name!r} holds a control character Excel cannot store "
                    f"in row {row!r}"
                ) from exc
    book.save(path)


def _target(path: str | Path, allowed: tuple[str, ...]) -> Path:
    target = Path(path).expanduser()
    suffix = target.suffix.lower()
    if suffix not in allowed:
        raise ValueError(
            f"{target}: unknown table format {suffix or '(no suffix)'!r}; "
            f"use one of {list(allowed)}"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def export_table(table: pd.DataFrame, path: str | Path) -> Path:
    """Write one result table to ``path``: CSV (``.csv``) or Excel (``.xlsx``), by suffix.

    See the module docstring for the conventions (no row numbers, ISO dates,
    byte-stable CSV). An Excel file gets one sheet named after the file
    (its first 31 characters). Parent folders are created.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    TypeError
        ``table`` is not a DataFrame.
    ValueError
        An unknown suffix (the message names the path), or a table Excel
        cannot hold.
    """
    _check_table(table, "table")
    target = _target(path, SUFFIXES)
    if target.suffix.lower() == ".csv":
        with target.open("w", encoding="utf-8", newline="") as handle:
            _prepared(table).to_csv(handle, index=False, lineterminator="\n")
        return target
    sheet = "".join(c for c in target.stem if c not in _SHEET_FORBIDDEN)[:31] or "table"
    _write_excel({sheet: table}, target)
    return target


def export_tables(tables: Mapping[str, pd.DataFrame], path: str | Path) -> Path:
    """Write several tables to one Excel workbook (``.xlsx``), one sheet per table.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        Sheet name -> table, in sheet order.
    path : str or Path
        The workbook, ending in ``.xlsx``.

    Returns
    -------
    Path
        The file written.
    """
    if not isinstance(tables, Mapping):
        raise TypeError(f"tables must be a mapping of sheet name -> DataFrame, not {tables!r}")
    if not tables:
        raise ValueError("tables is empty: give at least one sheet")
    seen: set[str] = set()
    for name, table in tables.items():
        _check_sheet(name, seen)
        _check_table(table, f"tables[{name!r}]")
    target = _target(path, (".xlsx",))
    _write_excel(tables, target)
    return target
