"""Aircraft laid out for FlightGear: the ``-set.xml`` file that names the flight model.

FlightGear reads ``<sim><flight-model>jsb</flight-model><aero>NAME</aero></sim>``
from an aircraft's ``*-set.xml`` and has JSBSim load ``NAME.xml`` from the aircraft
folder (``/sim/aircraft-dir``) without adding the model's name to the path
(``FGFDMExec::LoadModel(aircraft_dir, aircraft_dir/Engine, aircraft_dir/Systems,
aero, false)`` in FlightGear's ``JSBSim.cxx``): ``NAME`` may lie in a subfolder
(``Models/JSBSim/NAME``), and its ``file=`` references are still searched from
the aircraft folder.

A ``-set.xml`` is a FlightGear ``PropertyList``: an ``include=`` attribute on any of
its elements reads another such file into that element first (searched from the
including file's folder, then the aircraft folder), and the file's own children
then add to it or replace it. What the set file puts below ``/fdm/jsbsim`` is in
JSBSim's property tree before JSBSim loads the model (FlightGear's ``JSBSim.cxx``
roots JSBSim's tree there), so the aircraft's files may read it.
"""

from __future__ import annotations

import os
from pathlib import Path

from lxml import etree

from flightsim.config.file_search import files_in
from flightsim.config.property_catalog import canonical
from flightsim.config.safexml import XMLReadError, read_xml
from flightsim.errors import ConfigError, NotFoundError
from flightsim.paths import with_xml

SET_SUFFIX = "-set.xml"
ANCESTORS = 3
"""How many folders above a main file are searched for the ``-set.xml`` naming it."""
INCLUDE_DEPTH = 8
"""How deep ``include=`` files are followed (FlightGear stops a cycle; this bounds one)."""
JSBSIM_NODE = "fdm/jsbsim"
ALIASES = frozenset({"sim-time-sec"})
"""JSBSim properties FlightGear's JSBSim interface adds before the model loads: it
aliases ``/fdm/jsbsim/sim-time-sec`` to ``simulation/sim-time-sec`` (``JSBSim.cxx``,
the name before JSBSim 1.0)."""
READ_BRANCHES = ("sim/aero", "sim/flight-model", JSBSIM_NODE)
"""The parts of a set file read here: other branches (help, checklists, views) and their
``include=`` files are skipped."""


def _wanted(path: str) -> bool:
    """Whether the property ``path`` leads to or lies in one of :data:`READ_BRANCHES`."""
    return any(
        b == path or b.startswith(path + "/") or path.startswith(b + "/") for b in READ_BRANCHES
    )


def _include(
    attribute: str, including: Path, aircraft: Path, depth: int
) -> tuple[etree._Element, Path] | None:
    """The root and the path of the file an ``include=`` names, looked for beside the
    including file, then in the aircraft folder (None: not found, unreadable, too deep)."""
    if depth >= INCLUDE_DEPTH:
        return None
    for folder in (including.parent, aircraft):
        candidate = folder / attribute
        if candidate.is_file():
            try:
                return read_xml(candidate), candidate
            except (XMLReadError, ConfigError):
                return None
    return None


def property_values(set_file: Path, aircraft: Path | None = None) -> dict[str, str]:
    """The leaves of the ``/sim/aero``, ``/sim/flight-model`` and ``/fdm/jsbsim`` branches
    a FlightGear ``PropertyList`` file sets, its ``include=`` files followed: canonical
    property path (``fdm/jsbsim/fcs/flaps``, ``a[1]``) to its text. ``aircraft`` is the
    aircraft folder includes are also searched from (default: the file's folder).
    Unreadable: empty."""
    try:
        root = read_xml(set_file)
    except (XMLReadError, ConfigError):
        return {}
    values: dict[str, str] = {}
    _collect(root, "", set_file, aircraft or set_file.parent, values, 0)
    return values


def _collect(
    element: etree._Element,
    path: str,
    file: Path,
    aircraft: Path,
    values: dict[str, str],
    depth: int,
) -> None:
    """Add the leaves below ``element`` (at property ``path``) to ``values``: its
    ``include=`` file first, then its own children, which win."""
    attribute = element.get("include")
    if attribute:
        included = _include(attribute, file, aircraft, depth)
        if included is not None:  # its own includes are looked for beside it
            root, included_file = included
            _collect(root, path, included_file, aircraft, values, depth + 1)
    counts: dict[str, int] = {}
    for child in element:
        if not isinstance(child.tag, str):
            continue  # a comment or processing instruction
        index = counts.get(child.tag, 0)
        counts[child.tag] = index + 1
        index = int(child.get("n", index)) if (child.get("n") or "").isdigit() else index
        name = child.tag if index == 0 else f"{child.tag}[{index}]"
        child_path = f"{path}/{name}" if path else name
        if not _wanted(child_path):
            continue
        if len(child) or child.get("include"):
            _collect(child, child_path, file, aircraft, values, depth)
        else:
            values[child_path] = (child.text or "").strip()


def flight_model(set_file: Path) -> Path | None:
    """The JSBSim main file a ``-set.xml`` names (None: not a JSBSim aircraft, or
    unreadable)."""
    return _named_model(set_file, property_values(set_file))


def _named_model(set_file: Path, values: dict[str, str]) -> Path | None:
    """The JSBSim main file ``values`` (:func:`property_values` of ``set_file``) name:
    ``sim/aero`` beside the set file, when ``sim/flight-model`` is JSBSim's (``jsb``, the
    default); else None."""
    aero = values.get("sim/aero", "")
    if values.get("sim/flight-model", "jsb") != "jsb" or not aero:
        return None
    return set_file.parent / with_xml(aero)


def provided_properties(folder: Path, main: Path) -> frozenset[str]:
    """The JSBSim properties (canonical, relative to ``/fdm/jsbsim``) FlightGear creates
    before JSBSim loads ``main``: those the ``-set.xml`` files of ``folder`` naming it as
    their flight model declare below ``/fdm/jsbsim``, and :data:`ALIASES`."""
    names: set[str] = set(ALIASES)
    resolved = os.path.realpath(main)
    for name in sorted(files_in(str(folder))):
        if not name.endswith(SET_SUFFIX):
            continue
        set_file = folder / name
        values = property_values(set_file, folder)
        named = _named_model(set_file, values)
        if named is None or os.path.realpath(named) != resolved:
            continue
        prefix = JSBSIM_NODE + "/"
        names.update(canonical(p[len(prefix) :]) for p in values if p.startswith(prefix))
    return frozenset(names)


def resolve(target: Path) -> tuple[Path, Path] | None:
    """(main file, aircraft folder) of a ``-set.xml`` file, or of a folder whose
    ``-set.xml`` files name one flight model; None when ``target`` is neither.

    Raises NotFoundError when the flight model named does not exist, or when the
    folder's ``-set.xml`` files name several (pass one of them).
    """
    if target.is_file() and target.name.endswith(SET_SUFFIX):
        sets = [target]
    elif target.is_dir():
        sets = sorted(target.glob("*" + SET_SUFFIX))
    else:
        return None
    models = sorted({m for m in map(flight_model, sets) if m is not None})
    if not models:
        return None
    if len(models) > 1:
        names = ", ".join(str(m.relative_to(target)) for m in models)
        raise NotFoundError(
            f"{target}: its -set.xml files name several flight models ({names}); "
            "pass the -set.xml file of the one to check"
        )
    if not models[0].is_file():
        raise NotFoundError(f"{target}: the flight model {models[0]} named by <aero> is missing")
    return models[0], sets[0].parent


def aircraft_folder(main: Path) -> Path | None:
    """The nearest folder above ``main`` (up to :data:`ANCESTORS` levels) with a
    ``-set.xml`` naming it as its flight model: the aircraft folder FlightGear
    searches its files from. None when no folder above has one."""
    resolved = os.path.realpath(main)
    folder = resolved
    for _ in range(ANCESTORS):
        folder = os.path.dirname(folder)
        for name in sorted(files_in(folder)):  # listed once while unchanged
            if name.endswith(SET_SUFFIX):
                model = flight_model(Path(folder, name))
                if model is not None and os.path.realpath(model) == resolved:
                    return Path(folder)
    return None
