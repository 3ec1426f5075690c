"""Control inputs over time: constants, tables and callables.

``Simulation.run(controls=...)`` takes a dict of constant property values, a
:class:`ControlTable` (breakpoints over simulation time, held or linearly
interpolated), or a callable ``(t_s, sim) -> {property: value}``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from flightsim.errors import ConfigError


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
        times = np.asarray(self.times_s, dtype=float)
        if times.ndim != 1 or len(times) == 0:
            raise ConfigError("ControlTable: times_s must be a non-empty list of times [s]")
        if not np.all(np.isfinite(times)) or np.any(np.diff(times) <= 0):
            raise ConfigError("ControlTable: times_s must be finite and strictly increasing")
        if self.interpolation not in ("step", "linear"):
            raise ConfigError(
                f"ControlTable: interpolation '{self.interpolation}' is not 'step' or 'linear'"
            )
        if not self.values:
            raise ConfigError("ControlTable: give at least one property")
        table = {}
        for name, column in self.values.items():
            arr = np.asarray(column, dtype=float)
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
