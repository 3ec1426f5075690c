"""The three autoreset modes: both vector envs step as gymnasium.vector.SyncVectorEnv does."""

from __future__ import annotations

import math
from typing import Any

import gymnasium
import numpy as np
import pytest
from gymnasium.vector import AutoresetMode, SyncVectorEnv, VectorEnv
from test_vector_infos import _assert_same_infos, _Hazards

import flightsim  # noqa: F401
from flightsim.envs import TASKS, FlightEnv, FlightProcessVectorEnv, FlightVectorEnv
from flightsim.errors import ConfigError, SimulationError

KWARGS: dict[str, Any] = {"task": "AttitudeTracking", "duration_s": 0.5}
"""Episodes of 5 agent steps (c172p): truncations come fast."""
N = 3


def _actions(step: int) -> np.ndarray:
    """Env 1 fails at once (non-finite state) at steps 1, 4, 9: ends at their own steps."""
    actions = np.tile(np.array([0.1, -0.1, 0.0, 0.5], np.float32), (N, 1))
    actions[0, 0] = -0.2
    if step in (1, 4, 9):
        actions[1, 0] = math.nan
    return actions


def _assert_same(got: dict[str, Any], want: dict[str, Any], where: str) -> None:
    """``_assert_same_infos``, with ``final_obs`` (an object array of arrays) compared by bytes."""
    got, want = dict(got), dict(want)
    finals = [info.pop("final_obs", None) for info in (got, want)]
    if finals[1] is None:
        assert finals[0] is None, where
    else:
        assert finals[0] is not None and finals[0].dtype == object, where
        got_bytes, want_bytes = (
            [None if o is None else (o.dtype, o.tobytes()) for o in final] for final in finals
        )
        assert got_bytes == want_bytes, f"{where}/final_obs"
    _assert_same_infos(got, want, where)


def _fly(
    mode: AutoresetMode,
    vec: VectorEnv[Any, Any, Any],
    steps: int = 12,
    kwargs: dict[str, Any] = KWARGS,
) -> tuple[int, set[str]]:
    """Step ``vec`` and a SyncVectorEnv of the same mode in lockstep; every output must agree.

    The environments that ended are reset by mask (seeded) on both: always with
    ``DISABLED``, at steps 1 (env 1 fails) and 4 (and the others truncate) with the others.
    Returns the number of episode ends and the failures of SAME_STEP's ``final_info``.
    """
    ref = SyncVectorEnv([lambda: FlightEnv(**kwargs)] * N, autoreset_mode=mode)
    name = type(vec).__name__
    results = [v.reset(seed=7) for v in (vec, ref)]
    assert results[0][0].tobytes() == results[1][0].tobytes()
    _assert_same(results[0][1], results[1][1], f"{name}: reset")
    ends, failures = 0, set()
    for step in range(steps):
        where = f"{name}, {mode.name}, step {step}"
        (obs, rewards, term, trunc, infos), want = (v.step(_actions(step)) for v in (vec, ref))
        assert obs.dtype == want[0].dtype and obs.tobytes() == want[0].tobytes(), where
        assert rewards.dtype == want[1].dtype and rewards.tolist() == want[1].tolist(), where
        assert term.tolist() == want[2].tolist() and trunc.tolist() == want[3].tolist(), where
        _assert_same(infos, want[4], where)
        ended = term | trunc
        ends += int(ended.sum())
        if "final_info" in want[4]:
            failures.update(want[4]["final_info"]["failure"][want[4]["_final_info"]].tolist())
        if ended.any() and (mode is AutoresetMode.DISABLED or step in (1, 4)):
            seeds = [100 + step + i for i in range(N)]
            options = {"reset_mask": ended}
            obs, infos = vec.reset(seed=seeds, options=dict(options))
            want_obs, want_infos = ref.reset(seed=seeds, options=dict(options))
            assert obs.tobytes() == want_obs.tobytes(), f"{where}: masked reset"
            _assert_same(infos, want_infos, f"{where}: masked reset")
    ref.close()
    vec.close()
    return ends, failures


@pytest.mark.parametrize("mode", list(AutoresetMode), ids=lambda m: m.name)
def test_in_process_vector_env_steps_as_sync_vector_env(mode: AutoresetMode) -> None:
    vec = FlightVectorEnv(N, autoreset_mode=mode, **KWARGS)
    assert vec.metadata["autoreset_mode"] is mode
    ends, failures = _fly(mode, vec)
    assert ends >= 6  # several truncations, env 1's failures
    assert failures == (set() if mode is not AutoresetMode.SAME_STEP else {"", "non-finite state"})


@pytest.mark.parametrize("mode", list(AutoresetMode), ids=lambda m: m.name)
def test_process_vector_env_steps_as_sync_vector_env(mode: AutoresetMode) -> None:
    # 3 environments on 2 workers (1 + 2): the finals and masks cross both blocks
    vec = FlightProcessVectorEnv(N, workers=2, autoreset_mode=mode.value, **KWARGS)
    assert vec.metadata["autoreset_mode"] is mode
    ends, failures = _fly(mode, vec)
    assert ends >= 6
    assert failures == (set() if mode is not AutoresetMode.SAME_STEP else {"", "non-finite state"})


def test_same_step_final_infos_the_table_cannot_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    # bird strikes (a failure and a reward term no task declares) end episodes: their last
    # infos travel beside the table, from the workers too
    monkeypatch.setitem(TASKS, "Hazards", _Hazards)  # the forked workers inherit it
    kwargs: dict[str, Any] = {"task": "Hazards"}
    mode = AutoresetMode.SAME_STEP
    procs = FlightProcessVectorEnv(N, workers=2, context="fork", autoreset_mode=mode, **kwargs)
    for vec in (procs, FlightVectorEnv(N, autoreset_mode=mode, **kwargs)):
        ends, failures = _fly(mode, vec, 40, kwargs)
        assert ends >= 6 and failures == {"", "non-finite state", "bird strike", "left area"}


def test_same_step_infos_hold_the_last_observation_and_info() -> None:
    vec = FlightVectorEnv(2, autoreset_mode="SameStep", **KWARGS)
    vec.reset(seed=3)
    actions = np.zeros((2, 4), np.float32)
    for _ in range(4):
        _, _, _, _, infos = vec.step(actions)
        assert "final_obs" not in infos and "final_info" not in infos
    obs, rewards, terminated, truncated, infos = vec.step(actions)
    assert truncated.tolist() == [True, True] and not terminated.any() and rewards.all()
    assert infos["time_s"].tolist() == [0.0, 0.0]  # the reset info
    assert infos["final_info"]["time_s"].tolist() == pytest.approx([0.5, 0.5])
    assert infos["_final_obs"].tolist() == [True, True]
    assert not np.array_equal(infos["final_obs"][0], obs[0])
    vec.close()


@pytest.mark.parametrize("workers", [0, 1])
def test_disabled_mode_refuses_to_step_an_ended_env_and_steps_none(workers: int) -> None:
    vec = gymnasium.make_vec(
        "flightsim/AttitudeTracking-v0",
        num_envs=2,
        workers=workers,
        autoreset_mode=AutoresetMode.DISABLED,
        **KWARGS,
    )
    vec.reset(seed=0)
    actions = np.zeros((2, 4), np.float32)
    actions[1, 0] = math.nan
    _, _, terminated, _, _ = vec.step(actions)  # env 1 fails
    assert terminated.tolist() == [False, True]
    with pytest.raises(SimulationError, match=r"environments \[1\] ended .*reset_mask"):
        vec.step(np.zeros((2, 4), np.float32))
    assert vec.get_attr("elapsed_steps") == (1, 1)  # env 0 was not stepped either
    vec.reset(options={"reset_mask": np.array([False, True])})
    vec.step(np.zeros((2, 4), np.float32))
    assert vec.get_attr("elapsed_steps") == (2, 1)
    vec.close()


@pytest.mark.parametrize(
    ("mask", "message", "gymnasiums"),
    [
        (
            [True, False],
            r"bool array of shape \(2,\) \(one flag per environment\), got a list",
            TypeError,
        ),
        (np.array([True, False, True]), r"got shape \(3,\)", ValueError),
        (np.array([1, 0]), "got dtype int64", TypeError),
        (np.array([False, False]), r"at least one True .*\[False, False\]", ValueError),
    ],
)
def test_reset_mask_errors(mask: Any, message: str, gymnasiums: type[Exception]) -> None:
    # ours are ConfigErrors and also what SyncVectorEnv raises for the same mask
    ref = SyncVectorEnv([lambda: FlightEnv(**KWARGS)] * 2)
    with pytest.raises(gymnasiums, match="reset_mask"):
        ref.reset(options={"reset_mask": mask})
    ref.close()
    vec = FlightVectorEnv(2, **KWARGS)
    with pytest.raises(ConfigError, match=message) as raised:
        vec.reset(options={"reset_mask": mask})
    assert isinstance(raised.value, gymnasiums)
    vec.close()


def test_unknown_mode_is_refused_naming_the_valid_ones() -> None:
    expected = (
        r"autoreset_mode: unknown mode 'next'; give one of AutoresetMode.NEXT_STEP "
        r"\('NextStep'\), AutoresetMode.SAME_STEP \('SameStep'\), "
        r"AutoresetMode.DISABLED \('Disabled'\)"
    )
    with pytest.raises(ConfigError, match=expected):
        FlightVectorEnv(2, autoreset_mode="next", **KWARGS)
    with pytest.raises(ConfigError, match=expected):
        FlightProcessVectorEnv(2, workers=1, autoreset_mode="next", **KWARGS)


def test_make_vec_takes_the_mode_and_metadata_is_per_instance() -> None:
    same = gymnasium.make_vec(
        "flightsim/AttitudeTracking-v0", num_envs=2, autoreset_mode=AutoresetMode.SAME_STEP
    )
    procs = gymnasium.make_vec(
        "flightsim/AttitudeTracking-v0", num_envs=2, workers=1, autoreset_mode="Disabled"
    )
    default = gymnasium.make_vec("flightsim/AttitudeTracking-v0", num_envs=2)
    assert same.metadata["autoreset_mode"] is AutoresetMode.SAME_STEP
    assert procs.metadata["autoreset_mode"] is AutoresetMode.DISABLED
    assert default.metadata["autoreset_mode"] is AutoresetMode.NEXT_STEP
    assert FlightVectorEnv.metadata["autoreset_mode"] is AutoresetMode.NEXT_STEP
    for vec in (same, procs, default):
        vec.close()
    # Gymnasium gives a vector_entry_point its arguments through kwargs only
    with pytest.raises(gymnasium.error.Error, match="vector_kwargs"):
        gymnasium.make_vec(
            "flightsim/AttitudeTracking-v0",
            num_envs=2,
            vector_kwargs={"autoreset_mode": AutoresetMode.SAME_STEP},
        )
