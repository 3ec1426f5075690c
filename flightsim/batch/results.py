"""``results.csv``: one row per finished case, appended as each case finishes.

Columns: ``case`` (its number), ``seed``, the swept parameters, the metrics,
``status`` (``ok``, ``failed``, ``crashed``, ``timeout``), ``reason`` (why it
failed, empty when ok) and ``wall_s`` [s] (the case's wall time). Numbers are
written with full precision (``repr``), so a value read back is the value
computed. Rows are in completion order, not case order.

Each row is written and flushed to the operating system as its case finishes:
a batch interrupted by Ctrl-C or killed keeps every finished case, and
:class:`ResultsFile` opened with ``resume=True`` reads them back (a row cut off by
the interruption is dropped and its case runs again). ``batch.json`` beside it
holds the batch's fingerprint: a resumed batch must be the same batch.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from flightsim.errors import ConfigError
from flightsim.units import as_number

__all__ = ["RESULTS_NAME", "ResultsFile", "read_results"]

RESULTS_NAME = "results.csv"
BATCH_NAME = "batch.json"
_FSYNC_INTERVAL_S = 1.0


def results_header(parameters: Sequence[str], metrics: Sequence[str]) -> list[str]:
    """The columns of results.csv, in order."""
    return ["case", "seed", *parameters, *metrics, "status", "reason", "wall_s"]


def cell(value: Any) -> str:
    """A value as written in results.csv: floats in full precision, None empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def parse_cell(text: str) -> Any:
    """A cell read back: None when empty, an int, a float, or the text."""
    if text == "":
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


def read_results(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """The rows of a results.csv (numbers parsed), complete rows only."""
    text = Path(path).read_text()
    complete = text if text.endswith("\n") else text[: text.rfind("\n") + 1]
    reader = csv.DictReader(io.StringIO(complete))
    return [{k: parse_cell(v) for k, v in row.items()} for row in reader]


class ResultsFile:
    """Append-only writer of ``folder/results.csv`` for one batch.

    ``digest`` fingerprints the batch (:meth:`flightsim.batch.Batch.digest`).
    Without ``resume`` an existing results.csv is an error (nothing is
    overwritten); with it, the rows already there are kept
    (:attr:`finished` maps their case numbers to rows) provided the batch is the
    same. ``retry_failed`` (with ``resume``) drops the rows of cases that did not
    finish ok (failed, crashed, timed out), so that they run again; the ok rows are
    rewritten as they were, the file replaced at once (never half written).
    """

    def __init__(
        self,
        folder: str | os.PathLike[str],
        header: Sequence[str],
        digest: str,
        *,
        resume: bool = False,
        retry_failed: bool = False,
    ):
        self.folder = Path(folder)
        self.path = self.folder / RESULTS_NAME
        self.header = list(header)
        self.finished: dict[int, dict[str, Any]] = {}
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = self.folder / BATCH_NAME
        if self.path.exists():
            if not resume:
                raise ConfigError(
                    f"{self.path} exists: resume it (--resume, resume=True) or choose another "
                    "output folder"
                )
            self._check_same_batch(stamp, digest)
            self._read_finished()
            if retry_failed:
                self._drop_failed()
        stamp.write_text(json.dumps({"digest": digest, "columns": self.header}, indent=1) + "\n")
        new = not self.path.exists() or self.path.stat().st_size == 0
        self._handle = self.path.open("a", newline="")
        self._writer = csv.writer(self._handle, lineterminator="\n")
        if new:
            self._writer.writerow(self.header)
            self._handle.flush()
        self._synced = time.monotonic()

    def _check_same_batch(self, stamp: Path, digest: str) -> None:
        try:
            recorded = json.loads(stamp.read_text())
        except (OSError, ValueError):
            recorded = {}
        if recorded.get("digest") != digest or recorded.get("columns") != self.header:
            raise ConfigError(
                f"{self.path} holds the results of another batch (its cases, parameters or "
                "metrics differ): choose another output folder, or remove it to start over"
            )

    def _read_finished(self) -> None:
        text = self.path.read_text()
        if text and not text.endswith("\n"):  # a row cut off by the interruption
            with self.path.open("r+") as handle:
                handle.truncate(text.rfind("\n") + 1)
        rows = read_results(self.path)
        self.finished = {int(row["case"]): row for row in rows}

    def _drop_failed(self) -> None:
        """Rewrite results.csv without the rows whose status is not ``ok``."""
        failed = {case for case, row in self.finished.items() if row["status"] != "ok"}
        if not failed:
            return
        with self.path.open(newline="") as handle:
            rows = list(csv.reader(handle))
        kept = [rows[0], *(r for r in rows[1:] if r and parse_cell(r[0]) not in failed)]
        scratch = self.path.with_name(self.path.name + ".retry")
        with scratch.open("w", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(kept)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(scratch, self.path)
        self.finished = {c: row for c, row in self.finished.items() if c not in failed}

    def append(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """Write one case's row and hand it to the operating system at once; return the
        row as it reads back (the same values a resumed batch sees)."""
        cells = [cell(row.get(name)) for name in self.header]
        self._writer.writerow(cells)
        self._handle.flush()
        now = time.monotonic()
        if now - self._synced >= _FSYNC_INTERVAL_S:  # on disk too, now and then
            os.fsync(self._handle.fileno())
            self._synced = now
        written = {name: parse_cell(text) for name, text in zip(self.header, cells, strict=True)}
        self.finished[int(row["case"])] = written
        return written

    def close(self) -> None:
        if not self._handle.closed:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()

    def __enter__(self) -> ResultsFile:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def is_number(value: Any) -> bool:
    """True for a finite number (not bool: :func:`~flightsim.units.as_number`)."""
    return (number := as_number(value)) is not None and math.isfinite(number)
