"""Episode trajectories as Tacview ACMI (text, 2.1) and KML files.

Both take :attr:`flightsim.envs.FlightEnv.track` rows: time [s], north [ft],
east [ft], altitude [ft MSL], φ, θ, ψ [rad], KCAS [kt], latitude, longitude
[rad]. ACMI wants degrees and metres (Tacview's "ACMI 2.1 file format"
reference: ``T=lon|lat|alt|roll|pitch|yaw``); KML wants degrees and metres
in ``lon,lat,alt`` order (OGC KML 2.2, ``<LineString>`` with
``altitudeMode absolute``).
"""

from __future__ import annotations

import math
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np

from flightsim.paths import PathLike
from flightsim.units import FT_M

_DEG = 180.0 / math.pi


def write_acmi(track: np.ndarray, path: PathLike, *, name: str = "aircraft") -> None:
    """Write ``track`` as a Tacview ACMI 2.1 text file at ``path``."""
    lines = [
        "FileType=text/acmi/tacview",
        "FileVersion=2.1",
        "0,ReferenceTime=2000-01-01T00:00:00Z",
    ]
    for i, row in enumerate(track):
        t, _, _, h, phi, theta, psi, _, lat, lon = row
        lines.append(f"#{t:.2f}")
        pose = (
            f"{lon * _DEG:.7f}|{lat * _DEG:.7f}|{h * FT_M:.1f}|"
            f"{phi * _DEG:.1f}|{theta * _DEG:.1f}|{psi * _DEG % 360:.1f}"
        )
        extra = f",Name={name},Type=Air+FixedWing" if i == 0 else ""
        lines.append(f"1,T={pose}{extra}")
    _write(path, "\n".join(lines) + "\n")


def write_kml(track: np.ndarray, path: PathLike, *, name: str = "aircraft") -> None:
    """Write ``track`` as a KML document with one absolute-altitude line string."""
    coords = " ".join(
        f"{lon * _DEG:.7f},{lat * _DEG:.7f},{h * FT_M:.1f}"
        for h, lat, lon in zip(track[:, 3], track[:, 8], track[:, 9], strict=True)
    )
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        f"<name>{escape(name)}</name><Placemark><name>{escape(name)} track</name>"
        "<LineString><altitudeMode>absolute</altitudeMode>"
        f"<coordinates>{coords}</coordinates></LineString></Placemark></Document></kml>\n"
    )
    _write(path, text)


def _write(path: PathLike, text: str) -> None:
    """Write ``text`` to ``path``, making its folder first (``out/episode.kml``)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
