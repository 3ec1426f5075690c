"""Generate an aircraft folder from a spec: estimate, build the files, write them."""

from __future__ import annotations

import os
from pathlib import Path

from flightsim.design.estimation import estimate
from flightsim.design.spec import AircraftSpec, load_spec
from flightsim.design.writer import GENERATED_MARK, build_files
from flightsim.errors import ConfigError
from flightsim.tomlfile import line_of, read_toml

PathLike = str | os.PathLike[str]


def default_output_dir(spec_path: Path, name: str) -> Path:
    """Where ``flightsim generate`` writes by default: the spec's folder.

    A spec that already sits in its aircraft folder (``.../<name>/<name>.toml``)
    is generated in place: the output folder is then that folder's parent.
    """
    folder = spec_path.resolve().parent
    return folder.parent if folder.name == name else folder


def locate(error: ConfigError, spec_path: Path) -> ConfigError:
    """``error`` (whose message starts with a spec key) with the spec file and that key's line."""
    key = str(error).split(":", 1)[0]
    _, lines = read_toml(spec_path, "spec")
    return ConfigError(str(error), file=spec_path, line=line_of(lines, key))


def generate_files(spec: AircraftSpec) -> dict[str, bytes]:
    """The files of the aircraft ``spec`` describes, by path relative to its folder."""
    return build_files(estimate(spec))


def generate(spec: AircraftSpec | PathLike, output_dir: PathLike | None = None) -> list[Path]:
    """Write ``<output_dir>/<name>/`` (aircraft, Engines/, Systems/) and return the paths.

    ``spec`` is an :class:`AircraftSpec` or a path to its TOML file. Without
    ``output_dir`` a spec file's folder is used (see :func:`default_output_dir`);
    a spec object then needs ``output_dir``. Same spec, byte-identical files.
    """
    if isinstance(spec, AircraftSpec):
        if output_dir is None:
            raise TypeError("generate(spec_object) needs output_dir")
        loaded = spec
        out = Path(output_dir)
    else:
        path = Path(spec)
        loaded = load_spec(path)
        out = Path(output_dir) if output_dir is not None else default_output_dir(path, loaded.name)
    try:
        files = generate_files(loaded)
    except ConfigError as exc:
        if exc.file is not None or isinstance(spec, AircraftSpec):
            raise
        raise locate(exc, Path(spec)) from None
    folder = out / loaded.name
    written = []
    for relative, content in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or target.read_bytes() != content:
            target.write_bytes(content)
        written.append(target)
    for stale in sorted(folder.glob("*/*.xml")):  # generated earlier, no longer part of it
        if stale not in written and GENERATED_MARK in stale.read_bytes()[:400]:
            stale.unlink()
    return written
