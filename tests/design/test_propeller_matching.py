"""Every propeller diameter a spec accepts gives a piston engine that turns and pulls, at
the cruise trim and standing at take-off power: a small propeller's few blades had too
little inertia for JSBSim's engine steady-state solver (0.5 s explicit steps), which
overshot its rpm to 0, where the piston stops and its static friction holds it."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from flightsim import InitialConditions, Simulation
from flightsim.design import estimate, generate, load_spec
from flightsim.design.estimation import STEADY_STATE_STEP_S, spin_inertia
from flightsim.design.spec import MAX_DISC_LOADING, MAX_PROPELLER_SPAN
from flightsim.units import HP_W, KT_M_S

ROOT = Path(__file__).resolve().parents[2]
CLASSES = {  # aircraft class -> a spec of it with a piston engine
    "light-single": ROOT / "aircraft/gen-c172/gen-c172.toml",
    "aerobatic": ROOT / "tests/design/specs/u-pitts.toml",
    "heavy-single": ROOT / "tests/design/specs/u-beaver.toml",
    "twin": ROOT / "aircraft/gen-seneca/gen-seneca.toml",
}
FRACTIONS = (0.0, 0.25, 0.5, 0.75, 1.0)
"""Where the diameters of the sweep sit in the accepted range, on a log scale."""


def accepted_diameters(spec_path: Path) -> list[float]:
    """Diameters [m] across the range the spec accepts, a hair inside its ends."""
    spec = load_spec(spec_path)
    power = spec.propulsion.power or 0.0
    smallest = math.sqrt(4.0 * power / (math.pi * MAX_DISC_LOADING)) * 1.001
    largest = MAX_PROPELLER_SPAN * min(spec.wing.span, spec.fuselage.length) * 0.999
    return [smallest * (largest / smallest) ** f for f in FRACTIONS]


def with_diameter(spec_path: Path, diameter: float, folder: Path) -> Path:
    """A copy of the spec in ``folder`` with its propeller ``diameter`` [m]."""
    text = re.sub(
        r"^propeller_diameter = .*$",
        f'propeller_diameter = "{diameter:.4f} m"',
        spec_path.read_text(),
        flags=re.MULTILINE,
    )
    copy = folder / spec_path.name
    copy.write_text(text)
    return copy


def engines(sim: Simulation, count: int) -> list[tuple[float, float]]:
    """(rpm, thrust [lbf]) of each engine."""
    return [
        (sim[f"propulsion/engine[{i}]/engine-rpm"], sim[f"propulsion/engine[{i}]/thrust-lbs"])
        for i in range(count)
    ]


@pytest.mark.parametrize("fraction", FRACTIONS)
@pytest.mark.parametrize("kind", list(CLASSES))
def test_every_accepted_propeller_turns_and_pulls(
    kind: str, fraction: float, tmp_path: Path
) -> None:
    spec_path = CLASSES[kind]
    diameter = accepted_diameters(spec_path)[FRACTIONS.index(fraction)]
    copy = with_diameter(spec_path, diameter, tmp_path)
    spec = load_spec(copy)
    generate(copy, tmp_path / "out")
    count, perf = spec.propulsion.count, spec.performance
    cruise = InitialConditions(
        altitude_ft=perf.cruise_altitude / 0.3048, ktas=perf.cruise_speed / KT_M_S
    )
    with Simulation(spec.name, ic=cruise, aircraft_dirs=[tmp_path / "out"], record=None) as sim:
        sim.trim("full")
        for rpm, thrust in engines(sim, count):
            assert rpm > 1000.0 and thrust > 1.0, f"{diameter:.3f} m at cruise"
    standing = InitialConditions(on_ground=True, engines_running=True)
    with Simulation(spec.name, ic=standing, aircraft_dirs=[tmp_path / "out"], record=None) as sim:
        for i in range(count):
            sim[f"fcs/throttle-cmd-norm[{i}]"] = 1.0
        sim.run(1.0)  # brakes off: held on them, a taildragger noses over at full power
        for rpm, thrust in engines(sim, count):
            assert rpm > 1000.0 and thrust > 1.0, f"{diameter:.3f} m at take-off power"


def test_a_small_propeller_turns_with_the_inertia_the_solver_needs(tmp_path: Path) -> None:
    # the Pitts' 30 in propeller: its blades' 0.14 kg m2 stopped the engine at 6000 ft;
    # its spin's stiffness at cruise, (P/ω²)(2 + x³)/(1 - x³) with 200 hp at 81% (the
    # lapse at 6000 ft) and 2700 rpm, is 5.33 N m s: 0.5 s of it is the least inertia
    copy = with_diameter(CLASSES["aerobatic"], 30.0 * 0.0254, tmp_path)
    propulsion = estimate(load_spec(copy)).propulsion
    assert propulsion is not None and propulsion.propeller is not None
    assert propulsion.propeller.ixx == pytest.approx(STEADY_STATE_STEP_S * 5.33, rel=0.01)
    cruise = 200.0 * HP_W * 0.8142
    floor = spin_inertia(200.0 * HP_W, cruise, 2700.0, 0.75 / 1.08)
    assert propulsion.propeller.ixx == pytest.approx(floor, rel=1e-4)
    generate(copy, tmp_path)
    header = (tmp_path / "u-pitts" / "u-pitts.xml").read_text()
    assert "<note>propeller and engine inertia: 2.67 kg m2 (the blades' 0.144 kg m2)" in header


def test_a_piston_keeps_its_power_at_altitude(tmp_path: Path) -> None:
    # the automatic mixture δ^0.6 ran ever richer with height (fuel/air 0.12 at 20,000 ft,
    # where JSBSim's mixture efficiency is 0.5): the 180 hp engine gave 33 hp, where the
    # estimate's lapse 1.132 σ - 0.132 promises 85 hp, and this cruise did not trim
    text = CLASSES["light-single"].read_text()
    text = text.replace('cruise_altitude = "8000 ft"', 'cruise_altitude = "20000 ft"')
    text = text.replace('cruise_speed = "124 kt"', 'cruise_speed = "100 kt"')
    spec = tmp_path / "gen-c172.toml"
    spec.write_text(text)
    generate(spec, tmp_path / "out")
    ic = InitialConditions(altitude_ft=20000.0, ktas=100.0)
    with Simulation("gen-c172", ic=ic, aircraft_dirs=[tmp_path / "out"], record=None) as sim:
        sim["fcs/throttle-cmd-norm[0]"] = 1.0
        sim.run(3.0)
        assert sim["propulsion/engine[0]/power-hp"] > 0.9 * 0.471 * 180.0
        sim.reset()
        sim.trim("full")
        assert sim["fcs/throttle-cmd-norm[0]"] < 0.97


@pytest.mark.parametrize(
    ("kind", "power", "speed"),
    [("light-single", "400 hp", "110 kt"), ("twin", "600 hp", "170 kt")],
)
def test_a_piston_trims_at_its_ceiling(kind: str, power: str, speed: str, tmp_path: Path) -> None:
    # the ceiling a spec is refused above (ENGINE_CEILINGS): the piston still trims there
    spec_path = CLASSES[kind]
    spec = load_spec(spec_path)
    text = re.sub(
        r"^cruise_altitude = .*$", 'cruise_altitude = "30000 ft"', spec_path.read_text(), flags=re.M
    )
    text = re.sub(r"^cruise_speed = .*$", f'cruise_speed = "{speed}"', text, flags=re.M)
    text = re.sub(r"^power = .*$", f'power = "{power}"', text, flags=re.M)
    copy = tmp_path / spec_path.name
    copy.write_text(text)
    generate(copy, tmp_path / "out")
    ic = InitialConditions(altitude_ft=30000.0, ktas=float(speed.split()[0]))
    with Simulation(spec.name, ic=ic, aircraft_dirs=[tmp_path / "out"], record=None) as sim:
        sim.trim("full")
        assert 0.7 < sim["fcs/throttle-cmd-norm[0]"] < 0.97
        for rpm, thrust in engines(sim, spec.propulsion.count):
            assert rpm > 2000.0 and thrust > 100.0
