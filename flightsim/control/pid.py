"""A discrete PID controller with output limits and anti-windup.

The form is the parallel ("ideal") PID of Åström & Murray, *Feedback Systems*
(2nd ed., 2021), ch. 11, in the discrete implementation Beard & McLain give in
*Small Unmanned Aircraft: Theory and Practice* (2012), section 6.5:

    u = kp * e + ki * ∫e dt + kd * de/dt,     clipped to [u_min, u_max]

- The integral uses the trapezoidal rule.
- The derivative is either supplied by the caller (``error_rate``, typically a
  measured body rate, which avoids the "derivative kick" of a setpoint step) or
  formed from successive errors through a first-order "dirty derivative" filter
  with time constant ``derivative_tau_s`` (Beard & McLain eq. 6.30).
- Anti-windup by conditional integration (clamping): while the output is
  saturated, the integrator stops growing in the direction that drives the
  output further into saturation (Åström & Murray, section 11.4). The
  integral term itself is also bounded by ``integrator_limits`` when given.

Units are whatever the caller uses: the gains carry them (for example a bank
loop with the error in degrees and the output in normalised aileron command has
``kp`` in 1/deg).
"""

from __future__ import annotations

import math
from typing import NamedTuple

from flightsim.errors import ConfigError


def clamp(value: float, low: float, high: float) -> float:
    """``value`` limited to ``[low, high]``."""
    return low if value < low else high if value > high else value


def wrap_180(angle_deg: float) -> float:
    """An angle [deg] wrapped into [-180, 180): the shortest signed heading difference."""
    return (angle_deg + 180.0) % 360.0 - 180.0


def _check_limits(name: str, limits: tuple[float, float]) -> tuple[float, float]:
    low, high = float(limits[0]), float(limits[1])
    if math.isnan(low) or math.isnan(high) or low >= high:
        raise ConfigError(f"{name} must be (low, high) with low < high, got {limits!r}")
    return low, high


class PIDTerms(NamedTuple):
    """The terms of the last :meth:`PID.update` (for logging and tuning), in output units."""

    proportional: float
    integral: float
    derivative: float
    unsaturated: float
    output: float

    @property
    def saturated(self) -> bool:
        """True when the output was clipped to a limit."""
        return self.output != self.unsaturated


class PID:
    """A discrete PID loop: call :meth:`update` once per control step.

    Parameters
    ----------
    kp, ki, kd:
        Proportional gain, integral gain [1/s], derivative gain [s], in the
        units of output per unit of error.
    output_limits:
        ``(low, high)`` bounds of the output (for example ``(-1, 1)`` for a
        normalised control surface command, ``(0, 1)`` for a throttle).
    integrator_limits:
        Optional ``(low, high)`` bounds of the integral *term* ``ki * ∫e dt``,
        in output units.
    derivative_tau_s:
        Time constant [s] of the dirty-derivative filter used when no
        ``error_rate`` is passed to :meth:`update` (0 = raw difference).
    bias:
        Constant added to the output before limiting (a trim or feed-forward value).
    """

    def __init__(
        self,
        kp: float,
        ki: float = 0.0,
        kd: float = 0.0,
        *,
        output_limits: tuple[float, float] = (-math.inf, math.inf),
        integrator_limits: tuple[float, float] | None = None,
        derivative_tau_s: float = 0.05,
        bias: float = 0.0,
    ) -> None:
        for label, gain in (("kp", kp), ("ki", ki), ("kd", kd), ("bias", bias)):
            if not math.isfinite(gain):
                raise ConfigError(f"PID {label} must be a finite number, got {gain!r}")
        if not (math.isfinite(derivative_tau_s) and derivative_tau_s >= 0.0):
            raise ConfigError(f"PID derivative_tau_s must be >= 0, got {derivative_tau_s!r}")
        self.kp = float(kp)
        self.ki = float(ki)
        self.kd = float(kd)
        self.bias = float(bias)
        self.output_limits = _check_limits("output_limits", output_limits)
        self.integrator_limits = (
            _check_limits("integrator_limits", integrator_limits)
            if integrator_limits is not None
            else (-math.inf, math.inf)
        )
        self.derivative_tau_s = float(derivative_tau_s)
        self.integral = 0.0
        """The integral term ``ki * ∫e dt`` [output units]."""
        self.last: PIDTerms | None = None
        """The terms of the last update (None before the first)."""
        self._prev_error: float | None = None
        self._error_rate = 0.0

    def reset(self, integral: float = 0.0) -> None:
        """Forget the past: integral term set to ``integral`` [output units], derivative cleared."""
        self.integral = clamp(float(integral), *self.integrator_limits)
        self._prev_error = None
        self._error_rate = 0.0
        self.last = None

    def update(self, error: float, dt_s: float, *, error_rate: float | None = None) -> float:
        """Advance the loop by ``dt_s`` [s] with ``error = setpoint - measurement``.

        ``error_rate`` is d(error)/dt when the caller measures it (e.g. ``-p`` for
        a bank loop with a constant setpoint); otherwise it is estimated from
        successive errors. Returns the limited output.
        """
        if not dt_s > 0.0:
            raise ConfigError(f"PID dt_s must be > 0, got {dt_s!r}")
        if error_rate is None:
            if self._prev_error is None:
                self._error_rate = 0.0
            else:
                # Dirty derivative (Beard & McLain eq. 6.30), Tustin discretisation.
                tau = self.derivative_tau_s
                a = (2.0 * tau - dt_s) / (2.0 * tau + dt_s)
                b = 2.0 / (2.0 * tau + dt_s)
                self._error_rate = a * self._error_rate + b * (error - self._prev_error)
            rate = self._error_rate
        else:
            rate = error_rate
        previous = error if self._prev_error is None else self._prev_error
        self._prev_error = error

        low, high = self.output_limits
        step = self.ki * dt_s * 0.5 * (error + previous)
        p_term = self.kp * error
        d_term = self.kd * rate
        candidate = clamp(self.integral + step, *self.integrator_limits)
        unsaturated = self.bias + p_term + candidate + d_term
        # Conditional integration: keep the integrator from pushing deeper into a limit.
        if (unsaturated > high and step > 0.0) or (unsaturated < low and step < 0.0):
            candidate = self.integral
            unsaturated = self.bias + p_term + candidate + d_term
        self.integral = candidate
        output = clamp(unsaturated, low, high)
        self.last = PIDTerms(p_term, candidate, d_term, unsaturated, output)
        return output
