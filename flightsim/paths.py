"""Where aircraft, engines, systems and scripts are found.

Aircraft are looked up by name in, first to last: the user's folders
(``aircraft_dirs=``), this project's ``aircraft/`` folder, and the data that
ships with the ``jsbsim`` package, never in the current folder (a folder there is
given as a path, ``./name``). Each folder holds ``<name>/<name>.xml`` like
JSBSim's own aircraft path. Engines, thrusters and systems referenced with
``file=`` are found the way JSBSim 1.3's ``FGFDMExec``/``FGModel`` find them
(``FindFullPathName``): the aircraft's own folder, then its ``Systems/``,
``systems/`` (or ``Engines/``, ``engines/``, ``Engine/``, ``engine/``)
sub-folders, then the root's shared ``systems``/``engine`` folder.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Generic, TypeVar

from lxml import etree

from flightsim.errors import ConfigError, ConfigTypeError, NotFoundError, suggest
from flightsim.files import path_kind

PathLike = str | os.PathLike[str]
Folders = PathLike | Iterable[PathLike]
"""One folder, or several (``aircraft_dirs=``): :func:`folder_list` makes it a list."""

SYSTEM_SUBDIRS = ("Systems", "systems")
"""Sub-folders of an aircraft folder JSBSim searches for system files, in order."""
ENGINE_SUBDIRS = ("Engines", "engines", "Engine", "engine")
"""Sub-folders of an aircraft folder JSBSim searches for engines and thrusters, in order."""


@cache
def jsbsim_root() -> Path:
    """The root folder of the data bundled with the ``jsbsim`` package.

    Found without importing jsbsim (which loads its native module and numpy): the
    data lives in the package's own folder (``jsbsim.get_default_root_dir()``).
    """
    spec = importlib.util.find_spec("jsbsim")
    folders = list(spec.submodule_search_locations or ()) if spec is not None else []
    if not folders:
        raise NotFoundError("the jsbsim package is not installed: pip install jsbsim")
    return Path(folders[0])


def project_aircraft_dir() -> Path | None:
    """This project's ``aircraft/`` folder (beside the package), if it exists."""
    candidate = Path(__file__).resolve().parent.parent / "aircraft"
    return candidate if candidate.is_dir() else None


def packaged_aircraft_dir() -> Path | None:
    """The project's aircraft shipped inside an installed package (``flightsim/data/aircraft``)."""
    candidate = Path(__file__).resolve().parent / "data" / "aircraft"
    return candidate if candidate.is_dir() else None


@dataclass(frozen=True)
class AircraftLocation:
    """An aircraft found on disk.

    ``folder`` is the aircraft's own folder, ``main_file`` its ``<name>.xml``,
    ``aircraft_path`` the folder holding ``folder`` (what JSBSim's
    ``set_aircraft_path`` takes), ``source`` one of ``"user"``, ``"project"``,
    ``"bundled"``.
    """

    name: str
    folder: Path
    main_file: Path
    source: str

    @property
    def aircraft_path(self) -> Path:
        """The folder that holds the aircraft's folder."""
        return self.folder.parent

    @property
    def edition(self) -> tuple[str, int]:
        """The main file's path and the latest modification time [ns] of the XML files
        JSBSim reads from the aircraft's folder: those in it and, at any depth, in its
        system and engine sub-folders (:data:`SYSTEM_SUBDIRS`, :data:`ENGINE_SUBDIRS`).
        What per-process caches of results about the aircraft key on, so that an edited
        model is worked out again. The rest of the folder is not searched (a main file
        given by path may sit in a folder of thousands, a FlightGear aircraft's ``Models/``
        holds 3D models), and a file that cannot be read (a broken link) is skipped."""
        subfolders = [self.folder / sub for sub in (*SYSTEM_SUBDIRS, *ENGINE_SUBDIRS)]
        files = [*self.folder.glob("*.xml"), *(f for d in subfolders for f in d.rglob("*.xml"))]
        latest = self.main_file.stat().st_mtime_ns
        for path in files:
            try:
                latest = max(latest, path.stat().st_mtime_ns)
            except OSError:  # a broken link, or gone since listed: not read by JSBSim either
                continue
        return str(self.main_file), latest

    @property
    def is_bundled(self) -> bool:
        """True for an aircraft that ships with the jsbsim package."""
        return self.source == "bundled"


T = TypeVar("T")


class EditionCache(Generic[T]):
    """Results about aircraft kept for the process, one per setup: an aircraft's derived
    profile, its control response, its ground-trim verdict.

    An entry remembers the edition it was worked out for (the aircraft's
    :attr:`AircraftLocation.edition` time, and whatever else the result depends on);
    asked again with another edition, it is worked out again and *replaces* the old
    entry, so a session that keeps editing a model holds one result per setup, not
    one per edit.
    """

    def __init__(self) -> None:
        self._entries: dict[Hashable, tuple[Hashable, T]] = {}
        self.computed = 0
        """How many results were worked out (a test's way to see a cache miss)."""

    def get(self, setup: Hashable, edition: Hashable, compute: Callable[[], T]) -> T:
        """The result for ``setup`` at ``edition``: kept, or ``compute()`` (kept unless it
        raises)."""
        entry = self._entries.get(setup)
        if entry is not None and entry[0] == edition:
            return entry[1]
        value = compute()
        self.computed += 1
        self._entries[setup] = (edition, value)
        return value

    def values(self) -> list[T]:
        """The results kept, oldest setup first."""
        return [value for _, value in self._entries.values()]

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        """Forget every result (the next ``get`` of each setup works it out again)."""
        self._entries.clear()


def folder_list(aircraft_dirs: Folders) -> list[PathLike]:
    """``aircraft_dirs`` as a list: one folder given alone (``aircraft_dirs="my/planes"``)
    is one folder, not its characters; anything but folders is a
    :class:`~flightsim.errors.ConfigTypeError` naming ``aircraft_dirs``, and a path that
    is not an existing folder a :class:`~flightsim.errors.NotFoundError` (a misspelt
    folder had been skipped, and an aircraft of the same name found elsewhere flown)."""
    if isinstance(aircraft_dirs, (str, os.PathLike)):
        folders: list[PathLike] = [aircraft_dirs]
    else:
        folders = list(aircraft_dirs) if isinstance(aircraft_dirs, Iterable) else [aircraft_dirs]
    wrong = [d for d in folders if not isinstance(d, (str, os.PathLike))]
    if wrong:
        raise ConfigTypeError(
            f"aircraft_dirs={aircraft_dirs!r}: {wrong[0]!r} is no folder; give one folder "
            "(a str or Path) or a list of them"
        )
    for folder in folders:
        path = Path(folder).expanduser()
        if not path.is_dir():
            what = "a file, not a folder" if path.exists() else "no such folder"
            raise NotFoundError(
                f"aircraft_dirs: {os.fspath(folder)!r} is {what}; give folders that hold "
                "<name>/<name>.xml aircraft"
            )
    return folders


def _search_dirs(aircraft_dirs: Folders) -> list[tuple[Path, str]]:
    # absolute: JSBSim takes a relative aircraft path relative to its own root folder
    dirs = [(Path(d).expanduser().resolve(), "user") for d in folder_list(aircraft_dirs)]
    project = project_aircraft_dir()
    if project is not None:
        dirs.append((project, "project"))
    dirs += [(d, "project") for d in (packaged_aircraft_dir(),) if d is not None and d != project]
    dirs.append((jsbsim_root() / "aircraft", "bundled"))
    return dirs


def list_aircraft(aircraft_dirs: Folders = ()) -> list[AircraftLocation]:
    """Every aircraft found, sorted by name; a name in an earlier folder hides later ones."""
    found: dict[str, AircraftLocation] = {}
    for directory, source in _search_dirs(aircraft_dirs):
        if not directory.is_dir():  # the project's or JSBSim's (the user's are checked)
            continue
        for sub in sorted(directory.iterdir()):
            main = sub / f"{sub.name}.xml"
            if sub.name not in found and main.is_file():
                found[sub.name] = AircraftLocation(sub.name, sub, main, source)
    return sorted(found.values(), key=lambda loc: loc.name.lower())


def is_aircraft_path(name: PathLike) -> bool:
    """Whether ``name`` is a path to an aircraft rather than a name to look up: a
    :class:`~pathlib.Path`, or a string with a folder separator, starting with ``.``
    or ``~``, or ending in ``.xml`` (``./J3Cub``, ``/abs/J3Cub``, ``J3Cub.xml``)."""
    if not isinstance(name, str):
        return True
    return "/" in name or os.sep in name or name.startswith((".", "~")) or name.endswith(".xml")


def find_aircraft(name: PathLike, aircraft_dirs: Folders = ()) -> AircraftLocation:
    """Find an aircraft by name, by its folder or by its main XML file.

    A path (:func:`is_aircraft_path`: ``./J3Cub``, ``/abs/J3Cub``, ``J3Cub.xml``, a
    :class:`~pathlib.Path`) is that folder or file. A name is looked up in, first to
    last, ``aircraft_dirs``, the project's ``aircraft/`` folder and the aircraft
    bundled with JSBSim, never in the current folder: a folder there named like the
    aircraft does not hide the others (give it as ``./name``). A name matches exactly
    first, then case-insensitively when only one aircraft has that name in any case
    (``a320`` finds ``A320``). Raises :class:`~flightsim.errors.NotFoundError` listing
    the closest names, and :class:`~flightsim.errors.ConfigError` for an XML file that
    is not an aircraft (its root element is not ``<fdm_config>``).
    """
    aircraft_dirs = folder_list(aircraft_dirs)  # searched up to three times: one pass only
    text = os.fspath(name)
    if is_aircraft_path(name):
        return _aircraft_at(Path(text).expanduser())
    found = _named_aircraft(text, aircraft_dirs)
    if found is not None:
        return found
    same = [loc for loc in list_aircraft(aircraft_dirs) if loc.name.lower() == text.lower()]
    if len(same) == 1:
        return same[0]
    raise _unknown_aircraft(text, aircraft_dirs)


def find_script_aircraft(name: str, aircraft_dirs: Folders = ()) -> AircraftLocation:
    """The aircraft of a script's ``<use aircraft=NAME>``, found as JSBSim finds it plus
    flightsim's folders: ``NAME/NAME.xml`` exactly as spelt in, first to last,
    ``aircraft_dirs``, the project's ``aircraft/`` folder and JSBSim's aircraft folder.
    Never the current folder, and never a path: JSBSim takes the value as a name.
    Raises :class:`~flightsim.errors.NotFoundError` with the closest names."""
    aircraft_dirs = folder_list(aircraft_dirs)
    if "/" in name or os.sep in name:
        raise NotFoundError(
            f"'{name}': a script names its aircraft (JSBSim looks it up by "
            "name in its aircraft folders), not a path; put the aircraft's parent folder in "
            "--aircraft-dir (aircraft_dirs= in Python) and give its name"
        )
    found = _named_aircraft(name, aircraft_dirs)
    if found is None:
        raise _unknown_aircraft(name, aircraft_dirs)
    return found


def _named_aircraft(name: str, aircraft_dirs: list[PathLike]) -> AircraftLocation | None:
    """``name/name.xml`` in the first search folder that has it (None: in none)."""
    for directory, source in _search_dirs(aircraft_dirs):
        main = directory / name / f"{name}.xml"
        if main.is_file():
            return AircraftLocation(name, main.parent, main, source)
    return None


def _unknown_aircraft(name: str, aircraft_dirs: list[PathLike]) -> NotFoundError:
    known = [loc.name for loc in list_aircraft(aircraft_dirs)]
    searched = ", ".join(str(d) for d, _ in _search_dirs(aircraft_dirs))
    here = Path(name) / f"{name}.xml"
    local = (
        f" The current folder's {name}/ is not searched: give it as ./{name} to fly it."
        if here.is_file()
        else ""
    )
    return NotFoundError(
        f"unknown aircraft '{name}'.{suggest(name, known)} "
        f"Searched: {searched}.{local} Run 'flightsim aircraft' to list them, "
        "or pass a folder holding <name>/<name>.xml with --aircraft-dir (aircraft_dirs= in "
        "Python)."
    )


def _aircraft_at(path: Path) -> AircraftLocation:
    """The aircraft at a path: its main XML file, or its folder holding ``<folder>.xml``."""
    if path.suffix == ".xml" and path.is_file():
        _check_aircraft_root(path)
        return AircraftLocation(path.stem, path.parent.resolve(), path.resolve(), "user")
    if path.is_dir() and (path / f"{path.name}.xml").is_file():
        folder = path.resolve()
        return AircraftLocation(folder.name, folder, folder / f"{folder.name}.xml", "user")
    if path.is_dir():
        raise NotFoundError(
            f"{path} is a folder without an aircraft main file {path.name}.xml"
            + (
                no_main_file_hint(path)
                or "; give the folder of one aircraft, its main XML file, or a name"
            )
        )
    if path.is_file():
        raise ConfigError(
            f"{path} is not an aircraft: give an aircraft name, its folder or its main .xml file"
        )
    near = [p.name for p in path.parent.iterdir()] if path.parent.is_dir() else []
    raise NotFoundError(
        f"{path}: no such file or folder.{suggest(path.name, near)} Give an aircraft's "
        "folder, its main XML file, or a name ('flightsim aircraft' lists them)"
    )


AIRCRAFT_ROOT = "fdm_config"
"""Root element of a JSBSim aircraft file."""


def _root_of(path: Path) -> str | None:
    """The name of an XML file's root element (None when it cannot be read)."""
    try:
        events = etree.iterparse(
            str(path), events=("start",), resolve_entities=False, no_network=True, load_dtd=False
        )
        _, element = next(events)
    except (etree.XMLSyntaxError, StopIteration, OSError):
        return None
    return str(etree.QName(element).localname)


def aircraft_files_in(folder: Path) -> list[Path]:
    """The XML files directly in ``folder`` whose root is ``<fdm_config>``, sorted (the
    main files of a folder not named after its aircraft: FlightGear's ``dr400-jsbsim.xml``)."""
    return sorted(
        p for p in folder.glob("*.xml") if p.is_file() and _root_of(p) == AIRCRAFT_ROOT
    )  # is_file: regular files only (opening a FIFO would wait for a writer)


def no_main_file_hint(folder: Path) -> str:
    """What to pass instead of a folder without ``<folder>.xml``: its aircraft files, if any."""
    found = aircraft_files_in(folder)
    if not found:
        return ""
    names = ", ".join(p.name for p in found)
    return f"; it holds the aircraft file(s) {names}: pass one of them ({found[0]})"


def _check_aircraft_root(path: Path) -> None:
    """Refuse an XML file whose root element is not ``<fdm_config>`` (an IC file, a script)."""
    root = _root_of(path)
    if root is None:
        return  # unreadable XML: JSBSim and the validator report it with its line
    if root != AIRCRAFT_ROOT:
        raise ConfigError(
            f"not an aircraft file (root element <{root}>, expected <{AIRCRAFT_ROOT}>); "
            "give an aircraft name, its folder or its main XML file",
            file=path,
        )


def with_xml(name: str) -> str:
    """``name`` with ``.xml`` appended when it does not end with it (as JSBSim does)."""
    return name if name.endswith(".xml") else name + ".xml"


def find_script(name: PathLike) -> Path:
    """Find a JSBSim script by path, or by name among the scripts bundled with jsbsim."""
    text = os.fspath(name)
    path = Path(text).expanduser()
    if path.is_file():
        return path.resolve()
    bundled_dir = jsbsim_root() / "scripts"
    bundled = bundled_dir / with_xml(path.name)
    if bundled.is_file():
        return bundled
    known = [p.stem for p in bundled_dir.glob("*.xml")]
    kind = path_kind(path)
    what = f"{kind}, not a script file" if kind else "not a file"
    raise NotFoundError(
        f"no script '{text}' ({what}, not a bundled JSBSim script).{suggest(path.stem, known)}"
        + (" Give the path of a JSBSim script (.xml) or the name of a bundled one." if kind else "")
    )
