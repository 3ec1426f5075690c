"""The report of a batch: each metric against each swept parameter, and the results table.

Built from the rows of results.csv through the report layer
(:class:`flightsim.plots.Table`, :func:`flightsim.plots.plot_xy`,
:func:`flightsim.plots.write_pages`); failed cases are left out of the figures
and listed on a page of their own.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from flightsim.batch.results import is_number

__all__ = ["write_batch_report"]

MAX_FIGURES = 24
MAX_TABLE_ROWS = 200


def write_batch_report(
    rows: Sequence[dict[str, Any]],
    parameters: Sequence[str],
    metrics: Sequence[str],
    output: str | os.PathLike[str],
    *,
    units_of: dict[str, str] | None = None,
    title: str = "batch",
    units: str = "imperial",
) -> Path:
    """Write ``output`` (``.html`` or ``.pdf``): metrics against parameters, failures, table.

    A figure is drawn for each metric and each parameter with numbers as values
    (at most :data:`MAX_FIGURES`); with two parameters the other one groups the
    lines. ``units_of`` gives column units (:meth:`flightsim.batch.Batch.units`).
    """
    from flightsim.plots import FigurePage, Report, Table, TablePage, plot_xy, table_page
    from flightsim.plots.quantities import check_unit_system

    system = check_unit_system(units)
    ok = [row for row in rows if row["status"] == "ok"]
    numeric = [p for p in parameters if ok and all(is_number(row[p]) for row in ok)]
    pages: list[Any] = []
    if ok:
        columns = {name: [row[name] for row in ok] for name in [*parameters, *metrics]}
        table = Table(columns, units={n: u for n, u in (units_of or {}).items() if n in columns})
        for metric in metrics:
            for x in numeric:
                others = [p for p in parameters if p != x]
                few = len(others) == 1 and len({row[others[0]] for row in ok}) <= 8
                by = others[0] if few else None

                def draw(fig: Any, x: str = x, metric: str = metric, by: str | None = by) -> Any:
                    return plot_xy(table, x=x, y=metric, by=by, units=system, fig=fig)

                pages.append(FigurePage(f"{metric} against {x}", draw))
        pages = pages[:MAX_FIGURES]
        pages.append(table_page("Results", table, units=system))
    failed = [row for row in rows if row["status"] != "ok"]
    if failed:
        header = ("case", *parameters, "status", "reason")
        body = tuple(tuple(str(row[name]) for name in header) for row in failed[:MAX_TABLE_ROWS])
        pages.append(TablePage(f"Failed cases ({len(failed)})", header, body))
    facts = (
        ("cases", str(len(rows))),
        ("ok", str(len(ok))),
        ("failed", str(len(failed))),
    )
    from flightsim.plots import write_pages

    return write_pages(Report(title, tuple(pages), facts), output)
