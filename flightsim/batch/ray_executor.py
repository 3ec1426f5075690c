"""The Ray executor of :func:`flightsim.batch.executors.run_tasks`.

One Ray actor per worker (``num_cpus=1``) runs the initializer once, then one
item at a time, like a worker process of the local pool. A dead actor (JSBSim
crashed in it) gives a ``"crashed"`` result and is replaced; an item past its
timeout has its actor killed and replaced.

On an existing cluster (``ray_address``), flightsim and whatever the worker
function imports must be installed on every node (or shipped with a Ray
``runtime_env``). Ray itself comes with the ``distributed`` extra.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from typing import Any, TypeVar

from flightsim.batch.executors import (
    TaskResult,
    call_worker,
    run_initializer,
    start_error,
    timeout_reason,
)
from flightsim.errors import require_extra
from flightsim.logs import logger

__all__ = ["ray_tasks"]

LOG = logger("flightsim.batch.ray")

T = TypeVar("T")
R = TypeVar("R")


class _Worker:
    """The body of one Ray actor."""

    def __init__(
        self,
        worker: Callable[[Any], Any],
        initializer: Callable[..., object] | None,
        initargs: tuple[Any, ...],
    ):
        self._worker = worker
        run_initializer(initializer, initargs)

    def ready(self) -> bool:
        return True

    def run(self, index: int, item: Any) -> tuple[int, str, Any, str, float]:
        return call_worker(self._worker, index, item)


def ray_tasks(
    worker: Callable[[T], R],
    items: Sequence[T],
    workers: int | None,
    initializer: Callable[..., object] | None,
    initargs: tuple[Any, ...],
    timeout_s: float | None,
    address: str | None,
) -> Generator[TaskResult[R], None, None]:
    """Run the items on Ray actors; results in completion order (see ``run_tasks``)."""
    if not items:
        return
    ray: Any = require_extra("ray", "distributed")
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(
            address=address,
            num_cpus=workers if address is None else None,
            include_dashboard=False,
            logging_level=logging.WARNING,
        )
    try:
        yield from _drive(ray, worker, items, workers, initializer, initargs, timeout_s)
    finally:
        if started_here:
            ray.shutdown()


def _drive(
    ray: Any,
    worker: Callable[[T], R],
    items: Sequence[T],
    workers: int | None,
    initializer: Callable[..., object] | None,
    initargs: tuple[Any, ...],
    timeout_s: float | None,
) -> Iterator[TaskResult[R]]:
    actor_class = ray.remote(num_cpus=1, max_restarts=0)(_Worker)
    cpus = int(ray.cluster_resources().get("CPU", 1))
    count = max(1, min(workers or cpus, len(items)))
    init = [initializer, initargs]

    def start() -> tuple[Any, Any]:
        actor = actor_class.remote(worker, *init)
        return actor, actor.ready.remote()

    pending = list(range(len(items)))
    pending.reverse()  # pop() takes the first item
    idle: list[Any] = []
    starting: dict[Any, Any] = dict(start()[::-1] for _ in range(count))  # ready ref -> actor
    running: dict[Any, tuple[Any, int, float]] = {}  # result ref -> (actor, index, start)
    try:
        while pending or running:
            while idle and pending:
                actor, index = idle.pop(), pending.pop()
                running[actor.run.remote(index, items[index])] = (actor, index, time.perf_counter())
            refs = [*starting, *running]
            done, _ = ray.wait(refs, num_returns=1, timeout=_wait_s(running, timeout_s))
            for ref in done:
                if ref in starting:
                    actor = starting.pop(ref)
                    try:
                        ray.get(ref)
                    except ray.exceptions.RayError as exc:  # died while initialising
                        if init[0] is None:
                            raise start_error(_cause(exc)) from None
                        LOG.warning("a Ray worker died in its initializer: %s", exc)
                        init[:] = [None, ()]
                        actor, ready = start()
                        starting[ready] = actor
                        continue
                    idle.append(actor)
                    continue
                actor, index, began = running.pop(ref)
                try:
                    outcome = ray.get(ref)
                except ray.exceptions.RayError as exc:
                    ray.kill(actor)
                    new_actor, ready = start()
                    starting[ready] = new_actor
                    reason = _crash_reason(exc)
                    yield TaskResult(index, "crashed", None, reason, time.perf_counter() - began)
                    continue
                idle.append(actor)
                yield TaskResult(*outcome)
            if timeout_s is not None:
                now = time.perf_counter()
                for ref, (actor, index, began) in list(running.items()):
                    if now - began >= timeout_s and not ray.wait([ref], timeout=0)[0]:
                        del running[ref]
                        ray.kill(actor)
                        new_actor, ready = start()
                        starting[ready] = new_actor
                        yield TaskResult(
                            index, "timeout", None, timeout_reason(timeout_s), now - began
                        )
    finally:
        for actor in (*idle, *starting.values(), *(a for a, _, _ in running.values())):
            ray.kill(actor)


def _wait_s(running: dict[Any, tuple[Any, int, float]], timeout_s: float | None) -> float | None:
    if timeout_s is None or not running:
        return None
    now = time.perf_counter()
    return max(0.0, min(began + timeout_s - now for _, _, began in running.values()))


def _cause(exc: BaseException) -> str:
    """The last line of a Ray error (where its cause is), at most 200 characters."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return (lines[-1] if lines else type(exc).__name__)[:200]


def _crash_reason(exc: BaseException) -> str:
    first = _cause(exc).split(". ", 1)[0]
    return f"the Ray worker died: JSBSim aborted or crashed on this case ({first})"
