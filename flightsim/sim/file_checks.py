"""The validator's checks on a user's XML file, before JSBSim reads it.

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
"""

from __future__ import annotations

import shlex
from pathlib import Path

from flightsim.config.diagnostics import Diagnostic, Severity
from flightsim.errors import ConfigError
from flightsim.paths import Folders, folder_list


def check_ic_file(path: Path) -> None:
    """Refuse an initialization file the validator finds an error in (ConfigError)."""
    from flightsim.config.validator import validate_file  # the rules load when first needed

    _refuse(validate_file(path), path)


def check_script(path: Path, aircraft_dirs: Folders = ()) -> None:
    """Refuse a script whose own file or initialization file the validator finds an
    error in (ConfigError); its aircraft is found as the runner finds it."""
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
        f"(every finding: 'flightsim validate {options}{shlex.quote(str(path))}'), or pass "
        "guard=False (--no-guard on the command line) to hand it to JSBSim unchecked.",
        file=first.file,
        line=first.line,
    )
