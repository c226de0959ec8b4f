"""Errors and warnings raised on a user's input.

Every message names the file (or column) and the problem, so a user with
thousands of files knows which one to fix.
"""

from __future__ import annotations


class CorpusError(ValueError):
    """A corpus source cannot be read as asked (bad path, format, column...)."""


class CorpusWarning(UserWarning):
    """Something was skipped, repaired or looks suspicious while loading a corpus."""
