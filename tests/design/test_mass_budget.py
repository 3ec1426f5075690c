"""Generated aircraft and their physics as JSBSim loads them: every spec of the project (the
shipped fleet, tests/design/specs) is generated once and its files checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from flightsim import InitialConditions, Simulation
from flightsim.design import generate, load_spec
from flightsim.units import LB_KG

ROOT = Path(__file__).resolve().parents[2]
SPECS = sorted(ROOT.glob("aircraft/*/*.toml")) + sorted(
    (ROOT / "tests/design/specs").glob("*.toml")
)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every spec generated into one folder (once for the module)."""
    out = tmp_path_factory.mktemp("generated")
    for spec in SPECS:
        generate(spec, out)
    return out


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_every_generated_aircraft_weighs_its_mtow(spec: Path, generated: Path) -> None:
    # an electric aircraft's 1 kg feed tank came on top of the mass budget: the 0.75 kg
    # Disco weighed 1.75 kg; a glider given fuel lost it (no tank) and weighed less
    mtow = load_spec(spec).mass.mtow
    ic = InitialConditions(altitude_ft=3000.0, kcas=60.0)
    with Simulation(spec.stem, ic=ic, aircraft_dirs=[generated], record=None) as sim:
        assert sim["inertia/weight-lbs"] * LB_KG == pytest.approx(mtow, rel=1e-4)


def test_a_small_aircraft_s_header_gives_its_masses(tmp_path: Path) -> None:
    # (the fly-out of u-disco, in test_unusual_specs, checks it trims down to its stall
    # speed: at the 1.75 kg it weighed, not below 24 KCAS against a 14.6 kt stall)
    generate(ROOT / "tests/design/specs/u-disco.toml", tmp_path)
    text = (tmp_path / "u-disco" / "u-disco.xml").read_text()
    # masses with the digits a 0.75 kg aircraft needs (it read "MTOW 1 kg, empty 0 kg")
    assert "MTOW 0.75 kg, empty 0.6 kg, fuel 0 kg, payload 0.149 kg, feed tank 0.001 kg." in text
    assert "usable fuel" not in text  # an electric motor burns none: nothing is estimated
    assert "<note>feed tank: 0.001 kg at the CG" in text
