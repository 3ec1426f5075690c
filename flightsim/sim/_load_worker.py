"""Child-process side of :mod:`flightsim.sim.preflight`: load one aircraft, run ``run_ic``.

Run as ``python -m flightsim.sim._load_worker EVENTS_FILE MODEL FOLDER ROOT ENGINE SYSTEMS
SCRATCH [IC_FILE]`` (``MODEL`` relative to ``FOLDER``, engines and systems searched in
``ENGINE`` and ``SYSTEMS``)
(with ``IC_FILE``, JSBSim reads that initialization file before ``run_ic``: stage
``load_ic``). The property names listed in ``SCRATCH/``:data:`PROPERTIES_FILE`, one a
line, are created (value 0) before the model loads, as a FlightGear session holds them.
Every step and every JSBSim warning or error is appended to ``EVENTS_FILE`` as
one JSON object per line and flushed at once, so that the parent still knows
how far the child got when JSBSim aborts, segfaults or hangs. The parent owns
the interpretation; this module only reports.
"""

from __future__ import annotations

import json
import os
import sys
from typing import IO

from flightsim.sim.logbridge import LogBridge

PROPERTIES_FILE = "properties.txt"
"""The file of the scratch folder naming the properties to create before loading."""


class _StreamingBridge(LogBridge):
    """A :class:`LogBridge` that also writes each kept record to the events file."""

    def __init__(self, sink: IO[str]):
        super().__init__()
        self._sink = sink

    def flush(self) -> None:
        before = len(self.messages)
        super().flush()
        if len(self.messages) > before:
            record = self.messages[-1]
            _emit(
                self._sink,
                "message",
                level=record.level,
                text=record.text,
                file=record.file,
                line=record.line,
            )


def _emit(sink: IO[str], event: str, **fields: object) -> None:
    sink.write(json.dumps({"event": event, **fields}) + "\n")
    sink.flush()


def _properties(path: str) -> list[str]:
    """The names listed in ``path`` (none when it does not exist)."""
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as names:
        return [line.strip() for line in names if line.strip()]


def main(argv: list[str]) -> int:
    """Load ``MODEL`` from ``FOLDER`` with engines/systems in ``ENGINE``/``SYSTEMS``;
    report each stage."""
    events_path, model, folder, root, engine, systems, scratch, *ic_file = argv
    os.environ["JSBSIM_DEBUG"] = "0"
    import jsbsim

    with open(events_path, "a", encoding="utf-8") as sink:
        jsbsim.set_logger(_StreamingBridge(sink))
        fdm = jsbsim.FGFDMExec(root)
        fdm.set_output_path(scratch)
        fdm.disable_output()
        fdm.disable_input()
        for name in _properties(os.path.join(scratch, PROPERTIES_FILE)):
            fdm[name] = 0.0
        _emit(sink, "stage", stage="load")
        try:
            loaded = fdm.load_model_with_paths(
                model,
                folder,
                engine,
                systems,
                False,
            )
        except Exception as exc:  # JSBSim raises LogExceptionError and others
            _emit(sink, "exception", stage="load", kind=type(exc).__name__, text=str(exc))
            loaded = False
        else:
            _emit(sink, "result", stage="load", ok=bool(loaded))
        if loaded and ic_file:
            _emit(sink, "stage", stage="load_ic")
            try:
                loaded = fdm.load_ic(ic_file[0], False)
            except Exception as exc:
                _emit(sink, "exception", stage="load_ic", kind=type(exc).__name__, text=str(exc))
                loaded = False
            else:
                _emit(sink, "result", stage="load_ic", ok=bool(loaded))
        if loaded:
            fdm.disable_output()
            _emit(sink, "stage", stage="run_ic")
            try:
                initialised = fdm.run_ic()
            except Exception as exc:
                _emit(sink, "exception", stage="run_ic", kind=type(exc).__name__, text=str(exc))
            else:
                _emit(sink, "result", stage="run_ic", ok=bool(initialised))
        _emit(sink, "stage", stage="destroy")
        del fdm
        _emit(sink, "stage", stage="done")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
