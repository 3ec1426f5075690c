"""Writes to properties JSBSim ties read-only (FS504): the value is silently lost."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from planted_faults import line_of

from flightsim.config import Severity, validate
from flightsim.config.property_catalog import catalog
from flightsim.paths import jsbsim_root


def test_catalog_knows_jsbsim_read_only_properties() -> None:
    shipped = catalog()
    assert shipped.is_read_only("velocities/vc-kts")
    assert shipped.is_read_only("/fdm/jsbsim/propulsion/engine[1]/thrust-lbs")
    assert not shipped.is_read_only("fcs/elevator-cmd-norm")
    assert not shipped.is_read_only("fcs/elevator-pos-rad")
    assert shipped.is_read_only("fcs/elevator-act/saturated", [("actuator", "fcs/elevator-act")])


def test_output_to_read_only_property_is_an_error_at_its_line(tmp_path: Path) -> None:
    """J3Cub whose elevator control writes velocities/vc-kts: the elevator stays at 0."""
    folder = tmp_path / "J3Cub"
    shutil.copytree(jsbsim_root() / "aircraft" / "J3Cub", folder)
    system = folder / "Systems" / "Conventional Controls.xml"
    text = system.read_text()
    system.write_text(
        text.replace(
            "<output>fcs/elevator-pos-rad</output>", "<output>velocities/vc-kts</output>", 1
        )
    )
    found = [d for d in validate(folder) if d.code == "FS504"]
    assert [(d.severity, Path(d.file).name, d.line) for d in found] == [
        (Severity.ERROR, "Conventional Controls.xml", line_of(system, "velocities/vc-kts"))
    ]
    assert found[0].message == (
        '<output> of aerosurface_scale "Elevator Control" writes velocities/vc-kts, which '
        "JSBSim defines read-only: every value written is silently lost"
    )


def test_script_set_of_read_only_property_is_an_error(tmp_path: Path) -> None:
    script = tmp_path / "set_ro.xml"
    text = (jsbsim_root() / "scripts" / "c1722.xml").read_text()
    script.write_text(
        text.replace(
            '<set name="ap/heading_hold" value="0"/>', '<set name="gear/wow" value="0"/>', 1
        )
    )
    (d,) = [d for d in validate(script) if d.code == "FS504"]
    assert d.line == line_of(script, '<set name="gear/wow"')
    assert d.message == (
        '<set name="gear/wow"> writes gear/wow, which JSBSim defines read-only: every value '
        "written is silently lost"
    )


def test_output_to_a_function_property_is_an_error(tmp_path: Path) -> None:
    """A named function binds its property read-only: an <output> to it is lost."""
    folder = tmp_path / "J3Cub"
    shutil.copytree(jsbsim_root() / "aircraft" / "J3Cub", folder)
    main = folder / "J3Cub.xml"
    text = main.read_text()
    name = text.split('<function name="', 1)[1].split('"', 1)[0]
    system = folder / "Systems" / "Conventional Controls.xml"
    system.write_text(
        system.read_text().replace(
            "<output>fcs/elevator-pos-rad</output>", f"<output>{name}</output>", 1
        )
    )
    (d,) = [d for d in validate(folder) if d.code == "FS504"]
    assert d.line == line_of(system, f"<output>{name}</output>")
    function_line = line_of(main, f'<function name="{name}"')
    assert d.message.endswith(
        f"J3Cub.xml:{function_line} defines read-only: every value written is silently lost"
    )


OIL_PRESSURE = """  <channel name="Oil">
    <fcs_function name="systems/oil/pressure">
      <function><product><value>0.48</value><property>propulsion/engine[0]/n2</property>
      </product></function>
      <output>propulsion/engine[0]/oil-pressure-psi</output>
    </fcs_function>
  </channel>
"""


def test_a_read_only_name_of_another_engine_type_is_writable(tmp_path: Path) -> None:
    """A piston engine ties oil-pressure-psi read-only; a turbine has none, so an <output>
    creates it and the value is kept (the Mirage 2000's M53 system of
    5H1N0B11/flightgear-mirage2000 writes it: no FS504). The c172x's piston keeps FS504."""
    import jsbsim

    found = {}
    for name in ("f16", "c172x"):
        folder = tmp_path / name
        shutil.copytree(jsbsim_root() / "aircraft" / name, folder)
        main = folder / f"{name}.xml"
        text = main.read_text()
        at = text.index("<channel")
        main.write_text(text[:at] + OIL_PRESSURE.lstrip() + "  " + text[at:])
        found[name] = [(d.code, d.line) for d in validate(main) if d.code == "FS504"]
        if name == "f16":
            root = str(jsbsim_root())
            fdm = jsbsim.FGFDMExec(root)
            fdm.set_debug_level(0)
            assert fdm.load_model_with_paths(
                name, str(tmp_path), root + "/engine", root + "/systems"
            )
            fdm["ic/h-sl-ft"] = 10000
            fdm["ic/vc-kts"] = 300
            fdm.run_ic()
            fdm["propulsion/set-running"] = -1
            for _ in range(120):
                fdm.run()
            assert fdm["propulsion/engine/oil-pressure-psi"] == pytest.approx(
                0.48 * fdm["propulsion/engine/n2"], rel=0.01
            )
            assert fdm["propulsion/engine/oil-pressure-psi"] > 20
    c172x_line = line_of(tmp_path / "c172x" / "c172x.xml", "<output>propulsion/engine[0]/oil")
    assert found == {"f16": [], "c172x": [("FS504", c172x_line)]}
