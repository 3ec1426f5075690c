"""The flight report: summary table and every standard figure of one or more recordings.

Usage::

    write_report([rec], "out/report.html")
    write_report([a, b], "out/compare.pdf", labels=["baseline", "gusty"], units="si")

Built from :mod:`flightsim.plots.pages`: :func:`recording_pages` returns the
pages (a :class:`~flightsim.plots.pages.TablePage` summary, then one
:class:`~flightsim.plots.pages.FigurePage` per figure function) and
:func:`write_report` renders them with :func:`~flightsim.plots.pages.write_pages`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from matplotlib.figure import Figure

from flightsim.plots.canvas import as_list, run_labels
from flightsim.plots.handles import PlotResult
from flightsim.plots.pages import (
    FigurePage,
    ProgressCallback,
    Report,
    ReportPage,
    TablePage,
    write_pages,
)
from flightsim.plots.quantities import UnitSystem, check_unit_system
from flightsim.plots.stats import summary_contents
from flightsim.plots.style import run_color
from flightsim.plots.tables import SUMMARY_TITLE
from flightsim.plots.timeseries import TIME_FIGURES, TimeFigure, plot_time_figure
from flightsim.plots.track import Waypoint
from flightsim.plots.trajectory import (
    GROUND_TRACK_TITLE,
    TRAJECTORY_3D_TITLE,
    plot_ground_track,
    plot_trajectory_3d,
)
from flightsim.recording import Recording

_UNIT_NAMES = {
    "imperial": "imperial (ft, kt, lbf, lb; maps in ft or nm)",
    "si": "SI (m, m/s, N, kg; maps in m or km)",
}


def recording_pages(
    recordings: Recording | Sequence[Recording],
    *,
    labels: Sequence[str] | None = None,
    units: str = "imperial",
    waypoints: Sequence[Waypoint] = (),
) -> list[ReportPage]:
    """The pages of the flight report, in order: summary, time histories, track, 3D path."""
    recs = as_list(recordings)
    names = run_labels(recs, labels)
    system = check_unit_system(units)
    header, rows, notes = summary_contents(recs, names, system)
    pages: list[ReportPage] = [
        TablePage(
            SUMMARY_TITLE,
            tuple(header),
            tuple(tuple(row) for row in rows),
            tuple(run_color(i) for i in range(len(recs))),
            notes,
        )
    ]
    draw: Callable[[Figure], PlotResult]
    for spec in TIME_FIGURES:
        draw = partial(_draw_time, spec, recs, names, system)
        pages.append(FigurePage(spec.title, draw))
    track = partial(plot_ground_track, recs, units=system, labels=names, waypoints=waypoints)
    pages.append(FigurePage(GROUND_TRACK_TITLE, lambda fig: track(fig=fig)))
    path3d = partial(plot_trajectory_3d, recs, units=system, labels=names)
    pages.append(FigurePage(TRAJECTORY_3D_TITLE, lambda fig: path3d(fig=fig)))
    return pages


def _draw_time(
    spec: TimeFigure, recs: list[Recording], names: list[str], units: UnitSystem, fig: Figure
) -> PlotResult:
    return plot_time_figure(spec, recs, units=units, labels=names, fig=fig)


def default_title(recordings: Sequence[Recording]) -> str:
    """``"Flight report: c172p"`` (the aircraft names of the runs), or ``"Flight report"``."""
    aircraft = sorted({str(r.meta["aircraft"]) for r in recordings if r.meta.get("aircraft")})
    return f"Flight report: {', '.join(aircraft)}" if aircraft else "Flight report"


def flight_report(
    recordings: Sequence[Recording],
    *,
    labels: Sequence[str] | None = None,
    title: str | None = None,
    units: str = "imperial",
    waypoints: Sequence[Waypoint] = (),
) -> Report:
    """The flight report of ``recordings`` (overlaid), not yet drawn: its title, facts
    (runs, units, when) and pages (see :func:`recording_pages`)."""
    recs = as_list(recordings)
    names = run_labels(recs, labels)
    system = check_unit_system(units)
    pages = recording_pages(recs, labels=names, units=system, waypoints=waypoints)
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    facts = (
        ("Runs", ", ".join(names)),
        ("Units", _UNIT_NAMES[system]),
        ("Generated", now),
    )
    return Report(title or default_title(recs), tuple(pages), facts)


def write_report(
    recordings: Sequence[Recording],
    output: str | os.PathLike[str] = "out/report.html",
    *,
    labels: Sequence[str] | None = None,
    title: str | None = None,
    units: str = "imperial",
    png_dir: str | os.PathLike[str] | None = None,
    waypoints: Sequence[Waypoint] = (),
    progress: ProgressCallback | None = None,
) -> Path:
    """Write the flight report of ``recordings`` (overlaid) to ``output``; returns its path.

    ``output`` ending in ``.html`` gives one self-contained HTML file, ``.pdf`` a
    multi-page PDF. ``labels`` name the runs in legends (default: ``meta["label"]``
    or ``run N``), ``units`` is ``"imperial"`` or ``"si"``, ``png_dir`` also saves
    every figure as PNG; ``progress(done, total)`` is called after each page.
    Figures whose properties no run recorded are skipped with a note; an empty
    recording, a bad unit system or output name is a ConfigError.
    """
    report = flight_report(recordings, labels=labels, title=title, units=units, waypoints=waypoints)
    return write_pages(report, output, png_dir=png_dir, progress=progress)
