"""The PID loop: terms, output limits, anti-windup, derivative, bad settings."""

import math

import pytest

from flightsim.control.pid import PID, clamp, wrap_180
from flightsim.errors import ConfigError

DT = 0.01


def test_proportional_only_is_gain_times_error() -> None:
    pid = PID(2.0)
    assert pid.update(0.25, DT) == pytest.approx(0.5)
    assert pid.update(-1.5, DT) == pytest.approx(-3.0)


def test_bias_is_added_before_limits() -> None:
    pid = PID(1.0, bias=0.7, output_limits=(0.0, 1.0))
    assert pid.update(0.0, DT) == pytest.approx(0.7)
    assert pid.update(0.5, DT) == 1.0


def test_integral_of_a_constant_error_is_ki_e_t() -> None:
    pid = PID(0.0, ki=0.5)
    for _ in range(200):  # 2 s
        out = pid.update(3.0, DT)
    assert out == pytest.approx(0.5 * 3.0 * 2.0)
    assert pid.integral == pytest.approx(3.0)


def test_output_limits_clip_every_term() -> None:
    pid = PID(10.0, ki=1.0, kd=1.0, output_limits=(-1.0, 0.5))
    assert pid.update(1.0, DT) == 0.5
    assert pid.last is not None and pid.last.saturated
    assert pid.update(-1.0, DT, error_rate=-100.0) == -1.0


def test_anti_windup_stops_integrating_into_saturation() -> None:
    pid = PID(1.0, ki=1.0, output_limits=(-1.0, 1.0))
    for _ in range(1000):  # 10 s of a large error: a naive integrator would reach 50
        pid.update(5.0, DT)
    assert pid.integral < 1.0
    # The error reverses: the output must leave the limit at once, not after unwinding.
    out = pid.update(-0.5, DT)
    assert out < 1.0
    for _ in range(100):
        out = pid.update(-0.5, DT)
    assert out < 0.0


def test_naive_windup_would_have_held_the_output_saturated() -> None:
    """The same history without clamping (huge limits) keeps the output high: the test above
    is meaningful."""
    pid = PID(1.0, ki=1.0)
    for _ in range(1000):
        pid.update(5.0, DT)
    assert pid.update(-0.5, DT) > 1.0


def test_integrator_limits_bound_the_integral_term() -> None:
    pid = PID(0.0, ki=10.0, integrator_limits=(-0.2, 0.3))
    for _ in range(500):
        pid.update(1.0, DT)
    assert pid.integral == pytest.approx(0.3)
    for _ in range(500):
        pid.update(-1.0, DT)
    assert pid.integral == pytest.approx(-0.2)


def test_measured_rate_is_used_for_the_derivative() -> None:
    pid = PID(0.0, kd=0.5)
    assert pid.update(1.0, DT, error_rate=-4.0) == pytest.approx(-2.0)


def test_dirty_derivative_follows_a_ramp() -> None:
    pid = PID(0.0, kd=1.0, derivative_tau_s=0.02)
    assert pid.update(0.0, DT) == 0.0  # no derivative on the first call
    out = 0.0
    for i in range(1, 200):
        out = pid.update(3.0 * i * DT, DT)  # error rises at 3 units/s
    assert out == pytest.approx(3.0, rel=1e-6)


def test_reset_clears_history() -> None:
    pid = PID(0.0, ki=1.0)
    for _ in range(10):
        pid.update(1.0, DT)
    pid.reset(integral=0.25)
    assert pid.integral == 0.25
    assert pid.last is None


@pytest.mark.parametrize(
    "kwargs",
    [
        {"kp": math.nan},
        {"kp": 1.0, "ki": math.inf},
        {"kp": 1.0, "output_limits": (1.0, -1.0)},
        {"kp": 1.0, "integrator_limits": (0.0, math.nan)},
        {"kp": 1.0, "derivative_tau_s": -0.1},
    ],
)
def test_bad_settings_raise_config_error(kwargs: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        PID(**kwargs)  # type: ignore[arg-type]


def test_non_positive_dt_is_rejected() -> None:
    with pytest.raises(ConfigError, match="dt_s"):
        PID(1.0).update(1.0, 0.0)


def test_helpers() -> None:
    assert clamp(5.0, -1.0, 1.0) == 1.0
    assert clamp(-5.0, -1.0, 1.0) == -1.0
    assert wrap_180(350.0 - 10.0) == -20.0
    assert wrap_180(10.0 - 350.0) == 20.0
    assert wrap_180(180.0) == -180.0
