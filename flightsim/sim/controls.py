"""Control inputs over time: constants, tables and callables.

``Simulation.run(controls=...)`` takes a dict of constant property values, a
:class:`ControlTable` (breakpoints over simulation time, held or linearly
interpolated), or a callable ``(t_s, sim) -> {property: value}``. The
functions at the end adapt each of them to the stepper: constant writes, or a
hook called before the steps it governs.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from flightsim.errors import ConfigError, PropertyError, PropertyValueError
from flightsim.sim.limits import refuse_out_of_range
from flightsim.sim.property_nodes import PropertyCache, is_finite_number
from flightsim.units import number_or_numeral


@dataclass(frozen=True)
class ControlTable:
    """Property values at breakpoint times [s] of simulation time.

    ``values`` maps each JSBSim property to one value per entry of
    ``times_s`` (strictly increasing). ``interpolation="step"`` holds each
    value until the next breakpoint; ``"linear"`` interpolates between
    breakpoints. Before the first breakpoint nothing is written; after the
    last, the last values hold. Values for time ``t`` are written before the
    step that starts at ``t``, so a row recorded at ``t`` still shows the
    command of the step that ended at ``t``.

    >>> ControlTable([0.0, 1.0, 2.0], {"fcs/elevator-cmd-norm": [0.0, -0.1, 0.0]})
    ... # doctest: +ELLIPSIS
    ControlTable(...)
    """

    times_s: Sequence[float]
    values: Mapping[str, Sequence[float]]
    interpolation: str = "step"

    def __post_init__(self) -> None:
        times = _floats(self.times_s, "times_s")
        if times.ndim != 1 or len(times) == 0:
            raise ConfigError("ControlTable: times_s must be a non-empty list of times [s]")
        if not np.all(np.isfinite(times)) or np.any(np.diff(times) <= 0):
            raise ConfigError(
                "ControlTable: times_s must be finite and strictly increasing; "
                f"{_first_out_of_order(times)}"
            )
        if self.interpolation not in ("step", "linear"):
            raise ConfigError(
                f"ControlTable: interpolation '{self.interpolation}' is not 'step' or 'linear'"
            )
        if not self.values:
            raise ConfigError("ControlTable: give at least one property")
        table = {}
        for name, column in self.values.items():
            arr = _floats(column, f"'{name}'")
            if arr.shape != times.shape:
                raise ConfigError(
                    f"ControlTable: '{name}' has {arr.size} values for {times.size} times"
                )
            if not np.all(np.isfinite(arr)):
                raise ConfigError(f"ControlTable: '{name}' holds a NaN or infinite value")
            table[name] = arr
        object.__setattr__(self, "times_s", times)
        object.__setattr__(self, "values", table)

    @property
    def names(self) -> list[str]:
        """The properties the table writes."""
        return list(self.values)

    def at(self, t_s: float) -> dict[str, float]:
        """Values at simulation time ``t_s`` [s] (empty before the first breakpoint)."""
        times = np.asarray(self.times_s)
        if t_s < times[0]:
            return {}
        if self.interpolation == "linear":
            return {n: float(np.interp(t_s, times, v)) for n, v in self.values.items()}
        i = int(np.searchsorted(times, t_s, side="right")) - 1
        return {n: float(np.asarray(v)[i]) for n, v in self.values.items()}

    def breakpoint_steps(self, dt_s: float) -> list[int]:
        """The step numbers at which the held values change (``ceil(t / dt)``)."""
        return [math.ceil(t / dt_s - 1e-9) for t in np.asarray(self.times_s)]


# -- the controls adapter: what run(controls=...) accepts, turned into property writes ----------


def _floats(values: object, what: str) -> np.ndarray:
    """``values`` as an array of floats; a ConfigError naming ``what`` and the first item
    that is no number (``'1 deg'``: a table holds numbers in the unit its property's name
    states), where numpy raised a bare ValueError."""
    try:
        return np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        items = list(values) if isinstance(values, Iterable) else [values]
        bad = next((item for item in items if number_or_numeral(item) is None), values)
        raise ConfigError(
            f"ControlTable: {what} holds {bad!r}, not a number; give numbers, in the unit "
            "the property's name states (times in s)"
        ) from None


def _first_out_of_order(times: np.ndarray) -> str:
    """Where ``times`` [s], known not to be finite and strictly increasing, first fails."""
    i = next(i for i, t in enumerate(times) if not math.isfinite(t) or (i and t <= times[i - 1]))
    if not math.isfinite(times[i]):
        return f"times_s[{i}] is {times[i]}"
    return f"times_s[{i}] = {times[i]:g} s is not after times_s[{i - 1}] = {times[i - 1]:g} s"


def write_values(props: PropertyCache, values: Mapping[str, float]) -> None:
    """Write ``{property: value}`` through the property cache (unknown names refused)."""
    for name, value in values.items():
        props.set(name, value)


def callable_hook(
    function: Callable[[float, Any], Mapping[str, float] | None],
    props: PropertyCache,
    dt_s: float,
    sim: object,
) -> Callable[[int], None]:
    """A stepper hook calling ``function(t_s, sim)`` and writing the values it returns.

    Values are checked (finite numbers within their property's range,
    :mod:`flightsim.sim.limits`; writable properties); each setter is looked up once.
    """
    setters: dict[str, Callable[[float], bool]] = {}

    def hook(step: int) -> None:
        values = function(step * dt_s, sim)
        if not values:
            return
        if not isinstance(values, Mapping):
            raise ConfigError(
                f"the controls callable returned {type(values).__name__} at "
                f"t = {step * dt_s:.3f} s: return a dict {{property: value}} (or None)"
            )
        for name, value in values.items():
            setter = setters.get(name)
            if setter is None:
                setter = setters[name] = props.writer(name)
            if not is_finite_number(value):
                raise ConfigError(
                    f"the controls gave {name} = {value!r} at t = {step * dt_s:.3f} s: "
                    "a control value must be a finite number"
                )
            try:
                refuse_out_of_range(name, value)
            except PropertyValueError as exc:
                raise PropertyValueError(
                    f"the controls at t = {step * dt_s:.3f} s: {exc}",
                    prop=exc.prop,
                    value=exc.value,
                    reason=exc.reason,
                ) from None
            if not setter(value):
                raise PropertyError(
                    f"the controls write {name} at t = {step * dt_s:.3f} s, a read-only property"
                )

    return hook


def table_hook(table: ControlTable, props: PropertyCache, dt_s: float) -> Callable[[int], None]:
    """A stepper hook writing the table's values for the time of ``step``."""
    for name in table.names:
        props.node(name)  # fail early on an unknown name

    def hook(step: int) -> None:
        write_values(props, table.at(step * dt_s))

    return hook
