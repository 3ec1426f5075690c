"""flightsim's environments under what RL users put on top of them: Gymnasium 1.x's
copies, wrappers, vector wrappers and ``make``/``make_vec`` round trips."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import gymnasium
import numpy as np
import pytest

import flightsim  # noqa: F401  (registers the IDs)
from flightsim.envs import TASKS, FlightEnv, FlightVectorEnv
from flightsim.errors import ConfigError, ConfigTypeError

ID = "flightsim/AttitudeTracking-v0"


def _episode(env: Any, seed: int, steps: int) -> list[bytes]:
    """Observations and rewards of ``steps`` seeded random steps, as bytes."""
    obs, _ = env.reset(seed=seed)
    rng = np.random.default_rng(seed)
    out = [obs.tobytes()]
    for _ in range(steps):
        action = (0.3 * rng.uniform(-1, 1, env.action_space.shape)).astype(np.float32)
        obs, reward, terminated, truncated, _ = env.step(action)
        out.append(obs.tobytes() + np.float64(reward).tobytes() + bytes([terminated, truncated]))
    return out


def test_a_copy_or_pickle_before_reset_flies_the_same_episodes() -> None:
    env = gymnasium.make(ID, wind_kts="5 m/s", duration_s=2.0)
    env.unwrapped.turbulence = "light"  # set after construction: the copies keep it
    env.action_space.seed(3)
    env.unwrapped.np_random  # noqa: B018  (the generator exists: the copies continue it)
    copies = [copy.deepcopy(env), pickle.loads(pickle.dumps(env))]
    for other in copies:
        assert type(other) is FlightEnv and other is not env and other.sim is not env.sim
        assert other.spec == env.spec and other.spec.kwargs["wind_kts"] == "5 m/s"
        assert (other.turbulence, other.wind_kts) == ("light", env.wind_kts)
        assert other.np_random_seed == env.np_random_seed
    samples = [env.action_space.sample().tobytes() for _ in range(3)]
    for other in copies:
        assert [other.action_space.sample().tobytes() for _ in range(3)] == samples
    unseeded = [e.reset()[0].tobytes() for e in (env, *copies)]  # the generator's next draws
    assert unseeded[1:] == unseeded[:1] * 2
    want = _episode(env, 11, 25)  # through a truncation at step 20
    for other in copies:
        assert _episode(other, 11, 25) == want
        other.close()
    env.close()


def test_copying_a_reset_or_closed_env_is_refused_with_what_to_do() -> None:
    env = FlightEnv("AttitudeTracking")
    env.reset(seed=0)
    for attempt in (copy.deepcopy, pickle.dumps, copy.copy):
        with pytest.raises(ConfigTypeError, match="cannot be copied or pickled once reset") as e:
            attempt(env)
        assert isinstance(e.value, TypeError) and "reset(seed=s) and the same actions" in str(
            e.value
        )
    env.close()
    with pytest.raises(ConfigTypeError, match="this environment is closed"):
        copy.deepcopy(env)


def test_a_wrapped_env_copies_with_its_wrappers() -> None:
    env = gymnasium.wrappers.RecordEpisodeStatistics(gymnasium.make(ID, max_episode_steps=7))
    twin = copy.deepcopy(env)
    assert (
        str(twin)
        == "<RecordEpisodeStatistics<TimeLimit<FlightEnv<flightsim/AttitudeTracking-v0>>>>"
    )
    twin.reset(seed=1)
    for step in range(1, 8):
        *_, terminated, truncated, info = twin.step(np.zeros(4, np.float32))
        assert truncated == (step == 7) and not terminated
    assert info["episode"]["l"] == 7
    for e in (env, twin):
        e.close()


def test_config_type_error_is_both() -> None:
    assert issubclass(ConfigTypeError, ConfigError) and issubclass(ConfigTypeError, TypeError)


def _truncations(vec: Any, steps: int) -> list[int]:
    """The steps (from 1) at which environment 0 was truncated."""
    vec.reset(seed=0)
    actions = np.zeros(vec.action_space.shape, np.float32)
    found = [step for step in range(1, steps + 1) if vec.step(actions)[3][0]]
    vec.close()
    return found


@pytest.mark.parametrize("workers", [0, 1])
def test_make_vec_max_episode_steps_truncates_as_sync_mode_does(workers: int) -> None:
    # make_vec gives a vector entry point max_episode_steps as a keyword, where make adds
    # a TimeLimit: the vector envs had dropped it and flown the task's whole duration
    extra = {"workers": workers} if workers else {}
    sync = gymnasium.make_vec(ID, num_envs=2, vectorization_mode="sync", max_episode_steps=3)
    ours = gymnasium.make_vec(ID, num_envs=2, max_episode_steps=3, **extra)
    assert ours.spec is not None and ours.spec.kwargs["max_episode_steps"] == 3
    # NEXT_STEP: truncated at 3, reset at 4, truncated again at 7
    assert _truncations(ours, 8) == _truncations(sync, 8) == [3, 7]


def test_max_episode_steps_and_duration_the_sooner_truncates() -> None:
    for limit, want in ((4, 4), (10, 10), (50, 10)):  # duration_s=1.0: 10 agent steps
        env = FlightEnv("AttitudeTracking", duration_s=1.0, max_episode_steps=limit)
        env.reset(seed=0)
        flags = [env.step(np.zeros(4, np.float32))[3] for _ in range(want)]
        assert flags == [False] * (want - 1) + [True]
        env.close()
    for bad in (0, 2.5, True, "5"):
        with pytest.raises(ConfigError) as info:  # the vector envs' num_envs rule and words
            FlightEnv("AttitudeTracking", max_episode_steps=bad)
        assert str(info.value) == f"max_episode_steps must be >= 1, a whole number; got {bad!r}"


@pytest.mark.parametrize("limit", [5, 10, 20])
def test_make_max_episode_steps_and_the_envs_own_limit_truncate_once(limit: int) -> None:
    env = gymnasium.wrappers.RecordEpisodeStatistics(
        gymnasium.make(ID, duration_s=1.0, max_episode_steps=limit)  # 10 agent steps
    )
    assert env.spec is not None and env.spec.max_episode_steps == limit
    env.reset(seed=0)
    want = min(limit, 10)
    flags = [env.step(np.zeros(4, np.float32))[2:4] for _ in range(want)]
    assert flags == [(False, False)] * (want - 1) + [(False, True)]
    assert list(env.length_queue) == [want]
    env.close()


def test_render_before_reset_is_refused_as_order_enforcing_does() -> None:
    # it had failed inside the task with an AttributeError
    env = gymnasium.make(ID, render_mode="rgb_array")
    with pytest.raises(ConfigError, match=r"render\(\) before reset\(\): reset the environment"):
        env.render()
    env.reset(seed=0)
    assert env.render().shape == (320, 640, 3)
    env.close()


def test_vector_env_metadata_has_render_fps_as_sync_vector_envs_do() -> None:
    vec = gymnasium.make_vec(ID, num_envs=2, render_mode="rgb_array", agent_hz=5)
    sync = gymnasium.make_vec(
        ID, num_envs=2, vectorization_mode="sync", render_mode="rgb_array", agent_hz=5
    )
    assert vec.metadata["render_fps"] == sync.metadata["render_fps"] == 5.0
    human = gymnasium.wrappers.vector.HumanRendering(vec)  # refused without render_fps
    assert human.render_mode == "human"
    for v in (vec, sync):
        v.close()


def test_vector_env_refuses_human_rendering_and_names_the_wrapper_that_gives_it() -> None:
    with pytest.raises(ConfigError, match=r"a window each.*vector\.HumanRendering"):
        gymnasium.make_vec(ID, num_envs=2, render_mode="human")
    assert FlightVectorEnv.metadata["render_modes"] == ["rgb_array"]


@pytest.mark.parametrize("task", list(TASKS))
@pytest.mark.parametrize(
    "kwargs",
    [
        {"dict_observations": True},
        {"controls": ["elevator", "throttle"]},
        {"controls": "aileron", "agent_hz": 20},
        {"agent_hz": "5 Hz", "sim_hz": 60, "dict_observations": True, "controls": ["rudder"]},
        {"wind_kts": 10, "turbulence": "light", "max_episode_steps": 30},
    ],
    ids=["dict", "held-subset", "20Hz-one-control", "5Hz-60Hz-dict-rudder", "wind-limit"],
)
def test_check_env_passes_without_warnings_in_every_configuration(
    task: str, kwargs: dict[str, Any]
) -> None:
    import warnings

    from gymnasium.utils.env_checker import check_env

    env = FlightEnv(task, **kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check_env(env, skip_render_check=True)  # rendering: tests/envs/test_contract.py
    env.close()


def test_a_process_vector_env_refuses_copies_and_lives_on() -> None:
    # a deepcopy had copied the pipe ends halfway, then closed the original's descriptors
    from flightsim.envs import FlightProcessVectorEnv

    vec = FlightProcessVectorEnv(2, workers=1, task="AttitudeTracking")
    for attempt in (copy.deepcopy, pickle.dumps):
        with pytest.raises(ConfigTypeError, match="cannot be copied or pickled: its worker"):
            attempt(vec)
    vec.reset(seed=0)
    assert vec.step(np.zeros((2, 4), np.float32))[0].shape == (2, 18)
    vec.close()


def test_an_in_process_vector_env_copies_before_reset_and_refuses_after() -> None:
    from flightsim.envs import FlightVectorEnv

    vec = FlightVectorEnv(2, task="AttitudeTracking")
    twin = copy.deepcopy(vec)
    assert twin.envs[0].sim is not vec.envs[0].sim
    actions = np.full((2, 4), 0.1, np.float32)
    for v in (vec, twin):
        v.reset(seed=4)
    for _ in range(3):
        assert vec.step(actions)[0].tobytes() == twin.step(actions)[0].tobytes()
    with pytest.raises(ConfigTypeError, match="once reset"):
        copy.deepcopy(vec)
    for v in (vec, twin):
        v.close()


def test_make_and_make_vec_round_trip_through_their_specs() -> None:
    env = gymnasium.make(ID, duration_s="2 s", controls=["elevator"], max_episode_steps=15)
    again = gymnasium.make(env.spec)
    assert str(again) == str(env) and again.spec == env.spec
    assert again.unwrapped.task.duration_s == 2.0 and again.action_space.shape == (1,)
    assert _episode(again, 5, 16) == _episode(env, 5, 16)
    for e in (env, again):
        e.close()
    for extra in ({}, {"workers": 1}):
        vec = gymnasium.make_vec(ID, num_envs=2, duration_s=0.5, **extra)
        twin = gymnasium.make_vec(vec.spec)
        assert type(twin) is type(vec) and twin.num_envs == 2 and twin.spec == vec.spec
        assert twin.spec.kwargs["vectorization_mode"] == "vector_entry_point"
        results = [v.reset(seed=2)[0].tobytes() for v in (vec, twin)]
        assert results[0] == results[1]
        for v in (vec, twin):
            v.close()


@pytest.mark.parametrize("workers", [0, 1])
@pytest.mark.parametrize("mode", ["NextStep", "SameStep", "Disabled"])
def test_vector_wrappers_see_what_they_see_on_sync_vector_env(mode: str, workers: int) -> None:
    from gymnasium.wrappers import vector as vector_wrappers

    def wrapped(vec: Any) -> Any:
        stats = vector_wrappers.RecordEpisodeStatistics(vec)
        if mode != "NextStep":  # Gymnasium's normalising wrappers refuse the other modes
            return stats, stats
        return stats, vector_wrappers.NormalizeReward(vector_wrappers.NormalizeObservation(stats))

    kwargs = {"duration_s": 0.5}  # 5 agent steps
    sync = gymnasium.make_vec(
        ID, 2, vectorization_mode="sync", vector_kwargs={"autoreset_mode": mode}, **kwargs
    )
    ours = gymnasium.make_vec(ID, 2, autoreset_mode=mode, workers=workers, **kwargs)
    (stats, env), (ref_stats, ref) = wrapped(ours), wrapped(sync)
    for e in (env, ref):
        e.reset(seed=3)
    actions = np.tile(np.array([0.2, -0.1, 0.0, 0.4], np.float32), (2, 1))
    for _ in range(13):
        got, want = env.step(actions), ref.step(actions)
        assert got[0].tobytes() == want[0].tobytes()  # normalised observations
        assert got[1].tolist() == want[1].tolist()  # normalised rewards
        assert "episode" not in want[4] or (
            want[4]["episode"]["l"].tolist() == got[4]["episode"]["l"].tolist()
        )
        ended = got[2] | got[3]
        if mode == "Disabled" and ended.any():
            for e in (env, ref):
                e.reset(options={"reset_mask": ended.copy()})
    assert list(stats.length_queue) == list(ref_stats.length_queue) == [5] * 4
    assert list(stats.return_queue) == list(ref_stats.return_queue)
    for e in (env, ref):
        e.close()


_WRAPPERS: dict[str, Any] = {
    "RecordEpisodeStatistics": lambda: gymnasium.wrappers.RecordEpisodeStatistics(_env()),
    "NormalizeObservation": lambda: gymnasium.wrappers.NormalizeObservation(_env()),
    "NormalizeReward": lambda: gymnasium.wrappers.NormalizeReward(_env()),
    "ClipAction": lambda: gymnasium.wrappers.ClipAction(_env()),
    "RescaleAction": lambda: gymnasium.wrappers.RescaleAction(
        _env(), np.float32(0.0), np.float32(1.0)
    ),
    "FlattenObservation(dict)": lambda: gymnasium.wrappers.FlattenObservation(
        _env(dict_observations=True)
    ),
    "FrameStackObservation": lambda: gymnasium.wrappers.FrameStackObservation(_env(), 4),
    "TimeAwareObservation": lambda: gymnasium.wrappers.TimeAwareObservation(
        _env(max_episode_steps=8)
    ),
    "PassiveEnvChecker+OrderEnforcing": lambda: gymnasium.wrappers.OrderEnforcing(
        _env(disable_env_checker=False)
    ),
}


def _env(**kwargs: Any) -> Any:
    return gymnasium.make(ID, duration_s=0.5, **kwargs)


@pytest.mark.parametrize("name", list(_WRAPPERS))
def test_common_wrappers_fly_every_step_inside_their_spaces(name: str) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        env = _WRAPPERS[name]()
        obs, _ = env.reset(seed=0)
        assert env.observation_space.contains(obs)
        ends = 0
        for _ in range(12):
            obs, _, terminated, truncated, _ = env.step(env.action_space.sample())
            assert env.observation_space.contains(obs)
            if terminated or truncated:
                ends += 1
                obs, _ = env.reset()
    assert ends == 2  # 5 agent steps an episode
    env.close()


@pytest.mark.parametrize("workers", [0, 1])
def test_vector_np_random_are_each_environments_as_sync_vector_envs_give(workers: int) -> None:
    # they had been the VectorEnv base class's own generator, which nothing seeds
    sync = gymnasium.make_vec(ID, 2, vectorization_mode="sync")
    ours = gymnasium.make_vec(ID, 2, workers=workers)
    for v in (sync, ours):
        v.reset(seed=21)
    assert ours.np_random_seed == sync.np_random_seed == (21, 22)
    draws = [[g.random() for g in v.np_random] for v in (ours, sync)]
    assert draws[0] == draws[1]
    for v in (sync, ours):
        v.close()


def test_dict_observations_in_a_vector_env_point_to_gymnasiums_own() -> None:
    with pytest.raises(ConfigError, match=r"no dict_observations\. Gymnasium's own vector envs"):
        gymnasium.make_vec(ID, 2, dict_observations=True)
    with pytest.raises(ConfigError, match=r"no render_mode\. Gymnasium's own .*'sync' \(one"):
        gymnasium.make_vec(ID, 2, workers=1, render_mode="rgb_array")
    sync = gymnasium.make_vec(ID, 2, vectorization_mode="sync", dict_observations=True)
    obs, _ = sync.reset(seed=0)
    assert obs["task"].shape == (2, 4) and sync.observation_space.contains(obs)
    sync.close()


def test_every_vectorization_mode_flies_the_same_episodes() -> None:
    kwargs = {"duration_s": "0.5 s", "controls": ["aileron", "elevator"], "wind_kts": 4}
    vecs = [
        gymnasium.make_vec(ID, 2, vectorization_mode=mode, **kwargs)
        for mode in ("sync", "async", "vector_entry_point")
    ]
    actions = np.full((2, 2), 0.05, np.float32)
    firsts = [v.reset(seed=9)[0].tobytes() for v in vecs]
    assert firsts == firsts[:1] * 3
    for _ in range(7):  # through an end and a NEXT_STEP autoreset
        steps = [v.step(actions) for v in vecs]
        assert len({(s[0].tobytes(), s[1].tobytes(), s[3].tobytes()) for s in steps}) == 1
    for v in vecs:
        v.close()
