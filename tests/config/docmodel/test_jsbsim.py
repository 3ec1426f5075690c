"""Edited and built aircraft, loaded by JSBSim: the edits are what JSBSim reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from flightsim import Simulation
from flightsim.config.docmodel import AircraftDocument
from flightsim.units import LB_KG, SLUG_KG


@pytest.fixture(scope="module")
def c172() -> Simulation:
    return Simulation("c172p", record=None)


def test_an_edited_c172_flies_with_its_edits(c172: Simulation, tmp_path: Path) -> None:
    doc = AircraftDocument.open("c172p")
    doc.metrics.wingarea = "16.2 m2"
    camera = doc.mass_balance.add("pointmass", name="Camera")
    camera.add("weight", "20 kg")
    camera.add("location", (1.0, 0.0, -0.5, "M"))
    doc.propulsion.tank[0].contents = "30 kg"
    doc.save(tmp_path / "c172p")

    sim = Simulation("c172p", aircraft_dirs=[tmp_path], record=None)
    assert sim["metrics/Sw-sqft"] == pytest.approx(16.2 / 0.3048**2, rel=1e-9)
    assert c172["metrics/Sw-sqft"] == 174.0
    assert sim["propulsion/tank[0]/contents-lbs"] == pytest.approx(30 / LB_KG, rel=1e-9)
    added_kg = (sim["inertia/mass-slugs"] - c172["inertia/mass-slugs"]) * SLUG_KG
    fuel_kg = (30 / LB_KG - c172["propulsion/tank[0]/contents-lbs"]) * LB_KG
    assert added_kg == pytest.approx(20.0 + fuel_kg, abs=1e-6)


def _full_power_hp(sim: Simulation) -> float:
    sim.fdm["propulsion/set-running"] = -1
    sim.fdm["fcs/throttle-cmd-norm"] = 1.0
    sim.fdm["fcs/mixture-cmd-norm"] = 1.0
    sim.run(3.0)
    return float(sim["propulsion/engine[0]/power-hp"])


def test_a_swapped_engine_is_the_one_jsbsim_loads(tmp_path: Path) -> None:
    doc = AircraftDocument.open("c172p")
    doc.swap_engine(0, engine="engIO540AB1A5")  # 230 hp instead of the IO-320's 160 hp
    doc.save(tmp_path / "c172p")
    assert (tmp_path / "c172p" / "c172p.xml").read_text().count('file="engIO540AB1A5"') == 1
    original = _full_power_hp(Simulation("c172p", record=None))
    swapped = _full_power_hp(Simulation("c172p", aircraft_dirs=[tmp_path], record=None))
    assert swapped > 1.08 * original


def _build_brick() -> AircraftDocument:
    """A small aircraft built from nothing, every value with a unit."""
    doc = AircraftDocument.new("brick", name="A built test aircraft")
    doc.root.add_comment("built by tests/config/docmodel/test_jsbsim.py")
    metrics = doc.root.add("metrics")
    metrics.add("wingarea", "10 m2")
    metrics.add("wingspan", "10 m")
    metrics.add("chord", "1 m")
    metrics.add("location", (0, 0, 0, "M"), name="AERORP")
    mass = doc.root.add("mass_balance")
    for tag, value in (("ixx", 1000), ("iyy", 2000), ("izz", 2800)):
        mass.add(tag, f"{value} kg*m2")
    mass.add("emptywt", "500 kg")
    mass.add("location", (0.1, 0, 0, "M"), name="CG")
    ground = doc.root.add("ground_reactions")
    gear = {"NOSE": (-1.5, 0, -1), "LEFT": (0.5, -1.2, -1), "RIGHT": (0.5, 1.2, -1)}
    for name, xyz in gear.items():
        contact = ground.add("contact", type="BOGEY", name=name)
        contact.location = (*xyz, "M")
        contact.static_friction = 0.8
        contact.dynamic_friction = 0.5
        contact.rolling_friction = 0.02
        contact.spring_coeff = "30000 N/m"
        contact.damping_coeff = "3000 N/m/sec"
    doc.root.add("propulsion")
    lift = doc.root.add("aerodynamics").add("axis", name="LIFT")
    product = lift.add("function", name="aero/force/lift").add("product")
    product.add("property", "aero/qbar-psf")
    product.add("property", "metrics/Sw-sqft")
    product.add("value", 0.3)
    return doc


def test_a_built_aircraft_validates_and_loads(tmp_path: Path) -> None:
    doc = _build_brick()
    assert doc.validate() == []
    doc.save(tmp_path / "brick")
    sim = Simulation("brick", aircraft_dirs=[tmp_path], record=None)
    assert sim["metrics/Sw-sqft"] == pytest.approx(10 / 0.3048**2, rel=1e-6)  # JSBSim: 10.76391
    assert sim["inertia/mass-slugs"] * SLUG_KG == pytest.approx(500.0, rel=1e-6)
    assert sim["metrics/bw-ft"] == pytest.approx(10 / 0.3048, rel=1e-6)


def test_building_is_deterministic(tmp_path: Path) -> None:
    first = _build_brick().main.to_bytes()
    assert _build_brick().main.to_bytes() == first
    assert first.startswith(b'<?xml version="1.0"?>\n<fdm_config name="A built test aircraft"')
    assert b'\n  <metrics>\n    <wingarea unit="M2">10</wingarea>\n' in first


def test_an_edited_engine_file_is_saved_where_jsbsim_finds_it_first(tmp_path: Path) -> None:
    doc = AircraftDocument.open("c172p")
    engine = doc.engine_file(0)
    assert engine is not None and engine.path is not None
    assert engine.path.parent.name == "engine"  # JSBSim's shared engine folder
    engine.root.displacement = "8 L"  # the IO-320's 320 in3 are 5.2 L: more air, more power
    doc.save(tmp_path / "c172p")
    saved = tmp_path / "c172p" / "Engines" / "eng_io320.xml"
    assert saved.is_file() and engine.path == saved
    assert b'<displacement unit="IN3"> 488.189952758  </displacement>' in saved.read_bytes()
    original = _full_power_hp(Simulation("c172p", record=None))
    tuned = _full_power_hp(Simulation("c172p", aircraft_dirs=[tmp_path], record=None))
    assert tuned > 1.2 * original
