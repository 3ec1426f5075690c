"""Every shipped generated aircraft passes the fly-out checks; the C172 against the c172p."""

from pathlib import Path

import pytest

from flightsim.design import generate
from flightsim.design.flyout import fly_out, fly_out_all, slowest_trim, trim_point

FLEET = Path(__file__).resolve().parents[2] / "aircraft"
SPECS = sorted(FLEET.glob("*/*.toml"))


@pytest.mark.parametrize("spec_path", SPECS, ids=lambda p: p.stem)
def test_generated_aircraft_fly(spec_path: Path) -> None:
    result = fly_out(spec_path)
    assert result.validates and result.loads, result.errors
    assert result.trims_cruise and result.trims_slow, result.errors
    assert result.hands_off_dh_ft is not None and abs(result.hands_off_dh_ft) < 100.0
    assert result.hands_off_max_bank_deg is not None and result.hands_off_max_bank_deg < 10.0
    assert result.min_trim_speed_kt is not None
    assert abs(result.min_trim_speed_kt / result.stall_speed_kt - 1.0) <= 0.10
    assert result.short_period is not None and result.short_period.damping > 0.2
    assert result.phugoid is not None and result.phugoid.time_to_double_s > 20.0
    assert result.dutch_roll is not None and result.dutch_roll.damping > 0.0
    assert result.failures() == []


def test_c172_from_published_data_against_the_bundled_c172p() -> None:
    """100 KCAS at 4000 ft, both at 2550 lb (the c172p loaded through its pilot seat)."""
    ours = trim_point("gen-c172", [FLEET])
    theirs = trim_point("c172p", weight_lb=ours.weight_lb)
    assert ours.throttle == pytest.approx(theirs.throttle, rel=0.15)
    assert ours.alpha_deg == pytest.approx(theirs.alpha_deg, rel=0.15)  # 1.68 vs 1.80 deg
    # the same property, fcs/elevator-pos-deg (trailing edge down positive): 1.67 vs 1.73 deg
    assert ours.elevator_deg == pytest.approx(theirs.elevator_deg, rel=0.15)
    stall_ours = slowest_trim("gen-c172", [FLEET], 48.0)
    stall_theirs = slowest_trim("c172p", [], 48.0, weight_lb=ours.weight_lb)
    assert stall_ours is not None and stall_theirs is not None
    assert stall_ours == pytest.approx(stall_theirs, rel=0.15)
    assert stall_ours == pytest.approx(48.0, rel=0.05)  # the POH's 48 KCAS


def test_the_elevator_is_neutral_at_the_best_range_speed() -> None:
    """The tail incidence puts the C172's neutral elevator at L/Dmax (CL = sqrt(CD0/k))."""
    import math

    from flightsim.design import load_spec
    from flightsim.design.aero import wing_moment_at_ac
    from flightsim.design.estimation import estimate

    model = estimate(load_spec(FLEET / "gen-c172" / "gen-c172.toml"))
    cl = math.sqrt(model.cd0 / model.induced_k)
    keas = math.sqrt(2.0 * model.mtow * 9.80665 / (1.225 * model.area * cl)) / 0.514444
    assert keas == pytest.approx(80.05, abs=0.05)
    at_best_range = trim_point("gen-c172", [FLEET], kcas=keas, altitude_ft=3000.0)
    assert abs(at_best_range.elevator_deg) < 0.1  # deg (0.04)
    faster = trim_point("gen-c172", [FLEET], kcas=100.0, altitude_ft=3000.0)
    assert faster.elevator_deg > 1.0  # trailing edge down when faster: stable, Cmδe < 0
    # NACA 2412's zero-lift angle -2.1 deg: section cm_ac -0.058 (measured -0.05), wing A 7.5
    assert wing_moment_at_ac(math.radians(-2.1), 1e9, 0.0) == pytest.approx(-0.0576, abs=1e-4)
    assert wing_moment_at_ac(math.radians(-2.0), 7.48, 0.0) == pytest.approx(-0.0433, abs=1e-4)


def test_an_electric_aircraft_flies(tmp_path: Path) -> None:
    text = (FLEET / "gen-c172" / "gen-c172.toml").read_text()
    text = text.replace('name = "gen-c172"', 'name = "ecub"').replace('fuel = "318 lb"\n', "")
    spec = tmp_path / "ecub.toml"
    spec.write_text(text.replace('engine = "piston"', 'engine = "electric"'))
    generate(spec)
    result = fly_out(spec)
    assert result.failures() == [], result.errors
    fcs = (tmp_path / "ecub" / "Systems" / "flight-controls.xml").read_text()
    assert "<output>propulsion/fuel_freeze</output>" in fcs


def test_perturbed_specs_fly_or_are_refused_by_key(tmp_path: Path) -> None:
    """Fleet specs with masses, geometry and speeds scaled by 0.8..1.25 (seeded)."""
    import dataclasses
    import random

    from flightsim.design import load_spec, spec_to_toml
    from flightsim.errors import ConfigError

    rng = random.Random(7)
    flown = 0
    for index in range(6):
        base = load_spec(SPECS[index % len(SPECS)])

        def scale(value: float) -> float:
            return value * rng.uniform(0.8, 1.25)

        spec = dataclasses.replace(
            base,
            name=f"variant{index}",
            mass=dataclasses.replace(base.mass, mtow=scale(base.mass.mtow)),
            wing=dataclasses.replace(base.wing, span=scale(base.wing.span)),
            performance=dataclasses.replace(
                base.performance,
                stall_speed=scale(base.performance.stall_speed),
                cruise_speed=scale(base.performance.cruise_speed),
            ),
        )
        path = tmp_path / f"variant{index}.toml"
        path.write_text(spec_to_toml(spec))
        try:
            generate(path)
        except ConfigError as exc:  # refused: the message names the key and its line
            assert exc.line is not None and str(exc).split(": ")[1].startswith(
                ("performance.", "mass.", "wing.")
            ), str(exc)
            continue
        result = fly_out(path)
        assert result.failures() == [], (spec.name, result.errors)
        flown += 1
    assert flown >= 3


def test_fly_outs_on_worker_processes_report_a_bad_spec_as_that_aircraft_s_failure(
    tmp_path: Path,
) -> None:
    """fly_out_all through flightsim.batch's executor: results in order, one per spec."""
    bad = tmp_path / "broken.toml"
    bad.write_text('name = "broken"\n')
    glider = FLEET / "gen-ask21" / "gen-ask21.toml"
    first, second = fly_out_all([bad, glider], workers=2)
    assert first.name == "broken" and not first.loads
    assert first.errors[0].startswith("fly-out failed: ConfigError:"), first.errors
    assert first.failures()[:2] == ["validates", "loads"]
    assert second.name == "gen-ask21" and second.failures() == [], second.errors
    assert second.phugoid is not None and second.phugoid.time_to_double_s == float("inf")
