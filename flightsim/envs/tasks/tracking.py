"""Tracking tasks: hold commands that change at random times (attitude; heading and altitude).

Success is judged at the time limit: the mean tracking error over the
*settled* part of each command (after ``settle_s`` [s]) must stay under
``success_error`` and the aircraft must not have left the flight envelope.
"""

from __future__ import annotations

import math
from typing import ClassVar

import numpy as np

from flightsim.control.autopilot import AutopilotTargets
from flightsim.envs.tasks.base import (
    DEG,
    H_SL,
    PHI,
    PSI,
    THETA,
    VC,
    Start,
    StepResult,
    Task,
    error_term,
    wrap_pi,
)
from flightsim.units import G0_FT_S2


class _Segments(Task):
    """Commands drawn anew every ``segment_s`` [s]; settled-error bookkeeping."""

    segment_s: ClassVar[tuple[float, float]]
    settle_s: ClassVar[float]
    success_error: ClassVar[float]

    def _begin(self, rng: np.random.Generator) -> None:
        self._rng = rng
        self._next_change_s = 0.0
        self._segment_start_s = 0.0
        self._settled_sum = 0.0
        self._settled_n = 0

    def _maybe_change(self, t_s: float) -> bool:
        if t_s < self._next_change_s:
            return False
        self._segment_start_s = t_s
        self._next_change_s = t_s + self._rng.uniform(*self.segment_s)
        return True

    def _account(self, t_s: float, error: float) -> None:
        self.tracking_error = error
        if t_s - self._segment_start_s >= self.settle_s:
            self._settled_sum += error
            self._settled_n += 1

    def finish(self) -> bool:
        return self._settled_n > 0 and self._settled_sum / self._settled_n < self.success_error


class AttitudeTracking(_Segments):
    """Follow bank and pitch commands that change every 4-8 s.

    Task observations (after the common ones):

    | name | unit | scaling |
    |---|---|---|
    | bank_error | rad | (φ_cmd − φ) / 30° |
    | pitch_error | rad | (θ_cmd − θ) / 10° |
    | bank_command | rad | φ_cmd / 30° |
    | pitch_command | rad | (θ_cmd − θ_trim) / 10° |

    Reward per step, in [0, 1]: ``1 − 0.5·min(|e_φ|/30°, 1) − 0.5·min(|e_θ|/10°, 1)``
    (terms ``alive``, ``bank``, ``pitch``). Commands: bank uniform within the
    profile's ``max_bank_deg``, pitch within ±5° of the trimmed pitch. Tracking
    error: ``0.5·(|e_φ|/30° + |e_θ|/10°)``; success: its settled mean < 0.12.
    """

    name = "AttitudeTracking"
    observation_table = (
        ("bank_error", "rad", "(φ_cmd − φ) / 30°"),
        ("pitch_error", "rad", "(θ_cmd − θ) / 10°"),
        ("bank_command", "rad", "φ_cmd / 30°"),
        ("pitch_command", "rad", "(θ_cmd − θ_trim) / 10°"),
    )
    default_duration_s = 40.0
    needs_engine = False
    reward_terms = ("alive", "bank", "pitch")
    segment_s = (4.0, 8.0)
    settle_s = 2.5
    success_error = 0.12

    def reset(self, rng: np.random.Generator, s: list[float], start: Start) -> list[float]:
        self._begin(rng)
        self._theta_trim = s[THETA]
        self._kcas = start.kcas
        self._altitude_ft = start.altitude_ft
        self._heading_deg = start.heading_deg
        self._maybe_change(0.0)
        self._draw()
        return self._observe(s)[0]

    def _draw(self) -> None:
        rng = self._rng
        self.bank_cmd = rng.uniform(-1.0, 1.0) * self.profile.max_bank_deg * DEG
        self.pitch_cmd = self._theta_trim + rng.uniform(-5.0, 5.0) * DEG

    def _observe(self, s: list[float]) -> tuple[list[float], float, float]:
        e_phi = self.bank_cmd - s[PHI]
        e_theta = self.pitch_cmd - s[THETA]
        k_phi, k_theta = 1.0 / (30.0 * DEG), 1.0 / (10.0 * DEG)
        obs = [
            e_phi * k_phi,
            e_theta * k_theta,
            self.bank_cmd * k_phi,
            (self.pitch_cmd - self._theta_trim) * k_theta,
        ]
        return obs, e_phi, e_theta

    def step(self, s: list[float], north_ft: float, east_ft: float, t_s: float) -> StepResult:
        if self._maybe_change(t_s):
            self._draw()
        obs, e_phi, e_theta = self._observe(s)
        bank = error_term(e_phi, 30.0 * DEG)
        pitch = error_term(e_theta, 10.0 * DEG)
        self._account(t_s, 0.5 * (bank + pitch))
        terms = {"alive": 1.0, "bank": -0.5 * bank, "pitch": -0.5 * pitch}
        return obs, 1.0 - 0.5 * (bank + pitch), terms, False, ""

    def autopilot_targets(
        self, s: list[float], north_ft: float, east_ft: float
    ) -> AutopilotTargets:
        return AutopilotTargets(
            altitude_ft=self._altitude_ft,
            kcas=self._kcas,
            heading_deg=self._heading_deg,
            bank_deg=self.bank_cmd / DEG,
            pitch_deg=self.pitch_cmd / DEG,
        )


class HeadingAltitude(_Segments):
    """Hold heading, altitude and airspeed targets that change every 30-40 s.

    Task observations (after the common ones):

    | name | unit | scaling |
    |---|---|---|
    | heading_error | rad | (ψ_cmd − ψ) wrapped to ±180°, / 180° |
    | altitude_error | ft | (h_cmd − h) / 1000 ft |
    | airspeed_error | kt | (V_cmd − V) / 20 kt (KCAS) |

    Reward per step, in [0, 1]: ``1 − 0.4·min(|e_ψ|/30°, 1) − 0.4·min(|e_h|/300 ft, 1)
    − 0.2·min(|e_V|/15 kt, 1)`` (terms ``alive``, ``heading``, ``altitude``,
    ``airspeed``). Targets: heading ±(20-90)° from the last (scaled down, for an
    aircraft that turns less than 90° in :attr:`turn_s` at its bank limit and
    cruise speed, to what it turns in that time: :attr:`turn_scale`), altitude
    ±(100-300) ft from the last (within the profile's altitude band), airspeed
    within ±5 kt of cruise. Tracking error: the weighted sum of the three
    clipped terms; success: its settled mean (from 15 s after each change) < 0.2.
    """

    name = "HeadingAltitude"
    observation_table = (
        ("heading_error", "rad", "(ψ_cmd − ψ) wrapped to ±180°, / 180°"),
        ("altitude_error", "ft", "(h_cmd − h) / 1000 ft"),
        ("airspeed_error", "kt", "(V_cmd − V) / 20 kt"),
    )
    default_duration_s = 120.0
    reward_terms = ("alive", "heading", "altitude", "airspeed")
    segment_s = (30.0, 40.0)
    settle_s = 15.0
    success_error = 0.2
    turn_s = 16.0
    """[s] The largest heading change is what the aircraft turns in this time, at most 90°
    (the c172p turns 95° in it at 30° of bank and 100 KCAS, 4000 ft)."""

    @property
    def turn_scale(self) -> float:
        """What the heading changes are scaled by: the profile's turn rate at its bank
        limit and cruise (true airspeed at its altitude, ISA), ``ω = g tan φ / V``
        (Anderson, *Introduction to Flight*, §6.17), times :attr:`turn_s`, over 90°; at
        most 1. A jet at 300 KCAS turns 2°/s: a 90° change would not be flown within the
        15 s each change is judged after, by any pilot."""
        p = self.profile
        rate = G0_FT_S2 * math.tan(p.max_bank_deg * DEG) / p.cruise_tas_fps
        return min(1.0, rate * self.turn_s / (90.0 * DEG))

    def reset(self, rng: np.random.Generator, s: list[float], start: Start) -> list[float]:
        self._begin(rng)
        self._start = start
        self.heading_cmd = s[PSI]
        self.altitude_cmd = s[H_SL]
        self.kcas_cmd = s[VC]
        self._maybe_change(0.0)
        self._draw()
        return self._observe(s)

    def _draw(self) -> None:
        rng, p = self._rng, self.profile
        turn = rng.uniform(20.0, 90.0) * (1.0 if rng.uniform() < 0.5 else -1.0)
        turn *= self.turn_scale
        self.heading_cmd = (self.heading_cmd + turn * DEG) % (2.0 * math.pi)
        climb = rng.uniform(100.0, 300.0) * (1.0 if rng.uniform() < 0.5 else -1.0)
        low = p.altitude_ft - p.altitude_spread_ft
        high = p.altitude_ft + p.altitude_spread_ft
        self.altitude_cmd = min(max(self.altitude_cmd + climb, low), high)
        self.kcas_cmd = p.cruise_kcas + rng.uniform(-1.0, 1.0) * min(p.speed_spread_kts, 5.0)

    def _observe(self, s: list[float]) -> list[float]:
        return [
            wrap_pi(self.heading_cmd - s[PSI]) / math.pi,
            (self.altitude_cmd - s[H_SL]) * 1e-3,
            (self.kcas_cmd - s[VC]) * 0.05,
        ]

    def step(self, s: list[float], north_ft: float, east_ft: float, t_s: float) -> StepResult:
        # error_term and wrap_pi written out: this runs every agent step
        if t_s >= self._next_change_s and self._maybe_change(t_s):
            self._draw()
        e_psi = (self.heading_cmd - s[PSI] + math.pi) % _TWO_PI - math.pi
        e_h = self.altitude_cmd - s[H_SL]
        e_v = self.kcas_cmd - s[VC]
        heading = abs(e_psi) * _PER_30_DEG
        heading = 0.4 if heading > 1.0 else 0.4 * heading
        altitude = abs(e_h) * (1.0 / 300.0)
        altitude = 0.4 if altitude > 1.0 else 0.4 * altitude
        airspeed = abs(e_v) * (1.0 / 15.0)
        airspeed = 0.2 if airspeed > 1.0 else 0.2 * airspeed
        error = heading + altitude + airspeed
        self.tracking_error = error
        if t_s - self._segment_start_s >= self.settle_s:
            self._settled_sum += error
            self._settled_n += 1
        terms = {"alive": 1.0, "heading": -heading, "altitude": -altitude, "airspeed": -airspeed}
        obs = [e_psi * _INV_PI, e_h * 1e-3, e_v * 0.05]
        return obs, 1.0 - error, terms, False, ""

    def autopilot_targets(
        self, s: list[float], north_ft: float, east_ft: float
    ) -> AutopilotTargets:
        return AutopilotTargets(
            altitude_ft=self.altitude_cmd,
            kcas=self.kcas_cmd,
            heading_deg=self.heading_cmd / DEG,
        )


_TWO_PI = 2.0 * math.pi
_INV_PI = 1.0 / math.pi
_PER_30_DEG = 1.0 / (30.0 * DEG)


def native_scoring(task: Task) -> tuple[float, ...] | None:
    """What the compiled step kernel needs to score ``task`` itself, as its ``step`` would,
    bit for bit: ``(kind, six constants)``; None when the task's own ``step`` must run: any
    task but a HeadingAltitude or an AttitudeTracking (a subclass may score otherwise).
    The kernel still calls the task's ``step`` at every change of commands, which draws
    the new ones, and reads and writes the task's attributes (commands, settled sums,
    ``tracking_error``) where the step does.

    Why: beside JSBSim, a task's Python ``step`` costs ~5 µs of a ~110 µs agent step
    (docs/environments.md, "Speed"); these two are the tasks most trained on.
    """
    if type(task) is HeadingAltitude:
        return (1, float(task.settle_s), _TWO_PI, _INV_PI, _PER_30_DEG, math.pi, 0.0)
    if type(task) is AttitudeTracking:
        phi, theta = 30.0 * DEG, 10.0 * DEG
        return (2, float(task.settle_s), phi, theta, 1.0 / phi, 1.0 / theta, 0.0)
    return None
