"""The look of every flightsim figure: run colours, line styles, sizes, grid.

Colours follow the Okabe–Ito palette (Okabe & Ito, *Color Universal Design*,
2008), readable with the common colour-vision deficiencies; run ``i`` always gets
colour ``i`` so a run keeps its colour on every figure of a report. Quantities
sharing one axes (CAS and TAS) are told apart by line style.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

import matplotlib as mpl

if TYPE_CHECKING:
    from matplotlib.typing import LineStyleType, RcKeyType

RUN_COLORS: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black
)
"""Colour of run ``i`` is ``RUN_COLORS[i % len(RUN_COLORS)]``."""

LINE_STYLES: tuple[LineStyleType, ...] = (
    "-",
    "--",
    ":",
    "-.",
    (0, (8, 2, 1, 2, 1, 2)),
    (0, (1, 4)),
    (0, (10, 4)),
    (0, (4, 1, 1, 1, 1, 1, 1, 1)),
)
"""Line style of the ``i``-th quantity drawn on one axes (eight, for N1 and N2 of four
engines)."""

FIGURE_SIZE_IN = (11.0, 7.5)
"""Default figure size [in]: a landscape page; 1100 x 750 px at :data:`DPI`."""

DPI = 100
"""Resolution of raster output (PNG in HTML reports and ``--png``) [dots per inch]."""

RC_PARAMS: dict[RcKeyType, Any] = {
    "font.size": 10.0,
    "axes.titlesize": 11.0,
    "figure.titlesize": 14.0,
    "figure.titleweight": "bold",
    "axes.grid": True,
    "grid.alpha": 0.35,
    "grid.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.formatter.useoffset": False,
    "axes.formatter.limits": (-4, 7),
    "lines.linewidth": 1.4,
    "legend.framealpha": 0.85,
    "legend.fontsize": 9.0,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "pdf.compression": 6,
}
"""Matplotlib settings applied while flightsim draws (see :func:`style_context`)."""


MINUS_SIGN = "\N{MINUS SIGN}"
"""How numbers in flightsim's own tick labels and tables write a negative sign
(matplotlib's default formatter does the same)."""


def with_minus_sign(number_text: str) -> str:
    """``"-1,000"`` -> ``"−1,000"``: a formatted number with the typographic minus sign."""
    return number_text.replace("-", MINUS_SIGN)


def run_color(index: int) -> str:
    """Colour of the run at position ``index`` in a figure or report."""
    return RUN_COLORS[index % len(RUN_COLORS)]


def line_style(index: int) -> LineStyleType:
    """Line style of the ``index``-th quantity drawn on the same axes."""
    return LINE_STYLES[index % len(LINE_STYLES)]


def style_context() -> AbstractContextManager[None]:
    """A context in which matplotlib uses :data:`RC_PARAMS` (restored on exit)."""
    return mpl.rc_context(RC_PARAMS)
