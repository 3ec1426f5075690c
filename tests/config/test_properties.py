"""Property references (FS5xx) and the catalog of JSBSim's own properties."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsbsim
import pytest

from flightsim.config import validate
from flightsim.config.aircraft_property_uses import document_uses
from flightsim.config.diagnostics import Diagnostic
from flightsim.config.document import load_aircraft
from flightsim.config.file_property_uses import component_property
from flightsim.config.property_catalog import AircraftFeatures, canonical, catalog
from flightsim.config.rules.undefined_properties import (
    known_properties,
    undefined_names,
    undefined_properties,
)
from flightsim.paths import find_aircraft, jsbsim_root, list_aircraft
from flightsim.sim.preflight import load_check

PROJECT = Path(__file__).resolve().parents[2]
FAULTS = Path(__file__).parent / "faults"
GENERATOR = PROJECT / "scripts" / "make_property_catalog.py"

KNOWN_FINDS = {
    # bundled aircraft reading properties nobody defines (docs/validation-properties-and-load.md)
    ("L17", "FS501", "fcs/flaps-pos-deg"),
    ("f104", "FS501", "systems/radar/range"),
    ("global5000", "FS501", "aero/coefficient/CLalpha"),
    ("Pterosaur", "FS502", "/controls/flight/wing-fold"),
    ("fokker50", "FS502", "/controls/engines/engine/throttle"),
    ("fokker50", "FS502", "/controls/engines/engine[1]/throttle"),
    *(
        (name, "FS502", prop)
        for name in ("dr1", "fokker100")
        for prop in (
            "/sim/model/pushback/position-norm",
            "/gear/gear/wow",
            "/sim/model/pushback/kp",
            "/sim/model/pushback/ki",
            "/sim/model/pushback/kd",
        )
    ),
}


def _property_errors(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.code.startswith("FS5")]


def _quoted(diagnostic: Diagnostic) -> str:
    found = re.search(r"(?:reads|sets) '([^']+)'", diagnostic.message)
    assert found, diagnostic.message
    return found[1].lstrip("-")


def test_canonical_names_follow_jsbsim() -> None:
    assert canonical("/fdm/jsbsim/gear/unit[0]/WOW") == "gear/unit/WOW"
    assert canonical(" fcs/throttle-cmd-norm[0] ") == "fcs/throttle-cmd-norm"
    assert canonical("fcs/throttle-cmd-norm[10]") == "fcs/throttle-cmd-norm[10]"
    assert canonical("/controls/flight/aileron") == "/controls/flight/aileron"
    assert component_property("Pitch Trim Sum") == "fcs/pitch-trim-sum"
    assert component_property("ap/Roll Hold") == "ap/Roll Hold"


def test_catalog_depends_on_engines_tanks_and_gear() -> None:
    shipped = catalog()
    assert shipped.jsbsim_version == jsbsim.__version__
    assert {"atmosphere/rho-slugs_ft3", "velocities/vc-kts", "ic/h-sl-ft"} <= shipped.always
    twin = AircraftFeatures(
        engines=(("piston_engine", "propeller"), ("turbine_engine", "direct")),
        tanks=1,
        contacts=("BOGEY", "STRUCTURE"),
        sections=frozenset({"propulsion"}),
    )
    names = shipped.defined_for(twin)
    assert {
        "fcs/throttle-cmd-norm",
        "fcs/throttle-cmd-norm[1]",
        "propulsion/engine/cht-degF",
        "propulsion/engine/propeller-rpm",
        "propulsion/engine[1]/n2",
        "propulsion/tank/contents-lbs",
        "gear/unit/WOW",
        "contact/unit[1]/WOW",
        "propulsion/magneto_cmd",
    } <= names
    assert "propulsion/engine[1]/cht-degF" not in names  # a turbine has no cylinder head
    assert "propulsion/engine[2]/thrust-lbs" not in names
    assert "propulsion/tank[1]/contents-lbs" not in names
    assert "gear/unit[1]/WOW" not in names  # contact 1 is a STRUCTURE point
    unreadable = shipped.defined_for(AircraftFeatures(engines=(("", ""),)))
    assert {"propulsion/engine/cht-degF", "propulsion/engine/n2"} <= unreadable
    glider = shipped.defined_for(AircraftFeatures(contacts=("BOGEY",)))
    assert "propulsion/active_engine" not in glider and "fcs/throttle-cmd-norm" not in glider
    assert shipped.component_properties("actuator", "fcs/elevator-actuator") >= {
        "fcs/elevator-actuator/saturated"
    }


def _jsbsim_catalog(name: str) -> set[str]:
    folder = find_aircraft(name).folder
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "JSBSIM_DEBUG": "0"}
    done = subprocess.run(
        [sys.executable, str(GENERATOR), "--dump", name, str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env=env,
    )
    result = json.loads(done.stdout)
    assert result["loaded"], result
    return {canonical(n) for n in result["catalog"]}


@pytest.mark.parametrize("name", ["c172x", "f16", "737", "ZLT-NT"])
def test_shipped_catalog_still_matches_jsbsim(name: str) -> None:
    """Every property JSBSim creates is predicted, and few predicted ones do not exist."""
    jsbsim_names = _jsbsim_catalog(name)
    document = load_aircraft(find_aircraft(name).main_file)
    predicted = known_properties(document, document_uses(document))
    assert sorted(jsbsim_names - predicted) == []
    beyond = predicted - jsbsim_names
    assert len(beyond) < 0.1 * len(jsbsim_names), sorted(beyond)


def test_undefined_names_need_not_build_every_known_name() -> None:
    """The fast test of the rule finds exactly the reads missing from the known names."""
    for aircraft in list_aircraft():
        if aircraft.is_bundled:
            document = load_aircraft(aircraft.main_file)
            uses = document_uses(document)
            expected = uses.read_names - known_properties(document, uses)
            assert undefined_names(document, uses) == expected, aircraft.name


def test_bundled_aircraft_read_only_defined_properties_but_for_known_finds() -> None:
    found = set()
    for aircraft in list_aircraft():
        if not aircraft.is_bundled:
            continue
        document = load_aircraft(aircraft.main_file)
        for d in undefined_properties(document):
            assert d.line is not None and Path(d.file).name.endswith(".xml")
            found.add((aircraft.name, d.code, _quoted(d)))
    assert found == KNOWN_FINDS


@pytest.mark.parametrize("path", sorted(FAULTS.glob("FS50*.xml")), ids=lambda p: p.stem)
def test_fault_corpus_points_at_the_line(path: Path) -> None:
    lines = path.read_text().splitlines()
    expected = [
        (m[1], number)
        for number, text in enumerate(lines, 1)
        if (m := re.search(r"expect: (FS\d{3})", text))
    ]
    found = [(d.code, d.line) for d in _property_errors(validate(path))]
    assert found == expected


def test_did_you_mean_names_the_close_property() -> None:
    diags = _property_errors(validate(FAULTS / "FS501_negated_input_typo.xml"))
    assert len(diags) == 1
    # The name is quoted without the minus sign that negates the input.
    assert diags[0].message.startswith("<input> reads 'fcs/pitch-trim-cmd-nrom' (negated), ")
    assert "'-" not in diags[0].message
    assert (diags[0].line, diags[0].column) == (137, 17)  # the column of the sign
    assert "Did you mean: fcs/pitch-trim-cmd-norm" in diags[0].message


def test_jsbsim_agrees_on_the_corpus() -> None:
    """JSBSim fails run_ic on the same property, and aborts when a function reads it."""
    aborted = load_check(FAULTS / "FS501_function_reads_typo.xml")
    assert aborted.crashed and aborted.signal_name == "SIGABRT"
    assert any("aero/alpha-rda" in d.message for d in aborted.diagnostics if d.code == "FS902")
    failed = load_check(FAULTS / "FS501_tank_index_out_of_range.xml")
    assert not failed.ok and not failed.crashed
    assert any(
        "propulsion/tank[1]/contents-lbs" in d.message
        for d in failed.diagnostics
        if d.code == "FS902"
    )


def _base_aircraft() -> str:
    text = (FAULTS / "FS502_flightgear_property.xml").read_text()
    return text.replace(
        "<input> /controls/flight/rudder </input> <!-- expect: FS502 -->",
        "<input> fcs/rudder-cmd-norm </input>",
    )


ENGINE_WITH_TEMPLATE = """<?xml version="1.0"?>
<piston_engine name="templated">
  <minmp unit="INHG"> 10.0 </minmp>
  <maxmp unit="INHG"> 28.5 </maxmp>
  <displacement unit="IN3"> 320.0 </displacement>
  <maxhp> 160.0 </maxhp>
  <cycles> 4.0 </cycles>
  <idlerpm> 700.0 </idlerpm>
  <maxrpm> 2800.0 </maxrpm>
  <function name="propulsion/engine[#]/heat-index">
    <product>
      <property>propulsion/engine[#]/engine-rpm</property>
      <value>0.001</value>
    </product>
  </function>
</piston_engine>
"""

SYSTEM_READS = """<?xml version="1.0"?>
<system name="reader">
  <channel name="readers">
    <fcs_function name="systems/heat-sum">
      <function>
        <sum>
          <property>propulsion/engine[1]/heat-index</property>
          <property>/fdm/jsbsim/systems/declared-later</property>
          <property>propulsion/engine[2]/heat-index</property>
          <property>propulsion/engine[#]/heat-index</property>
        </sum>
      </function>
    </fcs_function>
  </channel>
</system>
"""

SYSTEM_DECLARES = """<?xml version="1.0"?>
<system name="declarer">
  <property value="1.0">systems/declared-later</property>
</system>
"""


def test_engine_templates_indices_and_order_independence(tmp_path: Path) -> None:
    folder = tmp_path / "twin"
    (folder / "Engines").mkdir(parents=True)
    (folder / "Systems").mkdir()
    (folder / "Engines" / "eng_templated.xml").write_text(ENGINE_WITH_TEMPLATE)
    (folder / "Systems" / "reader.xml").write_text(SYSTEM_READS)
    (folder / "Systems" / "declarer.xml").write_text(SYSTEM_DECLARES)
    text = _base_aircraft().replace('<engine file="eng_io320">', '<engine file="eng_templated">')
    engine = re.search(r"    <engine .*?</engine>\n", text, flags=re.S)
    assert engine
    text = text.replace(engine[0], engine[0] * 2)
    text = text.replace(
        "  <flight_control",
        '  <system file="reader"/>\n  <system file="declarer"/>\n  <flight_control',
    )
    (folder / "twin.xml").write_text(text)
    diags = _property_errors(validate(folder))
    assert [(Path(d.file).name, d.line, _quoted(d)) for d in diags] == [
        ("reader.xml", 9, "propulsion/engine[2]/heat-index"),
        ("reader.xml", 10, "propulsion/engine[#]/heat-index"),
    ]
    assert diags[1].hint and "only in engine and thruster files" in diags[1].hint


SCRIPT = """<?xml version="1.0"?>
<runscript name="reads">
  <use aircraft="c172x" initialize="reset00"/>
  <run start="0.0" end="1.0" dt="0.01">
    <property value="0">simulation/my-flag</property>
    <event name="go">
      <condition> simulation/sim-time-sec ge 0.5 </condition>
      <set name="fcs/throttle-cmd-norm" value="1.0"/>
      <set name="simulation/my-flag" value="1.0"/>
      <set name="fcs/throtle-cmd-norm" value="1.0"/>
      <notify>
        <property>simulation/my-flag</property>
        <property>propulsion/engine/engine-rpm</property>
        <property>velocities/vc-kst</property>
      </notify>
    </event>
  </run>
</runscript>
"""


def test_bundled_scripts_read_only_defined_properties_but_two() -> None:
    found = set()
    for script in sorted((jsbsim_root() / "scripts").glob("*.xml")):
        for d in _property_errors(validate(script)):
            found.add((script.name, d.code, _quoted(d)))
    assert found == {
        ("sim_primer.xml", "FS501", "ap/afcs/altitude-error-input"),
        # JSBSim 1.3.3 stops this script: 'No property, "simulation/do_simplex_trim" is defined'
        ("737_cruise_steady_turn_simplex.xml", "FS501", "simulation/do_simplex_trim"),
    }


def test_script_reads_are_checked_against_its_aircraft(tmp_path: Path) -> None:
    script = tmp_path / "reads.xml"
    script.write_text(SCRIPT)
    diags = _property_errors(validate(script))
    assert [(d.line, d.column, _quoted(d)) for d in diags] == [
        (10, 18, "fcs/throtle-cmd-norm"),
        (14, 19, "velocities/vc-kst"),
    ]
    assert diags[0].message.startswith("<set name=...> sets 'fcs/throtle-cmd-norm'")
    assert "Did you mean: fcs/throttle-cmd-norm" in diags[0].message
    assert "No property ... is defined" in (diags[0].hint or "")
    assert "Did you mean: velocities/vc-kts" in diags[1].message


def test_named_values_in_functions_bind_nothing(tmp_path: Path) -> None:
    """JSBSim binds named functions, operations and tables, not a named <property> or
    <value> inside a function (FGPropertyValue, FGRealValue): reading that name is FS501."""
    function = (
        '  <system name="named">\n'
        '    <function name="systems/named/sum">\n'
        "      <sum>\n"
        '        <property name="systems/named/p">aero/qbar-psf</property>\n'
        '        <value name="systems/named/v">1.0</value>\n'
        "      </sum>\n"
        "    </function>\n"
        '    <function name="systems/named/reader">\n'
        "      <product>\n"
        "        <property>systems/named/sum</property>\n"
        "        <property>systems/named/p</property>\n"
        "        <property>systems/named/v</property>\n"
        "      </product>\n"
        "    </function>\n"
        "  </system>\n"
    )
    text = _base_aircraft().replace("  <flight_control", function + "  <flight_control", 1)
    (tmp_path / "named.xml").write_text(text)
    found = sorted(_quoted(d) for d in _property_errors(validate(tmp_path / "named.xml")))
    assert found == ["systems/named/p", "systems/named/v"]
