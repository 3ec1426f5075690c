"""Script and initial-condition faults JSBSim crashes on or silently misreads.

Each test plants one fault in a copy of a script or IC file bundled with JSBSim
and checks the rule, the message and the file:line reported.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from planted_faults import line_of, only, planted, replaced_once

from flightsim.config import Severity, validate
from flightsim.paths import jsbsim_root

SCRIPT = jsbsim_root() / "scripts" / "c1722.xml"


def test_set_without_value_or_function_is_an_error(tmp_path: Path) -> None:
    """JSBSim's FGScript skips the function slot of such a <set>; running it segfaults."""
    path = planted(
        tmp_path,
        SCRIPT,
        '<set name="fcs/throttle-cmd-norm" value="0.65"/>',
        '<set name="fcs/throttle-cmd-norm"/>',
        "set_novalue.xml",
    )
    d = only(validate(path), "FS123")
    assert d.severity is Severity.ERROR
    assert d.file.endswith("set_novalue.xml")
    assert d.line == line_of(path, '<set name="fcs/throttle-cmd-norm"/>')
    assert d.message == (
        '<set name="fcs/throttle-cmd-norm"> has neither a value= nor a <function>: '
        "JSBSim's script reader then mismatches its lists and crashes (segfault) when "
        "the event fires"
    )


def test_set_with_empty_value_is_an_error_and_a_function_counts(tmp_path: Path) -> None:
    path = planted(
        tmp_path,
        SCRIPT,
        '<set name="fcs/throttle-cmd-norm" value="0.65"/>',
        '<set name="fcs/throttle-cmd-norm" value=""/>\n'
        '      <set name="fcs/mixture-cmd-norm"><function><value>1</value></function></set>',
        "set_empty.xml",
    )
    found = validate(path)
    assert [d.line for d in found if d.code == "FS123"] == [
        line_of(path, '<set name="fcs/throttle-cmd-norm" value=""/>')
    ]


def test_set_with_value_and_function_warns_that_the_function_is_ignored(tmp_path: Path) -> None:
    path = planted(
        tmp_path,
        SCRIPT,
        '<set name="fcs/throttle-cmd-norm" value="0.65"/>',
        '<set name="fcs/throttle-cmd-norm" value="0.65">\n'
        "        <function><value>0.3</value></function>\n      </set>",
        "set_both.xml",
    )
    d = only(validate(path), "FS114")
    assert d.severity is Severity.WARNING
    assert d.line == line_of(path, "<function><value>0.3</value></function>")
    assert "is ignored: JSBSim sets the value= given beside it" in d.message


IC = jsbsim_root() / "aircraft" / "c172x" / "reset01.xml"
RUNNING = "<running>                0    </running>"


@pytest.mark.parametrize("request_", ["full", "FULL", "1", "0", "longitudinal", "pullup", "turn"])
def test_trim_accepts_jsbsim_requests(tmp_path: Path, request_: str) -> None:
    path = planted(tmp_path, IC, RUNNING, f"{RUNNING}\n  <trim>{request_}</trim>", "ic.xml")
    assert [str(d) for d in validate(path) if d.severity is Severity.ERROR] == []


def test_misspelt_trim_request_gets_did_you_mean(tmp_path: Path) -> None:
    path = planted(tmp_path, IC, RUNNING, f"{RUNNING}\n  <trim>fulll</trim>", "ic.xml")
    d = only(validate(path), "FS113")
    assert d.line == line_of(path, "<trim>")
    assert d.message == (
        "<trim> value 'fulll' is not one of 0, 1, longitudinal, full, ground, pullup, custom, "
        "turn. Did you mean: full?"
    )


def test_unknown_latitude_type_is_an_error(tmp_path: Path) -> None:
    """JSBSim reads any type= but geod/geodetic as geocentric, silently."""
    path = planted(
        tmp_path, IC, '<latitude unit="DEG">', '<latitude unit="DEG" type="geodetik">', "ic.xml"
    )
    d = only(validate(path), "FS113")
    assert d.line == line_of(path, "<latitude")
    assert d.message == (
        'type="geodetik" on <latitude> is not one of geod, geodetic, geoc, geocentric. '
        "Did you mean: geodetic, geod, geocentric?"
    )


def test_unknown_set_action_is_an_error(tmp_path: Path) -> None:
    """FGScript looks for ramp/step/exp in action=; anything else silently steps."""
    path = planted(
        tmp_path,
        SCRIPT,
        '<set name="fcs/throttle-cmd-norm" value="0.65"/>',
        '<set name="fcs/throttle-cmd-norm" value="0.65" action="FG_RMAP" tc="2"/>',
        "action.xml",
    )
    d = only(validate(path), "FS113")
    assert (d.line, d.severity) == (line_of(path, 'action="FG_RMAP"'), Severity.ERROR)
    assert d.message == (
        'action="FG_RMAP" on <set name="fcs/throttle-cmd-norm"> is not one JSBSim knows: it '
        "silently steps to the value at once (FG_STEP). Did you mean: FG_RAMP, FG_EXP?"
    )


def test_empty_condition_is_an_error(tmp_path: Path) -> None:
    path = planted(
        tmp_path,
        SCRIPT,
        "<condition>simulation/sim-time-sec  ge  0.25</condition>",
        "<condition></condition>",
        "empty.xml",
    )
    d = only(validate(path), "FS113")
    assert d.line == line_of(path, "<condition></condition>")
    assert d.message.startswith("<condition> is empty; JSBSim expects at least one")


def test_event_without_condition_is_an_error(tmp_path: Path) -> None:
    path = planted(
        tmp_path, SCRIPT, "<condition>simulation/sim-time-sec  ge  0.25</condition>", "", "nc.xml"
    )
    d = only(validate(path), "FS122")
    assert d.line == line_of(path, '<event name="Engine start">')
    assert d.message == "<event> has no <condition>"


@pytest.mark.parametrize(
    ("run", "message"),
    [
        (
            '<run start="0.0" end="200" dt="0">',
            'dt="0" on <run> is not positive: the simulation time stands still and the '
            "script never ends",
        ),
        (
            '<run start="0.0" end="-5" dt="0.00833333">',
            'end="-5" on <run> is not after start="0": JSBSim runs the script for no time '
            "at all, without a word",
        ),
    ],
)
def test_script_timing_out_of_range_is_an_error(tmp_path: Path, run: str, message: str) -> None:
    path = planted(tmp_path, SCRIPT, '<run start="0.0" end="200" dt="0.00833333">', run, "t.xml")
    d = only(validate(path), "FS207")
    assert (d.line, d.severity, d.message) == (line_of(path, "<run "), Severity.ERROR, message)


def test_initial_altitude_below_the_ground_is_an_error(tmp_path: Path) -> None:
    """<altitude> is above ground level (FGInitialCondition): below 0 starts in the ground."""
    path = planted(
        tmp_path,
        IC,
        '<altitude unit="FT">   4000.0  </altitude>',
        '<altitude unit="FT">   -50  </altitude>',
        "below.xml",
    )
    d = only(validate(path), "FS207")
    assert (d.line, d.message) == (
        line_of(path, "<altitude"),
        "<altitude> is -50; it must be at least -10",
    )


def test_several_running_engines_are_read(tmp_path: Path) -> None:
    """FGInitialCondition reads every <running> (one engine index each): no FS404."""
    path = planted(tmp_path, IC, RUNNING, f"{RUNNING}\n  <running> 1 </running>", "two.xml")
    assert [str(d) for d in validate(path) if d.severity is Severity.ERROR] == []


def test_latitude_out_of_range_is_an_error(tmp_path: Path) -> None:
    path = planted(
        tmp_path,
        IC,
        '<latitude unit="DEG">   28.0  </latitude>',
        "<latitude> 28.0 </latitude>",
        "l.xml",
    )
    d = only(validate(path), "FS207")
    assert (d.line, d.message) == (
        line_of(path, "<latitude>"),
        "<latitude> 28 RAD is outside -90 to 90 degrees: JSBSim refuses the initial conditions",
    )
    assert d.hint is not None and 'unit="DEG"' in d.hint


@pytest.mark.parametrize(
    ("angle", "written", "attitude", "degrees"),
    [
        ("psi", "<psi> 150 </psi>", "attitude/psi-deg", 314.4),
        ("theta", '<theta unit="DEG"> 401.07 </theta>', "attitude/theta-deg", 41.1),
    ],
)
def test_initial_euler_angle_beyond_a_turn_is_an_error(
    tmp_path: Path, angle: str, written: str, attitude: str, degrees: float
) -> None:
    """JSBSim logs "psi value 150 RAD is outside the range" and starts with it as given:
    the 2012 c172p reset00 of arktools/jsbsim (150 without a unit, degrees meant) starts
    heading 314.4°, not 150° (JSBSim 1.3.3)."""
    import jsbsim

    old = '<psi unit="DEG">       200.0  </psi>'
    path = planted(tmp_path, IC, old, written if angle == "psi" else f"{old}\n  {written}", "a.xml")
    d = only(validate(path), "FS207")
    assert d.line == line_of(path, f"<{angle}")
    assert d.message.endswith(
        f"starts with it as given, a {IC_MEANING[angle]} of {degrees}° (modulo 360°)"
    )
    root = str(jsbsim_root())
    fdm = jsbsim.FGFDMExec(root)
    fdm.set_debug_level(0)
    fdm.load_model("c172x")
    assert fdm.load_ic(str(path), False)
    fdm.run_ic()
    assert fdm[attitude] == pytest.approx(degrees, abs=0.05)


IC_MEANING = {"psi": "heading", "theta": "pitch"}


def test_overridden_initial_conditions_warn(tmp_path: Path) -> None:
    path = planted(
        tmp_path,
        IC,
        RUNNING,
        f'{RUNNING}\n  <vc unit="KTS"> 90 </vc>\n  <altitudeMSL unit="FT"> 5000 </altitudeMSL>',
        "o.xml",
    )
    found = sorted((d.line, d.message) for d in validate(path) if d.code == "FS114")
    assert found == [
        (
            line_of(path, "<vc "),
            "<vc> is overridden: JSBSim sets the airspeed from each of <vc>, <vt>, <mach> in "
            "turn, and <vt> comes last",
        ),
        (
            line_of(path, "<altitudeMSL"),
            "<altitudeMSL> is ignored: JSBSim takes the altitude from <altitude>, read first",
        ),
    ]


def _c1723_copy(folder: Path) -> tuple[Path, Path, str]:
    """JSBSim's c1723 script and its c172x copied into ``folder``: the script, the
    aircraft's reset00.xml and that file's text."""
    shutil.copytree(jsbsim_root() / "aircraft" / "c172x", folder / "c172x")
    script = folder / "c1723.xml"
    shutil.copy(jsbsim_root() / "scripts" / "c1723.xml", script)
    reset = folder / "c172x" / "reset00.xml"
    return script, reset, reset.read_text()


def test_running_that_names_no_engine_of_the_script_s_aircraft_is_an_error(
    tmp_path: Path,
) -> None:
    """c1723 flies c172x (one engine) from reset00: <running> 1 ("yes") starts nothing."""
    script, reset, text = _c1723_copy(tmp_path)
    reset.write_text(text.replace("</initialize>", "  <running> 1 </running>\n</initialize>"))
    found = only(validate(script, aircraft_dirs=[tmp_path]), "FS113")
    assert found.message.startswith("<running> 1 names no engine of c172x, which has 1 engine")
    assert found.file.endswith("reset00.xml")
    assert found.line == line_of(reset, "<running> 1 </running>")
    reset.write_text(text.replace("</initialize>", "  <running> 0 </running>\n</initialize>"))
    assert not [d for d in validate(script, aircraft_dirs=[tmp_path]) if d.code == "FS113"]


def test_a_running_engine_index_that_is_not_finite_is_a_finding_not_a_crash(
    tmp_path: Path,
) -> None:
    """<running> nan (or 1e999) made the script rule's int() raise out of the validator."""
    script, reset, text = _c1723_copy(tmp_path)
    for index in ("nan", "1e999"):
        reset.write_text(text.replace("</initialize>", f"<running>{index}</running></initialize>"))
        found = only(validate(script, aircraft_dirs=[tmp_path]), "FS113")
        assert found.message.startswith(f"<running> {index} names no engine of c172x")


def _jsbsim_loads_script(script: Path, aircraft_path: Path) -> str:
    """What JSBSim 1.3.3 makes of ``script`` with aircraft from ``aircraft_path``, in a
    child process: "True" (loaded), "False" (refused) or the exception it raised."""
    code = (
        "import sys, jsbsim\n"
        "fdm = jsbsim.FGFDMExec(None)\n"
        "fdm.set_aircraft_path(sys.argv[2])\n"
        "try:\n"
        "    print(fdm.load_script(sys.argv[1]))\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__)\n"
    )
    child = subprocess.run(
        [sys.executable, "-c", code, str(script), str(aircraft_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert child.returncode == 0, child.stderr
    return child.stdout.strip().splitlines()[-1]


def _c1723_with_c172x(tmp_path: Path, old_new: list[tuple[str, str]]) -> Path:
    """The bundled c1723 script beside a copy of its c172x with ``old_new`` planted in
    c172x.xml; the script's path."""
    folder = tmp_path / "c172x"
    shutil.copytree(jsbsim_root() / "aircraft" / "c172x", folder)
    for old, new in old_new:
        replaced_once(folder / "c172x.xml", old, new)
    script = tmp_path / "c1723.xml"
    shutil.copy(jsbsim_root() / "scripts" / "c1723.xml", script)
    return script


def test_a_script_whose_aircraft_jsbsim_refuses_is_an_error_at_its_use(tmp_path: Path) -> None:
    """The validator trial's scripts (GBS_3, J2461 ...): 'no problems found' while JSBSim
    refused them, their aircraft not loading. Two load-stopping errors planted in c172x:
    a missing autopilot file (FS601) and breakpoints out of order (FS303)."""
    script = _c1723_with_c172x(
        tmp_path, [('file="c172ap"', 'file="c172apx"'), ("0.1  1.127", "0.2  1.127")]
    )
    assert _jsbsim_loads_script(script, tmp_path) == "False"
    found = only(validate(script, aircraft_dirs=[tmp_path]), "FS605")
    assert found.severity is Severity.ERROR
    assert (found.line, found.column) == (line_of(script, "<use aircraft="), 18)
    main = tmp_path / "c172x" / "c172x.xml"
    assert found.message == (
        f"JSBSim refuses to load the aircraft 'c172x' ({main}), so it refuses this script: "
        f"the aircraft has 2 errors that stop its load, the first FS601 at "
        f'{main}:{line_of(main, "c172apx")}: <autopilot file="c172apx">: no such file '
        f"(searched {tmp_path / 'c172x' / 'c172apx.xml'})"
    )
    assert found.hint == (
        f"see them all with 'flightsim validate {tmp_path / 'c172x'}' and fix the aircraft"
    )


def test_a_script_whose_aircraft_has_only_errors_jsbsim_loads_past_is_not_refused(
    tmp_path: Path,
) -> None:
    """An unknown attribute (FS111) is an error of the aircraft, but JSBSim loads it and
    the script: the script gets no FS605 (as p51d's, f15's and Boeing314's scripts)."""
    script = _c1723_with_c172x(tmp_path, [('<wingarea unit="FT2">', '<wingarea units="FT2">')])
    assert _jsbsim_loads_script(script, tmp_path) == "True"
    aircraft = validate(tmp_path / "c172x")
    assert [d.code for d in aircraft if d.severity is Severity.ERROR] == ["FS111"]
    assert not [d for d in validate(script, aircraft_dirs=[tmp_path]) if d.code == "FS605"]


def test_a_script_whose_aircraft_has_an_engine_without_thruster_is_refused(
    tmp_path: Path,
) -> None:
    """FS707 is marked ``refuses`` (JSBSim 1.3.3 refuses an engine without a thruster):
    the script of such an aircraft gets FS605, as JSBSim refuses it."""
    with_thruster = (jsbsim_root() / "aircraft" / "c172x" / "c172x.xml").read_text()
    thruster = with_thruster[
        with_thruster.index('<thruster file="prop_75in2f">') : with_thruster.index("</thruster>")
        + len("</thruster>")
    ]
    script = _c1723_with_c172x(tmp_path, [(thruster, "")])
    assert _jsbsim_loads_script(script, tmp_path) == "False"
    main = tmp_path / "c172x" / "c172x.xml"
    assert [d.code for d in validate(main) if d.severity is Severity.ERROR] == ["FS707"]
    found = only(validate(script, aircraft_dirs=[tmp_path]), "FS605")
    assert found.message.startswith(
        f"JSBSim refuses to load the aircraft 'c172x' ({main}), so it refuses this script: "
        f"the aircraft has 1 error that stops its load, the first FS707 at "
        f"{main}:{line_of(main, '<engine file=')}: engine eng_io320 has no <thruster>"
    )


@pytest.mark.parametrize(("contents", "jsbsim"), [("131", "LogExceptionError"), ("-5", "True")])
def test_fs709_refuses_a_script_for_contents_above_capacity_not_for_negative_ones(
    tmp_path: Path, contents: str, jsbsim: str
) -> None:
    """FS709 is not marked ``refuses`` as a rule: JSBSim 1.3.3 refuses a tank holding more
    than its capacity ("Tank content ... is greater than tank capacity") but flies one
    holding a negative amount; the finding says which, and FS605 follows it."""
    script = _c1723_with_c172x(
        tmp_path, [('<contents unit="LBS">130', f'<contents unit="LBS">{contents}')]
    )
    assert _jsbsim_loads_script(script, tmp_path) == jsbsim
    refused = jsbsim != "True"
    main = tmp_path / "c172x" / "c172x.xml"
    assert [d.code for d in validate(main) if d.severity is Severity.ERROR] == ["FS709"]
    found = [d for d in validate(script, aircraft_dirs=[tmp_path]) if d.code == "FS605"]
    assert len(found) == int(refused)
    if refused:
        assert f"the first FS709 at {main}:{line_of(main, '>131<')}: tank contents 131" in (
            found[0].message
        )
