"""``AircraftSpec``: the compact description an aircraft is generated from.

A spec is a TOML file (``aircraft/<name>/<name>.toml``). Every quantity is a
string with a unit (``"10.9 m"``, ``"1200 kg"``, ``"160 hp"``, ``"50 kt"``,
``"170 ft2"``, ``"3500 lbf"``) or a bare number in the key's default unit
(:data:`DEFAULT_UNITS`). The dataclasses hold SI values (m, m², kg, W, N, m/s,
deg); optional values left out are None and estimated by
:mod:`flightsim.design.estimation`. Errors name the key and the TOML line.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from flightsim.atmosphere import RHO0
from flightsim.errors import ConfigError, UnitError, suggest
from flightsim.tomlfile import dump_toml, line_of, read_toml
from flightsim.units import (
    FT_M,
    G0_M_S2,
    KT_M_S,
    LB_KG,
    LBF_N,
    convert,
    parse_quantity,
    split_quantity,
)

CLASSES = (
    "light-single",
    "light-twin",
    "turboprop",
    "business-jet",
    "airliner",
    "glider",
    "fighter",
)
"""Aircraft classes a spec may name (``class = ...``)."""
ENGINES = ("piston", "turboprop", "turbofan", "electric", "none")
"""Engine kinds (``[propulsion] engine = ...``)."""
PROPELLER_ENGINES = ("piston", "turboprop", "electric")
"""Engine kinds that drive a propeller (they take ``power``, not ``thrust``)."""
GEAR_TYPES = ("tricycle", "taildragger", "skid")
"""Landing gear layouts (``[gear] type = ...``)."""
WING_POSITIONS = ("low", "mid", "high")
"""Wing positions on the fuselage (``[wing] position = ...``)."""

# key -> (JSBSim/alias unit a bare number is in, SI unit the dataclass holds)
DEFAULT_UNITS: dict[str, tuple[str, str]] = {
    "mass": ("KG", "KG"),
    "length": ("M", "M"),
    "area": ("M2", "M2"),
    "power": ("kW", "WATTS"),
    "force": ("N", "N"),
    "speed": ("KTS", "M/S"),
    "altitude": ("FT", "M"),
    "angle": ("DEG", "DEG"),
}
"""Per dimension: the unit of a bare number, and the SI unit the spec stores."""

_UNIT_SHOWN = {
    "KG": "kg",
    "M": "m",
    "M2": "m2",
    "kW": "kW",
    "WATTS": "W",
    "N": "N",
    "KTS": "kt",
    "M/S": "m/s",
    "FT": "ft",
    "DEG": "deg",
}
"""How the units of :data:`DEFAULT_UNITS` are written in messages."""
MAX_CRUISE_ALTITUDE = 20000.0
"""Highest cruise altitude accepted [m]: the top of the standard atmosphere the
estimates use (:func:`flightsim.atmosphere.isa`)."""
_THRUST_TABLE_TOP = (
    60000.0 * FT_M,
    "the top of the generated engine's thrust table: above it JSBSim would hold the "
    "thrust of the table's top, more than the engine gives",
)
"""The turbine engines' ceiling [m] and why (their generated thrust tables stop there)."""
ENGINE_CEILINGS: dict[str, tuple[float, str]] = {
    "piston": (
        30000.0 * FT_M,
        "JSBSim's piston model is normally aspirated, and its friction does not thin with "
        "the air: above this it gives no power at part throttle, and the trim, searching "
        "the throttle, stalls it (at full throttle it gives a quarter of its rated power "
        "here; a supercharged or turbocharged engine is not modelled)",
    ),
    "turboprop": _THRUST_TABLE_TOP,
    "turbofan": _THRUST_TABLE_TOP,
}
"""Highest cruise altitude [m] each engine kind is generated for, and why; an electric
motor (full power at every altitude) and a glider reach :data:`MAX_CRUISE_ALTITUDE`.
The piston's was measured: C172-, Beaver- and Seneca-like aircraft given the power to
cruise at 30,000 ft (400-2,500 hp) trim there at 80-93% throttle; at 32,500 and 35,000 ft a
C172 with 600-1,500 hp, its cruise check passed, did not trim (at 30,000 ft, half throttle
gave -17 hp of 400). Without the check, a piston cruising where the estimates' power lapse
1.132 σ - 0.132 is negative (above 55,800 ft) was told it lacked thrust "of the -44 N the
engines give there"."""
MIN_FINENESS = 3.0
"""Shortest fuselage accepted, length over diameter: the body wetted-area and form-factor
estimates (Torenbeek App. F, Raymer eq. 12.31) are for slender bodies (Torenbeek's
π d L (1 - 2/f)^(2/3) vanishes at f = 2); real fuselages are 5..12 (Raymer §6.4)."""

MAX_NAME = 64
"""Longest aircraft name [characters]: it names the folder and the files."""
_NAME = re.compile(rf"^[A-Za-z][A-Za-z0-9_-]{{0,{MAX_NAME - 1}}}$")


@dataclass(frozen=True)
class MassSpec:
    """Masses [kg]: maximum take-off, empty (optional), usable fuel (optional)."""

    mtow: float
    empty: float | None = None
    fuel: float | None = None


@dataclass(frozen=True)
class WingSpec:
    """The wing: span [m], area [m²]; the rest optional (angles in deg)."""

    span: float
    area: float
    aspect_ratio: float | None = None
    taper: float | None = None
    sweep: float | None = None
    dihedral: float | None = None
    incidence: float | None = None
    root_chord: float | None = None
    thickness: float | None = None
    position: str | None = None


@dataclass(frozen=True)
class FuselageSpec:
    """The fuselage: length [m], maximum diameter [m] (optional)."""

    length: float
    diameter: float | None = None

    def __post_init__(self) -> None:
        """Refuse a fuselage the estimates cannot describe (also one built in Python)."""
        fault = _fuselage_fault(self.length, self.diameter, WrittenUnits())
        if fault is not None:
            raise ConfigError(f"{fault[0]}: {fault[1]}")


@dataclass(frozen=True)
class TailSpec:
    """Tail areas [m²] and arms [m] from the CG to the tail's quarter chord (all optional)."""

    htail_area: float | None = None
    htail_arm: float | None = None
    vtail_area: float | None = None
    vtail_arm: float | None = None


@dataclass(frozen=True)
class PropulsionSpec:
    """Engines: kind, count, power per engine [W] or thrust per engine [N]."""

    engine: str
    count: int = 1
    power: float | None = None
    thrust: float | None = None
    propeller_diameter: float | None = None


@dataclass(frozen=True)
class GearSpec:
    """Landing gear layout and whether it retracts."""

    type: str = "tricycle"
    retractable: bool = False


@dataclass(frozen=True)
class PerformanceSpec:
    """Stall speed (clean, MTOW) [m/s CAS], cruise speed [m/s TAS], cruise altitude [m]."""

    stall_speed: float
    cruise_speed: float
    cruise_altitude: float
    best_glide_speed: float | None = None


@dataclass(frozen=True)
class AircraftSpec:
    """A whole aircraft description; see the module docstring and docs/generating.md."""

    name: str
    aircraft_class: str
    mass: MassSpec
    wing: WingSpec
    fuselage: FuselageSpec
    propulsion: PropulsionSpec
    performance: PerformanceSpec
    tail: TailSpec = field(default_factory=TailSpec)
    gear: GearSpec = field(default_factory=GearSpec)
    description: str = ""
    written: Mapping[str, tuple[float, str | None]] = field(
        default_factory=dict, compare=False, repr=False
    )
    """Quantities as the spec file wrote them, by dotted key: (number, unit or None for a
    bare number); empty for a spec built in Python."""

    def with_name(self, name: str) -> AircraftSpec:
        """The same spec under another name."""
        return replace(self, name=name)

    def units(self) -> WrittenUnits:
        """Quotes values in the units the spec's author wrote (SI for a spec built in
        Python): ``show(key, si)``, ``convert(key, si)``, ``force(si)``."""
        return WrittenUnits(self.written)


# table -> key -> (dimension or kind, required)
_SCHEMA: dict[str, dict[str, tuple[str, bool]]] = {
    "mass": {"mtow": ("mass", True), "empty": ("mass", False), "fuel": ("mass", False)},
    "wing": {
        "span": ("length", True),
        "area": ("area", True),
        "aspect_ratio": ("number", False),
        "taper": ("number", False),
        "sweep": ("angle", False),
        "dihedral": ("angle", False),
        "incidence": ("angle", False),
        "root_chord": ("length", False),
        "thickness": ("number", False),
        "position": ("choice:" + "|".join(WING_POSITIONS), False),
    },
    "fuselage": {"length": ("length", True), "diameter": ("length", False)},
    "tail": {
        "htail_area": ("area", False),
        "htail_arm": ("length", False),
        "vtail_area": ("area", False),
        "vtail_arm": ("length", False),
    },
    "propulsion": {
        "engine": ("choice:" + "|".join(ENGINES), True),
        "count": ("count", False),
        "power": ("power", False),
        "thrust": ("force", False),
        "propeller_diameter": ("length", False),
    },
    "gear": {"type": ("choice:" + "|".join(GEAR_TYPES), False), "retractable": ("bool", False)},
    "performance": {
        "stall_speed": ("speed", True),
        "cruise_speed": ("speed", True),
        "cruise_altitude": ("altitude", True),
        "best_glide_speed": ("speed", False),
    },
}
_REQUIRED_TABLES = ("mass", "wing", "fuselage", "propulsion", "performance")
_TOP = ("name", "class", "description")


def _kind(key: str) -> str:
    """The dimension (or kind) of the dotted spec ``key``, from the schema."""
    table, _, name = key.partition(".")
    return _SCHEMA[table][name][0]


def _quoted(value: float, unit: str) -> str:
    """A value in ``unit`` for a message: whole units from 1,000 to 10^9 (``"65,617 ft"``),
    else three significant digits (``"9.14 km"``, ``"1.26e+150 kt"``)."""
    number = f"{value:,.0f}" if 1000.0 <= abs(value) < 1e9 else f"{value:.3g}"
    return f"{number} {unit}"


class WrittenUnits:
    """The spec's quantities as their author wrote them (number, unit or None for a bare
    number), to quote values back in the author's units; empty for a spec built in Python,
    whose values are quoted in SI."""

    def __init__(self, written: Mapping[str, tuple[float, str | None]] | None = None):
        self.written = dict(written or {})

    def unit(self, key: str) -> tuple[str, str]:
        """The unit ``key`` is quoted in: (as it is written in messages, its JSBSim name)."""
        bare, si = DEFAULT_UNITS[_kind(key)]
        if key not in self.written:
            return _UNIT_SHOWN[si], si
        unit = self.written[key][1]
        return (unit, unit) if unit is not None else (_UNIT_SHOWN[bare], bare)

    def show(self, key: str, si_value: float) -> str:
        """``key``'s value as written: ``"-250 ft2"``, ``"48 (a bare number, read in m)"``."""
        if _kind(key) not in DEFAULT_UNITS:
            return f"{si_value:g}"
        if key not in self.written:
            return f"{si_value:g} {self.unit(key)[0]}"
        number, unit = self.written[key]
        if unit is None and number == 0.0:  # zero in every unit
            return f"0 {self.unit(key)[0]}"
        if unit is None:
            return f"{number:g} (a bare number, read in {self.unit(key)[0]})"
        return f"{number:g} {unit}"

    def convert(self, key: str, si_value: float) -> str:
        """An SI value of ``key``'s dimension in the unit ``key`` is written in."""
        shown, name = self.unit(key)
        si = DEFAULT_UNITS[_kind(key)][1]
        value = convert(si_value, si, name)
        return _quoted(value, shown)

    def force(self, si_value: float) -> str:
        """A force [N] in the unit the spec's thrust is written in; without a thrust, in lbf
        when its MTOW is written in pounds, else in N."""
        if "propulsion.thrust" in self.written:
            return self.convert("propulsion.thrust", si_value)
        unit = self.written.get("mass.mtow", (0.0, None))[1]
        pounds = unit is not None and math.isclose(convert(1.0, unit, "KG"), LB_KG)
        value, shown = (si_value / LBF_N, "lbf") if pounds else (si_value, "N")
        return _quoted(value, shown)


class _Reader:
    """Reads values out of the parsed TOML, raising errors with file and line."""

    def __init__(self, file: Path | None, lines: Mapping[str, int]):
        self.file = file
        self.lines = lines
        self.given = WrittenUnits()

    def fail(self, path: str, message: str) -> ConfigError:
        return ConfigError(f"{path}: {message}", file=self.file, line=line_of(self.lines, path))

    def value(self, path: str, raw: object, kind: str) -> object:
        if kind.startswith("choice:"):
            choices = kind[len("choice:") :].split("|")
            if not isinstance(raw, str) or raw not in choices:
                raise self.fail(
                    path,
                    f"{raw!r} is not one of {', '.join(choices)}.{suggest(str(raw), choices)}",
                )
            return raw
        if kind == "bool":
            if not isinstance(raw, bool):
                raise self.fail(path, f"expected true or false, got {raw!r}")
            return raw
        if kind == "count":
            if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= 8:
                raise self.fail(path, f"expected a whole number of engines 1..8, got {raw!r}")
            return raw
        if kind == "number":
            if isinstance(raw, bool) or not isinstance(raw, (int, float)):
                raise self.fail(path, f"expected a plain number, got {raw!r}")
            return float(raw)
        bare, si = DEFAULT_UNITS[kind]
        if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
            raise self.fail(path, f"expected a quantity such as '{_EXAMPLES[kind]}', got {raw!r}")
        try:
            number = parse_quantity(raw, bare, name=path)
            self.given.written[path] = split_quantity(raw, name=path)
            return parse_quantity(f"{number!r} {bare}", si, name=path)
        except UnitError as exc:
            message = str(exc).removeprefix(f"{path}: ")
            article = "an" if kind[0] in "aeiou" else "a"
            raise self.fail(
                path, f"{message} ({article} {kind}, e.g. '{_EXAMPLES[kind]}')"
            ) from None


_EXAMPLES = {
    "mass": "1200 kg",
    "length": "10.9 m",
    "area": "16.2 m2",
    "power": "160 hp",
    "force": "3500 lbf",
    "speed": "50 kt",
    "altitude": "6000 ft",
    "angle": "3 deg",
}


def spec_from_dict(
    data: Mapping[str, Any], *, file: Path | None = None, lines: Mapping[str, int] | None = None
) -> AircraftSpec:
    """Build and check a spec from parsed TOML data (``file``/``lines`` locate errors)."""
    reader = _Reader(file, lines or {})
    for key, value in data.items():
        if key not in _TOP and key not in _SCHEMA and isinstance(value, dict):
            raise reader.fail(key, _unknown_table(key))
        if key not in _TOP and key not in _SCHEMA:
            raise reader.fail(key, f"unknown key.{_misplaced(key, None, [*_TOP, *_SCHEMA])}")
        if key in _SCHEMA and not isinstance(value, dict):
            raise reader.fail(key, "expected a table ([" + key + "])")
    for key in ("name", "class"):
        if key not in data:
            raise ConfigError(f"{key}: missing (a required key)", file=file, line=1)
    name, klass = data["name"], data["class"]
    if isinstance(name, str) and len(name) > MAX_NAME:
        raise reader.fail(
            "name", f"{len(name)} characters long: a name is at most {MAX_NAME} (it names files)"
        )
    if not isinstance(name, str) or not _NAME.match(name):
        raise reader.fail("name", "a name of letters, digits, '-' and '_' starting with a letter")
    reader.value("class", klass, "choice:" + "|".join(CLASSES))
    description = data.get("description", "")
    if not isinstance(description, str):
        raise reader.fail("description", "expected a string")
    tables: dict[str, dict[str, object]] = {}
    for table, schema in _SCHEMA.items():
        given = data.get(table)
        if given is None:
            if table in _REQUIRED_TABLES:
                raise ConfigError(f"[{table}]: missing (a required table)", file=file, line=1)
            given = {}
        values: dict[str, object] = {}
        for key, raw in given.items():
            path = f"{table}.{key}"
            if key not in schema:
                raise reader.fail(path, f"unknown key.{_misplaced(key, table, list(schema))}")
            values[key] = reader.value(path, raw, schema[key][0])
        for key, (_, required) in schema.items():
            if required and key not in values:
                raise ConfigError(
                    f"{table}.{key}: missing (a required key of [{table}])",
                    file=file,
                    line=reader.lines.get(table, 1),
                )
        tables[table] = values
    length, diameter = tables["fuselage"]["length"], tables["fuselage"].get("diameter")
    fault = _fuselage_fault(length, diameter, reader.given)  # type: ignore[arg-type]
    if fault is not None:  # before FuselageSpec refuses it without the line
        raise reader.fail(*fault)
    spec = AircraftSpec(
        name=name,
        aircraft_class=klass,
        description=description,
        mass=MassSpec(**tables["mass"]),  # type: ignore[arg-type]
        wing=WingSpec(**tables["wing"]),  # type: ignore[arg-type]
        fuselage=FuselageSpec(**tables["fuselage"]),  # type: ignore[arg-type]
        tail=TailSpec(**tables["tail"]),  # type: ignore[arg-type]
        propulsion=PropulsionSpec(**tables["propulsion"]),  # type: ignore[arg-type]
        gear=GearSpec(**tables["gear"]),  # type: ignore[arg-type]
        performance=PerformanceSpec(**tables["performance"]),  # type: ignore[arg-type]
        written=dict(reader.given.written),
    )
    check_spec(spec, reader.fail)
    return spec


def _unknown_table(name: str) -> str:
    """The message for a table ``[name]`` the spec has not: the tables it has."""
    tables = ", ".join(f"[{t}]" for t in _SCHEMA)
    return f"unknown table [{name}]; a spec's tables are {tables}.{suggest(name, _SCHEMA)}"


def _misplaced(key: str, table: str | None, candidates: list[str]) -> str:
    """What to say of an unknown ``key`` of ``table`` (None: the top level): the table it
    belongs in when it is another table's key (written under the wrong header), else the
    close ``candidates``."""
    homes = [t for t, schema in _SCHEMA.items() if key in schema and t != table]
    if homes:
        return f" {key} is a key of [{homes[0]}]: move it under that table's header"
    return suggest(key, candidates)


def check_spec(spec: AircraftSpec, fail: Callable[[str, str], ConfigError]) -> None:
    """Refuse impossible values; ``fail(key, message)`` builds the error to raise.

    The messages quote values as the spec's author wrote them (:meth:`AircraftSpec.units`;
    a spec built in Python is quoted in SI).
    """
    given = spec.units()
    for table in ("mass", "wing", "fuselage", "tail", "propulsion", "performance"):
        part = getattr(spec, table)
        for item in fields(part):
            fault = _positive_fault(f"{table}.{item.name}", getattr(part, item.name), given)
            if fault is not None:
                raise fail(*fault)
    mass, wing, perf = spec.mass, spec.wing, spec.performance
    if mass.empty is not None and mass.empty >= mass.mtow:
        raise fail(
            "mass.empty",
            f"empty mass {given.show('mass.empty', mass.empty)} is not below MTOW "
            f"{given.show('mass.mtow', mass.mtow)}",
        )
    if mass.fuel is not None and mass.fuel + (mass.empty or 0.0) > mass.mtow:
        raise fail(
            "mass.fuel",
            "empty mass plus fuel exceeds MTOW: "
            + (f"{given.show('mass.empty', mass.empty)} + " if mass.empty is not None else "")
            + f"{given.show('mass.fuel', mass.fuel)} > {given.show('mass.mtow', mass.mtow)}",
        )
    if wing.taper is not None and not 0.0 <= wing.taper <= 1.5:
        raise fail("wing.taper", f"tip/root chord ratio {wing.taper:g} is outside 0..1.5")
    if wing.sweep is not None and abs(wing.sweep) >= 70:
        raise fail(
            "wing.sweep", f"{given.show('wing.sweep', wing.sweep)}: sweep must be below 70 deg"
        )
    if wing.thickness is not None and not 0.03 <= wing.thickness <= 0.25:
        raise fail("wing.thickness", "thickness ratio t/c must be within 0.03..0.25")
    aspect = wing.span**2 / wing.area
    if not 2.0 <= aspect <= 40.0:
        raise fail(
            "wing.area",
            f"span²/area = {aspect:.3g} (span {given.show('wing.span', wing.span)}, area "
            f"{given.show('wing.area', wing.area)}): an aspect ratio outside 2..40",
        )
    if wing.aspect_ratio is not None and abs(wing.aspect_ratio / aspect - 1.0) > 0.05:
        raise fail(
            "wing.aspect_ratio",
            f"{wing.aspect_ratio:g} disagrees with span²/area = {aspect:.3g}; give one or fix both",
        )
    if perf.cruise_altitude > MAX_CRUISE_ALTITUDE:
        raise fail(
            "performance.cruise_altitude",
            f"{given.show('performance.cruise_altitude', perf.cruise_altitude)} is above the "
            f"{given.convert('performance.cruise_altitude', MAX_CRUISE_ALTITUDE)} the estimates' "
            "standard atmosphere reaches (ICAO Doc 7488 to 20 km: flightsim.atmosphere.isa)",
        )
    _check_propulsion(spec, fail, given)
    _check_ceiling(spec, fail, given)
    if mass.fuel is not None and spec.propulsion.engine in _NO_FUEL:
        raise fail(
            "mass.fuel",
            f"{given.show('mass.fuel', mass.fuel)} given for "
            f"{_NO_FUEL[spec.propulsion.engine]}: leave fuel out",
        )
    if perf.cruise_speed <= perf.stall_speed * 1.2:
        raise fail(
            "performance.cruise_speed",
            f"must be at least 1.2 times the stall speed: "
            f"{given.show('performance.cruise_speed', perf.cruise_speed)} (true airspeed) "
            f"against {given.show('performance.stall_speed', perf.stall_speed)}",
        )
    if spec.fuselage.length > 3.0 * wing.span and spec.aircraft_class != "fighter":
        raise fail(
            "fuselage.length",
            f"{given.show('fuselage.length', spec.fuselage.length)}: more than three times the "
            f"span {given.show('wing.span', wing.span)}",
        )
    _check_best_glide(spec, fail, given)


def _check_ceiling(
    spec: AircraftSpec, fail: Callable[[str, str], ConfigError], given: WrittenUnits
) -> None:
    """A cruise altitude no higher than the engine kind's ceiling (:data:`ENGINE_CEILINGS`)."""
    engine, key = spec.propulsion.engine, "performance.cruise_altitude"
    altitude = spec.performance.cruise_altitude
    if engine not in ENGINE_CEILINGS or altitude <= ENGINE_CEILINGS[engine][0]:
        return
    ceiling, why = ENGINE_CEILINGS[engine]
    others = ", ".join(
        f"{kind} {given.convert(key, top)}"
        for kind, (top, _) in ENGINE_CEILINGS.items()
        if kind != engine
    )
    raise fail(
        key,
        f"{given.show(key, altitude)} is above the {given.convert(key, ceiling)} a {engine} "
        f"engine is generated for: {why}. Give a cruise altitude of at most "
        f"{given.convert(key, ceiling)} (ceilings: {others}, electric "
        f"{given.convert(key, MAX_CRUISE_ALTITUDE)})",
    )


def _check_best_glide(
    spec: AircraftSpec, fail: Callable[[str, str], ConfigError], given: WrittenUnits
) -> None:
    """A best-glide speed only for a glider, between 1.1 Vs and the fastest minimum-drag speed.

    The minimum-drag lift coefficient is CL = sqrt(π A e CD0) (induced drag equal to the
    zero-lift drag; Anderson, *Introduction to Flight*, §6.14); with e ≥ 0.7 and CD0 ≥
    0.005 (a laminar sailplane's lowest) it is at least sqrt(0.0035 π A), which bounds the
    speed (EAS) from above at the spec's wing loading. From below: 1.1 Vs keeps the glide's
    lift coefficient under CLmax/1.21, where the fly-out can trim it.
    """
    perf, key = spec.performance, "performance.best_glide_speed"
    if perf.best_glide_speed is None:
        return
    value = given.show(key, perf.best_glide_speed)
    if spec.propulsion.engine != "none":
        raise fail(
            key,
            f"{value} given for a powered aircraft: best_glide_speed is for gliders (the "
            "fly-out trims a glider's glides at it; a powered aircraft's trims level flight); "
            "leave it out",
        )
    aspect = spec.wing.span**2 / spec.wing.area
    lift = math.sqrt(0.0035 * math.pi * aspect)
    fastest = math.sqrt(2.0 * spec.mass.mtow * G0_M_S2 / (RHO0 * spec.wing.area * lift))
    slowest = 1.1 * perf.stall_speed
    if not slowest <= perf.best_glide_speed <= fastest:
        raise fail(
            key,
            f"{value} is outside the plausible {given.convert(key, slowest)} .. "
            f"{given.convert(key, fastest)}: at least 1.1 times the stall speed "
            f"{given.show('performance.stall_speed', perf.stall_speed)}, and at most the "
            f"minimum-drag speed of a lift coefficient sqrt(π A e CD0) = {lift:.2f} (e 0.7, "
            f"CD0 0.005, the least drag a sailplane has) at this wing loading",
        )


def _positive_fault(key: str, value: object, given: WrittenUnits) -> tuple[str, str] | None:
    """(key, message) when ``value`` must be positive and is not (a few zeros describe a
    layout that is not modelled, :data:`_UNMODELLED`); else None."""
    name = key.partition(".")[2]
    if not isinstance(value, float) or name in _SIGNED or value > 0:
        return None
    if key in _UNMODELLED and (value == 0.0 or key.endswith("_arm")):  # a negative arm: ahead
        return key, f"got {given.show(key, value)}: {_UNMODELLED[key]}"
    if key == "wing.taper" and value == 0.0:  # a pointed tip: a pure delta
        return None
    return key, f"must be positive, got {given.show(key, value)}"


def _fuselage_fault(
    length: float, diameter: float | None, given: WrittenUnits
) -> tuple[str, str] | None:
    """(key, message) for a fuselage length or diameter the estimates cannot use, else None."""
    for key, value in (("fuselage.length", length), ("fuselage.diameter", diameter)):
        fault = _positive_fault(key, value, given)
        if fault is not None:
            return fault
    if diameter is not None and length / diameter < MIN_FINENESS:
        return (
            "fuselage.diameter",
            f"{given.show('fuselage.diameter', diameter)} on a fuselage "
            f"{given.show('fuselage.length', length)} long: a length/diameter of "
            f"{length / diameter:.3g}, under the {MIN_FINENESS:g} the body drag estimate "
            f"holds for (real fuselages: 5..12); the diameter is the fuselage's maximum "
            f"width, at most {given.convert('fuselage.diameter', length / MIN_FINENESS)} here",
        )
    return None


_NO_FUEL = {
    "none": "an aircraft without engine, which burns none (a glider's water ballast is "
    "payload: it is within MTOW)",
    "electric": "an electric aircraft, which burns none (its batteries are part of the empty mass)",
}
"""Engine kinds that carry no fuel, and why, for the message refusing ``mass.fuel``."""

_SIGNED = frozenset({"sweep", "dihedral", "incidence"})

_UNMODELLED = {
    "tail.htail_area": "a tailless aircraft (flying wing, tailless delta) cannot be generated: "
    "its pitch trim and stability come from an aft horizontal tail (leave htail_area out to "
    "have one sized by the class's tail volume coefficient)",
    "tail.htail_arm": "a canard (a foreplane ahead of the wing) cannot be generated: the "
    "horizontal tail is aft of the wing, its arm measured aft from the wing's aerodynamic "
    "centre (a canard or three-surface aircraft is outside what a spec describes)",
    "tail.vtail_area": "an aircraft without a fin cannot be generated: its yaw stability and "
    "rudder come from a vertical tail (leave vtail_area out to have one sized by the class's "
    "tail volume coefficient)",
    "tail.vtail_arm": "a fin ahead of the wing cannot be generated: the vertical tail's arm is "
    "measured aft from the wing's aerodynamic centre",
}
"""Spec keys whose zero value (an arm's zero or negative value) describes a layout the
generator does not model; a negative area is refused as any negative value."""


def _check_propulsion(
    spec: AircraftSpec, fail: Callable[[str, str], ConfigError], given: WrittenUnits
) -> None:
    prop = spec.propulsion
    if spec.aircraft_class == "glider" and prop.engine != "none":
        raise fail(
            "propulsion.engine",
            'a glider has engine = "none"; a motor glider is generated as class = '
            '"light-single" with its engine (the glider class models no power)',
        )
    if prop.engine == "none":
        if spec.aircraft_class != "glider":
            raise fail("propulsion.engine", f"a {spec.aircraft_class} needs an engine")
        for key in ("power", "thrust", "propeller_diameter"):
            if getattr(prop, key) is not None:
                raise fail(f"propulsion.{key}", "given for an aircraft without engine")
        return
    if prop.engine == "turbofan":
        for key in ("power", "propeller_diameter"):
            if getattr(prop, key) is not None:
                raise fail(f"propulsion.{key}", "not for a turbofan (give thrust)")
        if prop.thrust is None:
            raise fail("propulsion.thrust", "missing: a turbofan needs thrust (per engine)")
    else:
        article = "an" if prop.engine[0] in "aeiou" else "a"
        if prop.thrust is not None:  # before a missing power: the line to change is this one
            raise fail(
                "propulsion.thrust",
                f"{given.show('propulsion.thrust', prop.thrust)} given for {article} "
                f"{prop.engine} engine, which is described by its shaft power: give power "
                "per engine instead (e.g. power = '160 hp')",
            )
        if prop.power is None:
            raise fail("propulsion.power", f"missing: {article} {prop.engine} engine needs power")
        _check_propeller(spec, prop.power, fail, given)


MAX_DISC_LOADING = 1.0e6
"""Highest shaft power per propeller disc area accepted [W/m²]. Momentum theory (the
actuator disc, McCormick, *Aerodynamics, Aeronautics and Flight Mechanics*, Ch. 6) puts the
ideal static slipstream at 2 (P/(2 ρ0 A))^(1/3), 150 m/s here; the most heavily loaded
propellers flown carry under half this loading (Europrop TP400 on the A400M, 8.2 MW on 5.3 m:
about 370 kW/m²; Kuznetsov NK-12 on the Tu-95, 11 MW on 5.6 m contra-rotating: about
450 kW/m²). A light aircraft's is 50..150 kW/m²."""
MAX_PROPELLER_SPAN = 0.5
"""Largest propeller diameter accepted, as a fraction of the span and of the fuselage
length: the largest in service are about 0.3 of the span and 0.4 of the length (the F4U
Corsair's 13.3 ft on a 33.7 ft fuselage, 41 ft span)."""


def propeller_bounds(spec: AircraftSpec, power: float) -> tuple[float, float]:
    """The smallest and largest plausible propeller diameter [m] for ``power`` [W] per
    engine: the disc loading :data:`MAX_DISC_LOADING` at most, and
    :data:`MAX_PROPELLER_SPAN` of the span and of the fuselage length at most."""
    smallest = math.sqrt(4.0 * power / (math.pi * MAX_DISC_LOADING))
    return smallest, MAX_PROPELLER_SPAN * min(spec.wing.span, spec.fuselage.length)


def _check_propeller(
    spec: AircraftSpec, power: float, fail: Callable[[str, str], ConfigError], given: WrittenUnits
) -> None:
    """A propeller diameter between the disc loading's floor and a size the airframe carries
    (:func:`propeller_bounds`); a power per engine that no such propeller takes is refused
    at ``propulsion.power``, whether the diameter is given or estimated."""
    diameter, key = spec.propulsion.propeller_diameter, "propulsion.propeller_diameter"
    smallest, largest = propeller_bounds(spec, power)
    floor = (
        f"a disc loaded with at most {MAX_DISC_LOADING / 1000.0:.0f} kW/m2, over twice the "
        "most heavily loaded propeller's, the Tu-95's 450 kW/m2; momentum theory's static "
        "slipstream 150 m/s"
    )
    ceiling = f"{MAX_PROPELLER_SPAN:.0%} of its span and of its fuselage length"
    if smallest > largest:
        length = key if diameter is not None else "wing.span"
        raise fail(
            "propulsion.power",
            f"{given.show('propulsion.power', power)} per engine needs a propeller of at "
            f"least {given.convert(length, smallest)} ({floor}), larger than the "
            f"{given.convert(length, largest)} this airframe carries ({ceiling}): give less "
            "power per engine, or more engines to share it",
        )
    if diameter is not None and not smallest <= diameter <= largest:
        raise fail(
            key,
            f"{given.show(key, diameter)} is outside the plausible "
            f"{given.convert(key, smallest)} .. {given.convert(key, largest)} for "
            f"{given.show('propulsion.power', power)} per engine: at least the diameter of "
            f"{floor}, at most {ceiling}",
        )


def load_spec(path: str | Path) -> AircraftSpec:
    """Read and check a spec TOML file; errors name the key and ``file:line``."""
    file = Path(path)
    data, lines = read_toml(file, "spec")
    return spec_from_dict(data, file=file, lines=lines)


def _q(value: float | None, unit: str, digits: int = 6) -> str | None:
    return None if value is None else f"{float(f'{value:.{digits}g}')!r} {unit}"


def spec_to_toml(spec: AircraftSpec, header: str = "") -> str:
    """The spec as TOML text (SI units written out); same spec, same text."""
    m, w, f, t, p, g, r = (
        spec.mass,
        spec.wing,
        spec.fuselage,
        spec.tail,
        spec.propulsion,
        spec.gear,
        spec.performance,
    )
    top = {"name": spec.name, "class": spec.aircraft_class, "description": spec.description or None}
    tables: dict[str, dict[str, object]] = {
        "mass": {"mtow": _q(m.mtow, "kg"), "empty": _q(m.empty, "kg"), "fuel": _q(m.fuel, "kg")},
        "wing": {
            "span": _q(w.span, "m"),
            "area": _q(w.area, "m2"),
            "aspect_ratio": w.aspect_ratio,
            "taper": w.taper,
            "sweep": _q(w.sweep, "deg"),
            "dihedral": _q(w.dihedral, "deg"),
            "incidence": _q(w.incidence, "deg"),
            "root_chord": _q(w.root_chord, "m"),
            "thickness": w.thickness,
            "position": w.position,
        },
        "fuselage": {"length": _q(f.length, "m"), "diameter": _q(f.diameter, "m")},
        "tail": {
            "htail_area": _q(t.htail_area, "m2"),
            "htail_arm": _q(t.htail_arm, "m"),
            "vtail_area": _q(t.vtail_area, "m2"),
            "vtail_arm": _q(t.vtail_arm, "m"),
        },
        "propulsion": {
            "engine": p.engine,
            "count": p.count,
            "power": _q(None if p.power is None else p.power / 1000.0, "kW"),
            "thrust": _q(p.thrust, "N"),
            "propeller_diameter": _q(p.propeller_diameter, "m"),
        },
        "gear": {"type": g.type, "retractable": g.retractable},
        "performance": {
            "stall_speed": _q(None if r.stall_speed is None else r.stall_speed / KT_M_S, "kt", 5),
            "cruise_speed": _q(r.cruise_speed / KT_M_S, "kt", 5),
            "cruise_altitude": _q(r.cruise_altitude / FT_M, "ft", 5),
            "best_glide_speed": _q(
                None if r.best_glide_speed is None else r.best_glide_speed / KT_M_S, "kt", 5
            ),
        },
    }
    tables = {k: v for k, v in tables.items() if any(x is not None for x in v.values())}
    return dump_toml(top, tables, header=header)
