"""What every notebook promises: the shared parameters, and no seed fact in fixed Markdown."""

from __future__ import annotations

import re

import nbformat
import pytest

from analysis.paths import NOTEBOOKS_DIR

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
SHARED = ("corpus_source", "metadata_path", "text_column", "figures_dir", "kinds", "by")
# a sentence about the seeds' results belongs in seed_commentary(...), shown only on the seeds
SEED_FACT = re.compile(r"\bIn the seed corpus\b|\bIn the seeds\b|\bthe seed corpus\b")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_first_code_cell_is_the_shared_parameters(path):
    cells = nbformat.read(path, as_version=4).cells
    first = next(c for c in cells if c.cell_type == "code")
    assert "parameters" in first.metadata.get("tags", [])
    names = re.findall(r"^(\w+) = ", first.source, flags=re.MULTILINE)
    assert set(SHARED) <= set(names), f"{path.name} lacks {set(SHARED) - set(names)}"
    assert re.search(r"^by = None\b", first.source, flags=re.MULTILINE)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_markdown_cell_states_a_seed_result(path):
    cells = nbformat.read(path, as_version=4).cells
    stated = [
        c.source[:80] for c in cells if c.cell_type == "markdown" and SEED_FACT.search(c.source)
    ]
    assert not stated, f"{path.name}: move to seed_commentary(...): {stated}"
    commentary = [
        c for c in cells if c.cell_type == "code" and c.source.startswith("seed_commentary(")
    ]
    assert commentary, f"{path.name} has no seed commentary cell"
