"""Progress bars for long steps: shown to a person, silent in test and batch runs.

A bar is drawn (tqdm, on stderr) when stderr is a terminal, or when the
environment sets ``ANALYSIS_PROGRESS=1`` (``make lab`` does, so JupyterLab
shows them). Under nbval and papermill neither holds, so executed notebooks
keep byte-stable outputs. ``ANALYSIS_PROGRESS=0`` silences them everywhere.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def progress_enabled() -> bool:
    """Whether progress bars are shown (see the module docstring)."""
    setting = os.environ.get("ANALYSIS_PROGRESS", "").strip()
    if setting in ("0", "1"):
        return setting == "1"
    return bool(getattr(sys.stderr, "isatty", lambda: False)())


def progress(
    iterable: Iterable[T], *, total: int | None = None, desc: str = "", unit: str = "it"
) -> Iterator[T]:
    """``iterable`` wrapped in a tqdm bar when bars are enabled, else unchanged."""
    if not progress_enabled():
        return iter(iterable)
    from tqdm.auto import tqdm  # imported on use: nothing happens at import time

    return iter(tqdm(iterable, total=total, desc=desc, unit=unit, leave=False))
