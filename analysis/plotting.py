"""Figure style and byte-stable saving.

Plot functions live in ``analysis.plots``; each takes data computed elsewhere
and returns a matplotlib Figure. They are wrapped in ``styled`` so every
artist is made under the suite's style file (``analysis/style.mplstyle``),
whatever the caller's rcParams.

``save_figure`` writes ``figures/NAME.svg`` and ``figures/NAME.png`` so that
running a notebook twice gives identical bytes: a fixed ``svg.hashsalt``, text
as paths, and no date or software version in the metadata.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import ParamSpec, TypeVar

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis.paths import FIGURES_DIR, STYLE_FILE

P = ParamSpec("P")
R = TypeVar("R")

_CYCLE_RE = re.compile(r"C\d+")
_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_STABLE_RC = {"svg.hashsalt": "text-as-data", "svg.fonttype": "path", "path.simplify": True}


def _resolve_cycle_colours(fig: Figure) -> None:
    """Fix ``"C0"``-style colours of lines, legend lines and texts to the style's colours.

    Lines and texts keep a colour *name* and look it up when drawn, which is
    after ``styled`` has left the style context; patches and collections look it
    up at creation. Resolving here makes ``"C1"`` mean the suite's palette.
    """
    legends = [ax.get_legend() for ax in fig.axes] + list(fig.legends)
    handles = [h for leg in legends if leg is not None for h in leg.legend_handles]
    for ax in fig.axes:
        for line in [*ax.get_lines(), *(h for h in handles if isinstance(h, Line2D))]:
            for getter, setter in (
                (line.get_color, line.set_color),
                (line.get_markerfacecolor, line.set_markerfacecolor),
                (line.get_markeredgecolor, line.set_markeredgecolor),
            ):
                colour = getter()
                if isinstance(colour, str) and _CYCLE_RE.fullmatch(colour):
                    setter(to_rgba(colour))
        for text in ax.texts:
            colour = text.get_color()
            if isinstance(colour, str) and _CYCLE_RE.fullmatch(colour):
                text.set_color(to_rgba(colour))


def styled(func: Callable[P, R]) -> Callable[P, R]:
    """Run a plot function under the suite's style file.

    ``"C0"``...``"C9"`` colours given to lines and texts are resolved inside the
    style, so they follow the suite's palette (see ``_resolve_cycle_colours``).
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with plt.style.context(STYLE_FILE):
            result = func(*args, **kwargs)
            if isinstance(result, Figure):
                _resolve_cycle_colours(result)
            return result

    return wrapper


def save_figure(
    fig: Figure,
    name: str,
    *,
    directory: str | Path | None = None,
    formats: Iterable[str] = ("svg", "png"),
    dpi: int = 150,
) -> list[Path]:
    """Write ``fig`` as ``NAME.svg`` and ``NAME.png`` in ``directory`` (``figures/``).

    Parameters
    ----------
    fig : Figure
        The figure to save.
    name : str
        File stem: letters, digits, ``_``, ``-`` and ``.``.
    directory : str or Path, optional
        Where to write; ``FIGURES_DIR`` by default. Created if missing.
    formats : iterable of str, default ("svg", "png")
        Formats to write.
    dpi : int, default 150
        Resolution of raster formats.

    Returns
    -------
    list of Path
        The files written.
    """
    if not _NAME_RE.fullmatch(name):
        raise ValueError(f"figure name {name!r}: use letters, digits, '_', '-' and '.' only")
    out_dir = FIGURES_DIR if directory is None else Path(directory)
    out_dir.mkdir(parents=True, exist_ok=True)
    metadata = {
        "svg": {"Date": None, "Creator": "analysis (matplotlib)"},
        "png": {"Software": None},
        "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
    }
    written = []
    with mpl.rc_context(_STABLE_RC):
        for fmt in formats:
            path = out_dir / f"{name}.{fmt}"
            fig.savefig(path, format=fmt, dpi=dpi, metadata=metadata.get(fmt))
            written.append(path)
    return written
