"""Aircraft without a profile get one found by trimming them, and fly every task."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import numpy as np
import pytest
from envs_helpers import fly_episode

from flightsim.envs import FlightEnv, autoprofile
from flightsim.envs.autoprofile import derived_profile
from flightsim.envs.baseline import BaselinePolicy, control_response
from flightsim.envs.profiles import PROFILES
from flightsim.errors import ConfigError, NotFoundError
from flightsim.paths import find_aircraft

ROOT = Path(__file__).resolve().parents[2]
FLEET = sorted(
    p.name
    for p in (ROOT / "aircraft").iterdir()
    if (p / f"{p.name}.xml").is_file() and "glider" not in (p / f"{p.name}.toml").read_text()
)
TASKS = ["AttitudeTracking", "HeadingAltitude", "Waypoints", "LandingApproach"]


def test_the_fleet_has_powered_aircraft_without_a_profile() -> None:
    assert len(FLEET) >= 5
    assert not set(FLEET) & set(PROFILES)


@pytest.mark.parametrize("aircraft", FLEET)
def test_every_aircraft_of_ours_flies_every_task_with_the_baseline(aircraft: str) -> None:
    for task in TASKS:
        env = FlightEnv(task, aircraft=aircraft, duration_s=15.0)
        assert env.profile.approach_kcas < env.profile.cruise_kcas
        policy = BaselinePolicy(env)
        for seed in (0, 1):
            info, finite = fly_episode(env, policy, seed)
            assert finite
            assert info["failure"] == "", (aircraft, task, seed, info)
        env.close()


def test_the_approach_is_flown_with_full_flaps_where_the_aircraft_has_them() -> None:
    env = FlightEnv("LandingApproach", aircraft="c172r")
    assert env.profile.approach_flaps == 1.0
    env.reset(seed=0)
    assert env.sim["fcs/flap-pos-norm"] == pytest.approx(1.0)  # extended, and trimmed so
    cruise = FlightEnv("HeadingAltitude", aircraft="c172r")
    cruise.reset(seed=0)
    assert cruise.sim["fcs/flap-pos-norm"] == 0.0
    env.close()
    cruise.close()
    # gen-c172 has the flap command and actuator, but no flap aerodynamics: its profile
    # had said it approached with full flaps, which changed nothing
    plain = FlightEnv("LandingApproach", aircraft="gen-c172")
    assert plain.profile.approach_flaps == 0.0
    plain.close()


def test_a_derived_profile_trims_over_its_whole_box_of_starts() -> None:
    env = FlightEnv("HeadingAltitude", aircraft="gen-cj1")
    p = env.profile
    assert 1.3 * p.speed_spread_kts < p.cruise_kcas and p.altitude_spread_ft > 0.0
    starts = []
    for seed in range(8):  # each reset trims at a new random start, none fails
        env.reset(seed=seed)
        start = env.episode_start
        starts.append(start)
        assert abs(start.kcas - p.cruise_kcas) <= p.speed_spread_kts
        assert abs(start.altitude_ft - p.altitude_ft) <= p.altitude_spread_ft
        assert env.sim["velocities/vc-kts"] == pytest.approx(start.kcas, abs=0.5)
    assert len({s.kcas for s in starts}) == 8
    env.close()


def test_derived_profiles_are_kept_for_the_process() -> None:
    location = find_aircraft("gen-seneca")
    first = derived_profile(location)
    started = time.perf_counter()
    assert derived_profile(location) is first
    assert time.perf_counter() - started < 0.01
    assert first.approach_kcas < first.cruise_kcas


def test_an_edited_engine_file_finds_the_profile_again(tmp_path: Path) -> None:
    # the cache had keyed on the main file alone: an edited engine kept the old profile
    folder = tmp_path / "gen-seneca"
    shutil.copytree(ROOT / "aircraft" / "gen-seneca", folder)
    location = find_aircraft(folder)
    first = derived_profile(location)
    assert derived_profile(location) is first
    engine = folder / "Engines" / "gen-seneca-engine.xml"
    later = max(p.stat().st_mtime_ns for p in folder.rglob("*.xml")) + 10**9  # the newest
    os.utime(engine, ns=(later, later))
    kept = len(autoprofile._DERIVED)
    again = derived_profile(location)
    assert again is not first and again == first  # worked out again, the same model
    # ... in place of the old edition's: one profile per aircraft, however often edited
    assert len(autoprofile._DERIVED) == kept
    assert control_response(location, first) is control_response(location, first)


def test_a_jet_too_clean_to_descend_is_refused_for_the_approach_only(tmp_path: Path) -> None:
    # gen-a320 with C_D0 0.018 -> 0.008 and induced k 0.044 -> 0.03: at idle it accelerates
    # on a 3° descent at every speed below its cruise
    folder = tmp_path / "gen-a320"
    shutil.copytree(ROOT / "aircraft" / "gen-a320", folder)
    main_file = folder / "gen-a320.xml"
    text = main_file.read_text()
    slick = text.replace("<value>0.0181475</value>", "<value>0.008</value>")
    slick = slick.replace("<value>0.0435759</value>", "<value>0.03</value>")
    assert slick.count("<value>0.0") == text.count("<value>0.0")
    assert slick != text
    main_file.write_text(slick)
    with pytest.raises(ConfigError) as caught:
        FlightEnv("LandingApproach", aircraft=folder)
    assert re.fullmatch(
        r"gen-a320 trims in no 3° descent slower than its cruise \(\d+ KCAS\), with or "
        r"without flaps; give the environment profile=AircraftProfile\(approach_kcas=\.\.\., "
        r"approach_flaps=\.\.\.\) it descends with",
        str(caught.value),
    ), str(caught.value)
    FlightEnv("HeadingAltitude", aircraft=folder).close()  # the other tasks take it


def test_an_aircraft_that_trims_nowhere_asks_for_a_profile() -> None:
    # JSBSim's P-51D does not trim level with its engine as loaded
    with pytest.raises(ConfigError, match=r"p51d trims level nowhere between \d+ and \d+ KCAS"):
        FlightEnv("HeadingAltitude", aircraft="p51d")


def _flies_without_failure(env: FlightEnv, seeds: range) -> list[bool]:
    """Each seeded episode's success, asserting that none ends in a failure."""
    policy, successes = BaselinePolicy(env), []
    for seed in seeds:  # each reset retrims at a random start of the profile's box
        info, _ = fly_episode(env, policy, seed)
        assert info["failure"] == "", (env.task, seed, info)
        successes.append(bool(info["is_success"]))
    return successes


def test_an_aircraft_that_trims_in_a_narrow_band_cruises_below_its_top() -> None:
    # JSBSim's DHC-6 trims level from about 90 to 140 KCAS: 1.5 V_min trimmed, but the box
    # of starts around it did not (its fast corners), and it had been refused
    env = FlightEnv("HeadingAltitude", aircraft="DHC6", duration_s=20.0)
    p = env.profile
    assert derived_profile(find_aircraft("DHC6")) is p  # the same, kept for the process
    assert p.altitude_ft == 4000.0 and p.altitude_spread_ft == 1000.0
    assert 100.0 < p.cruise_kcas < 135.0 and p.speed_spread_kts == pytest.approx(
        0.06 * p.cruise_kcas, abs=0.05
    )
    _flies_without_failure(env, range(4))
    env.close()


def test_an_aircraft_short_of_power_up_high_flies_at_the_lower_altitude() -> None:
    # JSBSim's OV-10 (an 80+ kt stall guess: 10 000 ft first) trims level there at one
    # speed only; it had cruised at it and sunk into the ground on every episode
    env = FlightEnv("HeadingAltitude", aircraft="OV10", duration_s=30.0)
    assert env.profile.altitude_ft == 4000.0
    assert any(_flies_without_failure(env, range(3)))
    env.close()
    landing = FlightEnv("LandingApproach", aircraft="OV10")
    # no approach from 1.3 V_min up is slower than its cruise: a slower one is found
    assert landing.profile.approach_kcas < landing.profile.cruise_kcas
    assert all(_flies_without_failure(landing, range(2)))
    landing.close()


@pytest.mark.parametrize("aircraft", ["pa28", "c310"])
def test_an_aircraft_that_trims_over_no_box_of_starts_asks_for_a_profile(aircraft: str) -> None:
    # JSBSim's PA-28 and C310 trim level in a band of a few knots only, at no altitude tried;
    # the box's speeds are the lesser of the two half-widths (said "±8 kt or ±6%": either)
    with pytest.raises(ConfigError) as caught:
        FlightEnv("HeadingAltitude", aircraft=aircraft)
    assert re.fullmatch(
        rf"{aircraft} trims level \(from \d+ KCAS at 4000 ft(, from \d+ KCAS at 10000 ft)?\), "
        r"but at no cruise speed up to 1.7 times that over the box of random starts around it "
        r"\(±6% of the speed, at most ±8 kt; ±1000 ft; nor half that\); give the environment "
        rf"profile=AircraftProfile\(\.\.\.\) with speeds {aircraft} flies at",
        str(caught.value),
    ), str(caught.value)


def test_process_vector_workers_fly_the_profile_found_by_the_caller() -> None:
    import gymnasium

    import flightsim  # noqa: F401

    vec = gymnasium.make_vec(
        "flightsim/HeadingAltitude-v0", num_envs=2, workers=2, aircraft="gen-pc12"
    )
    single = FlightEnv("HeadingAltitude", aircraft="gen-pc12")
    obs, _ = vec.reset(seed=4)
    first, _ = single.reset(seed=4)
    assert np.array_equal(obs[0], first)  # the same profile, hence the same random start
    vec.close()
    single.close()


@pytest.mark.parametrize(
    ("aircraft", "kind"),
    [
        ("ah1s", r"a rotorcraft \(engine 0 drives a rotor\)"),
        ("ZLT-NT", r"lighter than air \(it has buoyant gas cells\)"),
        # JSBSim's quadcopter had searched the trim ladder for ~40 s per environment, then
        # been asked for a profile=AircraftProfile(...) that would not make it fly
        (
            "F450",
            r"a multirotor \(its 4 thrusters lift: each is pitched 90° or more from the "
            r"body's x axis\)",
        ),
    ],
)
def test_rotorcraft_and_airships_are_refused_for_what_they_are_at_once(
    aircraft: str, kind: str
) -> None:
    started = time.perf_counter()
    with pytest.raises(ConfigError, match=rf"^{aircraft} is {kind}: the environments' random "):
        FlightEnv("HeadingAltitude", aircraft=aircraft)
    assert time.perf_counter() - started < 5.0  # no trim ladder (ah1s took ~15 s before)


@pytest.mark.parametrize(
    ("aircraft", "task", "weight", "area", "stall"),
    [
        ("J246", "AttitudeTracking", "4861783 lbf", "255 ft²", "2006 KCAS"),
        ("ball", "HeadingAltitude", "20010 lbf", "1 ft²", "2055 KCAS"),  # not 'a glider'
    ],
)
def test_a_model_with_no_wing_to_fly_on_is_refused_not_asked_for_a_profile(
    aircraft: str, task: str, weight: str, area: str, stall: str
) -> None:
    # JSBSim's launcher and ball had searched the trim ladder from 2000 KCAS up, then been
    # asked for a profile=AircraftProfile(...), which would not make them fly either
    started = time.perf_counter()
    with pytest.raises(ConfigError) as caught:
        FlightEnv(task, aircraft=aircraft)
    assert str(caught.value) == (
        f"{aircraft}: weight {weight} on {area} of wing would stall near {stall} (C_L 1.4), "
        "faster than any aeroplane lands: it has no wing to fly on (a rocket, a bomb, a "
        "ballistic shape); the environments' tasks are flown on the wings; fly it with "
        "flightsim.Simulation"
    )
    assert time.perf_counter() - started < 5.0  # no trim ladder


@pytest.mark.parametrize(
    ("aircraft", "failure"),
    [
        ("p51d", "at 149 KCAS and 10000 ft at full throttle, engine 0 gives no thrust and no "
         "shaft speed"),
        ("Short_S23", "at 122 KCAS and 4000 ft at full throttle, its engines give almost no "
         "thrust (nor at half that airspeed)"),
    ],
)  # fmt: skip
def test_an_aircraft_whose_engines_do_not_run_is_sent_to_its_engine_model(
    aircraft: str, failure: str
) -> None:
    # JSBSim's P-51D and Short S.23 as loaded: trimmed nowhere, they had been asked for a
    # profile=AircraftProfile(...), which would not make their engines run either; the
    # engines are probed at the point the message names (they had been probed at the
    # Simulation's own start, 100 KCAS and 4000 ft)
    with pytest.raises(ConfigError) as caught:
        FlightEnv("Waypoints", aircraft=aircraft)
    message = str(caught.value)
    assert message.startswith(f"{aircraft} trims level nowhere between ")
    assert message.endswith(
        f"; {failure}: no profile makes it fly. Its engine model may need systems the "
        "aircraft file does not include (an engine start, a propeller governor, condition "
        f"levers) or have a fault; check it with 'flightsim validate "
        f"{find_aircraft(aircraft).folder}'"
    )


def test_a_model_without_wing_area_is_sent_to_the_validator_not_asked_for_a_profile(
    tmp_path: Path,
) -> None:
    # no profile would make it fly: the message had asked for one
    folder = tmp_path / "nowing"
    folder.mkdir()
    text = (find_aircraft("c172p").main_file).read_text()
    broken = re.sub(
        r"<wingarea unit=\"FT2\">[^<]*</wingarea>", '<wingarea unit="FT2"> 0 </wingarea>', text
    )
    assert broken != text
    (folder / "nowing.xml").write_text(broken)
    with pytest.raises(ConfigError) as caught:
        FlightEnv("HeadingAltitude", aircraft=folder)
    assert str(caught.value) == (
        "nowing: weight 1880 lbf, wing area 0 ft²: both must be positive for it to fly; "
        f"check it with 'flightsim validate {folder}'"
    )


def test_start_of_uses_the_profile_an_environment_flies() -> None:
    # it had given every aircraft without a listed profile the c172p's start, an unknown
    # aircraft too, and refused the task's ID
    env = FlightEnv("Waypoints", aircraft="gen-a320")
    assert FlightEnv.start_of("Waypoints", aircraft="gen-a320") == env.task.start()
    assert env.task.start().kcas == env.profile.cruise_kcas > 200.0
    env.close()
    assert FlightEnv.start_of("flightsim/Waypoints-v0") == FlightEnv.start_of("Waypoints")
    with pytest.raises(NotFoundError, match="unknown aircraft 'c173p'. Did you mean: c172p"):
        FlightEnv.start_of("Waypoints", aircraft="c173p")


def test_a_cruise_is_judged_by_its_candidate_not_by_its_rounded_speed() -> None:
    from flightsim.envs.autoprofile import (
        CRUISE_FACTORS,
        GOOD_CRUISE_FACTOR,
        LevelCruise,
        _cruise_box,
    )
    from flightsim.sim.initial_conditions import InitialConditions
    from flightsim.sim.simulation import Simulation

    # cruise speeds are rounded to 0.1 kt: 1.35 × 81.5 = 110.025 is 110.0 kt, which had been
    # judged slower than 1.35 V_min (the other altitude searched too), and of two cruises at
    # one multiple at two altitudes the one rounded up had won, not the first
    ic = InitialConditions(altitude_ft=4000.0, kcas=100.0)
    with Simulation("c172p", ic=ic, record=None) as sim:
        cruise = _cruise_box(sim, 4000.0, 81.5, CRUISE_FACTORS)
    assert cruise == LevelCruise(110.0, 4000.0, 6.6, 1000.0, GOOD_CRUISE_FACTOR)
    assert cruise.kcas < GOOD_CRUISE_FACTOR * 81.5


def test_an_approach_is_slower_than_the_cruise_after_rounding() -> None:
    from flightsim.envs.autoprofile import _approach
    from flightsim.sim.initial_conditions import InitialConditions
    from flightsim.sim.simulation import Simulation

    # a cruise at one multiple of V_min and an approach candidate at the same (1.2, 1.1
    # and 1 are both): 1.3 × 47.3 = 61.49 < 61.5 had let through an approach at 61.5 kt,
    # the cruise's own speed, rounded up
    ic = InitialConditions(altitude_ft=4000.0, kcas=100.0)
    with Simulation("c172p", ic=ic, record=None) as sim:
        approach = _approach(sim, 47.3, 61.5)
    assert approach == (56.8, 0.0)  # clean at 1.2 V_min, the next candidate slower than 61.5


def test_a_bundled_profile_goes_to_the_bundled_aircraft_only(tmp_path: Path) -> None:
    from flightsim.paths import jsbsim_root

    shipped = jsbsim_root() / "aircraft" / "c172p"
    for aircraft in ("c172p", shipped, shipped / "c172p.xml"):  # by name, folder, main file
        env = FlightEnv("HeadingAltitude", aircraft=aircraft)
        assert env.profile is PROFILES["c172p"]
        env.close()
    # a user's own folder of the same name (its wing cut from 174 to 100 ft²) had flown with
    # the Cessna's hand-tuned profile: it now gets one found by trimming it, by name or path
    own = tmp_path / "c172p"
    own.mkdir()
    text = (shipped / "c172p.xml").read_text()
    wing = '<wingarea unit="FT2"> 174 </wingarea>'
    assert text.count(wing) == 1
    (own / "c172p.xml").write_text(text.replace(wing, '<wingarea unit="FT2"> 100 </wingarea>'))
    profiles = []
    for kwargs in ({"aircraft": "c172p", "aircraft_dirs": tmp_path}, {"aircraft": own}):
        env = FlightEnv("HeadingAltitude", **kwargs)
        assert env.sim.aircraft.main_file == own / "c172p.xml"
        profiles.append(env.profile)
        env.close()
    assert profiles[0] == profiles[1] != PROFILES["c172p"]
    assert profiles[0].cruise_kcas > PROFILES["c172p"].cruise_kcas  # less wing, faster
