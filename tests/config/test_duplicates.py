"""Duplicate rules (FS4xx): names compared as JSBSim makes properties of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from flightsim.config import validate_file

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
