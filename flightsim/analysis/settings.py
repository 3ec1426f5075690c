"""Settings of an analysis (property writes made before a trim) that no aircraft can have.

The check itself is the simulation's (:mod:`flightsim.sim.limits`: a negative tank
content, a command beyond its range, a tank filled beyond its capacity); these
functions word its refusal as the analyses do, naming the option or argument the
setting came from: ``--setting: propulsion/tank[0]/contents-lbs=-500: a tank's
contents [lbf] cannot be negative``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flightsim.errors import PropertyValueError
from flightsim.sim.limits import refuse_out_of_range

__all__ = ["refuse_impossible", "write_setting"]


def _reworded(exc: PropertyValueError, where: str) -> PropertyValueError:
    return PropertyValueError(
        f"{where}: {exc.prop}={exc.value:g}: {exc.reason}",
        prop=exc.prop,
        value=exc.value,
        reason=exc.reason,
    )


def refuse_impossible(setting: Mapping[str, float], where: str) -> None:
    """Raise :class:`~flightsim.errors.PropertyValueError` (a ConfigError) naming ``where``
    (the option or argument) and the value when a value of ``setting`` is outside the
    range its name gives (:func:`~flightsim.sim.limits.refuse_out_of_range`): before
    anything is loaded."""
    for name, value in setting.items():
        try:
            refuse_out_of_range(name, value)
        except PropertyValueError as exc:
            raise _reworded(exc, where) from None


def write_setting(sim: Any, setting: Mapping[str, float], where: str) -> None:
    """Write ``setting`` into ``sim`` (a Simulation); a value it refuses (a tank filled
    beyond its capacity, found only once written) is raised naming ``where``."""
    for name, value in setting.items():
        try:
            sim[name] = value
        except PropertyValueError as exc:
            raise _reworded(exc, where) from None
