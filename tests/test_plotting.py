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


@styled
def _cycle_colour_plot() -> Figure:
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], color="C1", marker="o", markerfacecolor="C2")
    ax.text(0.5, 0.5, "label", color="C0")
    ax.legend(["line"])
    return fig


def test_cycle_colours_follow_the_suite_palette():
    # Okabe-Ito in analysis/style.mplstyle: C0 = #0072B2, C1 = #E69F00, C2 = #009E73.
    from matplotlib.colors import to_hex

    fig = _cycle_colour_plot()
    line = fig.axes[0].get_lines()[0]
    assert to_hex(line.get_color()) == "#e69f00"
    assert to_hex(line.get_markerfacecolor()) == "#009e73"
    assert to_hex(fig.axes[0].texts[0].get_color()) == "#0072b2"
    assert to_hex(fig.axes[0].get_legend().legend_handles[0].get_color()) == "#e69f00"
