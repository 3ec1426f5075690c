"""Timing whole processes, shared by the benchmark scripts (``python scripts/bench_*.py``).

A script's own folder is first on ``sys.path`` when it runs, so they ``import benchproc``.
"""

from __future__ import annotations

import os
import resource
import subprocess
import time


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def process_s(command: list[str], **env: str) -> tuple[float, float]:
    """(wall, CPU) time [s] of one run of ``command`` (output discarded; it must succeed).

    The child runs with the bytecode cache on (``PYTHONDONTWRITEBYTECODE`` removed)
    and with ``env`` added to this process's environment; its CPU time is that of
    the finished children (``getrusage(RUSAGE_CHILDREN)``).
    """
    child_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    child_env.update(env)
    cpu = _children_cpu_s()
    start = time.perf_counter()
    subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=child_env, check=True
    )
    return time.perf_counter() - start, _children_cpu_s() - cpu
