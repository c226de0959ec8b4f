"""What loading skipped, repaired or flagged: collected while a corpus loads, kept with it."""

from __future__ import annotations

import warnings
from collections.abc import Iterable

import pandas as pd

from analysis.errors import CorpusWarning

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

    ``action`` is one of ``skipped``, ``ignored``, ``repaired``, ``link``
    (a symbolic link read), ``doc_id`` (ids made unique or converted to
    text), ``renamed_column`` (a user column named like a
    built-in one, kept as ``meta_<name>``), ``duplicate``,
    ``unmatched_metadata``, ``missing_metadata``, ``date_format`` (a
    decision on the whole ``date`` column: Unix-time unit, day/month order,
    conversion to UTC), ``unparsed_date`` and ``language`` (a document
    detected as not English). ``item`` is the document or file, or
    ``file:column`` / ``date`` for decisions on a column.
    """
    rows = corpus.attrs.get("load_report", [])
    return pd.DataFrame(rows, columns=["item", "action", "problem"])
