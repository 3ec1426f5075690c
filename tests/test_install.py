"""The package installs and works without a C compiler, from the tree and from an sdist,
and the sdist ships the generated fleet (``aircraft/``, found by name once installed).

A fresh virtual environment gets setuptools (the build backend) and borrows this
environment's dependencies through a ``.pth`` line (no download of jsbsim, numpy...);
flightsim itself is built with ``CC=/bin/false``: any compile step fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tarfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NO_COMPILER = {"CC": "/bin/false", "CXX": "/bin/false", "LDSHARED": "/bin/false"}
PROBE = (
    "import flightsim, flightsim.config.validator as v\n"
    "assert not flightsim.__file__.startswith({repo!r}), flightsim.__file__\n"
    "assert not [d for d in v.validate('c172x') if d.severity.value == 'error']\n"
    "from flightsim import Simulation, InitialConditions\n"
    "with Simulation('c172x', ic=InitialConditions(altitude_ft=3000, kcas=90)) as sim:\n"
    "    sim.run(0.5)\n"
    "    assert abs(sim.time_s - 0.5) < 0.02, sim.time_s\n"
    "print('ok', flightsim.__file__)\n"
)
FLEET_PROBE = (  # the generated fleet ships inside the package (setup.py copies aircraft/)
    "from pathlib import Path\n"
    "import flightsim\n"
    "from flightsim import InitialConditions, Simulation\n"
    "from flightsim.paths import find_aircraft\n"
    "loc = find_aircraft('gen-c172')\n"
    "assert loc.source == 'project', loc.source\n"
    "assert loc.folder == Path(flightsim.__file__).parent / 'data' / 'aircraft' / 'gen-c172'\n"
    "with Simulation('gen-c172', InitialConditions(altitude_ft=4000, kcas=100)) as sim:\n"
    "    assert 0.0 < sim.trim('full').alpha_deg < 5.0\n"
    "print('fleet ok')\n"
)


def _copy_tree(target: Path) -> Path:
    """The committed files of the repository (plus the working copies), in ``target``."""
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, files):
        source = REPO / name.decode()
        if source.is_file():
            destination = target / name.decode()
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(source.read_bytes())
    return target


def _venv(path: Path) -> Path:
    """A virtual environment with the build backend, borrowing this one's packages."""
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    python = path / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "setuptools>=77", "wheel"],
        check=True,
        capture_output=True,
    )
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(site) / "_borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **NO_COMPILER, "JSBSIM_DEBUG": "0"}
    env.pop("PYTHONPATH", None)
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def test_installs_and_runs_without_a_compiler(tmp_path: Path) -> None:
    tree = _copy_tree(tmp_path / "src")
    python = _venv(tmp_path / "venv")
    install = _run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-build-isolation", str(tree)],
        tmp_path,
    )
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    probe = _run([str(python), "-c", PROBE.format(repo=str(REPO))], tmp_path)
    assert probe.returncode == 0, probe.stderr[-3000:]
    assert probe.stdout.startswith("ok ")


def test_build_gives_an_sdist_and_a_wheel_and_the_sdist_installs_without_a_compiler(
    tmp_path: Path,
) -> None:
    tree = _copy_tree(tmp_path / "src")
    dist = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(dist), str(tree)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    sdists, wheels = list(dist.glob("flightsim-*.tar.gz")), list(dist.glob("flightsim-*.whl"))
    assert len(sdists) == 1 and len(wheels) == 1, sorted(p.name for p in dist.iterdir())
    with tarfile.open(sdists[0]) as archive:
        names = {Path(*Path(n).parts[1:]).as_posix() for n in archive.getnames()}
    assert {"aircraft/gen-c172/gen-c172.xml", "aircraft/gen-ask21/gen-ask21.toml"} <= names
    assert "flightsim/sim/_steploop.c" in names
    python = _venv(tmp_path / "venv")
    install = _run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-build-isolation", str(sdists[0])],
        tmp_path,
    )
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    probe = _run([str(python), "-c", PROBE.format(repo=str(REPO))], tmp_path)
    assert probe.returncode == 0, probe.stderr[-3000:]
    fleet = _run([str(python), "-c", FLEET_PROBE], tmp_path)
    assert fleet.returncode == 0 and "fleet ok" in fleet.stdout, fleet.stderr[-3000:]
