"""Property values no aircraft can have, refused before JSBSim takes them.

JSBSim takes a negative tank content (the aircraft then weighs less than
empty) or a flap command of 5 without a word, and clamps a tank filled beyond
its capacity to the capacity. :func:`limit_of` gives the range of the few
properties whose name says what values they can hold (a dict lookup after the
first write of a name: every other property costs that lookup and no more);
:func:`refuse_out_of_range` refuses a value outside it, and :func:`write_within`
writes one, refusing (and undoing) a write JSBSim clamped. ``Simulation``
writes every user value through them (``sim[name] = value``, ``sim.set``,
``reset(settings)``, ``run(controls=...)``), and so do the analyses, the batch
cases and the environments' overrides, which write through ``Simulation``.
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass

from flightsim.errors import PropertyValueError
from flightsim.sim.property_nodes import PropertyCache, is_finite_number

__all__ = [
    "PASSABLE",
    "Limit",
    "limit_of",
    "refuse_out_of_range",
    "write_within",
]


@dataclass(frozen=True, slots=True)
class Limit:
    """The values a property can hold: ``low`` to ``high`` [``unit``]; ``what`` it is
    (with its unit when it has one, in the analyses' words); ``capacity``: JSBSim
    clamps a write beyond the tank's capacity."""

    low: float
    high: float
    what: str
    unit: str
    capacity: bool = False

    def reason(self) -> str:
        """Why a value outside the range is refused: ``"this command goes from 0 to 1"``."""
        if math.isinf(self.high):
            return f"{self.what} cannot be negative"
        return f"{self.what} goes from {self.low:g} to {self.high:g}"

    def allowed(self) -> str:
        """The range with its unit: ``"from 0 to 1 [norm]"``, ``"of 0 [lbf] or more"``."""
        if math.isinf(self.high):
            return f"of {self.low:g} [{self.unit}] or more"
        return f"from {self.low:g} to {self.high:g} [{self.unit}]"


_COMMAND_0_1 = r"fcs/(flap|throttle|mixture|speedbrake|spoiler)-cmd-norm(\[\d+\])?"
_COMMAND_1_1 = r"fcs/(elevator|aileron|rudder|pitch-trim|roll-trim|yaw-trim)-cmd-norm"
_RULES: tuple[tuple[re.Pattern[str], Limit], ...] = (
    (
        re.compile(r"propulsion/tank\[\d+\]/contents-lbs"),
        Limit(0.0, math.inf, "a tank's contents [lbf]", "lbf", capacity=True),
    ),
    (re.compile(r"propulsion/tank\[\d+\]/pct-full"), Limit(0.0, 100.0, "a tank's fill [%]", "%")),
    (
        re.compile(r"inertia/pointmass-weight-lbs\[\d+\]"),
        Limit(0.0, math.inf, "a point mass's weight [lbf]", "lbf"),
    ),
    (re.compile(_COMMAND_0_1), Limit(0.0, 1.0, "this command", "norm")),
    (re.compile(_COMMAND_1_1), Limit(-1.0, 1.0, "this command", "norm")),
)
"""(property name, the values it can hold)."""
_TANK_INDEX = re.compile(r"propulsion/tank\[(\d+)\]")

_SEEN: dict[str, Limit | None] = {}
"""Every name looked up so far and its limit (None: its name says nothing)."""
PASSABLE: dict[str, tuple[float, float]] = {}
"""The hot path: the names of :data:`_SEEN` (:func:`limit_of` fills both; a name written
is looked up first), each with the values (low, high) that may go straight to the
property's setter: its range, or the largest finite floats, so that a value within is a
finite number. A tank's contents is never in it (JSBSim clamps it: :func:`write_within`).
A name missing, or a value outside (or not comparable), goes through
:func:`write_within`."""
_FINITE = (-sys.float_info.max, sys.float_info.max)


def limit_of(name: str) -> Limit | None:
    """The range of property ``name``, None when its name says nothing of it."""
    try:
        return _SEEN[name]
    except KeyError:
        found = next((limit for pattern, limit in _RULES if pattern.fullmatch(name)), None)
        _SEEN[name] = found
        if found is None or not found.capacity:
            PASSABLE[name] = _FINITE if found is None else (found.low, found.high)
        return found


def refuse_out_of_range(name: str, value: object) -> Limit | None:
    """Raise :class:`~flightsim.errors.PropertyValueError` when ``value`` is outside the
    range of ``name``; return that range (None when it has none). A value that is not a
    finite number is left to the write, which refuses it as such."""
    limit = limit_of(name)
    if limit is None or not is_finite_number(value):
        return limit
    number = float(value)  # type: ignore[arg-type]
    if not limit.low <= number <= limit.high:
        raise PropertyValueError(
            f"property '{name}' cannot be {number:g} [{limit.unit}]: {limit.reason()}; "
            f"give a value {limit.allowed()}",
            prop=name,
            value=number,
            reason=limit.reason(),
        )
    return limit


def write_within(props: PropertyCache, name: str, value: float, *, create: bool = False) -> None:
    """Write ``value`` to ``name`` after :func:`refuse_out_of_range`; a tank filled beyond
    its capacity (JSBSim keeps the capacity) is put back as it was and refused.

    Afterwards ``name`` is in :data:`PASSABLE` (looked up) unless it is a tank's contents.
    """
    limit = refuse_out_of_range(name, value)
    if limit is None or not limit.capacity:
        props.set(name, value, create=create)
        return
    if not is_finite_number(value):
        props.set(name, value, create=create)  # refuses it
    before = props.node(name, create=create).get_double_value()
    props.set(name, value, create=create)
    held = props.get(name)
    if held != value:
        props.set(name, before)
        match = _TANK_INDEX.match(name)
        tank = match[1] if match is not None else "?"
        reason = f"more than tank {tank} holds (JSBSim keeps {held:g} lbf, its capacity)"
        raise PropertyValueError(
            f"property '{name}' cannot be {value:g} [{limit.unit}]: {reason}; give a "
            f"value of {held:g} [{limit.unit}] or less",
            prop=name,
            value=float(value),
            reason=reason,
        )
