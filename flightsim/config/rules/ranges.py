"""Numbers outside the range where JSBSim works as the file means (FS207).

A script's ``<run dt=...>`` must be positive (``FGFDMExec`` adds dt to the
time each step: with 0 the time stands still and the script never ends, a
negative one runs time backwards) and its ``end`` after its ``start``
(``FGScript::RunScript`` returns at once when the time is past the end: the
script runs nothing and says nothing).
"""

from __future__ import annotations

from collections.abc import Iterator

from flightsim.config.diagnostics import Diagnostic, Severity
from flightsim.config.document import ConfigFile, first_child
from flightsim.config.rules import check, rule
from flightsim.config.rules.vocabulary_rules import parse_number

FS207 = rule("FS207", Severity.ERROR, "a number is outside the range where JSBSim works as meant")


@check(FS207, scope="file")
def script_timing(config: ConfigFile) -> Iterator[Diagnostic]:
    """A script's step is positive and its end after its start."""
    if config.kind != "runscript":
        return
    run = first_child(config.root, "run")
    if run is None:
        return
    dt = parse_number(run.get("dt", ""))
    if dt is not None and dt <= 0:
        yield FS207.at(
            config,
            run,
            f'dt="{run.get("dt")}" on <run> is not positive: the simulation time '
            + ("stands still and the script never ends" if dt == 0 else "runs backwards"),
            hint='give the time step in seconds, e.g. dt="0.008333" (120 Hz)',
            token=run.get("dt"),
        )
    start = parse_number(run.get("start", "0"))
    end = parse_number(run.get("end", ""))
    if start is not None and end is not None and end <= start:
        yield FS207.at(
            config,
            run,
            f'end="{run.get("end")}" on <run> is not after start="{start:g}": JSBSim runs '
            "the script for no time at all, without a word",
            hint="end is the time [s] at which the script stops, not a duration from now",
            token=run.get("end"),
        )
