"""What the figures plot: named quantities, the JSBSim properties that hold them, display units.

A :class:`Quantity` names one physical signal (altitude, KCAS, roll angle...)
and lists the JSBSim properties that can supply it, in order of preference
(``position/h-sl-ft``, then ``position/h-sl-meters``). :func:`series` finds the
first of them in a :class:`~flightsim.recording.Recording` and converts the
column to the display unit of the chosen unit system:

============  =================  =================
quantity      ``"imperial"``      ``"si"``
============  =================  =================
altitude      ft                 m
airspeed      kt                 m/s
vert. speed   ft/min             m/s
angles        deg                deg
rates         deg/s              deg/s
force         lbf                N
fuel (mass)   lb                 kg
============  =================  =================

Conversion factors come from :func:`flightsim.units.convert` (exact NIST factors).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from flightsim.errors import UnitError, suggest
from flightsim.recording import Recording
from flightsim.units import convert, property_unit

UnitSystem = Literal["imperial", "si"]
UNIT_SYSTEMS: tuple[UnitSystem, ...] = ("imperial", "si")

# Source unit (as :func:`flightsim.units.property_unit` names it) -> display unit per system.
_DISPLAY_UNITS: dict[str, tuple[str, str]] = {
    "ft": ("ft", "m"),
    "m": ("ft", "m"),
    "km": ("ft", "m"),
    "kt": ("kt", "m/s"),
    "ft/s": ("ft/s", "m/s"),
    "m/s": ("ft/s", "m/s"),
    "ft/min": ("ft/min", "m/s"),
    "deg": ("deg", "deg"),
    "rad": ("deg", "deg"),
    "deg/s": ("deg/s", "deg/s"),
    "rad/s": ("deg/s", "deg/s"),
    "lbf": ("lbf", "N"),
}

# How a unit is written on an axis (JSBSim-style names are for conversion only).
_LABELS = {"norm": "norm.", "-": "–", "": "–"}


def check_unit_system(units: str) -> UnitSystem:
    """Return ``units`` if it is ``"imperial"`` or ``"si"``; raise :class:`UnitError` otherwise."""
    if units == "imperial":
        return "imperial"
    if units == "si":
        return "si"
    raise UnitError(
        f"unknown unit system '{units}': use 'imperial' (ft, kt, lbf) or 'si' (m, m/s, N)."
        f"{suggest(str(units).lower(), UNIT_SYSTEMS)}"
    )


ENGINE = "{engine}"
"""Placeholder in a :class:`Quantity` property for the engine index: ``""`` or ``"[i]"``.

JSBSim names the first engine ``propulsion/engine/...`` (also ``engine[0]``) and
the others ``propulsion/engine[1]/...``; throttles likewise ``fcs/throttle-pos-norm[1]``.
"""


@dataclass(frozen=True)
class Quantity:
    """A signal a figure plots.

    ``properties`` are the JSBSim properties that can supply it, preferred
    first; a property holding :data:`ENGINE` exists once per engine (see
    :meth:`for_engine`). ``display`` overrides the display unit per system as
    ``(imperial, si)`` (e.g. vertical speed in ft/min, fuel in lb/kg mass);
    ``None`` derives it from the property's unit suffix. ``unit`` names the
    recorded unit for properties whose name has no unit suffix (``accelerations/Nz``).
    ``min_span`` is the smallest y range a panel gives it, as ``(value, unit)``
    (a level flight's 0.3 ft of altitude drift is drawn as the flat line it is,
    not stretched to full height); without it, 1 % of the mean magnitude.
    ``period_deg`` marks an angle that wraps (heading: 360).
    ``engine`` is the engine index of a per-engine quantity made by :meth:`for_engine`.
    """

    key: str
    label: str
    properties: tuple[str, ...]
    display: tuple[str, str] | None = None
    unit: str | None = None
    min_span: tuple[float, str] | None = None
    period_deg: float | None = None
    engine: int | None = None

    def recorded_unit(self, prop: str) -> str:
        """Unit of ``prop`` as recorded: :attr:`unit`, else read from its name."""
        return self.unit or property_unit(prop)

    @property
    def per_engine(self) -> bool:
        """Whether this quantity exists once per engine (its properties hold :data:`ENGINE`)."""
        return any(ENGINE in p for p in self.properties)

    def for_engine(self, index: int) -> Quantity:
        """This quantity of engine ``index`` (0-based): key ``"rpm"``, then ``"rpm[1]"``..."""
        fills = ("", "[0]") if index == 0 else (f"[{index}]",)
        props = tuple(dict.fromkeys(p.replace(ENGINE, f) for p in self.properties for f in fills))
        key = self.key if index == 0 else f"{self.key}[{index}]"
        return replace(self, key=key, properties=props, engine=index)

    def engines(self, recordings: Sequence[Recording]) -> list[int]:
        """Indices of the engines any of ``recordings`` records this quantity for (``[0]``
        when none, or when the quantity is not per engine)."""
        if not self.per_engine:
            return [0]
        patterns = [
            re.compile(re.escape(p).replace(re.escape(ENGINE), r"(?:\[(\d+)\])?") + "$")
            for p in self.properties
        ]
        found = {
            int(match.group(1) or 0)
            for rec in recordings
            for name in rec.columns
            for pattern in patterns
            if (match := pattern.match(name))
        }
        return sorted(found) or [0]

    @property
    def property_names(self) -> tuple[str, ...]:
        """:attr:`properties` as a reader knows them: the first engine's for a per-engine
        one, without the ``[0]`` spelling of a name also listed without it."""
        names = dict.fromkeys(p.replace(ENGINE, "") for p in self.properties)
        return tuple(
            n for n in names if n.replace("[0]", "") == n or n.replace("[0]", "") not in names
        )

    def source_property(self, recording: Recording) -> str | None:
        """The first of :attr:`properties` that ``recording`` holds, or ``None``.

        A per-engine quantity that is not yet bound to an engine looks for engine 0.
        """
        props = self.for_engine(0).properties if self.per_engine else self.properties
        return next((p for p in props if p in recording.columns), None)

    def span_floor(self, display: str, values: np.ndarray) -> float:
        """Smallest y span [``display`` unit] to give ``values``: :attr:`min_span`
        converted, else 1 % of their mean magnitude (0 for no finite values)."""
        if self.min_span is not None:
            value, unit = self.min_span
            try:
                return float(to_display(np.array(value), unit, display))
            except UnitError:
                pass  # e.g. a surface recorded as a command [norm] instead of degrees
        finite = values[np.isfinite(values)]
        return 0.01 * float(np.mean(np.abs(finite))) if finite.size else 0.0


@dataclass(frozen=True)
class Series:
    """One quantity of one run, ready to plot: time [s], values in ``unit``."""

    time_s: np.ndarray
    values: np.ndarray
    unit: str
    source: str


def display_unit(
    source_unit: str, units: UnitSystem, override: tuple[str, str] | None = None
) -> str:
    """The unit a value in ``source_unit`` is shown in under the unit system ``units``."""
    pair = override or _DISPLAY_UNITS.get(source_unit)
    if pair is None:
        return source_unit
    return pair[0] if units == "imperial" else pair[1]


def unit_label(unit: str) -> str:
    """How ``unit`` is written in an axis label (``"norm"`` -> ``"norm."``)."""
    return _LABELS.get(unit, unit)


def plain_text(label: str) -> str:
    """``label`` without mathtext markers, for HTML and notes: ``"$n_z$"`` -> ``"n_z"``."""
    return label.replace("$", "")


def to_display(values: np.ndarray, source_unit: str, target_unit: str) -> np.ndarray:
    """``values`` converted from ``source_unit`` to ``target_unit`` (same array if equal)."""
    if source_unit == target_unit:
        return values
    return values * convert(1.0, source_unit, target_unit)


def series(recording: Recording, quantity: Quantity, units: UnitSystem) -> Series | None:
    """``quantity`` from ``recording`` in display units, or ``None`` when not recorded."""
    prop = quantity.source_property(recording)
    if prop is None:
        return None
    source_unit = quantity.recorded_unit(prop)
    target = display_unit(source_unit, units, quantity.display)
    values = to_display(recording[prop], source_unit, target)
    return Series(recording.time_s, values, target, prop)


def _q(
    key: str,
    label: str,
    *props: str,
    display: tuple[str, str] | None = None,
    unit: str | None = None,
    min_span: tuple[float, str] | None = None,
    period_deg: float | None = None,
) -> Quantity:
    return Quantity(key, label, props, display, unit, min_span, period_deg)


_ANGLE_SPAN = (1.0, "deg")
_RATE_SPAN = (1.0, "deg/s")

ALTITUDE = _q(
    "altitude", "Altitude MSL", "position/h-sl-ft", "position/h-sl-meters", min_span=(10.0, "ft")
)
VERTICAL_SPEED = _q(
    "vertical-speed",
    "Vertical speed",
    "velocities/h-dot-fps",
    display=("ft/min", "m/s"),
    min_span=(100.0, "ft/min"),
)
KCAS = _q("kcas", "CAS", "velocities/vc-kts", min_span=(2.0, "kt"))
KTAS = _q("ktas", "TAS", "velocities/vtrue-kts", min_span=(2.0, "kt"))
MACH = _q("mach", "Mach", "velocities/mach", min_span=(0.003, "-"))  # ~2 kt
ROLL = _q("roll", "Roll φ", "attitude/phi-deg", "attitude/phi-rad", min_span=_ANGLE_SPAN)
PITCH = _q("pitch", "Pitch θ", "attitude/theta-deg", "attitude/theta-rad", min_span=_ANGLE_SPAN)
HEADING = _q(
    "heading",
    "Heading ψ",
    "attitude/psi-deg",
    "attitude/psi-rad",
    min_span=_ANGLE_SPAN,
    period_deg=360.0,
)
ROLL_RATE = _q(
    "p", "Roll rate p", "velocities/p-rad_sec", "velocities/p-deg_sec", min_span=_RATE_SPAN
)
PITCH_RATE = _q(
    "q", "Pitch rate q", "velocities/q-rad_sec", "velocities/q-deg_sec", min_span=_RATE_SPAN
)
YAW_RATE = _q(
    "r", "Yaw rate r", "velocities/r-rad_sec", "velocities/r-deg_sec", min_span=_RATE_SPAN
)
ALPHA = _q("alpha", "Angle of attack α", "aero/alpha-deg", "aero/alpha-rad", min_span=_ANGLE_SPAN)
BETA = _q("beta", "Sideslip β", "aero/beta-deg", "aero/beta-rad", min_span=_ANGLE_SPAN)
LOAD_FACTOR = _q(
    "nz",
    "Load factor $n_z$",
    "accelerations/Nz",
    "forces/load-factor",
    unit="g",
    min_span=(0.1, "g"),
)
ELEVATOR = _q(
    "elevator",
    "Elevator",
    "fcs/elevator-pos-deg",
    "fcs/elevator-pos-rad",
    "fcs/elevator-cmd-norm",
    min_span=_ANGLE_SPAN,
)
AILERON = _q(
    "aileron",
    "Aileron (left)",
    "fcs/left-aileron-pos-deg",
    "fcs/left-aileron-pos-rad",
    "fcs/aileron-cmd-norm",
    min_span=_ANGLE_SPAN,
)
RUDDER = _q(
    "rudder",
    "Rudder",
    "fcs/rudder-pos-deg",
    "fcs/rudder-pos-rad",
    "fcs/rudder-cmd-norm",
    min_span=_ANGLE_SPAN,
)
THROTTLE = _q(
    "throttle",
    "Throttle",
    f"fcs/throttle-pos-norm{ENGINE}",
    f"fcs/throttle-cmd-norm{ENGINE}",
    min_span=(0.05, "norm"),
)
ENGINE_RPM = _q(
    "rpm",
    "Engine speed",
    f"propulsion/engine{ENGINE}/engine-rpm",
    f"propulsion/engine{ENGINE}/propeller-rpm",
    min_span=(20.0, "rpm"),
)
N1 = _q("n1", "N1 (fan)", f"propulsion/engine{ENGINE}/n1", unit="%", min_span=(1.0, "%"))
"""Turbine low-pressure spool speed, percent of its rated speed (JSBSim FGTurbine ``n1``)."""
N2 = _q("n2", "N2 (core)", f"propulsion/engine{ENGINE}/n2", unit="%", min_span=(1.0, "%"))
"""Turbine high-pressure spool speed, percent of its rated speed (JSBSim FGTurbine ``n2``)."""
THRUST = _q("thrust", "Thrust", f"propulsion/engine{ENGINE}/thrust-lbs")
FUEL = _q("fuel", "Fuel on board", "propulsion/total-fuel-lbs", display=("lb", "kg"))

LATITUDE = _q("latitude", "Latitude", "position/lat-geod-deg", "position/lat-gc-deg")
LONGITUDE = _q("longitude", "Longitude", "position/long-gc-deg")
NORTH_FT = _q("north", "North", "position/from-start-neu-n-ft")
EAST_FT = _q("east", "East", "position/from-start-neu-e-ft")
NORTH_UNSIGNED = _q("north-unsigned", "North", "position/distance-from-start-lat-mt")
EAST_UNSIGNED = _q("east-unsigned", "East", "position/distance-from-start-lon-mt")
