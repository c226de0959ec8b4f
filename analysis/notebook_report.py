"""Run every notebook on a corpus into one folder, with HTML copies: ``make report``.

``python -m analysis.notebook_report --corpus PATH [--metadata CSV] [--text-column C]
--out DIR`` executes each notebook of ``notebooks/`` with papermill, passing the corpus
through the notebooks' ``parameters`` cell (``corpus_source``, ``metadata_path``,
``text_column``, ``figures_dir``), writes the executed notebooks to ``DIR`` and their
figures to ``DIR/figures`` (never to the repository's ``figures/``), and exports each
executed notebook to ``DIR/<name>.html`` with nbconvert so it can be read without
Jupyter. Extra notebook parameters go in ``-p NAME VALUE`` (values read as YAML, so
``-p focus_doc "'001'"`` stays a string). A notebook that fails stops the run with its
name and the failing cell (papermill keeps the partly executed notebook in ``DIR``).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml

from analysis.paths import ROOT

NOTEBOOKS_DIR = ROOT / "notebooks"


def run_report(
    corpus: str | Path,
    out: str | Path,
    *,
    metadata: str | Path | None = None,
    text_column: str | None = None,
    notebooks: Sequence[str | Path] | None = None,
    parameters: Mapping[str, object] | None = None,
    html: bool = True,
    kernel_name: str = "python3",
    jobs: int = 1,
) -> list[dict[str, object]]:
    """Execute the notebooks on ``corpus`` into ``out``; one row per notebook (path, seconds).

    Parameters
    ----------
    corpus : str or Path
        A folder of .txt files, one .txt file, or a table (``load_corpus``'s ``source``).
    out : str or Path
        Output folder: executed notebooks, ``figures/`` and HTML copies.
    metadata, text_column : optional
        Passed to the notebooks as ``metadata_path`` and ``text_column``.
    notebooks : sequence of paths, optional
        Default: every ``notebooks/*.ipynb``, in name order.
    parameters : mapping, optional
        More notebook parameters (a notebook ignores those its parameters cell lacks).
    html : bool, default True
        Also write ``<name>.html`` next to each executed notebook.
    jobs : int, default 1
        Notebooks executed at once (each in its own kernel process); the rows come
        back in notebook order whatever order they finish in.
    """
    from concurrent.futures import ThreadPoolExecutor

    import papermill

    corpus = Path(corpus).expanduser().resolve()
    if not corpus.exists():
        raise FileNotFoundError(f"{corpus}: no such file or folder (the corpus)")
    if metadata is not None:
        metadata = Path(metadata).expanduser().resolve()
        if not metadata.is_file():
            raise FileNotFoundError(f"{metadata}: metadata file not found")
    out = Path(out).expanduser().resolve()
    figures = out / "figures"
    figures.mkdir(parents=True, exist_ok=True)
    paths = [Path(p) for p in notebooks] if notebooks else sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
    if not paths:
        raise FileNotFoundError(f"{NOTEBOOKS_DIR}: no notebooks")
    params = {
        "corpus_source": str(corpus),
        "metadata_path": None if metadata is None else str(metadata),
        "text_column": text_column,
        "figures_dir": str(figures),
        **dict(parameters or {}),
    }

    def run(path: Path) -> dict[str, object]:
        target = out / path.name
        print(f"running {path.name} on {corpus.name} -> {target}", flush=True)
        start = time.perf_counter()
        papermill.execute_notebook(
            str(path),
            str(target),
            parameters=params,
            kernel_name=kernel_name,
            cwd=str(path.parent),
            progress_bar=False,
        )
        seconds = time.perf_counter() - start
        if html:
            _export_html(target)
        return {"notebook": path.name, "output": str(target), "seconds": round(seconds, 1)}

    if jobs <= 1:
        return [run(path) for path in paths]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(run, paths))


def _export_html(notebook: Path) -> Path:
    """``notebook`` as a standalone HTML page next to it (nbconvert's lab template)."""
    import nbformat
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(nbformat.read(notebook, as_version=4))
    target = notebook.with_suffix(".html")
    target.write_text(body, encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", required=True, help="folder of .txt, one .txt, or a table")
    parser.add_argument("--metadata", help="metadata CSV for a folder (file, outlet, date...)")
    parser.add_argument("--text-column", help="the text column of a table")
    parser.add_argument("--out", required=True, help="output folder")
    parser.add_argument("--notebook", action="append", help="run only this notebook (repeatable)")
    parser.add_argument(
        "-p", nargs=2, action="append", metavar=("NAME", "VALUE"), default=[],
        help="a notebook parameter; VALUE is read as YAML",
    )  # fmt: skip
    parser.add_argument("--no-html", action="store_true", help="skip the HTML copies")
    parser.add_argument("--jobs", type=int, default=1, help="notebooks executed at once")
    args = parser.parse_args(argv)
    extra = {name: yaml.safe_load(value) for name, value in args.p}
    done = run_report(
        args.corpus,
        args.out,
        metadata=args.metadata,
        text_column=args.text_column,
        notebooks=args.notebook,
        parameters=extra,
        html=not args.no_html,
        jobs=args.jobs,
    )
    for row in done:
        print(f"{row['notebook']}: {row['seconds']} s -> {row['output']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
