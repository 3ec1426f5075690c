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
``JSBSim.cpp``), which flightsim honours for ``Simulation(ic=...)``.

A wind in a version 1 file (``<vwind>``, ``<hwind>``, ``<xwind>``) is refused
there: JSBSim 1.3.3's IC object gives the atmosphere the opposite wind to the
one it took off the ground speed, so the airspeed is not the one the file
gives (100 KCAS with a 12 kt tail wind flies at ~119 KCAS after a trim);
:class:`~flightsim.sim.initial_conditions.InitialConditions` handles wind right.
A script's file is only checked to be one (:func:`check_ic_root`): scripts run
exactly as in plain jsbsim.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from flightsim.config.running_engines import START_HINT, starts_no_engine, unstarted
from flightsim.config.safexml import read_xml
from flightsim.errors import ConfigError, NotFoundError, suggest
from flightsim.files import path_kind
from flightsim.paths import PathLike, with_xml

IC_ROOT = "initialize"
"""Root element of a JSBSim initialization file."""

WIND_ELEMENTS = ("vwind", "hwind", "xwind")
"""Version 1 elements that set a wind (``FGInitialCondition::Load_v1``)."""

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
    in_folder = aircraft_folder / with_xml(text)
    if in_folder.is_file():
        return in_folder
    known = [p.stem for p in sorted(aircraft_folder.glob("*.xml")) if _is_ic_file(p)]
    listed = f" Initialization files of this aircraft: {', '.join(known)}." if known else ""
    kind = None if folder_only else path_kind(path)
    what = f"{kind}, not an initialization file" if kind else "not a file"
    where = f"in {aircraft_folder}" if folder_only else f"({what}, not in {aircraft_folder})"
    raise NotFoundError(
        f"no initialization file '{text}' {where}.{suggest(path.stem, known)}{listed}"
    )


def check_ic_root(path: Path) -> etree._Element:
    """The root element of ``path`` after checking it parses and is ``<initialize>``.

    Raises :class:`~flightsim.errors.ConfigError` (with file and line) otherwise.
    """
    root = read_xml(path)
    if root.tag != IC_ROOT:
        raise ConfigError(
            f"not an initialization file (root element <{root.tag!s}>, expected <{IC_ROOT}>)",
            file=path,
            line=root.sourceline,
        )
    return root


def read_ic_file(path: Path) -> ICFile:
    """Check that ``path`` is an initialization file to fly from; return its trim request.

    Raises :class:`~flightsim.errors.ConfigError` (with file and line) for a
    file that does not parse, another kind of JSBSim file, a non-zero wind
    (see the module's docstring) or a ``<trim>`` request flightsim does not
    carry out (``pullup``, ``turn``, ``custom``).
    """
    root = check_ic_root(path)
    if not root.get("version", "1").strip().startswith("2"):
        _refuse_wind(root, path)
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


def check_running(path: Path, engines: int, aircraft: str) -> None:
    """Refuse a ``<running>`` that names no engine of an aircraft with ``engines`` engines
    (:mod:`flightsim.config.running_engines`)."""
    for element, text in unstarted(read_xml(path), engines):
        raise ConfigError(
            f"{starts_no_engine(text, aircraft, engines)}; {START_HINT}",
            file=path,
            line=element.sourceline,
        )


ALTITUDE_ELEMENTS = ("altitude", "altitudeAGL", "altitudeMSL", "elevation")
"""Elements of an initialization file (either version) that place it in height."""


def altitude_line(path: Path) -> int | None:
    """The line of the first element of ``path`` that gives a height, or None."""
    root = read_xml(path)
    for element in root.iter(*ALTITUDE_ELEMENTS):
        return element.sourceline
    return None


def _refuse_wind(root: etree._Element, path: Path) -> None:
    for name in WIND_ELEMENTS:
        element = root.find(name)
        if element is None:
            continue
        try:
            value = float((element.text or "").strip())
        except ValueError:
            continue  # JSBSim itself refuses the file, with its reason
        if value != 0.0:
            raise ConfigError(
                f"<{name}> {value:g}: a wind in an initialization file gets the airspeed "
                "wrong in JSBSim 1.3.3 (its atmosphere gets the opposite wind); give the wind "
                "with InitialConditions(wind_speed_kts=..., wind_from_deg=...) "
                "(flightsim run --wind-speed/--wind-from) and the rest of the file as fields",
                file=path,
                line=element.sourceline,
            )


def _is_ic_file(path: Path) -> bool:
    try:
        return read_xml(path).tag == IC_ROOT
    except ConfigError:
        return False
