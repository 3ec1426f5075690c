"""Vector env infos: the shared info table gives what Gymnasium builds from the single envs."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from gymnasium.vector import VectorEnv

from flightsim.envs import TASKS, FlightEnv, FlightProcessVectorEnv, FlightVectorEnv
from flightsim.envs.tasks import HeadingAltitude, StepResult
from flightsim.envs.vector import ENV_FAILURES, InfoTable


class _Reference(VectorEnv[Any, Any, Any]):
    """Gymnasium's own info batching (``VectorEnv._add_info``), env by env."""

    def __init__(self, num_envs: int) -> None:
        self.num_envs = num_envs

    def batch(self, infos: list[dict[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for i, info in enumerate(infos):
            out = self._add_info(out, info, i)
        return out


def _assert_same_infos(got: dict[str, Any], want: dict[str, Any], where: str) -> None:
    assert got.keys() == want.keys(), where
    for key, value in want.items():
        if isinstance(value, dict):
            _assert_same_infos(got[key], value, f"{where}/{key}")
        else:
            assert got[key].dtype == value.dtype, f"{where}/{key}"
            assert got[key].tolist() == value.tolist(), f"{where}/{key}"


def _fly_in_lockstep(
    vectors: list[VectorEnv[Any, Any, Any]],
    kwargs: dict[str, Any],
    actions: np.ndarray,
    steps: int,
    seed: int,
) -> list[dict[str, Any]]:
    """Step ``vectors`` and single envs (autoreset by hand) alike; every output must agree.

    Returns the single envs' infos of every step.
    """
    n = len(actions)
    singles = [FlightEnv(**kwargs) for _ in range(n)]
    reference = _Reference(n)
    want = [env.reset(seed=seed + i) for i, env in enumerate(singles)]
    for vec in vectors:
        obs, infos = vec.reset(seed=seed)
        assert np.array_equal(obs, np.stack([o for o, _ in want]))
        _assert_same_infos(infos, reference.batch([i for _, i in want]), "reset")
    ended = [False] * n
    seen = []
    for step in range(steps):
        results = []
        for i, env in enumerate(singles):
            if ended[i]:
                o, info = env.reset()
                results.append((o, 0.0, False, False, info))
            else:
                results.append(env.step(actions[i]))
            ended[i] = results[-1][2] or results[-1][3]
        want_infos = [r[4] for r in results]
        seen.extend(want_infos)
        for vec in vectors:
            obs, rewards, terminated, truncated, infos = vec.step(actions)
            where = f"{type(vec).__name__}, step {step}"
            assert np.array_equal(obs, np.stack([r[0] for r in results])), where
            assert rewards.tolist() == [r[1] for r in results], where
            assert terminated.tolist() == [r[2] for r in results], where
            assert truncated.tolist() == [r[3] for r in results], where
            _assert_same_infos(infos, reference.batch(want_infos), where)
    for env in singles:
        env.close()
    return seen


def test_every_task_steps_exactly_its_declared_reward_terms() -> None:
    for name, cls in TASKS.items():
        env = FlightEnv(name)
        _, info = env.reset(seed=3)
        assert info["reward_terms"] == {}
        for _ in range(20):
            _, reward, terminated, truncated, info = env.step(np.zeros(4, np.float32))
            assert tuple(info["reward_terms"]) == (*cls.reward_terms, "failure"), name
            assert math.isclose(reward, sum(info["reward_terms"].values())), name
            assert terminated is False and truncated is False, name
        table = InfoTable(env.task)
        assert table.terms == (*cls.reward_terms, "failure")
        assert table.failures == (*ENV_FAILURES, *cls.failures)
        env.close()
    assert TASKS["LandingApproach"].failures == ("missed gate",)


def test_vector_infos_match_the_single_envs_through_every_failure_and_autoreset() -> None:
    # LandingApproach with the elevator held: each env ends its own way at its own step
    # (missed gate ~750, crash ~80, non-finite state at once, attitude ~35, crash ~680),
    # resets on the next step (terms absent: 0 and a False mask) and flies on
    kwargs: dict[str, Any] = {"task": "LandingApproach", "controls": ["elevator"]}
    actions = np.array([[-0.03], [0.3], [math.nan], [1.0], [0.0]], np.float32)
    procs = FlightProcessVectorEnv(5, workers=2, **kwargs)
    local = FlightVectorEnv(5, **kwargs)
    seen = _fly_in_lockstep([procs, local], kwargs, actions, 820, seed=0)
    failures = {info["failure"] for info in seen}
    assert failures == {"", "missed gate", "crash", "non-finite state", "attitude"}
    assert failures <= set(InfoTable(local.envs[0].task).failures)
    partial = [info["reward_terms"] for info in seen if set(info["reward_terms"]) == {"failure"}]
    assert partial  # the non-finite steps: only the failure term
    procs.close()
    local.close()


class _Hazards(HeadingAltitude):
    """HeadingAltitude in a 3 s-wide area, with bird strikes no task declares, or success."""

    name = "Hazards"
    area_radius_s = 3.0

    def step(self, s: list[float], north_ft: float, east_ft: float, t_s: float) -> StepResult:
        obs, reward, terms, _, failure = super().step(s, north_ft, east_ft, t_s)
        heading = self._start.heading_deg
        if t_s >= 1.0 and heading < 120.0:
            terms["birds"] = -1.0
            return obs, reward - 1.0, terms, False, "bird strike"
        return obs, reward, terms, t_s >= 1.5 and heading < 240.0, failure


def test_undeclared_failures_and_terms_reach_the_infos(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(TASKS, "Hazards", _Hazards)  # the forked workers inherit it
    kwargs: dict[str, Any] = {"task": "Hazards"}
    actions = np.tile(np.array([0.0, 0.0, 0.0, 0.5], np.float32), (4, 1))
    procs = FlightProcessVectorEnv(4, workers=2, context="fork", **kwargs)
    local = FlightVectorEnv(4, **kwargs)
    assert "bird strike" not in InfoTable(local.envs[0].task).failures
    seen = _fly_in_lockstep([procs, local], kwargs, actions, 60, seed=5)
    assert {info["failure"] for info in seen} == {"", "bird strike", "left area"}
    assert any("birds" in info["reward_terms"] for info in seen)
    assert any(info["is_success"] for info in seen)
    procs.close()
    local.close()


def test_masks_after_an_autoreset() -> None:
    # env 1 fails at once (non-finite), resets on the next step while env 0 flies on
    vec = FlightVectorEnv(2, task="AttitudeTracking")
    vec.reset(seed=1)
    actions = np.array([[0.0, 0.0, 0.0, 0.5], [math.nan, 0.0, 0.0, 0.5]], np.float32)
    _, rewards, terminated, _, infos = vec.step(actions)
    terms = infos["reward_terms"]
    assert rewards[1] == -10.0 and terminated.tolist() == [False, True]
    assert terms["_alive"].tolist() == [True, False] and terms["alive"].tolist() == [1.0, 0.0]
    assert terms["_failure"].tolist() == [True, True] and terms["failure"][1] == -10.0
    assert infos["failure"].tolist() == ["", "non-finite state"]
    _, rewards, terminated, _, infos = vec.step(actions)  # env 1's autoreset step
    terms = infos["reward_terms"]
    assert rewards[1] == 0.0 and infos["time_s"].tolist() == [0.2, 0.0]
    for name in ("alive", "bank", "pitch", "failure"):
        assert terms["_" + name].tolist() == [True, False] and terms[name][1] == 0.0
    assert infos["_time_s"].all() and infos["_failure"].all()
    vec.close()
