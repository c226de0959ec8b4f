"""save_figure writes byte-stable files; plot functions return Figures."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure

from analysis.overview import document_summary, sentence_lengths
from analysis.plots.overview import plot_document_lengths, plot_sentence_lengths
from analysis.plotting import save_figure, styled


@styled
def _line_plot() -> Figure:
    fig, ax = plt.subplots()
    ax.plot([1, 2, 3], [3, 1, 2], label="a")
    ax.set_title("Test")
    ax.legend()
    return fig


def test_save_figure_is_byte_stable(tmp_path):
    first = save_figure(_line_plot(), "t", directory=tmp_path / "a")
    second = save_figure(_line_plot(), "t", directory=tmp_path / "b")
    assert [p.name for p in first] == ["t.svg", "t.png"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
    svg = first[0].read_text(encoding="utf-8")
    assert "<dc:date>" not in svg
    assert b"Software" not in first[1].read_bytes()


def test_save_figure_rejects_unsafe_names(tmp_path):
    with pytest.raises(ValueError, match="figure name '../x'"):
        save_figure(_line_plot(), "../x", directory=tmp_path)


def test_styled_applies_the_suite_style_only_inside():
    fig = _line_plot()
    assert fig.axes[0].spines["top"].get_visible() is False
    assert plt.rcParams["axes.spines.top"] is True


def test_overview_plots(seeds):
    fig = plot_document_lengths(document_summary(seeds))
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[-1] == "003_013e30cfbeefef5c"  # longest on top
    fig = plot_sentence_lengths(sentence_lengths(seeds))
    assert isinstance(fig, Figure)
