"""The pure-Python twin of the compiled step loop (flightsim/sim/_steploop.c).

Same arguments, same results, bit for bit: each value is read once from its
getter and stored as the same IEEE double. Used when the C module is not built
or ``FLIGHTSIM_PURE_PYTHON=1`` (:mod:`flightsim.sim.stepping` chooses); it
costs ~0.1-0.2 µs a value more than C (``scripts/bench_runner.py`` prints
``ratio_every_step_pure``).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

# the layout of the state buffer, as in _steploop.c
(
    STEPS_DONE,
    ROWS_DONE,
    VD_PREV,
    IMPACTING,
    SINK_LIMIT,
    CHECK_GROUND,
    STOP_AT_END,
    IMPACT_SINK,
    TERRAIN_FT,
    AGL_AGE,
) = range(10)
STATE_SIZE = 10
HEIGHT_LIMIT_FT = 1e12
SPEED_LIMIT_FPS = 1e9
NEAR_GROUND_FT = 1000.0
AGL_REFRESH_STEPS = 11.0  # steps skipped between two h-agl reads far from the terrain


def _count(value: int, name: str) -> int:
    count = int(value.__index__())
    if count < 0:
        raise ValueError(f"step_rows: {name} must be >= 0")
    return count


def _double(value: object) -> float:
    """The number as a C double, as CPython's PyFloat_AsDouble reads it."""
    if isinstance(value, float):
        return value
    as_float = getattr(type(value), "__float__", None)
    if as_float is not None:
        return float(as_float(value))
    return float(operator.index(value))  # type: ignore[arg-type]  # TypeError otherwise


def _check_step(checks: tuple[Callable[[], float], ...], s: Any) -> int:
    """0 fine, 1 diverged, 2 a new impact (the C loop's check_step)."""
    h_sl = _double(checks[0]())
    vt = _double(checks[1]())
    if not (-HEIGHT_LIMIT_FT < h_sl < HEIGHT_LIMIT_FT and vt < SPEED_LIMIT_FPS):
        return 1
    if s[CHECK_GROUND] == 0.0:
        return 0
    # far above the terrain last seen: h-agl (a slow read) only every few steps
    if h_sl - s[TERRAIN_FT] > NEAR_GROUND_FT and s[AGL_AGE] < AGL_REFRESH_STEPS:
        s[AGL_AGE] += 1.0
        return 0
    h = _double(checks[2]())
    if not (-HEIGHT_LIMIT_FT < h < HEIGHT_LIMIT_FT):
        return 1
    s[TERRAIN_FT] = h_sl - h
    s[AGL_AGE] = 0.0
    if h > NEAR_GROUND_FT:
        s[VD_PREV] = 0.0
        s[IMPACTING] = 0.0
        return 0
    vd = _double(checks[3]())
    wow = _double(checks[4]())
    if vd != vd:
        return 1
    sink = vd if vd > s[VD_PREV] else s[VD_PREV]
    on_wheels = wow != 0.0
    # below the terrain with no wheel carrying it, going down (rising out of it: leaving)
    impact = (on_wheels and sink > s[SINK_LIMIT]) or (h < 0.0 and not on_wheels and vd > 0.0)
    s[VD_PREV] = vd
    if impact and s[IMPACTING] == 0.0:
        s[IMPACTING] = 1.0
        s[IMPACT_SINK] = sink
        return 2
    # an impact lasts while the condition holds or the CG stays below the terrain
    s[IMPACTING] = 1.0 if impact or (s[IMPACTING] != 0.0 and h < 0.0) else 0.0
    return 0


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
    """See flightsim/sim/_steploop.c."""
    steps, rows, offset = _count(steps, "steps"), _count(rows, "rows"), _count(offset, "offset")
    if not isinstance(getters, tuple) or not isinstance(checks, tuple):
        raise TypeError("step_rows: getters and checks must be tuples")
    if len(checks) not in (0, 5):
        raise TypeError("step_rows: checks must be () or (h_sl, vt, h_agl, v_down, wow)")
    if offset % 8:
        raise ValueError("step_rows: offset must be a multiple of 8 bytes")
    s = memoryview(state).cast("B").cast("d")
    if len(s) < STATE_SIZE:
        raise ValueError(f"step_rows: state must hold {STATE_SIZE} doubles")
    s[STEPS_DONE] = 0.0
    s[ROWS_DONE] = 0.0
    width = len(getters)
    out: Any = None
    index = offset // 8
    if width:
        out = memoryview(chunk).cast("B").cast("d")
        if offset > len(out) * 8 or rows > (len(out) - index) // width:
            free = max(0, len(out) * 8 - offset)
            raise ValueError(
                f"step_rows: {rows} rows of {width} values do not fit the {free} bytes "
                f"after offset {offset}"
            )
    stop_at_end = s[STOP_AT_END] != 0.0
    for _ in range(rows):
        for _ in range(steps):
            result = run()  # type: ignore[misc]
            running = bool(result) if stop_at_end else True
            s[STEPS_DONE] += 1.0
            if checks:
                code = _check_step(checks, s)
                if code:
                    return code
            if not running:
                return 3
        for i, getter in enumerate(getters):
            out[index + i] = _double(getter())
        index += width
        s[ROWS_DONE] += 1.0
    return 0
