"""A designer's first trial of generation (tests/design/trial_specs: a piston twin with
every optional key, a supersonic jet trainer, two business jets (two and three
turbofans), a STOL utility turboprop, a motor glider, a biplane trainer in mph, a
four-engine turboprop transport, an electric trainer in bare numbers, a heavy twin
airliner, a six-engine transport, a 250 g park flyer, a spec of the required keys only):
each generates with zero validator errors, passes the fly-out and trims where a designer
checks it; what the trial found stays fixed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from flightsim import InitialConditions, Simulation
from flightsim.design import estimate, generate, load_spec
from flightsim.design.flyout import fly_out
from flightsim.design.spec import AircraftSpec
from flightsim.units import FT_M, KT_M_S

SPECS = Path(__file__).parent / "trial_specs"
STATIC_MARGINS = {"fighter": 0.06, "business-jet": 0.12, "airliner": 0.12}
"""Static margin of the generated CG by class (docs/generating.md; light aircraft 0.15)."""


def engine_positions(
    name: str, text: str | None = None, tmp_path: Path | None = None
) -> tuple[AircraftSpec, tuple[tuple[float, float, float], ...]]:
    """The engine positions [m] of the trial spec ``name`` (or of ``text`` written over it)."""
    path = SPECS / f"{name}.toml"
    if text is not None and tmp_path is not None:
        path = tmp_path / f"{name}.toml"
        path.write_text(text)
    model = estimate(load_spec(path))
    assert model.propulsion is not None
    return model.spec, model.propulsion.positions


def test_a_business_jet_s_third_engine_is_in_its_tail_not_on_its_wing() -> None:
    # the Falcon 900's three turbofans had been put ahead of the CG on the wing at
    # 0 and ±3.3 m, the centre one inside the cabin: only a pair went on the rear fuselage
    spec, positions = engine_positions("g-falcon")
    length, radius = spec.fuselage.length, (spec.fuselage.diameter or 0.0) / 2.0
    assert [round(x / length, 3) for x, _, _ in positions] == [0.75, 0.75, 0.9]
    outer = [y for _, y, _ in positions[:2]]
    assert outer[0] == -outer[1] and radius < outer[1] < radius + 1.5
    assert positions[2][1] == 0.0


def test_a_fighter_s_twin_engines_are_side_by_side_in_its_fuselage() -> None:
    # the T-38's two J85s had been hung at 34% of the semi-span (±1.31 m, outside its
    # 1.52 m fuselage), tripling the yawing moment of one engine's thrust
    spec, positions = engine_positions("g-talon")
    assert {round(x / spec.fuselage.length, 3) for x, _, _ in positions} == {0.9}
    ys = [y for _, y, _ in positions]
    assert ys[0] == -ys[1] and 0.0 < ys[1] < (spec.fuselage.diameter or 0.0) / 2.0


def test_an_odd_propeller_is_on_the_nose(tmp_path: Path) -> None:
    # a Ju 52-like trimotor's centre propeller had been put on the wing's centre line,
    # inside the fuselage, its disc through the cabin
    text = (SPECS / "g-baron.toml").read_text().replace("count = 2", "count = 3")
    _, positions = engine_positions("g-baron", text, tmp_path)
    assert positions[0] == (0.0, 0.0, 0.0)
    assert sorted(y for _, y, _ in positions[1:]) == [-positions[2][1], positions[2][1]]
    assert positions[2][1] > 1.0


def trim(name: str, folder: Path, altitude_ft: float, **speed: float) -> dict[str, float]:
    """Level trim at ``altitude_ft`` and ``speed`` (kcas= or ktas=): what a designer reads."""
    ic = InitialConditions(altitude_ft=altitude_ft, **speed)
    with Simulation(name, ic=ic, aircraft_dirs=[folder], record=None) as sim:
        sim.trim("full")
        sim.step(1)
        return {
            key: sim[prop]
            for key, prop in (
                ("alpha", "aero/alpha-deg"),
                ("elevator", "fcs/elevator-pos-deg"),
                ("throttle", "fcs/throttle-cmd-norm[0]"),
            )
        }


def climb_fpm(name: str, folder: Path, kcas: float) -> float:
    """Specific excess power [ft/min] at full throttle from a level trim at ``kcas`` at
    1000 ft: d(h + V²/2g)/dt over 20 s after 5 s (the speed drifts; the energy rate is
    the climb rate at that speed)."""
    ic = InitialConditions(altitude_ft=1000.0, kcas=kcas)
    with Simulation(name, ic=ic, aircraft_dirs=[folder], record=None) as sim:
        sim.trim("full")
        fdm = sim.fdm
        for index in range(load_spec(folder / name / f"{name}.toml").propulsion.count):
            fdm[f"fcs/throttle-cmd-norm[{index}]"] = 1.0

        def energy_ft() -> float:
            return float(fdm["position/h-sl-ft"] + fdm["velocities/vt-fps"] ** 2 / 64.348)

        sim.run(5.0)
        start = energy_ft()
        sim.run(20.0)
        return (energy_ft() - start) * 3.0


@pytest.mark.parametrize("spec", sorted(SPECS.glob("*.toml")), ids=lambda p: p.stem)
def test_trial_aircraft_fly_as_their_spec_says(spec: Path, tmp_path: Path) -> None:
    generate(spec, tmp_path)
    shutil.copy(spec, tmp_path / spec.stem)  # where fly_out looks for it
    result = fly_out(tmp_path / spec.stem / spec.name)
    assert result.failures() == [], result.errors
    loaded = load_spec(spec)
    model = estimate(loaded)
    # weight and balance: generated at MTOW exactly, the CG the class's margin ahead of
    # the neutral point (Raymer §16.3)
    masses = model.empty + model.fuel + model.payload + model.feed_tank
    assert masses == pytest.approx(model.mtow, rel=1e-9)
    margin = STATIC_MARGINS.get(loaded.aircraft_class, 0.15)
    assert (model.x_np - model.x_cg) / model.mac == pytest.approx(margin, abs=1e-6)
    vs = loaded.performance.stall_speed / KT_M_S
    cruise = trim(
        loaded.name,
        tmp_path,
        loaded.performance.cruise_altitude / FT_M,
        ktas=loaded.performance.cruise_speed / KT_M_S,
    )
    approach = trim(loaded.name, tmp_path, 1000.0, kcas=1.3 * vs)
    # cruise on part throttle at a small alpha, approach at a higher alpha, less throttle
    # and the elevator further trailing edge up (a statically stable aircraft)
    assert 0.2 < cruise["throttle"] < 0.96
    assert -4.0 < cruise["alpha"] < 5.0 and abs(cruise["elevator"]) < 5.0
    assert cruise["alpha"] < approach["alpha"] < 10.0
    assert approach["elevator"] < cruise["elevator"]
    assert approach["throttle"] < cruise["throttle"]
    propeller = loaded.propulsion.engine != "turbofan"
    assert climb_fpm(loaded.name, tmp_path, (1.4 if propeller else 1.7) * vs) > 500.0
