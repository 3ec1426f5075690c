"""The agent-step kernel: the compiled one and its pure-Python twin give the same results.

Each test builds environments with both kernels (``flightsim.envs.env.StepKernel``
swapped for the twin) and compares episodes bit for bit: observations'
bytes, rewards, flags and infos. Without the compiled module (no C compiler
at install) the compiled half is skipped and the twin is still checked.
"""

from __future__ import annotations

import functools
import importlib.util
import math
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from gymnasium import spaces

import flightsim.envs.env as env_module
from flightsim.envs import FlightEnv, stepkernel
from flightsim.envs._stepkernel_pure import StepKernel as PureKernel
from flightsim.envs.rows import new_block
from flightsim.envs.tasks import TASKS
from flightsim.envs.tasks.tracking import HeadingAltitude
from flightsim.envs.vector import InfoTable
from flightsim.errors import ConfigError

BUILT = importlib.util.find_spec("flightsim.envs._stepkernel") is not None


def _kernels() -> dict[str, Any]:
    kernels: dict[str, Any] = {"pure": PureKernel}
    if BUILT and stepkernel.accelerated():
        from flightsim.envs._stepkernel import StepKernel as CompiledKernel

        kernels["compiled"] = CompiledKernel
    return kernels


def make_env(kernel: Any, monkeypatch: pytest.MonkeyPatch, *args: Any, **kwargs: Any) -> FlightEnv:
    """A FlightEnv stepped by ``kernel`` (the class)."""
    with monkeypatch.context() as patch:
        patch.setattr(env_module, "StepKernel", kernel)
        return FlightEnv(*args, **kwargs)


@pytest.fixture
def pair(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """``pair(*args, **kwargs)``: the same environment with each kernel available."""
    made: list[FlightEnv] = []

    def build(*args: Any, **kwargs: Any) -> dict[str, FlightEnv]:
        envs = {name: make_env(k, monkeypatch, *args, **kwargs) for name, k in _kernels().items()}
        made.extend(envs.values())
        return envs

    yield build
    for env in made:
        env.close()


def _same(a: Any, b: Any) -> bool:
    """Equal values, NaN equal to NaN, arrays compared by bytes and dtype."""
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and a.tobytes() == b.tobytes()
    if isinstance(a, dict):
        return isinstance(b, dict) and list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return type(a) is type(b) and a == b


def _episode(env: FlightEnv, actions: np.ndarray, seed: int) -> list[Any]:
    """Everything ``env`` returns flying ``actions`` (reset with ``seed`` when an episode ends)."""
    out: list[Any] = [env.reset(seed=seed)]
    for action in actions:
        result = env.step(action)
        out.append(result)
        if result[2] or result[3]:
            out.append(env.reset(seed=seed + 1))
    return out


def _compare(envs: dict[str, FlightEnv], actions: np.ndarray, seed: int = 3) -> None:
    runs = {name: _episode(env, actions, seed) for name, env in envs.items()}
    if len(runs) < 2:
        pytest.skip("the compiled step kernel is not built: the twin alone was flown")
    pure, compiled = runs["pure"], runs["compiled"]
    assert len(pure) == len(compiled)
    for k, (p, c) in enumerate(zip(pure, compiled, strict=True)):
        assert len(p) == len(c)
        for x, y in zip(p, c, strict=True):
            assert _same(x, y), f"entry {k}: {x!r} != {y!r}"


def _actions(n: int, size: int, seed: int = 0, spread: float = 1.3) -> np.ndarray:
    """Random actions, some beyond [-1, 1] (clipped by the kernels)."""
    return np.random.default_rng(seed).uniform(-spread, spread, (n, size)).astype(np.float32)


@pytest.mark.parametrize("task", sorted(TASKS))
def test_every_task_flies_the_same_with_both_kernels(pair: Any, task: str) -> None:
    envs = pair(task, duration_s=6.0)  # short episodes: the time limit and resets come up
    _compare(envs, _actions(150, 4, spread=0.4))


def test_wild_actions_end_episodes_the_same_way(pair: Any) -> None:
    # full deflections beyond the limits: attitude failures and crashes, resets
    _compare(pair("AttitudeTracking"), _actions(400, 4, seed=1, spread=1.5))


def test_an_autopilot_flying_unheld_controls_is_the_same(pair: Any) -> None:
    _compare(pair("Waypoints", controls=["aileron", "rudder"]), _actions(200, 2, seed=2))


def test_dict_observations_and_tracks_are_the_same(pair: Any) -> None:
    envs = pair("LandingApproach", dict_observations=True, record_track=True, duration_s=5.0)
    _compare(envs, _actions(120, 4, seed=4, spread=0.3))
    tracks = [env.track for env in envs.values()]
    assert len(tracks[0]) > 1
    assert all(t.tobytes() == tracks[0].tobytes() for t in tracks)


def test_a_nan_action_is_a_failure_with_a_finite_observation(pair: Any) -> None:
    for env in pair("HeadingAltitude").values():
        env.reset(seed=0)
        obs, reward, terminated, truncated, info = env.step(
            np.array([0.0, np.nan, 0.0, 0.5], np.float32)
        )
        assert (terminated, truncated, reward, info["failure"]) == (
            True,
            False,
            -10.0,
            "non-finite state",
        )
        assert np.all(obs == 0.0)


ODD_ACTIONS = [
    [0.1, -0.05, 0.0, 0.5],  # a list of floats
    (0.1, -0.05, 0.0, 0.5),  # a tuple
    np.array([0.1, -0.05, 0.0, 0.5]),  # float64
    np.array([1, 0, 0, 1]),  # integers
    [np.float32(0.1), np.float32(-0.05), 0, True],  # numpy scalars, an int, a bool
    np.array([0.1, 9.0, -0.05, 9.0, 0.0, 9.0, 0.5, 9.0], np.float32)[::2],  # strided
]


@pytest.mark.parametrize("action", ODD_ACTIONS, ids=lambda a: type(a).__name__)
def test_actions_of_any_numeric_form_give_the_same_step(pair: Any, action: Any) -> None:
    results = []
    for env in pair("HeadingAltitude").values():
        env.reset(seed=5)
        results.append(env.step(action))
    for other in results[1:]:
        assert all(_same(x, y) for x, y in zip(results[0], other, strict=True))


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ([0.1, 0.2, 0.3], "the action has 3 values; this environment takes 4"),
        (np.zeros((1, 4), np.float32), "the action must be a sequence of 4 numbers"),
        (None, "the action must be a sequence of 4 numbers"),
        ("abcd", "the action must be a sequence of 4 numbers"),
        ([0.1, "x", 0.0, 0.0], "the action must be a sequence of 4 numbers"),
        ("0000", "the action must be a sequence of 4 numbers"),  # had flown 4 zeros
        # had flown with a ComplexWarning (compiled), or raised a bare TypeError (pure twin)
        (np.zeros(4, complex), "the action must be a sequence of 4 numbers"),
        ([0.1, 0j, 0.0, 0.0], "the action must be a sequence of 4 numbers"),
        # numeric strings had been converted and flown
        (np.array(["1", "0", "0", "1"]), "the action must be a sequence of 4 numbers"),
        (["1", "0", "0", "1"], "the action must be a sequence of 4 numbers"),
        (np.array([0.5, "1", 0.0, b"1"], object), "the action must be a sequence of 4 numbers"),
        (np.array([b"1", b"0", b"0", b"1"]), "the action must be a sequence of 4 numbers"),
    ],
)
def test_malformed_actions_get_the_same_clear_error(pair: Any, action: Any, message: str) -> None:
    for env in pair("HeadingAltitude").values():
        env.reset(seed=0)
        with pytest.raises(ConfigError, match=message):
            env.step(action)
        assert env.elapsed_steps == 0  # nothing was flown


class _ChattyTask(HeadingAltitude):
    """A task whose step gives one observation more than its table."""

    def step(self, s: list[float], north_ft: float, east_ft: float, t_s: float) -> Any:
        obs, *rest = super().step(s, north_ft, east_ft, t_s)
        return ([*obs, 0.0], *rest)


def test_a_task_giving_too_many_observations_is_named(pair: Any) -> None:
    from flightsim.envs.profiles import PROFILES

    for env in pair(_ChattyTask(PROFILES["c172p"])).values():
        env.reset(seed=0)
        with pytest.raises(ConfigError, match=r"_ChattyTask.step gave 4 task observations; its "):
            env.step(np.zeros(4, np.float32))


def test_kept_observations_are_never_overwritten(pair: Any) -> None:
    for env in pair("HeadingAltitude").values():
        kept = [env.reset(seed=0)[0]]
        copies = [kept[0].copy()]
        for action in _actions(70, 4, spread=0.2):  # several blocks of rows
            obs = env.step(action)[0]
            kept.append(obs)
            copies.append(obs.copy())
        assert len({id(o) for o in kept}) == len(kept)
        assert all(o.tobytes() == c.tobytes() for o, c in zip(kept, copies, strict=True))
        assert all(o.flags.writeable and o.dtype == np.float32 for o in kept)


def test_a_step_before_the_first_reset_is_refused(pair: Any) -> None:
    for env in pair("HeadingAltitude").values():
        with pytest.raises(ConfigError, match=r"step\(\) before reset\(\): reset the environment"):
            env.step(np.zeros(4, np.float32))
        env.reset(seed=0)
        assert env.step(np.zeros(4, np.float32))[4]["time_s"] == pytest.approx(0.1)


def _into_episode(env: FlightEnv, actions: np.ndarray, seed: int) -> tuple[Any, Any, list[Any]]:
    """Fly ``actions`` with ``step_into``, resetting with ``seed + 1`` when an episode ends:
    the observation and table rows written, and what each call returned."""
    table = InfoTable(env.task)
    size = spaces.flatdim(env.observation_space)
    obs_out = np.full((len(actions), size), np.nan, np.float32)
    table_out = np.full((len(actions), table.width), np.nan, np.float64)
    returned: list[Any] = []
    env.reset(seed=seed)
    for j, action in enumerate(actions):
        result = env.step_into(action, obs_out, table_out, j, table.codes, table.terms)
        returned.append(result)
        if result is True or (type(result) is tuple and (result[2] or result[3])):
            env.reset(seed=seed + 1)
    return obs_out, table_out, returned


@pytest.mark.parametrize("task", sorted(TASKS))
def test_step_into_writes_the_rows_step_and_the_info_table_give(pair: Any, task: str) -> None:
    actions = _actions(150, 4, seed=6, spread=0.9)  # failures, the time limit, resets
    written = {}
    for name, env in pair(task, duration_s=6.0).items():
        obs_out, table_out, returned = _into_episode(env, actions, seed=3)
        written[name] = (obs_out.tobytes(), table_out.tobytes(), returned)
        assert True in returned, "no episode ended: resets would go untested"
        # the same flight through step: row j is what InfoTable.row makes of step j's result
        table = InfoTable(env.task)
        env.reset(seed=3)
        for j, action in enumerate(actions):
            obs, reward, terminated, truncated, info = env.step(action)
            assert returned[j] is (terminated or truncated), f"{name}, step {j}"
            assert obs.tobytes() == obs_out[j].tobytes(), f"{name}, step {j}"
            row = np.array(table.row(reward, terminated, truncated, info), np.float64)
            assert row.tobytes() == table_out[j].tobytes(), f"{name}, step {j}"
            if terminated or truncated:
                env.reset(seed=4)
    if len(written) < 2:
        pytest.skip("the compiled step kernel is not built: the twin alone was flown")
    assert written["pure"] == written["compiled"]


class _UnlistedTask(HeadingAltitude):
    """A task whose step gives a reward term and a failure it does not declare."""

    def step(self, s: list[float], north_ft: float, east_ft: float, t_s: float) -> Any:
        obs, reward, terms, success, failure = super().step(s, north_ft, east_ft, t_s)
        extra = {**terms, "bonus": 0.5} if t_s < 0.15 else terms
        return obs, reward, extra, success, "bird strike" if 0.15 < t_s < 0.25 else failure


def test_step_into_leaves_unusual_steps_to_its_caller(pair: Any) -> None:
    """An undeclared term or failure, a non-finite state, dict observations: nothing is
    written and the step result comes back, the same with both kernels."""
    from flightsim.envs.profiles import PROFILES

    cases = {
        "unlisted": (pair(_UnlistedTask(PROFILES["c172p"])), [[0.0, 0.0, 0.0, 0.5]] * 3),
        "non-finite": (pair("HeadingAltitude"), [[0.0, float("nan"), 0.0, 0.5]]),
        "dict": (pair("HeadingAltitude", dict_observations=True), [[0.0, 0.0, 0.0, 0.5]]),
    }
    for case, (envs, actions) in cases.items():
        results = []
        for env in envs.values():
            obs_out, table_out, returned = _into_episode(env, np.array(actions, np.float32), 0)
            assert all(type(r) is tuple and len(r) == 5 for r in returned), case
            assert np.isnan(table_out).all() and np.isnan(obs_out).all(), case
            results.append(returned)
        failures = [[r[4]["failure"] for r in run] for run in results]
        assert failures[0] == {"unlisted": ["", "bird strike", ""]}.get(case, failures[0])
        for other in results[1:]:
            for a, b in zip(results[0], other, strict=True):
                assert all(_same(x, y) for x, y in zip(a[1:], b[1:], strict=True)), case


def test_step_into_refuses_arrays_of_the_wrong_shape_or_kind(pair: Any) -> None:
    for env in pair("HeadingAltitude").values():
        table = InfoTable(env.task)
        env.reset(seed=0)
        obs_out = np.zeros((2, 17), np.float32)
        table_out = np.zeros((2, table.width), np.float64)
        bad = [
            (np.zeros((2, 16), np.float32), table_out, 0),  # one value short
            (obs_out, np.zeros((2, table.width), np.float32), 0),  # float32 table
            (obs_out, table_out, 2),  # no such row
        ]
        for (o, t, j), what in zip(bad, ["obs_out", "table_out", "obs_out"], strict=True):
            with pytest.raises(ValueError, match=rf"step_into: {what} must be a C-contiguous"):
                env.step_into([0.0, 0.0, 0.0, 0.5], o, t, j, table.codes, table.terms)
        assert env.elapsed_steps == 0  # checked before anything is flown


class _Odd(HeadingAltitude):
    """A task whose step gives one odd value (``kind``) from the second step on."""

    kind = ""

    def step(self, s: list[float], north_ft: float, east_ft: float, t_s: float) -> Any:
        obs, reward, terms, success, failure = super().step(s, north_ft, east_ft, t_s)
        if t_s > 0.15:
            if self.kind == "ordered terms":
                terms = OrderedDict(terms)
            elif self.kind == "string reward":
                reward = "0.5"
            elif self.kind == "raising reward":
                reward = _Raising()
            elif self.kind == "str subclass failure":
                failure = _Text("")
        return obs, reward, terms, success, failure


class _Raising:
    def __float__(self) -> float:
        raise RuntimeError("no float today")


class _Text(str):
    pass


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("ordered terms", "result"),
        ("string reward", "result"),
        ("raising reward", RuntimeError),
        ("str subclass failure", "result"),
    ],
)
def test_both_kernels_treat_odd_task_values_alike(pair: Any, kind: str, expected: Any) -> None:
    from flightsim.envs.profiles import PROFILES

    task_class = type("Odd", (_Odd,), {"kind": kind})
    for env in pair(task_class(PROFILES["c172p"])).values():
        table = InfoTable(env.task)
        obs_out = np.zeros((1, 17), np.float32)
        table_out = np.zeros((1, table.width), np.float64)
        env.reset(seed=0)
        step = [0.0, 0.0, 0.0, 0.5]
        assert env.step_into(step, obs_out, table_out, 0, table.codes, table.terms) is False
        if expected == "result":
            got = env.step_into(step, obs_out, table_out, np.int64(0), table.codes, table.terms)
            assert type(got) is tuple and len(got) == 5, kind
        else:
            with pytest.raises(expected):
                env.step_into(step, obs_out, table_out, 0, table.codes, table.terms)


def test_both_kernels_take_and_refuse_the_same_arrays(pair: Any) -> None:
    for env in pair("HeadingAltitude").values():
        table = InfoTable(env.task)
        env.reset(seed=0)
        step = [0.0, 0.0, 0.0, 0.5]
        wide = np.zeros((2, 2 * table.width), np.float64)
        read_only = np.zeros((1, 17), np.float32)
        read_only.flags.writeable = False
        refused = {
            "strided": (np.zeros((1, 17), np.float32), wide[:, ::2]),
            "read-only": (read_only, np.zeros((1, table.width), np.float64)),
            "big-endian": (np.zeros((1, 17), ">f4"), np.zeros((1, table.width), np.float64)),
            "a list": ([[0.0] * 17], np.zeros((1, table.width), np.float64)),
        }
        for case, (o, t) in refused.items():
            with pytest.raises(ValueError, match=r"step_into: (obs|table)_out must be"):
                env.step_into(step, o, t, 0, table.codes, table.terms)
            assert env.elapsed_steps == 0, case
        obs_out = np.zeros((1, 17), np.float32)
        table_out = np.zeros((1, table.width), np.float64)
        taken = env.step_into(step, memoryview(obs_out), table_out, 0, table.codes, table.terms)
        assert taken is False and obs_out.any()  # a memoryview is an array too


@pytest.mark.parametrize("task", ["HeadingAltitude", "AttitudeTracking"])
def test_the_compiled_scoring_of_the_tracking_tasks_matches_their_step(
    pair: Any, task: str
) -> None:
    """The compiled kernel scores these two itself (native_scoring); through changes of
    commands, settled sums and the time limit it gives what their Python step gives."""
    from flightsim.envs.tasks.tracking import native_scoring

    envs = pair(task, duration_s=50.0)  # HeadingAltitude: a change at 30-40 s, settled at 15 s
    assert all(native_scoring(env.task) is not None for env in envs.values())
    _compare(envs, _actions(440, 4, seed=8, spread=0.04))
    for env in envs.values():
        assert env.elapsed_steps == 440  # one episode, 44 s: no reset
        assert env.task._settled_n > 0  # settled sums kept, the last segment's included
    sums = {(env.task._settled_sum, env.task._settled_n) for env in envs.values()}
    assert len(sums) == 1, sums  # what the time limit's success is judged on, bit for bit


def test_a_subclass_that_scores_otherwise_is_scored_by_its_own_step() -> None:
    from flightsim.envs.profiles import PROFILES
    from flightsim.envs.tasks.tracking import native_scoring

    assert native_scoring(_ChattyTask(PROFILES["c172p"])) is None
    assert native_scoring(_Odd(PROFILES["c172p"])) is None


@pytest.mark.parametrize("task", ["HeadingAltitude", "AttitudeTracking"])
def test_the_compiled_scoring_with_an_autopilot_a_track_and_dict_observations(
    pair: Any, task: str
) -> None:
    envs = pair(task, controls=["aileron", "elevator"], record_track=True, duration_s=8.0)
    _compare(envs, _actions(100, 2, seed=9, spread=0.3))
    tracks = [env.track for env in envs.values()]
    assert all(t.tobytes() == tracks[0].tobytes() for t in tracks)
    _compare(pair(task, dict_observations=True, duration_s=8.0), _actions(100, 4, seed=10))


@pytest.mark.parametrize("agent_hz", [1.0, 0.5, 1.0 / 60.0])
def test_the_autopilot_flies_the_unheld_controls_whatever_the_agent_rate(
    pair: Any, agent_hz: float
) -> None:
    # the autopilot ran once per agent step: at 1 Hz a one-second hold on the surfaces ended
    # the episode after 3 s ("attitude"), at 1/60 Hz in a crash; it now runs at 10 Hz inside
    envs = pair("HeadingAltitude", agent_hz=agent_hz, controls=["throttle"], duration_s=120.0)
    for env in envs.values():
        env.reset(seed=0)
        done = False
        while not done:
            _, _, terminated, truncated, info = env.step(np.zeros(1, np.float32))
            done = terminated or truncated
        assert truncated and info["failure"] == "", (env, info)
        assert info["time_s"] == 120.0
    _compare(envs, np.zeros((130, 1), np.float32), seed=5)


def test_the_autopilot_runs_every_tenth_of_a_second_of_simulated_time(pair: Any) -> None:
    # 120 Hz / 0.5 Hz = 240 JSBSim steps per agent step: the autopilot every 12 of them
    for env in pair("Waypoints", agent_hz=0.5, controls=["elevator"], duration_s=6.0).values():
        assert (env._autopilot_every, env._autopilot_dt_s) == (12, 2.0 * (12 / 240))
        calls: list[float] = []
        fly = env._fly_unheld

        def counted(fly: Any = fly, calls: list[float] = calls, env: FlightEnv = env) -> None:
            calls.append(env.sim.fdm.get_sim_time())
            fly()

        env._fly_unheld = counted  # type: ignore[method-assign]
        env._rebind()
        env.reset(seed=1)
        start = env.sim.fdm.get_sim_time()
        env.step(np.zeros(1, np.float32))
        assert len(calls) == 20
        assert np.allclose(np.diff([start, *calls[1:]]), 0.1)
    # at 10 Hz (12 JSBSim steps) and faster, once per agent step as before
    for env in pair("Waypoints", agent_hz=20.0, controls=["elevator"]).values():
        assert (env._autopilot_every, env._autopilot_dt_s) == (6, env.agent_dt_s)


@pytest.mark.parametrize("kernel", sorted(_kernels()))
def test_a_hook_runs_before_the_first_jsbsim_step_and_every_hook_every(kernel: str) -> None:
    env = FlightEnv("HeadingAltitude", controls=["throttle"])
    env.reset(seed=0)  # the task's step needs an episode
    try:
        log: list[str] = []
        run = env.sim.fdm.run

        def logged_run() -> Any:
            log.append("r")
            return run()

        cls = _kernels()[kernel]
        size = env.observation_space.shape[0]
        for every, expected in [(0, "h" + "r" * 7), (3, "hrrrhrrrhr"), (7, "h" + "r" * 7)]:
            log.clear()
            k = cls(
                (),
                1,
                logged_run,
                7,
                env._getters,
                lambda: log.append("h"),
                env.task,
                functools.partial(new_block, size),
                size,
                100.0,
                1.0,
                10.0,
                10,
                None,
                None,
                None,
                None,
                every,
            )
            k.begin(0.0, 0.0, -1e9, 1e12)
            k._advance([0.0]) if kernel == "pure" else k.step(np.zeros(1))
            assert "".join(log) == expected
        with pytest.raises(ValueError, match="hook_every must be >= 0"):
            cls(
                (),
                1,
                run,
                7,
                env._getters,
                None,
                env.task,
                None,
                11,
                100.0,
                1.0,
                10.0,
                10,
                None,
                None,
                None,
                None,
                -1,
            )
    finally:
        env.close()


@pytest.mark.parametrize(("agent_hz", "sim_hz"), [(10.0, 120.0), (3.0, 120.0), (1.0 / 60.0, 120.0)])
def test_time_is_the_step_count_over_the_rate_in_one_rounding(
    pair: Any, agent_hz: float, sim_hz: float
) -> None:
    # the time had been steps × (1 / agent_hz): 0.30000000000000004 s at the third 10 Hz step
    envs = pair("AttitudeTracking", agent_hz=agent_hz, sim_hz=sim_hz, record_track=True)
    for env in envs.values():
        env.reset(seed=0)
        times = [env.step(np.zeros(4, np.float32))[4]["time_s"] for _ in range(30)]
        assert times == [k / agent_hz for k in range(1, 31)]
        assert list(env.track[1:, 0]) == times
    if agent_hz == 10.0:
        assert times[2] == 0.3 and times[6] == 0.7 and times[28] == 2.9
    _compare(envs, np.zeros((40, 4), np.float32))
