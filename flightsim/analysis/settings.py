"""Settings of an analysis (property writes made before a trim) that no aircraft can have.

JSBSim takes a negative tank content (the aircraft then weighs less than
empty) or a flap command of 5 without a word, and clamps a tank filled beyond
its capacity to the capacity. :func:`refuse_impossible` refuses the values no
aircraft can have from the property's name alone; :func:`refuse_clamped`, once
written, those JSBSim did not keep.
"""

from __future__ import annotations

import math
import re
from typing import Any

from flightsim.errors import ConfigError

__all__ = ["impossible", "refuse_clamped", "refuse_impossible"]

_RANGES: tuple[tuple[re.Pattern[str], float, float, str], ...] = (
    (re.compile(r"propulsion/tank\[\d+\]/contents-lbs"), 0.0, math.inf, "a tank's contents [lbf]"),
    (re.compile(r"propulsion/tank\[\d+\]/pct-full"), 0.0, 100.0, "a tank's fill [%]"),
    (
        re.compile(r"inertia/pointmass-weight-lbs\[\d+\]"),
        0.0,
        math.inf,
        "a point mass's weight [lbf]",
    ),
    (
        re.compile(r"fcs/(flap|throttle|mixture|speedbrake|spoiler)-cmd-norm(\[\d+\])?"),
        0.0,
        1.0,
        "this command",
    ),
    (
        re.compile(r"fcs/(elevator|aileron|rudder|pitch-trim|roll-trim|yaw-trim)-cmd-norm"),
        -1.0,
        1.0,
        "this command",
    ),
)
"""(property name, lowest and highest value it can have, what it is)."""
_CLAMPED = re.compile(r"propulsion/tank\[(\d+)\]/contents-lbs")
"""Properties JSBSim clamps when written (a tank's contents, to its capacity)."""


def impossible(name: str, value: float) -> str:
    """Why no aircraft can have ``value`` for property ``name`` ("" when it can, or when
    its name says nothing)."""
    for pattern, low, high, what in _RANGES:
        if pattern.fullmatch(name) and not low <= value <= high:
            if math.isinf(high):
                return f"{what} cannot be negative"
            return f"{what} goes from {low:g} to {high:g}"
    return ""


def refuse_impossible(setting: dict[str, float], where: str) -> None:
    """Raise :class:`ConfigError` naming ``where`` (the option or argument) and the value
    when a value of ``setting`` is :func:`impossible`."""
    for name, value in setting.items():
        reason = impossible(name, value)
        if reason:
            raise ConfigError(f"{where}: {name}={value:g}: {reason}")


def refuse_clamped(sim: Any, setting: dict[str, float], where: str) -> None:
    """After ``setting`` was written into ``sim`` (a Simulation): raise :class:`ConfigError`
    when JSBSim kept another value (a tank filled beyond its capacity)."""
    for name, value in setting.items():
        match = _CLAMPED.fullmatch(name)
        if match is None:
            continue
        held = sim[name]
        if held != value:
            raise ConfigError(
                f"{where}: {name}={value:g}: more than tank {match[1]} holds (JSBSim keeps "
                f"{held:g} lbf, its capacity)"
            )
