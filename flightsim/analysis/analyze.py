"""One call for the whole analysis of an aircraft at one flight condition.

:func:`analyze` trims the aircraft at an altitude and calibrated airspeed,
linearises it, labels its modes with their MIL-F-8785C levels and compares the
linear model's response to a small elevator step with the nonlinear
simulation's (what ``flightsim analyze`` prints and reports).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flightsim.analysis import handling
from flightsim.analysis.eigenmodes import Mode, modes
from flightsim.analysis.linear import LinearModel, linearize, require_fixed_wing
from flightsim.analysis.settings import refuse_impossible, write_setting
from flightsim.analysis.step import StepComparison, compare_step
from flightsim.errors import TrimError
from flightsim.paths import AircraftLocation, Folders, PathLike

__all__ = ["Analysis", "analyze"]


@dataclass(frozen=True)
class Analysis:
    """The linear model, its labelled modes and the step comparison at one point.

    ``aircraft_class`` and ``category`` are the MIL-F-8785C class and flight-phase
    category the levels were judged for.
    """

    model: LinearModel
    modes: list[Mode]
    step: StepComparison
    aircraft_class: str
    category: str

    def to_json(self) -> dict[str, Any]:
        """The JSON object of ``flightsim analyze --json``."""
        point = self.model.point
        return {
            "aircraft": point["aircraft"],
            "altitude_ft": point["altitude_ft"],
            "kcas": point["kcas"],
            "weight_lbf": point["weight_lbf"],
            "trim_mode": point["trim_mode"],
            "aircraft_class": self.aircraft_class,
            "category": self.category,
            "modes": [m.to_json() for m in self.modes],
            "linear_vs_nonlinear_max_error": self.step.max_error,
            "linear_vs_nonlinear_errors": self.step.errors,
            "nonlinear_drift_ratio": self.step.drift_ratio,
        }


def analyze(
    aircraft: PathLike | AircraftLocation,
    *,
    altitude_ft: float = 4000.0,
    kcas: float = 100.0,
    aircraft_class: str | None = None,
    category: str = "B",
    trim_mode: str = "full",
    settings: dict[str, float] | None = None,
    aircraft_dirs: Folders = (),
) -> Analysis:
    """Trim ``aircraft`` at ``altitude_ft`` [ft MSL] and ``kcas`` [kt], and analyse it.

    ``settings``: property writes before the trim (``{"fcs/flap-cmd-norm": 0.5}``;
    one no aircraft can have, e.g. a negative tank content, is refused: ConfigError).
    ``aircraft_class`` (I-IV, None: from the weight) and ``category`` (A, B, C)
    choose the MIL-F-8785C criteria. A trim that fails raises
    :class:`~flightsim.errors.TrimError`; with the gear in the terrain (at 0 ft MSL
    over terrain at sea level, say) it says so and the altitude it clears it from.
    """
    from flightsim.sim.initial_conditions import InitialConditions
    from flightsim.sim.model import GROUND_TRIM_ADVICE
    from flightsim.sim.simulation import Simulation

    handling.check_class(aircraft_class or "I", category)
    refuse_impossible(settings or {}, "analyze setting")
    ic = InitialConditions(altitude_ft=altitude_ft, kcas=kcas)
    with Simulation(aircraft, ic, record=None, aircraft_dirs=aircraft_dirs) as sim:
        require_fixed_wing(sim)  # before a trim that would fail for another reason
        write_setting(sim, settings or {}, "analyze setting")
        try:
            sim.trim(trim_mode)
        except TrimError as exc:  # the gear in the terrain: an analysis is of flight
            raise exc.advised(less=[GROUND_TRIM_ADVICE]) from None
        model = linearize(sim)
        step = compare_step(sim, model)
    cls = aircraft_class or handling.default_class(float(model.point["weight_lbf"]))
    cls, cat = handling.check_class(cls, category)
    return Analysis(model, modes(model, cls, cat), step, cls, cat)
