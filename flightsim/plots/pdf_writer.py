"""A report as a multi-page PDF (matplotlib's ``PdfPages``).

Page 1 is a cover: the report title, its facts, the list of pages and, when
they fit, every note of what was left out (skipped figures, runs lacking a
property). Notes that do
not fit go on "Notes" pages right after the cover, never cut. Each drawn page
follows on its own page, in report order; skipped pages take no page.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from flightsim import __version__
from flightsim.plots.pages import RenderedPage, Report, TablePage
from flightsim.plots.style import FIGURE_SIZE_IN, style_context

_WRAP = 120  # characters per line of cover text
_COVER_LINES = 30  # lines of cover text that fit above the footer
_NOTES_LINES = 36  # lines of a notes page
NOTES_TITLE = "Notes"


def cover_notes(rendered: Sequence[RenderedPage]) -> list[str]:
    """What the report left out: skipped pages first, then the notes of drawn figures
    (a table's notes explain the table and stay on its page)."""
    notes = [str(p.skipped) for p in rendered if p.skipped is not None]
    notes += [
        f"{p.title}: {note}"
        for p in rendered
        if not isinstance(p.page, TablePage)
        for note in p.notes
    ]
    return notes


def _wrapped(lines: Sequence[str]) -> list[str]:
    return [part for line in lines for part in textwrap.wrap(line, _WRAP) or [""]]


def _text_page(title: str, lines: Sequence[str], *, title_size: float = 20) -> Figure:
    figure = Figure(figsize=FIGURE_SIZE_IN)
    figure.text(0.06, 0.92, title, fontsize=title_size, fontweight="bold", va="top")
    figure.text(0.06, 0.84, "\n".join(lines), fontsize=10, va="top", linespacing=1.5)
    figure.text(0.06, 0.04, f"flightsim {__version__}", fontsize=8, color="0.5")
    return figure


def pdf_pages(report: Report, rendered: Sequence[RenderedPage]) -> list[Figure]:
    """The PDF's pages in order: cover, notes pages when the notes do not fit on the
    cover, then every drawn page."""
    drawn = [p for p in rendered if p.figure is not None]
    figures = [p.figure for p in drawn if p.figure is not None]
    facts = _wrapped([f"{label}: {text}" for label, text in report.facts])
    notes = cover_notes(rendered)
    note_lines = _wrapped([f"• {note}" for note in notes])
    cover = facts + _contents([p.title for p in drawn])
    if not notes or len(cover) + 2 + len(note_lines) <= _COVER_LINES:
        text = [*cover, "", "Notes:", *note_lines] if notes else cover
        return [_text_page(report.title, text), *figures]
    chunks = [note_lines[i : i + _NOTES_LINES] for i in range(0, len(note_lines), _NOTES_LINES)]
    titles = (
        [NOTES_TITLE]
        if len(chunks) == 1
        else [f"{NOTES_TITLE} ({i + 1}/{len(chunks)})" for i in range(len(chunks))]
    )
    cover = facts + _contents([*titles, *(p.title for p in drawn)])
    cover += ["", f"{len(notes)} notes: see {', '.join(titles)}."]
    notes_pages = [
        _text_page(title, chunk, title_size=16) for title, chunk in zip(titles, chunks, strict=True)
    ]
    return [_text_page(report.title, cover), *notes_pages, *figures]


def _contents(titles: Sequence[str]) -> list[str]:
    """The cover's list of pages, numbered from 2 (the cover is page 1)."""
    return _wrapped(["", "Pages: " + ", ".join(f"{i + 2}. {t}" for i, t in enumerate(titles))])


def write_pdf(report: Report, rendered: Sequence[RenderedPage], path: Path) -> None:
    """Write the cover, any notes pages and every drawn page to ``path`` as one PDF."""
    with style_context(), PdfPages(path, metadata={"Title": report.title}) as pdf:
        for figure in pdf_pages(report, rendered):
            pdf.savefig(figure)
