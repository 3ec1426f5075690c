"""Figures and reports from recordings and tables of results.

Figure functions take data: one recording or several (overlaid, one colour per
run), or a :class:`Table` of results (:func:`plot_xy`, :func:`plot_distribution`
for evaluations and sweeps); they accept ``fig=``/``ax=`` and
``units="imperial"|"si"``, and return a :class:`PlotHandle` (figure, axes,
lines, title, notes) or, when no run recorded what they need, a
:class:`MissingProperties` (nothing drawn). Reports assemble pages made of the
same functions: :func:`write_report` for recordings, and :func:`write_pages` for
any :class:`Report` of :class:`FigurePage` / :class:`TablePage` pages. See
docs/reports.md.
"""

from flightsim.plots.charts import plot_distribution, plot_xy
from flightsim.plots.data_table import Table, table_page
from flightsim.plots.decimate import minmax_decimate, minmax_indices
from flightsim.plots.handles import MissingProperties, PlotHandle, PlotResult
from flightsim.plots.pages import FigurePage, Report, ReportPage, TablePage, write_pages
from flightsim.plots.quantities import Quantity, UnitSystem
from flightsim.plots.report import flight_report, recording_pages, write_report
from flightsim.plots.stats import RunSummary, summarize, summary_table
from flightsim.plots.tables import plot_summary_table, plot_table
from flightsim.plots.timeseries import (
    Panel,
    TimeFigure,
    plot_aero_angles,
    plot_airspeed,
    plot_altitude,
    plot_attitude,
    plot_body_rates,
    plot_controls,
    plot_engine,
    plot_load_factor,
    plot_time_figure,
)
from flightsim.plots.track import Waypoint
from flightsim.plots.trajectory import plot_ground_track, plot_trajectory_3d

__all__ = [
    "FigurePage",
    "MissingProperties",
    "Panel",
    "PlotHandle",
    "PlotResult",
    "Quantity",
    "Report",
    "ReportPage",
    "RunSummary",
    "Table",
    "TablePage",
    "TimeFigure",
    "UnitSystem",
    "Waypoint",
    "flight_report",
    "minmax_decimate",
    "minmax_indices",
    "plot_aero_angles",
    "plot_airspeed",
    "plot_altitude",
    "plot_attitude",
    "plot_body_rates",
    "plot_controls",
    "plot_distribution",
    "plot_engine",
    "plot_ground_track",
    "plot_load_factor",
    "plot_summary_table",
    "plot_table",
    "plot_time_figure",
    "plot_trajectory_3d",
    "plot_xy",
    "recording_pages",
    "summarize",
    "summary_table",
    "table_page",
    "write_pages",
    "write_report",
]
