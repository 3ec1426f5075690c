"""Duplicate rules (FS4xx): names compared as JSBSim makes properties of them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from flightsim.config import Severity, validate, validate_file
from flightsim.paths import jsbsim_root

SYSTEM = """<?xml version="1.0"?>
<system name="d">
  <channel name="c">
    <summer name="{first}"><input>velocities/mach</input></summer>
    <summer name="{second}"><input>velocities/mach</input></summer>
  </channel>
</system>
"""


@pytest.mark.parametrize(
    ("first", "second", "clash"),
    [
        ("Pitch Trim", "pitch trim", True),  # fcs/pitch-trim both (mkPropertyName)
        ("pitch\ttrim", "pitch-trim", True),  # any space becomes a dash
        ("a(b)", "ab", False),  # JSBSim keeps other characters: fcs/a(b) and fcs/ab
        ("systems/x", "systems/x", True),  # a name holding / is the property itself
        ("systems/X", "systems/x", False),  # ... and is not lower-cased
    ],
)
def test_component_names_clash_as_jsbsim_names_them(
    tmp_path: Path, first: str, second: str, clash: bool
) -> None:
    path = tmp_path / "d.xml"
    path.write_text(SYSTEM.format(first=first, second=second))
    found = [d for d in validate_file(path) if d.code == "FS401"]
    assert bool(found) == clash, found
    if clash:
        assert found[0].line == 5


def test_axis_named_twice_replaces_the_first(tmp_path: Path) -> None:
    """J3Cub with its SIDE axis renamed DRAG: JSBSim drops the first DRAG's functions."""
    folder = tmp_path / "J3Cub"
    shutil.copytree(jsbsim_root() / "aircraft" / "J3Cub", folder)
    main = folder / "J3Cub.xml"
    main.write_text(main.read_text().replace('<axis name="SIDE">', '<axis name="DRAG">', 1))
    lines = main.read_text().splitlines()
    drag = [n for n, line in enumerate(lines, 1) if '<axis name="DRAG">' in line]
    found = [d for d in validate(folder) if d.code in ("FS406", "FS407")]
    assert [(d.code, d.line, d.severity) for d in found] == [("FS406", drag[1], Severity.ERROR)]
    assert found[0].file.endswith("J3Cub.xml")
    assert found[0].message == (
        f'<axis name="DRAG"> is already defined at {found[0].file}:{drag[0]}: JSBSim '
        "replaces that axis's 5 function(s) by this "
        "one's, without a word"
    )


def test_axes_of_two_systems_warn(tmp_path: Path) -> None:
    path = tmp_path / "aero.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<aerodynamics>\n  <axis name="DRAG"/>\n  <axis name="X"/>\n'
        '  <axis name="Y" frame="WIND"/>\n</aerodynamics>\n'
    )
    found = [d for d in validate_file(path) if d.code.startswith("FS40")]
    where = f"{found[0].file}:3"
    assert [(d.code, d.line, d.message) for d in found] == [
        (
            "FS406",
            4,
            f'<axis name="X"> fills the same force as <axis name="DRAG"> at {where}: '
            "JSBSim replaces that axis's 0 function(s) by this one's, without a word",
        ),
        (
            "FS407",
            4,
            '<axis name="X"> is of the body system, but the forces are already in the wind '
            f'system (<axis name="DRAG"> at {where}): JSBSim warns and reads all forces in '
            "the wind system",
        ),
    ]


def test_function_names_clash_across_sections(tmp_path: Path) -> None:
    """A function in <propulsion> and one in <aerodynamics> bind the same property: JSBSim
    stops ('property already bound')."""
    from flightsim.paths import jsbsim_root

    folder = tmp_path / "c172x"
    shutil.copytree(jsbsim_root() / "aircraft" / "c172x", folder)
    main = folder / "c172x.xml"
    text = main.read_text()
    function = '<function name="aero/my-term"><value>1</value></function>'
    text = text.replace("<propulsion>", f"<propulsion>\n  {function}", 1)
    text = text.replace("<aerodynamics>", f"<aerodynamics>\n  {function}", 1)
    main.write_text(text)
    lines = [n for n, t in enumerate(main.read_text().splitlines(), 1) if "aero/my-term" in t]
    found = [d for d in validate(folder) if d.code == "FS403"]
    assert [d.line for d in found] == [lines[1]]
    assert found[0].message.startswith(
        f"function aero/my-term is already defined at {found[0].file}:{lines[0]}"
    )


def test_external_forces_with_one_name() -> None:
    path = Path(__file__).parent / "faults" / "FS409_force_name_twice.xml"
    lines = [n for n, t in enumerate(path.read_text().splitlines(), 1) if '<force name="tow"' in t]
    (d,) = [d for d in validate(path) if d.code == "FS409"]
    assert (d.line, d.severity) == (lines[1], Severity.ERROR)
    assert d.message.startswith(f'<force name="tow"> is already defined at {d.file}:{lines[0]}')


def test_a_force_and_a_moment_may_share_a_name(tmp_path: Path) -> None:
    """A <force> binds external_reactions/NAME/x, y, z, magnitude and location-*, a <moment>
    l, m, n and magnitude-lbsft (JA37's force and moment "ai-wake"): both work; two of one
    kind conflict."""
    import jsbsim

    text = (Path(__file__).parent / "faults" / "FS409_force_name_twice.xml").read_text()
    second = text.index('<force name="tow" frame="BODY"> <!-- expect: FS409 -->')
    end = text.index("</force>", second) + len("</force>")
    moment = (
        '<moment name="tow" frame="BODY">\n'
        "      <direction> <x> 0 </x> <y> 0 </y> <z> 1 </z> </direction>\n    </moment>"
    )
    folder = tmp_path / "tow"
    folder.mkdir()
    main = folder / "tow.xml"
    main.write_text(text[:second] + moment + text[end:])
    assert [d for d in validate(main) if d.code == "FS409"] == []
    main.write_text(text[:second] + moment + "\n    " + moment + text[end:])
    (twice,) = [d for d in validate(main) if d.code == "FS409"]
    assert twice.message.startswith('<moment name="tow"> is already defined')

    main.write_text(text[:second] + moment + text[end:])
    root = str(jsbsim.get_default_root_dir())
    fdm = jsbsim.FGFDMExec(root)
    fdm.set_debug_level(0)
    assert fdm.load_model_with_paths("tow", str(tmp_path), root + "/engine", root + "/systems")
    fdm["ic/h-sl-ft"] = 5000
    fdm["ic/vc-kts"] = 100
    fdm.run_ic()
    fdm["external_reactions/tow/magnitude"] = 100.0
    fdm.run()
    assert fdm["forces/fbx-external-lbs"] == pytest.approx(100.0)
    force_only = fdm["moments/n-external-lbsft"]  # the force's own moment about the CG
    fdm["external_reactions/tow/magnitude-lbsft"] = 50.0
    fdm.run()
    assert fdm["moments/n-external-lbsft"] - force_only == pytest.approx(50.0, abs=0.5)


def _elevator_outputs(aircraft_path: Path | None) -> list[tuple[float, float, float]]:
    """(fcs/elevator-pos-norm, fcs/elevator-pos-rad, fcs/elevator-position) of the f15 in
    JSBSim after 1 s at each of three elevator commands (from ``aircraft_path`` if given)."""
    import jsbsim

    fdm = jsbsim.FGFDMExec(str(jsbsim_root()))
    fdm.set_debug_level(0)
    if aircraft_path is not None:
        fdm.set_aircraft_path(str(aircraft_path))
    assert fdm.load_model("f15")
    fdm["ic/h-sl-ft"] = 10000
    fdm["ic/vc-kts"] = 300
    fdm.run_ic()
    found = []
    for command in (-0.5, 0.3, 1.0):
        fdm["fcs/elevator-cmd-norm"] = command
        for _ in range(120):
            fdm.run()
        names = ("fcs/elevator-pos-norm", "fcs/elevator-pos-rad", "fcs/elevator-position")
        found.append(tuple(fdm[name] for name in names))
    return found  # type: ignore[return-value]


def test_two_components_of_one_name_with_their_own_outputs_are_a_warning(
    tmp_path: Path,
) -> None:
    """The bundled f15's kinematic and aerosurface_scale are both "elevator position": each
    writes its own <output> as it does renamed; only the unread fcs/elevator-position holds
    the later one's value (measured here). It had been an error saying the later overwrites
    the other's output."""
    main = jsbsim_root() / "aircraft" / "f15" / "f15.xml"
    found = [d for d in validate(main) if d.code in ("FS401", "FS410")]
    assert [(d.code, d.severity, d.line) for d in found] == [("FS410", Severity.WARNING, 287)]
    assert found[0].message == (
        f'FCS component name "elevator position" is already used at {found[0].file}:272: '
        "both write the property fcs/elevator-position, which holds whichever of the two ran "
        "last; nothing in the aircraft reads it, and each writes its own <output> "
        "(fcs/elevator-pos-norm; fcs/elevator-pos-rad) as given"
    )
    bundled = _elevator_outputs(None)
    shutil.copytree(main.parent, tmp_path / "f15")
    renamed = tmp_path / "f15" / "f15.xml"
    text = renamed.read_text()
    old = '<aerosurface_scale name="elevator position">'
    renamed.write_text(text.replace(old, '<aerosurface_scale name="elevator position rad">'))
    alone = _elevator_outputs(tmp_path)
    assert [row[:2] for row in bundled] == [row[:2] for row in alone]
    assert bundled[0][:2] == pytest.approx((-0.5, -0.22685))  # -13 deg of -26..15, in rad
    assert [row[2] for row in bundled] == [row[1] for row in bundled]  # the later's value
    assert [row[2] for row in alone] == [row[0] for row in alone]  # the kinematic alone


READ_SYSTEM = """<?xml version="1.0"?>
<system name="d">
  <channel name="c">
    <summer name="mix"><input>velocities/mach</input><output>systems/a</output></summer>
    <summer name="mix"><input>velocities/mach</input><output>systems/b</output></summer>
    <pure_gain name="user"><input>fcs/mix</input><gain>2</gain></pure_gain>
  </channel>
</system>
"""


def test_two_components_of_one_name_whose_property_is_read_are_an_error(
    tmp_path: Path,
) -> None:
    """With their own outputs, but fcs/mix read by a third component: that one gets
    whichever of the two ran last."""
    path = tmp_path / "d.xml"
    path.write_text(READ_SYSTEM)
    found = [d for d in validate_file(path) if d.code in ("FS401", "FS410")]
    assert [(d.code, d.severity, d.line) for d in found] == [("FS401", Severity.ERROR, 5)]
    assert found[0].message == (
        f'FCS component name "mix" is already used at {found[0].file}:4: both write the '
        f"property fcs/mix, which holds whichever of the two ran last; {found[0].file}:6 "
        "reads it"
    )
    path.write_text(SYSTEM.format(first="mix", second="mix"))  # no <output>: an error too
    found = [d for d in validate_file(path) if d.code in ("FS401", "FS410")]
    assert [(d.code, d.line) for d in found] == [("FS401", 5)]
    assert found[0].message.endswith("; it is the only result of the first, which has no <output>")
