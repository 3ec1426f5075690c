"""Types of the compiled step loop (flightsim/sim/_steploop.c)."""

from collections.abc import Callable

def step_rows(
    run: Callable[[], object] | None,
    steps: int,
    rows: int,
    getters: tuple[Callable[[], float], ...],
    chunk: bytearray | None,
    offset: int,
    /,
) -> None:
    """Call ``run()`` ``steps`` times then every getter, ``rows`` times, writing each row
    of values as C doubles into ``chunk`` from byte ``offset`` on."""

def guard_trips(
    guards: tuple[Callable[[], float], ...],
    sink_fps: float,
    vd_prev: float,
    check_ground: bool,
    /,
) -> tuple[bool, float]:
    """The divergence guard: (tripped, sink rate [ft/s]) from h-agl, airspeed, sink, wow."""
