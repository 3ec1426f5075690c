"""Recording property values while the simulation steps.

:class:`Recorder` keeps rows (one per ``record_every`` steps) as ``bytes``
of packed C doubles, joined into a numpy chunk every :data:`CHUNK_ROWS` rows,
and can stream the rows to a CSV on disk (:meth:`Recorder.flush`, called by
the runner at least every :data:`FLUSH_INTERVAL_S` seconds of wall time).

:func:`make_step_loop` writes the hot loop once per recording layout, as
Python source compiled with ``exec``: a loop over the getters (a list
comprehension, ``map``) costs a Python frame or iterator step per value,
while a generated function holding each bound getter in a local and calling
them written out, ``app(pack(g0(), g1(), ...))``, costs only the calls. The
values are packed into doubles while they are fresh: keeping Python floats
and converting them to numpy at the end costs ~30 ns per value on this
machine (the scattered float objects miss the cache), about 4% of a c172p
step with 12 properties (measured by ``scripts/bench_runner.py``).
"""

from __future__ import annotations

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

RECORD_PRESETS: dict[str, tuple[str, ...]] = {
    "state": (
        "position/h-sl-ft",
        "position/h-agl-ft",
        "position/lat-geod-deg",
        "position/long-gc-deg",
        "attitude/phi-deg",
        "attitude/theta-deg",
        "attitude/psi-deg",
        "velocities/vc-kts",
        "velocities/h-dot-fps",
        "velocities/p-rad_sec",
        "velocities/q-rad_sec",
        "velocities/r-rad_sec",
    ),
    "controls": (
        "fcs/elevator-cmd-norm",
        "fcs/pitch-trim-cmd-norm",
        "fcs/aileron-cmd-norm",
        "fcs/rudder-cmd-norm",
        "fcs/throttle-cmd-norm",
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
        "fcs/throttle-pos-norm",
        "propulsion/engine/thrust-lbs",
        "propulsion/engine/engine-rpm",
        "propulsion/engine/propeller-rpm",
        "propulsion/engine/fuel-flow-rate-pps",
        "propulsion/total-fuel-lbs",
        "forces/fbx-prop-lbs",
    ),
}
"""Named property sets for ``record=``. Properties an aircraft lacks are skipped."""

CHUNK_ROWS = 8192
"""Rows kept as packed bytes before they become a numpy chunk."""
FLUSH_INTERVAL_S = 0.5
"""Longest wall time [s] between two flushes of a streamed CSV (the promise is 1 s)."""


def resolve_record(
    record: str | Sequence[str] | None, known: Callable[[str], bool]
) -> tuple[list[str], list[str]]:
    """The property names to record and the preset names skipped as missing.

    ``record`` is a preset name, a comma-separated string of presets and/or
    properties, a sequence of either, or None. Presets drop properties the
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
            for name in RECORD_PRESETS[item]:
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


def row_packer(width: int) -> Callable[..., bytes]:
    """``pack(v0, ..., v{width-1})`` -> the values as native C doubles, one recorded row."""
    return struct.Struct(f"{width}d").pack


@dataclass(frozen=True)
class StepLoop:
    """A compiled stepping loop and its block geometry.

    ``run_blocks(n_blocks, run, app, getters, guards, sink_fps, vd_prev)``
    runs ``n_blocks`` blocks of ``block_steps`` steps (``rows_per_block``
    rows of ``record_every`` steps), appending the getters' values packed by
    :func:`row_packer` once per row (``app(pack(g0(), ...))``) and checking
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


def make_step_loop(
    n_getters: int, record_every: int, guard_steps: int, *, check_ground: bool
) -> StepLoop:
    """Write and compile the stepping loop for one recording layout.

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
    lines = ["def loop(n_blocks, run, app, getters, guards, sink_fps, vd_prev):"]
    if names:
        lines += [f"    {', '.join(names)}, = getters", "    pack = PACK_ROW"]
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
                f"{indent}if h < 0.0 or (wow() and max(vd, vd_prev) > sink_fps):",
                f"{indent}    return {steps_done}, {rows_done}, max(vd, vd_prev), True",
                f"{indent}vd_prev = vd",
            ]
        return out

    if guard_in_row:
        sub_done = "(sub + 1)" if subs > 1 else "1"
        lines += guard(step_indent, f"block * {block_steps} + {sub_done} * {sub_steps}", "block")
    if names:
        lines.append(f"            app(pack({', '.join(g + '()' for g in names)}))")
    if not guard_in_row:
        lines += guard(" " * 8, f"(block + 1) * {block_steps}", f"(block + 1) * {rows_per_block}")
    lines.append(
        f"    return n_blocks * {block_steps}, n_blocks * {rows_per_block}, vd_prev, False"
    )
    namespace: dict[str, Any] = {"PACK_ROW": row_packer(n_getters)}
    exec(compile("\n".join(lines), "<flightsim step loop>", "exec"), namespace)
    return StepLoop(namespace["loop"], record_every, rows_per_block, guard_steps)


class Recorder:
    """Rows of recorded values, their step numbers, and an optional CSV stream.

    ``append`` is the bound ``list.append`` of the pending rows: the step loop
    calls it with one row packed by :func:`row_packer` (``width`` C doubles);
    :meth:`append_row` packs and appends one row of floats. The runner then
    registers the rows' step numbers with :meth:`add_steps`.
    :meth:`recording` returns everything so far.
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
        self._pending: list[bytes] = []
        self._pack = row_packer(self._width)
        self.append = self._pending.append
        self._runs: list[list[int]] = []  # [first step, row count, step spacing]
        self._rows = 0
        self._chunks: list[np.ndarray] = []
        self._sealed_rows = 0
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

    def append_row(self, values: Sequence[float]) -> None:
        """Append one row of ``width`` values (then register it with :meth:`add_steps`)."""
        self.append(self._pack(*values))

    def add_steps(self, first: int, count: int, every: int) -> None:
        """Register ``count`` rows just appended, taken at ``first``, ``first+every``, ..."""
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
        if len(self._pending) >= CHUNK_ROWS:
            self._seal()

    def _pending_rows(self, first: int = 0) -> np.ndarray:
        """The pending rows from pending row ``first`` on, shape (rows, width)."""
        packed = b"".join(self._pending[first:])
        return np.frombuffer(packed, dtype=np.float64).reshape(-1, self._width)

    def _seal(self) -> None:
        """Turn the pending rows into a numpy chunk (streaming them first)."""
        self.flush()
        if self._pending:
            self._chunks.append(self._pending_rows())
            self._sealed_rows += len(self._pending)
            self._pending.clear()

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
                rows = self._pending_rows(self._written_rows - self._sealed_rows).tolist()
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

        The rows are converted to numpy once: pending values become a chunk and
        the chunks are merged into one, so asking again costs only a copy.
        """
        self._seal()
        if len(self._chunks) > 1:
            self._chunks = [np.concatenate(self._chunks)]
        table = self._chunks[0] if self._chunks else np.empty((0, len(self.names)))
        columns = {name: table[:, i].copy() for i, name in enumerate(self.names)}
        return Recording(self._steps() * self.dt_s, columns, dict(self.meta))


def first_non_finite(rec: Recording) -> tuple[str, float, float] | None:
    """The first (property, value, time [s]) in ``rec`` that is NaN or infinite."""
    best: tuple[str, float, float] | None = None
    for name in rec.names:
        bad = np.flatnonzero(~np.isfinite(rec[name]))
        if len(bad) and (best is None or rec.time_s[bad[0]] < best[2]):
            best = (name, float(rec[name][bad[0]]), float(rec.time_s[bad[0]]))
    return best
