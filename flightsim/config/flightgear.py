"""Aircraft laid out for FlightGear: the ``-set.xml`` file that names the flight model.

FlightGear reads ``<sim><flight-model>jsb</flight-model><aero>NAME</aero></sim>``
from an aircraft's ``*-set.xml`` and has JSBSim load ``NAME.xml`` from the aircraft
folder (``/sim/aircraft-dir``) without adding the model's name to the path
(``FGFDMExec::LoadModel(aircraft_dir, aircraft_dir/Engine, aircraft_dir/Systems,
aero, false)`` in FlightGear's ``JSBSim.cxx``): ``NAME`` may lie in a subfolder
(``Models/JSBSim/NAME``), and its ``file=`` references are still searched from
the aircraft folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from flightsim.config.file_search import files_in
from flightsim.config.safexml import XMLReadError, read_xml
from flightsim.errors import ConfigError, NotFoundError
from flightsim.paths import with_xml

SET_SUFFIX = "-set.xml"
ANCESTORS = 3
"""How many folders above a main file are searched for the ``-set.xml`` naming it."""


def flight_model(set_file: Path) -> Path | None:
    """The JSBSim main file a ``-set.xml`` names (None: not a JSBSim aircraft, or
    unreadable)."""
    try:
        root = read_xml(set_file)
    except (XMLReadError, ConfigError):
        return None
    model = (root.findtext("sim/flight-model") or "jsb").strip()
    aero = (root.findtext("sim/aero") or "").strip()
    if model != "jsb" or not aero:
        return None
    return set_file.parent / with_xml(aero)


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
