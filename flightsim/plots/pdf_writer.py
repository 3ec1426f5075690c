"""A report as a multi-page PDF (matplotlib's ``PdfPages``).

Page 1 is a cover: the report title, its facts, and every note (skipped
figures, runs lacking a property). Each drawn page follows on its own page, in
report order; skipped pages take no page.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from flightsim import __version__
from flightsim.plots.pages import RenderedPage, Report
from flightsim.plots.style import FIGURE_SIZE_IN, style_context

_WRAP = 120  # characters per line of cover text
_MAX_LINES = 30  # lines of cover text that fit above the footer


def cover_notes(rendered: Sequence[RenderedPage]) -> list[str]:
    """Every note of the report: skipped pages first, then notes of drawn pages."""
    notes = [str(p.skipped) for p in rendered if p.skipped is not None]
    notes += [f"{p.title}: {note}" for p in rendered for note in p.notes]
    return notes


def cover_figure(report: Report, rendered: Sequence[RenderedPage]) -> Figure:
    """The cover page: title, facts, contents and notes."""
    figure = Figure(figsize=FIGURE_SIZE_IN)
    lines = [f"{label}: {text}" for label, text in report.facts]
    drawn = [p.title for p in rendered if p.figure is not None]
    lines += ["", "Pages: " + ", ".join(f"{i + 2}. {t}" for i, t in enumerate(drawn))]
    notes = cover_notes(rendered)
    if notes:
        lines += ["", "Notes:"] + [f"• {note}" for note in notes]
    wrapped = [part for line in lines for part in textwrap.wrap(line, _WRAP) or [""]]
    if len(wrapped) > _MAX_LINES:
        more = len(wrapped) - _MAX_LINES + 1
        wrapped = [*wrapped[: _MAX_LINES - 1], f"… {more} more lines: see the HTML report"]
    figure.text(0.06, 0.92, report.title, fontsize=20, fontweight="bold", va="top")
    figure.text(0.06, 0.84, "\n".join(wrapped), fontsize=10, va="top", linespacing=1.5)
    figure.text(0.06, 0.04, f"flightsim {__version__}", fontsize=8, color="0.5")
    return figure


def write_pdf(report: Report, rendered: Sequence[RenderedPage], path: Path) -> None:
    """Write the cover and every drawn page to ``path`` as one PDF."""
    with style_context(), PdfPages(path, metadata={"Title": report.title}) as pdf:
        pdf.savefig(cover_figure(report, rendered))
        for page in rendered:
            if page.figure is not None:
                pdf.savefig(page.figure)
