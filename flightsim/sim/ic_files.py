"""JSBSim initialization files (``<initialize>``) given to a Simulation.

JSBSim reads these files itself (``FGInitialCondition::Load``: both the
version 1 layout and version 2's ``<position>``/``<orientation>`` frames,
geodetic or geocentric latitude by the ``type`` attribute, ``<running>``
engines), so :class:`~flightsim.sim.simulation.Simulation` hands the file to
``FGFDMExec.load_ic`` instead of translating it. This module finds the file
(a path, or a name in the aircraft's folder as a script's
``<use initialize=...>``), checks that it is a readable initialization file
before JSBSim sees it, and reads the one request JSBSim's library leaves to
the caller: ``<trim>`` (only the ``JSBSim`` executable acts on it, see
``JSBSim.cpp``), which flightsim honours.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from flightsim.config.safexml import read_xml
from flightsim.errors import ConfigError, NotFoundError, suggest
from flightsim.paths import PathLike

IC_ROOT = "initialize"
"""Root element of a JSBSim initialization file."""

TRIM_REQUESTS = {"1": "ground", "ground": "ground", "longitudinal": "longitudinal", "full": "full"}
"""``<trim>`` values (lower case, as FGInitialCondition::SetTrimRequest compares them) and
the flightsim trim mode each asks for."""


@dataclass(frozen=True)
class ICFile:
    """An initialization file: its path and the trim mode it asks for (or None)."""

    path: Path
    trim_mode: str | None = None


def find_ic_file(name: PathLike, aircraft_folder: Path, *, folder_only: bool = False) -> Path:
    """An existing file path, or ``name`` (``.xml`` optional) in ``aircraft_folder``.

    ``folder_only`` looks in the aircraft folder alone, as JSBSim does for a
    script's ``<use initialize=...>``. Raises
    :class:`~flightsim.errors.NotFoundError` naming the initialization files of
    the aircraft folder that come closest.
    """
    text = os.fspath(name)
    path = Path(text).expanduser()
    if path.is_file() and not folder_only:
        return path.resolve()
    in_folder = aircraft_folder / (text if text.endswith(".xml") else f"{text}.xml")
    if in_folder.is_file():
        return in_folder
    known = [p.stem for p in sorted(aircraft_folder.glob("*.xml")) if _is_ic_file(p)]
    listed = f" Initialization files of this aircraft: {', '.join(known)}." if known else ""
    where = f"in {aircraft_folder}" if folder_only else f"(not a file, not in {aircraft_folder})"
    raise NotFoundError(
        f"no initialization file '{text}' {where}.{suggest(path.stem, known)}{listed}"
    )


def read_ic_file(path: Path) -> ICFile:
    """Check that ``path`` is an initialization file JSBSim can read; return its trim request.

    Raises :class:`~flightsim.errors.ConfigError` (with file and line) for a
    file that does not parse, another kind of JSBSim file, or a ``<trim>``
    request flightsim does not carry out (``pullup``, ``turn``, ``custom``).
    """
    root = read_xml(path)
    if root.tag != IC_ROOT:
        raise ConfigError(
            f"not an initialization file (root element <{root.tag!s}>, expected <{IC_ROOT}>)",
            file=path,
            line=root.sourceline,
        )
    trim = root.find("trim")
    if trim is None:
        return ICFile(path)
    request = (trim.text or "").strip().lower()
    mode = TRIM_REQUESTS.get(request)
    if mode is None:
        raise ConfigError(
            f"<trim>{request}</trim> asks for a trim flightsim does not do; use one of "
            f"{', '.join(sorted(set(TRIM_REQUESTS) - {'1'}))}, or remove <trim> and call "
            "sim.trim(mode) yourself",
            file=path,
            line=trim.sourceline,
        )
    return ICFile(path, mode)


def _is_ic_file(path: Path) -> bool:
    try:
        return read_xml(path).tag == IC_ROOT
    except ConfigError:
        return False
