"""What the figures plot: named quantities, the JSBSim properties that hold them, display units.

A :class:`Quantity` names one physical signal (altitude, KCAS, roll angle...)
and lists the JSBSim properties that can supply it, in order of preference
(``position/h-sl-ft``, then ``position/h-sl-meters``). :func:`series` finds the
first of them in a :class:`~flightsim.sim.recording.Recording` and converts the
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

from dataclasses import dataclass
from typing import Literal

import numpy as np

from flightsim.errors import UnitError, suggest
from flightsim.sim.recording import Recording
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


@dataclass(frozen=True)
class Quantity:
    """A signal a figure plots.

    ``properties`` are the JSBSim properties that can supply it, preferred
    first. ``display`` overrides the display unit per system as
    ``(imperial, si)`` (e.g. vertical speed in ft/min, fuel in lb/kg mass);
    ``None`` derives it from the property's unit suffix. ``unit`` names the
    recorded unit for properties whose name has no unit suffix (``accelerations/Nz``).
    """

    key: str
    label: str
    properties: tuple[str, ...]
    display: tuple[str, str] | None = None
    unit: str | None = None

    def recorded_unit(self, prop: str) -> str:
        """Unit of ``prop`` as recorded: :attr:`unit`, else read from its name."""
        return self.unit or property_unit(prop)

    def source_property(self, recording: Recording) -> str | None:
        """The first of :attr:`properties` that ``recording`` holds, or ``None``."""
        return next((p for p in self.properties if p in recording.columns), None)


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
) -> Quantity:
    return Quantity(key, label, props, display, unit)


ALTITUDE = _q("altitude", "Altitude MSL", "position/h-sl-ft", "position/h-sl-meters")
VERTICAL_SPEED = _q(
    "vertical-speed", "Vertical speed", "velocities/h-dot-fps", display=("ft/min", "m/s")
)
KCAS = _q("kcas", "CAS", "velocities/vc-kts")
KTAS = _q("ktas", "TAS", "velocities/vtrue-kts")
MACH = _q("mach", "Mach", "velocities/mach")
ROLL = _q("roll", "Roll φ", "attitude/phi-deg", "attitude/phi-rad")
PITCH = _q("pitch", "Pitch θ", "attitude/theta-deg", "attitude/theta-rad")
HEADING = _q("heading", "Heading ψ", "attitude/psi-deg", "attitude/psi-rad")
ROLL_RATE = _q("p", "Roll rate p", "velocities/p-rad_sec", "velocities/p-deg_sec")
PITCH_RATE = _q("q", "Pitch rate q", "velocities/q-rad_sec", "velocities/q-deg_sec")
YAW_RATE = _q("r", "Yaw rate r", "velocities/r-rad_sec", "velocities/r-deg_sec")
ALPHA = _q("alpha", "Angle of attack α", "aero/alpha-deg", "aero/alpha-rad")
BETA = _q("beta", "Sideslip β", "aero/beta-deg", "aero/beta-rad")
LOAD_FACTOR = _q("nz", "Load factor n_z", "accelerations/Nz", "forces/load-factor", unit="g")
ELEVATOR = _q(
    "elevator", "Elevator", "fcs/elevator-pos-deg", "fcs/elevator-pos-rad", "fcs/elevator-cmd-norm"
)
AILERON = _q(
    "aileron",
    "Aileron (left)",
    "fcs/left-aileron-pos-deg",
    "fcs/left-aileron-pos-rad",
    "fcs/aileron-cmd-norm",
)
RUDDER = _q("rudder", "Rudder", "fcs/rudder-pos-deg", "fcs/rudder-pos-rad", "fcs/rudder-cmd-norm")
THROTTLE = _q(
    "throttle",
    "Throttle",
    "fcs/throttle-pos-norm",
    "fcs/throttle-cmd-norm",
    "fcs/throttle-pos-norm[0]",
    "fcs/throttle-cmd-norm[0]",
)
ENGINE_RPM = _q(
    "rpm",
    "Engine speed",
    "propulsion/engine/engine-rpm",
    "propulsion/engine[0]/engine-rpm",
    "propulsion/engine/propeller-rpm",
    "propulsion/engine[0]/propeller-rpm",
)
THRUST = _q("thrust", "Thrust", "propulsion/engine/thrust-lbs", "propulsion/engine[0]/thrust-lbs")
FUEL = _q("fuel", "Fuel on board", "propulsion/total-fuel-lbs", display=("lb", "kg"))

LATITUDE = _q("latitude", "Latitude", "position/lat-geod-deg", "position/lat-gc-deg")
LONGITUDE = _q("longitude", "Longitude", "position/long-gc-deg")
NORTH_FT = _q("north", "North", "position/from-start-neu-n-ft")
EAST_FT = _q("east", "East", "position/from-start-neu-e-ft")
NORTH_UNSIGNED = _q("north-unsigned", "North", "position/distance-from-start-lat-mt")
EAST_UNSIGNED = _q("east-unsigned", "East", "position/distance-from-start-lon-mt")
