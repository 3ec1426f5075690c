"""JSBSim converts units by pairs: the table in flightsim.units agrees with JSBSim.

Each case writes one ``unit=`` into a copy of the c172p (or its engine) and loads
it in JSBSim (guarded, in a child process): JSBSim loads it exactly when
``jsbsim_converts`` says it converts that unit to the one it reads the element in.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from flightsim import Simulation
from flightsim.config.docmodel import AircraftDocument
from flightsim.errors import SimulationError, UnitError
from flightsim.paths import jsbsim_root
from flightsim.units import jsbsim_converts

CASES = [
    ("c172p.xml", "mass_balance/location", "IN", "M"),
    ("c172p.xml", "mass_balance/location", "IN", "CM"),
    ("c172p.xml", "mass_balance/location", "IN", "KM"),
    ("c172p.xml", "mass_balance/emptywt", "LBS", "SLUG"),
    ("c172p.xml", "metrics/wingspan", "FT", "CM"),
    ("Engines/eng_io320.xml", "displacement", "IN3", "LTR"),
    ("Engines/eng_io320.xml", "displacement", "IN3", "M3"),
    ("Engines/eng_io320.xml", "displacement", "IN3", "GAL"),
    ("Engines/eng_io320.xml", "minmp", "INHG", "PA"),
    ("Engines/eng_io320.xml", "minmp", "INHG", "N/M2"),
]


@pytest.mark.parametrize(("file", "xpath", "target", "unit"), CASES)
def test_jsbsim_loads_a_unit_exactly_when_the_table_converts_it(
    tmp_path: Path, file: str, xpath: str, target: str, unit: str
) -> None:
    folder = tmp_path / "c172p"
    shutil.copytree(jsbsim_root() / "aircraft" / "c172p", folder)
    (folder / "Engines").mkdir()
    shutil.copy(jsbsim_root() / "engine" / "eng_io320.xml", folder / "Engines")
    path = folder / file
    tree = etree.parse(str(path))
    element = tree.getroot().find(xpath)
    assert element is not None and element.get("unit") == target
    element.set("unit", unit)
    tree.write(str(path))
    try:
        Simulation("c172p", aircraft_dirs=[tmp_path], record=None)
        loaded = True
    except SimulationError as error:
        assert f'"{unit}" cannot be converted to {target}' in str(error)
        loaded = False
    assert loaded == jsbsim_converts(unit, target)


def test_the_model_writes_only_units_jsbsim_converts() -> None:
    doc = AircraftDocument.open("c172p")
    cg = doc.mass_balance.location[0]
    with pytest.raises(UnitError, match="JSBSim cannot convert CM to IN"):
        cg.set("unit", "CM")
    mass = doc.mass_balance.add("pointmass", name="probe")
    location = mass.add("location", (12.0, 0.0, 5.0, "CM"))  # converted, written in IN
    assert location.get("unit") == "IN"
    assert location.value.to("CM") == pytest.approx((12.0, 0.0, 5.0))
    assert mass.add("weight", "2 slug").get("unit") == "SLUG"  # JSBSim converts SLUG to LBS
