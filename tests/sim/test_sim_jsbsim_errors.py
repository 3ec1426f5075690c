"""JSBSim's own exceptions while flying surface as flightsim errors saying when and where.

A script event that sets a property nobody defines, or asks for a trim that fails,
makes JSBSim raise in ``FGFDMExec.run`` (``_jsbsim.LogExceptionError``,
``TrimFailureError``); ``flightsim`` printed them as a traceback. A property write
that starts JSBSim's trim aborts the process when the trim fails: it is refused.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from flightsim.errors import SimulationError, TrimError
from flightsim.sim.simulation import Simulation

SCRIPT = """<?xml version="1.0"?>
<runscript name="{name}">
  <use aircraft="c172p" initialize="{ic}"/>
  <run start="0.0" end="2" dt="0.008333">
    <event name="the event">
      <condition>simulation/sim-time-sec ge 0.5</condition>
      <set name="{name_set}" value="{value}"/>
    </event>
  </run>
</runscript>
"""


def _script(path: Path, name_set: str, value: str, ic: str = "reset01") -> Path:
    path.write_text(SCRIPT.format(name=path.stem, ic=ic, name_set=name_set, value=value))
    return path


def test_a_trim_a_script_asks_for_that_fails_is_a_trim_error(tmp_path: Path) -> None:
    """reset00 stands on the runway: a full trim (do_simple_trim = 1) cannot converge."""
    script = _script(tmp_path / "trimfail.xml", "simulation/do_simple_trim", "1", ic="reset00")
    sim = Simulation.from_script(script, record="state")
    with pytest.raises(TrimError) as info:
        sim.run_script()
    assert str(info.value).startswith(
        f"JSBSim stopped the script {script}:7 at t = 0.500 s: TrimFailureError: Trim Failed. "
        "The trim it asks for does not converge"
    )
    assert info.value.time_s == pytest.approx(0.5, abs=0.009)
    assert sim.recording.time_s[-1] == pytest.approx(0.5, abs=0.009)  # kept until then
    sim.close()


def test_an_undefined_property_set_by_an_unchecked_script_is_a_simulation_error(
    tmp_path: Path,
) -> None:
    """The trial's set_typo.xml with the validator's check skipped (guard=False)."""
    script = _script(tmp_path / "set_typo.xml", "fcs/throtle-cmd-norm", "0.8")
    with (
        Simulation.from_script(script, record="state", guard=False) as sim,
        pytest.raises(SimulationError) as info,
    ):
        sim.run_script()
    assert str(info.value) == (
        f"JSBSim stopped the script {script}:7 at t = 0.500 s: LogExceptionError: No property, "
        f"\"fcs/throtle-cmd-norm\" is defined. Check the script with 'flightsim validate {script}'"
        "; the data recorded until then is kept."
    )
    result = subprocess.run(
        [sys.executable, "-m", "flightsim", "script", "--no-guard", str(script), "-o",
         str(tmp_path / "out")],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"data until the failure is in {tmp_path / 'out' / 'set_typo.csv'}" in result.stderr
    assert f"{script}:7 at t = 0.500 s: LogExceptionError: No property" in result.stderr


def test_a_write_that_starts_jsbsim_s_trim_is_refused(tmp_path: Path) -> None:
    """Writing simulation/do_simple_trim = 2 (ground) in the air aborted the process
    (terminate called after throwing 'JSBSim::TrimFailureException'): in a child here."""
    code = """
from flightsim import InitialConditions, Simulation
from flightsim.errors import ConfigError
with Simulation("c172p", InitialConditions(altitude_ft=4000, kcas=100), record=None) as sim:
    for write in (
        lambda: sim.__setitem__("simulation/do_simple_trim", 2),
        lambda: sim.run(0.1, controls=lambda t, s: {"simulation/do_simple_trim": 2}),
    ):
        try:
            write()
        except ConfigError as exc:
            print("ConfigError:", exc)
"""
    lines = _printed_by_a_child(code)
    assert len(lines) == 2
    for line in lines:
        assert line.startswith(
            "ConfigError: writing 'simulation/do_simple_trim' has JSBSim trim, and a trim that "
            "fails then aborts the whole process"
        )
        assert "call sim.trim(mode) instead" in line


def test_a_write_that_starts_jsbsim_s_linearisation_is_refused() -> None:
    """Writing simulation/do_linearization = 1 after a step segfaulted the process on
    sgs126 (and ran for minutes on the c172p): in a child here, which must live."""
    code = """
from flightsim import Simulation
from flightsim.errors import ConfigError
with Simulation("sgs126", record=None) as sim:
    sim.run(0.1)
    for write in (
        lambda: sim.__setitem__("simulation/do_linearization", 1),
        lambda: sim.run(0.1, controls={"simulation/do_linearization": 1}),
    ):
        try:
            write()
        except ConfigError as exc:
            print("ConfigError:", exc)
"""
    lines = _printed_by_a_child(code)
    assert len(lines) == 2
    for line in lines:
        assert "writing 'simulation/do_linearization'" in line
        assert "sim.linearize()" in line


def _printed_by_a_child(code: str) -> list[str]:
    """The lines ``code`` prints in a Python child process, which must exit 0 (JSBSim's
    abort or segfault would kill it, never this test's process)."""
    child = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300
    )
    assert child.returncode == 0, child.stderr
    return child.stdout.splitlines()
