"""Types of the compiled step loop (flightsim/sim/_steploop.c)."""

from collections.abc import Callable
from typing import Any

def step_rows(
    run: Callable[[], object] | None,
    steps: int,
    rows: int,
    getters: tuple[Callable[[], float], ...],
    chunk: Any,
    offset: int,
    checks: tuple[Callable[[], float], ...],
    state: Any,
    /,
) -> int:
    """Call ``run()`` ``steps`` times (crash-checked after each) then every getter, ``rows``
    times, writing each row of values as C doubles into ``chunk`` from byte ``offset`` on.
    Returns 0, or 1 (diverged), 2 (a new impact), 3 (the script ended)."""
