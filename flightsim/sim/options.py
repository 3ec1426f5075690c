"""The settings of a Simulation, checked once: :class:`SimOptions`.

Both constructors (``Simulation(...)`` and ``Simulation.from_script(...)``)
take the same keyword arguments and turn them into one :class:`SimOptions`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from flightsim.errors import ConfigError
from flightsim.paths import PathLike
from flightsim.units import as_number

MAX_DT_S = 0.05
"""Largest accepted time step [s] (20 Hz). JSBSim's default is 1/120 s; with much
larger steps its explicit integrators and the gear model give numbers that are
no longer the aircraft's dynamics (scripts bundled with JSBSim use 0.02 s at most)."""
DEFAULT_DT_S = 1.0 / 120.0
"""JSBSim's own default step [s]."""
DEFAULT_CRASH_SINK_FPS = 20.0
"""Sink rate [ft/s] at ground contact taken as a crash (about 6 m/s)."""


@dataclass(frozen=True)
class SimOptions:
    """How a Simulation runs and records (see :class:`~flightsim.sim.simulation.Simulation`).

    ``dt_s`` [s] is ignored by scripts (they set their own step);
    ``crash_sink_fps`` [ft/s] is the sink rate on the wheels taken as a crash.
    """

    dt_s: float = DEFAULT_DT_S
    aircraft_dirs: tuple[PathLike, ...] = ()
    record: str | Sequence[str] | None = "state,flight"
    record_every: int = 1
    stream_csv: PathLike | None = None
    realtime: bool = False
    speed: float = 1.0
    guard: bool | None = None
    jsbsim_output: bool = False
    jsbsim_input: bool = False
    stop_on_crash: bool = True
    crash_sink_fps: float = DEFAULT_CRASH_SINK_FPS

    def __post_init__(self) -> None:
        check_guard(self.guard)
        for name in ("realtime", "jsbsim_output", "jsbsim_input", "stop_on_crash"):
            check_flag(name, getattr(self, name))
        check_positive("dt_s", self.dt_s)
        if self.dt_s > MAX_DT_S:
            raise ConfigError(
                f"dt_s {self.dt_s:g} s is too large: at most {MAX_DT_S:g} s; JSBSim's "
                "integrators need small steps (its default is 1/120 s)"
            )
        object.__setattr__(self, "record_every", check_every("record_every", self.record_every))
        check_positive("speed", self.speed)
        check_positive("crash_sink_fps", self.crash_sink_fps)
        if self.stream_csv is not None and Path(self.stream_csv).is_dir():
            raise ConfigError(f"stream_csv {self.stream_csv}: is a folder; give a CSV file path")
        object.__setattr__(self, "aircraft_dirs", tuple(self.aircraft_dirs))

    @property
    def paced(self) -> bool:
        """Whether steps are paced to the wall clock (``realtime``, or a speed other than 1)."""
        return bool(self.realtime) or self.speed != 1.0


def check_flag(name: str, value: object) -> None:
    """True or False, else ConfigError (a truthy ``realtime="no"`` had been taken as True)."""
    if not isinstance(value, bool):
        raise ConfigError(f"{name}={value!r}: give True or False")


def check_guard(guard: object) -> None:
    """True, False or None, else ConfigError (a truthy ``guard="no"`` had been taken as True).

    Every entry point taking ``guard`` calls this one check: ``Simulation`` (its
    :class:`SimOptions`) and ``FlightEnv`` before it loads anything (the vector envs pass
    ``guard`` on to their FlightEnvs)."""
    if guard is not None and not isinstance(guard, bool):
        raise ConfigError(
            f"guard={guard!r}: give True, False or None (the default: guard an aircraft not "
            "bundled with JSBSim)"
        )


def check_positive(name: str, value: float, *, allow_zero: bool = False) -> None:
    """A finite number > 0 (>= 0 with ``allow_zero``), else ConfigError."""
    ok = (number := as_number(value)) is not None and math.isfinite(number)
    if not ok or value < 0 or (value == 0 and not allow_zero):
        raise ConfigError(f"{name} must be a finite number > 0, got {value!r}")


def _whole_number(n: object) -> int | None:
    """``n`` as an int when it is a whole-number type (numpy's too), else None."""
    number = as_number(n)
    return number if isinstance(number, int) else None


def check_steps(n: int) -> int:
    """A whole number of steps >= 0 (numpy's integers too), as an int."""
    count = _whole_number(n)
    if count is None or count < 0:
        raise ConfigError(f"a step count must be a whole number >= 0, got {n!r}")
    return count


def check_every(name: str, n: int) -> int:
    """A whole number of steps >= 1 (``record_every``, ``control_every``), numpy's integers
    too, as an int."""
    count = _whole_number(n)
    if count is None or count < 1:
        raise ConfigError(f"{name} must be a whole number of steps >= 1, got {n!r}")
    return count
