"""Edits through the document model: values with units, checks that refuse bad input
and leave the document unchanged, errors that name the element and the line."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from lxml import etree

from flightsim.config.docmodel import AircraftDocument, Quantity, Vector, XmlFile
from flightsim.errors import ConfigError, NotFoundError, UnitError
from flightsim.paths import jsbsim_root

C172 = jsbsim_root() / "aircraft" / "c172p" / "c172p.xml"


@pytest.fixture
def doc() -> AircraftDocument:
    return AircraftDocument.open("c172p")


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_values_read_back_with_their_units(doc: AircraftDocument) -> None:
    assert doc.metrics.wingarea == Quantity(174.0, "FT2")
    assert doc.metrics.wingarea.to("m2") == pytest.approx(174 * 0.3048**2)
    assert doc.mass_balance.emptywt == Quantity(1500.0, "LBS")
    nose = doc.ground_reactions.find("contact", name="NOSE")
    assert nose.location == Vector(-6.8, 0.0, -19.5, "IN")
    assert nose.brake_group == "NONE"
    assert nose.static_friction == 0.8  # a plain number
    assert doc.propulsion.tank[0].get("type") == "FUEL"


def test_a_quantity_is_stored_in_the_unit_of_the_file(doc: AircraftDocument) -> None:
    doc.metrics.wingarea = "16.2 m2"
    assert doc.metrics.wingarea.value == pytest.approx(16.2 / 0.3048**2, rel=1e-11)
    assert doc.metrics.child("wingarea").get("unit") == "FT2"
    doc.metrics.wingspan = 36  # a bare number is in the element's unit
    assert doc.metrics.wingspan == Quantity(36.0, "FT")


def test_a_tank_location_and_contents(doc: AircraftDocument) -> None:
    tank = doc.propulsion.tank[0]
    tank.contents = "50 kg"
    assert tank.contents.to("kg") == pytest.approx(50.0)
    tank.location = (1.2, -2.0, 0.9, "M")
    assert tank.location.to("M") == pytest.approx((1.2, -2.0, 0.9))
    assert tank.location.unit == "IN"  # the file's unit is kept


@pytest.mark.parametrize(
    ("edit", "error", "message"),
    [
        (lambda d: setattr(d.metrics, "wingarea", "3 kg"), UnitError, "'kg' is not a unit of area"),
        (lambda d: setattr(d.metrics, "wingarea", -1), ConfigError, "must be positive, got -1"),
        (lambda d: setattr(d.metrics, "wingarea", math.nan), UnitError, "not a finite number"),
        (lambda d: setattr(d.metrics, "wingarea", "nan"), UnitError, "as a quantity"),
        (lambda d: setattr(d.metrics, "wingareas", 1), ConfigError, "Did you mean: wingarea"),
        (lambda d: d.metrics.child("wingarea").set("unit", "M"), UnitError, "not a unit of area"),
        (
            lambda d: d.metrics.child("wingarea").set("units", "M2"),
            ConfigError,
            "Did you mean: unit",
        ),
        (lambda d: d.propulsion.tank[0].set("type", "WATER"), ConfigError, "one of FUEL, OXIDIZER"),
        (
            lambda d: setattr(d.propulsion.tank[0], "contents", -5),
            ConfigError,
            "must not be negative",
        ),
    ],
)
def test_bad_edits_name_the_element_and_line_and_change_nothing(
    doc: AircraftDocument, edit: object, error: type[Exception], message: str
) -> None:
    before = doc.main.to_bytes()
    with pytest.raises(error, match=message) as caught:
        edit(doc)  # type: ignore[operator]
    exc = caught.value
    assert isinstance(exc, ConfigError)
    assert exc.file == str(C172)
    assert exc.line is not None and exc.line > 20
    assert "/fdm_config/" in str(exc)
    assert doc.main.to_bytes() == before
    assert not doc.main.modified


def test_the_line_is_the_element_line(doc: AircraftDocument) -> None:
    with pytest.raises(ConfigError) as caught:
        doc.metrics.wingarea = "10 lb"
    assert caught.value.line == _line_of(C172.read_text(), "<wingarea")
    assert str(caught.value).startswith(f"{C172}:{caught.value.line}: /fdm_config/metrics/wingarea")


def test_a_thrust_in_kn_is_read_as_kilonewtons() -> None:
    # the document model checks the unit's dimension before converting: 'kN' for a thrust
    # had been refused as a speed (the knot)
    engine = XmlFile.read(jsbsim_root() / "engine" / "J85-GE-5.xml")
    engine.root.milthrust = "3 kN"
    assert engine.root.milthrust.value == pytest.approx(3000.0 / 4.4482216152605)
    assert engine.root.milthrust.unit == "LBS"


def test_a_point_mass_is_added_with_units(doc: AircraftDocument) -> None:
    count = len(doc.mass_balance.pointmass)
    mass = doc.mass_balance.add("pointmass", name="Camera", comment="a camera pod under the wing")
    mass.add("weight", "20 kg")
    mass.add("location", (1.0, 0.5, -0.2, "M"), name="POINTMASS")
    tree = etree.fromstring(doc.main.to_bytes())
    added = tree.findall("mass_balance/pointmass")
    assert len(added) == count + 1
    assert added[-1].get("name") == "Camera"
    assert added[-1].find("weight").get("unit") == "KG"
    assert float(added[-1].findtext("weight")) == 20.0
    assert [float(added[-1].findtext(f"location/{a}")) for a in "xyz"] == [1.0, 0.5, -0.2]
    assert added[-1].find("location").get("unit") == "M"
    assert added[-1].getprevious().text == " a camera pod under the wing "


def test_a_refused_add_changes_nothing(doc: AircraftDocument) -> None:
    before = doc.main.to_bytes()
    with pytest.raises(ConfigError, match="has no attribute 'colour'"):
        doc.mass_balance.add("pointmass", name="x", colour="red")
    with pytest.raises(UnitError, match="not a unit of mass"):
        doc.mass_balance.add("pointmass", name="x").add("weight", "3 m")
    assert b'name="x"' in doc.main.to_bytes()  # the point mass went in, its weight not
    doc2 = AircraftDocument.open("c172p")
    with pytest.raises(ConfigError, match="holds one <wingarea>"):
        doc2.metrics.add("wingarea", 10)
    with pytest.raises(ConfigError, match="needs the attribute"):
        doc2.ground_reactions.add("contact", name="TAIL")
    assert doc2.main.to_bytes() == before


def test_an_engine_is_swapped_for_one_that_exists(doc: AircraftDocument) -> None:
    doc.swap_engine(0, engine="engIO360C", thruster="prop_81in2v")
    assert doc.engine_file(0).root.tag == "piston_engine"
    assert doc.engine_file(0).path.name == "engIO360C.xml"
    assert doc.thruster_file(0).path.name == "prop_81in2v.xml"
    tree = etree.fromstring(doc.main.to_bytes())
    assert tree.find("propulsion/engine").get("file") == "engIO360C"
    with pytest.raises(NotFoundError, match="'eng_nothing' is not where JSBSim looks"):
        doc.swap_engine(0, engine="eng_nothing")
    with pytest.raises(ConfigError, match="holds a <propeller>"):
        doc.swap_engine(0, engine="prop_75in2f")
    with pytest.raises(ConfigError, match="holds a <piston_engine>"):
        doc.swap_engine(0, thruster="eng_io320")
    assert doc.engine_file(0).path.name == "engIO360C.xml"


def test_validate_reports_on_the_document_in_memory(doc: AircraftDocument) -> None:
    assert [d for d in doc.validate() if d.severity.value == "error"] == []
    doc.propulsion.tank[0].contents = "500 lb"  # capacity is 185 lb
    found = [d for d in doc.validate() if d.code == "FS709"]
    assert len(found) == 1
    assert found[0].file.endswith("c172p.xml") and str(C172.parent) in found[0].file
    assert found[0].line == _line_of(C172.read_text(), "<contents")


def test_save_writes_a_copy_jsbsim_finds(doc: AircraftDocument, tmp_path: Path) -> None:
    doc.metrics.wingspan = "11 m"
    main = doc.save(tmp_path / "c172p")
    assert main == tmp_path / "c172p" / "c172p.xml"
    assert (tmp_path / "c172p" / "reset00.xml").is_file()  # the folder's other files
    again = AircraftDocument.open(main)
    assert again.metrics.wingspan.to("m") == pytest.approx(11.0)
    assert not doc.modified


def test_values_copy_between_documents_at_full_precision(doc: AircraftDocument) -> None:
    other = AircraftDocument.open("c310")
    doc.metrics.wingarea = "16.2 m2"
    other.metrics.wingarea = doc.metrics.wingarea  # a Quantity
    assert other.metrics.wingarea == doc.metrics.wingarea
    nose = doc.ground_reactions.find("contact", name="NOSE")
    other.ground_reactions.contact[0].location = nose.location  # a Vector
    assert other.ground_reactions.contact[0].location.to("IN") == pytest.approx((-6.8, 0, -19.5))


def test_names_that_are_methods_are_read_with_brackets() -> None:
    from flightsim.config.docmodel import XmlFile

    xml = XmlFile.new("system", name="s")
    channel = xml.root.add("channel", name="c")  # type: ignore[union-attr]
    actuator = channel.add("linear_actuator", name="a")
    actuator.add("input", "fcs/x-cmd")
    actuator.add("set", "fcs/x-set")
    assert actuator["set"] == "fcs/x-set"  # actuator.set is the method that sets attributes
    product = channel.add("fcs_function", name="f").add("function").add("product")
    product.add("value", 2.0)
    product.add("property", "a/b")
    assert [v.value for v in product["value"]] == [2.0]  # operands repeat: a list
    assert product.value is None  # the product's own value
    assert [p.text for p in product.property] == ["a/b"]


def test_an_orientation_and_an_absent_child(doc: AircraftDocument) -> None:
    assert doc.metrics.htailarea == Quantity(21.9, "FT2")
    assert doc.metrics.wing_incidence is None
    doc.metrics.wing_incidence = "2 deg"  # added, in the unit given (JSBSim knows DEG)
    assert doc.metrics.wing_incidence == Quantity(2.0, "DEG")
    thruster = doc.engines()[0].child("thruster")
    assert thruster.orient == Vector(0.0, 0.0, 0.0, "DEG")
    thruster.orient = (0, "0.1 rad", 0)  # roll, pitch, yaw
    assert thruster.orient.to("RAD") == pytest.approx((0.0, 0.1, 0.0))
    assert [d for d in doc.validate() if d.severity.value == "error"] == []


def test_jsbsim_own_data_is_never_overwritten(doc: AircraftDocument) -> None:
    doc.metrics.wingspan = 40
    with pytest.raises(ConfigError, match="refusing to write into JSBSim's own data"):
        doc.save()
    assert b"35.8" in C172.read_bytes()


def test_save_refuses_a_file_name_for_its_folder(doc: AircraftDocument, tmp_path: Path) -> None:
    """save('x.xml') once made a folder named x.xml; an existing file gave a raw OSError."""
    with pytest.raises(ConfigError) as error:
        doc.save(tmp_path / "mine.xml")
    assert str(error.value) == (
        f"save({str(tmp_path / 'mine.xml')!r}): give a folder, not a file; the aircraft is "
        f"written as <folder>/c172p.xml (save({str(tmp_path)!r}) writes {tmp_path / 'c172p.xml'})"
    )
    existing = tmp_path / "notes"
    existing.write_text("mine")
    with pytest.raises(ConfigError, match="give a folder, not a file"):
        doc.save(existing)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes"]  # nothing written
    assert existing.read_text() == "mine"
