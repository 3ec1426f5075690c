"""The scripted flight of ``flightsim demo``: cruise, elevator doublet, 180° turn, level-off.

A small state machine on top of :class:`~flightsim.control.autopilot.Autopilot`:

1. ``cruise``: hold the trimmed altitude, airspeed and heading for ``settle_s``.
2. ``doublet``: elevator open-loop at trim + ``doublet_norm`` (nose down) for
   ``doublet_half_s``, then trim - ``doublet_norm`` for as long — the classic
   input for exciting the short-period mode (Jategaonkar, *Flight Vehicle System
   Identification*, 2nd ed., 2015, section 2.5).
3. ``response``: elevator held at its pre-doublet value for ``response_s`` so
   the free short-period and phugoid response shows in the recording.
4. ``recover``: altitude hold brings the aircraft back for ``recover_s``.
5. ``turn``: bank hold at ``bank_deg`` until the heading has turned by
   ``turn_deg - rollout_lead_deg`` (the lead covers the heading still gained while
   rolling out).
6. ``level``: heading hold on the start heading + ``turn_deg``, wings level.

Call the instance as ``controls(t_s, state)``: the form ``Simulation.run``
takes for its ``controls`` argument.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flightsim.control.autopilot import ELEVATOR, Autopilot, PropertyReader
from flightsim.control.pid import wrap_180
from flightsim.errors import ConfigError

PHASES = ("cruise", "doublet", "response", "recover", "turn", "level")
"""The phases of the demo flight, in order."""


@dataclass(frozen=True)
class DemoPlan:
    """Timings [s], angles [deg] and the doublet amplitude [normalised elevator]."""

    settle_s: float = 5.0
    doublet_norm: float = 0.1
    doublet_half_s: float = 1.0
    response_s: float = 3.0
    recover_s: float = 10.0
    bank_deg: float = 30.0
    turn_deg: float = 180.0
    rollout_lead_deg: float = 12.0
    duration_s: float = 90.0
    """Total flight time; long enough for the turn and a level-off on the c172p."""

    def __post_init__(self) -> None:
        for name in ("settle_s", "doublet_half_s", "response_s", "recover_s", "duration_s"):
            if not getattr(self, name) >= 0.0:
                raise ConfigError(f"DemoPlan.{name} must be >= 0, got {getattr(self, name)!r}")
        if not 0.0 < abs(self.bank_deg) < 60.0:
            raise ConfigError(f"DemoPlan.bank_deg must be within ±60 deg, got {self.bank_deg}")
        if not 0.0 < self.turn_deg <= 360.0 or not 0.0 <= self.rollout_lead_deg < self.turn_deg:
            raise ConfigError("DemoPlan.turn_deg must be in (0, 360] and exceed rollout_lead_deg")


@dataclass
class DemoFlight:
    """The demo's controller: a callable ``(t_s, state) -> {property: command}``.

    ``dt_s`` is the interval between calls [s] (the simulation step when called
    every step). ``events`` lists ``(sim time [s], phase)`` as phases begin.
    """

    dt_s: float
    plan: DemoPlan = field(default_factory=DemoPlan)
    autopilot: Autopilot = field(default_factory=Autopilot)
    events: list[tuple[float, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.dt_s > 0.0:
            raise ConfigError(f"DemoFlight dt_s must be > 0, got {self.dt_s!r}")
        self.autopilot.max_bank_deg = max(self.autopilot.max_bank_deg, abs(self.plan.bank_deg))
        self._phase_start_s = 0.0
        self._start_heading_deg = 0.0
        self._turned_deg = 0.0
        self._last_heading_deg = 0.0
        self._doublet_trim = 0.0

    @property
    def phase(self) -> str:
        """The current phase name (one of :data:`PHASES`), ``"idle"`` before the first call."""
        return self.events[-1][1] if self.events else "idle"

    @property
    def turned_deg(self) -> float:
        """Heading change so far [deg], positive to the right."""
        return self._turned_deg

    def _enter(self, phase: str, t_s: float) -> None:
        self.events.append((t_s, phase))
        self._phase_start_s = t_s

    def __call__(self, t_s: float, state: PropertyReader) -> dict[str, float]:
        ap = self.autopilot
        heading = state["attitude/psi-deg"]
        if not self.events:
            ap.engage(state)
            self._start_heading_deg = self._last_heading_deg = heading
            self._enter("cruise", t_s)
        self._turned_deg += wrap_180(heading - self._last_heading_deg)
        self._last_heading_deg = heading
        plan = self.plan
        elapsed = t_s - self._phase_start_s
        phase = self.phase
        if phase == "cruise" and elapsed >= plan.settle_s:
            self._doublet_trim = ap.last_commands.get(ELEVATOR, 0.0)
            self._enter("doublet", t_s)
        elif phase == "doublet" and elapsed >= 2.0 * plan.doublet_half_s:
            ap.targets.elevator_norm = self._doublet_trim
            self._enter("response", t_s)
        elif phase == "response" and elapsed >= plan.response_s:
            ap.targets.elevator_norm = None
            self._enter("recover", t_s)
        elif phase == "recover" and elapsed >= plan.recover_s:
            ap.targets.bank_deg = plan.bank_deg
            self._enter("turn", t_s)
        elif phase == "turn" and abs(self._turned_deg) >= plan.turn_deg - plan.rollout_lead_deg:
            direction = 1.0 if plan.bank_deg > 0 else -1.0
            ap.targets.bank_deg = None
            ap.targets.heading_deg = (self._start_heading_deg + direction * plan.turn_deg) % 360.0
            self._enter("level", t_s)

        if self.phase == "doublet":
            first_half = t_s - self._phase_start_s < plan.doublet_half_s
            offset = plan.doublet_norm if first_half else -plan.doublet_norm
            ap.targets.elevator_norm = self._doublet_trim + offset
        return ap.update(state, self.dt_s)
