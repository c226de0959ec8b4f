"""What every notebook promises: the shared parameters, and no seed fact in fixed Markdown."""

from __future__ import annotations

import re

import nbformat
import pytest

from analysis.paths import NOTEBOOKS_DIR

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
# the numbered notebooks analyse and write figures; explore.ipynb is interactive only
ANALYSES = [p for p in NOTEBOOKS if re.match(r"\d\d_", p.name)]
SHARED = ("corpus_source", "metadata_path", "text_column", "kinds", "by")
# a sentence about the seeds' results belongs in seed_commentary(...), shown only on the seeds
SEED_FACT = re.compile(r"\bIn the seed corpus\b|\bIn the seeds\b|\bthe seed corpus\b")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_first_code_cell_is_the_shared_parameters(path):
    cells = nbformat.read(path, as_version=4).cells
    first = next(c for c in cells if c.cell_type == "code")
    assert "parameters" in first.metadata.get("tags", [])
    names = re.findall(r"^(\w+) = ", first.source, flags=re.MULTILINE)
    shared = {*SHARED, "figures_dir"} if path in ANALYSES else set(SHARED)
    assert shared <= set(names), f"{path.name} lacks {shared - set(names)}"
    assert re.search(r"^by = None\b", first.source, flags=re.MULTILINE)


def test_every_analysis_and_the_explorer_are_found():
    assert [p.name for p in NOTEBOOKS if p not in ANALYSES] == ["explore.ipynb"]
    assert len(ANALYSES) == 5


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
    if path in ANALYSES:  # each reads the seeds' results somewhere, only on the seeds
        assert commentary, f"{path.name} has no seed commentary cell"
