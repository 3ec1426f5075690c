"""Helpers of the validator tests that plant one fault in a copy of a bundled file."""

from __future__ import annotations

import shutil
from pathlib import Path

from flightsim.config import Diagnostic
from flightsim.paths import jsbsim_root


def replaced_once(path: Path, old: str, new: str) -> Path:
    """``path`` rewritten with the first ``old`` replaced by ``new`` (``old`` must be there)."""
    text = path.read_text()
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1))
    return path


def planted(folder: Path, source: Path, old: str, new: str, name: str) -> Path:
    """A copy of ``source`` named ``name`` in ``folder``, ``old`` replaced once by ``new``."""
    path = folder / name
    shutil.copy(source, path)
    return replaced_once(path, old, new)


def planted_aircraft(tmp_path: Path, aircraft: str, relative: str, old: str, new: str) -> Path:
    """The bundled ``aircraft`` copied into ``tmp_path``, its file ``relative`` with ``old``
    replaced once by ``new``; that file's path."""
    folder = tmp_path / aircraft
    shutil.copytree(jsbsim_root() / "aircraft" / aircraft, folder)
    return replaced_once(folder / relative, old, new)


def planted_j3cub(tmp_path: Path, relative: str, old: str, new: str) -> Path:
    """:func:`planted_aircraft` of the bundled J3Cub."""
    return planted_aircraft(tmp_path, "J3Cub", relative, old, new)


def line_of(path: Path, fragment: str) -> int:
    """The number of ``path``'s first line holding ``fragment``."""
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if fragment in line)


def only(found: list[Diagnostic], code: str) -> Diagnostic:
    """The one finding of ``code`` in ``found``."""
    matches = [d for d in found if d.code == code]
    assert len(matches) == 1, [str(d) for d in found]
    return matches[0]
