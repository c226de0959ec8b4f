"""Execute notebooks in place, reproducibly: ``python -m analysis.execute NB...``.

Used by ``make figures``. Cell timings are not recorded and execution counts
restart at 1, so executing an unchanged notebook twice gives identical bytes.
To run a notebook on another corpus, use papermill (see the README).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute_notebook(
    path: str | Path, *, timeout: int = 1200, kernel_name: str = "python3"
) -> None:
    """Execute the notebook at ``path`` and write it back with its outputs."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=kernel_name,
        record_timing=False,
        # widget state (the explorers' tables and figures) would add megabytes of
        # model data to the committed notebook; the widgets are rebuilt when the
        # notebook is run in JupyterLab
        store_widget_state=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    nbformat.write(nb, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--timeout", type=int, default=1200, help="seconds per cell")
    args = parser.parse_args(argv)
    for path in args.notebooks:
        print(f"executing {path}", flush=True)
        execute_notebook(path, timeout=args.timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
