"""A recorded run: simulation time plus named columns with units.

Columns are named by their JSBSim property path (``position/h-sl-ft``) and
their unit is read from that name (:func:`flightsim.units.property_unit`).
On disk a recording is a plain CSV whose first column is ``sim-time-sec`` and
whose header row names the properties, optionally beside a ``.meta.json``
sidecar (aircraft, dt, trim values...), or an ``.npz`` archive holding both.
A CSV cut short by a killed process is read up to its last complete row.
"""

from __future__ import annotations

import json
import os
import zipfile
import zlib
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from flightsim.errors import ConfigError, NotFoundError, PropertyError, require_extra, suggest
from flightsim.files import UnreadableFileError, read_text_bounded
from flightsim.units import property_unit

TIME_COLUMN = "sim-time-sec"
"""Name of the time column [s] in every recording and CSV file."""

MetaValue = str | float | int | bool | list[int] | None
"""A metadata value (``list[int]``: the rows of :data:`RESETS_KEY`)."""

MAX_CSV_BYTES = 2 * 1024**3
"""Largest CSV recording read [bytes]: 2 GiB, over a day of 100 Hz rows of 200 bytes."""
RESETS_KEY = "resets"
"""Metadata key: the data rows (0-based, the header not counted) where the simulation
was reset and its clock started again, e.g. ``"resets": [4801, 9602]``; a note
``reset/<n>`` says what the clock did at the n-th. The runner writes it
(``Simulation``), :func:`reset_rows` reads it (``flightsim report``)."""


def reset_rows(meta: dict[str, MetaValue], source: str | Path | None = None) -> list[int]:
    """The rows of :data:`RESETS_KEY` in ``meta`` ([] when absent).

    A list of whole numbers >= 0, or a string of them separated by commas (a
    hand-written sidecar); anything else is a ConfigError naming ``source``.
    """
    value = meta.get(RESETS_KEY)
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else value
    try:
        if not isinstance(items, list) or not items:
            raise ValueError(value)
        rows = [_row_number(item) for item in items]
    except ValueError:
        raise ConfigError(
            f"metadata '{RESETS_KEY}' = {value!r}: expected a list of row numbers, "
            "e.g. [4801, 9602]",
            file=source,
        ) from None
    return rows


def _row_number(item: object) -> int:
    """A whole number >= 0 (an int, or its text), else ValueError."""
    if isinstance(item, bool) or not isinstance(item, (int, str)):
        raise ValueError(item)
    row = int(item)
    if row < 0:
        raise ValueError(item)
    return row


def meta_path_for(path: str | os.PathLike[str]) -> Path:
    """The metadata sidecar of a CSV recording: ``run.csv`` -> ``run.meta.json``."""
    p = Path(path)
    return p.with_name(p.stem + ".meta.json")


READ_NOTES = frozenset({"dropped_last_row"})
"""Metadata about reading one file, not about the run: never written into a file."""


def _stored(meta: dict[str, MetaValue]) -> dict[str, MetaValue]:
    """``meta`` without :data:`READ_NOTES`: what a recording file keeps."""
    return {key: value for key, value in meta.items() if key not in READ_NOTES}


def write_meta(csv_path: str | os.PathLike[str], meta: dict[str, MetaValue]) -> Path:
    """Write ``meta`` as the JSON sidecar of the CSV recording ``csv_path``; return its path."""
    sidecar = meta_path_for(csv_path)
    sidecar.write_text(json.dumps(_stored(meta), indent=2, allow_nan=True))
    return sidecar


class Recording:
    """Simulation time [s] and one numpy column per recorded property.

    ``rec["position/h-sl-ft"]`` returns a column (an unknown name raises
    :class:`~flightsim.errors.PropertyError` with close names);
    ``rec.unit(name)`` gives its unit; ``rec.meta`` holds run facts
    (``aircraft``, ``dt_s``, trim values as ``trim/<property>``...).

    ``Recording(time_s, columns, meta)`` checks every column against the time;
    :meth:`from_rows` (how the runner returns each run's segment) keeps the
    rows as they were recorded and makes the columns when first asked for.
    """

    def __init__(
        self,
        time_s: np.ndarray | Sequence[float],
        columns: dict[str, np.ndarray],
        meta: dict[str, MetaValue] | None = None,
    ):
        self._rows: np.ndarray | None = None  # rows not yet split into columns (from_rows)
        self._names: Sequence[str] = ()
        self._time_s = np.asarray(time_s, dtype=float)
        n = len(self._time_s)
        for name, values in list(columns.items()):
            arr = np.asarray(values, dtype=float)
            if arr.shape != (n,):
                raise ConfigError(
                    f"column '{name}' has shape {arr.shape}, expected ({n},) like {TIME_COLUMN}"
                )
            columns[name] = arr
        self._columns = columns
        self.meta: dict[str, MetaValue] = meta if meta is not None else {}

    @classmethod
    def from_rows(
        cls, rows: np.ndarray, names: Sequence[str], meta: dict[str, MetaValue]
    ) -> Recording:
        """A recording of ``rows``, shape (rows, 1 + columns): the time [s], then ``names``.

        ``rows`` becomes the recording's own (pass a copy); it is split into
        contiguous columns the first time the time or a column is asked for,
        so a recording nobody reads costs no more than its rows.
        """
        if rows.ndim != 2 or rows.shape[1] != 1 + len(names):
            raise ConfigError(f"rows of shape {rows.shape} for the time and {len(names)} columns")
        rec = cls.__new__(cls)
        rec._rows, rec._names, rec.meta = rows, names, meta
        return rec

    def _split(self) -> None:
        """Make the time and the columns out of the rows of :meth:`from_rows`."""
        rows = self._rows
        if rows is None:
            return
        block = np.ascontiguousarray(rows.T, dtype=float)  # one row a column
        self._time_s = block[0]
        self._columns = dict(zip(self._names, block[1:], strict=True))
        self._rows = None

    @property
    def time_s(self) -> np.ndarray:
        """Simulation time [s] of each row."""
        self._split()
        return self._time_s

    @time_s.setter
    def time_s(self, values: np.ndarray) -> None:
        self._split()
        self._time_s = values

    @property
    def columns(self) -> dict[str, np.ndarray]:
        """Each recorded property's values, by name, in recording order."""
        self._split()
        return self._columns

    @columns.setter
    def columns(self, values: dict[str, np.ndarray]) -> None:
        self._split()
        self._columns = values

    def __repr__(self) -> str:
        """A one-line summary: rows, time span [s], columns (the first few), aircraft."""
        names = self.names
        shown = ", ".join(names[:4]) + (f", ... (+{len(names) - 4})" if len(names) > 4 else "")
        span = f", {self.time_s[0]:g}-{self.time_s[-1]:g} s" if len(self) else ""
        aircraft = f", aircraft={self.meta['aircraft']!r}" if "aircraft" in self.meta else ""
        return (
            f"Recording({len(self):,} rows{span}, {len(names)} columns: {shown or 'none'}"
            f"{aircraft})"
        )

    # -- access ---------------------------------------------------------------
    @property
    def names(self) -> list[str]:
        """Property names of the columns, in recording order (time not included)."""
        return list(self._keys())

    def _keys(self) -> Collection[str]:
        """The column names, without splitting rows not yet split."""
        return self._names if self._rows is not None else self._columns.keys()

    def __len__(self) -> int:
        return len(self._rows if self._rows is not None else self._time_s)

    def __contains__(self, name: object) -> bool:
        return name == TIME_COLUMN or name in self._keys()

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def __getitem__(self, name: str) -> np.ndarray:
        if name == TIME_COLUMN:
            return self.time_s
        try:
            return self.columns[name]
        except KeyError:
            raise PropertyError(
                f"no column '{name}' in this recording.{suggest(name, self.columns)} "
                f"Recorded: {', '.join(self.columns) or 'nothing'}"
            ) from None

    def unit(self, name: str) -> str:
        """Unit of a column, from its JSBSim name (``"s"`` for the time column)."""
        if name == TIME_COLUMN:
            return "s"
        self[name]  # raises for an unknown name
        return property_unit(name)

    @property
    def duration_s(self) -> float:
        """Time from the first to the last sample [s] (0 when empty)."""
        return float(self.time_s[-1] - self.time_s[0]) if len(self.time_s) else 0.0

    # -- files ----------------------------------------------------------------
    def to_csv(self, path: str | os.PathLike[str]) -> Path:
        """Write ``sim-time-sec`` and every column to CSV (full float precision).

        Metadata, when any, goes to the ``.meta.json`` sidecar. Returns the path.
        """
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        data = np.column_stack([self.time_s, *self.columns.values()]) if len(self) else None
        with out.open("w", newline="") as handle:
            handle.write(",".join([TIME_COLUMN, *self.columns]) + "\n")
            if data is not None:
                np.savetxt(handle, data, delimiter=",", fmt="%.17g")
        if self.meta:
            write_meta(out, self.meta)
        return out

    def to_npz(self, path: str | os.PathLike[str]) -> Path:
        """Write a compressed ``.npz``: one array per column plus the metadata as JSON."""
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        arrays = {TIME_COLUMN: self.time_s, **self.columns}
        payload: dict[str, np.ndarray] = {
            "__names__": np.array(list(arrays), dtype=str),
            "__meta__": np.array(json.dumps(_stored(self.meta))),
        }
        payload.update({f"c{i}": values for i, values in enumerate(arrays.values())})
        np.savez_compressed(out, allow_pickle=False, **payload)
        return out

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` indexed by ``sim-time-sec`` (needs the ``pandas`` extra)."""
        pd: Any = require_extra("pandas", "pandas")
        frame = pd.DataFrame(self.columns, index=pd.Index(self.time_s, name=TIME_COLUMN))
        frame.attrs.update(self.meta)
        return frame

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Recording:
        """Read a recording written by :meth:`to_csv` or :meth:`to_npz` (by extension)."""
        p = Path(path)
        if p.is_dir():
            raise ConfigError(
                f"{p} is a folder, not a recording: give a .csv or .npz file flightsim wrote"
            )
        if not p.exists():
            raise NotFoundError(f"no recording file '{p}'")
        if p.suffix.lower() == ".npz":
            return cls.from_npz(p)
        return cls.from_csv(p)  # a pipe or device: refused by its reader

    @classmethod
    def from_csv(cls, path: str | os.PathLike[str]) -> Recording:
        """Read a CSV recording; a last row cut short by a killed writer is dropped.

        The last row is taken as cut short when the file does not end in a
        newline, or when that row has fewer fields than the header; it is then
        dropped if what it holds reads as numbers, and the metadata notes it:
        ``meta["dropped_last_row"] = True``. Any other bad row (a non-number, a
        wrong field count, also in a complete last row) is a ConfigError naming
        ``file:line``. A path that is no regular file (a pipe, a device) or holds
        more than :data:`MAX_CSV_BYTES` is refused (:func:`flightsim.files.read_text_bounded`).
        """
        p = Path(path)
        try:
            text = read_text_bounded(p, MAX_CSV_BYTES)
        except UnreadableFileError as exc:
            raise ConfigError(f"cannot read recording: {exc}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read recording: {exc}", file=p) from None
        lines = text.splitlines()
        header = lines[0].split(",") if lines else []
        if not header or header[0] != TIME_COLUMN:
            raise ConfigError(
                f"not a flightsim recording: the first column must be '{TIME_COLUMN}'", file=p
            )
        body = lines[1:]
        dropped = bool(body) and _cut_short(body[-1], len(header), text.endswith("\n"))
        if dropped:
            body.pop()  # a truncated final row: the writer was killed mid-row
        try:
            table = (
                np.loadtxt(body, delimiter=",", dtype=float, ndmin=2)
                if body
                else np.empty((0, len(header)))
            )
        except ValueError:
            table = None
        if table is None or (len(body) and table.shape[1] != len(header)):
            number, problem = next(
                (n, why) for n, row in enumerate(body, 2) if (why := _row_problem(row, header))
            )
            raise ConfigError(f"{problem}; fix or delete the row", file=p, line=number)
        table = table.reshape(len(body), len(header))
        meta: dict[str, MetaValue] = {}
        sidecar = meta_path_for(p)
        if sidecar.is_file():
            try:
                meta = json.loads(sidecar.read_text())
            except (OSError, ValueError) as exc:
                raise ConfigError(f"cannot read metadata: {exc}", file=sidecar) from None
        if dropped:
            meta["dropped_last_row"] = True
        columns = {name: table[:, i] for i, name in enumerate(header[1:], start=1)}
        return cls(table[:, 0], columns, meta)

    @classmethod
    def from_npz(cls, path: str | os.PathLike[str]) -> Recording:
        """Read an ``.npz`` written by :meth:`to_npz`.

        A file that is not such an archive (not a zip, truncated, corrupt data,
        missing arrays) is a ConfigError naming the file.
        """
        p = Path(path)
        if not p.is_file():
            raise NotFoundError(f"no recording file '{p}'")
        if not zipfile.is_zipfile(p):  # else numpy would talk of pickles
            raise ConfigError(
                "not a readable flightsim .npz recording (not a zip archive): the file is "
                "damaged or was not written by Recording.to_npz",
                file=p,
            )
        try:
            with np.load(p, allow_pickle=False) as archive:
                names = [str(n) for n in archive["__names__"]]
                meta = json.loads(str(archive["__meta__"]))
                arrays = [archive[f"c{i}"] for i in range(len(names))]
        except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
            reason = str(exc) or type(exc).__name__
            raise ConfigError(
                f"not a readable flightsim .npz recording ({reason}): the file is damaged "
                "or was not written by Recording.to_npz",
                file=p,
            ) from None
        if not names or names[0] != TIME_COLUMN:
            raise ConfigError(f"first array must be '{TIME_COLUMN}'", file=p)
        if not isinstance(meta, dict):
            raise ConfigError("the metadata of this .npz recording is not a JSON object", file=p)
        return cls(arrays[0], dict(zip(names[1:], arrays[1:], strict=True)), meta)


def _cut_short(line: str, width: int, ends_in_newline: bool) -> bool:
    """Whether the last CSV line is a row a killed writer left unfinished.

    Without a final newline its last field may be cut anywhere, so every field
    before it must read as a number; with one, it must be fewer than ``width``
    fields that all read as numbers (a row cut at a field boundary).
    """
    fields = line.split(",")
    if len(fields) > width or (ends_in_newline and len(fields) == width):
        return False
    whole = fields if ends_in_newline else fields[:-1]
    return all(_is_number(text) for text in whole)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _row_problem(line: str, header: list[str]) -> str | None:
    """What is wrong with one CSV line (``None`` when it is ``len(header)`` numbers)."""
    fields = line.split(",")
    if len(fields) != len(header):
        return f"row has {len(fields)} fields, expected {len(header)} like the header"
    for column, text in zip(header, fields, strict=True):
        if not _is_number(text):
            return f"row has a non-number: {text.strip()[:40]!r} in column '{column}'"
    return None
