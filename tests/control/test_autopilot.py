"""The autopilot and the demo flight on the real JSBSim c172p (raw FGFDMExec, no runner)."""

import math
from collections.abc import Callable, Iterator
from pathlib import Path

import jsbsim
import pytest

from flightsim.control import Autopilot, DemoFlight, DemoPlan
from flightsim.control.autopilot import AILERON, ELEVATOR, RUDDER
from flightsim.control.demo_flight import PHASES
from flightsim.control.pid import wrap_180
from flightsim.errors import ConfigError
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.logbridge import install
from flightsim.sim.simulation import Simulation

Controller = Callable[[float, jsbsim.FGFDMExec], dict[str, float]]


@pytest.fixture
def fdm(tmp_path: Path) -> Iterator[jsbsim.FGFDMExec]:
    """The bundled c172p trimmed at 4000 ft, 100 KCAS, heading 90°."""
    install()
    exec_ = jsbsim.FGFDMExec(None)
    exec_.set_output_path(str(tmp_path))
    assert exec_.load_model("c172p")
    exec_.disable_output()
    exec_["ic/h-sl-ft"] = 4000.0
    exec_["ic/vc-kts"] = 100.0
    exec_["ic/psi-true-deg"] = 90.0
    exec_.run_ic()
    exec_.get_propulsion().init_running(-1)
    exec_.run_ic()
    exec_.do_trim(1)
    yield exec_


def fly(fdm: jsbsim.FGFDMExec, controller: Controller, seconds: float) -> None:
    for _ in range(round(seconds / fdm.get_delta_t())):
        for name, value in controller(fdm.get_sim_time(), fdm).items():
            fdm[name] = value
        assert fdm.run()


def engaged(fdm: jsbsim.FGFDMExec) -> tuple[Autopilot, Controller]:
    ap = Autopilot()
    ap.engage(fdm)
    dt = fdm.get_delta_t()
    return ap, lambda t, state: ap.update(state, dt)


def test_engage_takes_the_trimmed_condition_as_targets(fdm: jsbsim.FGFDMExec) -> None:
    ap, _ = engaged(fdm)
    assert ap.targets.altitude_ft == pytest.approx(4000.0, abs=0.5)
    assert ap.targets.kcas == pytest.approx(100.0, abs=0.1)
    assert ap.targets.heading_deg == pytest.approx(90.0, abs=0.1)
    # Trimmed controls are the loops' biases: the first commands are the trim, give or
    # take the loops' response to the trim's tiny residual rates.
    commands = ap.update(fdm, fdm.get_delta_t())
    assert commands["fcs/throttle-cmd-norm"] == pytest.approx(
        fdm["fcs/throttle-cmd-norm"], abs=1e-3
    )
    assert commands["fcs/aileron-cmd-norm"] == pytest.approx(fdm["fcs/aileron-cmd-norm"], abs=5e-3)


def test_holds_altitude_heading_and_speed(fdm: jsbsim.FGFDMExec) -> None:
    _, controller = engaged(fdm)
    fly(fdm, controller, 30.0)
    assert fdm["position/h-sl-ft"] == pytest.approx(4000.0, abs=5.0)
    assert fdm["attitude/psi-deg"] == pytest.approx(90.0, abs=0.5)
    assert fdm["velocities/vc-kts"] == pytest.approx(100.0, abs=0.5)


def test_course_hold_flies_the_ground_track_crabbed_into_a_crosswind(
    fdm: jsbsim.FGFDMExec,
) -> None:
    ap, controller = engaged(fdm)
    fdm["atmosphere/wind-north-fps"] = -30.0  # from the north, across the track east
    ap.targets.course_deg = 90.0
    fly(fdm, controller, 5.0 * ap.drift_time_constant_s)  # the drift estimate settled
    track = math.degrees(math.atan2(fdm["velocities/v-east-fps"], fdm["velocities/v-north-fps"]))
    assert track == pytest.approx(90.0, abs=0.5)
    # the nose into the wind by the drift angle, asin(w / V_true) (~10° at ~106 KTAS)
    drift = math.degrees(math.asin(30.0 / fdm["velocities/vtrue-fps"]))
    assert 90.0 - fdm["attitude/psi-deg"] == pytest.approx(drift, abs=1.0)
    ap.targets.course_deg = None  # the heading held again: the aircraft drifts south
    fly(fdm, controller, 40.0)
    assert fdm["attitude/psi-deg"] == pytest.approx(90.0, abs=0.5)


def test_bank_hold_reaches_the_commanded_bank_coordinated(fdm: jsbsim.FGFDMExec) -> None:
    ap, controller = engaged(fdm)
    ap.targets.bank_deg = -20.0
    fly(fdm, controller, 15.0)
    assert fdm["attitude/phi-deg"] == pytest.approx(-20.0, abs=1.0)
    assert abs(fdm["aero/beta-deg"]) < 0.5
    assert fdm["position/h-sl-ft"] == pytest.approx(4000.0, abs=30.0)


def test_heading_change_is_flown_within_the_bank_limit(fdm: jsbsim.FGFDMExec) -> None:
    ap, controller = engaged(fdm)
    ap.max_bank_deg = 20.0
    ap.targets.heading_deg = 180.0
    max_bank = 0.0
    for _ in range(60):
        fly(fdm, controller, 1.0)
        max_bank = max(max_bank, abs(fdm["attitude/phi-deg"]))
    assert wrap_180(fdm["attitude/psi-deg"] - 180.0) == pytest.approx(0.0, abs=1.0)
    assert max_bank < 23.0
    assert abs(fdm["attitude/phi-deg"]) < 2.0


def test_speed_change_through_the_throttle(fdm: jsbsim.FGFDMExec) -> None:
    ap, controller = engaged(fdm)
    ap.targets.kcas = 90.0
    fly(fdm, controller, 45.0)
    assert fdm["velocities/vc-kts"] == pytest.approx(90.0, abs=1.5)
    assert 0.0 <= fdm["fcs/throttle-cmd-norm"] <= 1.0


def test_update_before_engage_is_an_error(fdm: jsbsim.FGFDMExec) -> None:
    with pytest.raises(ConfigError, match="engage"):
        Autopilot().update(fdm, 0.01)


@pytest.mark.parametrize(
    ("field", "value", "unit"),
    [
        ("altitude_ft", math.nan, "ft"),
        ("kcas", math.inf, "kt"),
        ("heading_deg", "90", "deg"),
        ("bank_deg", -math.inf, "deg"),
        ("climb_fps", None, "ft/s"),
        ("course_deg", math.nan, "deg"),
    ],
)
def test_a_target_that_is_no_finite_number_is_refused_at_update(
    fdm: jsbsim.FGFDMExec, field: str, value: object, unit: str
) -> None:
    autopilot = Autopilot()
    autopilot.engage(fdm)
    setattr(autopilot.targets, field, value)
    with pytest.raises(ConfigError, match=rf"target {field}=.* is not a finite number.*\[{unit}\]"):
        autopilot.update(fdm, fdm.get_delta_t())
    autopilot.targets.bank_deg = None
    setattr(autopilot.targets, field, 10.0)
    assert all(math.isfinite(v) for v in autopilot.update(fdm, fdm.get_delta_t()).values())


def test_bad_limits_are_rejected() -> None:
    with pytest.raises(ConfigError, match="max_bank_deg"):
        Autopilot(max_bank_deg=95.0)
    with pytest.raises(ConfigError, match=r"max_bank_deg must be in \(0, 90\) deg, got '30'"):
        Autopilot(max_bank_deg="30")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="max_roll_rate_deg_s"):
        Autopilot(max_roll_rate_deg_s=None)  # type: ignore[arg-type]


def test_demo_flight_flies_every_phase(fdm: jsbsim.FGFDMExec) -> None:
    flight = DemoFlight(fdm.get_delta_t())
    fly(fdm, flight, flight.plan.duration_s)
    assert [phase for _, phase in flight.events] == list(PHASES)
    assert flight.turned_deg == pytest.approx(180.0, abs=3.0)
    assert abs(fdm["attitude/phi-deg"]) < 2.0
    assert fdm["position/h-sl-ft"] == pytest.approx(4000.0, abs=50.0)


def test_demo_plan_rejects_nonsense() -> None:
    with pytest.raises(ConfigError, match="bank_deg"):
        DemoPlan(bank_deg=75.0)
    with pytest.raises(ConfigError, match="duration_s"):
        DemoPlan(duration_s=float("nan"))


def test_without_throttles_the_autopilot_flies_a_glider_by_its_surfaces() -> None:
    sim = Simulation("sgs233", InitialConditions(altitude_ft=3000, kcas=55), record=None)
    sim.trim("glide")
    autopilot = Autopilot(throttle_properties=())
    autopilot.engage(sim)
    autopilot.targets.bank_deg = 20.0
    for _ in range(100):  # 10 s at 10 Hz
        sim.run(0.1, controls=autopilot.update(sim, 0.1))
    assert set(autopilot.last_commands) == {AILERON, ELEVATOR, RUDDER}
    assert sim["attitude/phi-deg"] == pytest.approx(20.0, abs=3.0)
    sim.close()
