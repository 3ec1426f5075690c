"""Summary statistics of a run, and the summary table of a report.

:func:`summarize` reduces a recording to a :class:`RunSummary` (values in
JSBSim's units: ft, g, deg, lb); :func:`summary_table` lays several summaries
out as rows of text in the display units of ``"imperial"`` or ``"si"``.
Statistics whose properties were not recorded are ``None`` (shown as "–").
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from flightsim.plots.quantities import (
    ALTITUDE,
    FUEL,
    LOAD_FACTOR,
    ROLL,
    Quantity,
    UnitSystem,
    display_unit,
    to_display,
    unit_label,
)
from flightsim.sim.recording import Recording
from flightsim.units import property_unit

TRIM_PREFIX = "trim/"
"""Metadata keys ``trim/<JSBSim property>`` hold the trim values of a run."""
_FUEL_USED = Quantity(
    "fuel-used",
    "Fuel used",
    ("propulsion/engine/fuel-used-lbs", "propulsion/engine[0]/fuel-used-lbs"),
)
_INDEX = re.compile(r"\[\d+\]$")  # "fcs/throttle-cmd-norm[0]" -> unit of "...-norm"
MISSING = "–"
"""How a statistic that could not be computed is shown."""


@dataclass(frozen=True)
class RunSummary:
    """Key numbers of one run (``None`` when the needed property was not recorded).

    Units: duration [s], altitudes [ft] MSL, load factors [g], bank [deg],
    fuel [lb]; ``trim`` maps JSBSim property -> trim value in that property's unit.
    """

    label: str
    aircraft: str | None
    samples: int
    duration_s: float
    altitude_min_ft: float | None
    altitude_max_ft: float | None
    load_factor_max_g: float | None
    load_factor_min_g: float | None
    bank_max_deg: float | None
    fuel_used_lbs: float | None
    trim: dict[str, float] = field(default_factory=dict)


def _column(rec: Recording, quantity: Quantity, unit: str) -> np.ndarray | None:
    prop = quantity.source_property(rec)
    if prop is None:
        return None
    return to_display(rec[prop], quantity.recorded_unit(prop), unit)


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _fuel_used_lbs(rec: Recording) -> float | None:
    """Fuel burnt [lb]: drop of total fuel on board, else growth of the engine's fuel used."""
    total = _column(rec, FUEL, "lbf")
    if total is not None:
        return _finite(float(total[0] - total[-1]))
    used = _column(rec, _FUEL_USED, "lbf")
    return None if used is None else _finite(float(used[-1] - used[0]))


def summarize(recording: Recording, label: str) -> RunSummary:
    """The :class:`RunSummary` of ``recording`` (which must hold at least one sample).

    Max bank is the largest ``|φ|``; trim values are read from the
    ``trim/<property>`` metadata keys the runner writes.
    """
    altitude = _column(recording, ALTITUDE, "ft")
    load = _column(recording, LOAD_FACTOR, "g")
    roll = _column(recording, ROLL, "deg")
    trim: dict[str, float] = {}
    for key, value in recording.meta.items():
        if key.startswith(TRIM_PREFIX) and isinstance(value, (int, float)):
            trim[key[len(TRIM_PREFIX) :]] = float(value)
    aircraft = recording.meta.get("aircraft")
    return RunSummary(
        label=label,
        aircraft=str(aircraft) if aircraft is not None else None,
        samples=len(recording),
        duration_s=recording.duration_s,
        altitude_min_ft=None if altitude is None else _finite(float(np.nanmin(altitude))),
        altitude_max_ft=None if altitude is None else _finite(float(np.nanmax(altitude))),
        load_factor_max_g=None if load is None else _finite(float(np.nanmax(load))),
        load_factor_min_g=None if load is None else _finite(float(np.nanmin(load))),
        bank_max_deg=None if roll is None else _finite(float(np.nanmax(np.abs(roll)))),
        fuel_used_lbs=_fuel_used_lbs(recording),
        trim=trim,
    )


def _fmt(value: float | None, source: str, target: str, digits: int) -> str:
    if value is None:
        return MISSING
    shown = float(to_display(np.array(value), source, target))
    return f"{shown:,.{digits}f}"


def summary_table(
    summaries: Sequence[RunSummary], units: UnitSystem
) -> tuple[list[str], list[list[str]]]:
    """``(header, rows)`` of text: one column per run, one row per statistic.

    Row labels carry the display unit (``Altitude min [m]`` with ``units="si"``).
    Trim rows list every trim property any run reports.
    """
    ft = display_unit("ft", units)
    lb = display_unit("lbf", units, FUEL.display)
    header = ["", *(s.label for s in summaries)]
    rows: list[list[str]] = [
        ["Aircraft", *(s.aircraft or MISSING for s in summaries)],
        ["Duration [s]", *(f"{s.duration_s:,.1f}" for s in summaries)],
        ["Samples", *(f"{s.samples:,d}" for s in summaries)],
        [f"Altitude min [{ft}]", *(_fmt(s.altitude_min_ft, "ft", ft, 0) for s in summaries)],
        [f"Altitude max [{ft}]", *(_fmt(s.altitude_max_ft, "ft", ft, 0) for s in summaries)],
        ["Load factor max [g]", *(_fmt(s.load_factor_max_g, "g", "g", 2) for s in summaries)],
        ["Load factor min [g]", *(_fmt(s.load_factor_min_g, "g", "g", 2) for s in summaries)],
        ["Bank |φ| max [deg]", *(_fmt(s.bank_max_deg, "deg", "deg", 1) for s in summaries)],
        [f"Fuel used [{lb}]", *(_fmt(s.fuel_used_lbs, "lbf", lb, 2) for s in summaries)],
    ]
    trim_props = sorted({prop for s in summaries for prop in s.trim})
    for prop in trim_props:
        source = property_unit(_INDEX.sub("", prop))
        target = display_unit(source, units)
        label = f"Trim {prop} [{unit_label(target)}]"
        rows.append([label, *(_trim_cell(s.trim.get(prop), source, target) for s in summaries)])
    return header, rows


def _trim_cell(value: float | None, source: str, target: str) -> str:
    if value is None:
        return MISSING
    shown = round(float(to_display(np.array(value), source, target)), 4) + 0.0  # no "-0.0000"
    return f"{shown:,.4f}"
