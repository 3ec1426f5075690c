"""JSBSim initialization files as ``Simulation(ic=...)``: read by JSBSim itself."""

import os
from pathlib import Path

import jsbsim
import pytest

from flightsim.errors import ConfigError, NotFoundError
from flightsim.paths import jsbsim_root
from flightsim.sim.recorder import RECORD_PRESETS
from flightsim.sim.simulation import Simulation

STATE = (*RECORD_PRESETS["state"], "velocities/vc-kts")


def _plain_jsbsim(aircraft: str, ic_name: str) -> dict[str, float]:
    """The state after the plain jsbsim loop loads ``ic_name`` from the aircraft folder."""
    fdm = jsbsim.FGFDMExec(str(jsbsim_root()))
    fdm.set_debug_level(0)
    fdm.set_output_path(os.devnull)
    fdm.load_model(aircraft)
    fdm.disable_output()
    fdm.load_ic(ic_name, True)
    fdm.run_ic()
    return {name: fdm[name] for name in STATE}


@pytest.mark.parametrize(
    ("aircraft", "ic_name"),
    [("c172p", "reset01"), ("f16", "reset00"), ("737", "cruise_steady_turn_init")],
)
def test_ic_file_gives_the_state_jsbsim_gives(aircraft: str, ic_name: str) -> None:
    """Bit for bit: geodetic/geocentric latitude, attitude and body velocities included."""
    with Simulation(aircraft, ic=ic_name, record=None) as sim:
        assert {name: sim[name] for name in STATE} == _plain_jsbsim(aircraft, ic_name)


def test_ic_file_by_path_and_metadata() -> None:
    path = jsbsim_root() / "aircraft" / "c172p" / "reset01.xml"
    with Simulation("c172p", ic=path, record="state") as sim:
        # reset01 gives <latitude unit="DEG"> 47 geocentric: 47.19 deg geodetic
        assert sim["position/lat-geod-deg"] == pytest.approx(47.1919, abs=1e-4)
        assert sim["position/h-agl-ft"] == pytest.approx(2000.0, abs=1e-3)
        assert sim.recording.meta["ic/file"] == str(path)


def test_running_engines_and_version_2_files(tmp_path: Path) -> None:
    path = tmp_path / "v2.xml"
    path.write_text(
        '<?xml version="1.0"?>\n'
        '<initialize name="v2" version="2.0">\n'
        '  <position frame="ECEF">\n'
        '    <latitude unit="DEG" type="geodetic">52.0</latitude>\n'
        '    <longitude unit="DEG">4.0</longitude>\n'
        '    <altitudeMSL unit="M">1500</altitudeMSL>\n'
        "  </position>\n"
        '  <orientation unit="DEG" frame="LOCAL"><yaw>90</yaw></orientation>\n'
        '  <velocity unit="KTS" frame="BODY"><x>110</x></velocity>\n'
        "  <running>0</running>\n"
        "</initialize>\n"
    )
    with Simulation("c172p", ic=path, record=None) as sim:
        assert sim["position/lat-geod-deg"] == pytest.approx(52.0, abs=1e-9)
        assert sim["position/h-sl-ft"] == pytest.approx(1500 / 0.3048, abs=1e-3)
        assert sim["attitude/psi-deg"] == pytest.approx(90.0, abs=1e-6)
        assert sim["propulsion/engine/set-running"] == 1.0


def test_a_trim_request_in_the_file_is_carried_out_and_redone_on_reset() -> None:
    with Simulation("737", ic="reset00", record="state") as sim:  # <trim>1</trim>: ground
        assert sim.trim_result is not None and sim.trim_result.mode == "ground"
        assert sim["gear/unit[0]/WOW"] == 1.0
        first = sim.run(1.0)
        sim.reset()
        again = sim.run(1.0)
        assert (first["position/h-sl-ft"] == again["position/h-sl-ft"]).all()


def test_a_full_trim_request_is_carried_out(tmp_path: Path) -> None:
    path = tmp_path / "trimmed.xml"
    path.write_text(
        '<initialize>\n  <altitude unit="FT">4000</altitude>\n  <vc unit="KTS">100</vc>\n'
        "  <running>-1</running>\n  <trim>full</trim>\n</initialize>\n"
    )
    with Simulation("c172p", ic=path, record="state") as sim:
        assert sim.trim_result is not None and sim.trim_result.mode == "full"
        assert abs(sim["accelerations/udot-ft_sec2"]) < 0.01


def test_unknown_ic_name_lists_the_aircraft_files() -> None:
    with pytest.raises(NotFoundError) as info:
        Simulation("c172p", ic="reset1")
    message = str(info.value)
    assert "no initialization file 'reset1'" in message
    assert "Did you mean: reset01" in message
    assert "reset00" in message  # the listing


def test_a_folder_given_as_ic_file_is_named_for_what_it_is(tmp_path: Path) -> None:
    # it had been "no initialization file '...' (not a file, ...)" for a folder that exists
    with pytest.raises(NotFoundError) as info:
        Simulation("c172p", ic=tmp_path)
    message = str(info.value)
    assert message.startswith(
        f"no initialization file '{tmp_path}' (a folder, not an initialization file, not in "
    )
    assert "Initialization files of this aircraft: reset00, reset01" in message


def test_a_file_that_is_no_ic_file_is_refused_with_its_line(tmp_path: Path) -> None:
    script = tmp_path / "s.xml"
    script.write_text("<runscript name='x'>\n</runscript>\n")
    with pytest.raises(ConfigError, match=r"s\.xml:1: not an initialization file"):
        Simulation("c172p", ic=script)
    turn = tmp_path / "turn.xml"
    turn.write_text("<initialize>\n  <vc>90</vc>\n  <trim>turn</trim>\n</initialize>\n")
    with pytest.raises(ConfigError, match=r"turn\.xml:3: <trim>turn</trim> asks for a trim"):
        Simulation("c172p", ic=turn)
    broken = tmp_path / "broken.xml"
    broken.write_text("<initialize>\n  <vc>90</vc>\n")
    with pytest.raises(ConfigError, match=r"broken\.xml:\d+: XML syntax error"):
        Simulation("c172p", ic=broken)


def test_jsbsim_s_own_complaint_about_a_file_is_passed_on(tmp_path: Path) -> None:
    path = tmp_path / "noframe.xml"
    path.write_text(
        '<initialize version="2.0">\n  <position>\n'
        '    <latitude unit="DEG">52</latitude>\n  </position>\n</initialize>\n'
    )
    with pytest.raises(ConfigError) as info:
        Simulation("c172p", ic=path)
    assert "noframe.xml:2: error: Neither ECI nor ECEF frame is specified" in str(info.value)


def test_a_wind_in_the_file_is_refused_for_the_typed_wind() -> None:
    """JSBSim 1.3.3 gets the airspeed of a file's wind wrong: minisgs/reset00 has 20 ft/s."""
    with pytest.raises(ConfigError) as info:
        Simulation("minisgs", ic="reset00")
    message = str(info.value)
    assert "minisgs/reset00.xml:" in message
    assert "<vwind> 20: a wind in an initialization file gets the airspeed wrong" in message
    assert "InitialConditions(wind_speed_kts=..., wind_from_deg=...)" in message


def test_a_script_s_ic_file_is_only_checked_to_be_one(tmp_path: Path) -> None:
    """A <trim> flightsim does not do, and a wind, stay JSBSim's business in a script."""
    folder = tmp_path / "planes" / "c172p"
    folder.mkdir(parents=True)
    aircraft = jsbsim_root() / "aircraft" / "c172p"
    (folder / "c172p.xml").write_text((aircraft / "c172p.xml").read_text())
    (folder / "odd.xml").write_text(
        "<initialize>\n  <altitude>3000</altitude>\n  <vc>90</vc>\n"
        "  <vwind>10</vwind>\n  <trim>pullup</trim>\n</initialize>\n"
    )
    script = tmp_path / "odd_script.xml"
    script.write_text(
        '<runscript name="odd">\n  <use aircraft="c172p" initialize="odd"/>\n'
        '  <run start="0" end="0.5" dt="0.01"/>\n</runscript>\n'
    )
    sim = Simulation.from_script(script, aircraft_dirs=[tmp_path / "planes"], record=None)
    sim.run_script()
    assert sim.trim_result is None
    assert sim.time_s == pytest.approx(0.5, abs=0.011)  # JSBSim runs while t <= end


def _below(path: Path, altitude_ft: float) -> Path:
    path.write_text(
        '<?xml version="1.0"?>\n<initialize name="below">\n'
        '  <ubody unit="FT/SEC"> 110.0 </ubody>\n  <latitude unit="DEG"> 47.0 </latitude>\n'
        '  <longitude unit="DEG"> -122.0 </longitude>\n  <psi unit="DEG"> 90.0 </psi>\n'
        f'  <altitude unit="FT"> {altitude_ft:g} </altitude>\n  <running> 0 </running>\n'
        "</initialize>\n"
    )
    return path


def test_a_file_below_the_terrain_is_refused_as_typed_conditions_are(tmp_path: Path) -> None:
    """The trial's below.xml (-50 ft) had flown and "crashed" at 6584 ft/s at t = 0.1 s."""
    path = _below(tmp_path / "below.xml", -50.0)
    with pytest.raises(ConfigError) as info:  # the validator's check of the file
        Simulation("J3Cub", ic=path)
    assert str(info.value).startswith(
        f"{path}:7: error FS207: <altitude> is -50; it must be at least -10."
    )
    # a few feet under the ground passes the file check (a ground start's CG may sit there)
    # but not the runner's, which knows the aircraft's height on its gear
    path = _below(tmp_path / "sunk.xml", -8.0)
    with pytest.raises(ConfigError) as info:
        Simulation("J3Cub", ic=path)
    assert str(info.value) == (
        f"{path}:7: altitude -8 ft MSL is below the terrain (elevation 0 ft) at latitude "
        "47.1919 deg, longitude -122.0000 deg: the CG 8.0 ft below it, more than the 4.5 ft "
        "it stands above it on its gear; give an altitude above the terrain, or start on the "
        "ground"
    )


def test_a_ground_start_with_the_cg_a_little_below_the_terrain_is_kept() -> None:
    """p51d/reset00.xml gives -0.44 ft: its gear carries it."""
    with Simulation("p51d", ic="reset00", record=None) as sim:
        assert sim["position/h-agl-ft"] == pytest.approx(-0.438, abs=1e-3)
        assert sim["gear/wow"] == 1.0


@pytest.mark.parametrize(("aircraft", "index"), [("c172p", "1"), ("c310", "2"), ("c310", "0.5")])
def test_running_that_names_no_engine_is_refused(tmp_path: Path, aircraft: str, index: str) -> None:
    """JSBSim reads <running> as an engine index (-1: all) and silently starts none for an
    index the aircraft lacks: <running>1</running> written as "yes" leaves a single's
    engine off."""
    path = tmp_path / "yes.xml"
    path.write_text(
        "<initialize>\n  <altitude>3000</altitude>\n  <vc>90</vc>\n"
        f"  <running> {index} </running>\n</initialize>\n"
    )
    with pytest.raises(ConfigError) as info:
        Simulation(aircraft, ic=path, record=None)
    message = str(info.value)
    assert f"yes.xml:4: <running> {index} names no engine of {aircraft}" in message
    assert "write -1 to start every engine" in message


def test_running_that_names_an_engine_starts_it(tmp_path: Path) -> None:
    path = tmp_path / "second.xml"
    path.write_text(
        "<initialize>\n  <altitude>3000</altitude>\n  <vc>90</vc>\n"
        "  <running>1</running>\n</initialize>\n"
    )
    with Simulation("c310", ic=path, record=None) as sim:
        sim.run(1.0)
        assert sim["propulsion/engine[1]/engine-rpm"] > 1000
        assert sim["propulsion/engine[0]/engine-rpm"] == 0.0
