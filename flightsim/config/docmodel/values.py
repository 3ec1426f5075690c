"""Values of elements: quantities with units, vectors, and the text written for a value.

What a value may be comes from the element's spec in the validator's vocabulary:
its text kind (``number``, ``value``, ``property``, ``enum:...``, ``table``,
``text``), its unit and dimension, its range. :func:`text_for` checks a value
given by a user and returns the text to write, or raises ``ValueError`` with
the reason (the element adds where).
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from flightsim.config.docmodel.vocab import ElementSpec
from flightsim.errors import UnitError
from flightsim.units import (
    JSBSIM_UNITS,
    convert,
    jsbsim_converts,
    lookup_unit,
    parse_quantity,
    split_quantity,
)

_PROPERTY = re.compile(r"-?/?[A-Za-z_][\w\-./\[\]#]*")
"""A property name (an optional ``-`` negates it; a leading ``/`` is FlightGear's root)."""
VECTOR_AXES = (("x", "y", "z"), ("roll", "pitch", "yaw"))
"""The children of a vector element (a location, a direction, an orientation)."""

Value = float | int | str


@dataclass(frozen=True)
class Quantity:
    """A number with its JSBSim unit (``Quantity(174.0, "FT2")``)."""

    value: float
    unit: str

    def to(self, unit: str) -> float:
        """The value in ``unit`` (a JSBSim unit name or a common spelling: ``"m2"``)."""
        return convert(self.value, self.unit, unit)

    def __float__(self) -> float:
        return self.value

    def __str__(self) -> str:
        return f"{format_number(self.value)} {self.unit}"


class Vector(NamedTuple):
    """Three numbers in one unit (``x, y, z`` or ``roll, pitch, yaw``): unpacks as
    ``(x, y, z, unit)``, the form accepted when setting one."""

    x: float
    y: float
    z: float
    unit: str

    def to(self, unit: str) -> tuple[float, float, float]:
        """The three values in ``unit``."""
        return (
            convert(self.x, self.unit, unit),
            convert(self.y, self.unit, unit),
            convert(self.z, self.unit, unit),
        )


def plain(value: object) -> object:
    """``value`` with a :class:`Quantity` (alone or in a vector) as the text it stands
    for (``"174.375 FT2"``, full precision); anything else unchanged."""
    if isinstance(value, Quantity):
        return f"{value.value!r} {value.unit}"
    if isinstance(value, tuple) and not isinstance(value, Vector):
        return tuple(plain(v) for v in value)
    return value


DIGITS = 12
"""Significant digits of a number written in a file, by default."""


def format_number(value: float, digits: int = DIGITS) -> str:
    """The text of a number in a file: shortest form, ``digits`` significant digits at
    most (``174``, ``0.5``, ``174.375348751``)."""
    if value == 0:
        return "0"
    return format(value, f".{digits}g").replace("e+", "e")


def jsbsim_unit(name: str, wanted: Collection[str] = ()) -> str:
    """The JSBSim name of a unit (``"m2"`` gives ``"M2"``) of one of the ``wanted``
    dimensions if given (:func:`~flightsim.units.lookup_unit`); UnitError when JSBSim has
    none."""
    unit = lookup_unit(name, wanted)
    if unit.name not in JSBSIM_UNITS:
        raise UnitError(f"JSBSim has no unit {name!r}; give the value in another unit")
    return unit.name


def number_in(value: Value, spec: ElementSpec, unit: str | None) -> float:
    """``value`` as a number in ``unit`` (the element's unit, None: dimensionless),
    checked against the spec's dimension and range."""
    number, given = split_quantity(value, name=f"<{spec.tag}>")
    if given is not None:
        if unit is None:
            raise UnitError(f"<{spec.tag}> is a plain number: give it without a unit")
        if not fits(given, spec):
            raise UnitError(
                f"{given!r} is not a unit of {'/'.join(sorted(spec.dimensions))} "
                f"(<{spec.tag}> takes {', '.join(sorted(spec.accepted_units))})"
            )
        number = parse_quantity(value, unit, name=f"<{spec.tag}>")
    check_range(number, spec)
    return number


def writable_units(spec: ElementSpec) -> list[str]:
    """The ``unit=`` values JSBSim reads on an element of ``spec``: of its dimension, and
    converted by JSBSim to the unit it wants (JSBSim converts by pairs), sorted."""
    return sorted(u for u in spec.accepted_units if any(jsbsim_converts(u, t) for t in spec.units))


def writable_unit(name: str, spec: ElementSpec) -> str:
    """The JSBSim name of ``name`` for a ``unit=`` on an element of ``spec``; UnitError
    when JSBSim has no such unit, or would not read it there."""
    unit = jsbsim_unit(name, spec.dimensions)
    choices = writable_units(spec) if spec.units else sorted(spec.accepted_units)
    if unit in choices or not choices:
        return unit
    if spec.accepted_units and unit not in spec.accepted_units:
        raise UnitError(
            f"unit {name!r} is not a unit of {'/'.join(sorted(spec.dimensions))} "
            f"(<{spec.tag}> takes {', '.join(choices)})"
        )
    raise UnitError(
        f"JSBSim cannot convert {unit} to {' or '.join(spec.units)} for <{spec.tag}> "
        f"(it converts by pairs of units): use one of {', '.join(choices)}"
    )


def fits(unit: str, spec: ElementSpec) -> bool:
    """True when ``unit`` (any spelling flightsim reads) measures the spec's dimension."""
    return not spec.dimensions or bool(
        lookup_unit(unit, spec.dimensions).dimensions & spec.dimensions
    )


def check_range(number: float, spec: ElementSpec) -> None:
    """ValueError when ``number`` is below the spec's physical range."""
    bound = spec.lower_bound
    if bound is None:
        return
    if number < bound or (spec.lower_bound_exclusive and number == bound):
        sense = (
            "be positive"
            if spec.lower_bound_exclusive and bound == 0
            else "not be negative"
            if bound == 0
            else f"be at least {format_number(bound)}"
        )
        raise ValueError(f"<{spec.tag}> must {sense}, got {format_number(number)}")


def text_for(
    value: Value | Sequence[Sequence[float]],
    spec: ElementSpec,
    unit: str | None,
    digits: int = DIGITS,
) -> str:
    """The text to write for ``value`` in an element of ``spec`` whose unit is ``unit``,
    numbers with ``digits`` significant digits at most."""
    kind = spec.text or ""
    if kind == "number":
        if not isinstance(value, (int, float, str)):
            raise ValueError(f"<{spec.tag}> holds a number, got {value!r}")
        return format_number(number_in(value, spec, unit), digits)
    if kind == "value":
        if isinstance(value, str) and not _is_number(value):
            return _property(value, spec)
        if not isinstance(value, (int, float, str)):
            raise ValueError(f"<{spec.tag}> holds a number or a property, got {value!r}")
        return format_number(number_in(value, spec, unit), digits)
    if kind == "property":
        return _property(value, spec)
    if kind.startswith("enum:"):
        allowed = kind[5:].split("|")
        if value not in allowed:
            raise ValueError(f"<{spec.tag}> is one of {', '.join(allowed)}, got {value!r}")
        return str(value)
    if kind == "table":
        return table_text(value, spec, digits)
    if isinstance(value, str):
        return value
    raise ValueError(f"<{spec.tag}> holds text, got {value!r}")


def _is_number(text: str) -> bool:
    try:
        split_quantity(text)
    except UnitError:
        return False
    return True


def _property(value: object, spec: ElementSpec) -> str:
    if not isinstance(value, str) or not _PROPERTY.fullmatch(value.strip()):
        raise ValueError(f"<{spec.tag}> holds a property name, got {value!r}")
    return value.strip()


def table_text(value: object, spec: ElementSpec, digits: int = DIGITS) -> str:
    """The text of a ``<tableData>``: rows of numbers (a string is checked as such), in
    right-aligned columns; a first row one shorter than the next is a 2D table's column
    breakpoints, written over the data columns."""
    if isinstance(value, str):
        rows = [line.split() for line in value.strip().splitlines()]
    elif isinstance(value, Sequence):
        rows = [[format_number(float(x), digits) for x in row] for row in value]
    else:
        raise ValueError(f"<{spec.tag}> holds rows of numbers, got {value!r}")
    for row in rows:
        for cell in row:
            try:
                number = float(cell)
            except ValueError:
                raise ValueError(f"<{spec.tag}>: {cell!r} is not a number") from None
            if not math.isfinite(number):
                raise ValueError(f"<{spec.tag}>: {cell!r} is not a finite number")
    if len(rows) > 1 and len(rows[0]) == len(rows[1]) - 1:
        rows[0] = ["", *rows[0]]  # a 2D table's column breakpoints, over the data columns
    widths = [max(len(row[i]) for row in rows if i < len(row)) for i in range(max(map(len, rows)))]
    return "\n".join("  ".join(cell.rjust(widths[i]) for i, cell in enumerate(row)) for row in rows)
