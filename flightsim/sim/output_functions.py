"""Functions declared inside an aircraft's ``<output>`` block: never recorded stale.

JSBSim evaluates a ``<function name="...">`` written inside ``<output>`` only
when that output runs. flightsim turns JSBSim's output off by default, so
such a property (``velocities/pi-deg_sec`` in c172x) would keep its first
value for the whole run. :func:`refuse_stale` refuses to record one, naming
the file and line and the properties it is computed from.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from flightsim.config.safexml import read_xml
from flightsim.errors import ConfigError


@dataclass(frozen=True)
class OutputFunction:
    """A function an ``<output>`` block declares: its property, line and inputs."""

    name: str
    line: int
    reads: tuple[str, ...]


@functools.lru_cache(maxsize=64)
def _declared(path: Path, mtime_ns: int) -> dict[str, OutputFunction]:
    root = read_xml(path)
    found: dict[str, OutputFunction] = {}
    for function in root.iterfind("output//function"):
        name = (function.get("name") or "").strip()
        if name:
            reads = tuple(
                dict.fromkeys(
                    (e.text or "").strip() for e in function.iter("p", "property") if e.text
                )
            )
            found[name] = OutputFunction(name, function.sourceline or 0, reads)
    return found


def output_functions(main_file: Path) -> dict[str, OutputFunction]:
    """The functions declared inside ``<output>`` blocks of an aircraft's main file."""
    return _declared(main_file, main_file.stat().st_mtime_ns)


def refuse_stale(main_file: Path, names: Iterable[str]) -> None:
    """ConfigError when one of ``names`` is a function of an ``<output>`` block."""
    declared = output_functions(main_file)
    for name in names:
        function = declared.get(name)
        if function is None:
            continue
        inputs = ", ".join(function.reads) or "its inputs"
        raise ConfigError(
            f"cannot record {name}: it is a function declared inside the aircraft's <output> "
            "block, which JSBSim evaluates only when its file output runs (off in flightsim), "
            f"so its column would stay frozen. Record {inputs} instead and compute it, or "
            "move the <function> into a <system> of the aircraft",
            file=main_file,
            line=function.line,
        )
