"""What the runner reads from a JSBSim script file itself: aircraft, IC file, dt, end time.

JSBSim loads and runs the script (``FGFDMExec.load_script``); flightsim only
needs its ``<use aircraft=... initialize=...>`` to find the aircraft (also in
user folders) and check its initialization file first, and ``<run dt=...
end=...>`` for the step and the progress total.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from flightsim.config.safexml import read_xml
from flightsim.errors import ConfigError


@dataclass(frozen=True)
class ScriptHeader:
    """A script's aircraft name, its initialization file as written (None when
    not given), integration step ``dt_s`` [s] (0 when not given) and ``end_s``
    [s] (inf when not given)."""

    aircraft: str
    initialize: str | None
    dt_s: float
    end_s: float


def read_script_header(path: Path) -> ScriptHeader:
    """Read the ``<use>`` and ``<run>`` elements of a JSBSim script."""
    root = read_xml(path)
    use = root.find("use")
    if use is None or not use.get("aircraft"):
        raise ConfigError("script has no <use aircraft=...>", file=path)
    run = root.find("run")
    dt_s, end_s = 0.0, math.inf
    if run is not None:
        try:
            dt_s = float(run.get("dt", "0"))
            end_s = float(run.get("end", "inf"))
        except ValueError as exc:
            raise ConfigError(f"<run>: {exc}", file=path, line=run.sourceline) from None
    initialize = (use.get("initialize") or "").strip() or None
    return ScriptHeader(str(use.get("aircraft")), initialize, dt_s, end_s)
