"""FCS components JSBSim cannot build without a child: a lead-lag or second-order filter
without one of its coefficients (segfault), an integrator without <c1> (refused), a gain,
filter, actuator, kinematic or pid without its one <input> (``CheckInputNodes(1, 1)``:
JSBSim refuses the aircraft), a sensor without one (it segfaults at run_ic), an
aerosurface_scale without <range> (segfault while loading), a scheduled_gain without
<table> (refused)."""

from __future__ import annotations

from pathlib import Path

import pytest
from planted_faults import line_of, only, planted_aircraft

from flightsim.config import validate

SCALE = '<aerosurface_scale name="Left Aileron Control">'
INPUT = "<input>fcs/roll-trim-sum</input>   <!-- input is normalized  -->"


@pytest.mark.parametrize(
    ("component", "missing"),
    [
        ("<pure_gain name='g'><gain>2</gain></pure_gain>", "input"),
        ("<pure_gain name='g'><input>fcs/aileron-cmd-norm</input></pure_gain>", "gain"),
        ("<lag_filter name='l'><c1>2</c1></lag_filter>", "input"),
        ("<actuator name='a'><lag>2</lag></actuator>", "input"),
        ("<pid name='p'><kp>1</kp></pid>", "input"),
        ("<sensor name='s'><lag>0.1</lag></sensor>", "input"),
        ("<scheduled_gain name='s'><input>fcs/aileron-cmd-norm</input></scheduled_gain>", "table"),
        ("<integrator name='i'><input>fcs/aileron-cmd-norm</input></integrator>", "c1"),
        (
            "<lead_lag_filter name='f'><input>fcs/aileron-cmd-norm</input>"
            "<c1>1</c1><c3>1</c3><c4>1</c4></lead_lag_filter>",
            "c2",
        ),
        (
            "<second_order_filter name='f'><input>fcs/aileron-cmd-norm</input><c1>1</c1>"
            "<c2>1</c2><c3>1</c3><c4>1</c4><c6>1</c6></second_order_filter>",
            "c5",
        ),
    ],
)
def test_a_component_without_what_jsbsim_needs_is_an_error(
    tmp_path: Path, component: str, missing: str
) -> None:
    main = planted_aircraft(tmp_path, "c310", "c310.xml", SCALE, component + SCALE)
    found = only(validate(main), "FS122")
    tag = component[1 : component.index(" ")]
    assert found.message == f"<{tag}> has no <{missing}>"
    assert found.line == line_of(main, component)


def test_an_aerosurface_scale_without_range_is_an_error(tmp_path: Path) -> None:
    main = planted_aircraft(tmp_path, "c310", "c310.xml", SCALE, SCALE.replace("Left", "Mine"))
    text = main.read_text()
    start = text.index('<aerosurface_scale name="Mine Aileron Control">')
    end = text.index("</range>", start) + len("</range>")
    block = text[start:end]
    main.write_text(text[:start] + block[: block.index("<range>")] + text[end:])
    found = only(validate(main), "FS122")
    assert found.message == "<aerosurface_scale> has no <range>"


def test_an_oriented_sensor_needs_no_input(tmp_path: Path) -> None:
    """Accelerometers, gyros and magnetometers sense the aircraft itself."""
    gyro = (
        "<gyro name='gy'><axis>X</axis>"
        "<location unit='IN'><x>0</x><y>0</y><z>0</z></location></gyro>"
    )
    main = planted_aircraft(tmp_path, "c310", "c310.xml", SCALE, gyro + SCALE)
    assert not [str(d) for d in validate(main) if d.code == "FS122"]


def test_a_second_input_of_a_one_input_component_is_reported(tmp_path: Path) -> None:
    twice = INPUT + "<input>fcs/aileron-cmd-norm</input>"
    main = planted_aircraft(tmp_path, "c310", "c310.xml", INPUT, twice)
    found = only(validate(main), "FS404")
    assert found.message.startswith("<input> appears more than once in <aerosurface_scale>")
    # Measured with JSBSim 1.3.3: it logs "Too many <input> nodes are provided ... The last 1
    # input nodes will be ignored" and the aileron follows the first input only.
    assert "silently" not in found.message
    assert "JSBSim logs 'Too many <input> nodes', uses the first and ignores" in found.message
    assert "<summer>" in found.hint


@pytest.mark.parametrize(
    ("component", "tag"),
    [
        (
            "<pure_gain name='g'><input>fcs/aileron-cmd-norm</input><gain> </gain></pure_gain>",
            "gain",
        ),
        ("<pid name='p'><input>fcs/aileron-cmd-norm</input><kp/><ki>1</ki></pid>", "kp"),
        ("<lag_filter name='l'><input>fcs/aileron-cmd-norm</input><c1></c1></lag_filter>", "c1"),
        (
            "<summer name='s'><input>fcs/aileron-cmd-norm</input>"
            "<clipto><min></min><max>1</max></clipto></summer>",
            "min",
        ),
    ],
)
def test_an_empty_parameter_is_an_error(tmp_path: Path, component: str, tag: str) -> None:
    """JSBSim's FGParameterValue stops the load on an empty one ("must either contain a
    value number or a property name")."""
    main = planted_aircraft(tmp_path, "c310", "c310.xml", SCALE, component + SCALE)
    found = only(validate(main), "FS201")
    assert found.message.startswith(f"<{tag}> is empty: JSBSim stops loading")
    assert found.line == line_of(main, component)


def test_an_empty_delay_or_init_is_not_reported(tmp_path: Path) -> None:
    """JSBSim reads an empty <delay> or <init> as 0 and loads the aircraft."""
    component = (
        "<pure_gain name='g'><input>fcs/aileron-cmd-norm</input><gain>1</gain>"
        "<delay></delay><init/></pure_gain>"
    )
    main = planted_aircraft(tmp_path, "c310", "c310.xml", SCALE, component + SCALE)
    assert not [str(d) for d in validate(main) if d.code == "FS201"]


@pytest.mark.parametrize(
    ("component", "code", "words"),
    [
        (
            "<switch name='w'><default value='0'/><test>fcs/aileron-cmd-norm gt 0</test></switch>",
            "FS112",
            "<test> needs a value= attribute",
        ),
        (
            "<sensor name='s'><input>fcs/aileron-cmd-norm</input>"
            "<noise distribution='GAUSSIAN'>0.1</noise></sensor>",
            "FS112",
            "<noise> needs a variation= attribute",
        ),
        (
            "<distributor name='d'><case><property value='1'>fcs/x</property></case></distributor>",
            "FS112",
            "<distributor> needs a type= attribute",
        ),
        (
            "<kinematic name='k'><input>fcs/aileron-cmd-norm</input><traverse><setting>"
            "<position>0</position><time>0</time></setting></traverse></kinematic>",
            "FS122",
            '<traverse> of kinematic "k" has 1 <setting>: JSBSim refuses',
        ),
    ],
)
def test_what_jsbsim_refuses_or_logs_as_an_error_is_reported(
    tmp_path: Path, component: str, code: str, words: str
) -> None:
    """Measured with JSBSim 1.3.3: a switch <test> without value= ("No VALUE supplied"),
    a sensor <noise> without variation= ("Unknown noise type"), a distributor without
    type= (refused), a kinematic with one setting (refused)."""
    main = planted_aircraft(tmp_path, "c310", "c310.xml", SCALE, component + SCALE)
    found = only(validate(main), code)
    assert found.message.startswith(words)
    assert found.line == line_of(main, component)
