"""Ground trims tried first in a child process.

JSBSim 1.3's ground trim (``FGTrim::trimOnGround``) segfaults the process on
some aircraft: the bundled gliders ``SGS`` and ``minisgs`` at rest on their
gear do (its rotation search is left without a contact point and erases an
unset iterator). A segfault cannot be caught, so before the first ground trim
of an aircraft from given initial conditions,
:func:`check_ground_trim` builds the same simulation in a child process
(``python -m flightsim.sim.ground_trim_trial SPEC``) and trims it there. When
the child crashes or hangs, the trim is refused with
:class:`~flightsim.errors.TrimError` and the caller lives on; otherwise the
verdict is remembered for this process and the trim runs in the caller.

The child reproduces the aircraft file, the initial conditions and ``dt_s``,
not property values set since the simulation was made.
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from flightsim.errors import TrimError
from flightsim.paths import AircraftLocation, PathLike
from flightsim.sim.child_process import run_module, signal_name
from flightsim.sim.initial_conditions import InitialConditions

_TRIM_FAILED = 3
"""Exit code of a child whose trim failed normally (TrimError): the caller reports it."""
_SURVIVED: set[tuple[object, ...]] = set()
"""Setups whose ground trim was seen to finish (or fail normally) in a child."""


def check_ground_trim(
    aircraft: AircraftLocation,
    ic: InitialConditions | None,
    ic_file: Path | None,
    dt_s: float,
    aircraft_dirs: tuple[PathLike, ...] = (),
    timeout_s: float = 60.0,
) -> None:
    """Raise TrimError when JSBSim's ground trim crashes or hangs for this setup.

    ``timeout_s`` [s] bounds the child. A normal trim failure is left to the
    trim in the caller, which reports it with JSBSim's reason.
    """
    spec = {
        "main_file": str(aircraft.main_file),
        "aircraft_dirs": [str(Path(d).resolve()) for d in aircraft_dirs],
        "ic": asdict(ic) if ic is not None else None,
        "ic_file": str(ic_file) if ic_file is not None else None,
        "dt_s": dt_s,
    }
    key = (json.dumps(spec, sort_keys=True), aircraft.main_file.stat().st_mtime_ns)
    if key in _SURVIVED:
        return
    with tempfile.TemporaryDirectory(prefix="flightsim-trim-") as scratch:
        spec_path = Path(scratch) / "spec.json"
        spec_path.write_text(json.dumps(spec))
        code, stderr, timed_out = run_module(__name__, [str(spec_path)], scratch, timeout_s)
    if timed_out:
        raise TrimError(
            f"JSBSim's ground trim of {aircraft.name} did not finish within {timeout_s:g} s "
            "in a test process; it is not run here. Start it airborne, or settle it on its "
            "gear by running the simulation instead of trimming."
        )
    crash = signal_name(code)
    if crash is not None or code not in (0, _TRIM_FAILED):
        how = crash or f"exit code {code}"
        tail = " ".join(stderr.split())[-300:]
        raise TrimError(
            f"JSBSim's ground trim crashes the process ({how}) for {aircraft.name} from these "
            "initial conditions (seen in a test process; this one is unharmed)"
            + (f"; its last output: {tail}" if tail and crash is None else "")
            + ". Settle it on its gear by running the simulation for a few seconds instead "
            "of trimming (or use trim mode 'full' in the air)."
        )
    _SURVIVED.add(key)


def _trial(spec_path: str) -> int:
    """The child: build the simulation the spec describes, trim it on the ground."""
    from flightsim.sim.simulation import Simulation

    spec = json.loads(Path(spec_path).read_text())
    ic: InitialConditions | str | None = spec["ic_file"]
    if spec["ic"] is not None:
        ic = InitialConditions(**spec["ic"])
    sim = Simulation(
        spec["main_file"],
        ic=ic,
        dt_s=spec["dt_s"],
        aircraft_dirs=spec["aircraft_dirs"],
        record=None,
        guard=False,
    )
    try:
        sim.trim("ground")
    except TrimError:
        return _TRIM_FAILED
    return 0


if __name__ == "__main__":
    sys.exit(_trial(sys.argv[1]))
