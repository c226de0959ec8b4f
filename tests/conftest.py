"""Shared fixtures: tiny corpora written to tmp_path, and figure clean-up."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis.corpus import load_corpus

matplotlib.use("Agg")


@pytest.fixture(autouse=True, scope="session")
def _tokens_cache(tmp_path_factory: pytest.TempPathFactory):
    """Keep the tests' tokens layers out of the repository's .cache/."""
    from analysis.cache import set_cache_dir

    set_cache_dir(tmp_path_factory.mktemp("cache"))
    yield
    set_cache_dir(None)


@pytest.fixture
def write_files(tmp_path: Path) -> Callable[..., Path]:
    """Write ``{name: text_or_bytes}`` into a fresh folder; return the folder."""

    def _write(files: dict[str, str | bytes], folder: str = "corpus") -> Path:
        root = tmp_path / folder
        root.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return _write


@pytest.fixture
def make_corpus(write_files: Callable[..., Path]) -> Callable[..., pd.DataFrame]:
    """Load a corpus from ``{name: text}`` via ``load_corpus`` (files in tmp_path)."""

    def _make(files: dict[str, str | bytes], folder: str = "corpus", **kwargs) -> pd.DataFrame:
        return load_corpus(write_files(files, folder=folder), **kwargs)

    return _make


@pytest.fixture
def seeds() -> pd.DataFrame:
    """The five bundled seed articles."""
    return load_corpus()


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")
