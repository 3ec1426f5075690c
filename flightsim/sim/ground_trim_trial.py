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
verdict is remembered for this process (until one of the aircraft's files changes:
:attr:`~flightsim.paths.AircraftLocation.edition`) and the trim runs in the caller.

The child reproduces the aircraft file, the initial conditions and ``dt_s``,
not property values set since the simulation was made.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path

from flightsim.errors import TrimError
from flightsim.paths import AircraftLocation, EditionCache
from flightsim.sim.child_process import DEFAULT_TIMEOUT_S, run_module, signal_name
from flightsim.sim.initial_conditions import InitialConditions

_TRIM_FAILED = 3
"""Exit code of a child whose trim failed normally (TrimError): the caller reports it."""
_VERDICTS: EditionCache[TrimError | None] = EditionCache()
"""What a child made of each setup: None when its ground trim finished or failed normally,
else the error that refuses it (a crash, a hang), raised again without a new child."""


def check_ground_trim(
    aircraft: AircraftLocation,
    ic: InitialConditions | None,
    ic_file: Path | None,
    dt_s: float,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> None:
    """Raise TrimError when JSBSim's ground trim crashes or hangs for this setup.

    ``timeout_s`` [s] bounds the child. A normal trim failure is left to the
    trim in the caller, which reports it with JSBSim's reason.
    """
    spec = {
        "main_file": str(aircraft.main_file),
        "ic": asdict(ic) if ic is not None else None,
        "ic_file": str(ic_file) if ic_file is not None else None,
        "dt_s": dt_s,
    }
    ic_edition = (ic_file.stat().st_mtime_ns,) if ic_file is not None else ()
    edition = (aircraft.edition[1], *ic_edition)
    verdict = _VERDICTS.get(
        json.dumps(spec, sort_keys=True),
        edition,
        lambda: _try_in_child(aircraft.name, spec, timeout_s),
    )
    if verdict is not None:
        raise verdict


def _try_in_child(name: str, spec: Mapping[str, object], timeout_s: float) -> TrimError | None:
    """Trim the setup ``spec`` on the ground in a child; the error to raise, or None."""
    with tempfile.TemporaryDirectory(prefix="flightsim-trim-") as scratch:
        spec_path = Path(scratch) / "spec.json"
        spec_path.write_text(json.dumps(spec))
        code, stderr, timed_out = run_module(__name__, [str(spec_path)], scratch, timeout_s)
    if code in (0, _TRIM_FAILED):
        return None
    instead = (
        "Settle it on its gear by running the simulation for a few seconds instead of "
        "trimming (or use trim mode 'full' in the air)."
    )
    if timed_out:
        return TrimError(
            f"JSBSim's ground trim of {name} did not finish within {timeout_s:g} s in a test "
            f"process; it is not run here. {instead}"
        )
    crash = signal_name(code)
    if crash is not None:
        return TrimError(
            f"JSBSim's ground trim crashes the process ({crash}) for {name} from these initial "
            f"conditions (seen in a test process; this one is unharmed). {instead}"
        )
    tail = " ".join(stderr.split())[-300:]
    return TrimError(
        f"the test process for the ground trim of {name} failed (exit code {code}), so the "
        f"trim is not run here; its last output: {tail or '(none)'}"
    )


def _trial(spec_path: str) -> int:
    """The child: build the simulation the spec describes, trim it on the ground."""
    from flightsim.sim.simulation import Simulation

    spec = json.loads(Path(spec_path).read_text())
    ic: InitialConditions | str | None = spec["ic_file"]
    if spec["ic"] is not None:
        ic = InitialConditions(**spec["ic"])
    try:  # an initialization file's <trim> already trims while the simulation is made
        sim = Simulation(spec["main_file"], ic=ic, dt_s=spec["dt_s"], record=None, guard=False)
        if sim.trim_result is None or sim.trim_result.mode != "ground":
            sim.trim("ground")
    except TrimError:
        return _TRIM_FAILED
    return 0


if __name__ == "__main__":
    sys.exit(_trial(sys.argv[1]))
