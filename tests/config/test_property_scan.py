"""The property collector's C walk (flightsim/config/_propscan.c): what it reports of a tree."""

from __future__ import annotations

import pytest
from lxml import etree

from flightsim.config.compiled import _propscan
from flightsim.config.property_collect import (
    _NOT_PARAMETERS,
    BINDING_TAGS,
    COMPONENT_TYPES,
    DECLARING_PARENTS,
)

SYSTEM = b"""<system name="s">
  <property value="1">systems/s/declared</property>
  <channel name="c" execute="systems/s/on">
    <pid name="Rate PID">
      <input>-fcs/elevator-cmd-norm</input>
      <kp> systems/s/kp </kp>
      <ki>0.5</ki>
      <clipto><min>systems/s/low</min><max>1</max></clipto>
      <output>fcs/elevator-pos-rad</output>
    </pid>
    <switch name="sw">
      <default value="systems/s/fallback"/>
      <test logic="AND" value="2">a == 1
        b gt c</test>
    </switch>
    <sensor name="sn"><input>x</input><quantization name="sn/q"><bits>8</bits></quantization>
    </sensor>
  </channel>
  <function name="systems/s/f">
    <product><p>aero/qbar-psf</p><table name="systems/s/t" type="internal">
      <independentVar>velocities/mach</independentVar>
      <tableData>0 1</tableData></table></product>
  </function>
  <function name="systems/s/template" type="template"><v>1</v></function>
</system>
"""


def _scan(xml: bytes, with_elements: bool) -> tuple:
    root = etree.fromstring(xml)
    return _propscan.events(
        root, DECLARING_PARENTS, COMPONENT_TYPES, BINDING_TAGS, _NOT_PARAMETERS, with_elements
    )


def _events(xml: bytes, with_elements: bool = True) -> list[tuple]:
    events, *gathered = _scan(xml, with_elements)
    if with_elements:
        assert gathered == [set(), set(), set()]
    return events


def test_events_of_a_system() -> None:
    events = [(op, tag, text, extra) for op, tag, text, extra, _ in _events(SYSTEM)]
    assert events == [
        (0, "property", "systems/s/declared", None),
        (5, "test", "a == 1\n        b gt c", "2"),  # inside the channel: before its events
        (4, "channel", "systems/s/on", None),
        (7, "pid", "Rate PID", None),
        (1, "input", "-fcs/elevator-cmd-norm", None),
        (10, "kp", " systems/s/kp ", None),
        (10, "ki", "0.5", None),
        (10, "min", "systems/s/low", None),
        (10, "max", "1", None),
        (8, "output", "fcs/elevator-pos-rad", None),
        (7, "switch", "sw", None),
        (2, "default", "systems/s/fallback", None),
        (7, "sensor", "sn", None),
        (1, "input", "x", None),
        (9, "quantization", "sn/q", None),
        (10, "bits", "8", None),
        (6, "function", "systems/s/f", None),
        (1, "p", "aero/qbar-psf", None),
        (6, "table", "systems/s/t", "internal"),
        (1, "independentVar", "velocities/mach", None),
        (6, "function", "systems/s/template", "template"),
    ]


def test_a_condition_parameter_is_met_first_as_a_condition() -> None:
    """A <condition> directly in a component is read twice (as a condition and as a
    parameter); the condition comes first, so its line is the one kept."""
    xml = b"""<system><channel name="c"><switch name="s"><default value="0"/>
      <condition>fcs/a</condition></switch></channel></system>"""
    reads = [(op, tag) for op, tag, *_ in _events(xml) if tag == "condition"]
    assert reads == [(5, "condition"), (10, "condition")]


def test_deep_trees_raise_recursion_error_not_crash() -> None:
    """Trees built in Python have no depth limit (files have: libxml2 stops at 256)."""
    root = etree.Element("system")
    node = etree.SubElement(root, "function", name="f")
    for _ in range(30_000):
        node = etree.SubElement(node, "sum")
    with pytest.raises(RecursionError, match="property walk"):
        _propscan.events(
            root, DECLARING_PARENTS, COMPONENT_TYPES, BINDING_TAGS, _NOT_PARAMETERS, False
        )


def test_without_elements_texts_are_gathered() -> None:
    """Names only: the texts read, of parameters and declared come as sets (each once)."""
    events, reads, parameters, declarations = _scan(SYSTEM + b"", with_elements=False)
    assert reads == {"-fcs/elevator-cmd-norm", "x", "aero/qbar-psf", "velocities/mach"}
    assert parameters == {" systems/s/kp ", "0.5", "systems/s/low", "1", "8"}
    assert declarations == {"systems/s/declared", "fcs/elevator-pos-rad"}
    assert all(e is None for *_, e in events)
    assert [op for op, *_ in events] == [5, 4, 7, 7, 2, 7, 9, 6, 6, 6]


def test_events_carry_their_elements_when_asked() -> None:
    with_elements = _events(SYSTEM, with_elements=True)
    assert [(t, e.tag, e.sourceline) for _, t, *_, e in with_elements][:3] == [
        ("property", "property", 2),
        ("test", "test", 13),
        ("channel", "channel", 3),
    ]


def test_script_sets_and_distributor_cases() -> None:
    xml = b"""<runscript><run><event name="e"><set name="fcs/throttle-cmd-norm" value="1"/>
      </event></run><x><case><property>fcs/out</property></case><set name="no"/></x></runscript>"""
    assert [(op, tag, text) for op, tag, text, *_ in _events(xml)] == [
        (3, "set", "fcs/throttle-cmd-norm"),
        (0, "property", "fcs/out"),
    ]


def test_namespaced_elements_match_nothing() -> None:
    xml = b'<system xmlns:n="urn:n"><n:property>a</n:property><n:channel/></system>'
    assert _events(xml) == []


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(TypeError, match="lxml element"):
        _propscan.events("<a/>", set(), set(), set(), set(), False)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="sets"):
        _propscan.events(etree.fromstring(b"<a/>"), [], set(), set(), set(), False)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="events"):
        _propscan.events(etree.fromstring(b"<a/>"))  # type: ignore[call-arg]
