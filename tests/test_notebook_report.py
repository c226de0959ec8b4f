"""make report's runner: parameters reach the notebook, figures go to OUT, HTML is written."""

from __future__ import annotations

import nbformat
import pytest

from analysis.notebook_report import main, run_report


def _notebook(path):
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell(
        "corpus_source = None\nmetadata_path = None\ntext_column = None\nfigures_dir = None\n"
        "focus_doc = None"
    )
    params.metadata["tags"] = ["parameters"]
    work = nbformat.v4.new_code_cell(
        "from pathlib import Path\n"
        "Path(figures_dir, 'seen.txt').write_text(f'{corpus_source}|{text_column}|{focus_doc!r}')"
    )
    nb.cells = [params, work]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


def test_run_report_passes_the_corpus_and_writes_figures_and_html(tmp_path):
    nb = _notebook(tmp_path / "00_probe.ipynb")
    corpus = tmp_path / "corpus.csv"
    corpus.write_text("text\nOne.\n", encoding="utf-8")
    out = tmp_path / "out"
    main(
        ["--corpus", str(corpus), "--text-column", "body", "--out", str(out),
         "--notebook", str(nb), "-p", "focus_doc", "'001'"]
    )  # fmt: skip
    assert (out / "figures" / "seen.txt").read_text() == f"{corpus}|body|'001'"
    executed = nbformat.read(out / "00_probe.ipynb", as_version=4)
    assert executed.cells[-1].execution_count is not None
    assert "<html" in (out / "00_probe.html").read_text(encoding="utf-8")


def test_run_report_names_a_missing_corpus(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere: no such file or folder"):
        run_report(tmp_path / "nowhere", tmp_path / "out")
    corpus = tmp_path / "c.csv"
    corpus.write_text("text\nOne.\n", encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="m.csv: metadata file not found"):
        run_report(corpus, tmp_path / "out", metadata=tmp_path / "m.csv")
