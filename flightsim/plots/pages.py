"""The report model: a report is a title, some facts, and pages; writers render it.

This is the extension point for every kind of report. A page is either

* a :class:`FigurePage`: a title and a ``draw(fig) -> PlotResult`` callable,
  normally one of the figure functions with its data bound
  (``lambda fig: plot_altitude(recs, fig=fig)``); a page whose figure returns
  :class:`~flightsim.plots.handles.MissingProperties` is skipped with a note; or
* a :class:`TablePage`: a title, a header and rows of text (an HTML ``<table>``
  in HTML, :func:`~flightsim.plots.tables.plot_table` in PDF).

A new report (RL evaluations, parameter sweeps, trim envelopes) is a function
that returns pages made of figure functions; :func:`write_pages` renders any
:class:`Report` to a multi-page PDF or a self-contained HTML file, the same way
:func:`flightsim.plots.report.write_report` renders the recording report.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from matplotlib.figure import Figure

from flightsim.errors import ConfigError, suggest
from flightsim.logs import logger
from flightsim.plots.canvas import add_footnote, report_figure
from flightsim.plots.handles import MissingProperties, PlotResult
from flightsim.plots.style import DPI, FIGURE_SIZE_IN, style_context
from flightsim.plots.tables import plot_table

ProgressCallback = Callable[[float, float], None]
"""A progress callback ``(done, total)``, such as :class:`flightsim.progress.Progress`."""

LOGGER = logger("flightsim.plots.pages")

REPORT_FORMATS = {".html": "html", ".htm": "html", ".pdf": "pdf"}
"""Output file suffix -> report format."""


@dataclass(frozen=True)
class FigurePage:
    """A page holding one figure: ``draw`` fills the Figure it is given."""

    title: str
    draw: Callable[[Figure], PlotResult]
    size_in: tuple[float, float] = FIGURE_SIZE_IN


@dataclass(frozen=True)
class TablePage:
    """A page holding one table of text; ``header_colors`` colour the column heads,
    ``notes`` are shown under the table (HTML) or as its footnote (PDF, PNG)."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    header_colors: tuple[str, ...] | None = None
    notes: tuple[str, ...] = ()


ReportPage = FigurePage | TablePage


@dataclass(frozen=True)
class Report:
    """A report: a title, ``facts`` (label, text) shown under it, and its pages in order."""

    title: str
    pages: tuple[ReportPage, ...]
    facts: tuple[tuple[str, str], ...] = ()


@dataclass
class RenderedPage:
    """A page after drawing: its figure (``None`` when skipped) and notes for the reader."""

    page: ReportPage
    figure: Figure | None
    skipped: MissingProperties | None = None
    notes: list[str] = field(default_factory=list)
    _png: bytes | None = field(default=None, repr=False)

    @property
    def title(self) -> str:
        """The page's title."""
        return self.page.title

    def png(self) -> bytes:
        """The figure as PNG at :data:`~flightsim.plots.style.DPI` (drawn once, then kept)."""
        if self.figure is None:
            raise ConfigError(f"page '{self.title}' has no figure to save")
        if self._png is None:
            buffer = io.BytesIO()
            with style_context():
                self.figure.savefig(buffer, format="png", dpi=DPI)
            self._png = buffer.getvalue()
        return self._png


def slug(text: str) -> str:
    """A file- and anchor-safe name: ``"Altitude and vertical speed"`` -> ``"altitude-and-..."``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "page"


def report_format(output: str | os.PathLike[str]) -> str:
    """``"html"`` or ``"pdf"`` from the output file's suffix; ConfigError otherwise."""
    suffix = Path(output).suffix.lower()
    if suffix not in REPORT_FORMATS:
        raise ConfigError(
            f"cannot tell the report format from '{output}': name the output "
            f"*.html or *.pdf.{suggest(suffix, REPORT_FORMATS)}"
        )
    return REPORT_FORMATS[suffix]


def render_page(page: ReportPage, *, table_figure: bool) -> RenderedPage:
    """Draw one page. Tables get a figure only when ``table_figure`` (PDF, PNG export).

    A figure's notes are also written on it as a footnote (once: figure
    functions that drew their own are left as they are), so PDF pages and PNG
    files say what they left out, as the HTML text does.
    """
    if isinstance(page, TablePage):
        if not table_figure:
            return RenderedPage(page, None, notes=list(page.notes))
        figure = report_figure()
        plot_table(
            page.header,
            page.rows,
            title=page.title,
            fig=figure,
            header_colors=page.header_colors,
            notes=page.notes,
        )
        return RenderedPage(page, figure, notes=list(page.notes))
    figure = report_figure(page.size_in)
    with style_context():  # custom pages get the house style too
        result = page.draw(figure)
        if isinstance(result, MissingProperties):
            LOGGER.info("%s", result)
            return RenderedPage(page, None, skipped=result)
        add_footnote(figure, result.notes)
    return RenderedPage(page, figure, notes=list(result.notes))


def render_pages(
    pages: Sequence[ReportPage], *, table_figures: bool, progress: ProgressCallback | None = None
) -> list[RenderedPage]:
    """Draw every page in order (see :func:`render_page`); ``progress(done, total)``
    is called after each page (pages drawn, pages in all)."""
    rendered = []
    for page in pages:
        rendered.append(render_page(page, table_figure=table_figures))
        if progress is not None:
            progress(len(rendered), len(pages))
    return rendered


def save_pngs(rendered: Sequence[RenderedPage], png_dir: str | os.PathLike[str]) -> list[Path]:
    """Write each drawn page as ``NN-<title-slug>.png`` into ``png_dir``; returns the paths."""
    folder = Path(png_dir)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, page in enumerate(p for p in rendered if p.figure is not None):
        path = folder / f"{index + 1:02d}-{slug(page.title)}.png"
        path.write_bytes(page.png())
        paths.append(path)
    return paths


def write_pages(
    report: Report,
    output: str | os.PathLike[str],
    *,
    png_dir: str | os.PathLike[str] | None = None,
    progress: ProgressCallback | None = None,
) -> Path:
    """Render ``report`` to ``output`` (``*.html`` or ``*.pdf``); optionally PNGs too.

    ``progress(done, total)``, e.g. a :class:`flightsim.progress.Progress`, is
    called after each page is drawn.

    The file is written next to its final name and moved into place when
    complete, so a reader never sees half a report. Returns the output path.
    """
    from flightsim.plots.html_writer import write_html
    from flightsim.plots.pdf_writer import write_pdf

    kind = report_format(output)
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    tables = kind == "pdf" or png_dir is not None
    rendered = render_pages(report.pages, table_figures=tables, progress=progress)
    if png_dir is not None:
        save_pngs(rendered, png_dir)
    partial = out.with_name(f".{out.name}.partial")
    try:
        (write_html if kind == "html" else write_pdf)(report, rendered, partial)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return out
