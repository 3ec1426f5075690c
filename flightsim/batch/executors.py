"""One parallel executor: a picklable worker function over items, on processes or Ray.

:func:`run_tasks` runs ``worker(item)`` for every item and yields one
:class:`TaskResult` per item **in completion order**, on one of three executors:

- ``"local"`` (default): a pool of worker processes on this machine (all cores
  unless ``workers`` says otherwise), each started once; ``initializer(*initargs)``
  runs once per worker (load a model there, keep it in a module-level cache);
- ``"ray"``: the same on a Ray cluster, one actor per worker
  (:mod:`flightsim.batch.ray_executor`; needs the ``distributed`` extra);
- ``"serial"``: in this process, one item after the other (for debugging and as
  the baseline of benchmarks; no crash isolation and no timeout).

A failing item never stops the others. Its result says why:

- ``"failed"``: the worker raised (reason: the exception's type and message);
- ``"crashed"``: the worker process died; a new worker takes its place. Its
  ``death`` (:class:`WorkerDeath`) says how: a crash of the item's own code
  (JSBSim aborted or segfaulted: SIGABRT, SIGSEGV ..., or an exit code), or a kill
  from outside (SIGKILL, SIGTERM ...: a user, a job scheduler, the kernel out of
  memory), which says nothing about the item; each caller words its own advice;
- ``"timeout"``: the item ran longer than ``timeout_s`` [s] of wall time; its
  worker is killed and replaced.

Batches of cases (:mod:`flightsim.batch.runner`), trim envelopes and generator
fly-outs all run through this function.

Example::

    from flightsim.batch.executors import run_tasks

    for result in run_tasks(math.sqrt, [1.0, 4.0, -1.0], workers=2):
        print(result.index, result.status, result.value, result.reason)
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import resource_tracker
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, Literal, TypeVar

from flightsim.errors import ConfigError
from flightsim.logs import logger
from flightsim.progress import Progress

__all__ = ["EXECUTORS", "KeptWorker", "Status", "TaskResult", "WorkerDeath", "run_tasks"]

LOG = logger("flightsim.batch.executors")

T = TypeVar("T")
R = TypeVar("R")

Status = Literal["ok", "failed", "crashed", "timeout"]
EXECUTORS = ("local", "serial", "ray")
_STOP_WAIT_S = 2.0  # wall time a stopping worker gets before it is killed


@dataclass(frozen=True)
class WorkerDeath:
    """How a worker process ended during an item.

    ``how`` is the signal or exit code (``"SIGSEGV"``, ``"SIGKILL"``, ``"exit code
    1"``); ``killed`` is True when a signal came from outside (SIGKILL, SIGTERM, ...:
    a user, a job scheduler, or the kernel out of memory, whose OOM killer sends
    SIGKILL): the item did nothing wrong and may be run again. False: the item's own
    code crashed the process (a signal in :data:`CRASH_SIGNALS`, or an exit code).
    """

    how: str
    killed: bool

    def describe(self, item: str = "item") -> str:
        """What happened to the worker, without advice: ``item`` names what it ran
        (``"case"``, ``"point"``)."""
        if self.killed:
            return (
                f"the worker process was killed by {self.how} from outside (a user, a job "
                f"scheduler, or the system out of memory), not by this {item}"
            )
        return f"the worker process died ({self.how}): JSBSim aborted or crashed on this {item}"


@dataclass(frozen=True)
class TaskResult(Generic[R]):
    """The outcome of one item.

    ``index`` is the item's position in the sequence given; ``value`` the
    worker's return value (None unless ``status == "ok"``); ``reason`` says why
    it failed ("" when ok; no advice: the caller gives its own); ``wall_s`` [s] is
    the wall time the item took; ``death`` how its worker process ended when
    ``status == "crashed"`` (None otherwise, and on Ray, which does not say).
    """

    index: int
    status: Status
    value: R | None
    reason: str
    wall_s: float
    death: WorkerDeath | None = None

    @property
    def ok(self) -> bool:
        """True when the worker returned a value."""
        return self.status == "ok"


def run_tasks(
    worker: Callable[[T], R],
    items: Sequence[T],
    *,
    executor: str = "local",
    workers: int | None = None,
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
    timeout_s: float | None = None,
    ray_address: str | None = None,
    progress: Progress | None = None,
    import_main: bool = True,
) -> Iterator[TaskResult[R]]:
    """Run ``worker(item)`` for each of ``items``; yield results as they complete.

    ``worker``, ``initializer`` and the items must be picklable (module-level
    functions; Ray also takes closures). ``workers`` defaults to every core
    (``os.cpu_count()``), or every CPU of the Ray cluster; never more than there
    are items. ``timeout_s`` [s] bounds each item's wall time (not for
    ``"serial"``). ``ray_address`` connects Ray to an existing cluster
    (``"auto"``, ``"ray://host:10001"``); without it a local Ray is started
    unless one is already initialised. ``progress`` is advanced by one per item.
    ``import_main=False`` (``"local"`` only): the workers do not import the caller's
    main module, as spawned processes otherwise do, so the caller's script needs no
    ``if __name__ == "__main__":`` guard; the worker, the initializer and the items
    must then come from other modules (flightsim's own workers: the trim envelope).

    Closing the iterator early (``break``, Ctrl-C) stops every worker.
    """
    if executor not in EXECUTORS:
        raise ConfigError(f"unknown executor '{executor}': choose one of {', '.join(EXECUTORS)}")
    if workers is not None and workers < 1:
        raise ConfigError(f"workers must be at least 1, got {workers}")
    if timeout_s is not None and not timeout_s > 0:
        raise ConfigError(f"timeout_s must be positive, got {timeout_s}")
    results: Generator[TaskResult[R], None, None]
    if executor == "serial":
        results = _serial(worker, items, initializer, initargs)
    elif executor == "local":
        check_picklable("the worker function and its initializer", (worker, initializer, initargs))
        for item in items:
            check_picklable("an item", item)
        count = min(workers or os.cpu_count() or 1, max(len(items), 1))
        pool = _Pool(worker, initializer, initargs, import_main=import_main)
        results = _local_pool(pool, items, count, timeout_s)
    else:
        from flightsim.batch.ray_executor import ray_tasks

        results = ray_tasks(worker, items, workers, initializer, initargs, timeout_s, ray_address)
    try:
        for result in results:
            if progress is not None:
                progress.update(1)
            yield result
    finally:
        results.close()


# -- what every executor shares ------------------------------------------------------------
def describe_exception(exc: BaseException) -> str:
    """``"TrimError: udot doesn't appear to be trimmable ..."`` on one line."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def call_worker(
    worker: Callable[[T], R], index: int, item: T
) -> tuple[int, Status, R | None, str, float]:
    """Run one item, catching its exception: ``(index, status, value, reason, wall_s)``."""
    start = time.perf_counter()
    try:
        value = worker(item)
    except Exception as exc:
        return index, "failed", None, describe_exception(exc), time.perf_counter() - start
    return index, "ok", value, "", time.perf_counter() - start


def run_initializer(initializer: Callable[..., object] | None, initargs: tuple[Any, ...]) -> None:
    """Run a worker's initializer; a failure is logged, not fatal (each item then reports
    its own failure, with its own reason)."""
    if initializer is None:
        return
    try:
        initializer(*initargs)
    except Exception as exc:
        LOG.warning("worker initializer failed: %s", describe_exception(exc))


def exit_description(exitcode: int | None) -> str:
    """``"SIGABRT"``, ``"exit code 1"``: how a process ended (None: still running)."""
    if exitcode is None:
        return "no answer"
    if exitcode < 0:
        try:
            return signal.Signals(-exitcode).name
        except ValueError:
            return f"signal {-exitcode}"
    return f"exit code {exitcode}"


CRASH_SIGNALS = frozenset(
    {signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS, signal.SIGFPE, signal.SIGILL, signal.SIGSYS}
)
"""Signals a process raises on itself when its code fails (an abort, a bad memory access):
a worker ended by one crashed on its item; by any other (SIGKILL, SIGTERM ...) it was
killed from outside (a user, a job scheduler, the kernel out of memory)."""


def worker_death(exitcode: int | None) -> WorkerDeath:
    """How a worker process ended during an item, from its exit code: a crash of the
    item's own code (JSBSim), or a kill from outside that says nothing about the item."""
    how = exit_description(exitcode)
    if exitcode is not None and exitcode < 0 and -exitcode not in CRASH_SIGNALS:
        return WorkerDeath(f"signal {-exitcode} ({how})", killed=True)
    return WorkerDeath(how, killed=False)


def check_picklable(what: str, value: object) -> None:
    """Refuse, before any worker starts, what cannot travel to a worker process (a
    lambda, a nested function, an open file): a ConfigError naming ``what`` and the
    way out, not a PicklingError from deep in multiprocessing."""
    try:
        pickle.dumps(value)
    except Exception as exc:  # PicklingError, AttributeError ("Can't pickle local object"), ...
        raise ConfigError(
            f"{what} cannot be sent to the worker processes ({describe_exception(exc)}): "
            "use module-level functions (def at the top of a module the workers can "
            "import, not a lambda or a nested function), or the serial executor"
        ) from None


def start_error(reason: str) -> ConfigError:
    """The error when workers cannot even start."""
    return ConfigError(
        f"batch workers die while starting ({reason}): the worker function, its "
        "initializer and their arguments must import in a fresh Python process "
        "(module-level functions, their modules on the Python path)"
    )


def timeout_reason(timeout_s: float) -> str:
    """The reason recorded for an item stopped at its timeout."""
    return f"timed out after {timeout_s:g} s of wall time; its worker was stopped"


# -- serial ---------------------------------------------------------------------------------
def _serial(
    worker: Callable[[T], R],
    items: Sequence[T],
    initializer: Callable[..., object] | None,
    initargs: tuple[Any, ...],
) -> Generator[TaskResult[R], None, None]:
    if items:
        run_initializer(initializer, initargs)
    for index, item in enumerate(items):
        yield TaskResult(*call_worker(worker, index, item))


# -- local process pool ---------------------------------------------------------------------
def _worker_main(
    conn: Connection,
    worker: Callable[[Any], Any],
    initializer: Callable[..., object] | None,
    initargs: tuple[Any, ...],
) -> None:
    """A pool worker: initialise, say ready, then answer ``(index, item)`` until ``None``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    run_initializer(initializer, initargs)
    conn.send_bytes(b"ready")
    while True:
        try:
            message = conn.recv()
        except EOFError:  # the parent is gone
            return
        if message is None:
            return
        outcome = call_worker(worker, *message)
        try:
            payload = pickle.dumps(outcome)
        except Exception as exc:  # a value that cannot travel back
            reason = f"its result cannot be sent back: {describe_exception(exc)}"
            payload = pickle.dumps((outcome[0], "failed", None, reason, outcome[4]))
        conn.send_bytes(payload)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) and SIGTERM while a worker process starts; one that arrives
    meanwhile is raised again at the end of the block (never lost).

    Stopping half-way would leave a worker without its start-up data (it prints a
    traceback). SIGINT is also blocked in this thread, and a worker started here
    inherits that: a Ctrl-C to the terminal's process group reaches only the
    parent, never a worker (which the parent stops). Outside the main thread
    signals are left alone.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    # multiprocessing's resource tracker unblocks SIGINT when it starts, with the first
    # spawned process: started before the block, it cannot let Ctrl-C through to a worker
    resource_tracker.ensure_running()
    caught: list[int] = []
    wanted: tuple[int, ...] = (signal.SIGINT, signal.SIGTERM)
    previous = {signum: signal.signal(signum, lambda s, _: caught.append(s)) for signum in wanted}
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        for signum, handler in previous.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
        for signum in caught[:1]:
            signal.raise_signal(signum)


@contextmanager
def _main_hidden(hide: bool) -> Iterator[None]:
    """While a worker process starts: with ``hide``, the caller's main module shows
    neither its file nor its module name, which is what ``spawn`` reads to import it
    again in the worker (as for ``python -c``)."""
    main = sys.modules["__main__"]
    if not hide:
        yield
        return
    spec, file = getattr(main, "__spec__", None), main.__dict__.pop("__file__", None)
    main.__spec__ = None
    try:
        yield
    finally:
        main.__spec__ = spec
        if file is not None:
            main.__file__ = file


@dataclass
class _Slot:
    """One worker process and the item it runs."""

    process: BaseProcess
    conn: Connection
    ready: bool = False
    index: int | None = None
    started: float = 0.0


class _Pool:
    """Worker processes started with ``spawn`` (no state inherited from this process)."""

    def __init__(
        self,
        worker: Callable[[Any], Any],
        initializer: Callable[..., object] | None,
        initargs: tuple[Any, ...],
        *,
        import_main: bool = True,
    ):
        self._context = multiprocessing.get_context("spawn")
        self._args: tuple[Any, ...] = (worker, initializer, initargs)
        self._import_main = import_main

    def died_starting(self, reason: str) -> None:
        """A worker died before it was ready: start the next ones without the initializer
        (each item then meets the fault itself and is recorded with its reason); when
        there is none, the worker cannot start at all: raise."""
        if self._args[1] is None:
            raise start_error(reason)
        LOG.warning("a worker died in its initializer (%s): starting workers without it", reason)
        self._args = (self._args[0], None, ())

    def start(self) -> _Slot:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main, args=(child, *self._args), daemon=True, name="flightsim-worker"
        )
        with _signals_held(), _main_hidden(not self._import_main):
            process.start()  # Ctrl-C neither cuts a start nor reaches a worker
        child.close()
        return _Slot(process, parent)

    @staticmethod
    def stop(slot: _Slot, *, kill: bool) -> None:
        """Stop one worker: ask it to finish (or kill it), close its pipe."""
        if kill or slot.index is not None:
            slot.process.kill()
        else:
            try:
                slot.conn.send(None)
            except OSError:
                slot.process.kill()
        slot.process.join(_STOP_WAIT_S)
        if slot.process.is_alive():
            slot.process.kill()
            slot.process.join()
        slot.conn.close()


def _local_pool(
    pool: _Pool,
    items: Sequence[Any],
    count: int,
    timeout_s: float | None,
    kept: list[_Slot] | None = None,
) -> Generator[TaskResult[Any], None, None]:
    """Items to idle workers of ``pool`` one at a time; results, deaths and timeouts as
    they come. ``kept``: workers of an earlier run, used first and left running at the
    end (the list then holds those still idle)."""
    if not items:
        return
    pending = deque(range(len(items)))
    slots = [slot for slot in kept or () if slot.process.is_alive()][:count]
    slots += [pool.start() for _ in range(count - len(slots))]
    try:
        while pending or any(slot.index is not None for slot in slots):
            for slot in slots:
                if slot.ready and slot.index is None and pending:
                    slot.index = pending.popleft()
                    slot.started = time.perf_counter()
                    slot.conn.send((slot.index, items[slot.index]))
            ready = set(wait([s.conn for s in slots], timeout=_wait_s(slots, timeout_s)))
            for position, slot in enumerate(slots):
                result = _collect(slot, ready, timeout_s)
                if result is not None:
                    yield result
                if slot.conn.closed:  # died or timed out: replace it
                    if not slot.ready:
                        pool.died_starting(exit_description(slot.process.exitcode))
                    slots[position] = pool.start()
    finally:
        for slot in slots:
            if kept is None or slot.index is not None:
                pool.stop(slot, kill=slot.index is not None)
        if kept is not None:  # the idle ones stay for the next run
            kept[:] = [slot for slot in slots if slot.index is None]


class KeptWorker:
    """One local worker process kept between runs: the start (a fresh Python importing
    flightsim and jsbsim, ~0.4 s) is paid once, not at every run.

    ``run(items)`` yields one :class:`TaskResult` per item as :func:`run_tasks` does
    (``"local"``, one worker, no initializer: each item carries what its worker needs
    to set itself up); a worker that crashes is replaced, one busy when the run is
    closed early is stopped (the next run starts another). A run started while
    another (in another thread) holds the worker runs on a worker of its own, as
    :func:`run_tasks` would. The worker ends with this process (or :meth:`close`).
    """

    def __init__(self, worker: Callable[[Any], Any], *, import_main: bool = True):
        self._pool = _Pool(worker, None, (), import_main=import_main)
        self._kept: list[_Slot] = []
        self._lock = threading.Lock()
        self._pid = os.getpid()
        atexit.register(self.close)

    def run(self, items: Sequence[Any]) -> Generator[TaskResult[Any], None, None]:
        """``worker(item)`` for every item, results as they complete (in order: one worker)."""
        if os.getpid() != self._pid:  # a forked copy: the worker is the parent's
            self._kept, self._lock, self._pid = [], threading.Lock(), os.getpid()
        if not self._lock.acquire(blocking=False):  # in use: a worker of this run's own
            yield from _local_pool(self._pool, items, 1, None)
            return
        try:
            yield from _local_pool(self._pool, items, 1, None, self._kept)
        finally:
            self._lock.release()

    def close(self) -> None:
        """Stop the kept worker (idempotent)."""
        if os.getpid() != self._pid or not self._lock.acquire(blocking=False):
            return
        try:
            for slot in self._kept:
                self._pool.stop(slot, kill=False)
            self._kept = []
        finally:
            self._lock.release()


def _wait_s(slots: Sequence[_Slot], timeout_s: float | None) -> float | None:
    """Wall time until the first running item's deadline (None: no deadline)."""
    if timeout_s is None:
        return None
    now = time.perf_counter()
    deadlines = [s.started + timeout_s - now for s in slots if s.index is not None]
    return max(0.0, min(deadlines)) if deadlines else None


def _collect(slot: _Slot, ready: set[Any], timeout_s: float | None) -> TaskResult[Any] | None:
    """What ``slot`` has to report: a result, a death or a timeout (None: nothing yet).

    A dead or timed-out worker is killed and its pipe closed: the caller replaces it.
    """
    elapsed = time.perf_counter() - slot.started
    expired = timeout_s is not None and slot.index is not None and elapsed >= timeout_s
    if slot.conn in ready or (expired and slot.conn.poll()):  # an answer beats the clock
        try:
            payload = slot.conn.recv_bytes()
        except (EOFError, OSError):  # the worker died
            slot.process.join(_STOP_WAIT_S)
            index, slot.index = slot.index, None
            death = worker_death(slot.process.exitcode)
            _Pool.stop(slot, kill=True)
            if index is None:  # died between items (or while starting)
                LOG.warning("a worker process died outside any item: %s", death.how)
                return None
            wall_s = time.perf_counter() - slot.started
            return TaskResult(index, "crashed", None, death.describe(), wall_s, death)
        if payload == b"ready":
            slot.ready = True
            return None
        slot.index = None
        return TaskResult(*pickle.loads(payload))
    if expired and timeout_s is not None and slot.index is not None:
        index = slot.index
        _Pool.stop(slot, kill=True)
        slot.index = None
        return TaskResult(index, "timeout", None, timeout_reason(timeout_s), elapsed)
    return None
