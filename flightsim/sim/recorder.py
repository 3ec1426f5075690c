"""Recording property values while the simulation steps.

:class:`Recorder` keeps rows (one per ``record_every`` steps) as C doubles
written straight into preallocated chunks of :data:`CHUNK_ROWS` rows (numpy
reads them without a copy), and can stream the rows to a CSV on disk
(:meth:`Recorder.flush`, called by the runner at least every
:data:`FLUSH_INTERVAL_S` seconds of wall time).

The steps themselves, and the rows they write, are the job of
:mod:`flightsim.sim.stepping`; :meth:`Recorder.recording` gives the rows from
any row on (the segment a run just flew) without touching the older ones.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TextIO

import numpy as np

from flightsim.errors import ConfigError
from flightsim.logs import logger
from flightsim.recording import TIME_COLUMN, MetaValue, Recording, write_meta
from flightsim.sim import _steploop_pure

LOG = logger("flightsim.sim.recorder")

ENGINE = "{engine}"
"""Placeholder for the engine index in a preset name: ``propulsion/engine/...`` for the
first engine (JSBSim's ``engine[0]``), ``propulsion/engine[1]/...`` for the next."""

RECORD_PRESETS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
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
)
"""Named property sets for ``record=``. A name holding :data:`ENGINE` stands for one
property per engine; properties an aircraft lacks (``n1`` on a piston engine) are skipped.
Read-only (a mapping proxy of tuples): copy it to make sets of your own."""

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
    example = "e.g. 'state,flight' or ['state', 'position/h-sl-ft']"
    if isinstance(record, str):
        items = [s.strip() for s in record.split(",")]
    elif isinstance(record, Sequence):
        items = list(record)
    else:
        raise ConfigError(
            f"record={record!r}: give a preset or property name, a comma-separated string "
            f"or a list of them ({example}), or None"
        )
    names: list[str] = []
    skipped: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise ConfigError(
                f"record: {item!r} is not a name: give presets ({', '.join(RECORD_PRESETS)}) "
                f"and property paths as strings, {example}"
            )
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


class Recorder:
    """Rows of recorded values, their step numbers, and an optional CSV stream.

    With ``clock`` (and some names), each row starts with the simulation time
    read from JSBSim (the getters given to the loop start with its getter).

    The step loop writes rows into :attr:`chunk` at :attr:`offset`, after
    :meth:`room` made space; :meth:`append_row` writes one row read now. The
    runner then registers the rows' step numbers with :meth:`add_steps`;
    :meth:`recording` returns everything so far.
    """

    def __init__(
        self,
        names: Sequence[str],
        dt_s: float,
        *,
        stream_csv: str | os.PathLike[str] | None = None,
        meta: dict[str, MetaValue] | None = None,
        clock: bool = False,
    ):
        self.names = list(names)
        self.dt_s = dt_s
        self.meta: dict[str, MetaValue] = dict(meta or {})
        self.clock = clock and bool(self.names)
        self._lead = 1 if self.clock else 0  # the time, read with the row, comes first
        self._width = max(1, len(self.names) + self._lead)
        self._row_bytes = 8 * self._width
        self._runs: list[list[int]] = []  # [first step, row count, step spacing]
        self.last_step: int | None = None
        """Step number of the last recorded row, or None."""
        self._rows = 0
        self._chunks: list[np.ndarray] = []  # full chunks, (rows, width) each
        self._sealed_rows = 0
        self._new_chunk(CHUNK_ROWS)
        self._written_rows = 0  # rows already in the CSV stream
        self._scratch = array("d", bytes(8 * _steploop_pure.STATE_SIZE))
        self._stream: TextIO | None = None
        self.stream_path = Path(stream_csv) if stream_csv is not None else None

    def begin(self) -> None:
        """Open the CSV stream (header and sidecar) when a run starts; idempotent.

        Nothing is written before: a run that fails before its first step
        (a failed trim, say) leaves an existing file of that name untouched.
        """
        if self.stream_path is None or self._stream is not None:
            return
        self.stream_path.parent.mkdir(parents=True, exist_ok=True)
        self._stream = self.stream_path.open("w", newline="")
        self._stream.write(",".join([TIME_COLUMN, *self.names]) + "\n")
        self._stream.flush()
        self.write_meta()

    def __len__(self) -> int:
        return self._rows

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

    def append_row(self, getters: tuple[Callable[[], float], ...]) -> None:
        """Write one row read from ``getters`` now (then register it with :meth:`add_steps`)."""
        self.room(1)
        _steploop_pure.step_rows(None, 0, 1, getters, self.chunk, self.offset, (), self._scratch)

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
        self.last_step = first + (count - 1) * every

    def _new_chunk(self, rows: int) -> None:
        self._capacity = rows
        self.chunk = bytearray(rows * self._row_bytes)
        # numpy's view of the chunk, made once: the loop writes, numpy reads, no copy
        self._chunk_rows = np.frombuffer(self.chunk, dtype=np.float64).reshape(rows, self._width)

    def _current_rows(self) -> np.ndarray:
        """The rows of the current chunk, shape (rows, width), a view."""
        return self._chunk_rows[: self._rows - self._sealed_rows]

    def _seal(self) -> None:
        """Keep the current chunk's rows as a numpy view (streaming them first)."""
        self.flush()
        current = self._current_rows()
        if len(current):
            self._chunks.append(current)
            self._sealed_rows += len(current)

    def _rows_from(self, first: int, *, own: bool = False) -> np.ndarray:
        """Every row from row ``first`` on, shape (rows, width): a view of the current
        chunk when they are all there (a copy with ``own``), else a new array."""
        sealed = self._sealed_rows
        if first >= sealed:  # the usual case of a run's segment
            rows = self._chunk_rows[first - sealed : self._rows - sealed]
            return rows.copy() if own else rows
        parts, start = [], 0
        for part in [*self._chunks, self._current_rows()]:
            if start + len(part) > first:
                parts.append(part[max(0, first - start) :])
            start += len(part)
        if not parts:
            return np.empty((0, self._width))
        return np.concatenate(parts)

    def _steps_from(self, first_row: int) -> np.ndarray:
        """Step numbers of the rows from row ``first_row`` on (newest runs walked first)."""
        first, count, every = self._runs[-1] if self._runs else (0, 0, 1)
        before = self._rows - count
        if first_row >= before:  # all in the last run: a run's segment, usually
            return np.arange(first + every * (first_row - before), first + every * count, every)
        parts, rows = [], self._rows
        for first, count, every in reversed(self._runs):
            if rows <= first_row:
                break
            rows -= count
            skip = max(0, first_row - rows)
            parts.append(first + every * np.arange(skip, count))
        parts.reverse()
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)

    def flush(self) -> None:
        """Write the rows not yet streamed to the CSV and flush it to the OS."""
        if self.stream_path is None:
            return
        if self._stream is None and self._rows:
            self.begin()
        if self._stream is None:
            return
        if self._written_rows < self._rows:
            if self.clock:  # the time is in the row
                rows = self._rows_from(self._written_rows).tolist()
                times = [row.pop(0) for row in rows]
            else:
                times = (self._steps_from(self._written_rows) * self.dt_s).tolist()
                if self.names:
                    rows = self._rows_from(self._written_rows).tolist()
                else:  # steps registered without properties: the time alone
                    rows = [[] for _ in times]
            lines = [",".join(map(repr, [t, *row])) for t, row in zip(times, rows, strict=True)]
            self._stream.write("\n".join(lines) + "\n")
            self._written_rows = self._rows
        self._stream.flush()

    def write_meta(self) -> None:
        """Write the metadata sidecar beside the streamed CSV (once the run began)."""
        if self._stream is not None and self.stream_path is not None:
            write_meta(self.stream_path, self.meta)

    def close(self) -> None:
        """Flush and close the stream (the recording stays readable)."""
        if self._stream is not None:
            self.flush()
            self.write_meta()
            self._stream.close()
            self._stream = None

    def last_time(self) -> float:
        """The time [s] of the last row (there must be one)."""
        current = self._rows - self._sealed_rows
        if self.clock and current:  # read where it is: the end of a run, usually
            return float(self._chunk_rows[current - 1, 0])
        return float(self.times(self._rows - 1)[0])

    def times(self, first_row: int = 0) -> np.ndarray:
        """The time [s] of each row from row ``first_row`` on (JSBSim's clock when
        ``clock``, else step x dt); a view where it can be (do not write to it)."""
        if self.clock:
            return self._rows_from(first_row)[:, 0]
        return self._steps_from(first_row) * self.dt_s

    def recording(self, first_row: int = 0) -> Recording:
        """The rows from row ``first_row`` on as a :class:`Recording`.

        The time is JSBSim's clock read with each row when ``clock`` (the
        getters then start with ``simulation/sim-time-sec``), else step x dt.

        Only those rows are read: a run's own segment costs what the segment
        holds, however long the history. The rows are copied once out of the
        chunks (the recording's own, whatever is recorded later), and split
        into columns only when the recording is read
        (:meth:`Recording.from_rows`).
        """
        if self.clock:
            return Recording.from_rows(
                self._rows_from(first_row, own=True), self.names, dict(self.meta)
            )
        block = self._rows_from(first_row).T.copy() if self.names else ()  # a row per column
        return Recording(
            self.times(first_row), dict(zip(self.names, block, strict=True)), dict(self.meta)
        )


def first_non_finite(rec: Recording) -> tuple[str, float, float] | None:
    """The first (property, value, time [s]) in ``rec`` that is NaN or infinite."""
    best: tuple[str, float, float] | None = None
    for name in rec.names:
        bad = np.flatnonzero(~np.isfinite(rec[name]))
        if len(bad) and (best is None or rec.time_s[bad[0]] < best[2]):
            best = (name, float(rec[name][bad[0]]), float(rec.time_s[bad[0]]))
    return best
