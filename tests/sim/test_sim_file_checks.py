"""Initialization files and scripts are checked by the validator before JSBSim reads them.

JSBSim aborts the whole process (SIGABRT) on an initialization file with an
unknown unit or a value that is no number, also for a bundled aircraft, and
segfaults on a script ``<set>`` without a value when its event fires. Each case
runs in a child process (``python -c`` / ``python -m flightsim``): a regression
kills the child, not pytest, and shows here as a wrong exit code.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flightsim.errors import ConfigError
from flightsim.paths import find_aircraft, jsbsim_root
from flightsim.sim import file_checks
from flightsim.sim.file_checks import check_ic_load, needs_load_check
from flightsim.sim.simulation import Simulation

IC_TEMPLATE = """<?xml version="1.0"?>
<initialize name="cruise">
  <ubody unit="FT/SEC"> 150.0 </ubody>
  <latitude unit="DEG"> 47.0 </latitude>
  <longitude unit="DEG"> -122.0 </longitude>
  <psi unit="DEG"> 90.0 </psi>
  <altitude unit="{unit}"> {altitude} </altitude>
  <running> 0 </running>
</initialize>
"""

SCRIPT_TEMPLATE = """<?xml version="1.0"?>
<runscript name="{name}">
  <use aircraft="{aircraft}" initialize="{ic}"/>
  <run start="0.0" end="2" dt="0.008333">
    <event name="start engine">
      <condition>simulation/sim-time-sec ge 0.25</condition>
      <set name="{throttle}" value="0.8"/>
      {magneto}
      <set name="propulsion/starter_cmd" value="1"/>
    </event>
    <event name="elevator">
      <condition>simulation/sim-time-sec ge 1</condition>
      <set name="fcs/elevator-cmd-norm" value="-0.1" action="FG_RAMP" tc="1.0"/>
    </event>
  </run>
</runscript>
"""


def _ic(path: Path, unit: str = "FT", altitude: str = "3000.0") -> Path:
    path.write_text(IC_TEMPLATE.format(unit=unit, altitude=altitude))
    return path


def _script(
    path: Path,
    *,
    aircraft: str = "c172p",
    ic: str = "reset01",
    throttle: str = "fcs/throttle-cmd-norm",
    magneto: str = '<set name="propulsion/magneto_cmd" value="3"/>',
) -> Path:
    path.write_text(
        SCRIPT_TEMPLATE.format(
            name=path.stem, aircraft=aircraft, ic=ic, throttle=throttle, magneto=magneto
        )
    )
    return path


def _child(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``code`` in a child Python (JSBSim may abort it) in a folder of its own (files are
    named by their full path); its output and exit code."""
    cwd.mkdir(exist_ok=True)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def _cli(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    cwd.mkdir(exist_ok=True)
    return subprocess.run(
        [sys.executable, "-m", "flightsim", *argv],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def _planes(tmp_path: Path) -> Path:
    """A folder holding a copy of the bundled J3Cub: an aircraft that is not bundled."""
    planes = tmp_path / "planes"
    shutil.copytree(jsbsim_root() / "aircraft" / "J3Cub", planes / "J3Cub")
    return planes


TRY_IC = """
from flightsim import Simulation
from flightsim.errors import ConfigError
try:
    Simulation({aircraft!r}, ic={ic!r}, aircraft_dirs={dirs!r}, record=None)
except ConfigError as exc:
    print("ConfigError:", exc)
else:
    print("accepted")
"""


@pytest.mark.parametrize(
    ("unit", "altitude", "finding"),
    [
        ("FEET", "3000.0", "error FS203: unknown unit 'FEET' on <altitude>. Did you mean: FT?"),
        ("FT", "abc", "error FS201: <altitude> must hold a number, not 'abc'"),
    ],
)
def test_a_bad_ic_file_is_refused_with_a_bundled_aircraft(
    tmp_path: Path, unit: str, altitude: str, finding: str
) -> None:
    """The trial's bad_ic.xml: JSBSim aborted the user's Python (exit 134) with c172p."""
    path = _ic(tmp_path / "bad_ic.xml", unit, altitude)
    child = _child(TRY_IC.format(aircraft="c172p", ic=str(path), dirs=[]), tmp_path / "cwd")
    assert child.returncode == 0, child.stderr
    assert child.stdout.startswith(f"ConfigError: {path}:7: {finding}")
    assert f"'flightsim validate {path}'" in child.stdout
    assert "guard=False" in child.stdout


def test_a_bad_ic_file_is_refused_with_an_aircraft_of_the_user(tmp_path: Path) -> None:
    planes = _planes(tmp_path)
    _ic(planes / "J3Cub" / "bad_unit.xml", "FEET")
    child = _child(
        TRY_IC.format(aircraft="J3Cub", ic="bad_unit", dirs=[str(planes)]), tmp_path / "cwd"
    )
    assert child.returncode == 0, child.stderr
    assert child.stdout.startswith(
        f"ConfigError: {planes}/J3Cub/bad_unit.xml:7: error FS203: unknown unit 'FEET'"
    )
    result = _cli(
        "run", "--aircraft-dir", str(planes), "--aircraft", "J3Cub", "--ic", "bad_unit",
        "--duration", "1", "-o", str(tmp_path / "out.csv"), cwd=tmp_path / 'cwd',
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert f"{planes}/J3Cub/bad_unit.xml:7: error FS203: unknown unit 'FEET'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.csv").exists()


def test_a_sound_ic_file_still_flies(tmp_path: Path) -> None:
    with Simulation("c172p", ic=_ic(tmp_path / "good.xml"), record=None) as sim:
        assert sim["position/h-sl-ft"] == pytest.approx(3000.0, abs=0.1)


def test_guard_false_hands_the_file_to_jsbsim_unchecked(tmp_path: Path) -> None:
    """The way around a finding the user knows better about: JSBSim then reads the file."""
    path = _ic(tmp_path / "bad_ic.xml", "FEET")
    code = (
        "from flightsim import Simulation\n"
        f"Simulation('c172p', ic={str(path)!r}, guard=False, record=None)\n"
    )
    child = _child(code, tmp_path / "cwd")
    assert child.returncode != 0  # JSBSim aborts: the check was skipped
    assert 'Supplied unit: "FEET" does not exist' in child.stderr


def test_the_ic_file_a_script_names_is_checked(tmp_path: Path) -> None:
    planes = _planes(tmp_path)
    _ic(planes / "J3Cub" / "bad_unit.xml", "FEET")
    script = _script(tmp_path / "badic.xml", aircraft="J3Cub", ic="bad_unit")
    code = (
        "from flightsim import Simulation\nfrom flightsim.errors import ConfigError\n"
        f"try:\n    Simulation.from_script({str(script)!r}, aircraft_dirs=[{str(planes)!r}])\n"
        "except ConfigError as exc:\n    print('ConfigError:', exc)\n"
    )
    child = _child(code, tmp_path / "cwd")
    assert child.returncode == 0, child.stderr
    assert child.stdout.startswith(
        f"ConfigError: {planes}/J3Cub/bad_unit.xml:7: error FS203: unknown unit 'FEET'"
    )
    assert f"'flightsim validate --aircraft-dir {planes} {script}'" in child.stdout


def test_a_script_whose_aircraft_jsbsim_refuses_is_refused_naming_the_aircraft(
    tmp_path: Path,
) -> None:
    """A script of an aircraft whose engine file is missing (JSBSim refuses the aircraft,
    and so the script) is refused with the aircraft's finding at the script's <use>."""
    planes = _planes(tmp_path)
    main = planes / "J3Cub" / "J3Cub.xml"
    main.write_text(main.read_text().replace('"Continental A-65-8"', '"Continental A-65-9"'))
    _ic(planes / "J3Cub" / "cruise.xml")
    script = _script(tmp_path / "refused.xml", aircraft="J3Cub", ic="cruise")
    result = _cli(
        "script",
        str(script),
        "--aircraft-dir",
        str(planes),
        "-o",
        str(tmp_path / "out"),
        cwd=tmp_path / "cwd",
    )
    assert result.returncode == 2, result.stderr
    assert (
        f"{script}:3: error FS605: JSBSim refuses to load the aircraft 'J3Cub' ({main}), "
        "so it refuses this script: the aircraft has 1 error that stops its load, the first "
        f'FS601 at {main}:199: <engine file="Continental A-65-9">: no such file'
    ) in result.stderr
    assert f"see them all with 'flightsim validate {planes / 'J3Cub'}'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_script_with_a_validator_error_is_refused_before_jsbsim_runs_it(tmp_path: Path) -> None:
    """The trial's set_typo.xml: JSBSim stopped it at 0.25 s with a raw LogExceptionError."""
    script = _script(tmp_path / "set_typo.xml", throttle="fcs/throtle-cmd-norm")
    with pytest.raises(ConfigError) as info:
        Simulation.from_script(script)
    message = str(info.value)
    assert message.startswith(
        f"{script}:7: error FS501: <set name=...> sets 'fcs/throtle-cmd-norm', which neither "
        "JSBSim nor the aircraft's files define. Did you mean: fcs/throttle-cmd-norm"
    )
    assert f"'flightsim validate {script}'" in message
    out = tmp_path / "out"
    result = _cli("script", str(script), "-o", str(out), cwd=tmp_path / "cwd")
    assert result.returncode == 2, result.stderr
    assert f"{script}:7: error FS501: <set name=...> sets 'fcs/throtle-cmd-norm'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (out / "set_typo.csv").exists()


def test_a_sound_script_still_runs(tmp_path: Path) -> None:
    script = _script(tmp_path / "sound.xml")
    with Simulation.from_script(script, record="state") as sim:
        sim.run_script()
        assert sim.time_s == pytest.approx(2.0, abs=0.01)
        assert sim["fcs/throttle-cmd-norm"] == 0.8


SET_WITHOUT_VALUE = '<set name="propulsion/magneto_cmd"/>'


def test_a_script_set_without_a_value_is_refused_not_a_segfault(tmp_path: Path) -> None:
    """The trial's set_novalue.xml: JSBSim's FGScript skips the function slot of such a
    <set> and segfaults (exit 139) when the event fires, in-process too. The validator's
    rule for it (FS123) is what refuses it before JSBSim runs it."""
    script = _script(tmp_path / "set_novalue.xml", magneto=SET_WITHOUT_VALUE)
    code = (
        "from flightsim import Simulation\nfrom flightsim.errors import ConfigError\n"
        f"try:\n    Simulation.from_script({str(script)!r}).run_script()\n"
        "except ConfigError as exc:\n    print('ConfigError:', exc)\n"
    )
    child = _child(code, tmp_path / "cwd")
    assert child.returncode == 0, child.stderr  # not -11 (SIGSEGV)
    assert child.stdout.startswith(f"ConfigError: {script}:8: error ")
    result = _cli("script", str(script), "-o", str(tmp_path / "out"), cwd=tmp_path / "cwd")
    assert result.returncode == 2, result.stderr
    assert f"{script}:8: error " in result.stderr


VELOCITY_UNIT = """<?xml version="1.0"?>
<initialize name="v2" version="2.0">
  <position frame="ECEF">
    <latitude unit="DEG">47</latitude><longitude unit="DEG">-122</longitude>
    <altitudeMSL unit="FT">3000</altitudeMSL>
  </position>
  <velocity unit="{unit}" frame="BODY"><x>150</x></velocity>
  <running>0</running>
</initialize>
"""


def test_a_file_jsbsim_aborts_on_is_read_in_a_child_first(tmp_path: Path) -> None:
    """<velocity unit="FT/S"> aborts JSBSim ("cannot be converted to FT/SEC"), and no
    validator rule knew it: a fault found only by running, in a child process."""
    path = tmp_path / "vel_unit.xml"
    path.write_text(VELOCITY_UNIT.format(unit="FT/S"))
    location = find_aircraft("c172p")
    with pytest.raises(ConfigError) as info:
        check_ic_load(location, path)
    message = str(info.value)
    assert message.startswith(
        f"{path}: JSBSim cannot read this initialization file with c172p: JSBSim crashed "
        "the process (SIGABRT) during load_ic"
    )
    assert 'Supplied unit: "FT/S" cannot be converted to FT/SEC' in message
    assert "(seen in a test process; this one is unharmed)" in message
    with pytest.raises(ConfigError):  # in-process, whichever check finds it first
        Simulation("c172p", ic=path, record=None)
    sound = tmp_path / "vel_ok.xml"
    sound.write_text(VELOCITY_UNIT.format(unit="FT/SEC"))
    check_ic_load(location, sound)
    with Simulation("c172p", ic=sound, record=None) as sim:
        assert sim["velocities/u-fps"] == pytest.approx(150.0, abs=1e-6)


def test_the_child_s_verdict_is_kept_until_the_file_changes(tmp_path: Path) -> None:
    path = _ic(tmp_path / "kept.xml")
    location = find_aircraft("c172p")
    before = file_checks._IC_LOADS.computed
    check_ic_load(location, path)
    check_ic_load(location, path)
    assert file_checks._IC_LOADS.computed == before + 1
    path.write_text(VELOCITY_UNIT.format(unit="FT/S"))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    with pytest.raises(ConfigError, match="SIGABRT"):
        check_ic_load(location, path)
    assert file_checks._IC_LOADS.computed == before + 2


def test_files_shipped_with_jsbsim_are_not_read_in_a_child(tmp_path: Path) -> None:
    bundled = jsbsim_root() / "aircraft" / "c172p" / "reset01.xml"
    assert not needs_load_check(bundled, None)
    assert needs_load_check(bundled, True)
    assert needs_load_check(_ic(tmp_path / "mine.xml"), None)
    assert not needs_load_check(tmp_path / "mine.xml", False)
