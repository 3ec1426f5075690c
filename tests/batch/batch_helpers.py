"""Worker functions, controllers, metrics and aircraft factories the batch tests send
to worker processes (module-level, so that they pickle by reference)."""

from __future__ import annotations

import math
import os
import time
from collections.abc import Mapping
from typing import Any


def square(x: float) -> float:
    return x * x


def misbehave(item: tuple[str, float]) -> float:
    """``("ok", x)`` -> x*x; ``("raise", _)`` raises; ``("abort", _)`` kills the process
    like a JSBSim abort; ``("hang", s)`` sleeps s seconds."""
    kind, x = item
    if kind == "raise":
        raise ValueError(f"bad item {x}")
    if kind == "abort":
        os.abort()
    if kind == "hang":
        time.sleep(x)
    return x * x


def pid_of(_: object) -> int:
    return os.getpid()


def make_bank_controller(aileron: float = 0.0, seed: int = 0) -> Any:
    """A controller factory: a constant aileron deflection (the seed is accepted, unused)."""

    def controls(t_s: float, sim: Any) -> Mapping[str, float]:
        return {"fcs/aileron-cmd-norm": aileron}

    return controls


def abort_controller(abort: float = 0.0) -> Mapping[str, float]:
    """Aborts the worker process (a stand-in for a JSBSim segfault) when ``abort`` is set."""
    if abort:
        os.abort()
    return {}


def hang_controller(hang: float = 0.0) -> Mapping[str, float]:
    if hang:
        time.sleep(hang)
    return {}


def nan_metric(recording: Any) -> float:
    return math.nan


def altitude_lost_ft(recording: Any) -> float:
    """A user metric: altitude lost from the start to the lowest point [ft]."""
    h = recording["position/h-sl-ft"]
    return float(h[0] - h.min())


def bundled_aircraft(name: str = "c172p", seed: int = 0) -> str:
    """An aircraft factory (a stand-in for the generator): returns an aircraft name."""
    return name


def pid_then_sleep(path: str) -> int:
    """Writes this worker's pid to ``path``, then sleeps (to be killed from outside)."""
    with open(path + ".tmp", "w") as file:
        file.write(str(os.getpid()))
    os.replace(path + ".tmp", path)
    time.sleep(60)
    return 0


def killed_once_controller(marker: str = "") -> Mapping[str, float]:
    """The first time (``marker`` absent: it is created), the worker is SIGKILLed as a
    user or the kernel's out-of-memory killer would; afterwards the case flies."""
    if marker and not os.path.exists(marker):
        open(marker, "w").close()
        os.kill(os.getpid(), 9)
    return {}
