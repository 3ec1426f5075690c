"""The sdist is a complete source: built and installed into a fresh venv, the package
finds the generated fleet (aircraft/, copied into flightsim/data/aircraft by setup.py)
by name. About 40 s: pip builds the C extensions and installs the dependencies from
its cache."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("flightsim", "aircraft", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md")


def test_an_installed_sdist_flies_the_generated_fleet_by_name(tmp_path: Path) -> None:
    # a clean copy: no build/ or egg-info whose old file lists could fill gaps in the sdist
    source = tmp_path / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.so", "*.egg-info")
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=ignore)
        else:
            shutil.copy2(path, source / name)
    dist = tmp_path / "dist"
    run = {"check": True, "capture_output": True, "text": True, "timeout": 600}
    subprocess.run([sys.executable, "-m", "build", "--sdist", "--outdir", dist, source], **run)
    (sdist,) = dist.glob("flightsim-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {Path(*Path(n).parts[1:]).as_posix() for n in archive.getnames()}
    assert "aircraft/gen-c172/gen-c172.xml" in names
    assert "aircraft/gen-ask21/gen-ask21.toml" in names
    assert "flightsim/config/_lxmltree.h" in names
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], **run)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", python, "install", sdist], **run)
    check = (
        "import flightsim\n"
        "from flightsim import InitialConditions, Simulation\n"
        "from flightsim.paths import find_aircraft\n"
        "loc = find_aircraft('gen-c172')\n"
        "print(flightsim.__file__, loc.source, loc.folder, sep='\\n')\n"
        "sim = Simulation('gen-c172', InitialConditions(altitude_ft=4000, kcas=100))\n"
        "print(round(sim.trim('full').alpha_deg, 1))\n"
    )
    out = subprocess.run([python, "-c", check], cwd=tmp_path, **run).stdout.splitlines()
    package = venv.glob("lib/python*/site-packages/flightsim/__init__.py")
    assert out[0] == str(next(package))  # the installed copy, not this checkout
    assert out[1] == "project"
    assert Path(out[2]) == Path(out[0]).parent / "data" / "aircraft" / "gen-c172"
    assert 0.0 < float(out[3]) < 5.0  # alpha [deg] trimmed at 100 KCAS
