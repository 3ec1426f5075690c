"""Units: JSBSim's unit names with their dimensions, conversions, and parsing.

JSBSim computes in feet, slugs, pounds and seconds. Its XML files name units in
upper case (``FT``, ``M2``, ``SLUG*FT2``); the table below holds every unit name
JSBSim 1.3 knows (see ``FGJSBBase`` / ``FGXMLElement`` in JSBSim's sources) with
its dimension and its factor to SI. User-facing inputs also accept the common
spellings (``"10.9 m"``, ``"100 kt"``, ``"4000 ft"``, ``"30 deg"``), times
(``"2 min"``) and rates (``"10 Hz"``).

Conversion factors are exact where the definition is exact (NIST SP 811, 2008:
1 ft = 0.3048 m, 1 lb = 0.45359237 kg, g0 = 9.80665 m/s^2).
"""

from __future__ import annotations

import contextlib
import math
import numbers
import re
import sys
from collections.abc import Collection
from dataclasses import dataclass

from flightsim.errors import UnitError, suggest

FT_M = 0.3048
"""Metres per foot (exact)."""
LB_KG = 0.45359237
"""Kilograms per pound mass (exact)."""
G0_M_S2 = 9.80665
"""Standard gravity [m/s^2] (exact)."""
G0_FT_S2 = G0_M_S2 / FT_M
"""Standard gravity [ft/s^2]."""
LBF_N = LB_KG * G0_M_S2
"""Newtons per pound force."""
SLUG_KG = LBF_N / FT_M
"""Kilograms per slug (1 lbf accelerates 1 slug at 1 ft/s^2)."""
KT_M_S = 1852.0 / 3600.0
"""Metres per second per knot (exact)."""
HP_W = 550.0 * FT_M * LBF_N
"""Watts per mechanical horsepower (550 ft*lbf/s)."""
GAL_M3 = 231.0 * 0.0254**3
"""Cubic metres per US gallon (231 in^3, exact)."""
DEG_RAD = math.pi / 180.0
"""Radians per degree."""


@dataclass(frozen=True)
class Unit:
    """One unit JSBSim knows: its name, the dimensions it may stand for, its SI factor.

    ``dimensions`` has one entry for most units; ``LBS`` stands for both a mass
    (pound mass) and a force (pound force), as in JSBSim.
    ``si_factors`` gives, per dimension, the factor from this unit to the SI unit.
    """

    name: str
    si_factors: dict[str, float]

    @property
    def dimensions(self) -> frozenset[str]:
        """The dimensions this unit can measure (``"length"``, ``"mass"`` ...)."""
        return frozenset(self.si_factors)


def _u(name: str, **factors: float) -> Unit:
    return Unit(name, dict(factors))


_M2 = FT_M**2
_M3 = FT_M**3

JSBSIM_UNITS: dict[str, Unit] = {
    u.name: u
    for u in (
        _u("ATM", pressure=101325.0),
        _u("CC", volume=1e-6),
        _u("CM", length=0.01),
        _u("CM2", area=1e-4),
        _u("DEG", angle=DEG_RAD),
        _u("DEG/SEC", angular_rate=DEG_RAD),
        _u("FT", length=FT_M),
        _u("FT*LBS", torque=FT_M * LBF_N),
        _u("FT/S", velocity=FT_M),
        _u("FT/SEC", velocity=FT_M),
        _u("FT2", area=_M2),
        _u("FT3", volume=_M3),
        _u("FT3/SEC2", gravitational_parameter=_M3),
        _u("FT4*SEC/SLUG", kinematic_flow=FT_M**4 / SLUG_KG),
        _u("GAL", volume=GAL_M3),
        _u("HP", power=HP_W),
        _u("IN", length=0.0254),
        _u("IN2", area=0.0254**2),
        _u("IN3", volume=0.0254**3),
        _u("INHG", pressure=3386.389),
        _u("KG", mass=1.0),
        _u("KG*M2", inertia=1.0),
        _u("KG/KW*HR", specific_fuel_consumption=1.0 / 3.6e6),
        _u("KG/L", density=1000.0),
        _u("KG/MIN", mass_flow=1.0 / 60.0),
        _u("KG/SEC", mass_flow=1.0),
        _u("KM", length=1000.0),
        _u("KM/SEC", velocity=1000.0),
        _u("KTS", velocity=KT_M_S),
        _u("LBS", mass=LB_KG, force=LBF_N),
        _u("LBS/FT", spring=LBF_N / FT_M),
        _u("LBS/FT/SEC", damping=LBF_N / FT_M),
        _u("LBS/FT2", pressure=LBF_N / _M2),
        _u("LBS/FT2/SEC2", damping_quadratic=LBF_N / _M2),
        _u("LBS/GAL", density=LB_KG / GAL_M3),
        _u("LBS/HP*HR", specific_fuel_consumption=LB_KG / (HP_W * 3600.0)),
        _u("LBS/MIN", mass_flow=LB_KG / 60.0),
        _u("LBS/SEC", mass_flow=LB_KG, force_rate=LBF_N),
        _u("LTR", volume=1e-3),
        _u("M", length=1.0),
        _u("M/S", velocity=1.0),
        _u("M/SEC", velocity=1.0),
        _u("M2", area=1.0),
        _u("M3", volume=1.0),
        _u("M3/SEC2", gravitational_parameter=1.0),
        _u("M4*SEC/KG", kinematic_flow=1.0),
        _u("N", force=1.0),
        _u("N*M", torque=1.0),
        _u("N/M", spring=1.0),
        _u("N/M/SEC", damping=1.0),
        _u("N/M2", pressure=1.0),
        _u("N/M2/SEC2", damping_quadratic=1.0),
        _u("N/SEC", force_rate=1.0),
        _u("PA", pressure=1.0),
        _u("PSF", pressure=LBF_N / _M2),
        _u("PSI", pressure=LBF_N / 0.0254**2),
        _u("RAD", angle=1.0),
        _u("RAD/SEC", angular_rate=1.0),
        _u("SLUG", mass=SLUG_KG),
        _u("SLUG*FT2", inertia=SLUG_KG * _M2),
        _u("AMPERES", current=1.0),
        _u("VOLTS", voltage=1.0),
        _u("OHMS", resistance=1.0),
        _u("WATTS", power=1.0),
    )
}
"""Every unit name JSBSim 1.3.3 accepts in a ``unit=`` attribute (64 names)."""


def _pairs(*pairs: str) -> dict[str, frozenset[str]]:
    """``"A>B"`` (A converts to B) and ``"A=B"`` (both ways) as a from -> targets map."""
    targets: dict[str, set[str]] = {}
    for pair in pairs:
        one_way = ">" in pair
        a, b = pair.split(">" if one_way else "=")
        targets.setdefault(a, set()).add(b)
        if not one_way:
            targets.setdefault(b, set()).add(a)
    return {name: frozenset(found) for name, found in targets.items()}


JSBSIM_CONVERSIONS: dict[str, frozenset[str]] = _pairs(
    "M=FT", "CM=FT", "KM=FT", "FT=IN", "IN=M",
    "M2=FT2", "CM2=FT2", "M2=IN2", "FT2=IN2",
    "IN3=CC", "FT3=IN3", "M3=FT3", "LTR=IN3", "GAL=FT3", "IN3>GAL", "LTR>GAL", "M3>GAL",
    "CC>GAL",
    "LBS=KG", "SLUG=KG", "SLUG>LBS", "SLUG*FT2=KG*M2", "RAD=DEG", "RAD/SEC=DEG/SEC",
    "LBS/FT=N/M", "LBS/FT/SEC=N/M/SEC", "LBS/FT2/SEC2=N/M2/SEC2", "WATTS=HP", "N=LBS",
    "KTS=FT/SEC", "M/S=FT/S", "M/S>KTS", "M/SEC=FT/SEC", "KM/SEC=FT/SEC", "FT*LBS=N*M",
    "M4*SEC/KG=FT4*SEC/SLUG", "INHG=PSF", "ATM=INHG", "PSI=INHG", "INHG=PA", "LBS/FT2=N/M2",
    "LBS/FT2=PA", "KG/MIN>LBS/MIN", "KG/SEC>LBS/SEC", "N/SEC=LBS/SEC", "LBS/HP*HR=KG/KW*HR",
    "KG/L=LBS/GAL", "FT3/SEC2=M3/SEC2",
)  # fmt: skip
"""For each unit JSBSim converts from, the units it converts to (the conversion table of
JSBSim's ``FGXMLElement``; ``SLUG>LBS`` measured in JSBSim 1.3.3). JSBSim converts by
pairs, not by dimension: ``<location unit="CM">`` (read in IN), ``<displacement
unit="M3">`` (read in IN3) or ``<ubody unit="M/S">`` (read in FT/SEC) make it raise
("cannot be converted") although the dimension fits
(``tests/config/docmodel/test_unit_pairs.py`` checks pairs both ways in JSBSim)."""


def jsbsim_converts(from_unit: str, to_unit: str) -> bool:
    """True when JSBSim reads a value given in ``from_unit`` where it wants ``to_unit``."""
    return from_unit == to_unit or to_unit in JSBSIM_CONVERSIONS.get(from_unit, ())


# Spellings a person types, mapped to the JSBSim unit they mean. The dimension
# decides between ``lb`` as mass and as force.
_ALIASES: dict[str, str] = {
    "m": "M",
    "meter": "M",
    "meters": "M",
    "metre": "M",
    "metres": "M",
    "km": "KM",
    "cm": "CM",
    "in": "IN",
    "inch": "IN",
    "ft": "FT",
    "feet": "FT",
    "foot": "FT",
    "m2": "M2",
    "m^2": "M2",
    "ft2": "FT2",
    "ft^2": "FT2",
    "m²": "M2",  # superscripts as typed or pasted: "23.2 m²"
    "cm²": "CM2",
    "ft²": "FT2",
    "in²": "IN2",
    "m³": "M3",
    "ft³": "FT3",
    "in³": "IN3",
    "sq ft": "FT2",
    "sq m": "M2",
    "m3": "M3",
    "ft3": "FT3",
    "l": "LTR",
    "gal": "GAL",
    "kg": "KG",
    "lb": "LBS",
    "lbs": "LBS",
    "lbm": "LBS",
    "lbf": "LBS",
    "slug": "SLUG",
    "slugs": "SLUG",
    "n": "N",
    "kt": "KTS",
    "kts": "KTS",
    "kn": "KTS",  # the ICAO symbol of the knot; where a force is wanted, the kilonewton
    "knot": "KTS",
    "knots": "KTS",
    "m/s": "M/S",
    "ft/s": "FT/S",
    "fps": "FT/S",
    "km/s": "KM/SEC",
    "deg": "DEG",
    "°": "DEG",
    "degree": "DEG",
    "degrees": "DEG",
    "rad": "RAD",
    "deg/s": "DEG/SEC",
    "rad/s": "RAD/SEC",
    "pa": "PA",
    "psf": "PSF",
    "psi": "PSI",
    "inhg": "INHG",
    "hp": "HP",
    "shp": "HP",  # shaft horsepower (turboprops), the same unit
    "w": "WATTS",
    "kg*m2": "KG*M2",
    "kg*m^2": "KG*M2",
    "slug*ft2": "SLUG*FT2",
    "slug*ft^2": "SLUG*FT2",
}

TIME_UNITS_S: dict[str, float] = {
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), 1.0),
    **dict.fromkeys(("min", "mins", "minute", "minutes"), 60.0),
    **dict.fromkeys(("h", "hr", "hour", "hours"), 3600.0),
    "ms": 1e-3,
}
"""Spellings of time units a person types (lower case) and the seconds in each."""

# Units with a factor to SI that JSBSim does not name, accepted for user input only.
_EXTRA_INPUT_UNITS: dict[str, Unit] = {
    **{name: _u(name, time=seconds) for name, seconds in TIME_UNITS_S.items()},
    "hz": _u("Hz", frequency=1.0),
    "khz": _u("kHz", frequency=1000.0),
    "km/h": _u("km/h", velocity=1000.0 / 3600.0),
    "kmh": _u("km/h", velocity=1000.0 / 3600.0),
    "mph": _u("mph", velocity=1609.344 / 3600.0),
    "ft/min": _u("ft/min", velocity=FT_M / 60.0),
    "fpm": _u("ft/min", velocity=FT_M / 60.0),
    "nm": _u("NM", length=1852.0),
    "kw": _u("kW", power=1000.0),
    "mw": _u("MW", power=1e6),
    "ps": _u("PS", power=75.0 * G0_M_S2),  # metric horsepower, 75 kgf*m/s (DIN 66036)
    "kgf": _u("kgf", force=G0_M_S2),
    "dan": _u("daN", force=10.0),
    "kilonewton": _u("kN", force=1000.0),
    "kilonewtons": _u("kN", force=1000.0),
    **dict.fromkeys(("g", "gram", "grams"), _u("g", mass=1e-3)),
    **dict.fromkeys(("t", "tonne", "tonnes"), _u("t", mass=1000.0)),
}

_WHERE_WANTED: dict[str, Unit] = {"kn": _EXTRA_INPUT_UNITS["kilonewton"]}
"""Spellings that mean another unit where a quantity of that unit's dimension is wanted:
unit input is case-folded, so ``kn`` is the knot (ICAO symbol) and, for a force, the
kilonewton (``"120 kN"`` of thrust), as ``lb`` is a mass or a force."""


def lookup_unit(name: str, wanted: Collection[str] = ()) -> Unit:
    """Return the :class:`Unit` for a JSBSim unit name (in any case) or a common spelling;
    ``wanted``: the dimensions the quantity may have, which pick between a spelling's
    meanings (``kn``: the knot, or the kilonewton where a force is wanted,
    :data:`_WHERE_WANTED`).

    Raises :class:`~flightsim.errors.UnitError` naming close matches.
    """
    if name in JSBSIM_UNITS:
        return JSBSIM_UNITS[name]
    key = name.strip().lower()
    other = _WHERE_WANTED.get(key)
    if other is not None and other.dimensions & set(wanted):
        return other
    if key in _ALIASES:
        return JSBSIM_UNITS[_ALIASES[key]]
    if key in _EXTRA_INPUT_UNITS:
        return _EXTRA_INPUT_UNITS[key]
    if key.upper() in JSBSIM_UNITS:  # a JSBSim name in other case: "N/m", "lbs/ft"
        return JSBSIM_UNITS[key.upper()]
    raise UnitError(f"unknown unit '{name}'.{suggest(name, _suggestable_units())}")


def _suggestable_units(dimensions: Collection[str] | None = None) -> list[str]:
    """Every unit name accepted (of one of ``dimensions`` when given), one spelling per
    name whatever its case (``ft``, not ``ft`` and ``FT``): the user's spelling (an
    alias) before JSBSim's."""
    by_folded: dict[str, str] = {}
    for written in (*_ALIASES, *_EXTRA_INPUT_UNITS, *JSBSIM_UNITS):
        if dimensions is None or lookup_unit(written).dimensions & set(dimensions):
            by_folded.setdefault(written.casefold(), written)
    return list(by_folded.values())


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert ``value`` between two units of the same dimension.

    >>> round(convert(100.0, "KTS", "FT/SEC"), 3)
    168.781
    """
    source = lookup_unit(from_unit, lookup_unit(to_unit).dimensions)  # "kN" to "N": kilonewton
    return convert_between(value, source, lookup_unit(to_unit, source.dimensions))


def convert_between(value: float, src: Unit, dst: Unit) -> float:
    """Convert ``value`` from unit ``src`` to unit ``dst`` (:func:`convert` for units
    already looked up); UnitError when they share no dimension."""
    shared = src.dimensions & dst.dimensions
    if not shared:
        raise UnitError(
            f"cannot convert {src.name} ({'/'.join(sorted(src.dimensions))}) "
            f"to {dst.name} ({'/'.join(sorted(dst.dimensions))})"
        )
    dimension = min(shared)
    return value * src.si_factors[dimension] / dst.si_factors[dimension]


def as_number(value: object) -> int | float | None:
    """``value`` as a plain Python number when it is one, else None: the one check of
    "is this a number" that every user input goes through.

    Numbers are ints and floats, numpy's integer and floating-point numbers
    (``np.int64(4000)``, ``np.float32(0.5)``) and 0-d numpy arrays of them, given back
    as an ``int`` (whole-number types) or a ``float``. ``True``/``False`` (and numpy's
    bools) are flags, not numbers: None, as for text, None and anything else. NaN and
    infinities are numbers here (the caller says whether it takes them).
    """
    if isinstance(value, bool):
        return None
    numpy = sys.modules.get("numpy")  # no numpy imported: no numpy value either
    if numpy is not None and isinstance(value, numpy.ndarray):
        if value.shape != () or value.dtype.kind not in "iuf":
            return None
        value = value.item()
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    return None


def number_or_numeral(value: object) -> float | None:
    """``value`` as a float when it is a number (:func:`as_number`) or a string of one
    (``"20"``, ``"1e3"``); else None (text that is no number, a flag, None)."""
    number = as_number(value)
    if number is None and isinstance(value, str):
        with contextlib.suppress(ValueError):
            number = float(value)
    return None if number is None else float(number)


_NUMBER_PREFIX = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
_MAX_QUANTITY_CHARS = 200


def split_quantity(value: float | int | str, *, name: str = "value") -> tuple[float, str | None]:
    """A user input as a finite number and the unit written after it (None: a bare number).

    ``"10.9 m"`` gives ``(10.9, "m")``, ``5`` gives ``(5.0, None)``. ``name`` is
    used in error messages. NaN, infinities and text that is not a number raise
    :class:`~flightsim.errors.UnitError`.
    """
    plain = as_number(value)
    if plain is not None:
        number, given = float(plain), None
    elif not isinstance(value, str):
        raise UnitError(f"{name}: expected a number, got {value!r}")
    else:
        text = str(value).strip()
        match = _NUMBER_PREFIX.match(text) if len(text) <= _MAX_QUANTITY_CHARS else None
        if not match:
            raise UnitError(
                f"{name}: cannot read {str(value)[:40]!r} as a quantity; "
                "write a number with an optional unit, e.g. '100 ft'"
            )
        rest = text[match.end() :]
        if _DIGIT_GROUP.match(rest):
            raise UnitError(f"{name}: {_comma_advice(text, match.group(), rest)}")
        number, given = float(match.group()), rest.strip() or None
    if not math.isfinite(number):
        raise UnitError(f"{name}: {value!r} is not a finite number")
    return number, given


_DIGIT_GROUP = re.compile(r"[,\u00a0\u2009' ](\d)")
"""A separator between digits after a number's first digits ("7,255", "7 255", "7'255")."""


def _comma_advice(text: str, number: str, rest: str) -> str:
    """What to write instead of ``text``, whose ``number`` is followed by a digit group
    (``rest``): a thousands separator or a decimal comma, which no number reading takes."""
    groups = re.match(r"(?:[,\u00a0\u2009' ]\d+)+", rest)
    assert groups is not None  # rest starts with a separator and a digit
    written, unit = groups.group(), rest[groups.end() :]
    digits = re.findall(r"\d+", written)
    thousands = number + "".join(digits) + unit
    decimal = f"{number}.{digits[0]}{unit}"
    grouped = all(len(group) == 3 for group in digits)
    if not number.lstrip("+-").isdigit() or (written.startswith("'") and not grouped):
        # "1.234,5", "5'6": no one rewrite is sure (a grouped decimal, feet and inches)
        advice = "the number with digits and at most one decimal point"
    elif grouped:
        advice = f"'{thousands}'"
        if len(digits) == 1 and written.startswith(","):
            advice += f" (or '{decimal}' if the comma is a decimal point)"
    else:
        advice = f"'{decimal}'" if len(digits) == 1 else f"'{thousands}'"
    return (
        f"cannot read {text[:40]!r}: a separator inside a number (thousands separator, "
        f"decimal comma) is not read; write {advice}"
    )


def parse_quantity(value: float | int | str, unit: str, *, name: str = "value") -> float:
    """Read a user input as a finite number in ``unit`` (a JSBSim unit name).

    A bare number (or numeric string) is taken to be in ``unit`` already; a
    string with a unit (``"10.9 m"``, ``"120 kt"``) is converted to ``unit``.
    ``name`` is used in error messages. NaN and infinities are rejected.

    >>> round(parse_quantity("1000 m", "FT"), 2)
    3280.84
    """
    target = lookup_unit(unit)
    number, given = split_quantity(value, name=name)
    if given is None:
        return number
    try:
        source = lookup_unit(given, target.dimensions)
    except UnitError:  # suggest the units of the wanted dimension only
        wanted = _suggestable_units(target.dimensions)
        raise UnitError(f"{name}: unknown unit '{given}'.{suggest(given, wanted)}") from None
    try:
        return convert_between(number, source, target)
    except UnitError as exc:
        raise UnitError(f"{name}: {exc}") from None


# JSBSim property names end in a unit suffix; longest suffix first.
_PROPERTY_SUFFIX_UNITS: tuple[tuple[str, str], ...] = (
    ("-ft_sec2", "ft/s^2"),
    ("-rad_sec2", "rad/s^2"),
    ("-slugs_ft3", "slug/ft^3"),
    ("-rad_sec", "rad/s"),
    ("-deg_sec", "deg/s"),
    ("-ft_sec", "ft/s"),
    ("-lbsft", "ft*lbf"),
    ("-slugs", "slug"),
    ("-meters", "m"),
    ("-sqft", "ft^2"),
    ("-norm", "norm"),
    ("-kts", "kt"),
    ("-fps", "ft/s"),
    ("_fps", "ft/s"),  # propulsion/engine/prop-induced-velocity_fps
    ("_deg", "deg"),  # position/vrp-gc-latitude_deg
    ("_ft", "ft"),  # inertial/sea-level-radius_ft
    ("-fpm", "ft/min"),
    ("-mps", "m/s"),
    ("-deg", "deg"),
    ("-rad", "rad"),
    ("-sec", "s"),
    ("-lbs", "lbf"),
    ("-psf", "psf"),
    ("-psi", "psi"),
    ("-inhg", "inHg"),
    ("-rpm", "rpm"),
    ("-pph", "lb/h"),
    ("-pps", "lb/s"),
    ("-gph", "gal/h"),
    ("-hp", "hp"),
    ("-ft", "ft"),
    ("-km", "km"),
    ("-mt", "m"),
    ("-in", "in"),
    ("-R", "degR"),
    ("-g", "g"),
)
_INDEX_SUFFIX = re.compile(r"\[\d+\]$")
_PROPERTY_EXACT_UNITS: dict[str, str] = {
    "velocities/mach": "-",
    "accelerations/n-pilot-z-norm": "g",
    "forces/load-factor": "g",
    "aero/qbar-psf": "psf",
    "accelerations/Nx": "g",
    "accelerations/Ny": "g",
    "accelerations/Nz": "g",
    "atmosphere/density-altitude": "ft",  # FGAtmosphere: feet, with no suffix
    "atmosphere/pressure-altitude": "ft",
}


def property_unit(name: str) -> str:
    """The unit of a JSBSim property, read from its name's suffix (``""`` when unknown).

    ``"position/h-sl-ft"`` gives ``"ft"``, ``"fcs/elevator-cmd-norm"`` gives
    ``"norm"`` (normalised, -1..1 or 0..1), ``"velocities/mach"`` gives ``"-"``.
    Indexed names (``propulsion/engine[0]/thrust-lbs``) are read the same way.
    ``-lbs`` is a force (lbf) except for fuel quantities under ``propulsion/``
    (``propulsion/total-fuel-lbs``, ``propulsion/tank[0]/contents-lbs``): mass, lb.
    """
    if name in _PROPERTY_EXACT_UNITS:
        return _PROPERTY_EXACT_UNITS[name]
    leaf = _INDEX_SUFFIX.sub("", name.rsplit("/", 1)[-1])
    if _is_fuel_mass(name, leaf):
        return "lb"
    for suffix, unit in _PROPERTY_SUFFIX_UNITS:
        if leaf.endswith(suffix):
            return unit
    return ""


def _is_fuel_mass(name: str, leaf: str) -> bool:
    """True for a fuel quantity [lb mass]: ``-lbs`` under ``propulsion/`` about fuel or tanks."""
    return (
        name.startswith("propulsion/")
        and leaf.endswith("-lbs")
        and ("fuel" in leaf or "contents" in leaf or "/tank" in name)
    )
