"""The sideslip loop damps the Dutch roll it excites: a generated light single turns
coordinated (it had rocked ±4° of sideslip, the rudder banging from stop to stop)."""

from __future__ import annotations

import math
from pathlib import Path

from flightsim import InitialConditions, Simulation
from flightsim.control import Autopilot

FLEET = Path(__file__).resolve().parents[2] / "aircraft"


def test_a_generated_single_turns_without_rocking_in_sideslip() -> None:
    ic = InitialConditions(altitude_ft=4000, kcas=94)
    with Simulation("gen-c172", ic=ic, aircraft_dirs=[FLEET], record=None) as sim:
        sim.trim()
        autopilot = Autopilot()
        autopilot.engage(sim)
        autopilot.targets.heading_deg = (autopilot.targets.heading_deg - 60.0) % 360.0
        betas, rudders = [], []
        for step in range(800):  # 40 s: 60° left, then back
            if step == 400:
                autopilot.targets.heading_deg = (autopilot.targets.heading_deg + 60.0) % 360.0
            commands = autopilot.update(sim, 0.05)
            for name, value in commands.items():
                sim[name] = value
            sim.run(0.05)
            betas.append(sim["aero/beta-deg"])
            rudders.append(commands["fcs/rudder-cmd-norm"])
        heading_error = (autopilot.targets.heading_deg - sim["attitude/psi-deg"] + 180.0) % 360.0
    rms = math.sqrt(sum(b * b for b in betas) / len(betas))
    assert rms < 0.5, rms  # deg (0.1; 2.3 without the damper)
    assert max(abs(b) for b in betas) < 1.5  # deg (0.5; 4.4 without)
    assert max(abs(r) for r in rudders) < 0.5  # no stop-to-stop rudder
    assert abs(heading_error - 180.0) < 5.0  # back on the first heading
