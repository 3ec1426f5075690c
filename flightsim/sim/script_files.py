"""What the runner reads from a JSBSim script file itself: aircraft, IC file, dt, end time.

JSBSim loads and runs the script (``FGFDMExec.load_script``); flightsim only
needs its ``<use aircraft=... initialize=...>`` to find the aircraft (also in
user folders) and check its initialization file first, and ``<run dt=...
end=...>`` for the step and the progress total.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from flightsim.config.safexml import read_xml
from flightsim.errors import ConfigError
from flightsim.sim.property_nodes import TRIM_PROPERTY

_QUOTED = re.compile(r'"([^"\s]+)"')
"""A name JSBSim quotes in a message: ``No property, "fcs/throtle-cmd-norm" is defined.``"""


@dataclass(frozen=True)
class ScriptHeader:
    """A script's aircraft name, its initialization file as written (None when
    not given), integration step ``dt_s`` [s] (0 when not given) and ``end_s``
    [s] (inf when not given), and ``use_line`` the line of its ``<use>`` element (None
    when lxml cannot tell), for a message about what ``<use>`` names."""

    aircraft: str
    initialize: str | None
    dt_s: float
    end_s: float
    use_line: int | None = None


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
    return ScriptHeader(str(use.get("aircraft")), initialize, dt_s, end_s, use.sourceline)


def script_line(path: Path, exc: BaseException) -> str:
    """``path:line`` of the one line of the script that names what JSBSim's exception
    is about (the property it quotes; for a failed trim, the script's
    ``simulation/do_simple_trim``), else ``path``: a name on several lines says no line."""
    names = _QUOTED.findall(str(exc))
    if "Trim" in type(exc).__name__:
        names.append(TRIM_PROPERTY)
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return str(path)
    for name in names:
        numbers = [n for n, line in enumerate(lines, 1) if name in line]
        if len(numbers) == 1:
            return f"{path}:{numbers[0]}"
    return str(path)
