"""Many environments stepped across worker processes, one pipe round trip per batch step.

Gymnasium's ``AsyncVectorEnv`` hosts one environment per process and pickles
every action, observation and info through a pipe: here that costs about as
much as the step itself (~250 µs per round trip on a busy 2-core machine
against ~110 µs of JSBSim per agent step). :class:`FlightProcessVectorEnv`
hosts several environments in each worker and steps them as a batch:

- actions, observations, rewards and flags live in shared memory
  (``multiprocessing.RawArray``, viewed as numpy arrays on both sides);
- a step is one byte sent to each worker and one message back (the infos of
  its environments), whatever the number of environments per worker;
- episodes reset on the step after they end (``AutoresetMode.NEXT_STEP``,
  Gymnasium 1.x's default), in the worker;
- a worker that dies (a segfault in JSBSim, a kill) raises
  :class:`~flightsim.errors.JSBSimCrashError` naming it and its exit code,
  instead of hanging; an exception inside a worker is raised in the caller.

Build it with ``FlightProcessVectorEnv(num_envs, workers=2, task=...)`` or
``gymnasium.make_vec("flightsim/...-v0", num_envs=8, workers=2)``.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing as mp
import pickle
import traceback
from multiprocessing.connection import Connection
from typing import Any, NoReturn

import numpy as np
from gymnasium.vector import AutoresetMode, VectorEnv
from gymnasium.vector.utils import batch_space

from flightsim.envs.arguments import check_keywords
from flightsim.envs.vector import ENV_KEYWORDS, batch_infos, seeds_for
from flightsim.errors import ConfigError, JSBSimCrashError, SimulationError

_STEP = b"s"
"""The one-byte step command (the actions are already in shared memory)."""
_POLL_S = 0.5
"""How often [s] a waiting caller checks that the worker is still alive."""


class FlightProcessVectorEnv(VectorEnv[Any, np.ndarray, np.ndarray]):
    """``num_envs`` flightsim environments spread over ``workers`` processes.

    Arguments:
        num_envs: environments in all.
        workers: worker processes (default 2); environments are split in
            contiguous blocks, as evenly as possible.
        context: a ``multiprocessing`` start method (``"fork"``, ``"spawn"``,
            ``"forkserver"``; default: the platform's).
        env_kwargs: given to every :class:`~flightsim.envs.FlightEnv`
            (``task=``, ``aircraft=``, ...).

    Seeding: ``reset(seed=s)`` seeds environment ``i`` with ``s + i``, as
    :class:`~flightsim.envs.FlightVectorEnv` does: the same seed gives the
    same episodes whatever the number of workers.
    """

    metadata: dict[str, Any] = {  # noqa: RUF012
        "render_modes": [],
        "autoreset_mode": AutoresetMode.NEXT_STEP,
    }

    def __init__(
        self,
        num_envs: int = 8,
        *,
        workers: int = 2,
        context: str | None = None,
        **env_kwargs: Any,
    ) -> None:
        env_kwargs.pop("max_episode_steps", None)
        own = ["num_envs", "workers", "context"]
        check_keywords("FlightProcessVectorEnv", env_kwargs, [*own, *ENV_KEYWORDS])
        if num_envs < 1:
            raise ConfigError(f"num_envs must be >= 1, got {num_envs}")
        if not 1 <= workers <= num_envs:
            raise ConfigError(f"workers must be between 1 and num_envs ({num_envs}), got {workers}")
        if env_kwargs.get("dict_observations") or env_kwargs.get("render_mode"):
            raise ConfigError(
                "FlightProcessVectorEnv batches vector observations without rendering: "
                "no dict_observations, no render_mode"
            )
        self.num_envs = num_envs
        self.render_mode = None
        self._closed_workers = False
        ctx: Any = mp.get_context(context)
        bounds = [num_envs * k // workers for k in range(workers + 1)]
        self._blocks = list(itertools.pairwise(bounds))
        # the spaces come from a first environment built in worker 0's place, here
        from flightsim.envs.env import FlightEnv

        probe = FlightEnv(**env_kwargs)
        self.single_observation_space = probe.observation_space
        self.single_action_space = probe.action_space
        probe.close()
        n_obs = self.single_observation_space.shape[0]  # type: ignore[index]
        n_act = self.single_action_space.shape[0]  # type: ignore[index]
        self.observation_space = batch_space(self.single_observation_space, num_envs)
        self.action_space = batch_space(self.single_action_space, num_envs)
        raw = (
            ctx.RawArray("f", num_envs * n_obs),
            ctx.RawArray("f", num_envs * n_act),
            ctx.RawArray("d", num_envs),
            ctx.RawArray("b", num_envs),
            ctx.RawArray("b", num_envs),
        )
        self._obs, self._actions, self._rewards, self._terminated, self._truncated = _views(
            raw, num_envs, n_obs, n_act
        )
        self._conns: list[Connection] = []
        self._processes: list[Any] = []
        try:
            for index, block in enumerate(self._blocks):
                mine, theirs = ctx.Pipe()
                process = ctx.Process(
                    target=_work,
                    args=(theirs, block, raw, (num_envs, n_obs, n_act), env_kwargs),
                    name=f"flightsim-vector-worker-{index}",
                    daemon=True,
                )
                process.start()
                theirs.close()  # the worker's end lives in the worker alone: its death is EOF here
                self._conns.append(mine)
                self._processes.append(process)
            for index in range(workers):
                self._receive(index)  # "ready", or the worker's construction error
        except BaseException:
            self._shutdown()
            raise

    # -- the VectorEnv API -----------------------------------------------------------------
    def reset(
        self, *, seed: int | list[int | None] | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        """Reset every environment (``seed + i`` for environment ``i``)."""
        seeds = seeds_for(seed, self.num_envs)
        for index, (start, stop) in enumerate(self._blocks):
            self._send(index, pickle.dumps(("reset", (seeds[start:stop], options))))
        infos = [info for index in range(len(self._conns)) for info in self._receive(index)]
        return self._obs.copy(), batch_infos(infos)

    def step(
        self, actions: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
        """Step every environment with its row of ``actions``; reset those that ended."""
        np.copyto(self._actions, actions, casting="same_kind")
        for index in range(len(self._conns)):
            self._send(index, _STEP)
        infos = [info for index in range(len(self._conns)) for info in self._receive(index)]
        return (
            self._obs.copy(),
            self._rewards.copy(),
            self._terminated.astype(bool),
            self._truncated.astype(bool),
            batch_infos(infos),
        )

    def close_extras(self, **kwargs: Any) -> None:
        """Stop the workers (each closes its JSBSim instances)."""
        self._shutdown()

    @property
    def workers(self) -> int:
        """Number of worker processes."""
        return len(self._blocks)

    @property
    def envs_per_worker(self) -> list[int]:
        """How many environments each worker hosts."""
        return [stop - start for start, stop in self._blocks]

    # -- the pipe ----------------------------------------------------------------------------
    def _send(self, index: int, data: bytes) -> None:
        try:
            self._conns[index].send_bytes(data)
        except OSError:
            self._died(index)

    def _receive(self, index: int) -> Any:
        """Worker ``index``'s answer; its error raised here; its death a clear error, not a hang."""
        conn, process = self._conns[index], self._processes[index]
        try:
            while not conn.poll(_POLL_S):
                if not process.is_alive():
                    raise EOFError
            status, payload = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            self._died(index)
        if status == "error":
            self._shutdown()
            raise payload
        return payload

    def _died(self, index: int) -> NoReturn:
        process = self._processes[index]
        process.join(1.0)
        self._shutdown()
        raise JSBSimCrashError(
            f"vector env worker {index} (pid {process.pid}) died with exit code "
            f"{process.exitcode}: its {self.envs_per_worker[index]} environments are lost. "
            "Make a new vector env; if JSBSim crashed, check the aircraft with "
            "'flightsim validate'."
        )

    def _shutdown(self) -> None:
        """Ask every live worker to stop, then make sure it has (idempotent)."""
        if self._closed_workers:
            return
        self._closed_workers = True
        for conn in self._conns:
            with contextlib.suppress(OSError):
                conn.send_bytes(pickle.dumps(("close", None)))
        for process in self._processes:
            process.join(5.0)
            if process.is_alive():
                process.terminate()
                process.join(1.0)
        for conn in self._conns:
            conn.close()


def _views(
    raw: tuple[Any, ...], num_envs: int, n_obs: int, n_act: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Numpy views of the shared buffers: observations, actions, rewards, the two flags."""
    obs, actions, rewards, terminated, truncated = raw
    return (
        np.frombuffer(obs, np.float32).reshape(num_envs, n_obs),
        np.frombuffer(actions, np.float32).reshape(num_envs, n_act),
        np.frombuffer(rewards, np.float64),
        np.frombuffer(terminated, np.int8),
        np.frombuffer(truncated, np.int8),
    )


def _work(
    conn: Connection,
    block: tuple[int, int],
    raw: tuple[Any, ...],
    shape: tuple[int, int, int],
    env_kwargs: dict[str, Any],
) -> None:
    """A worker: build its environments, then answer step/reset/close until told to stop."""
    from flightsim.envs.env import FlightEnv

    start, stop = block
    obs, actions, rewards, terminated, truncated = _views(raw, *shape)
    obs, actions = obs[start:stop], actions[start:stop]
    rewards, terminated, truncated = (
        rewards[start:stop],
        terminated[start:stop],
        truncated[start:stop],
    )
    envs: list[Any] = []
    try:
        envs.extend(FlightEnv(**env_kwargs) for _ in range(stop - start))
        conn.send_bytes(pickle.dumps(("ready", None)))
        pending = [False] * len(envs)  # episodes that ended: reset at the next step
        while True:
            message = conn.recv_bytes()
            if message == _STEP:
                rows = actions.tolist()
                infos = []
                for j, env in enumerate(envs):
                    if pending[j]:
                        obs[j], info = env.reset()
                        rewards[j] = 0.0
                        terminated[j] = truncated[j] = 0
                        pending[j] = False
                    else:
                        obs[j], reward, term, trunc, info = env.step(rows[j])
                        rewards[j] = reward
                        terminated[j], truncated[j] = term, trunc
                        pending[j] = term or trunc
                    infos.append(info)
                conn.send_bytes(pickle.dumps(("ok", infos), pickle.HIGHEST_PROTOCOL))
                continue
            command, payload = pickle.loads(message)
            if command == "close":
                break
            seeds, options = payload
            infos = []
            for j, (env, seed) in enumerate(zip(envs, seeds, strict=True)):
                obs[j], info = env.reset(seed=seed, options=options)
                infos.append(info)
            pending = [False] * len(envs)
            rewards[:] = 0.0
            terminated[:] = truncated[:] = 0
            conn.send_bytes(pickle.dumps(("ok", infos)))
    except (KeyboardInterrupt, EOFError, BrokenPipeError):
        pass  # the caller went away or was interrupted: just stop
    except Exception as exc:
        _send_error(conn, exc)
    finally:
        for env in envs:
            env.close()
        conn.close()


def _send_error(conn: Connection, exc: Exception) -> None:
    """Send ``exc`` to the caller (as a SimulationError with the traceback if it won't pickle)."""
    try:
        data = pickle.dumps(("error", exc))
        pickle.loads(data)
    except Exception:
        text = "".join(traceback.format_exception(exc)).strip()
        data = pickle.dumps(("error", SimulationError(f"in a vector env worker: {text}")))
    with contextlib.suppress(OSError):
        conn.send_bytes(data)
