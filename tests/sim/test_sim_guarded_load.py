"""Aircraft from user folders: found by name, load-checked in a child process first."""

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from flightsim.errors import SimulationError, TrimError
from flightsim.paths import jsbsim_root
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.simulation import Simulation


def _user_copy(tmp_path: Path, name: str) -> Path:
    """A user aircraft folder holding ``name`` copied from c172p (engines found in the root)."""
    folder = tmp_path / "planes" / name
    folder.mkdir(parents=True)
    text = (jsbsim_root() / "aircraft" / "c172p" / "c172p.xml").read_text()
    (folder / f"{name}.xml").write_text(text)
    return tmp_path / "planes"


def test_user_aircraft_is_checked_then_flies(cruise_ic: InitialConditions, tmp_path: Path) -> None:
    planes = _user_copy(tmp_path, "myplane")
    sim = Simulation("myplane", cruise_ic, aircraft_dirs=[planes], record="state,flight")
    assert sim.aircraft.source == "user"
    sim.trim()
    rec = sim.run(2.0)
    assert rec.meta["aircraft"] == "myplane"
    assert abs(rec["velocities/vc-kts"][-1] - 100.0) < 0.5


def test_broken_user_aircraft_is_refused_before_loading_here(
    cruise_ic: InitialConditions, tmp_path: Path
) -> None:
    planes = _user_copy(tmp_path, "broken")
    main = planes / "broken" / "broken.xml"
    text = main.read_text()
    start, end = text.index("<metrics>"), text.index("</metrics>") + len("</metrics>")
    main.write_text(text[:start] + text[end:])
    with pytest.raises(SimulationError) as info:
        Simulation("broken", cruise_ic, aircraft_dirs=[planes])
    assert "broken" in str(info.value)
    assert "flightsim validate" in str(info.value)


def test_guard_false_loads_directly(cruise_ic: InitialConditions, tmp_path: Path) -> None:
    planes = _user_copy(tmp_path, "direct")
    shutil.copy(jsbsim_root() / "aircraft" / "c172p" / "reset01.xml", planes / "direct")
    sim = Simulation("direct", cruise_ic, aircraft_dirs=[planes], guard=False, record=None)
    sim.step(10)
    assert sim.steps == 10


def test_a_model_failing_run_ic_does_not_abort_the_process(tmp_path: Path) -> None:
    """JSBSim aborts when such an FGFDMExec is destroyed; Simulation never destroys it."""
    planes = _user_copy(tmp_path, "badfn")
    main = planes / "badfn" / "badfn.xml"
    main.write_text(
        main.read_text().replace(
            "<value>0.027</value>", "<property>nowhere/undefined-thing</property>", 1
        )
    )
    child = textwrap.dedent(
        f"""
        import gc
        from flightsim.errors import SimulationError
        from flightsim.sim.simulation import Simulation
        try:
            Simulation("badfn", None, aircraft_dirs=[{str(planes)!r}], guard=False)
        except SimulationError as exc:
            print("raised:", exc)
        gc.collect()
        print("survived")
        """
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run(
        [sys.executable, "-c", child], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "nowhere/undefined-thing does not exist" in done.stdout
    assert done.stdout.strip().endswith("survived")


def test_a_relative_aircraft_dir_with_its_own_engines_and_systems(
    cruise_ic: InitialConditions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found as JSBSim finds them (Engines/, Systems/), from a folder relative to the cwd."""
    folder = tmp_path / "hangar" / "myplane"
    (folder / "Engines").mkdir(parents=True)
    (folder / "Systems").mkdir()
    bundled = jsbsim_root()
    shutil.copy(bundled / "engine" / "eng_io320.xml", folder / "Engines" / "my_engine.xml")
    shutil.copy(bundled / "engine" / "prop_75in2f.xml", folder / "Engines" / "my_prop.xml")
    (folder / "Systems" / "mysys.xml").write_text(
        '<system name="mysys">\n  <channel name="c">\n'
        '    <pure_gain name="test/mysys-out">\n      <input>velocities/vc-kts</input>\n'
        "      <gain>2.0</gain>\n    </pure_gain>\n  </channel>\n</system>\n"
    )
    text = (bundled / "aircraft" / "c172p" / "c172p.xml").read_text()
    text = text.replace('file="eng_io320"', 'file="my_engine"')
    text = text.replace('file="prop_75in2f"', 'file="my_prop"')
    text = text.replace("<propulsion>", '<system file="mysys"/>\n    <propulsion>', 1)
    (folder / "myplane.xml").write_text(text)
    monkeypatch.chdir(tmp_path)
    with Simulation(
        "myplane", cruise_ic, aircraft_dirs=["hangar"], record="velocities/vc-kts,test/mysys-out"
    ) as sim:
        assert sim.aircraft.folder == folder
        sim.trim()
        rec = sim.run(1.0)
    assert rec["test/mysys-out"][-1] == pytest.approx(2.0 * rec["velocities/vc-kts"][-1])


def test_a_main_file_in_a_folder_of_another_name_loads(
    cruise_ic: InitialConditions, tmp_path: Path
) -> None:
    """JSBSim's load_model wants <name>/<name>.xml; a main file is loaded from its own folder."""
    folder = tmp_path / "drafts"
    folder.mkdir()
    main = folder / "my_plane_v2.xml"
    main.write_text((jsbsim_root() / "aircraft" / "c172p" / "c172p.xml").read_text())
    with Simulation(main, cruise_ic, record="position/h-sl-ft") as sim:
        assert sim.aircraft.name == "my_plane_v2"
        sim.trim()
        rec = sim.run(1.0)
    assert abs(rec["position/h-sl-ft"][-1] - 4000.0) < 2.0


def test_a_failed_trim_of_a_user_aircraft_points_at_the_validator(
    cruise_ic: InitialConditions, tmp_path: Path
) -> None:
    """<wing_area> for <wingarea>: JSBSim flies it silently with no wing area."""
    planes = _user_copy(tmp_path, "nowing")
    main = planes / "nowing" / "nowing.xml"
    main.write_text(main.read_text().replace("wingarea", "wing_area"))
    sim = Simulation("nowing", cruise_ic, aircraft_dirs=[planes], record=None)
    with pytest.raises(TrimError) as info:
        sim.trim()
    assert f"check it with 'flightsim validate {main}'" in str(info.value)


def test_an_aircraft_jsbsim_cannot_initialise_is_named_with_the_way_to_its_cause() -> None:
    """L17 (bundled with JSBSim) reads a property its files never define: JSBSim's
    run_ic fails; the message names the aircraft, JSBSim's words and the command that
    points at the file and line."""
    from flightsim import Simulation
    from flightsim.errors import SimulationError
    from flightsim.paths import find_aircraft

    try:
        location = find_aircraft("L17")
    except Exception:
        pytest.skip("this JSBSim does not bundle L17")
    with pytest.raises(SimulationError) as caught:
        Simulation("L17", record=None)
    message = str(caught.value)
    assert message.startswith("JSBSim failed to initialise 'L17': ")
    assert "fcs/flaps-pos-deg does not exist" in message
    assert message.endswith(
        f"Run 'flightsim validate {location.main_file}' to find the cause in its files"
    )
