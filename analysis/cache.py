"""Where the tokens layer is kept on disk between sessions, and how to clear it.

The folder is, in order: the one given to ``set_cache_dir``; the environment
variable ``ANALYSIS_CACHE_DIR``; ``.cache/`` at the repository root (ignored
by git). ``set_cache_dir(False)`` or ``ANALYSIS_CACHE_DIR=off`` turns the disk
cache off; the in-memory cache of the session still works.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from analysis.paths import ROOT

DEFAULT_CACHE_DIR: Path = ROOT / ".cache"
_OFF = ("off", "0", "false", "none")
_chosen: Path | bool | None = None


def set_cache_dir(path: str | Path | bool | None) -> None:
    """Use ``path`` for the disk cache; ``False`` turns it off, ``None`` restores the default."""
    global _chosen
    if path is True:
        raise ValueError("set_cache_dir takes a folder, False (off) or None (default)")
    _chosen = path if path is False or path is None else Path(path).expanduser()


def cache_dir() -> Path | None:
    """The disk cache folder in force, or ``None`` when the disk cache is off."""
    if _chosen is False:
        return None
    if isinstance(_chosen, Path):
        return _chosen
    env = os.environ.get("ANALYSIS_CACHE_DIR", "").strip()
    if env.lower() in _OFF:
        return None
    return Path(env).expanduser() if env else DEFAULT_CACHE_DIR


def clear_cache() -> int:
    """Delete every tokens layer kept on disk and in memory; return how many were on disk."""
    from analysis.layer import clear_memory_cache

    clear_memory_cache()
    folder = cache_dir()
    if folder is None or not (folder / "tokens").exists():
        return 0
    entries = [p for p in (folder / "tokens").iterdir() if p.is_dir()]
    for p in entries:
        shutil.rmtree(p)
    return len(entries)
