"""Rotorcraft and lighter-than-air craft are refused up front, with the reason.

Before, ``flightsim analyze ah1s`` spent its time in a trim that could not
converge and blamed the throttle ("could not balance the drag").
"""

from __future__ import annotations

import math

import pytest

from flightsim.analysis.analyze import analyze
from flightsim.errors import ConfigError
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.simulation import Simulation


def test_a_helicopter_is_refused_as_a_rotorcraft() -> None:
    with pytest.raises(ConfigError, match=r"^ah1s is a rotorcraft \(engine 0 drives a rotor\)"):
        analyze("ah1s", altitude_ft=1000, kcas=60)
    with (
        Simulation("ah1s", InitialConditions(altitude_ft=1000, kcas=60), record=None) as sim,
        pytest.raises(ConfigError, match="for fixed-wing aeroplanes"),
    ):
        sim.linearize()


@pytest.mark.parametrize("aircraft", ["Submarine_Scout", "weather-balloon"])
def test_airships_and_balloons_are_refused_as_lighter_than_air(aircraft: str) -> None:
    with pytest.raises(ConfigError, match=rf"^{aircraft} is lighter than air .*'flightsim run'"):
        analyze(aircraft, altitude_ft=1000, kcas=30)


def test_a_quadcopter_is_refused_as_a_multirotor() -> None:
    # JSBSim's F450 had gone on to a wing-borne trim that cannot converge
    with pytest.raises(ConfigError, match=r"^F450 is a multirotor \(its 4 thrusters lift"):
        analyze("F450", altitude_ft=1000, kcas=30)


def test_an_aeroplane_is_not(c172p_sim: Simulation) -> None:
    from flightsim.analysis.linear import require_fixed_wing

    require_fixed_wing(c172p_sim)  # no error


@pytest.mark.parametrize(
    ("pitch_rad", "multirotor"),
    [(math.pi, False), (-math.pi, False), (0.1, False), (math.pi / 2, True), (-1.2, True)],
)
def test_a_thruster_turned_round_still_pushes(
    c172p_sim: Simulation, pitch_rad: float, multirotor: bool
) -> None:
    # the raw |pitch| had made a thruster written at 180° (a pusher turned round) lift
    from flightsim.sim.craft import not_fixed_wing

    c172p_sim["propulsion/engine[0]/pitch-angle-rad"] = pitch_rad
    assert (not_fixed_wing(c172p_sim) is not None) is multirotor
