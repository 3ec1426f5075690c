"""The aerodynamic reference point and the empty-weight CG: JSBSim reads a metrics
``<location>`` only named AERORP, EYEPOINT or VRP and a mass_balance one only named CG
(``FGAircraft::Load``, ``FGMassBalance::Load`` compare exactly); any other, or none,
leaves the point at x = y = z = 0 without a word."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from planted_faults import line_of, only, planted_aircraft

from flightsim.config import validate


@pytest.mark.parametrize(
    ("old", "new", "code", "words"),
    [
        (
            '<location name="AERORP" unit="IN">',
            '<location name="AEROPR" unit="IN">',
            "FS113",
            'name="AEROPR" on <location> is not one of AERORP, EYEPOINT, VRP',
        ),
        (
            '<location name="CG" unit="IN">',
            '<location name="cg" unit="IN">',
            "FS113",
            'name="cg" on <location> is not one of CG',
        ),
        (
            '<location name="CG" unit="IN">',
            '<location unit="IN">',
            "FS112",
            "<location> needs a name= attribute",
        ),
    ],
)
def test_a_misnamed_reference_point_is_an_error_at_its_line(
    tmp_path: Path, old: str, new: str, code: str, words: str
) -> None:
    main = planted_aircraft(tmp_path, "c310", "c310.xml", old, new)
    found = only(validate(main), code)
    assert words in found.message
    assert "x = y = z = 0" in found.message
    assert found.line == line_of(main, new)
    if code == "FS113":
        assert "Did you mean" in found.message


@pytest.mark.parametrize(("name", "section"), [("CG", "mass_balance"), ("AERORP", "metrics")])
def test_a_missing_reference_point_is_an_error(tmp_path: Path, name: str, section: str) -> None:
    main = planted_aircraft(tmp_path, "c310", "c310.xml", "<fileheader>", "<fileheader>")
    block = rf'<location name="{name}" unit="IN">(?:(?!</location>).)*</location>'
    text, removed = re.subn(block, "", main.read_text(), flags=re.S)
    assert removed == 1
    main.write_text(text)
    found = only(validate(main), "FS122")
    assert f'<{section}> has no <location name="{name}">' in found.message
    assert found.line == line_of(main, f"<{section}>")


def test_all_point_masses_need_no_empty_weight_cg() -> None:
    """J246 holds all its mass in point masses and has no CG location: nothing to place."""
    assert not [str(d) for d in validate("J246") if d.code == "FS122"]


def test_a_thruster_without_location_is_an_error(tmp_path: Path) -> None:
    """FGThruster reads <location> from the aircraft's <thruster> (not the thruster file);
    without it JSBSim logs 'No thruster location found' and pushes at the origin."""
    location = (
        '<location unit="IN">\n                    <x> -27.5 </x>\n'
        "                    <y> -70 </y>\n                    <z> 15.5 </z>\n"
        "                </location>"
    )
    main = planted_aircraft(tmp_path, "c310", "c310.xml", location, "")
    found = only(validate(main), "FS122")
    assert found.message.startswith("<thruster> has no <location>")
    assert found.line == line_of(main, '<thruster file="propC10v">')
