"""The validator's entry points: :func:`validate` and :func:`validate_file`.

``validate("c172p")`` (a name, an aircraft folder or its main file) checks the
whole aircraft: the main file and every engine, thruster and system file it
references, found as JSBSim finds them. A script is checked with the
initial-conditions file it uses. Any other JSBSim file (engine, thruster,
system) is checked alone with its own vocabulary. Findings
are :class:`~flightsim.config.diagnostics.Diagnostic` objects, malformed XML
included (FS101). Only input that cannot be read at all raises:
:class:`~flightsim.errors.NotFoundError` (no such file, folder or aircraft, a
folder without an aircraft main file) and
:class:`~flightsim.config.safexml.UnreadableFileError` (a folder given as a
file, no permission, binary content, larger than the size limit).

>>> from flightsim.config import validate
>>> [str(d) for d in validate("c172x") if d.severity.value == "error"]
[]
"""

from __future__ import annotations

import os
from pathlib import Path

from flightsim.config import caches
from flightsim.config import flightgear as flightgear_layout
from flightsim.config.diagnostics import Diagnostic
from flightsim.config.document import (
    Document,
    display_path,
    load_aircraft,
    load_file,
    load_script,
    read_diagnostic,
    single_file_document,
)
from flightsim.config.rules import load_rules, run_checks
from flightsim.config.rules.undefined_properties import flightgear_inputs
from flightsim.config.safexml import XMLReadError
from flightsim.errors import NotFoundError, suggest
from flightsim.paths import (
    Folders,
    PathLike,
    find_aircraft,
    folder_list,
    jsbsim_root,
    no_main_file_hint,
    with_xml,
)


def clear_caches() -> None:
    """Forget every cache: parsed files, file results, property uses, folder listings,
    vocabulary, catalog (:func:`flightsim.config.caches.clear_all`).

    The next validation starts as cold as in a new process (modules stay imported).
    """
    caches.clear_all()


def validate_document(document: Document) -> list[Diagnostic]:
    """Run every rule on an already loaded document."""
    return run_checks(document)


def resolve_target(target: PathLike, aircraft_dirs: Folders = ()) -> Path:
    """The file to validate for an aircraft name, an aircraft folder, a file or the name
    of a script bundled with JSBSim (``c1721``: an aircraft's name wins).

    Raises NotFoundError (with close aircraft names) when nothing matches, also
    for a folder without an aircraft main file.
    """
    path = Path(os.fspath(target)).expanduser()
    if path.exists() and not path.is_dir():  # a pipe or device too: the reader refuses it
        return path
    if path.is_dir():
        main = path / f"{path.name}.xml"
        if main.exists():
            return main
        inside = [p.name for p in aircraft_in_folder(path) if p != path]
        holds = (
            f"; it holds the aircraft {', '.join(inside)}: pass one of them ({path / inside[0]})"
            if inside
            else no_main_file_hint(path) or "; pass the folder of one aircraft or an XML file"
        )
        raise NotFoundError(
            f"{path} is a folder without an aircraft main file {path.name}.xml{holds}"
        )
    if path.suffix == ".xml" or os.sep in os.fspath(target):
        raise NotFoundError(f"no such file or folder: {path}")
    try:
        return find_aircraft(os.fspath(target), aircraft_dirs).main_file
    except NotFoundError as not_aircraft:
        script = jsbsim_root() / "scripts" / with_xml(os.fspath(target))
        if script.is_file():  # a bundled script by name, as `flightsim script` finds it
            return script
        scripts = [p.stem for p in script.parent.glob("*.xml")]
        raise NotFoundError(
            f"{not_aircraft} Nor is it a script bundled with JSBSim."
            f"{suggest(os.fspath(target), scripts)}"
        ) from None


def aircraft_in_folder(target: PathLike) -> list[Path]:
    """The aircraft folders of ``target`` when it is a folder of aircraft (no main file
    of its own, subfolders ``NAME/NAME.xml``), sorted; else ``[target]`` itself."""
    path = Path(os.fspath(target)).expanduser()
    if not path.is_dir() or (path / f"{path.name}.xml").is_file():
        return [path]
    found = sorted(p for p in path.iterdir() if (p / f"{p.name}.xml").is_file())
    return found or [path]


def locate(
    target: PathLike,
    aircraft_dirs: Folders = (),
    aircraft_folder: PathLike | None = None,
) -> tuple[Path, Path | None]:
    """The file to validate for ``target`` and the aircraft folder its ``file=``
    references are searched from (None: the file's own folder); see :func:`validate`."""
    path = Path(os.fspath(target)).expanduser()
    from_set = flightgear_layout.resolve(path)
    folder: Path | None
    if from_set is not None:
        main, folder = from_set
    else:
        main = resolve_target(target, aircraft_dirs)
        folder = flightgear_layout.aircraft_folder(main) if aircraft_folder is None else None
    if aircraft_folder is not None:
        folder = Path(os.fspath(aircraft_folder)).expanduser()
        if not folder.is_dir():
            raise NotFoundError(f"aircraft folder {folder}: no such folder")
    return main, folder


def validate(
    target: PathLike,
    root: PathLike | None = None,
    aircraft_dirs: Folders = (),
    *,
    aircraft_folder: PathLike | None = None,
    flightgear: bool = False,
) -> list[Diagnostic]:
    """Validate an aircraft (name, folder or main file) with all its files, or any one file.

    ``root`` is the JSBSim root whose ``engine/`` and ``systems/`` folders are
    searched last (default: the data bundled with jsbsim); a script's aircraft (and an
    aircraft given by name) is also looked for in its ``aircraft/``, after
    ``aircraft_dirs``. ``aircraft_folder`` is the
    folder an aircraft's ``file=`` references are searched from (default: the folder
    of the ``-set.xml`` that names the main file as its ``<aero>``, if one lies up to
    three folders above it, else the main file's folder). A FlightGear aircraft may
    be given by its folder or its ``-set.xml`` file.

    With ``flightgear`` the aircraft is read as FlightGear loads it: engines and
    systems are searched last in the aircraft folder's ``Engine/`` and ``Systems/``,
    and the properties FlightGear provides (absolute names outside ``/fdm/jsbsim``:
    ``/controls/...``, ``/sim/...``) count as inputs. Raises NotFoundError or
    UnreadableFileError only when the input itself cannot be read, or a folder of
    ``aircraft_dirs`` is not there.
    """
    load_rules()
    aircraft_dirs = folder_list(aircraft_dirs)  # an iterator too: a script's aircraft next
    root_dir = Path(root) if root is not None else None
    if root_dir is not None and (root_dir / "aircraft").is_dir():  # as JSBSim with that root
        aircraft_dirs = [*aircraft_dirs, root_dir / "aircraft"]
    main, folder = locate(target, aircraft_dirs, aircraft_folder)
    try:
        config = load_file(main)
    except XMLReadError as exc:
        return [read_diagnostic(exc, display_path(main.absolute()))]
    if config.kind == "fdm_config":
        document = load_aircraft(config.path, root_dir, folder=folder, flightgear=flightgear)
        return validate_document(document)
    if config.kind == "runscript":
        return validate_document(load_script(config.path, root_dir, aircraft_dirs))
    return validate_document(single_file_document(config.path, root_dir))


def flightgear_properties(
    target: PathLike,
    root: PathLike | None = None,
    aircraft_dirs: Folders = (),
    *,
    aircraft_folder: PathLike | None = None,
) -> frozenset[str]:
    """The properties FlightGear provides that the aircraft ``target`` reads (see
    :func:`~flightsim.config.rules.undefined_properties.flightgear_inputs`): what
    ``validate(..., flightgear=True)`` counts as inputs, for a load check to create them
    before JSBSim loads the model. Empty for a file that is not an aircraft."""
    load_rules()
    main, folder = locate(target, folder_list(aircraft_dirs), aircraft_folder)
    try:
        if load_file(main).kind != "fdm_config":
            return frozenset()
    except XMLReadError:
        return frozenset()
    root_dir = Path(root) if root is not None else None
    document = load_aircraft(main, root_dir, folder=folder, flightgear=True)
    return flightgear_inputs(document)


def validate_file(path: PathLike, root: PathLike | None = None) -> list[Diagnostic]:
    """Validate one file alone (its own vocabulary), following no ``file=`` reference."""
    load_rules()
    file_path = Path(os.fspath(path)).expanduser()
    if not file_path.exists():
        raise NotFoundError(f"no such file: {file_path}")
    try:
        document = single_file_document(file_path, Path(root) if root is not None else None)
    except XMLReadError as exc:
        return [read_diagnostic(exc, display_path(file_path.absolute()))]
    return validate_document(document)
