"""The validator on the aircraft, engines, systems and scripts that ship with jsbsim.

Every bundled aircraft that JSBSim loads and initialises without an error gets
no error from the validator, except the real mistakes listed in
``KNOWN_FINDS`` (JSBSim ignores them silently; docs/validation.md lists them).
The aircraft JSBSim itself complains about (measured with ``flightsim validate
--load``, see docs/validation.md) must get the error of the rule that explains
JSBSim's complaint.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from flightsim.config import Severity, validate
from flightsim.paths import jsbsim_root, list_aircraft

NOT_CLEAN = {
    "blank": ("FS103", "JSBSim 0.x format: load_model fails"),
    "dr1": ("FS502", "reads FlightGear's /sim/model/pushback/position-norm: run_ic fails"),
    "f104": ("FS501", "reads the undefined systems/radar/range: run_ic fails"),
    "F450": ("FS801", "version 3.0: 'incompatible cfg file', failed property ties"),
    "fokker100": ("FS502", "reads FlightGear's /sim/model/pushback/position-norm: run_ic fails"),
    "fokker50": ("FS502", "reads FlightGear's /controls/engines/engine/throttle: run_ic fails"),
    "global5000": ("FS501", "output of the undefined aero/coefficient/CLalpha"),
    "L17": ("FS501", "reads the undefined fcs/flaps-pos-deg: run_ic fails"),
    "Pterosaur": ("FS502", "reads FlightGear's /controls/flight/wing-fold: run_ic fails"),
    "ZLT-NT": ("FS110", "<documentation> inside a <channel>: 'Unknown FCS component'"),
}
"""Bundled aircraft JSBSim 1.3.3 does not load and initialise cleanly: the rule that
explains it (docs/validation.md) and JSBSim's complaint."""

KNOWN_FINDS = {
    "Boeing314": {
        ("WrightGR-2600.xml", 84, "FS404"),
        ("WrightGR-2600.xml", 85, "FS404"),
        ("WrightGR-2600.xml", 86, "FS404"),
        ("WrightGR-2600.xml", 87, "FS404"),
    },
    "B747": {("GE-CF6-80C2-B1F.xml", 33, "FS124")},
    "minisgs": {("minisgs.xml", 72, "FS710")},
    "SGS": {("SGS.xml", 72, "FS710")},
    "Short_S23": {
        ("Short_S23-hydrodynamics.xml", 1300, "FS111"),
        ("eng_PegasusXc.xml", 149, "FS404"),
    },
    "p51d": {
        ("propulsion.xml", 78, "FS111"),
        ("autothrottle.xml", 43, "FS111"),
        ("electrical.xml", 46, "FS111"),
        ("electrical.xml", 57, "FS111"),
    },
}
"""Real mistakes in clean bundled aircraft that JSBSim accepts silently (see the docs)."""

BUNDLED = [loc for loc in list_aircraft() if loc.is_bundled]


def _errors(target: Path) -> set[tuple[str, int | None, str]]:
    return {
        (Path(d.file).name, d.line, d.code)
        for d in validate(target)
        if d.severity is Severity.ERROR
    }


@pytest.mark.parametrize("location", BUNDLED, ids=lambda loc: loc.name)
def test_bundled_aircraft(location) -> None:  # type: ignore[no-untyped-def]
    errors = _errors(location.main_file)
    if location.name in NOT_CLEAN:
        code, complaint = NOT_CLEAN[location.name]
        assert code in {c for _, _, c in errors}, (
            f"JSBSim complains ({complaint}); we found {errors}"
        )
    else:
        assert errors == KNOWN_FINDS.get(location.name, set())


def test_known_lists_name_real_aircraft() -> None:
    names = {loc.name for loc in BUNDLED}
    assert set(NOT_CLEAN) <= names
    assert set(KNOWN_FINDS) <= names - set(NOT_CLEAN)


@pytest.mark.parametrize("folder", ["engine", "systems", "scripts"])
def test_bundled_files_use_known_vocabulary(folder: str) -> None:
    """No unknown element in the bundled engines, systems and scripts (vocabulary coverage)."""
    unknown = []
    for path in sorted((jsbsim_root() / folder).glob("*.xml")):
        unknown += [str(d) for d in validate(path) if d.code == "FS110"]
    assert unknown == []


def test_waypoint_units_of_the_shared_gnc_system_are_read() -> None:
    """GNCUtilities.xml gives unit="RAD"/"DEG" on waypoint and angle components and on
    their latitudes, longitudes and angles: JSBSim reads them (FGWaypoint, FGAngles)."""
    gnc = jsbsim_root() / "systems" / "GNCUtilities.xml"
    assert [str(d) for d in validate(gnc)] == []
    assert not [d for d in validate("c172x") if d.code == "FS206"]
