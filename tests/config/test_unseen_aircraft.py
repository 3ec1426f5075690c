"""The validator on aircraft it has never seen: each class of false or missed finding
met on third-party aircraft, shown by a small aircraft of our own."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flightsim.config import Diagnostic, Severity, validate

FAULTS = Path(__file__).parent / "faults"


def base_text() -> str:
    """The clean aircraft of the fault corpus (FS404's file without its planted line)."""
    text = (FAULTS / "FS404_wingarea_twice.xml").read_text()
    return re.sub(r"\n\s*<wingarea unit=\"FT2\"> 180.0 </wingarea>.*", "", text, count=1)


def make_aircraft(folder: Path, text: str | None = None, **files: str) -> Path:
    """An aircraft folder ``folder`` (main file ``<name>.xml``), with ``files`` beside it
    (``Systems__x_xml`` names ``Systems/x.xml``)."""
    folder.mkdir(parents=True, exist_ok=True)
    main = folder / f"{folder.name}.xml"
    main.write_text(base_text() if text is None else text)
    for name, content in files.items():
        path = folder / name.replace("__", "/").replace("_xml", ".xml")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    return main


def with_system(text: str, system: str) -> str:
    """``text`` with ``<system file="system"/>`` before its flight control."""
    return text.replace("  <flight_control", f'  <system file="{system}"/>\n  <flight_control', 1)


def _generated_system(undefined: int, defined: int) -> str:
    """A system declaring ``defined`` properties and reading ``undefined`` others."""
    lines = ['<?xml version="1.0"?>', '<system name="generated">']
    lines += [f"  <property>systems/gen/known-{i}</property>" for i in range(defined)]
    lines.append('  <channel name="reads">')
    for i in range(undefined):
        lines.append(
            f'    <fcs_function name="systems/gen/out-{i}"><function><sum>'
            f"<property>systems/gen/unknown-{i}</property><property>systems/gen/known-{i % 7}"
            "</property></sum></function></fcs_function>"
        )
    lines += ["  </channel>", "</system>", ""]
    return "\n".join(lines)


def test_an_aircraft_with_1800_undefined_properties_validates_in_seconds(tmp_path: Path) -> None:
    main = make_aircraft(
        tmp_path / "big",
        with_system(base_text(), "generated"),
        generated_xml=_generated_system(1800, 2000),
    )
    start = time.process_time()  # CPU time: a busy shared machine does not fail it
    found = validate(main)
    spent = time.process_time() - start
    undefined = [d for d in found if d.code == "FS501"]
    assert len(undefined) == 1800
    assert "systems/gen/unknown-17" in undefined[17].message
    assert spent < 10.0, f"{spent:.1f} s"


def test_findings_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    """The same files give the same findings in any process (no id()-based dedup)."""
    main = make_aircraft(
        tmp_path / "seeded",
        with_system(base_text(), "generated"),
        generated_xml=_generated_system(300, 50),
    )
    code = (
        "import json, sys\nfrom flightsim.config import validate\n"
        "print(json.dumps([str(d) for d in validate(sys.argv[1])]))"
    )
    outputs = []
    for seed in ("1", "4242"):
        run = subprocess.run(
            [sys.executable, "-c", code, str(main)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            timeout=300,
        )
        outputs.append(json.loads(run.stdout))
    assert len(outputs[0]) >= 300
    assert outputs[0] == outputs[1]
    assert all(d.severity is not Severity.ERROR or d.code == "FS501" for d in validate(main))


def test_bundled_scripts_are_found_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    """`flightsim validate c1721` validates the bundled script, as `flightsim script` runs it."""
    from flightsim.cli import main
    from flightsim.config.validator import resolve_target
    from flightsim.paths import jsbsim_root

    assert resolve_target("c1721") == jsbsim_root() / "scripts" / "c1721.xml"
    assert resolve_target("c172x") == jsbsim_root() / "aircraft" / "c172x" / "c172x.xml"
    assert main(["validate", "c1721"]) == 0
    assert "1 target checked" in capsys.readouterr().out
    assert main(["validate", "c1722x"]) == 2
    err = capsys.readouterr().err
    assert "Nor is it a script bundled with JSBSim. Did you mean: c1722" in err


def _codes(main: Path) -> list[str]:
    return sorted(d.code for d in validate(main))


def _errors(main: Path) -> list[str]:
    return sorted(str(d) for d in validate(main) if d.severity is Severity.ERROR)


def test_property_declarations_in_metrics_mass_balance_and_ground_reactions(
    tmp_path: Path,
) -> None:
    """JSBSim reads <property> (and <function>) in every model section (FGModel::Upload):
    no FS110."""
    text = base_text()
    for section in ("metrics", "mass_balance", "ground_reactions"):
        text = text.replace(
            f"  <{section}>",
            f'  <{section}>\n    <property value="1">{section}/rig-flag</property>\n'
            f'    <function name="{section}/rig-sum"><sum><property>{section}/rig-flag'
            "</property><value>1</value></sum></function>",
            1,
        )
    assert _codes(make_aircraft(tmp_path / "declares", text)) == []


def test_distributor_case_value_may_name_a_property_negated(tmp_path: Path) -> None:
    """FGDistributor reads value= as a number or a property, a leading '-' negating it."""
    system = """<?xml version="1.0"?>
<system name="dist">
  <property value="0">test/input</property>
  <channel name="c">
    <distributor name="d" type="exclusive">
      <case>
        <test> test/input GT 0 </test>
        <property value="-test/input"> test/negated </property>
        <property value="test/input"> test/copied </property>
        <property value="2.5"> test/constant </property>
      </case>
    </distributor>
  </channel>
</system>
"""
    main = make_aircraft(tmp_path / "dist", with_system(base_text(), "dist"), dist_xml=system)
    assert _codes(main) == []
    typo = system.replace('value="-test/input"', 'value="-test/inptu"')
    main = make_aircraft(tmp_path / "typo", with_system(base_text(), "dist"), dist_xml=typo)
    (finding,) = validate(main)
    assert (finding.code, finding.line) == ("FS501", 8)
    assert "test/inptu" in finding.message


def test_a_double_slash_names_the_same_property(tmp_path: Path) -> None:
    text = base_text().replace(
        "<input> fcs/elevator-cmd-norm </input>", "<input> fcs//elevator-cmd-norm </input>", 1
    )
    assert "fcs//elevator-cmd-norm" in text
    assert _codes(make_aircraft(tmp_path / "slashes", text)) == []


def test_zero_inertia_given_by_point_masses_is_judged_by_the_total(tmp_path: Path) -> None:
    """The base aircraft's pilot (180 lbs, 14 in off the centreline) gives ixx on its own."""
    text = base_text().replace(
        '<ixx unit="SLUG*FT2"> 948.0 </ixx>', '<ixx unit="SLUG*FT2"> 0 </ixx>', 1
    )
    text = text.replace('<izz unit="SLUG*FT2"> 1967.0 </izz>', '<izz unit="SLUG*FT2"> 1300 </izz>')
    assert "FS702" not in _codes(make_aircraft(tmp_path / "points", text))
    alone = re.sub(r'\n    <pointmass name="pilot">.*?</pointmass>', "", text, flags=re.S)
    found = [(d.code, d.line) for d in validate(make_aircraft(tmp_path / "alone", alone))]
    assert ("FS702", 30) in found


def test_inertia_far_beyond_the_triangle_inequality_is_an_error(tmp_path: Path) -> None:
    slight = base_text().replace("> 1967.0 </izz>", "> 2400.0 </izz>")
    gross = base_text().replace("> 1967.0 </izz>", "> 96700.0 </izz>")
    assert [(d.code, d.severity) for d in validate(make_aircraft(tmp_path / "s", slight))] == [
        ("FS703", Severity.WARNING)
    ]
    (finding,) = validate(make_aircraft(tmp_path / "g", gross))
    assert (finding.code, finding.severity, finding.line) == ("FS711", Severity.ERROR, 32)
    assert "times" in finding.message


def test_an_electric_engine_burns_no_fuel(tmp_path: Path) -> None:
    """A <feed> on an electric engine names no tank that matters (the engine burns nothing)."""
    electric = """<?xml version="1.0"?>
<electric_engine name="motor">
  <power unit="WATTS"> 20000 </power>
</electric_engine>
"""
    text = re.sub(r"\n    <tank .*?</tank>", "", base_text(), count=1, flags=re.S)
    text = text.replace('<engine file="eng_io320">', '<engine file="motor">', 1)
    text = text.replace("<feed> 0 </feed>", "<feed> 3 </feed>", 1)
    main = make_aircraft(tmp_path / "volt", text, Engines__motor_xml=electric)
    assert "FS708" not in _codes(main)
    assert _errors(main) == []


def test_empty_point_mass_locations_are_set_at_run_time(tmp_path: Path) -> None:
    text = re.sub(
        r'(<location name="POINTMASS" unit="IN">).*?(</location>)',
        r"\1\2",
        base_text(),
        count=1,
        flags=re.S,
    )
    assert '<location name="POINTMASS" unit="IN"></location>' in text
    assert "FS122" not in _codes(make_aircraft(tmp_path / "empty", text))


def _rig(with_chord_reader: bool) -> str:
    """A test rig: no name, no aerodynamics, metrics without area, span, or a chord of 0."""
    text = base_text().replace('name="faultbase" ', "", 1)
    text = re.sub(r"  <aerodynamics>.*</aerodynamics>\n", "", text, flags=re.S)
    text = text.replace("  </fdm_config>", "").replace(
        "</fdm_config>", "  <aerodynamics/>\n</fdm_config>"
    )
    text = re.sub(r"\s*<wingarea[^\n]*\n", "\n", text, count=1)
    text = re.sub(r"\s*<wingspan[^\n]*\n", "\n", text, count=1)
    text = text.replace('<chord unit="FT"> 4.9 </chord>', '<chord unit="FT"> 0 </chord>')
    if with_chord_reader:
        text = text.replace(
            '<property value="0.5"> fcs/trim-gain </property>',
            '<property value="0.5"> fcs/trim-gain </property>\n'
            '    <function name="fcs/uses-chord"><product><property>metrics/cbarw-ft</property>'
            "<value>2</value></product></function>",
        )
    return text


def test_a_rig_without_aerodynamics_needs_no_name_area_span_or_chord(tmp_path: Path) -> None:
    found = validate(make_aircraft(tmp_path / "rig", _rig(False)))
    assert [d.code for d in found if d.code in ("FS112", "FS122", "FS704")] == []
    reads = validate(make_aircraft(tmp_path / "reads", _rig(True)))
    (chord,) = [d for d in reads if d.code == "FS704"]
    assert "metrics/cbarw-ft" in chord.message and "wing area" not in chord.hint


def test_reads_inside_an_unread_element_are_not_reported_twice(tmp_path: Path) -> None:
    """A property read inside an element JSBSim never reads gets FS110, not FS501 too."""
    text = base_text().replace(
        "  <flight_control",
        '  <autopilott>\n    <function name="ap/x"><property>ap/nowhere</property>'
        "</function>\n  </autopilott>\n  <flight_control",
        1,
    )
    assert _codes(make_aircraft(tmp_path / "unread", text)) == ["FS110"]


def _engine_file(name: str = "eng_io320") -> str:
    from flightsim.paths import jsbsim_root

    return (jsbsim_root() / "engine" / f"{name}.xml").read_text()


def test_an_engine_file_in_the_aircraft_folder_itself_is_not_found(tmp_path: Path) -> None:
    """JSBSim looks for engines in Engines/, engines/, Engine/, engine/ and the root's
    engine/ folder, not in the aircraft folder (FGPropulsion::FindFullPathName)."""
    text = base_text().replace('<engine file="eng_io320">', '<engine file="my_engine">', 1)
    main = make_aircraft(tmp_path / "eng", text, my_engine_xml=_engine_file())
    (missing,) = [d for d in validate(main) if d.code == "FS601"]
    assert "my_engine.xml exists, but JSBSim does not look there" in missing.message
    assert "eng/Engines/my_engine.xml" in missing.message
    moved = make_aircraft(tmp_path / "moved", text, Engines__my_engine_xml=_engine_file())
    assert _errors(moved) == []


def test_an_autopilot_file_in_systems_is_not_found(tmp_path: Path) -> None:
    """JSBSim looks for an <autopilot file=> or <flight_control file=> in the aircraft
    folder only (FGFCS::FindFullPathName searches Systems/ for <system> alone)."""
    autopilot = """<?xml version="1.0"?>
<autopilot name="ap">
  <property value="0"> ap/engaged </property>
</autopilot>
"""
    text = base_text().replace(
        "  <flight_control", '  <autopilot file="ap"/>\n  <flight_control', 1
    )
    main = make_aircraft(tmp_path / "piloted", text, Systems__ap_xml=autopilot)
    (missing,) = [d for d in validate(main) if d.code == "FS601"]
    assert "Systems/ap.xml exists, but JSBSim does not look there" in missing.message
    beside = make_aircraft(tmp_path / "beside", text, ap_xml=autopilot)
    assert _errors(beside) == []


def test_a_channel_switched_by_a_later_system_stops_loading(tmp_path: Path) -> None:
    text = (FAULTS / "FS503_channel_execute_defined_later.xml").read_text()
    main = make_aircraft(tmp_path / "later", text)
    assert [(d.code, d.line) for d in validate(main)] == [("FS503", 124)]
    power = (
        '  <system name="power">\n    <property value="1"> systems/power/bus-on </property>\n'
        "  </system>\n"
    )
    reordered = text.replace(power, "").replace(
        '  <system name="lights">', power + '  <system name="lights">'
    )
    assert reordered != text
    assert _codes(make_aircraft(tmp_path / "earlier", reordered)) == []


FG_SYSTEM = """<?xml version="1.0"?>
<system name="fg-inputs">
  <channel name="FlightGear controls">
    <pure_gain name="systems/fg/flaps">
      <input>/controls/flight/flaps</input>
      <gain>1</gain>
    </pure_gain>
  </channel>
</system>
"""


def _flightgear_aircraft(folder: Path, with_set: bool = True) -> Path:
    """A FlightGear aircraft: its flight model in Models/JSBSim/, named by a -set.xml,
    reading a FlightGear property in a system of Systems/. Returns the main file."""
    text = with_system(base_text(), "fg-inputs")
    main = make_aircraft(folder / "Models" / "JSBSim" / "fgplane", text)
    target = folder / "Models" / "JSBSim" / "fgplane.xml"
    main.rename(target)
    main.parent.rmdir()
    (folder / "Systems").mkdir(parents=True)
    (folder / "Systems" / "fg-inputs.xml").write_text(FG_SYSTEM)
    (folder / "Engines").mkdir()
    for name in ("eng_io320", "prop_75in2f"):  # FlightGear does not search JSBSim's engine/
        (folder / "Engines" / f"{name}.xml").write_text(_engine_file(name))
    if with_set:
        (folder / "fgplane-set.xml").write_text(
            "<?xml version='1.0'?>\n<PropertyList><sim><description>test</description>"
            "<flight-model>jsb</flight-model><aero>Models/JSBSim/fgplane</aero></sim>"
            "</PropertyList>\n"
        )
    return target


def test_flightgear_aircraft_by_folder_and_set_file(tmp_path: Path) -> None:
    main = _flightgear_aircraft(tmp_path / "FGPlane")
    for target in (tmp_path / "FGPlane", tmp_path / "FGPlane" / "fgplane-set.xml", main):
        assert _errors_of(validate(target, flightgear=True)) == [], target
        standalone = validate(target)  # plain JSBSim cannot run it: FlightGear's property
        assert [d.code for d in standalone] == ["FS502"], target
        assert "/controls/flight/flaps" in standalone[0].message


def _errors_of(found: list[Diagnostic]) -> list[str]:
    return [str(d) for d in found if d.severity is Severity.ERROR]


def test_the_aircraft_folder_can_be_named(tmp_path: Path) -> None:
    main = _flightgear_aircraft(tmp_path / "Bare", with_set=False)
    alone = [d.code for d in validate(main, flightgear=True)]
    assert alone == ["FS601"] * 3  # Systems/, Engines/ searched beside the main file
    named = validate(main, flightgear=True, aircraft_folder=tmp_path / "Bare")
    assert _errors_of(named) == []


def test_flightgear_searches_its_own_systems_folder_not_jsbsims(tmp_path: Path) -> None:
    """FlightGear has JSBSim search the aircraft's Engine/ and Systems/ last, not the JSBSim
    root's engine/ and systems/."""
    main = _flightgear_aircraft(tmp_path / "Shared")
    text = main.read_text().replace(
        '<system file="fg-inputs"/>', '<system file="fg-inputs"/>\n  <system file="GNCUtilities"/>'
    )
    main.write_text(text)
    assert [d.code for d in validate(main) if d.code != "FS502"] == []
    (missing,) = validate(main, flightgear=True)
    assert missing.code == "FS601" and "Shared/Systems/GNCUtilities.xml" in missing.message


def test_cli_flightgear_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from flightsim.cli import main as cli

    _flightgear_aircraft(tmp_path / "Cli")
    assert cli(["validate", "--flightgear", str(tmp_path / "Cli")]) == 0
    assert cli(["validate", str(tmp_path / "Cli")]) == 1
    assert "FS502" in capsys.readouterr().out


FG_SET_READS = """<?xml version="1.0"?>
<system name="set-inputs">
  <channel name="set by the -set.xml">
    <pure_gain name="systems/fg/sweep">
      <input>fcs/wing-sweep-cmd</input>
      <gain>1</gain>
    </pure_gain>
    <pure_gain name="systems/fg/time">
      <input>sim-time-sec</input>
      <gain>1</gain>
    </pure_gain>
    <pure_gain name="systems/fg/hook">
      <input>/fdm/jsbsim/systems/hook[1]/tailhook-cmd-norm</input>
      <gain>1</gain>
    </pure_gain>
  </channel>
</system>
"""


def _set_declared_aircraft(folder: Path) -> Path:
    """A FlightGear aircraft whose -set.xml includes a common file that names the flight
    model and declares, below /fdm/jsbsim, the properties one of its systems reads."""
    main = _flightgear_aircraft(folder, with_set=False)
    main.write_text(with_system(main.read_text(), "set-inputs"))
    (folder / "Systems" / "set-inputs.xml").write_text(FG_SET_READS)
    (folder / "Common.xml").write_text(
        "<?xml version='1.0'?>\n<PropertyList>\n"
        "  <sim><flight-model>jsb</flight-model><aero>Models/JSBSim/fgplane</aero></sim>\n"
        '  <fdm><jsbsim><fcs include="Fcs.xml"/>\n'
        '    <systems><hook n="1"><tailhook-cmd-norm type="bool">0</tailhook-cmd-norm>'
        "</hook></systems>\n"
        "  </jsbsim></fdm>\n</PropertyList>\n"
    )
    (folder / "Fcs.xml").write_text(
        "<?xml version='1.0'?>\n<PropertyList>"
        '<wing-sweep-cmd type="double">0</wing-sweep-cmd></PropertyList>\n'
    )
    (folder / "fgplane-set.xml").write_text(
        "<?xml version='1.0'?>\n"
        '<PropertyList include="Common.xml"><sim><description>v</description></sim>'
        "</PropertyList>\n"
    )
    return main


def test_properties_the_set_file_declares_below_fdm_jsbsim_are_defined(tmp_path: Path) -> None:
    """FlightGear reads the -set.xml (and its include= files) into its property tree before
    JSBSim loads the model below /fdm/jsbsim: JSBSim finds what the set file declares there
    (Tornado's fcs/wing-sweep-cmd, JA37's autoflight/mode). FlightGear also aliases
    sim-time-sec, JSBSim's name before simulation/sim-time-sec (JA37 reads it 74 times)."""
    main = _set_declared_aircraft(tmp_path / "SetPlane")
    for target in (tmp_path / "SetPlane", tmp_path / "SetPlane" / "fgplane-set.xml", main):
        assert _errors_of(validate(target, flightgear=True)) == [], target
    plain = [(d.line, d.message.split("'")[1]) for d in validate(main) if d.code == "FS501"]
    assert plain == [  # plain JSBSim: nothing declares them
        (5, "fcs/wing-sweep-cmd"),
        (9, "sim-time-sec"),
        (13, "/fdm/jsbsim/systems/hook[1]/tailhook-cmd-norm"),
    ]
    (tmp_path / "SetPlane" / "Fcs.xml").write_text("<PropertyList/>\n")
    (missing,) = validate(main, flightgear=True)
    assert (missing.code, missing.line) == ("FS501", 5)
    assert "'fcs/wing-sweep-cmd'" in missing.message
    assert missing.hint is not None and "below <fdm><jsbsim> in the -set.xml" in missing.hint
    plain_hints = [d.hint or "" for d in validate(main) if d.code == "FS501"]
    assert plain_hints and not any("-set.xml" in hint for hint in plain_hints)


def test_jsbsim_reads_properties_created_before_it_loads(tmp_path: Path) -> None:
    """What FlightGear does with the set file's /fdm/jsbsim branch, done by hand: JSBSim
    initialises the aircraft once the property exists, and fails without it."""
    import jsbsim

    main = make_aircraft(tmp_path / "pre", with_system(base_text(), "set-inputs"))
    (main.parent / "set-inputs.xml").write_text(FG_SET_READS.replace("[1]", ""))
    root = str(jsbsim.get_default_root_dir())
    outcomes = []
    for create in (True, False):
        fdm = jsbsim.FGFDMExec(root)
        fdm.set_debug_level(0)
        for name in ("fcs/wing-sweep-cmd", "systems/hook/tailhook-cmd-norm", "sim-time-sec"):
            if create:
                fdm[name] = 0.25
        assert fdm.load_model_with_paths(
            "pre", str(main.parent.parent), root + "/engine", str(main.parent), True
        )
        try:
            outcomes.append(bool(fdm.run_ic()) and fdm["systems/fg/sweep"])
        except jsbsim.BaseError:
            outcomes.append("refused")
    assert outcomes == [0.25, "refused"]


def _with_output(folder: Path, attributes: str) -> Path:
    """The base aircraft with one <output> of ``attributes`` writing into ``folder``."""
    output = (
        f'  <output name="{folder}/out.csv"{attributes} rate="1">\n'
        "    <property>aero/qbar-psf</property>\n  </output>\n</fdm_config>"
    )
    return make_aircraft(folder, base_text().replace("</fdm_config>", output))


@pytest.mark.parametrize(
    ("attributes", "code"),
    [
        (' type="NONE"', "FS113"),
        (' type="TERMINAL"', "FS113"),
        ("", "FS112"),
        (' type=""', "FS112"),
    ],
)
def test_an_output_of_a_type_jsbsim_does_not_make_refuses_the_aircraft(
    tmp_path: Path, attributes: str, code: str
) -> None:
    """FGOutput makes an output of type CSV, TABULAR, SOCKET or FLIGHTGEAR only (case
    ignored); for another, or none, load_model fails (arktools/jsbsim's 2012 ah1s has
    type="NONE")."""
    import jsbsim

    root = str(jsbsim.get_default_root_dir())
    loaded = {}
    for name, attrs in (("bad", attributes), ("good", ' type="Tabular"')):
        main = _with_output(tmp_path / name, attrs)
        found = [(d.code, d.line) for d in validate(main) if d.code in ("FS112", "FS113")]
        line = next(n for n, t in enumerate(main.read_text().splitlines(), 1) if "<output " in t)
        assert found == ([(code, line)] if name == "bad" else [])
        fdm = jsbsim.FGFDMExec(root)
        fdm.set_debug_level(0)
        loaded[name] = fdm.load_model_with_paths(
            name, str(tmp_path), root + "/engine", root + "/systems"
        )
    assert loaded == {"bad": False, "good": True}


def test_flightgear_files_that_are_not_jsbsim_are_named_and_not_read_further(
    tmp_path: Path,
) -> None:
    """A FlightGear folder also holds YASim flight models (<airplane>, with <propeller>s of
    their own) and property lists: one FS103 naming what the file is (ask21mi.xml of
    viktorradnai/flightgear-ask21 had also got two FS124 for its YASim propeller, and a
    did-you-mean <planet>)."""
    yasim = tmp_path / "glider.xml"
    yasim.write_text(
        '<?xml version="1.0"?>\n<airplane mass="720">\n'
        '  <propeller x="0.3" y="0" z="0.6" mass="61" moment="2" radius="0.7"/>\n'
        "</airplane>\n"
    )
    set_file = tmp_path / "glider-set.xml"
    set_file.write_text(
        "<?xml version='1.0'?>\n<PropertyList><sim><flight-model>yasim</flight-model>"
        "<aero>glider</aero></sim></PropertyList>\n"
    )
    found = validate(yasim) + validate(set_file)
    assert [(Path(d.file).name, d.code, d.line) for d in found] == [
        ("glider.xml", "FS103", 2),
        ("glider-set.xml", "FS103", 2),
    ]
    assert "it is a YASim flight model" in found[0].message
    assert "planet" not in found[0].message
    assert "it is a FlightGear property list" in found[1].message
    assert found[1].hint is not None and "<flight-model>jsb</flight-model>" in found[1].hint


def test_the_load_check_loads_a_flightgear_aircraft_as_flightgear_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--load had loaded the main file from its own folder (Models/JSBSim/: 'Could not open
    file: fg-inputs') without FlightGear's properties (JA37 of
    NikolaiVChr/flightgear-saab-ja-37-viggen: FS902 and a SIGABRT on
    /controls/displays/stick-controls-cursor). Now it loads from the aircraft folder, and
    with --flightgear creates what FlightGear provides first, as the static rules assume."""
    from flightsim.cli import main as cli

    _set_declared_aircraft(tmp_path / "LoadPlane")
    assert cli(["validate", "--load", "--flightgear", str(tmp_path / "LoadPlane")]) == 0
    out = capsys.readouterr().out
    assert "JSBSim loads and initialises it" in out and "FS90" not in out
    assert cli(["validate", "--load", str(tmp_path / "LoadPlane")]) == 1
    out = capsys.readouterr().out
    assert "Could not open file" not in out
    assert "fg-inputs.xml:5: error FS902" in out and "/controls/flight/flaps" in out


@pytest.mark.parametrize(
    ("orient", "pitch", "code", "rad"),
    [
        ("<orient>", '<pitch unit="DEG"> 5.0 </pitch>', "FS111", 5.0),  # misread: 286°
        ('<orient unit="RAD">', '<pitch unit="DEG"> 0.0 </pitch>', "FS206", 0.0),
        ('<orient unit="DEG">', '<pitch unit="DEG"> 5.0 </pitch>', "FS206", 0.0873),
    ],
)
def test_a_unit_on_a_number_of_a_triplet_is_ignored(
    tmp_path: Path, orient: str, pitch: str, code: str, rad: float
) -> None:
    """JSBSim reads the numbers of <orient> and <location> in their parent's unit (or its
    default) and ignores their own unit=: <pitch unit="DEG">5</pitch> in a bare <orient>
    is 5 rad (the rocket of finger563/jsbsim-rocket-test writes its thrust angles so,
    with 0). An error when that changes the number, else the FS206 warning."""
    import jsbsim

    text = base_text().replace(
        '<orient unit="DEG">\n          <roll> 0.0 </roll>\n          <pitch> 0.0 </pitch>',
        f"{orient}\n          <roll> 0.0 </roll>\n          {pitch}",
    )
    assert pitch in text
    main = make_aircraft(tmp_path / "tilt", text)
    found = [(d.code, d.line) for d in validate(main) if d.code in ("FS111", "FS206")]
    assert found == [(code, next(n for n, t in enumerate(text.splitlines(), 1) if pitch in t))]
    root = str(jsbsim.get_default_root_dir())
    fdm = jsbsim.FGFDMExec(root)
    fdm.set_debug_level(0)
    assert fdm.load_model_with_paths("tilt", str(tmp_path), root + "/engine", root + "/systems")
    fdm.run_ic()
    assert fdm["propulsion/engine/pitch-angle-rad"] == pytest.approx(rad, abs=1e-4)


def _lift_applied(value: str | None) -> str:
    """The base aircraft with ``apply_at_cg=value`` on its first lift function."""
    text = base_text()
    at = text.index('<function name="aero/coefficient/CLalpha"') + len("<function")
    return text if value is None else text[:at] + f' apply_at_cg="{value}"' + text[at:]


def test_an_aerodynamic_function_may_be_applied_at_the_cg(tmp_path: Path) -> None:
    """FGAerodynamics reads apply_at_cg="true" on an axis function and applies its force
    at the CG (JA37 of NikolaiVChr/flightgear-saab-ja-37-viggen writes it; it had been
    FS111): the pitching moment changes. Any other value than "true" means false."""
    import jsbsim

    moments = {}
    for value in (None, "true", "false"):
        main = make_aircraft(tmp_path / f"cg{value}", _lift_applied(value))
        assert [d for d in validate(main) if d.code in ("FS111", "FS113")] == []
        root = str(jsbsim.get_default_root_dir())
        fdm = jsbsim.FGFDMExec(root)
        fdm.set_debug_level(0)
        assert fdm.load_model_with_paths(
            main.parent.name, str(tmp_path), root + "/engine", root + "/systems"
        )
        fdm["ic/h-sl-ft"] = 3000
        fdm["ic/vc-kts"] = 90
        fdm["ic/alpha-deg"] = 4
        fdm.run_ic()
        fdm.run()
        moments[value] = fdm["moments/m-aero-lbsft"]
    assert moments[None] == moments["false"]
    assert abs(moments["true"] - moments[None]) > 100
    wrong = make_aircraft(tmp_path / "cgTRUE", _lift_applied("TRUE"))
    (d,) = [d for d in validate(wrong) if d.code in ("FS111", "FS113")]
    assert d.code == "FS113" and "Did you mean: true?" in d.message


def test_an_include_s_own_includes_are_read_beside_it(tmp_path: Path) -> None:
    # an include found in the aircraft folder had been recorded beside the including file,
    # so its own includes were looked for in a folder that does not exist
    from flightsim.config.flightgear import property_values

    (tmp_path / "Sets").mkdir()
    (tmp_path / "Shared").mkdir()
    (tmp_path / "Sets" / "a-set.xml").write_text(
        '<PropertyList><fdm><jsbsim include="Shared/one.xml"/></fdm></PropertyList>'
    )
    (tmp_path / "Shared" / "one.xml").write_text(
        '<PropertyList include="two.xml"><fcs><a>1</a></fcs></PropertyList>'
    )
    (tmp_path / "Shared" / "two.xml").write_text("<PropertyList><fcs><b>2</b></fcs></PropertyList>")
    values = property_values(tmp_path / "Sets" / "a-set.xml", tmp_path)
    assert values == {"fdm/jsbsim/fcs/a": "1", "fdm/jsbsim/fcs/b": "2"}
