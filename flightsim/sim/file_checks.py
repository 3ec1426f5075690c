"""Checks on a user's XML file before JSBSim reads it: the validator's, then a child's.

JSBSim takes the whole process down on some faults in the files it is given: an
initialization file with an unknown unit (``<altitude unit="FEET">``) or a value
that is no number makes ``FGFDMExec.load_ic`` throw a C++ exception nothing
catches (SIGABRT), also for an aircraft bundled with jsbsim; some script faults
segfault it when their event fires. The runner therefore has the validator
(:mod:`flightsim.config`) check every initialization file and script it hands
JSBSim, with the initialization file a script names, and refuses a file with an
error as a :class:`~flightsim.errors.ConfigError` carrying the validator's
``file:line`` message. Whatever rule the validator has is applied: the runner
keeps no list of faults of its own.

The check is static and cheap (measured: about 0.3 ms for an initialization
file and 2-15 ms for a bundled script with its initialization file once the
validator's rules are loaded, ~70 ms once per process). ``guard=False`` skips it.

What the validator does not know is found by running: before JSBSim reads an
initialization file that does not ship with jsbsim in this process,
:func:`check_ic_load` has it read the file with the aircraft in a child process
(:func:`flightsim.sim.preflight.load_check`; a ``<velocity unit="FT/S">`` aborts
JSBSim, and no validator rule knows it yet). A crash or hang there is a
ConfigError naming the file; the verdict is kept for the process until the
aircraft or the file changes (about 0.3 s a file and aircraft).
"""

from __future__ import annotations

import shlex
from pathlib import Path

from flightsim.config.diagnostics import Diagnostic, Severity
from flightsim.errors import ConfigError
from flightsim.paths import AircraftLocation, EditionCache, Folders, folder_list, jsbsim_root

_IC_LOADS: EditionCache[ConfigError | None] = EditionCache()
"""What a child made of each aircraft and initialization file: None when JSBSim read it
without crashing, else the error that refuses it (raised again without a new child)."""
_STAGES_OF_THE_FILE = ("load_ic", "run_ic", "destroy")
"""Stages of the load check at which a crash is the initialization file's doing."""


def check_ic_file(path: Path) -> None:
    """Refuse an initialization file the validator finds an error in (ConfigError)."""
    from flightsim.config.validator import validate_file  # the rules load when first needed

    _refuse(validate_file(path), path)


def check_script(path: Path, aircraft_dirs: Folders = ()) -> None:
    """Refuse a script whose own file or initialization file the validator finds an
    error in, or whose aircraft has errors JSBSim refuses (FS605), as a ConfigError; its
    aircraft is found as the runner finds it."""
    from flightsim.config.validator import validate

    folders = [str(folder) for folder in folder_list(aircraft_dirs)]
    options = "".join(f"--aircraft-dir {shlex.quote(folder)} " for folder in folders)
    _refuse(validate(path, aircraft_dirs=folders), path, options)


def _refuse(diagnostics: list[Diagnostic], path: Path, options: str = "") -> None:
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if not errors:
        return
    first = errors[0]
    more = len(errors) - 1
    others = f" (and {more} more error{'s' if more != 1 else ''})" if more else ""
    text = f"error {first.code}: {first.message}{others}"
    text += "" if text.endswith((".", "?")) else "."
    hint = f" Hint: {first.hint.rstrip('.')}." if first.hint else ""
    raise ConfigError(
        f"{text}{hint} JSBSim was not given "
        f"{path.name}: it can abort the process on such faults. Fix the file "
        f"(every finding: 'flightsim validate {options}{shlex.quote(str(path))}'), "
        "or pass guard=False to hand it to JSBSim unchecked.",
        file=first.file,
        line=first.line,
    )


def needs_load_check(path: Path, guard: bool | None) -> bool:
    """Whether JSBSim reads ``path`` in a child first: with ``guard=True``, or by
    default for a file that does not ship with jsbsim."""
    if guard is not None:
        return guard
    return not path.resolve().is_relative_to(jsbsim_root().resolve())


def check_ic_load(aircraft: AircraftLocation, path: Path) -> None:
    """Have JSBSim read the initialization file ``path`` with ``aircraft`` in a child
    process first; a ConfigError naming the file when JSBSim crashes or hangs there."""
    edition = (aircraft.edition[1], path.stat().st_mtime_ns)
    error = _IC_LOADS.get(
        (str(aircraft.main_file), str(path)), edition, lambda: _ic_load_error(aircraft, path)
    )
    if error is not None:
        raise error


def _ic_load_error(aircraft: AircraftLocation, path: Path) -> ConfigError | None:
    from flightsim.sim.preflight import CRASH, TIMEOUT, load_check

    result = load_check(aircraft, ic_file=path)
    if not (result.crashed or result.timed_out) or result.stage not in _STAGES_OF_THE_FILE:
        return None  # read, or the aircraft's own fault (the preflight check's business)
    found = next((d for d in result.diagnostics if d.code in (CRASH, TIMEOUT)), None)
    what = " ".join(found.message.split()) if found is not None else result.verdict
    return ConfigError(
        f"JSBSim cannot read this initialization file with {aircraft.name}: {what} "
        "(seen in a test process; this one is unharmed). Fix the file (see "
        f"'flightsim validate {shlex.quote(str(path))}'), "
        "or pass guard=False to hand it to JSBSim unchecked.",
        file=path,
    )
