"""What kind of craft a loaded model is, for the tools made for fixed-wing aeroplanes.

A rotorcraft, a multirotor or an airship loads and runs in JSBSim, but a wing-borne
trim, the flight-dynamics analysis and the environments' tasks do not fit it: the
analysis and the environments refuse it at once with :func:`not_fixed_wing`'s words.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flightsim.sim.simulation import Simulation

LIFTING_THRUST_DEG = 45.0
"""A thruster pitched more than this from the body's x axis [deg] lifts rather than
pushes (JSBSim's ``propulsion/engine[i]/pitch-angle-rad``, the thruster's ``<orient>``):
a multirotor's point straight up (90°), an aeroplane's within a few degrees of 0."""


def not_fixed_wing(sim: Simulation) -> str | None:
    """What ``sim``'s aircraft is when it is not a fixed-wing aeroplane, as words that
    follow "<name> is": a rotorcraft (an engine with JSBSim's rotor, its ``rotor-rpm``), a
    multirotor (every thruster pitched more than :data:`LIFTING_THRUST_DEG`: it hangs on
    its thrust, as JSBSim's quadcopter F450) or lighter than air (buoyant gas cells);
    None for an aeroplane or a glider."""
    nodes = sim.fdm.get_property_manager()
    engines = range(sim.engine_count)
    rotors = [i for i in engines if nodes.hasNode(f"propulsion/engine[{i}]/rotor-rpm")]
    if rotors:
        return f"a rotorcraft (engine {rotors[0]} drives a rotor)"
    pitch_deg = [_off_axis_deg(sim.fdm[f"propulsion/engine[{i}]/pitch-angle-rad"]) for i in engines]
    if pitch_deg and min(pitch_deg) > LIFTING_THRUST_DEG:
        return (
            f"a multirotor (its {len(pitch_deg)} thrusters lift: each is pitched "
            f"{min(pitch_deg):.0f}° or more from the body's x axis)"
        )
    if nodes.hasNode("buoyant_forces/gas-cell/max_volume-ft3"):
        return "lighter than air (it has buoyant gas cells)"
    return None


def _off_axis_deg(pitch_rad: float) -> float:
    """The angle [deg, 0..90] between a thrust line pitched ``pitch_rad`` and the body's x
    axis, either way along it: a thruster turned round (a pusher written at 180°) pushes
    along the axis as one at 0° does."""
    return math.degrees(math.acos(min(1.0, abs(math.cos(pitch_rad)))))
