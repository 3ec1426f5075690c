"""The linear model against the nonlinear simulation: responses to a small step.

:func:`compare_step` flies the nonlinear simulation from the trimmed point with
one command stepped by ``amount`` at t = 0 and integrates the linear model
(:meth:`~flightsim.analysis.linear.LinearModel.simulate`) with the same step.
Each compared signal's error is the largest absolute difference between the two
responses, divided by the nonlinear response's peak (a dimensionless fraction:
0.05 is 5 % of the response).

The nonlinear response is the stepped flight minus a second, unstepped flight
from the same trimmed point (the input's effect alone). Where the trimmed point
is an equilibrium of the flown model the unstepped flight stays at trim and the
difference is the deviation from trim; where it is not (JSBSim's trim settles
each engine by its own steady-state search, and a turboprop such as the DHC6's
then spools down when flown: the airspeed falls 6 ft/s in 4 s with no input),
comparing deviations from trim would measure that drift instead of the linear
model. The drift is reported on its own: ``drift`` (the unstepped flight's
deviation from trim) and ``drift_ratio``, its peak over the step response's.

JSBSim's state answers a control written before a step only at the end of the
next one (its integrators use the accelerations of the step before: the first
recorded row after the write is unchanged), so the linear model's input is
delayed by one step, the same delay.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from flightsim.analysis.linear import INPUT_PROPERTIES, STATE_PROPERTIES, LinearModel, trimmed_twin
from flightsim.errors import ConfigError

if TYPE_CHECKING:
    from flightsim.sim.simulation import Simulation

__all__ = ["LONGITUDINAL_SIGNALS", "StepComparison", "compare_step"]

LONGITUDINAL_SIGNALS = ("vt", "alpha", "q", "theta")
"""Airspeed [ft/s], angle of attack [rad], pitch rate [rad/s] and pitch [rad]."""


@dataclass(frozen=True, eq=False)  # numpy arrays: compare fields with np.array_equal
class StepComparison:
    """Both responses to one step: deviations from trim, one column per signal.

    ``time_s`` [s]; ``linear`` and ``nonlinear`` [len(time), len(signals)] in
    ``units`` (``nonlinear``: the stepped flight minus the unstepped one);
    ``errors`` maps each signal to its normalised largest error; ``drift`` is the
    unstepped flight's deviation from trim, same shape and units.
    """

    input: str
    amount: float
    signals: tuple[str, ...]
    units: tuple[str, ...]
    time_s: np.ndarray
    linear: np.ndarray
    nonlinear: np.ndarray
    errors: dict[str, float]
    drift: np.ndarray

    @property
    def max_error(self) -> float:
        """The largest normalised error over the signals."""
        return max(self.errors.values())

    @property
    def drift_ratio(self) -> float:
        """The largest over the signals of the unstepped flight's peak deviation from
        trim divided by the step response's peak (0: the trim is an equilibrium)."""
        peaks = np.max(np.abs(self.nonlinear), axis=0)
        drifts = np.max(np.abs(self.drift), axis=0)
        return max(d / p if p > 0.0 else math.inf for d, p in zip(drifts, peaks, strict=True))


def compare_step(
    sim: Simulation,
    model: LinearModel,
    *,
    input: str = "elevator",
    amount: float = -0.01,
    duration_s: float = 10.0,
    signals: Sequence[str] = LONGITUDINAL_SIGNALS,
) -> StepComparison:
    """Step ``input`` by ``amount`` (a normalised command) for ``duration_s`` [s].

    The nonlinear response is flown by a twin of ``sim`` at its trimmed point
    (``sim`` itself is left alone); ``model`` should be ``sim.linearize()``.
    """
    if input not in model.inputs:
        raise ConfigError(f"unknown input '{input}': the model has {', '.join(model.inputs)}")
    missing = [s for s in signals if s not in model.outputs]
    if missing:
        raise ConfigError(f"signal(s) {', '.join(missing)} are not outputs of the model")
    props = [STATE_PROPERTIES[s] for s in signals]
    command = INPUT_PROPERTIES[input]
    stepped, time_s, dt_s = _flight(sim, props, duration_s, command, amount)
    drift = _flight(sim, props, duration_s, command, 0.0)[0]
    nonlinear = stepped - drift
    u = np.zeros((len(time_s), len(model.inputs)))
    u[1:, model.inputs.index(input)] = amount  # JSBSim answers a write one step later
    columns = [model.outputs.index(s) for s in signals]
    linear = model.simulate(u, dt_s)[:, columns]
    errors = {}
    for k, name in enumerate(signals):
        peak = float(np.max(np.abs(nonlinear[:, k])))
        worst = float(np.max(np.abs(linear[:, k] - nonlinear[:, k])))
        errors[name] = worst / peak if peak > 0.0 else float("inf")
    return StepComparison(
        input=input,
        amount=amount,
        signals=tuple(signals),
        units=tuple(model.output_units[c] for c in columns),
        time_s=time_s,
        linear=linear,
        nonlinear=nonlinear,
        errors=errors,
        drift=drift,
    )


def _flight(
    sim: Simulation, props: list[str], duration_s: float, command: str, amount: float
) -> tuple[np.ndarray, np.ndarray, float]:
    """A twin's deviations from trim [time, props] with ``command`` stepped by ``amount``
    (0: held at trim), its times [s] and time step [s]."""
    twin = trimmed_twin(sim, record=props)
    try:
        rec = twin.run(duration_s, controls=_stepped(twin, command, amount))
        flown = np.column_stack([np.asarray(rec[p], dtype=float) for p in props])
        return flown - flown[0], np.asarray(rec.time_s, dtype=float), twin.dt_s
    finally:
        twin.close()


def _stepped(sim: Simulation, command: str, amount: float) -> dict[str, float]:
    """The control writes of the step: the command's trimmed value plus ``amount``."""
    if command == INPUT_PROPERTIES["throttle"]:
        engines = sim.engine_count
        names = [f"{command}[{i}]" for i in range(engines)]
    else:
        names = [command]
    return {name: sim[name] + amount for name in names}
