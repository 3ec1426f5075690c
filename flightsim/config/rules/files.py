"""File reference rules (FS6xx): ``file=`` targets exist, can be read and have the right root."""

from __future__ import annotations

import os
import shlex
from collections.abc import Iterator
from pathlib import Path

from flightsim.config.diagnostics import Diagnostic, Severity
from flightsim.config.document import (
    Document,
    display_path,
    first_child,
    load_aircraft,
    load_file,
)
from flightsim.config.rules import check, refuses, rule, run_checks
from flightsim.config.rules.vocabulary_rules import FS113
from flightsim.config.running_engines import START_HINT, starts_no_engine, unstarted
from flightsim.config.safexml import XMLReadError
from flightsim.errors import ConfigError, NotFoundError
from flightsim.files import MAX_FILE_BYTES
from flightsim.paths import AircraftLocation, find_script_aircraft, jsbsim_root, with_xml

FS601 = rule("FS601", Severity.ERROR, "a file= reference does not resolve to a file", refuses=True)
FS602 = rule(
    "FS602", Severity.ERROR, "a referenced file's root element does not match", refuses=True
)
FS603 = rule("FS603", Severity.ERROR, "a script's aircraft or initialisation file is not found")
FS604 = rule(
    "FS604", Severity.ERROR, "a referenced file cannot be read (folder, permission, binary, size)"
)
FS605 = rule(
    "FS605", Severity.ERROR, "a script's aircraft has errors that make JSBSim refuse to load it"
)


@check(FS601, FS602, FS604, scope="document")
def file_references(document: Document) -> Iterator[Diagnostic]:
    """Every ``file=`` of the aircraft resolves to a readable file of the expected kind."""
    for ref in document.references:
        written = f'<{ref.element.tag!s} {ref.attribute}="{ref.name}">'
        if ref.resolved is None:
            searched = ", ".join(display_path(p) for p in ref.candidates)
            message = f"{written}: no such file (searched {searched})"
            hint = 'fix the name (".xml" is appended) or put the file in one of those folders'
            if ref.misplaced is not None:
                message += (
                    f"; {display_path(ref.misplaced)} exists, but JSBSim does not look there "
                    f"for the file of <{ref.element.tag!s}>, and stops loading"
                )
                hint = "move the file into one of the folders searched"
            yield FS601.at(ref.source, ref.element, message, hint=hint, token=ref.name)
        elif ref.error is not None:
            yield FS604.at(
                ref.source,
                ref.element,
                f"{written}: {ref.error}",
                hint="JSBSim cannot read it either: replace it with the JSBSim XML file meant",
                token=ref.name,
                refuses=not _too_large(ref.resolved),
            )
        elif ref.target is not None and ref.target.kind not in ref.expected_roots:
            expected = " or ".join(f"<{r}>" for r in sorted(ref.expected_roots))
            yield FS602.at(
                ref.source,
                ref.element,
                f"{written} loads {ref.target.display} whose root "
                f"is <{ref.target.kind}>, expected {expected}; JSBSim would not find its content",
                hint="reference a file of the right kind",
                token=ref.name,
            )


def _too_large(path: str) -> bool:
    """``path`` is a file over flightsim's read limit (:data:`~flightsim.files.MAX_FILE_BYTES`),
    which JSBSim 1.3.3 loads (measured with a 17 MiB engine file); other unreadable files
    (binary, no permission) it refuses."""
    return os.path.isfile(path) and os.path.getsize(path) > MAX_FILE_BYTES


@check(FS603, scope="document")
def script_references(document: Document) -> Iterator[Diagnostic]:
    """A script's ``<use aircraft= initialize=>`` name an aircraft and an IC file that exist."""
    main = document.main
    if main.kind != "runscript":
        return
    use = first_child(main.root, "use")
    if use is None or not use.get("aircraft"):
        return
    name = use.get("aircraft", "")
    try:
        location = find_script_aircraft(name, document.aircraft_dirs)
    except NotFoundError as exc:
        yield FS603.at(
            main,
            use,
            str(exc).split(" Searched:")[0],
            hint="an aircraft of your own: pass the folder holding <name>/<name>.xml with "
            "--aircraft-dir (aircraft_dirs= in Python)",
        )
        return
    initialize = use.get("initialize")
    if initialize:
        file_name = with_xml(initialize)
        if not (location.folder / file_name).is_file():
            yield FS603.at(
                main,
                use,
                f"initialisation file '{initialize}' is not in {display_path(location.folder)}",
                hint='initialize= names a file in the aircraft\'s folder (".xml" appended)',
            )


@check(FS605, scope="document")
def script_aircraft_loads(document: Document) -> Iterator[Diagnostic]:
    """A script's aircraft has no error of a rule that makes JSBSim refuse the aircraft
    (:func:`~flightsim.config.rules.refuses`): JSBSim refuses the script with it.
    Reported at the script's ``<use>``, with the count and the command showing them."""
    if document.main.kind != "runscript":
        return
    use = first_child(document.main.root, "use")
    name = use.get("aircraft", "") if use is not None else ""
    if use is None or not name:
        return
    try:
        location = find_script_aircraft(name, document.aircraft_dirs)
        aircraft = load_aircraft(location.main_file, document.root_dir)
    except (NotFoundError, XMLReadError):  # FS603, or FS101 when the aircraft is validated
        return
    refusing = [d for d in run_checks(aircraft) if refuses(d)]
    if not refusing:
        return
    first = refusing[0]
    where = f"{first.file}:{first.line}" if first.line is not None else first.file
    count = len(refusing)
    command = _validate_arguments(location, document.root_dir)
    yield FS605.at(
        document.main,
        use,
        f"JSBSim refuses to load the aircraft '{name}' ({display_path(location.main_file)}), "
        f"so it refuses this script: the aircraft has {count} "
        f"{'errors that stop' if count != 1 else 'error that stops'} its load, the first "
        f"{first.code} at {where}: {first.message}",
        hint=f"see them all with 'flightsim validate {command}' and fix the aircraft",
        token=name,
    )


def _validate_arguments(location: AircraftLocation, root_dir: Path) -> str:
    """How ``flightsim validate`` is given an aircraft: by name when it finds it so (a
    bundled or project aircraft), else by its folder; with ``--root`` when the JSBSim root
    is not the bundled one (its engines and systems are searched there)."""
    root = "" if root_dir == jsbsim_root() else f"--root {shlex.quote(display_path(root_dir))} "
    if location.source == "user":
        return root + shlex.quote(display_path(location.folder))
    return root + shlex.quote(location.name)


def _engine_count(main_file: Path) -> int | None:
    """The number of ``<engine>`` elements of an aircraft's propulsion (None: unreadable)."""
    try:
        propulsion = first_child(load_file(main_file).root, "propulsion")
        if propulsion is not None and propulsion.get("file"):
            propulsion = load_file(main_file.parent / with_xml(propulsion.get("file", ""))).root
    except (XMLReadError, ConfigError, OSError):
        return None
    return 0 if propulsion is None else sum(1 for _ in propulsion.iterchildren("engine"))


@check(FS113, scope="document")
def script_running_engines(document: Document) -> Iterator[Diagnostic]:
    """A script's initialisation file starts engines the aircraft has: JSBSim reads each
    ``<running>`` as an engine index (-1: all) and silently starts none for an index the
    aircraft lacks (``<running>1</running>`` written as "yes" on a single)."""
    if document.main.kind != "runscript":
        return
    use = first_child(document.main.root, "use")
    ic_file = next(
        (ref.target for ref in document.references if ref.attribute == "initialize"), None
    )
    if use is None or ic_file is None:
        return
    try:
        location = find_script_aircraft(use.get("aircraft", ""), document.aircraft_dirs)
    except NotFoundError:
        return
    if next(ic_file.root.iter("running"), None) is None:
        return
    engines = _engine_count(location.main_file)
    if engines is None:
        return
    for element, text in unstarted(ic_file.root, engines):
        yield FS113.at(
            ic_file, element, starts_no_engine(text, location.name, engines), hint=START_HINT
        )
