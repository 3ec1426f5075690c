"""The environments' constructor arguments: misspelt keywords, units, bad values."""

from __future__ import annotations

import multiprocessing
import time
from typing import Any

import gymnasium
import numpy as np
import pytest

import flightsim  # noqa: F401  (registers the IDs)
from flightsim.envs import AircraftProfile, FlightEnv, FlightProcessVectorEnv, FlightVectorEnv
from flightsim.envs.arguments import whole
from flightsim.envs.tasks import HeadingAltitude
from flightsim.errors import ConfigError, NotFoundError, TrimError, UnitError
from flightsim.units import KT_M_S

ENV_KEYWORDS = (
    "task, aircraft, controls, agent_hz, sim_hz, duration_s, max_episode_steps, wind_kts, "
    "turbulence, dict_observations, render_mode, record_track, profile, aircraft_dirs, guard"
)


# -- keywords --------------------------------------------------------------------------------
def test_a_misspelt_keyword_names_itself_the_closest_and_every_valid_one() -> None:
    with pytest.raises(ConfigError) as caught:
        FlightEnv(windkts=5)  # type: ignore[call-arg]
    assert str(caught.value) == (
        "FlightEnv: unknown keyword argument 'windkts'. Did you mean: wind_kts? "
        f"Valid keywords: {ENV_KEYWORDS}"
    )
    assert isinstance(caught.value, ValueError)  # ConfigError: bad input


def test_gymnasium_make_passes_the_config_error_through() -> None:
    with pytest.raises(ConfigError) as caught:
        gymnasium.make("flightsim/HeadingAltitude-v0", aircraf="c172p")
    message = str(caught.value)
    assert message.startswith(
        "FlightEnv: unknown keyword argument 'aircraf'. Did you mean: aircraft"
    )
    assert message.endswith(f"Valid keywords: {ENV_KEYWORDS}")
    assert not isinstance(caught.value, TypeError)


def test_make_vec_names_its_own_keywords_too() -> None:
    with pytest.raises(ConfigError) as caught:
        gymnasium.make_vec("flightsim/HeadingAltitude-v0", num_envs=4, worker=2)
    assert str(caught.value) == (
        "gymnasium.make_vec: unknown keyword argument 'worker'. Did you mean: workers? "
        f"Valid keywords: num_envs, workers, context, spin_us, autoreset_mode, {ENV_KEYWORDS}"
    )


@pytest.mark.parametrize("option", [{"context": "spawn"}, {"spin_us": 0}])
def test_make_vec_refuses_worker_options_without_workers(option: dict[str, Any]) -> None:
    name = next(iter(option))
    with pytest.raises(ConfigError, match=rf"{name}= is an option of worker processes: give work"):
        gymnasium.make_vec("flightsim/HeadingAltitude-v0", num_envs=2, **option)


def test_whole_numbers_name_their_bounds() -> None:
    assert whole("n", np.int64(3), 1, 3) == 3
    for value, of, expected in (
        (4, "", "n must be between 1 and 3, a whole number; got 4"),  # had been "3 (3)"
        (4, "num_envs", "n must be between 1 and num_envs (3), a whole number; got 4"),
        (True, "", "n must be between 1 and 3, a whole number; got True"),
    ):
        with pytest.raises(ConfigError) as info:
            whole("n", value, 1, 3, of)
        assert str(info.value) == expected


def test_a_spin_time_may_be_a_numpy_number() -> None:
    from flightsim.envs.procvector import _spin_seconds

    # it had been refused: "give a number from 0 to 1e6, got np.int64(500)"
    assert _spin_seconds(np.int64(500), 1) == _spin_seconds(np.float32(500.0), 1) == 500e-6


@pytest.mark.parametrize("spin_us", [-1.0, float("nan"), "fast", True, 2e6])
def test_a_bad_spin_time_is_named(spin_us: Any) -> None:
    with pytest.raises(ConfigError, match=r"spin_us is how long \[µs\] a worker polls"):
        FlightProcessVectorEnv(2, workers=1, task="HeadingAltitude", spin_us=spin_us)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [({"num_envs": 2.5}, "num_envs must be >= 1, a whole number; got 2.5"),
     ({"num_envs": "2"}, "num_envs must be >= 1, a whole number; got '2'"),
     ({"num_envs": 0}, "num_envs must be >= 1, a whole number; got 0"),
     ({"num_envs": 2, "workers": 1.5}, "workers must be between 0 and num_envs (2), a whole "
      "number; got 1.5"),
     ({"num_envs": 2, "workers": True}, "workers must be between 0 and num_envs (2), a whole "
      "number; got True"),
     ({"num_envs": 2, "workers": 3}, "workers must be between 0 and num_envs (2), a whole "
      "number; got 3"),
     ({"num_envs": 2, "workers": 1, "context": "thread"}, "context='thread': give one of "
      f"{', '.join(multiprocessing.get_all_start_methods())} (how the worker processes "
      "start), or None for the platform's default")],
)  # fmt: skip
def test_counts_and_start_methods_are_checked_not_typeerrors(kwargs: dict, expected: str) -> None:
    # these had been TypeErrors ("'float' object cannot be interpreted as an integer", "can't
    # multiply sequence by non-int"), a bare ValueError ("cannot find context for 'thread'"),
    # or, for workers=True, one worker
    before = set(multiprocessing.active_children())
    with pytest.raises(ConfigError) as caught:
        gymnasium.make_vec("flightsim/HeadingAltitude-v0", **kwargs)
    assert str(caught.value) == expected
    assert set(multiprocessing.active_children()) == before


@pytest.mark.parametrize("workers", [0, 1])
def test_vector_seeds_may_be_numpy_integers_and_a_bad_one_is_named(workers: int) -> None:
    vec = gymnasium.make_vec("flightsim/HeadingAltitude-v0", num_envs=2, workers=workers)
    obs, _ = vec.reset(seed=np.int64(5))  # had been a TypeError: not iterable
    assert np.array_equal(obs, vec.reset(seed=5)[0])
    with pytest.raises(ConfigError) as caught:
        vec.reset(seed="5")  # had been "give 2 seeds, not 1"
    assert str(caught.value) == (
        "seed='5': give an int (environment i gets seed + i), a list of 2 ints, or None"
    )
    vec.close()


def test_the_in_process_vector_env_checks_its_keywords() -> None:
    with pytest.raises(ConfigError) as caught:
        FlightVectorEnv(2, taks="Waypoints")
    assert str(caught.value) == (
        "FlightVectorEnv: unknown keyword argument 'taks'. Did you mean: task? "
        f"Valid keywords: num_envs, autoreset_mode, {ENV_KEYWORDS}"
    )


def test_the_process_vector_env_refuses_in_the_caller_before_any_worker_starts(
    capfd: pytest.CaptureFixture[str],
) -> None:
    before = set(multiprocessing.active_children())
    began = time.perf_counter()
    with pytest.raises(ConfigError) as caught:
        FlightProcessVectorEnv(2, workers=2, taks="Waypoints")
    assert time.perf_counter() - began < 1.0  # no JSBSim loaded, no process started
    assert set(multiprocessing.active_children()) == before
    assert str(caught.value) == (
        "FlightProcessVectorEnv: unknown keyword argument 'taks'. Did you mean: task? "
        f"Valid keywords: num_envs, workers, context, spin_us, autoreset_mode, {ENV_KEYWORDS}"
    )
    assert "Traceback" not in capfd.readouterr().err


def test_a_bad_unit_for_the_process_vector_env_is_raised_in_the_caller(
    capfd: pytest.CaptureFixture[str],
) -> None:
    before = set(multiprocessing.active_children())
    with pytest.raises(UnitError, match=r"^wind_kts='3 ft': cannot convert FT \(length\)"):
        FlightProcessVectorEnv(2, workers=2, wind_kts="3 ft")
    assert set(multiprocessing.active_children()) == before
    assert "Traceback" not in capfd.readouterr().err


def test_an_unknown_aircraft_suggests_close_names() -> None:
    with pytest.raises(NotFoundError) as caught:
        FlightEnv(aircraft="c172xx")
    message = str(caught.value)
    assert message.startswith("unknown aircraft 'c172xx'. Did you mean: c172x")
    assert "aircraft_dirs=" in message


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"turbulence": "lite"}, "turbulence 'lite': choose None or one of light, moderate, "
         "severe. Did you mean: light?"),
        ({"controls": ["aileronn"]}, "controls ['aileronn']: give distinct names among "
         "['aileron', 'elevator', 'rudder', 'throttle']. Did you mean: aileron?"),
        ({"task": "Waypoint"}, "unknown task 'Waypoint': choose one of AttitudeTracking, "
         "HeadingAltitude, Waypoints, LandingApproach (or their IDs, flightsim/<task>-v0). "
         "Did you mean: Waypoints?"),
        ({"task": "flightsim/Waypoint-v0"}, "unknown task 'flightsim/Waypoint-v0': choose one "
         "of AttitudeTracking, HeadingAltitude, Waypoints, LandingApproach (or their IDs, "
         "flightsim/<task>-v0). Did you mean: Waypoints?"),
    ],
)  # fmt: skip
def test_misspelt_choices_get_a_suggestion(kwargs: dict, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        FlightEnv(**kwargs)
    assert str(caught.value) == expected


# -- units -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"wind_kts": "3 ft"}, "wind_kts='3 ft': cannot convert FT (length) to KTS (velocity). "
         "Give a speed such as '15 kt', '8 m/s' or '30 km/h' (a bare number is in kt)"),
        ({"duration_s": "5 kt"}, "duration_s='5 kt': cannot convert KTS (velocity) to s (time). "
         "Give a time such as '90 s' or '2 min' (a bare number is in s)"),
        ({"agent_hz": "10 s"}, "agent_hz='10 s': cannot convert s (time) to Hz (frequency). "
         "Give a frequency such as '10 Hz' (a bare number is in Hz)"),
        ({"sim_hz": "120 m"}, "sim_hz='120 m': cannot convert M (length) to Hz (frequency). "
         "Give a frequency such as '10 Hz' (a bare number is in Hz)"),
        ({"wind_kts": "8 m/ss"}, "wind_kts='8 m/ss': unknown unit 'm/ss'. Did you mean: m/s"),
        ({"duration_s": "two minutes"}, "duration_s='two minutes': cannot read 'two minutes' "
         "as a quantity"),
    ],
)  # fmt: skip
def test_a_wrong_unit_names_the_argument_the_value_and_the_kind(
    kwargs: dict, expected: str
) -> None:
    with pytest.raises(UnitError) as caught:
        FlightEnv(**kwargs)
    assert str(caught.value).startswith(expected)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"wind_kts": float("nan")}, "wind_kts=nan: nan is not a finite number"),
        ({"wind_kts": float("inf")}, "wind_kts=inf: inf is not a finite number"),
        ({"wind_kts": "inf kt"}, "wind_kts='inf kt': cannot read 'inf kt' as a quantity"),
        ({"wind_kts": -2}, "wind_kts=-2: must be >= 0 kt"),
        ({"wind_kts": "-1 m/s"}, "wind_kts='-1 m/s': must be >= 0 kt"),
        ({"wind_kts": True}, "wind_kts=True: expected a number, got True"),
        ({"wind_kts": "1e30 kt"}, "wind_kts='1e30 kt': at most 250 kt, the strongest jet-str"),
        ({"wind_kts": "130 m/s"}, "wind_kts='130 m/s': at most 250 kt"),
        ({"duration_s": float("nan")}, "duration_s=nan: nan is not a finite number"),
        ({"duration_s": 0}, "duration_s=0: must be > 0 s"),
        ({"duration_s": "-1 min"}, "duration_s='-1 min': must be > 0 s"),
        ({"agent_hz": float("inf")}, "agent_hz=inf: inf is not a finite number"),
        ({"agent_hz": -10}, "agent_hz=-10: must be > 0 Hz"),
        ({"sim_hz": 0.0}, "sim_hz=0.0: must be > 0 Hz"),
    ],
)
def test_non_finite_and_negative_values_name_the_argument(kwargs: dict, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        FlightEnv(**kwargs)
    assert str(caught.value).startswith(expected)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"cruise_kcas": "3 ft"}, "AircraftProfile.cruise_kcas='3 ft': cannot convert FT "
         "(length) to KTS (velocity). Give a speed"),
        ({"altitude_ft": "4000 kt"}, "AircraftProfile.altitude_ft='4000 kt': cannot convert KTS "
         "(velocity) to FT (length). Give a length such as '4000 ft' or '1200 m'"),
        ({"max_bank_deg": "30 m"}, "AircraftProfile.max_bank_deg='30 m': cannot convert M "
         "(length) to DEG (angle). Give an angle"),
        ({"approach_kcas": float("nan")}, "AircraftProfile.approach_kcas=nan: nan is not a "
         "finite number"),
        ({"max_pitch_deg": 0}, "AircraftProfile.max_pitch_deg=0: must be > 0 deg"),
        ({"speed_spread_kts": -1}, "AircraftProfile.speed_spread_kts=-1: must be >= 0 kt"),
        ({"altitude_spread_ft": float("inf")}, "AircraftProfile.altitude_spread_ft=inf: inf is "
         "not a finite number"),
        # these three had been accepted (or refused as the Autopilot's max_bank_deg)
        ({"max_bank_deg": "2 rad"}, "AircraftProfile.max_bank_deg=114.592 deg: must be < 90 "
         "deg (an episode ends, failed, beyond 90°)"),
        ({"max_pitch_deg": 100}, "AircraftProfile.max_pitch_deg=100 deg: must be < 60 deg (an "
         "episode ends, failed, beyond 60°)"),
        ({"speed_spread_kts": "60 m/s"}, "AircraftProfile: speed_spread_kts must be < "
         "cruise_kcas (got 116.631 and 100 kt): starts would be drawn at no airspeed"),
        # had been Python's TypeError, with no suggestion
        ({"cruise_kts": 100}, "AircraftProfile: unknown keyword argument 'cruise_kts'. Did you "
         "mean: cruise_kcas? Valid keywords: cruise_kcas, altitude_ft, approach_kcas, "),
    ],
)  # fmt: skip
def test_profile_fields_are_quantities(kwargs: dict, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        AircraftProfile(**kwargs)
    assert str(caught.value).startswith(expected)


def test_quantities_are_converted_to_the_unit_in_the_name() -> None:
    profile = AircraftProfile(
        cruise_kcas="51 m/s", altitude_ft="1200 m", max_bank_deg="0.5 rad", max_pitch_deg=8
    )
    assert profile.cruise_kcas == pytest.approx(51.0 / KT_M_S)
    assert profile.altitude_ft == pytest.approx(1200.0 / 0.3048)
    assert profile.max_bank_deg == pytest.approx(28.64788975654116)
    assert profile.max_pitch_deg == 8.0
    env = FlightEnv(wind_kts="8 m/s", duration_s="2 min", agent_hz="20 Hz", sim_hz="120 Hz")
    try:
        assert env.wind_kts == 8.0 / KT_M_S  # the number converted to knots, exactly
        assert env.task.duration_s == 120.0
        assert env.agent_dt_s == 1.0 / 20.0
        assert env.sim_dt_s == 1.0 / 120.0
        assert env.metadata["render_fps"] == 20.0
    finally:
        env.close()
    # the docs give sim_hz's range as "20 Hz to 10 kHz": kHz had been an unknown unit
    fast = FlightEnv(sim_hz="2 kHz", agent_hz="0.05 kHz")
    try:
        assert (fast.sim_dt_s, fast.agent_dt_s) == (1.0 / 2000.0, 1.0 / 50.0)
    finally:
        fast.close()


def _episode(env: FlightEnv, seed: int, steps: int) -> list[tuple]:
    obs, _ = env.reset(seed=seed)
    rng = np.random.default_rng(seed)
    rows = [(obs.tobytes(), 0.0, False, False)]
    for _ in range(steps):
        action = (0.3 * rng.uniform(-1, 1, env.action_space.shape)).astype(np.float32)
        obs, reward, terminated, truncated, _ = env.step(action)
        rows.append((obs.tobytes(), reward, terminated, truncated))
        if terminated or truncated:
            break
    return rows


def test_si_arguments_fly_the_same_episode_bit_for_bit_as_imperial_ones() -> None:
    imperial = FlightEnv(
        "HeadingAltitude",
        wind_kts=10,
        duration_s=30,
        agent_hz=10,
        sim_hz=120,
        profile=AircraftProfile(
            altitude_ft=4000, altitude_spread_ft=1000, approach_kcas=75, speed_spread_kts=8
        ),
    )
    si = FlightEnv(
        "HeadingAltitude",
        wind_kts="18.52 km/h",  # 10 kt, exactly in binary too
        duration_s="0.5 min",
        agent_hz="10 Hz",
        sim_hz="120 Hz",
        profile=AircraftProfile(
            altitude_ft="1219.2 m",
            altitude_spread_ft="304.8 m",
            approach_kcas="138.9 km/h",
            speed_spread_kts="14.816 km/h",
        ),
    )
    try:
        assert si.profile == imperial.profile and si.wind_kts == imperial.wind_kts
        first, second = _episode(imperial, 7, 400), _episode(si, 7, 400)
        assert len(first) == 301 and first[-1][3]  # 30 s at 10 Hz, truncated
        assert first == second
    finally:
        imperial.close()
        si.close()


def test_a_task_may_be_named_by_its_gymnasium_id() -> None:
    env = FlightEnv("flightsim/Waypoints-v0")
    assert env.task.name == "Waypoints"
    env.close()


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [({"controls": 5}, "controls [5]: give distinct names among ['aileron', 'elevator', "
      "'rudder', 'throttle']."),  # had been a TypeError: 'int' object is not iterable
     ({"controls": b"rudder"}, "controls [b'rudder']: give distinct names among ['aileron', "
      "'elevator', 'rudder', 'throttle']. Did you mean: rudder?"),  # had been [114, 117, ...]
     ({"guard": "no"}, "guard='no': give True, False or None (the default: guard an aircraft "
      "not bundled with JSBSim)")],  # had been taken as a guard (a true value)
)  # fmt: skip
def test_arguments_of_the_wrong_type_are_named(kwargs: dict, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        gymnasium.make("flightsim/HeadingAltitude-v0", **kwargs)
    assert str(caught.value) == expected


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [({"task": "bogus"}, "task"), ({"controls": ["flaps"]}, "controls"),
     ({"sim_hz": 10, "agent_hz": 10}, r"sim_hz=10 Hz is too slow: at least 20 Hz"),
     # a step of 1e8 JSBSim steps had been taken, and run for hours
     ({"agent_hz": 1e-6}, r"agent_hz=1e-06 Hz is too slow: at least 0.0167 Hz \(an agent "
      r"step of a minute"),
     ({"sim_hz": 1e6}, r"sim_hz=1e\+06 Hz is too fast: at most 10000 Hz"),
     ({"turbulence": "mild"}, "turbulence"), ({"wind_kts": "3 ft"}, "wind_kts"),
     ({"duration_s": "5 m"}, "duration_s"),  # had been checked after the aircraft (trimmed)
     ({"duration_s": -1.0}, "duration_s"), ({"max_episode_steps": 0}, "max_episode_steps")],
)  # fmt: skip
def test_bad_arguments_are_refused_before_the_aircraft_is_looked_up(
    kwargs: dict, named: str
) -> None:
    # an aircraft that does not exist: a bad argument is named first, not the aircraft
    with pytest.raises(ConfigError, match=named):
        FlightEnv(aircraft="no-such-aircraft", **kwargs)


def test_a_task_instance_flies_its_own_profile_on_any_aircraft() -> None:
    from flightsim.envs.profiles import PROFILES
    from flightsim.envs.tasks import TASKS

    # the env had flown a task made for the f16 with the c172p's profile (observation
    # scaling, autopilot limits), or derived one for the aircraft beside the task's own
    task = TASKS["HeadingAltitude"](PROFILES["f16"])
    env = FlightEnv(task, aircraft="f16")
    assert env.profile is task.profile
    obs, _ = env.reset(seed=0)
    assert abs(obs[7]) < 0.1  # airspeed near the task's cruise, scaled by it
    env.close()
    with pytest.raises(ConfigError) as caught:
        FlightEnv(task, aircraft="f16", profile=PROFILES["737"])
    assert str(caught.value) == (
        "give the profile to the Task instance (its class(profile, ...)), not to the env: a "
        "Task instance flies the profile it was made with"
    )
    with pytest.raises(TrimError, match=r"give the Task instance a profile= the aircraft can"):
        FlightEnv(TASKS["HeadingAltitude"](PROFILES["c172p"]), aircraft="f16")


def test_a_task_class_is_made_with_the_envs_profile_and_duration() -> None:
    from flightsim.envs.tasks import TASKS

    class Longer(TASKS["Waypoints"]):  # type: ignore[misc, valid-type]
        """A task of one's own."""

    # a class had been "unknown task <class ...>: choose one of ..., Waypoints, ..."
    env = FlightEnv(Longer, aircraft="f16", duration_s="5 min")
    assert type(env.task) is Longer and env.task.duration_s == 300.0
    assert env.task.profile is env.profile and env.profile.cruise_kcas == 300.0
    env.reset(seed=0)
    env.close()
    with pytest.raises(ConfigError, match=r"unknown task <class 'int'>"):
        FlightEnv(int)


def test_the_profiles_attitude_limits_are_the_envs() -> None:
    import math

    from flightsim.envs.env import MAX_BANK_RAD, MAX_PITCH_RAD

    assert (math.degrees(MAX_BANK_RAD), math.degrees(MAX_PITCH_RAD)) == pytest.approx((90, 60))
    AircraftProfile(max_bank_deg=89.9, max_pitch_deg=59.9)  # just inside


def test_folders_given_as_an_iterator_still_copy_and_pickle_the_environment(tmp_path: Any) -> None:
    import copy
    import pickle

    from flightsim.errors import ConfigTypeError

    # kept as given, an iterator had made the environment refuse to pickle (TypeError), and
    # so a process vector env or Gymnasium's AsyncVectorEnv refuse to start
    env = FlightEnv(aircraft_dirs=(d for d in [tmp_path]))
    for twin in (copy.deepcopy(env), pickle.loads(pickle.dumps(env))):
        assert twin.sim.aircraft.name == "c172p"
        twin.close()
    env.close()
    with pytest.raises(ConfigTypeError, match=r"^aircraft_dirs=5: 5 is no folder; give one"):
        FlightEnv(aircraft_dirs=5)  # type: ignore[arg-type]


def test_a_reset_seed_is_an_int_numpy_s_too() -> None:
    env = FlightEnv("AttitudeTracking")
    first, _ = env.reset(seed=np.int64(3))  # Gymnasium had refused it; the vector envs take it
    again, _ = env.reset(seed=3)
    assert np.array_equal(first, again)
    for seed in (True, -1, 2.0, "3"):  # True had been taken as 1, -1 refused by Gymnasium
        with pytest.raises(ConfigError, match=rf"seed={seed!r}: give an int >= 0"):
            env.reset(seed=seed)  # type: ignore[arg-type]
    stepped, *_ = env.step(np.zeros(4, np.float32))  # the episode flies on
    assert np.all(np.isfinite(stepped))
    env.close()


def test_a_trim_failure_gives_only_advice_the_environment_takes() -> None:
    # Simulation.trim's "or mode='glide' for a power-off descent" had reached the env's
    # users, who choose no trim mode (a glider gets the glide trim by itself)
    with pytest.raises(TrimError) as caught:
        FlightEnv("HeadingAltitude", profile=AircraftProfile(cruise_kcas=30))
    message = str(caught.value)
    # below the stall, it is told so (it had been told that the throttle could not balance
    # the drag)
    assert (
        "at least about 46 KCAS (lift grows with the square of the airspeed). Try a "
        "faster airspeed. (start: " in message
    )
    assert "mode=" not in message
    assert message.endswith("; give the env a profile= the aircraft can fly")


@pytest.mark.parametrize("vector_env", [FlightVectorEnv, FlightProcessVectorEnv])
def test_a_task_given_first_to_a_vector_env_is_told_to_go_by_name(vector_env: Any) -> None:
    # FlightEnv takes the task first; a vector env its number of environments, and had said
    # only "num_envs must be >= 1, a whole number; got 'Waypoints'"
    with pytest.raises(ConfigError) as caught:
        vector_env("Waypoints")
    assert str(caught.value) == (
        "num_envs must be >= 1, a whole number; got 'Waypoints': a vector env's first "
        "argument is the number of environments; give the task by name, task='Waypoints'"
    )


def test_a_task_class_given_first_to_a_vector_env_is_told_to_go_by_name() -> None:
    with pytest.raises(ConfigError, match=r"give the task by name, task=\.\.\.$"):
        FlightVectorEnv(HeadingAltitude)
