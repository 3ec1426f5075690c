"""Where JSBSim finds a file named by a ``file=`` attribute, searched with few system calls.

JSBSim 1.3 (``FGModelLoader::Open`` and each model's ``FindFullPathName``)
appends ``.xml`` when missing and looks for engines and thrusters in the
aircraft folder's ``Engines/``, ``engines/``, ``Engine/``, ``engine/``, then the
root's ``engine/`` (``FGPropulsion::FindFullPathName`` ignores the aircraft
folder itself while it reads engines); for systems in the aircraft folder,
``Systems/``, ``systems/``, then the root's ``systems/``
(``FGFCS::FindFullPathName``); for an autopilot, a flight control and every
other section in the aircraft folder only. The folder names are
:data:`flightsim.paths.ENGINE_SUBDIRS` and :data:`~flightsim.paths.SYSTEM_SUBDIRS`,
searched in the order JSBSim searches them.

Paths are plain strings here (``os.path``): a search is run for every engine,
thruster and system of every aircraft. Which files a folder holds comes from
one ``os.scandir`` per folder, kept while the folder's modification time is
unchanged (adding or removing a file changes it), so the shared ``engine/``
folder of the JSBSim root is listed once, not once per aircraft.
"""

from __future__ import annotations

import os

from flightsim.config.caches import BoundedCache
from flightsim.paths import ENGINE_SUBDIRS, SYSTEM_SUBDIRS, with_xml

ENGINE_FOLDER = "engine"
SYSTEMS_FOLDER = "systems"


def shared_folders(root: str, flightgear_folder: str | None = None) -> tuple[str, str]:
    """The engine and systems folders searched last: the JSBSim root's ``engine/`` and
    ``systems/``, or inside FlightGear, the aircraft folder's ``Engine/`` and ``Systems/``
    (FlightGear's ``FGJSBsim`` passes those to ``LoadModel``)."""
    if flightgear_folder is not None:
        return os.path.join(flightgear_folder, "Engine"), os.path.join(flightgear_folder, "Systems")
    return os.path.join(root, ENGINE_FOLDER), os.path.join(root, SYSTEMS_FOLDER)


def candidates(kind: str, name: str, folder: str, shared: tuple[str, str]) -> tuple[str, ...]:
    """The paths JSBSim tries, in order, for ``name`` referenced by an element of ``kind``.

    ``kind`` is ``"engine"`` (engines and thrusters), ``"system"`` (a ``<system>``)
    or anything else (an autopilot, a flight control, an aircraft section: the
    aircraft ``folder`` only); ``shared`` the engine and systems folders searched
    last (:func:`shared_folders`).
    """
    file_name = with_xml(name)
    if kind == "engine":
        return (
            *(os.path.join(folder, sub, file_name) for sub in ENGINE_SUBDIRS),
            os.path.join(shared[0], file_name),
        )
    if kind == "system":
        return (
            os.path.join(folder, file_name),
            *(os.path.join(folder, sub, file_name) for sub in SYSTEM_SUBDIRS),
            os.path.join(shared[1], file_name),
        )
    return (os.path.join(folder, file_name),)


def unsearched(kind: str, name: str, folder: str, shared: tuple[str, str]) -> tuple[str, ...]:
    """Where a file for an element of ``kind`` is easily put but JSBSim does not look:
    an engine in the aircraft folder itself; an autopilot or flight control (any
    ``"section"``) in the folders searched for systems."""
    if kind == "engine":
        return (os.path.join(folder, with_xml(name)),)
    if kind == "section":
        return candidates("system", name, folder, shared)[1:]
    return ()


class _Listings:
    """The regular files of each folder, by folder, while its modification time holds."""

    def __init__(self, capacity: int = 4096):
        self._items: BoundedCache[str, tuple[int, frozenset[str]]] = BoundedCache(capacity)

    def files(self, folder: str) -> frozenset[str]:
        try:
            mtime = os.stat(folder).st_mtime_ns
        except OSError:
            return frozenset()
        known = self._items.get(folder)
        if known is not None and known[0] == mtime:
            return known[1]
        try:
            with os.scandir(folder) as entries:
                names = frozenset(e.name for e in entries if e.is_file())
        except OSError:
            names = frozenset()
        self._items.put(folder, (mtime, names))
        return names


_LISTINGS = _Listings()


def files_in(folder: str) -> frozenset[str]:
    """The names of the regular files of ``folder`` (listed once while it is unchanged)."""
    return _LISTINGS.files(folder)


def is_file(path: str, listed: dict[str, frozenset[str]] | None = None) -> bool:
    """Whether ``path`` is a regular file (or a link to one), from its folder's listing.

    ``listed`` keeps the listings used for one search (one aircraft): each folder
    is then checked once, however many files are looked for in it.
    """
    folder, _, name = path.rpartition(os.sep)
    folder = folder or os.sep
    names = listed.get(folder) if listed is not None else None
    if names is None:
        names = _LISTINGS.files(folder)
        if listed is not None:
            listed[folder] = names
    return name in names


def first_file(
    paths: tuple[str, ...], listed: dict[str, frozenset[str]] | None = None
) -> str | None:
    """The first of ``paths`` that is a file, None when none is (``listed``: see is_file)."""
    return next((p for p in paths if is_file(p, listed)), None)
