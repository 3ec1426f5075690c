"""Aircraft without a profile get one found by trimming them, and fly every task."""

from __future__ import annotations

import re
import time
from pathlib import Path

import numpy as np
import pytest

from flightsim.envs import FlightEnv
from flightsim.envs.autoprofile import derived_profile
from flightsim.envs.baseline import BaselinePolicy
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


NO_APPROACH = {"gen-a320"}
"""Ours whose clean wing (the generator makes no flap aerodynamics) trims in no 3° descent
slower than its cruise: LandingApproach is refused for them, with the reason."""


@pytest.mark.parametrize("aircraft", FLEET)
def test_every_aircraft_of_ours_flies_every_task_with_the_baseline(aircraft: str) -> None:
    for task in TASKS:
        if task == "LandingApproach" and aircraft in NO_APPROACH:
            with pytest.raises(ConfigError, match=r"trims in no 3° descent slower than its cruise"):
                FlightEnv(task, aircraft=aircraft)
            continue
        env = FlightEnv(task, aircraft=aircraft, duration_s=15.0)
        assert env.profile.approach_kcas < env.profile.cruise_kcas
        policy = BaselinePolicy(env)
        for seed in (0, 1):
            obs, _ = env.reset(seed=seed)
            while True:
                obs, _, terminated, truncated, info = env.step(policy(obs))
                assert np.all(np.isfinite(obs))
                if terminated or truncated:
                    break
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


def test_a_glider_is_refused_with_the_reason() -> None:
    with pytest.raises(ConfigError, match="gen-ask21 has no engine: the environments' tasks"):
        FlightEnv("HeadingAltitude", aircraft="gen-ask21")


def test_an_aircraft_that_trims_nowhere_asks_for_a_profile() -> None:
    # JSBSim's P-51D does not trim level with its engine as loaded
    with pytest.raises(ConfigError, match=r"p51d trims level nowhere between \d+ and \d+ KCAS"):
        FlightEnv("HeadingAltitude", aircraft="p51d")


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
    ("aircraft", "kind"), [("ah1s", "a rotorcraft"), ("ZLT-NT", "lighter than air")]
)
def test_rotorcraft_and_airships_are_refused_for_what_they_are_at_once(
    aircraft: str, kind: str
) -> None:
    started = time.perf_counter()
    with pytest.raises(ConfigError, match=rf"^{aircraft} is {kind}: the environments' random "):
        FlightEnv("HeadingAltitude", aircraft=aircraft)
    assert time.perf_counter() - started < 5.0  # no trim ladder (ah1s took ~15 s before)


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
