"""Recording property values while the simulation steps.

:class:`Recorder` keeps rows (one per ``record_every`` steps) as C doubles
written straight into preallocated chunks of :data:`CHUNK_ROWS` rows (numpy
reads them without a copy), and can stream the rows to a CSV on disk
(:meth:`Recorder.flush`, called by the runner at least every
:data:`FLUSH_INTERVAL_S` seconds of wall time).

:func:`make_step_loop` writes the hot loop once per recording layout, as
Python source compiled with ``exec``: a loop over the getters (a list
comprehension, ``map``) costs a Python frame or iterator step per value,
while a generated function holding each bound getter in a local and calling
them written out, ``write(chunk, offset, g0(), g1(), ...)``, costs only the
calls. The values are packed into doubles while they are fresh: keeping
Python floats and converting them to numpy at the end costs ~30 ns per value
on this machine (the scattered float objects miss the cache), and packing
each row into a new ``bytes`` object to append costs ~80 ns more per row than
``struct.pack_into`` a preallocated buffer (``scripts/bench_runner.py``
measures the whole loop against a bare one).
"""

from __future__ import annotations

import functools
import logging
import os
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from flightsim.errors import ConfigError
from flightsim.sim.recording import TIME_COLUMN, MetaValue, Recording, write_meta

LOG = logging.getLogger("flightsim.sim.recorder")

ENGINE = "{engine}"
"""Placeholder for the engine index in a preset name: ``propulsion/engine/...`` for the
first engine (JSBSim's ``engine[0]``), ``propulsion/engine[1]/...`` for the next."""

RECORD_PRESETS: dict[str, tuple[str, ...]] = {
    # the 12 states of the rigid-body equations of motion (e.g. Stevens, Lewis & Johnson,
    # "Aircraft Control and Simulation", 3rd ed., sec. 1.7): position, attitude,
    # body-axis velocity and body rates
    "state": (
        "position/lat-geod-deg",
        "position/long-gc-deg",
        "position/h-sl-ft",
        "attitude/phi-deg",
        "attitude/theta-deg",
        "attitude/psi-deg",
        "velocities/u-fps",
        "velocities/v-fps",
        "velocities/w-fps",
        "velocities/p-rad_sec",
        "velocities/q-rad_sec",
        "velocities/r-rad_sec",
    ),
    # what a pilot reads, derived from the state
    "flight": (
        "velocities/vc-kts",
        "velocities/vtrue-kts",
        "velocities/mach",
        "position/h-agl-ft",
        "velocities/h-dot-fps",
        "flight-path/gamma-deg",
        "aero/alpha-deg",
        "aero/beta-deg",
        "accelerations/Nz",
    ),
    "controls": (
        "fcs/elevator-cmd-norm",
        "fcs/pitch-trim-cmd-norm",
        "fcs/aileron-cmd-norm",
        "fcs/rudder-cmd-norm",
        f"fcs/throttle-cmd-norm{ENGINE}",
        "fcs/flap-cmd-norm",
        "fcs/elevator-pos-deg",
        "fcs/left-aileron-pos-deg",
        "fcs/rudder-pos-deg",
        "fcs/flap-pos-deg",
    ),
    "aero": (
        "aero/alpha-deg",
        "aero/beta-deg",
        "aero/qbar-psf",
        "velocities/mach",
        "velocities/vtrue-kts",
        "accelerations/Nz",
        "forces/load-factor",
        "forces/fwx-aero-lbs",
        "forces/fwz-aero-lbs",
        "moments/m-aero-lbsft",
    ),
    "propulsion": (
        f"fcs/throttle-pos-norm{ENGINE}",
        f"propulsion/engine{ENGINE}/thrust-lbs",
        f"propulsion/engine{ENGINE}/engine-rpm",
        f"propulsion/engine{ENGINE}/propeller-rpm",
        f"propulsion/engine{ENGINE}/n1",
        f"propulsion/engine{ENGINE}/n2",
        f"propulsion/engine{ENGINE}/fuel-flow-rate-pps",
        "propulsion/total-fuel-lbs",
        "forces/fbx-prop-lbs",
    ),
}
"""Named property sets for ``record=``. A name holding :data:`ENGINE` stands for one
property per engine; properties an aircraft lacks (``n1`` on a piston engine) are skipped."""

CHUNK_ROWS = 8192
"""Rows of one preallocated chunk (more when one step-loop call needs more)."""
FLUSH_INTERVAL_S = 0.5
"""Longest wall time [s] between two flushes of a streamed CSV (the promise is 1 s)."""


def resolve_record(
    record: str | Sequence[str] | None, known: Callable[[str], bool], engines: int = 1
) -> tuple[list[str], list[str]]:
    """The property names to record and the preset names skipped as missing.

    ``record`` is a preset name, a comma-separated string of presets and/or
    properties, a sequence of either, or None. A preset's per-engine names
    stand for each of the aircraft's ``engines``. Presets drop properties the
    aircraft does not have (``known(name)`` false); explicit names are kept,
    so an unknown one fails later with suggestions.
    """
    if record is None:
        return [], []
    items = [s.strip() for s in record.split(",")] if isinstance(record, str) else list(record)
    names: list[str] = []
    skipped: list[str] = []
    for item in items:
        if not item:
            continue
        if item in RECORD_PRESETS:
            for name in _per_engine(RECORD_PRESETS[item], engines):
                if not known(name):
                    skipped.append(name)
                elif name not in names:
                    names.append(name)
        elif "/" not in item:
            raise ConfigError(
                f"'{item}' is neither a record preset ({', '.join(RECORD_PRESETS)}) "
                "nor a property path like 'position/h-sl-ft'"
            )
        elif item not in names:
            names.append(item)
    return names, skipped


def _per_engine(names: Sequence[str], engines: int) -> list[str]:
    """``names`` with each :data:`ENGINE` name repeated for engines 0 .. ``engines`` - 1."""
    indices = [""] + [f"[{i}]" for i in range(1, engines)]
    return [n.replace(ENGINE, i) for n in names for i in (indices if ENGINE in n else [""])]


def row_writer(width: int) -> Callable[..., None]:
    """``write(buffer, offset, v0, ..., v{width-1})``: one row as native C doubles at ``offset``."""
    return struct.Struct(f"{width}d").pack_into


@dataclass(frozen=True)
class StepLoop:
    """A compiled stepping loop and its block geometry.

    ``run_blocks(n_blocks, run, chunk, offset, getters, guards, sink_fps, vd_prev)``
    runs ``n_blocks`` blocks of ``block_steps`` steps (``rows_per_block``
    rows of ``record_every`` steps), writing the getters' values with
    :func:`row_writer` once per row into ``chunk`` from byte ``offset`` on
    (the caller makes room: :meth:`Recorder.room`) and checking
    the divergence guard every ``guard_steps`` steps (``guards`` are the
    getters of h-agl [ft], true airspeed [ft/s], sink rate [ft/s] and weight
    on wheels). It returns ``(steps done, rows done, sink rate, tripped)``;
    when the guard tripped, the sink rate is the one that tripped it.
    """

    run_blocks: Callable[..., tuple[int, int, float, bool]]
    record_every: int
    rows_per_block: int
    guard_steps: int

    @property
    def block_steps(self) -> int:
        """Steps in one block."""
        return self.rows_per_block * self.record_every


@functools.lru_cache(maxsize=64)
def make_step_loop(
    n_getters: int, record_every: int, guard_steps: int, *, check_ground: bool
) -> StepLoop:
    """Write and compile the stepping loop for one recording layout (once per layout).

    The guard runs about every ``guard_steps`` steps: after a block of whole
    rows when rows are shorter, or every ``g`` steps inside a row, ``g`` the
    largest divisor of ``record_every`` not above ``guard_steps``.
    """
    if record_every <= guard_steps:
        rows_per_block = max(1, round(guard_steps / record_every))
        sub_steps = record_every
        guard_in_row = False
    else:
        rows_per_block = 1
        sub_steps = max(d for d in range(1, guard_steps + 1) if record_every % d == 0)
        guard_in_row = True
    subs = record_every // sub_steps
    block_steps = rows_per_block * record_every
    names = [f"g{i}" for i in range(n_getters)]
    lines = ["def loop(n_blocks, run, chunk, offset, getters, guards, sink_fps, vd_prev):"]
    if names:
        lines += [f"    {', '.join(names)}, = getters", "    write = WRITE_ROW"]
    lines += [
        "    hagl, vt, vdown, wow = guards",
        f"    rows, subs, steps = range({rows_per_block}), range({subs}), range({sub_steps})",
        "    for block in range(n_blocks):",
        "        for row in rows:",
    ]
    step_indent = " " * 12
    if subs > 1:
        lines.append("            for sub in subs:")
        step_indent = " " * 16
    if sub_steps <= 8:
        lines += [step_indent + "run()"] * sub_steps
    else:
        lines += [step_indent + "for _ in steps:", step_indent + "    run()"]

    def guard(indent: str, steps_done: str, rows_done: str) -> list[str]:
        out = [
            f"{indent}h = hagl()",
            f"{indent}if not (-1e12 < h < 1e12 and vt() < 1e9):",
            f"{indent}    return {steps_done}, {rows_done}, vd_prev, True",
        ]
        if check_ground:
            out += [
                f"{indent}vd = vdown()",
                f"{indent}w = wow()",
                f"{indent}if (w and max(vd, vd_prev) > sink_fps) or (h < 0.0 and not w):",
                f"{indent}    return {steps_done}, {rows_done}, max(vd, vd_prev), True",
                f"{indent}vd_prev = vd",
            ]
        return out

    if guard_in_row:
        sub_done = "(sub + 1)" if subs > 1 else "1"
        lines += guard(step_indent, f"block * {block_steps} + {sub_done} * {sub_steps}", "block")
    if names:
        lines.append(f"            write(chunk, offset, {', '.join(g + '()' for g in names)})")
        lines.append(f"            offset += {8 * n_getters}")
    if not guard_in_row:
        lines += guard(" " * 8, f"(block + 1) * {block_steps}", f"(block + 1) * {rows_per_block}")
    lines.append(
        f"    return n_blocks * {block_steps}, n_blocks * {rows_per_block}, vd_prev, False"
    )
    namespace: dict[str, Any] = {"WRITE_ROW": row_writer(n_getters)}
    exec(compile("\n".join(lines), "<flightsim step loop>", "exec"), namespace)
    return StepLoop(namespace["loop"], record_every, rows_per_block, guard_steps)


class Recorder:
    """Rows of recorded values, their step numbers, and an optional CSV stream.

    The step loop writes rows with :func:`row_writer` into :attr:`chunk` at
    :attr:`offset`, after :meth:`room` made space; :meth:`append_row` writes
    one row of floats. The runner then registers the rows' step numbers with
    :meth:`add_steps`. :meth:`recording` returns everything so far.
    """

    def __init__(
        self,
        names: Sequence[str],
        dt_s: float,
        *,
        stream_csv: str | os.PathLike[str] | None = None,
        meta: dict[str, MetaValue] | None = None,
    ):
        self.names = list(names)
        self.dt_s = dt_s
        self.meta: dict[str, MetaValue] = dict(meta or {})
        self._width = max(1, len(self.names))
        self._row_bytes = 8 * self._width
        self._write = row_writer(self._width)
        self._runs: list[list[int]] = []  # [first step, row count, step spacing]
        self._rows = 0
        self._chunks: list[np.ndarray] = []  # full chunks, (rows, width) each
        self._sealed_rows = 0
        self._new_chunk(CHUNK_ROWS)
        self._written_rows = 0  # rows already in the CSV stream
        self._stream: TextIO | None = None
        self.stream_path = Path(stream_csv) if stream_csv is not None else None
        if self.stream_path is not None:
            self.stream_path.parent.mkdir(parents=True, exist_ok=True)
            self._stream = self.stream_path.open("w", newline="")
            self._stream.write(",".join([TIME_COLUMN, *self.names]) + "\n")
            self._stream.flush()
            self.write_meta()

    def __len__(self) -> int:
        return self._rows

    @property
    def last_step(self) -> int | None:
        """Step number of the last recorded row, or None."""
        if not self._runs:
            return None
        first, count, every = self._runs[-1]
        return first + (count - 1) * every

    @property
    def offset(self) -> int:
        """Byte offset in :attr:`chunk` where the next row goes."""
        return (self._rows - self._sealed_rows) * self._row_bytes

    def room(self, at_least: int = 1) -> int:
        """Free rows in :attr:`chunk`, at least ``at_least`` (a new chunk starts when fewer)."""
        free = self._capacity - (self._rows - self._sealed_rows)
        if free < at_least:
            self._seal()
            self._new_chunk(max(CHUNK_ROWS, at_least))
            free = self._capacity
        return free

    def append_row(self, values: Sequence[float]) -> None:
        """Write one row of ``width`` values (then register it with :meth:`add_steps`)."""
        self.room(1)
        self._write(self.chunk, self.offset, *values)

    def add_steps(self, first: int, count: int, every: int) -> None:
        """Register ``count`` rows just written, taken at ``first``, ``first+every``, ..."""
        if count <= 0:
            return
        last = self._runs[-1] if self._runs else None
        if last is not None and last[2] == every and last[0] + last[1] * every == first:
            last[1] += count
        elif last is not None and last[1] == 1 and first - last[0] == every:
            last[1], last[2] = 1 + count, every
        else:
            self._runs.append([first, count, every])
        self._rows += count

    def _new_chunk(self, rows: int) -> None:
        self._capacity = rows
        self.chunk = bytearray(rows * self._row_bytes)

    def _current_rows(self) -> np.ndarray:
        """The rows of the current chunk, shape (rows, width), a view."""
        count = (self._rows - self._sealed_rows) * self._width
        return np.frombuffer(self.chunk, dtype=np.float64, count=count).reshape(-1, self._width)

    def _seal(self) -> None:
        """Keep the current chunk's rows as a numpy view (streaming them first)."""
        self.flush()
        current = self._current_rows()
        if len(current):
            self._chunks.append(current)
            self._sealed_rows += len(current)

    def _rows_from(self, first: int) -> np.ndarray:
        """Every row from row ``first`` on, shape (rows, width), a new array."""
        parts, start = [], 0
        for part in [*self._chunks, self._current_rows()]:
            if start + len(part) > first:
                parts.append(part[max(0, first - start) :])
            start += len(part)
        if not parts:
            return np.empty((0, self._width))
        return np.concatenate(parts)

    def _steps(self) -> np.ndarray:
        parts = [first + every * np.arange(count) for first, count, every in self._runs]
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)

    def flush(self) -> None:
        """Write the rows not yet streamed to the CSV and flush it to the OS."""
        if self._stream is None:
            return
        if self._written_rows < self._rows:
            times = (self._steps()[self._written_rows :] * self.dt_s).tolist()
            if self.names:
                rows = self._rows_from(self._written_rows).tolist()
            else:  # steps registered without properties: the time alone
                rows = [[] for _ in times]
            lines = [",".join(map(repr, [t, *row])) for t, row in zip(times, rows, strict=True)]
            self._stream.write("\n".join(lines) + "\n")
            self._written_rows = self._rows
        self._stream.flush()

    def write_meta(self) -> None:
        """Write the metadata sidecar beside the streamed CSV."""
        if self.stream_path is not None:
            write_meta(self.stream_path, self.meta)

    def close(self) -> None:
        """Flush and close the stream (the recording stays readable)."""
        if self._stream is not None:
            self.flush()
            self.write_meta()
            self._stream.close()
            self._stream = None

    def recording(self) -> Recording:
        """Everything recorded so far as a :class:`Recording` (time = step x dt).

        Each column is copied once out of the chunks: the arrays returned are
        the caller's own.
        """
        parts = [*self._chunks, self._current_rows()]
        columns = {
            name: np.concatenate([part[:, i] for part in parts])
            for i, name in enumerate(self.names)
        }
        return Recording(self._steps() * self.dt_s, columns, dict(self.meta))


def first_non_finite(rec: Recording) -> tuple[str, float, float] | None:
    """The first (property, value, time [s]) in ``rec`` that is NaN or infinite."""
    best: tuple[str, float, float] | None = None
    for name in rec.names:
        bad = np.flatnonzero(~np.isfinite(rec[name]))
        if len(bad) and (best is None or rec.time_s[bad[0]] < best[2]):
            best = (name, float(rec[name][bad[0]]), float(rec.time_s[bad[0]]))
    return best
