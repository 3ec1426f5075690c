"""Aircraft without engines (gliders) fly the tasks that need no power, in a glide.

Ours, aircraft/gen-ask21 (an ASK 21 generated from its spec), and JSBSim's bundled
gliders: trimmed with the ``glide`` mode at every reset, of the loaded model; no throttle
in the actions; Waypoints laid down the glide; HeadingAltitude refused with the reason.
"""

from __future__ import annotations

import tempfile
import time
import warnings
from pathlib import Path

import gymnasium
import numpy as np
import pytest
from envs_helpers import fly_episode
from gymnasium.utils.env_checker import check_env

from flightsim.envs import FlightEnv
from flightsim.envs.baseline import BaselinePolicy
from flightsim.envs.profiles import AircraftProfile
from flightsim.envs.tasks.navigation import GLIDE_RESERVE_FT
from flightsim.errors import ConfigError

GLIDING_TASKS = ("AttitudeTracking", "Waypoints", "LandingApproach")


@pytest.mark.parametrize("task", GLIDING_TASKS)
def test_our_glider_flies_the_gliding_tasks_with_the_baseline(task: str) -> None:
    env = FlightEnv(task, aircraft="gen-ask21")
    assert env.controls == ("aileron", "elevator", "rudder")
    assert env.action_space.shape == (3,)
    assert env.throttle_properties == ()
    policy = BaselinePolicy(env)
    successes = 0
    for seed in range(3):
        info, finite = fly_episode(env, policy, seed)
        assert finite
        assert info["failure"] == "", (task, seed, info)
        successes += info["is_success"]
    assert successes == 3
    env.close()


def test_each_episode_starts_in_a_trimmed_glide_of_the_loaded_model() -> None:
    env = FlightEnv("AttitudeTracking", aircraft="gen-ask21")
    fdm = env.sim.fdm
    for seed in range(3):
        env.reset(seed=seed)
        assert env.sim.fdm is fdm  # JSBSim's reset, not a reload
        start = env.episode_start
        assert fdm["velocities/vc-kts"] == pytest.approx(start.kcas, abs=0.05)
        assert fdm["position/h-sl-ft"] == pytest.approx(start.altitude_ft, abs=0.5)
        assert -6.0 < fdm["flight-path/gamma-deg"] < -1.0  # descending, as a glider does
        # steady: no acceleration along or across the path, nor in pitch
        assert abs(fdm["accelerations/udot-ft_sec2"]) < 1e-2
        assert abs(fdm["accelerations/wdot-ft_sec2"]) < 1e-2
        assert abs(fdm["accelerations/qdot-rad_sec2"]) < 1e-3
    env.close()


@pytest.mark.parametrize(
    ("task", "weather"),
    [
        ("AttitudeTracking", {}),
        ("Waypoints", {"wind_kts": 12.0, "turbulence": "light"}),
        ("LandingApproach", {}),
    ],
)
def test_a_glider_episode_is_the_same_bit_for_bit_for_the_same_seed(
    task: str, weather: dict
) -> None:
    def rollout(env: FlightEnv, seed: int) -> list[np.ndarray]:
        obs, _ = env.reset(seed=seed)
        rng = np.random.default_rng(seed)
        seen = [obs]
        for _ in range(30):
            obs, *_ = env.step((0.3 * rng.uniform(-1, 1, 3)).astype(np.float32))
            seen.append(obs)
        return seen

    env = FlightEnv(task, aircraft="gen-ask21", **weather)
    first = rollout(env, 4)
    other = rollout(env, 5)
    again = rollout(env, 4)
    fresh = FlightEnv(task, aircraft="gen-ask21", **weather)
    anew = rollout(fresh, 4)
    for seen in (again, anew):
        assert all(np.array_equal(a, b) for a, b in zip(first, seen, strict=True))
    assert not np.array_equal(first[0], other[0])
    env.close()
    fresh.close()


def test_check_env_passes_on_a_glider() -> None:
    env = gymnasium.make(
        "flightsim/AttitudeTracking-v0", aircraft="gen-ask21", render_mode="rgb_array"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # as in test_contract: headless, the render check's "human" env warns once
        warnings.filterwarnings("ignore", "render_mode='human' needs", RuntimeWarning)
        check_env(env.unwrapped)
    env.close()


def test_heading_altitude_is_refused_naming_the_tasks_a_glider_flies() -> None:
    expected = (
        "Shuttle has no engine (a glider), and HeadingAltitude needs one (Task.needs_engine: "
        "it holds or climbs to altitudes); the tasks for gliders are AttitudeTracking, "
        "Waypoints and LandingApproach, flown in a glide; or give an aircraft with an engine"
    )
    # before the profile search: the Shuttle, which glide-trims nowhere, had been told to
    # give a profile, and then refused the task
    started = time.perf_counter()
    for refuse in (
        lambda: FlightEnv("HeadingAltitude", aircraft="Shuttle"),
        lambda: FlightEnv.start_of("HeadingAltitude", "Shuttle"),
        lambda: FlightEnv("HeadingAltitude", aircraft="Shuttle", profile=AircraftProfile()),
    ):
        with pytest.raises(ConfigError) as caught:
            refuse()
        assert str(caught.value) == expected
    assert time.perf_counter() - started < 5.0  # s: no glide-trim ladder


def test_a_glider_s_waypoints_lie_down_its_glide_and_a_powered_one_s_do_not() -> None:
    env = FlightEnv("Waypoints", aircraft="gen-ask21")
    env.reset(seed=0)
    glide = np.tan(env.sim["aero/alpha-rad"] - env.sim["attitude/theta-rad"])
    assert 0.02 < glide < 0.06  # about 1:25 at its cruise
    previous = (0.0, 0.0, env.episode_start.altitude_ft)
    for north, east, altitude in env.task.waypoints:
        leg = np.hypot(north - previous[0], east - previous[1])
        assert 1.2 * glide * leg <= previous[2] - altitude <= 1.6 * glide * leg
        previous = (north, east, altitude)
    env.close()
    powered = FlightEnv("Waypoints")
    powered.reset(seed=0)
    start = powered.episode_start.altitude_ft
    assert any(altitude > start for _, _, altitude in powered.task.waypoints)
    powered.close()


def test_a_steep_glider_s_waypoints_stay_above_the_floor_on_shorter_legs() -> None:
    # JSBSim's sgs233 glides at 6-7° at its cruise: from a start at 3000 ft its last
    # waypoint had lain as low as 216 ft, under the task's 300 ft floor
    env = FlightEnv("Waypoints", aircraft="sgs233")
    task = env.task
    shortened = 0
    for seed in range(20):
        env.reset(seed=seed)
        lowest = min(altitude for _, _, altitude in task.waypoints)
        assert lowest >= task.floor_agl_ft + GLIDE_RESERVE_FT - 1e-6
        first_leg = np.hypot(*task.waypoints[0][:2]) / env.profile.cruise_fps
        shortened += first_leg < 40.0  # s of cruise flight: the legs' shortest unscaled
    assert shortened > 0
    info, finite = fly_episode(env, BaselinePolicy(env), 0)
    assert finite and info["is_success"]
    env.close()


def test_a_throttle_asked_of_a_glider_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"gen-ask21 has no engine \(a glider\), so no throttle"):
        FlightEnv("AttitudeTracking", aircraft="gen-ask21", controls=["elevator", "throttle"])
    env = FlightEnv("AttitudeTracking", aircraft="gen-ask21", controls="elevator")
    assert env.action_space.shape == (1,)  # the autopilot flies the rest, without a throttle
    policy = BaselinePolicy(env)
    info, finite = fly_episode(env, policy, 0)
    assert finite and info["failure"] == ""
    env.close()


def test_jsbsim_gliders_fly_attitude_tracking() -> None:
    for aircraft in ("SGS", "sgs233"):
        env = FlightEnv("AttitudeTracking", aircraft=aircraft)
        policy = BaselinePolicy(env)
        for seed in (0, 1):
            info, finite = fly_episode(env, policy, seed)
            assert finite and info["failure"] == "", (aircraft, seed, info)
        env.close()


@pytest.mark.parametrize(
    ("aircraft", "reason"),
    [
        (  # no profile helps: it is told to fly the other tasks
            "sgs233",
            r"sgs233 glides at 4\.\d° at its flattest \(\d+ KCAS\), steeper than the 3° glide "
            r"path it would have to fly down; no approach speed brings it down the path: fly it "
            r"in AttitudeTracking or Waypoints$",
        ),
        (  # flaps or airbrakes might steepen its glide
            "SGS",
            r"SGS glides flatter than the 3° glide path from its flattest glide \(1\.\d° at "
            r"\d+ KCAS\) up to the fastest it glide-trims at .*; "
            r"give the environment profile=AircraftProfile\(approach_kcas=\.\.\., "
            r"approach_flaps=\.\.\.\) it descends with \(flaps or airbrakes that steepen its "
            r"glide\)$",
        ),
    ],
)
def test_a_glider_that_cannot_glide_down_the_path_is_refused_the_approach(
    aircraft: str, reason: str
) -> None:
    with pytest.raises(ConfigError, match=reason):
        FlightEnv("LandingApproach", aircraft=aircraft)


@pytest.mark.parametrize(
    ("aircraft", "kind"),
    [
        ("ah1s", "a rotorcraft (engine 0 drives a rotor)"),
        ("weather-balloon", "lighter than air (it has buoyant gas cells)"),
    ],
)
def test_a_rotorcraft_or_a_balloon_is_refused_even_with_a_profile(aircraft: str, kind: str) -> None:
    # given a profile, the balloon had been told it was a glider, the rotorcraft had failed
    # its trim; and the refusal had advised the profile that did not help
    expected = (
        f"{aircraft} is {kind}: the environments' random starts, trims and tasks are those of "
        "a fixed-wing aircraft flying on its wings; fly it with flightsim.Simulation"
    )
    for profile in (None, AircraftProfile(cruise_kcas=60, approach_kcas=40)):
        with pytest.raises(ConfigError) as caught:
            FlightEnv("AttitudeTracking", aircraft=aircraft, profile=profile)
        assert str(caught.value) == expected


def test_a_refused_aircraft_releases_its_jsbsim_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # refused after loading, its Simulation (and JSBSim's scratch folder) had waited for
    # the garbage collector, held meanwhile by the error's traceback
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    for aircraft, task in (("weather-balloon", "AttitudeTracking"), ("SGS", "HeadingAltitude")):
        with pytest.raises(ConfigError) as caught:
            FlightEnv(task, aircraft=aircraft, profile=AircraftProfile())
        assert caught.value.__traceback__ is not None  # still held here
        assert not list(tmp_path.glob("flightsim-jsbsim-*")), aircraft
