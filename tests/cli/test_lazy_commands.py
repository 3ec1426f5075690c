"""``flightsim --help`` and ``--version`` load no sub-command and no heavy library.

Speed is measured by scripts/bench_cli.py; here the reason for it is checked:
what a fresh process has imported after answering.
"""

import json
import os
import subprocess
import sys

import pytest

from flightsim import accelerators
from flightsim.cli import COMMANDS

HEAVY = ("numpy", "jsbsim", "matplotlib", "lxml", "gymnasium", "tqdm")

_PROBE = """
import json, sys
from flightsim.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def imported_after(*argv: str, env: dict[str, str] | None = None) -> tuple[int, str, list[str]]:
    """(exit code, stdout, modules imported) of ``flightsim ARGV`` in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        check=False,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return int(report["code"] or 0), done.stdout, report["modules"]


@pytest.mark.parametrize("option", ["--help", "--version"])
def test_help_and_version_import_no_heavy_library(option: str) -> None:
    code, _, modules = imported_after(option)
    assert code == 0
    loaded = {m.split(".")[0] for m in modules}
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
    commands = [m for m in modules if m.startswith("flightsim.cli.")]
    assert not set(commands) & {c.module for c in COMMANDS.values()}, commands
    assert "flightsim.config" not in modules
    assert not {m for m in modules if m.startswith("flightsim.sim.")} - {
        "flightsim.sim.steploop",  # asked by --version: which step loop is in use
        "flightsim.sim._steploop",
        "flightsim.sim._steploop_pure",
    }
    assert "difflib" not in modules and "pathlib" not in modules  # only for a mistake


def test_help_lists_every_command_with_its_line() -> None:
    code, out, _ = imported_after("--help")
    assert code == 0
    lines = [line.split(maxsplit=1) for line in out.splitlines()]
    for name, command in COMMANDS.items():
        assert [name, command.help] in lines, out  # one line each, not wrapped


def test_a_command_loads_only_its_own_module() -> None:
    code, out, modules = imported_after("aircraft", "--help")
    assert code == 0 and "--source" in out
    loaded = {m for m in modules if m.startswith("flightsim.cli.")}
    assert "flightsim.cli.aircraft" in loaded
    assert not loaded & {c.module for n, c in COMMANDS.items() if n != "aircraft"}


def test_version_names_the_accelerators_in_use() -> None:
    code, out, _ = imported_after("--version")
    assert code == 0
    assert out.startswith(f"flightsim 0.1.0 ({accelerators.summary()})")
    code, out, _ = imported_after("--version", env={"FLIGHTSIM_PURE_PYTHON": "1"})
    assert "(pure Python: FLIGHTSIM_PURE_PYTHON is set)" in out


def test_the_accelerators_reported_are_the_ones_in_use() -> None:
    from flightsim.envs.stepkernel import accelerated as kernel_compiled
    from flightsim.sim.steploop import accelerated as loop_compiled

    compiled, _, _ = accelerators.summary().partition(";")
    assert ("step loop" in compiled and compiled.startswith("compiled")) is loop_compiled()
    assert ("environment step" in compiled and compiled.startswith("compiled")) is (
        kernel_compiled()
    )
