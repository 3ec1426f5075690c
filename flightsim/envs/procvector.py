"""Many environments stepped across worker processes, one pipe round trip per batch step.

Gymnasium's ``AsyncVectorEnv`` hosts one environment per process and pickles
every action, observation and info through a pipe: here that costs about as
much as the step itself (~250 µs per round trip on a busy 2-core machine
against ~110 µs of JSBSim per agent step). :class:`FlightProcessVectorEnv`
hosts several environments in each worker and steps them as a batch:

- actions, observations, rewards, flags and infos live in shared memory
  (``multiprocessing.RawArray``, viewed as numpy arrays on both sides): each
  worker writes its block of observations and of an
  :class:`~flightsim.envs.vector.InfoTable` (rewards, flags, infos as
  numbers, failures as codes), and the caller turns the whole table into
  Gymnasium's vector infos with a few numpy operations;
- a step is one byte sent to each worker and an empty message back,
  whatever the number of environments per worker (an info the table cannot
  hold, such as a failure reason no task declares, comes pickled with it);
- the caller waits for the first worker's answer, then polls for the others
  (``spin_us``) before it waits again: a worker that dies closes its end of
  the pipe, which only it holds, and the wait ends;
- episodes reset on the step after they end (``AutoresetMode.NEXT_STEP``,
  Gymnasium 1.x's default), in the worker, or as ``autoreset_mode=`` says
  (:mod:`flightsim.envs.autoreset`);
- a worker that dies (a segfault in JSBSim, a kill) raises
  :class:`~flightsim.errors.JSBSimCrashError` naming it and its exit code,
  instead of hanging; an exception inside a worker is raised in the caller;
- Gymnasium's ``call``, ``get_attr`` and ``set_attr`` travel as pickled
  commands, each worker answering for its block, the results in environment
  order (:mod:`flightsim.envs.attributes`).

Build it with ``FlightProcessVectorEnv(num_envs, workers=2, task=...)`` or
``gymnasium.make_vec("flightsim/...-v0", num_envs=8, workers=2)``.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing as mp
import numbers
import os
import pickle
import select
import signal
import time
import traceback
from multiprocessing.connection import Connection
from typing import Any, NoReturn

import numpy as np
from gymnasium.vector import AutoresetMode
from gymnasium.vector.utils import batch_space

from flightsim.batch.executors import exit_description
from flightsim.envs.arguments import check_keywords, env_count, whole
from flightsim.envs.attributes import call_each, checked_name, set_each, values_for
from flightsim.envs.autoreset import (
    Autoreset,
    block_for,
    checked_autoreset_mode,
    checked_reset_options,
    finish_reset,
)
from flightsim.envs.vector import (
    ENV_KEYWORDS,
    GYMNASIUMS_INSTEAD,
    FlightVectorBase,
    InfoTable,
    checked_actions,
    own_task,
    reset_block,
    seeds_for,
)
from flightsim.errors import ConfigError, ConfigTypeError, JSBSimCrashError, SimulationError

DEFAULT_SPIN_US = 1000.0
"""How long [µs] a worker polls for its next command, and the caller for the answers after
the first, before it blocks (``spin_us``)."""

_STEP = b"s"
"""The one-byte step command (the actions are already in shared memory)."""
_STEP_FRAME = len(_STEP).to_bytes(4, "big") + _STEP
"""The step command as sent (:func:`_write`'s framing, made once)."""


class FlightProcessVectorEnv(FlightVectorBase):
    """``num_envs`` flightsim environments spread over ``workers`` processes.

    Arguments:
        num_envs: environments in all.
        workers: worker processes (default 2); environments are split in
            contiguous blocks, as evenly as possible.
        context: a ``multiprocessing`` start method (``"fork"``, ``"spawn"``,
            ``"forkserver"``; default: the platform's).
        spin_us: how long [µs] a worker that has answered keeps polling for the
            next command, yielding its CPU between polls, before it blocks, and
            how long the caller, once a first worker has answered, polls for the
            others (default: :data:`DEFAULT_SPIN_US` when there are no more
            workers than CPUs this process may use, else 0; 0: block at once).
            A blocked process lets its CPU idle, and waking it costs tens to
            hundreds of µs on a virtual machine, once per batch step
            (docs/environments.md, "Speed").
        autoreset_mode: an ``AutoresetMode`` or its string value (default
            ``NEXT_STEP``; :mod:`flightsim.envs.autoreset`), in ``metadata``.
        env_kwargs: given to every :class:`~flightsim.envs.FlightEnv`
            (``task=``, ``aircraft=``, ...).

    Throughput: a batch step costs a fixed ~100-150 µs beside its environments'
    steps (the caller's Python, the pipes, the wait for the slower worker), so two
    workers keep ~0.93 of what two bare JSBSim processes do with 32 environments
    each, ~0.88 with 16 and ~0.85 with 8 (docs/environments.md, "Speed").

    Seeding: ``reset(seed=s)`` seeds environment ``i`` with ``s + i``, as
    :class:`~flightsim.envs.FlightVectorEnv` does: the same seed gives the
    same episodes whatever the number of workers.
    """

    metadata: dict[str, Any] = {  # noqa: RUF012
        "render_modes": [],
        "autoreset_mode": AutoresetMode.NEXT_STEP,
    }
    _closed_workers = True
    """No worker to stop: until the constructor starts them, and after close()."""

    def __init__(
        self,
        num_envs: int = 8,
        *,
        workers: int = 2,
        context: str | None = None,
        spin_us: float | None = None,
        autoreset_mode: AutoresetMode | str = AutoresetMode.NEXT_STEP,
        **env_kwargs: Any,
    ) -> None:
        own = ["num_envs", "workers", "context", "spin_us", "autoreset_mode"]
        check_keywords("FlightProcessVectorEnv", env_kwargs, [*own, *ENV_KEYWORDS])
        num_envs = env_count(num_envs)
        workers = whole("workers", workers, 1, num_envs, "num_envs")
        if context is not None and context not in mp.get_all_start_methods():
            raise ConfigError(
                f"context={context!r}: give one of {', '.join(mp.get_all_start_methods())} "
                "(how the worker processes start), or None for the platform's default"
            )
        spin_s = _spin_seconds(spin_us, workers)
        mode = checked_autoreset_mode(autoreset_mode)
        self.metadata = {**self.metadata, "autoreset_mode": mode}
        if env_kwargs.get("dict_observations") or env_kwargs.get("render_mode"):
            raise ConfigError(
                "FlightProcessVectorEnv batches vector observations without rendering: "
                "no dict_observations, no render_mode. " + GYMNASIUMS_INSTEAD
            )
        self.num_envs = num_envs
        self.render_mode = None
        self._spin_s = spin_s
        self._owed = [1] * workers  # answers not read yet, per worker: "ready" (see _begin)
        ctx: Any = mp.get_context(context)
        bounds = [num_envs * k // workers for k in range(workers + 1)]
        self._blocks = list(itertools.pairwise(bounds))
        # the spaces come from a first environment built in worker 0's place, here
        from flightsim.envs.env import FlightEnv

        # a Task instance goes to each worker and is copied there: the probe flies a copy
        # made the same way (refused here if it cannot be), the caller's is left as given
        probe = FlightEnv(**own_task(env_kwargs, pickled=ctx.get_start_method() != "fork"))
        self.single_observation_space = probe.observation_space
        self.single_action_space = probe.action_space
        self._infos = InfoTable(probe.task)
        # the workers fly the probe's profile: one found by trimming is not searched again
        env_kwargs = {**env_kwargs, "profile": probe.profile}
        probe.close()
        n_obs = self.single_observation_space.shape[0]  # type: ignore[index]
        n_act = self.single_action_space.shape[0]  # type: ignore[index]
        self.observation_space = batch_space(self.single_observation_space, num_envs)
        self.action_space = batch_space(self.single_action_space, num_envs)
        shape = (num_envs, n_obs, n_act, self._infos.width)
        raw = (
            ctx.RawArray("f", num_envs * n_obs),
            ctx.RawArray("f", num_envs * n_act),
            ctx.RawArray("d", num_envs * self._infos.width),
        )
        self._obs, self._actions, self._table = _views(raw, *shape)
        # SAME_STEP's last observations and rows of the episodes that ended
        finals = (ctx.RawArray("f", num_envs * n_obs), ctx.RawArray("d", num_envs * shape[3]))
        final_obs, final_table = _final_views(finals, *shape)
        self._autoreset = (
            None
            if mode is AutoresetMode.NEXT_STEP
            else Autoreset(mode, self._infos, final_obs, final_table)
        )
        self._conns: list[Connection] = []
        self._fds: list[int] = []
        self._processes: list[Any] = []
        self._start_method = ctx.get_start_method()
        # set by each worker as its code begins: a worker dead without it failed to start
        self._entered = ctx.RawArray("b", workers)
        self._closed_workers = False  # from here on, close() has workers to stop
        try:
            for index, block in enumerate(self._blocks):
                mine, theirs = ctx.Pipe()
                process = ctx.Process(
                    target=_work,
                    # the caller's ends go too: a forked worker closes its copies of them
                    args=(
                        theirs,
                        [*self._conns, mine],
                        block,
                        raw,
                        shape,
                        spin_s,
                        env_kwargs,
                        mode,
                        finals,
                        (self._entered, index),
                    ),
                    name=f"flightsim-vector-worker-{index}",
                    daemon=True,
                )
                process.start()
                # the worker's end now lives in the worker alone (later workers are forked
                # without it): the worker's death is end-of-file on ours
                theirs.close()
                os.set_blocking(mine.fileno(), False)  # polled for all answers but the first
                self._conns.append(mine)
                self._fds.append(mine.fileno())
                self._processes.append(process)
            self._receive_all()  # "ready", or a worker's construction error
        except BaseException:
            self._shutdown()
            raise

    # -- the VectorEnv API -----------------------------------------------------------------
    def reset(
        self, *, seed: int | list[int | None] | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        """Reset every environment (``seed + i`` for environment ``i``), or those where
        ``options["reset_mask"]`` is True (Gymnasium's ``reset_mask``)."""
        self._begin()
        seeds = seeds_for(seed, self.num_envs)
        options = checked_reset_options(options, self.num_envs)
        mask = None if options is None else options.get("reset_mask")
        for index, (start, stop) in enumerate(self._blocks):
            mine = options if mask is None else {**(options or {}), "reset_mask": mask[start:stop]}
            self._send(index, pickle.dumps(("reset", (seeds[start:stop], mine))))
        extras = self._receive_all()
        infos = self._infos.batch(self._table, extras)[3]
        return self._obs.copy(), finish_reset(self._autoreset, infos, options)

    def step(
        self, actions: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
        """Step every environment with its row of ``actions``; reset those that ended
        (as ``metadata["autoreset_mode"]`` says, in the workers)."""
        self._begin()
        self._actions[:] = checked_actions(actions, self.single_action_space, self.num_envs)
        if self._autoreset is not None:
            self._autoreset.before_step()
        for index in range(len(self._fds)):
            self._send(index, _STEP_FRAME, framed=True)
        extras = self._receive_all()
        rewards, terminated, truncated, infos = self._infos.batch(self._table, extras)
        if self._autoreset is not None:
            self._autoreset.after_step(terminated, truncated, infos, extras)
        return self._obs.copy(), rewards, terminated, truncated, infos

    def __reduce__(self) -> NoReturn:
        """Refused, before anything is copied: a copy's pipe ends would close the
        original's descriptors when dropped."""
        raise ConfigTypeError(
            "FlightProcessVectorEnv cannot be copied or pickled: its worker processes, pipes "
            "and shared memory are its own. Make another with the same arguments "
            "(gymnasium.make_vec(vec.spec)); reset(seed=s) and the same actions give the "
            "same episodes"
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

    # -- Gymnasium's call, get_attr, set_attr (flightsim.envs.attributes) ---------------------
    def call(self, name: str, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
        """Each environment's ``name(*args, **kwargs)``, or its value if not callable, in
        environment order (Gymnasium's ``call``); the arguments and the results must
        pickle."""
        self._begin()
        name = checked_name(name)
        message = _pickled(("call", (name, args, kwargs)), f"the arguments of call({name!r})")
        results = self._ask_all([message] * self.workers)
        return tuple(pickle.loads(results[index]) for index in range(self.num_envs))

    def set_attr(self, name: str, values: list[Any] | tuple[Any, ...] | Any) -> None:
        """Set ``name`` to ``values`` on every environment, or to one value each if
        ``values`` is a list or tuple of ``num_envs`` (Gymnasium's ``set_attr``); the
        values must pickle."""
        self._begin()
        name = checked_name(name)
        each = values_for(name, values, self.num_envs)
        for index, value in enumerate(each):
            _pickled(
                value,
                f"set_attr({name!r})'s value for environment {index}, a {type(value).__name__},",
            )
        for index, (start, stop) in enumerate(self._blocks):
            self._send(index, pickle.dumps(("set_attr", (name, each[start:stop]))))
        answers = [self._receive(index) for index in range(self.workers)]
        errors = [payload for status, payload in answers if status == "error"]
        if errors:  # all or nothing: the workers that set their block put it back
            done = [i for i, (status, _) in enumerate(answers) if status != "error"]
            for index in done:
                self._send(index, pickle.dumps(("undo_set_attr", None)))
            for index in done:
                self._receive(index)
            raise errors[0]

    def _begin(self) -> None:
        """Before a command: refuse it if closed; read the answers an interrupted command
        left owed (a KeyboardInterrupt between sending and reading), so that this one
        reads its own."""
        if self._closed_workers:
            raise SimulationError(
                "this vector env is closed (by close(), or when a worker died): make a new one"
            )
        for index, owed in enumerate(self._owed):
            for _ in range(owed):
                self._receive(index)

    def _ask_all(self, messages: list[bytes]) -> dict[int, Any]:
        """Send each worker its message; their answers by environment index."""
        for index, message in enumerate(messages):
            self._send(index, message)
        return self._receive_all()

    # -- the pipe ----------------------------------------------------------------------------
    def _send(self, index: int, data: bytes, framed: bool = False) -> None:
        """Send worker ``index`` one message (``framed``: already with its length)."""
        try:
            _write_frame(self._fds[index], data if framed else _frame(data))
        except OSError:
            self._died(index)
        self._owed[index] += 1

    def _receive_all(self) -> dict[int, dict[str, Any]]:
        """Every worker's answer: the infos that came beside the shared table, by env index.

        Every answer is read before an error one worker sent is raised (the
        pipes stay in step); the workers live on: ``reset()`` starts again.
        """
        extras: dict[int, dict[str, Any]] = {}
        errors: list[BaseException] = []
        for index in range(len(self._conns)):
            # wait for the first answer; the others are polled for: the worker that answered
            # has freed a CPU, and the last one wakes no sleeping caller
            status, payload = self._receive(index, self._spin_s if index else 0.0)
            if status == "error":
                errors.append(payload)
            else:
                extras.update(payload)
        if errors:
            raise errors[0]
        return extras

    def _receive(self, index: int, spin_s: float = 0.0) -> Any:
        """Worker ``index``'s answer (polled for ``spin_s`` [s], then waited for); its error
        raised here; its death a clear error, not a hang.

        Only the worker holds the other end of the pipe, so its death (a
        segfault, a kill) ends the wait with end-of-file.
        """
        try:
            data = _read(self._fds[index], spin_s)
        except (EOFError, OSError):
            self._died(index)
        self._owed[index] -= 1
        if not data:  # the usual answer: done, everything is in shared memory
            return "ok", {}
        return pickle.loads(data)

    def _died(self, index: int) -> NoReturn:
        process = self._processes[index]
        process.join(1.0)
        self._shutdown()
        code = process.exitcode
        killed = code is not None and code < 0
        how = f"{'was killed by' if killed else 'died with'} {exit_description(code)}"
        if not self._entered[index]:
            raise SimulationError(
                f"vector env worker {index} (pid {process.pid}) failed to start: it {how} "
                "before flightsim's code ran in it (its error is on stderr). "
                f"context={self._start_method!r} starts a new Python that imports the main "
                "module again, which fails for a script read from stdin or given with -c, or one "
                "whose vector env is not made under if __name__ == '__main__': run the script "
                "from a file with that guard, or use context='fork'. The vector env is closed."
            )
        start, end = self._blocks[index]
        which = f"environment {start}" if end - start == 1 else f"environments {start}-{end - 1}"
        raise JSBSimCrashError(
            f"vector env worker {index} (pid {process.pid}) {how}, with {which} of "
            f"{self.num_envs}: the vector env is closed, every worker stopped and its episodes "
            "lost. Make a new vector env; if JSBSim crashed, check the aircraft with "
            "'flightsim validate'."
        )

    def _shutdown(self) -> None:
        """Ask every live worker to stop, then make sure it has (idempotent)."""
        if self._closed_workers:
            return
        self._closed_workers = True
        for fd in self._fds:
            with contextlib.suppress(OSError):
                _write(fd, pickle.dumps(("close", None)))
        for process in self._processes:
            process.join(5.0)
            if process.is_alive():
                process.terminate()
                process.join(1.0)
        for conn in self._conns:
            conn.close()


def _views(
    raw: tuple[Any, ...], num_envs: int, n_obs: int, n_act: int, width: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Numpy views of the shared buffers: observations, actions, the info table."""
    obs, actions, table = raw
    return (
        np.frombuffer(obs, np.float32).reshape(num_envs, n_obs),
        np.frombuffer(actions, np.float32).reshape(num_envs, n_act),
        np.frombuffer(table, np.float64).reshape(num_envs, width),
    )


def _final_views(
    finals: tuple[Any, Any], num_envs: int, n_obs: int, n_act: int, width: int
) -> tuple[np.ndarray, np.ndarray]:
    """Numpy views of the shared buffers of ``SAME_STEP``'s last observations and rows."""
    obs, table = finals
    return (
        np.frombuffer(obs, np.float32).reshape(num_envs, n_obs),
        np.frombuffer(table, np.float64).reshape(num_envs, width),
    )


def _work(
    conn: Connection,
    callers_ends: list[Connection],
    block: tuple[int, int],
    raw: tuple[Any, ...],
    shape: tuple[int, int, int, int],
    spin_s: float,
    env_kwargs: dict[str, Any],
    mode: AutoresetMode,
    finals: tuple[Any, Any],
    entered: tuple[Any, int],
) -> None:
    """A worker: build its environments, then answer step/reset/close until told to stop
    (polling ``spin_s`` [s] for each command before blocking); its steps are ``mode``'s
    (:func:`~flightsim.envs.autoreset.block_for`, ``finals``: SAME_STEP's shared buffers).
    ``entered``: the shared flags and this worker's index in them, set as it begins."""
    flags, index = entered
    flags[index] = 1
    from flightsim.envs.env import FlightEnv

    for end in callers_ends:  # copies a fork left here: the caller's death must be EOF here
        end.close()
    start, stop = block
    obs, actions, table = (view[start:stop] for view in _views(raw, *shape))
    step_batch = block_for(mode, *(view[start:stop] for view in _final_views(finals, *shape)))
    fd = conn.fileno()
    os.set_blocking(fd, False)  # polled, then waited for (_read)
    signal.signal(signal.SIGTERM, _raise_terminated)
    envs: list[Any] = []
    terminated = False
    try:
        envs.extend(FlightEnv(**own_task(env_kwargs)) for _ in range(stop - start))
        infos = InfoTable(envs[0].task)
        _write(fd, b"")  # ready
        pending = [False] * len(envs)  # episodes that ended: reset at the next step
        undo: list[Any] = []  # the last set_attr's name and the values it replaced
        while True:
            message = _read(fd, spin_s)
            try:
                if message == _STEP:
                    extras = step_batch(envs, actions.tolist(), pending, infos, obs, table, start)
                else:
                    command, payload = pickle.loads(message)
                    if command == "close":
                        break
                    if command in ("call", "set_attr", "undo_set_attr"):
                        _write(fd, _attribute_answer(envs, start, command, payload, undo))
                        continue
                    seeds, options = payload
                    extras = reset_block(envs, seeds, options, pending, infos, obs, table, start)
            except Exception as exc:  # the caller's to handle; this worker lives on
                _send_error(conn, exc)
                continue
            _write(fd, pickle.dumps(("ok", extras)) if extras else b"")
    except (KeyboardInterrupt, EOFError, BrokenPipeError):
        pass  # the caller went away or was interrupted: just stop
    except _Terminated:
        terminated = True
    except Exception as exc:
        _send_error(conn, exc)
    finally:
        for env in envs:
            env.close()
        conn.close()
    if terminated:  # die of SIGTERM all the same, so the caller reads what happened
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)


class _Terminated(BaseException):
    """SIGTERM in a worker (multiprocessing's at the interpreter's exit, for a vector env
    never closed): it closes its environments, and their scratch folders, before dying."""


def _raise_terminated(signum: int, frame: object) -> None:
    raise _Terminated


def _send_error(conn: Connection, exc: Exception) -> None:
    """Send ``exc`` to the caller (as a SimulationError with the traceback if it won't pickle)."""
    try:
        data = pickle.dumps(("error", exc))
        pickle.loads(data)
    except Exception:
        text = "".join(traceback.format_exception(exc)).strip()
        data = pickle.dumps(("error", SimulationError(f"in a vector env worker: {text}")))
    with contextlib.suppress(OSError):
        _write(conn.fileno(), data)


def _attribute_answer(
    envs: list[Any], start: int, command: str, payload: Any, undo: list[Any]
) -> bytes:
    """A worker's answer to ``call`` (each result pickled alone, by environment index),
    to ``set_attr`` (the empty "done"; what it replaced kept in ``undo``) or to
    ``undo_set_attr`` (the last ``set_attr`` taken back: another worker refused it)."""
    if command == "set_attr":
        name, values = payload
        undo[:] = [name, set_each(envs, name, values, offset=start)]
        return b""
    if command == "undo_set_attr":
        if undo:
            set_each(envs, undo[0], undo[1], offset=start)
            undo.clear()
        return b""
    name, args, kwargs = payload
    results = call_each(envs, name, args, kwargs, offset=start)
    pickled = {
        i: _pickled(value, f"environment {i}'s {name!r}, a {type(value).__name__},")
        for i, value in results.items()
    }
    return pickle.dumps(("ok", pickled))


def _pickled(value: Any, what: str) -> bytes:
    """``value`` pickled, or a :class:`ConfigError` saying ``what`` cannot cross to or from a
    worker process."""
    try:
        data = pickle.dumps(value)
        pickle.loads(data)
    except Exception as exc:
        raise ConfigError(
            f"{what} cannot be pickled, which it must be to cross between processes: "
            f"{type(exc).__name__}: {exc}. Use plain data (numbers, strings, lists, dicts, "
            "numpy arrays), or FlightVectorEnv in one process"
        ) from exc
    return data


def _spin_seconds(spin_us: Any, workers: int) -> float:
    """``spin_us`` [µs] as seconds (None: :data:`DEFAULT_SPIN_US` if ``workers`` are no
    more than the CPUs this process may use, else 0: polling workers would take CPU from
    those stepping), or a ConfigError naming it."""
    if spin_us is None:
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        return DEFAULT_SPIN_US * 1e-6 if workers <= (cpus or 1) else 0.0
    if (
        isinstance(spin_us, bool)
        or not isinstance(spin_us, numbers.Real)  # numpy's numbers too, as num_envs
        or not 0.0 <= float(spin_us) <= 1e6
    ):
        raise ConfigError(
            "spin_us is how long [µs] a worker polls for the next command (the caller for "
            f"answers) before it blocks: give a number from 0 to 1e6, got {spin_us!r}"
        )
    return float(spin_us) * 1e-6


# The pipe's messages: a 4-byte big-endian length, then the bytes; a reader takes one
# message and no more (a caller shutting down may send "close" behind an unanswered
# step). Plain os.read/os.write on the Connection's descriptor, without
# Connection.send_bytes' and recv_bytes' layers of Python, which run with cold caches
# between two JSBSim batches. Both ends are non-blocking: a reader polls, then waits in
# poll(2).


def _frame(data: bytes) -> bytes:
    """One message as sent: its 4-byte length, then ``data``."""
    return len(data).to_bytes(4, "big") + data


def _write(fd: int, data: bytes) -> None:
    """Send one message."""
    _write_frame(fd, _frame(data))


def _write_frame(fd: int, frame: bytes) -> None:
    rest = memoryview(frame)
    while rest:  # one write, unless the message outgrows the socket buffer
        try:
            rest = rest[os.write(fd, rest) :]
        except BlockingIOError:  # the socket buffer full: the other side not reading yet
            _wait(fd, select.POLLOUT)


def _wait(fd: int, event: int) -> None:
    """Block until ``fd`` is ready for ``event`` (or closed); poll(2), which takes any
    descriptor number (select(2) refuses those from 1024 up)."""
    poller = select.poll()
    poller.register(fd, event)
    poller.poll()


def _read(fd: int, spin_s: float = 0.0) -> bytes:
    """Receive one message, and no byte of the next, polling for up to ``spin_s`` [s]
    (yielding the CPU between polls) before waiting; EOFError when the other end is
    closed (its process is gone)."""
    header = _read_exactly(fd, 4, spin_s)
    size = int.from_bytes(header, "big")
    return _read_exactly(fd, size) if size else b""


def _read_exactly(fd: int, size: int, spin_s: float = 0.0) -> bytes:
    try:
        first = os.read(fd, size)  # the whole message, almost always
    except BlockingIOError:  # a non-blocking end with nothing to read yet
        first = b""
    else:
        if len(first) == size:
            return first
        if not first:
            raise EOFError
    data = bytearray(first)
    deadline = 0.0
    while len(data) < size:
        try:
            chunk = os.read(fd, size - len(data))
        except BlockingIOError:
            now = time.perf_counter()
            deadline = deadline or now + spin_s
            if now < deadline:
                os.sched_yield()
            else:
                _wait(fd, select.POLLIN)
            continue
        if not chunk:
            raise EOFError
        data += chunk
    return bytes(data)
