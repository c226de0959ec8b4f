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

    ``action`` is one of ``skipped``, ``ignored``, ``repaired``, ``duplicate``,
    ``unmatched_metadata``, ``missing_metadata``, ``unparsed_date``.
    """
    rows = corpus.attrs.get("load_report", [])
    return pd.DataFrame(rows, columns=["item", "action", "problem"])
