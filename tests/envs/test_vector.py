"""The in-process vector environment and AsyncVectorEnv."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import gymnasium
import numpy as np
import pytest

import flightsim  # noqa: F401
from flightsim.envs import FlightEnv, FlightProcessVectorEnv, FlightVectorEnv
from flightsim.errors import ConfigError, JSBSimCrashError

HEADING = "flightsim/HeadingAltitude-v0"


def test_make_vec_matches_single_envs_and_autoresets() -> None:
    vec = gymnasium.make_vec("flightsim/AttitudeTracking-v0", num_envs=2, duration_s=0.5)
    assert isinstance(vec, FlightVectorEnv)
    obs, _ = vec.reset(seed=10)
    assert obs.shape == (2, 18) and obs.dtype == np.float32
    single = FlightEnv("AttitudeTracking", duration_s=0.5)
    expected, _ = single.reset(seed=11)
    assert np.array_equal(obs[1], expected)
    actions = np.tile(np.array([0.1, -0.1, 0.0, 0.5], np.float32), (2, 1))
    for _ in range(5):
        obs, rewards, terminated, truncated, infos = vec.step(actions)
        e_obs, e_reward, *_ = single.step(actions[1])
        assert np.array_equal(obs[1], e_obs) and rewards[1] == e_reward
    assert truncated.tolist() == [True, True] and not terminated.any()
    assert infos["_is_success"].all()
    obs, rewards, terminated, truncated, infos = vec.step(actions)  # the autoreset step
    assert rewards.tolist() == [0.0, 0.0] and infos["time_s"].tolist() == [0.0, 0.0]
    vec.close()


def test_async_vector_env_steps_flightsim() -> None:
    vec = gymnasium.vector.AsyncVectorEnv(
        [lambda: gymnasium.make("flightsim/HeadingAltitude-v0")] * 2
    )
    obs, _ = vec.reset(seed=0)
    obs, rewards, *_ = vec.step(np.zeros((2, 4), np.float32))
    assert obs.shape == (2, 17) and np.all(np.isfinite(obs)) and rewards.shape == (2,)
    vec.close()


@pytest.mark.parametrize("spin", [{}, {"spin_us": 0}, {"spin_us": 50_000}])
def test_process_vector_env_matches_the_in_process_one_bit_for_bit(spin: dict[str, Any]) -> None:
    # 5 environments on 2 workers (3 + 2), through make_vec; autoresets included; workers
    # that poll for their commands (the default), block at once, or poll long
    procs = gymnasium.make_vec(
        "flightsim/AttitudeTracking-v0", num_envs=5, workers=2, duration_s=0.5, **spin
    )
    assert isinstance(procs, FlightProcessVectorEnv) and procs.envs_per_worker == [2, 3]
    local = FlightVectorEnv(5, task="AttitudeTracking", duration_s=0.5)
    obs_p, _ = procs.reset(seed=21)
    obs_l, _ = local.reset(seed=21)
    assert np.array_equal(obs_p, obs_l) and obs_p.dtype == np.float32
    rng = np.random.default_rng(0)
    for step in range(8):  # ends at step 5, autoreset at step 6
        actions = rng.uniform(-0.3, 0.3, (5, 4)).astype(np.float32)
        got, want = procs.step(actions), local.step(actions)
        for a, b in zip(got[:4], want[:4], strict=True):
            assert np.array_equal(a, b) and a.dtype == b.dtype
        assert got[4]["time_s"].tolist() == want[4]["time_s"].tolist()
        terms_p, terms_l = got[4]["reward_terms"], want[4]["reward_terms"]
        assert terms_p.keys() == terms_l.keys()
        assert all(np.array_equal(terms_p[k], terms_l[k]) for k in terms_p)
        if step == 4:
            assert got[3].all() and not got[2].any()
        if step == 5:
            assert got[1].tolist() == [0.0] * 5 and got[4]["time_s"].tolist() == [0.0] * 5
    procs.close()
    local.close()


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` [s] (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_an_idle_worker_stops_polling_and_sleeps() -> None:
    vec = FlightProcessVectorEnv(2, workers=2, task="HeadingAltitude", spin_us=20_000)
    vec.reset(seed=0)
    vec.step(np.zeros((2, 4), np.float32))
    pids = [process.pid for process in vec._processes]
    time.sleep(0.1)  # past the 20 ms of polling
    before = [_cpu_seconds(pid) for pid in pids]
    time.sleep(1.0)
    used = [_cpu_seconds(pid) - b for pid, b in zip(pids, before, strict=True)]
    vec.close()
    assert max(used) < 0.05, f"workers used {used} s of CPU in 1 s idle"


@pytest.mark.timeout(60)
def test_the_caller_polls_briefly_for_a_late_worker_then_sleeps() -> None:
    """After the first answer the caller polls for the others for ``spin_us``, then waits
    without using the CPU: a worker stopped for 1 s costs the caller no second of CPU."""
    vec = FlightProcessVectorEnv(2, workers=2, task="HeadingAltitude", spin_us=20_000)
    vec.reset(seed=0)
    late = vec._processes[1].pid
    os.kill(late, signal.SIGSTOP)
    resume = threading.Timer(1.0, os.kill, (late, signal.SIGCONT))
    resume.start()
    try:
        cpu, wall = time.process_time(), time.monotonic()
        obs, rewards, *_ = vec.step(np.zeros((2, 4), np.float32))
        cpu, wall = time.process_time() - cpu, time.monotonic() - wall
    finally:
        resume.join()
    assert wall >= 0.9, "the step returned before the stopped worker answered"
    assert cpu < 0.3, f"the caller used {cpu:.2f} s of CPU waiting {wall:.2f} s"
    assert np.isfinite(obs).all() and rewards.shape == (2,)
    vec.close()


@pytest.mark.timeout(60)  # a hang is the bug this guards against
@pytest.mark.parametrize(
    ("context", "index"), [("fork", 0), ("fork", 1), ("spawn", 0), ("forkserver", 1)]
)
def test_a_dead_worker_is_a_clear_error_not_a_hang(context: str, index: int) -> None:
    # the caller blocks reading the worker's pipe: only the worker may hold its other end
    # (not the next worker forked, not a spawned worker's parent), or this read would hang
    vec = FlightProcessVectorEnv(2, workers=2, task="HeadingAltitude", context=context)
    vec.reset(seed=0)
    victim = vec._processes[index]
    os.kill(victim.pid, signal.SIGKILL)
    victim.join(5.0)
    started = time.monotonic()
    with pytest.raises(JSBSimCrashError) as caught:
        vec.step(np.zeros((2, 4), np.float32))
    # it had said "its 1 environments are lost", as if the other worker's lived on
    assert str(caught.value) == (
        f"vector env worker {index} (pid {victim.pid}) was killed by SIGKILL, with environment "
        f"{index} of 2: the vector env is closed, every worker stopped and its episodes lost. "
        "Make a new vector env; if JSBSim crashed, check the aircraft with 'flightsim validate'."
    )
    assert time.monotonic() - started < 5.0
    assert not any(p.is_alive() for p in vec._processes)
    vec.close()


@pytest.mark.timeout(60)
def test_a_worker_sent_sigterm_closes_its_environments_and_dies_of_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # it closes its environments (their scratch folders) first, and is still reported as
    # killed by SIGTERM, not as a worker that exited
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)  # TMPDIR read again, here and in workers
    vec = FlightProcessVectorEnv(2, workers=2, task="HeadingAltitude", context="fork")
    vec.reset(seed=0)
    assert len(list(tmp_path.glob("flightsim-jsbsim-*"))) == 2  # one a worker
    victim = vec._processes[1]
    os.kill(victim.pid, signal.SIGTERM)
    victim.join(5.0)
    assert victim.exitcode == -signal.SIGTERM
    assert len(list(tmp_path.glob("flightsim-jsbsim-*"))) == 1  # its own, closed
    killed = r"^vector env worker 1 \(pid \d+\) was killed by SIGTERM"
    with pytest.raises(JSBSimCrashError, match=killed):
        vec.step(np.zeros((2, 4), np.float32))
    vec.close()
    assert not list(tmp_path.glob("flightsim-jsbsim-*"))


@pytest.mark.parametrize(
    ("kwargs", "how"),
    [({}, "copied"), ({"workers": 2}, "copied"), ({"workers": 1, "context": "spawn"}, "pickled")],
)
def test_a_task_instance_that_cannot_be_copied_asks_for_its_class(
    kwargs: dict[str, Any], how: str
) -> None:
    from flightsim.envs.profiles import PROFILES
    from flightsim.envs.tasks import TASKS

    task = TASKS["HeadingAltitude"](PROFILES["c172p"])
    task.lock = threading.Lock()  # type: ignore[attr-defined]
    # had been a bare TypeError from copy.py, or from the worker's start
    with pytest.raises(ConfigError) as caught:
        gymnasium.make_vec(HEADING, num_envs=2, task=task, **kwargs)
    assert str(caught.value) == (
        f"task=HeadingAltitude(...) cannot be {how} (TypeError: cannot pickle '_thread.lock' "
        "object), and a vector env gives each environment a copy of a Task instance (each "
        "keeps its episode's targets): give the class, task=HeadingAltitude, or make the "
        "instance copyable"
    )
    single = gymnasium.make(HEADING, task=task)  # one environment flies the instance itself
    single.reset(seed=0)
    single.close()


_FROM_STDIN = """
import gymnasium, flightsim
from flightsim.envs import TASKS
from flightsim.errors import JSBSimCrashError, SimulationError

class Mine(TASKS["HeadingAltitude"]):
    pass

try:
    gymnasium.make_vec("flightsim/HeadingAltitude-v0", num_envs=1, workers=1, context=%r, task=Mine)
except JSBSimCrashError as exc:
    print("crash:", exc)
except SimulationError as exc:
    print("start:", exc)
"""


@pytest.mark.parametrize("context", ["spawn", "forkserver"])
def test_a_worker_that_fails_to_start_is_not_called_a_jsbsim_crash(context: str) -> None:
    # a script on stdin: the spawned worker cannot import the main module again (its own
    # traceback goes to stderr); it had been reported as a JSBSim crash
    done = subprocess.run(
        [sys.executable, "-"],
        input=_FROM_STDIN % context,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert re.fullmatch(
        r"start: vector env worker 0 \(pid \d+\) failed to start: it died with exit code 1 "
        r"before flightsim's code ran in it \(its error is on stderr\)\. "
        rf"context='{context}' starts a new Python that imports the main module again, .* "
        r"or use context='fork'\. The vector env is closed\.\n",
        done.stdout,
    ), done.stdout
    assert "<stdin>" in done.stderr  # the worker's own error


@pytest.mark.parametrize("workers", [0, 1])
def test_each_environment_flies_its_own_copy_of_a_task_instance(workers: int) -> None:
    from flightsim.envs.profiles import PROFILES
    from flightsim.envs.tasks import TASKS

    # environments sharing the instance had flown the targets the last reset drew: env 0
    # scored against env 1's heading and altitude
    task = TASKS["HeadingAltitude"](PROFILES["c172p"], 20.0)
    vec = gymnasium.make_vec(HEADING, num_envs=2, workers=workers, task=task)
    ref = gymnasium.make_vec(HEADING, num_envs=2, workers=workers, duration_s=20.0)
    if not workers:
        tasks = [env.task for env in vec.unwrapped.envs]  # type: ignore[attr-defined]
        assert len({id(t) for t in [task, *tasks]}) == 3
    results = []
    for v in (vec, ref):
        v.reset(seed=0)
        steps = [v.step(np.zeros((2, 4), np.float32)) for _ in range(3)]
        results.append([(obs.tobytes(), rewards.tobytes()) for obs, rewards, *_ in steps])
        v.close()
    assert results[0] == results[1]


@pytest.mark.parametrize("workers", [0, 1])
def test_a_vector_env_leaves_the_caller_s_task_instance_as_given(workers: int) -> None:
    """The process vector env's first environment (built here for the spaces) had flown
    the instance itself, where every other flies a copy: a glider's set its gliding flag."""
    from flightsim.envs.tasks import TASKS

    probe = FlightEnv("AttitudeTracking", aircraft="gen-ask21")
    task = TASKS["AttitudeTracking"](probe.profile)
    probe.close()
    vec = gymnasium.make_vec(
        "flightsim/AttitudeTracking-v0",
        num_envs=2,
        workers=workers,
        task=task,
        aircraft="gen-ask21",
    )
    assert vec.get_attr("task")[0].gliding is True  # type: ignore[attr-defined]
    assert task.gliding is False
    vec.close()


@pytest.mark.parametrize("workers", [0, 1])
def test_vector_envs_refuse_a_guard_other_than_true_false_or_none(workers: int) -> None:
    # guard="no" had been taken as a guard (a true value) by every environment
    with pytest.raises(ConfigError) as caught:
        gymnasium.make_vec(HEADING, num_envs=2, workers=workers, guard="no")
    assert str(caught.value) == (
        "guard='no': give True, False or None (the default: guard an aircraft not bundled "
        "with JSBSim)"
    )


def test_process_vector_env_reports_errors_from_workers() -> None:
    with pytest.raises(ConfigError, match="workers must be between 1 and num_envs"):
        FlightProcessVectorEnv(2, workers=3)
    vec = FlightProcessVectorEnv(2, workers=1, task="HeadingAltitude")
    with pytest.raises(ConfigError, match="give 2 seeds, not 3"):
        vec.reset(seed=[1, 2, 3])
    vec.reset(seed=0)
    vec.close()


@pytest.mark.parametrize("workers", [0, 2])
@pytest.mark.parametrize(
    ("shape", "got"),
    [((3, 4), "shape (3, 4)"), ((5, 4), "shape (5, 4)"), ((4,), "shape (4,)"),
     ("complex", "not numbers")],  # complex: had flown with a ComplexWarning
)  # fmt: skip
def test_actions_of_the_wrong_shape_are_refused_before_any_step(
    workers: int, shape: Any, got: str
) -> None:
    vec = gymnasium.make_vec("flightsim/HeadingAltitude-v0", num_envs=4, workers=workers)
    vec.reset(seed=0)
    bad = np.zeros((4, 4), complex) if shape == "complex" else np.zeros(shape, np.float32)
    with pytest.raises(
        ConfigError, match=rf"give an array of shape \(4, 4\) .*, got {re.escape(got)}"
    ):
        vec.step(bad)
    after, *_ = vec.step(np.zeros((4, 4), np.float32))
    single = FlightEnv("HeadingAltitude")
    single.reset(seed=0)
    assert np.array_equal(after[0], single.step(np.zeros(4, np.float32))[0])  # nothing stepped
    vec.close()
    single.close()


def test_an_error_in_a_worker_is_raised_and_the_workers_live_on() -> None:
    vec = gymnasium.make_vec("flightsim/HeadingAltitude-v0", num_envs=3, workers=2)
    vec.reset(seed=0)
    with pytest.raises(ConfigError, match=r"FlightEnv.reset takes no options"):
        vec.reset(seed=0, options={"wind_kts": 5})
    with pytest.raises(ConfigError, match=r"seed=-5: give an int >= 0"):  # in a worker
        vec.reset(seed=[0, 1, -5])
    with pytest.raises(ConfigError, match=r"seed=True: give an int >= 0"):  # in this process
        vec.reset(seed=True)
    obs, _ = vec.reset(seed=1)  # the same workers, still in step
    assert obs.shape == (3, 17) and np.all(np.isfinite(obs))
    _, rewards, *_ = vec.step(np.zeros((3, 4), np.float32))
    assert np.all(np.isfinite(rewards))
    assert all(p.is_alive() for p in vec.unwrapped._processes)  # type: ignore[attr-defined]
    vec.close()


def test_rllib_helper_builds_envs_and_names_the_extra() -> None:
    from flightsim.envs import rllib
    from flightsim.errors import MissingExtraError

    env = rllib.make_env("flightsim/Waypoints-v0", {"agent_hz": 20.0})
    assert env.agent_dt_s == 0.05 and env.task.name == "Waypoints"
    env.close()
    try:  # ray alone is not enough: Tune needs its own dependencies
        import ray.tune.registry  # noqa: F401
    except ImportError:
        with pytest.raises(MissingExtraError, match=r"flightsim\[rllib\]"):
            rllib.register_rllib_envs()
    else:
        from ray.tune.registry import ENV_CREATOR, _global_registry

        assert "flightsim/Waypoints-v0" in rllib.register_rllib_envs()
        assert _global_registry.contains(ENV_CREATOR, "flightsim/Waypoints-v0")


def test_workers_stop_when_their_caller_is_killed(tmp_path: Path) -> None:
    # each worker closes the copies of the caller's pipe ends a fork gave it: the caller's
    # death is end-of-file in every worker, which then exits instead of lingering
    script = tmp_path / "caller.py"
    script.write_text(
        "import os, signal\n"
        "from flightsim.envs import FlightProcessVectorEnv\n"
        "vec = FlightProcessVectorEnv(3, workers=3, task='HeadingAltitude')\n"
        "print(*(p.pid for p in vec._processes), flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n",
        encoding="utf-8",
    )
    out, err = tmp_path / "pids.txt", tmp_path / "stderr.txt"
    with out.open("w") as stdout, err.open("w") as stderr:  # files: lingering workers hold no pipe
        done = subprocess.run([sys.executable, str(script)], stdout=stdout, stderr=stderr)
    assert done.returncode == -signal.SIGKILL, err.read_text()
    pids = [int(pid) for pid in out.read_text().split()]
    assert len(pids) == 3
    deadline = time.monotonic() + 10.0
    while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
        time.sleep(0.05)
    lingering = [pid for pid in pids if _alive(pid)]
    for pid in lingering:
        os.kill(pid, signal.SIGKILL)
    assert not lingering


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (an orphan's zombie is reaped by init: not alive)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_the_pipe_reads_one_message_at_a_time() -> None:
    from flightsim.envs.procvector import _read, _write

    reader, writer = os.pipe()
    try:
        _write(writer, b"s")  # a step, and a close behind it before any answer
        _write(writer, b"close-message")
        _write(writer, b"")
        assert (_read(reader), _read(reader), _read(reader)) == (b"s", b"close-message", b"")
        os.close(writer)
        writer = -1
        with pytest.raises(EOFError):
            _read(reader)
    finally:
        os.close(reader)
        if writer >= 0:
            os.close(writer)


def test_a_command_interrupted_before_its_answers_leaves_the_next_one_in_step() -> None:
    """A KeyboardInterrupt (Jupyter's "interrupt") between sending a step and reading the
    answers: the next command reads the owed answers first, then its own."""
    from flightsim.envs import procvector

    vec = FlightProcessVectorEnv(3, workers=2, task="HeadingAltitude")
    vec.reset(seed=0)
    vec._actions[:] = 0.0
    for index in range(vec.workers):  # a step sent, its answers never read
        vec._send(index, procvector._STEP_FRAME, framed=True)
    assert vec.get_attr("elapsed_steps") == (1, 1, 1)
    _, rewards, *_ = vec.step(np.zeros((3, 4), np.float32))
    assert vec.get_attr("elapsed_steps") == (2, 2, 2) and rewards.shape == (3,)
    vec.close()


def test_a_worker_waits_on_descriptors_numbered_past_1024() -> None:
    """A worker forked from a caller with many files open has a descriptor numbered past
    1024, which select(2) refuses: it polls, then waits in poll(2)."""
    import resource
    import socket
    import threading

    from flightsim.envs import procvector

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1600:
        pytest.skip(f"the descriptor limit is {hard}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1600), hard))
    ours, theirs = socket.socketpair()
    high = os.dup2(ours.fileno(), 1500)
    try:
        os.set_blocking(high, False)  # as a worker's end is
        later = threading.Timer(0.05, procvector._write, (theirs.fileno(), b"x" * 100_000))
        later.start()
        assert procvector._read(high, spin_s=0.001) == b"x" * 100_000
        later.join()
    finally:
        os.close(high)
        ours.close()
        theirs.close()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


@pytest.mark.parametrize("workers", [-1, 1.5, True, 3])
def test_make_vec_takes_zero_workers_for_the_in_process_env(workers: object) -> None:
    with pytest.raises(ConfigError, match=r"workers must be between 0 and num_envs \(2\)"):
        gymnasium.make_vec("flightsim/HeadingAltitude-v0", num_envs=2, workers=workers)


def test_human_rendering_of_a_vector_env_says_what_to_wrap_it_in_and_what_that_needs() -> None:
    with pytest.raises(ConfigError) as caught:
        FlightVectorEnv(2, render_mode="human")
    assert str(caught.value) == (
        "FlightVectorEnv renders rgb_array frames, one per environment: render_mode='human' "
        "would open a window each. Make it with render_mode='rgb_array' and wrap it in "
        "gymnasium.wrappers.vector.HumanRendering for one window of all of them (it needs "
        "pygame: pip install pygame)"
    )


@pytest.mark.parametrize(
    ("cls", "kwargs"),
    [
        (FlightVectorEnv, {"dict_observations": True}),
        (FlightVectorEnv, {"aircraft": "no-such-aircraft"}),
        (FlightProcessVectorEnv, {"render_mode": "rgb_array"}),
        (FlightProcessVectorEnv, {"aircraft": "no-such-aircraft"}),
    ],
)
def test_a_vector_env_refused_by_its_constructor_closes_quietly(
    cls: type, kwargs: dict[str, Any]
) -> None:
    """Gymnasium versions whose VectorEnv.__del__ calls close() printed "Exception ignored
    ... has no attribute 'envs'" (or '_closed_workers') after the constructor's ConfigError:
    close() on the half-built object must work, and release nothing twice."""
    vec = cls.__new__(cls)
    with pytest.raises(ConfigError):
        vec.__init__(2, task="Waypoints", **kwargs)
    vec.close()
    vec.close()
    assert vec.closed
