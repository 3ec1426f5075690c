"""Summary statistics of a run, and the summary table of a report.

:func:`summarize` reduces a recording to a :class:`RunSummary` (values in
JSBSim's units: ft, g, deg, lb); :func:`summary_table` lays several summaries
out as rows of text in the display units of ``"imperial"`` or ``"si"``.
Statistics whose properties were not recorded, or hold no finite value, are
``None`` (shown as "–"); NaN samples are left out of every statistic.
"""

from __future__ import annotations

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
from flightsim.plots.style import with_minus_sign
from flightsim.recording import Recording
from flightsim.units import property_unit

TRIM_PREFIX = "trim/"
"""Metadata keys ``trim/<JSBSim property>`` hold the trim values of a run."""
_FUEL_USED = Quantity(
    "fuel-used",
    "Fuel used",
    ("propulsion/engine/fuel-used-lbs", "propulsion/engine[0]/fuel-used-lbs"),
)
_INDEX = re.compile(r"\[(\d+)\]$")  # "fcs/throttle-cmd-norm[0]" -> unit of "...-norm"
_TRIM_NAMES = {
    "fcs/elevator-cmd-norm": "elevator command",
    "fcs/pitch-trim-cmd-norm": "pitch trim command",
    "fcs/aileron-cmd-norm": "aileron command",
    "fcs/rudder-cmd-norm": "rudder command",
    "fcs/throttle-cmd-norm": "throttle command",
    "aero/alpha-deg": "angle of attack α",
    "aero/beta-deg": "sideslip β",
    "attitude/phi-deg": "roll φ",
    "attitude/theta-deg": "pitch θ",
    "attitude/psi-deg": "heading ψ",
    "flight-path/gamma-deg": "flight path angle γ",
    "velocities/vc-kts": "CAS",
    "velocities/vtrue-kts": "TAS",
}
"""Readable names of the properties JSBSim's trim sets or reports."""
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
    """The finite samples of ``quantity`` in ``unit`` (``None`` when there are none)."""
    prop = quantity.source_property(rec)
    if prop is None:
        return None
    values = rec[prop]
    finite = values[np.isfinite(values)]
    return to_display(finite, quantity.recorded_unit(prop), unit) if finite.size else None


def _fuel_used_lbs(rec: Recording) -> float | None:
    """Fuel burnt [lb]: drop of total fuel on board, else growth of the engine's fuel used."""
    total = _column(rec, FUEL, "lbf")
    if total is not None:
        return float(total[0] - total[-1])
    used = _column(rec, _FUEL_USED, "lbf")
    return None if used is None else float(used[-1] - used[0])


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
        altitude_min_ft=None if altitude is None else float(altitude.min()),
        altitude_max_ft=None if altitude is None else float(altitude.max()),
        load_factor_max_g=None if load is None else float(load.max()),
        load_factor_min_g=None if load is None else float(load.min()),
        bank_max_deg=None if roll is None else float(np.abs(roll).max()),
        fuel_used_lbs=_fuel_used_lbs(recording),
        trim=trim,
    )


def _fmt(value: float | None, source: str, target: str, digits: int) -> str:
    if value is None:
        return MISSING
    shown = float(to_display(np.array(value), source, target))
    return with_minus_sign(f"{shown:,.{digits}f}")


def summary_table(
    summaries: Sequence[RunSummary], units: UnitSystem
) -> tuple[list[str], list[list[str]]]:
    """``(header, rows)`` of text: one column per run, one row per statistic.

    Row labels carry the display unit (``Altitude min [m]`` with ``units="si"``).
    Trim rows list every trim property any run reports, by readable name
    (``Trim: throttle command, engine 1 [norm.]``; :func:`trim_note` gives the
    JSBSim properties behind them).
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
        label = f"Trim: {trim_label(prop)} [{unit_label(target)}]"
        rows.append([label, *(_trim_cell(s.trim.get(prop), source, target) for s in summaries)])
    return header, rows


def trim_label(prop: str) -> str:
    """A readable name for a trim property: ``"fcs/throttle-cmd-norm[1]"`` ->
    ``"throttle command, engine 2"``; an unknown property keeps its path."""
    index = _INDEX.search(prop)
    base = _INDEX.sub("", prop)
    name = _TRIM_NAMES.get(base, base)
    return f"{name}, engine {int(index.group(1)) + 1}" if index else name


def trim_note(summaries: Sequence[RunSummary]) -> str | None:
    """Which JSBSim property each trim row of :func:`summary_table` shows (``None``
    when no run has trim values)."""
    props = sorted({prop for s in summaries for prop in s.trim})
    if not props:
        return None
    return "Trim rows, JSBSim properties: " + "; ".join(f"{trim_label(p)} = {p}" for p in props)


def _trim_cell(value: float | None, source: str, target: str) -> str:
    if value is None:
        return MISSING
    shown = round(float(to_display(np.array(value), source, target)), 4) + 0.0  # no "-0.0000"
    return with_minus_sign(f"{shown:,.4f}")


def summary_contents(
    recordings: Sequence[Recording], labels: Sequence[str], units: UnitSystem
) -> tuple[list[str], list[list[str]], tuple[str, ...]]:
    """``(header, rows, notes)`` of the run summary of ``recordings`` named ``labels``:
    :func:`summary_table` of their summaries and the :func:`trim_note`."""
    summaries = [summarize(rec, label) for rec, label in zip(recordings, labels, strict=True)]
    header, rows = summary_table(summaries, units)
    note = trim_note(summaries)
    return header, rows, (note,) if note else ()
