"""Project paths, resolved from this file so they hold from any working directory.

Notebooks run under JupyterLab, nbval, nbconvert and papermill with different
working directories; resolving from the package keeps every path the same.
"""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE_DIR: Path = Path(__file__).resolve().parent
ROOT: Path = PACKAGE_DIR.parent
SEEDS_DIR: Path = ROOT / "seeds"
FIGURES_DIR: Path = ROOT / "figures"
NOTEBOOKS_DIR: Path = ROOT / "notebooks"
DATA_DIR: Path = PACKAGE_DIR / "data"
STYLE_FILE: Path = PACKAGE_DIR / "style.mplstyle"
REPORTS_DIR: Path = ROOT / "reports"


def figures_directory(figures_dir: str | Path | None, corpus_source: str | Path | None) -> Path:
    """Where a notebook writes its figures.

    ``figures_dir`` when given. Otherwise ``figures/`` for the bundled seeds
    (``corpus_source`` None or the ``seeds/`` folder), and
    ``reports/<corpus name>/figures`` for any other corpus, so that running a
    notebook on another corpus never overwrites the repository's figures.
    """
    if figures_dir is not None:
        return Path(figures_dir).expanduser()
    if corpus_source is None or Path(corpus_source).expanduser().resolve() == SEEDS_DIR:
        return FIGURES_DIR
    stem = Path(corpus_source).expanduser().resolve()
    name = stem.stem if stem.is_file() else stem.name
    if name in ("articles", "texts", "txt", "data", "corpus") and stem.parent.name:
        name = f"{stem.parent.name}_{name}"  # "allsides_world/articles" -> allsides_world_articles
    return REPORTS_DIR / re.sub(r"[^A-Za-z0-9_.-]+", "_", name) / "figures"
