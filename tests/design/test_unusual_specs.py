"""Specs of kinds of aircraft the fleet has none of (tests/design/specs: a rear-engined
regional jet, a biplane, a flying boat, a delta fighter, a piston fighter, a 22 kg UAV, a
forward-swept business jet, an eight-engine bomber, a 0.75 kg electric UAV, a high-wing
military transport): they generate, validate and fly the
fly-out; what broke on them stays fixed, and what a spec cannot express is said so."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from flightsim import InitialConditions, Simulation
from flightsim.design import estimate, generate, load_spec
from flightsim.design.flyout import fly_out
from flightsim.errors import ConfigError

SPECS = Path(__file__).parent / "specs"
ROOT = Path(__file__).resolve().parents[2]
FLEET = ROOT / "aircraft"


def test_every_engine_of_a_spec_is_built_whatever_their_count() -> None:
    # eight turbofans had been placed as four (pairs at 34% and 60% of the semi-span
    # only): the B-52 got half its thrust and was refused its cruise
    spec = load_spec(SPECS / "u-stratofortress.toml")
    model = estimate(spec)
    assert model.propulsion is not None
    ys = sorted(y for _, y, _ in model.propulsion.positions)
    assert len(ys) == 8
    semi = spec.wing.span / 2.0
    assert [round(y / semi, 3) for y in ys[4:]] == [0.34, 0.427, 0.513, 0.6]
    assert ys[:4] == [-y for y in reversed(ys[4:])]


def test_a_small_piston_engine_is_not_eaten_by_a_fixed_friction(tmp_path: Path) -> None:
    # JSBSim's piston model takes a fixed 1.5 hp of static friction off every engine:
    # the whole output of the ScanEagle's 1.5 hp engine (its propeller stood still and
    # nothing trimmed), 5% of the 28 hp ultralight's (no level trim below 36 KCAS)
    model = estimate(load_spec(SPECS / "u-scaneagle.toml"))
    assert model.propulsion is not None
    assert model.propulsion.static_friction_hp == pytest.approx(0.01475, rel=1e-3)  # 1% of it
    generate(SPECS / "u-scaneagle.toml", tmp_path)
    engine = (tmp_path / "u-scaneagle" / "Engines" / "u-scaneagle-engine.xml").read_text()
    assert '<static-friction unit="HP">0.0147512</static-friction>' in engine
    ic = InitialConditions(altitude_ft=5000.0, ktas=60.0)
    with Simulation("u-scaneagle", ic=ic, aircraft_dirs=[tmp_path], record=None) as sim:
        sim.trim("full")
        assert sim["propulsion/engine[0]/engine-rpm"] > 2000.0
        assert 0.5 < sim["fcs/throttle-cmd-norm[0]"] < 1.0
    # an engine of 150 hp or more keeps JSBSim's default: the fleet's files are unchanged
    big = estimate(load_spec(SPECS / "u-mustang.toml")).propulsion
    assert big is not None and big.static_friction_hp == 1.5
    assert (
        "static-friction"
        not in (FLEET / "gen-c172" / "Engines" / "gen-c172-engine.xml").read_text()
    )


@pytest.mark.parametrize("spec", sorted(SPECS.glob("*.toml")), ids=lambda p: p.stem)
def test_unusual_aircraft_pass_the_fly_out(spec: Path, tmp_path: Path) -> None:
    generate(spec, tmp_path)
    shutil.copy(spec, tmp_path / spec.stem)  # where fly_out looks for it
    result = fly_out(tmp_path / spec.stem / spec.name)
    assert result.failures() == [], result.errors
    assert result.short_period is not None and result.short_period.damping > 0.3
    assert result.dutch_roll is not None and result.dutch_roll.damping > 0.03


@pytest.mark.parametrize(
    ("tail", "key", "words"),
    [
        ('htail_arm = "-3.5 m"', "tail.htail_arm", "got -3.5 m: a canard (a foreplane ahead"),
        ("htail_area = 0", "tail.htail_area", "got 0 m2: a tailless aircraft (flying wing"),
        ('vtail_area = "0 m2"', "tail.vtail_area", "got 0 m2: an aircraft without a fin"),
        ('vtail_arm = "-1 m"', "tail.vtail_arm", "got -1 m: a fin ahead of the wing"),
    ],
)
def test_a_layout_the_spec_cannot_express_is_named(
    tmp_path: Path, tail: str, key: str, words: str
) -> None:
    # a Rutan VariEze's canard (its arm ahead of the wing) and a Mirage's missing tail
    # had been told only "must be positive"
    text = (SPECS / "u-mustang.toml").read_text().replace("[gear]", f"[tail]\n{tail}\n\n[gear]")
    spec = tmp_path / "u-mustang.toml"
    spec.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_spec(spec)
    line = text.splitlines().index(tail) + 1
    assert str(caught.value).startswith(f"{spec}:{line}: {key}: {words}"), str(caught.value)


def test_a_pure_delta_with_pointed_tips_flies(tmp_path: Path) -> None:
    # taper 0 (a pointed tip) had been refused as "must be positive"
    text = (SPECS / "u-mirage.toml").read_text().replace("taper = 0.1", "taper = 0.0")
    spec = tmp_path / "u-mirage.toml"
    spec.write_text(text)
    generate(spec)
    result = fly_out(spec)
    assert result.failures() == [], result.errors


def test_a_supercharged_engine_s_cruise_is_refused_saying_the_model_is_not(
    tmp_path: Path,
) -> None:
    # the P-51D's 315 KTAS at 25,000 ft (its manual's) had been refused as if it lacked power
    text = (SPECS / "u-mustang.toml").read_text()
    text = text.replace('"275 kt"', '"315 kt"').replace('"10000 ft"', '"25000 ft"')
    spec = tmp_path / "u-mustang.toml"
    spec.write_text(text)
    with pytest.raises(ConfigError) as caught:
        generate(spec)
    line = text.splitlines().index('cruise_speed = "315 kt"') + 1
    message = str(caught.value)
    assert message.startswith(  # in the spec's units (were N for a spec in lb and hp)
        f"{spec}:{line}: performance.cruise_speed: 315 kt (true airspeed) at 25000 ft needs "
        "786 lbf of thrust (estimated drag), more than 90% of the 480 lbf the engines give"
    )
    assert message.endswith(
        "(the piston model is normally aspirated: 38% of its rated power there; a supercharged "
        "or turbocharged engine is not modelled, give its cruise at a lower altitude)"
    )


def test_propellers_are_placed_by_their_diameter_and_must_fit_on_the_wing(
    tmp_path: Path,
) -> None:
    # a turboprop's hubs had been spaced for a 2.5 m propeller whatever its size (the
    # C-130's 4.1 m discs overlapped the fuselage), and eight 3.4 m propellers had been
    # put on the P-51's 11.3 m wing, the outer ones 8 m past its tips
    hercules = load_spec(ROOT / "tests" / "envs" / "specs" / "t-hercules.toml")
    model = estimate(hercules)
    assert model.propulsion is not None
    inner = min(abs(y) for _, y, _ in model.propulsion.positions)
    disc = hercules.propulsion.propeller_diameter
    assert disc is not None and hercules.fuselage.diameter is not None
    assert inner == pytest.approx(hercules.fuselage.diameter / 2.0 + 0.65 * disc)
    text = (SPECS / "u-mustang.toml").read_text().replace("count = 1", "count = 8")
    spec = tmp_path / "u-mustang.toml"
    spec.write_text(text)
    with pytest.raises(ConfigError) as caught:
        generate(spec)
    line = text.splitlines().index("count = 8") + 1
    assert str(caught.value) == (
        f"{spec}:{line}: propulsion.count: 8 propellers of 11.2 ft, side by side clear of the "
        "fuselage, need a span of 102 ft; the wing's is 37.03 ft (give fewer or smaller "
        "propellers)"
    )


@pytest.mark.parametrize(
    ("arm", "words"),
    [
        # a 0.3 m arm had been refused for want of thrust: the tail its volume coefficient
        # sized there was the drag
        ('"0.3 m"', "0.3 m is less than the wing's mean chord, 2.17 m: the tail would sit"),
        # a 30 m arm on a 9.8 m fuselage had been generated
        (
            '"30 m"',
            "30 m puts the tail 24.9 m behind the end of the 32.25 ft fuselage (the wing's "
            "aerodynamic centre is 4.71 m from the nose; the arm is at most 7.58 m)",
        ),
        # in the unit the arm is written in (was "0.30 m" whatever the spec wrote)
        ('"1 ft"', "1 ft is less than the wing's mean chord, 7.11 ft: the tail would sit"),
    ],
)
def test_a_tail_arm_off_the_airframe_is_refused_by_its_key(
    tmp_path: Path, arm: str, words: str
) -> None:
    tail = f"htail_arm = {arm}"
    text = (SPECS / "u-mustang.toml").read_text().replace("[gear]", f"[tail]\n{tail}\n\n[gear]")
    spec = tmp_path / "u-mustang.toml"
    spec.write_text(text)
    with pytest.raises(ConfigError) as caught:
        generate(spec)
    line = text.splitlines().index(tail) + 1
    assert str(caught.value).startswith(f"{spec}:{line}: tail.htail_arm: {words}"), str(
        caught.value
    )


def test_a_long_fuselage_gets_a_fin_that_makes_it_directionally_stable(tmp_path: Path) -> None:
    # the F-104's 16.7 m fuselage on its 6.6 m span had been given the class's fin (1.2
    # m2): Cnβ -0.12 /rad, and 60 s hands-off ended 24,000 ft down, inverted
    model = estimate(load_spec(SPECS / "u-starfighter.toml"))
    assert model.coefficients["Cnbeta"] == pytest.approx(0.03, abs=1e-6)
    assert 1.5 < model.vtail_area < 3.5  # m2 (the real fin: 3.5 m2)
    assert any(n.label == "vertical tail area enlarged" for n in model.notes)
    fin = 'vtail_area = "1.2 m2"'
    text = (SPECS / "u-starfighter.toml").read_text().replace("[gear]", f"[tail]\n{fin}\n\n[gear]")
    spec = tmp_path / "u-starfighter.toml"
    spec.write_text(text)
    with pytest.raises(ConfigError) as caught:
        generate(spec)
    line = text.splitlines().index(fin) + 1
    assert str(caught.value).startswith(
        f"{spec}:{line}: tail.vtail_area: 1.2 m2 leaves the aircraft directionally unstable "
        "(Cnβ -0.1"
    ), str(caught.value)
