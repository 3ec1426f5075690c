"""Building files from nothing: layout, comments, tables, order, file references."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from flightsim.config.docmodel import AircraftDocument, XmlFile
from flightsim.config.safexml import MalformedXMLError
from flightsim.errors import ConfigError, NotFoundError


def test_a_new_file_with_a_header_and_a_2d_table() -> None:
    xml = XmlFile.new("system", header="made by a test\nsecond line", name="tables")
    function = xml.root.add("function", name="aero/coefficient/CL")  # type: ignore[union-attr]
    table = function.add("table")
    table.add("independentVar", "aero/alpha-rad", lookup="row")
    table.add("independentVar", "fcs/flap-pos-deg", lookup="column")
    table.add("tableData", [[0, 10, 40], [-0.2, -0.68, -0.5, -0.3], [0.35, 1.2, 1.5, 1.8]])
    assert xml.to_text() == (
        '<?xml version="1.0"?>\n'
        "<!--\n  made by a test\n  second line\n-->\n"
        '<system name="tables">\n'
        '  <function name="aero/coefficient/CL">\n'
        "    <table>\n"
        '      <independentVar lookup="row">aero/alpha-rad</independentVar>\n'
        '      <independentVar lookup="column">fcs/flap-pos-deg</independentVar>\n'
        "      <tableData>\n"
        "                  0    10    40\n"
        "        -0.2  -0.68  -0.5  -0.3\n"
        "        0.35    1.2   1.5   1.8\n"
        "      </tableData>\n"
        "    </table>\n"
        "  </function>\n"
        "</system>\n"
    )


def test_table_rows_must_be_finite_numbers() -> None:
    table = XmlFile.new("system", name="t").root.add("function").add("table")  # type: ignore[union-attr]
    with pytest.raises(ConfigError, match="'x' is not a number"):
        table.add("tableData", "0 1\n1 x")
    with pytest.raises(ConfigError, match="not a finite number"):
        table.add("tableData", [[0.0, float("inf")]])
    assert table.child("tableData") is None


def test_order_is_kept_and_before_inserts() -> None:
    xml = XmlFile.new("system", name="fcs")
    channel = xml.root.add("channel", name="pitch")  # type: ignore[union-attr]
    first = channel.add("summer", name="a")
    channel.add("pure_gain", name="b")
    channel.add("summer", name="c")  # after b: components run in file order
    channel.add("lag_filter", name="before-a", before=first)
    names = [e.get("name") for e in channel.elements()]
    assert names == ["before-a", "a", "b", "c"]
    with pytest.raises(ConfigError, match="not a child"):
        channel.add("summer", name="x", before=xml.root)  # type: ignore[arg-type]


def test_comments_and_removal_keep_the_layout() -> None:
    xml = XmlFile.new("system", name="s")
    root = xml.root
    assert root is not None
    root.add_comment("first")
    root.add("property", "a/b", comment="the flag")
    gone = root.add("property", "c/d")
    gone.remove()
    assert xml.to_text().splitlines()[2:6] == [
        "  <!-- first -->",
        "  <!-- the flag -->",
        "  <property>a/b</property>",
        "</system>",
    ]
    with pytest.raises(ConfigError, match="cannot hold '--'"):
        root.add_comment("a -- b")


def test_free_content_and_unknown_elements_are_kept(tmp_path: Path) -> None:
    source = tmp_path / "odd.xml"
    source.write_text(
        '<system name="odd">\n  <mystery a="1"> text <b/></mystery>\n'
        "  <description>Some <b>bold</b> words</description>\n</system>\n"
    )
    xml = XmlFile.read(source)
    mystery = xml.root.child("mystery")  # type: ignore[union-attr]
    assert mystery is not None and mystery.spec is None
    xml.root.add("property", "x/y")  # type: ignore[union-attr]
    text = xml.to_text()
    assert '<mystery a="1"> text <b/></mystery>' in text
    assert "<description>Some <b>bold</b> words</description>" in text


def test_a_malformed_file_is_refused_with_its_line(tmp_path: Path) -> None:
    source = tmp_path / "broken.xml"
    source.write_text('<system name="x">\n  <property>a/b\n</system>\n')
    with pytest.raises(MalformedXMLError) as caught:
        XmlFile.read(source)
    assert caught.value.line == 3


def test_files_added_to_an_aircraft_resolve_and_are_written(tmp_path: Path) -> None:
    doc = AircraftDocument.new("kite", header="a kite")
    engine = doc.add_file("Engines/kite_motor.xml", "electric_engine", name="motor")
    engine.root.add("power", "2 kW")  # type: ignore[union-attr]
    propulsion = doc.root.add("propulsion")
    with pytest.raises(NotFoundError, match="'kite_prop' is not where JSBSim looks"):
        propulsion.add("engine", file="kite_prop")
    with pytest.raises(ConfigError, match="holds a <electric_engine>, not one of direct"):
        propulsion.add("engine", file="kite_motor").add("thruster", file="kite_motor")
    assert doc.engine_file(0) is engine
    assert list(doc.contents()) == ["Engines/kite_motor.xml", "kite.xml"]
    power = etree.fromstring(doc.contents()["Engines/kite_motor.xml"]).find("power")
    assert power.get("unit") == "WATTS" and float(power.text) == 2000.0
    with pytest.raises(ConfigError, match="no folder yet"):
        doc.save()
    main = doc.save(tmp_path / "kite")
    assert main.read_bytes() == doc.contents()["kite.xml"]
    assert (tmp_path / "kite" / "Engines" / "kite_motor.xml").is_file()
    with pytest.raises(AttributeError, match="no field 'metrics'"):
        doc.metrics = 3


def test_a_required_attribute_and_a_root_are_checked() -> None:
    with pytest.raises(ConfigError, match="needs the attribute"):
        XmlFile.new("fdm_config")
    with pytest.raises(ConfigError, match="not the root of a JSBSim file"):
        XmlFile.new("metricz")
