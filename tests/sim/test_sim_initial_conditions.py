"""InitialConditions: validation, unit parsing, IC files, and the values JSBSim ends up with."""

import math

import numpy as np
import pytest

from flightsim.errors import ConfigError, UnitError
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.simulation import Simulation
from flightsim.units import FT_M


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kcas": float("nan")}, "kcas is nan"),
        ({"altitude_ft": math.inf}, "altitude_ft is inf"),
        ({"latitude_deg": 95.0}, "latitude_deg = 95 is outside [-90, 90] deg"),
        ({"kcas": -5.0}, "kcas = -5 is outside"),
        ({"kcas": 100.0, "mach": 0.3}, "give one airspeed, not kcas and mach"),
        ({"altitude_ft": 100.0, "altitude_agl_ft": 100.0}, "not both"),
        ({"heading_deg": "90"}, "expected a number"),
    ],
)
def test_invalid_values_raise_clear_errors(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        InitialConditions(**kwargs)  # type: ignore[arg-type]
    assert message in str(info.value)


def test_from_user_converts_si_and_imperial_strings() -> None:
    ic = InitialConditions.from_user(
        altitude="1200 m", kcas="51.4444 m/s", heading="1.5708 rad", wind_speed="10 kt"
    )
    assert ic.altitude_ft == pytest.approx(1200 / FT_M)
    assert ic.kcas == pytest.approx(100.0, abs=1e-3)
    assert ic.heading_deg == pytest.approx(90.0, abs=1e-3)
    assert ic.wind_speed_kts == 10.0
    with pytest.raises(UnitError, match="altitude"):
        InitialConditions.from_user(altitude="12 kg")


def _sim(ic: InitialConditions) -> Simulation:
    return Simulation("c172p", ic, record=None)


@pytest.mark.parametrize(
    ("ic", "prop", "expected"),
    [
        (InitialConditions(altitude_ft=4000, kcas=100), "velocities/vc-kts", 100.0),
        (InitialConditions(altitude_ft=8000, ktas=120), "velocities/vtrue-kts", 120.0),
        (InitialConditions(altitude_ft=20000, mach=0.3), "velocities/mach", 0.3),
        (InitialConditions(altitude_ft=4000, kcas=100), "position/h-sl-ft", 4000.0),
        (InitialConditions(altitude_agl_ft=1500, kcas=90), "position/h-agl-ft", 1500.0),
        (InitialConditions(altitude_ft=4000, kcas=100, heading_deg=270), "attitude/psi-deg", 270),
        (
            InitialConditions(altitude_ft=4000, kcas=90, latitude_deg=37.6),
            "position/lat-geod-deg",
            37.6,
        ),
        (
            InitialConditions(altitude_ft=4000, kcas=90, flight_path_deg=3),
            "flight-path/gamma-deg",
            3,
        ),
    ],
)
def test_ic_values_read_back(ic: InitialConditions, prop: str, expected: float) -> None:
    sim = _sim(ic)
    assert sim[prop] == pytest.approx(expected, abs=1e-6)


def test_location_set_before_speed_keeps_the_speed() -> None:
    """Setting the latitude after ic/vc-kts would turn 100 KCAS into ~106."""
    sim = _sim(InitialConditions(latitude_deg=60, longitude_deg=10, altitude_ft=4000, kcas=100))
    assert sim["velocities/vc-kts"] == pytest.approx(100.0, abs=1e-6)


def test_wind_from_the_west_blows_east_and_keeps_airspeed() -> None:
    ic = InitialConditions(
        altitude_ft=4000, kcas=100, heading_deg=90, wind_speed_kts=20, wind_from_deg=270
    )
    sim = _sim(ic)
    assert sim["atmosphere/wind-east-fps"] == pytest.approx(ic.wind_east_fps, abs=1e-9)
    assert sim["atmosphere/wind-east-fps"] == pytest.approx(20 * 1852 / 3600 / FT_M)
    assert sim["atmosphere/wind-north-fps"] == pytest.approx(0.0, abs=1e-9)
    assert sim["velocities/vc-kts"] == pytest.approx(100.0, abs=1e-6)
    # a tailwind: ground speed = true airspeed + wind
    tas_fps = sim["velocities/vtrue-fps"]
    assert sim["velocities/v-east-fps"] == pytest.approx(tas_fps + ic.wind_east_fps, rel=1e-6)


def test_on_ground_starts_on_the_gear_with_engines_stopped() -> None:
    sim = _sim(InitialConditions(on_ground=True, latitude_deg=47, longitude_deg=122))
    assert sim["velocities/vc-kts"] == pytest.approx(0.0, abs=1e-6)
    assert sim["propulsion/engine/set-running"] == 0.0
    sim.trim("ground")
    sim.run(2.0)
    assert sim["gear/wow"] == 1.0
    assert sim["position/h-agl-ft"] > 0.0


def test_wind_and_flight_path_angle_together() -> None:
    ic = InitialConditions(
        altitude_ft=4000, kcas=90, flight_path_deg=-3, wind_speed_kts=15, wind_from_deg=30
    )
    sim = _sim(ic)
    assert sim["velocities/vc-kts"] == pytest.approx(90.0, abs=1e-6)
    # the flight-path angle is relative to the air: climb rate = TAS x sin(gamma)
    climb_fps = sim["velocities/vtrue-fps"] * math.sin(math.radians(-3.0))
    assert sim["velocities/h-dot-fps"] == pytest.approx(climb_fps, abs=1e-6)
    assert sim["atmosphere/wind-north-fps"] == pytest.approx(ic.wind_north_fps, abs=1e-9)


def test_trim_in_wind_keeps_airspeed_and_holds() -> None:
    ic = InitialConditions(
        altitude_ft=4000, kcas=100, heading_deg=0, wind_speed_kts=20, wind_from_deg=270
    )
    sim = Simulation("c172p", ic, record="state,flight")
    sim.trim("full")
    assert sim["atmosphere/wind-east-fps"] == pytest.approx(ic.wind_east_fps)
    assert sim["velocities/vc-kts"] == pytest.approx(100.0, abs=0.01)
    rec = sim.run(10.0)
    assert abs(rec["velocities/vc-kts"] - 100.0).max() < 0.5
    assert abs(rec["position/h-sl-ft"] - 4000.0).max() < 10.0
    # drifting east with the wind while flying north
    assert sim["velocities/v-east-fps"] == pytest.approx(ic.wind_east_fps, abs=0.5)


def test_parked_in_wind_stands_still_with_the_wind_as_airspeed() -> None:
    ic = InitialConditions(on_ground=True, wind_speed_kts=20.0, wind_from_deg=270.0)
    sim = Simulation("c172p", ic, record=None)
    for _ in ("before trim", "after trim"):
        assert sim["velocities/vg-fps"] == pytest.approx(0.0, abs=1e-6)
        assert sim["velocities/vtrue-kts"] == pytest.approx(20.0, abs=1e-6)
        assert sim["atmosphere/wind-east-fps"] == pytest.approx(ic.wind_east_fps)
        sim.trim("ground")
    assert sim["gear/unit[0]/WOW"] == 1.0


def test_a_ground_roll_in_wind_keeps_the_airspeed_given() -> None:
    """On the ground with an airspeed: the ground speed is the airspeed less the headwind."""
    ic = InitialConditions(
        on_ground=True, kcas=40.0, heading_deg=270.0, wind_speed_kts=10.0, wind_from_deg=270.0
    )
    sim = Simulation("c172p", ic, record=None)
    assert sim["velocities/vc-kts"] == pytest.approx(40.0, abs=0.05)
    assert sim["velocities/vg-fps"] * 3600 / 6076.12 == pytest.approx(30.0, abs=0.1)


@pytest.mark.parametrize("aircraft", ["c172p", "f16", "737", "J3Cub"])
def test_an_on_ground_start_rests_on_the_gear(aircraft: str) -> None:
    """The lowest wheel touches at the start: the aircraft settles, it is not thrown up."""
    sim = Simulation(aircraft, InitialConditions(on_ground=True), record="state,flight")
    start = sim["position/h-agl-ft"]
    assert start > 2.0  # the CG well above the terrain, not on it
    rec = sim.run(3.0)
    assert rec["position/h-agl-ft"].max() <= start + 1e-3
    assert rec["position/h-agl-ft"][-1] > start - 1.5
    assert rec["velocities/h-dot-fps"].min() > -6.0
    assert sim["gear/wow"] == 1.0


@pytest.mark.parametrize("altitude", [{"altitude_ft": 3000.0}, {"altitude_agl_ft": 10.0}])
def test_on_ground_takes_no_altitude(altitude: dict[str, float]) -> None:
    with pytest.raises(ConfigError, match="on_ground puts the aircraft on its gear"):
        InitialConditions(on_ground=True, **altitude)


def test_entering_a_wind_after_a_calm_trim_keeps_the_trim() -> None:
    sim = Simulation("c172p", InitialConditions(altitude_ft=4000, kcas=100, heading_deg=0))
    sim.trim("full")
    alpha, elevator = sim["aero/alpha-deg"], sim["fcs/elevator-pos-rad"]
    sim.enter_wind(0.0, 30.0)  # the air moves east at 30 ft/s
    assert sim["atmosphere/wind-east-fps"] == 30.0
    assert sim["velocities/vc-kts"] == pytest.approx(100.0, abs=0.01)
    assert sim["aero/alpha-deg"] == pytest.approx(alpha, abs=1e-6)
    assert sim["aero/beta-deg"] == pytest.approx(0.0, abs=1e-3)
    assert sim["fcs/elevator-pos-rad"] == elevator
    assert sim["velocities/v-east-fps"] == pytest.approx(30.0, abs=1e-6)
    rec = sim.run(10.0)
    assert abs(rec["velocities/vc-kts"] - 100.0).max() < 0.5
    assert abs(rec["position/h-sl-ft"] - 4000.0).max() < 10.0
    with pytest.raises(ConfigError, match="east_fps must be a finite speed"):
        sim.enter_wind(0.0, math.nan)


_AIR_ATTITUDE = ("attitude/phi-deg", "aero/alpha-deg", "aero/beta-deg")
_STATE = (
    *_AIR_ATTITUDE,
    "attitude/theta-deg",
    "attitude/psi-deg",
    "velocities/vc-kts",
    "velocities/v-north-fps",
    "velocities/v-east-fps",
    "velocities/v-down-fps",
    "position/h-agl-ft",
    "atmosphere/wind-north-fps",
    "atmosphere/wind-east-fps",
)


def _reset_reproduces(sim: Simulation) -> None:
    """A reset (the model loaded again, trimmed again in wind) gives the same state, bit for bit."""
    state = [sim[name] for name in _STATE]
    first = sim.run(2.0)
    sim.reset()
    assert [sim[name] for name in _STATE] == state
    again = sim.run(2.0)
    for name in first.names:
        assert np.array_equal(first[name], again[name]), name


@pytest.mark.parametrize("mode", ["full", "longitudinal"])
def test_a_trim_in_wind_is_the_still_air_trim_carried_by_the_wind(mode: str) -> None:
    """The trimmed attitude goes into JSBSim's IC with the wind: the aircraft flies the
    still-air trim's attitude relative to the air, its ground velocity gains the wind."""
    start = {"altitude_ft": 3000.0, "kcas": 90.0, "heading_deg": 30.0, "flight_path_deg": -2.0}
    calm = Simulation("c172p", InitialConditions(**start), record=None)
    calm_result = calm.trim(mode)
    ic = InitialConditions(**start, wind_speed_kts=20.0, wind_from_deg=250.0)
    sim = Simulation("c172p", ic, record="state,flight")
    assert sim.trim(mode).values == calm_result.values  # trimmed in still air
    assert sim["ic/phi-deg"] == pytest.approx(calm["attitude/phi-deg"], abs=1e-12)
    for name in (*_AIR_ATTITUDE, "velocities/vc-kts"):
        assert sim[name] == pytest.approx(calm[name], abs=1e-12), name
    assert sim["attitude/theta-deg"] == pytest.approx(calm["attitude/theta-deg"], abs=1e-6)
    assert sim["velocities/v-north-fps"] == pytest.approx(
        calm["velocities/v-north-fps"] + ic.wind_north_fps, abs=1e-6
    )
    assert sim["velocities/v-east-fps"] == pytest.approx(
        calm["velocities/v-east-fps"] + ic.wind_east_fps, abs=1e-6
    )
    assert sim["atmosphere/wind-east-fps"] == pytest.approx(ic.wind_east_fps, abs=1e-12)
    _reset_reproduces(sim)
    calm.close()
    sim.close()


def test_a_ground_trim_in_wind_keeps_the_trimmed_height_and_pitch_in_the_ic() -> None:
    ic = InitialConditions(
        on_ground=True, kcas=40.0, heading_deg=270.0, wind_speed_kts=10.0, wind_from_deg=270.0
    )
    sim = Simulation("c172p", ic, record="state,flight")
    result = sim.trim("ground")
    assert sim["ic/h-agl-ft"] == sim["position/h-agl-ft"]
    assert sim["ic/theta-deg"] == pytest.approx(result.values["attitude/theta-deg"], abs=1e-12)
    assert sim["ic/phi-deg"] == pytest.approx(result.values["attitude/phi-deg"], abs=1e-9)
    assert sim["velocities/vc-kts"] == pytest.approx(40.0, abs=0.05)
    _reset_reproduces(sim)
    sim.close()


def test_settings_given_to_reset_hold_through_its_trim() -> None:
    sim = Simulation("c172p", InitialConditions(altitude_ft=1000, kcas=65, flight_path_deg=-3))
    sim.trim("full")
    clean_alpha = sim["aero/alpha-deg"]
    sim.reset({"fcs/flap-cmd-norm": 1.0})  # JSBSim's reset zeroes it: written after, trimmed with
    assert sim["fcs/flap-pos-norm"] == pytest.approx(1.0)
    assert sim["aero/alpha-deg"] < clean_alpha - 1.0  # flaps: the same lift at less alpha
    rec = sim.run(5.0)
    assert abs(rec["velocities/vc-kts"] - 65.0).max() < 1.0
    sim.reset()
    assert sim["fcs/flap-pos-norm"] == 0.0
