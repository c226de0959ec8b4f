"""Project paths, resolved from this file so they hold from any working directory.

Notebooks run under JupyterLab, nbval, nbconvert and papermill with different
working directories; resolving from the package keeps every path the same.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR: Path = Path(__file__).resolve().parent
ROOT: Path = PACKAGE_DIR.parent
SEEDS_DIR: Path = ROOT / "seeds"
FIGURES_DIR: Path = ROOT / "figures"
NOTEBOOKS_DIR: Path = ROOT / "notebooks"
DATA_DIR: Path = PACKAGE_DIR / "data"
STYLE_FILE: Path = PACKAGE_DIR / "style.mplstyle"
