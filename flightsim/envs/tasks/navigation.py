"""Navigation tasks: fly through 3D waypoints; fly an approach down to a gate at 50 ft."""

from __future__ import annotations

import math

import numpy as np

from flightsim.atmosphere import isa
from flightsim.control.autopilot import AutopilotTargets
from flightsim.control.guidance import (
    glide_path_altitude_ft,
    line_following_heading,
    track_errors,
)
from flightsim.envs.profiles import FPS_PER_KT
from flightsim.envs.tasks.base import (
    ALPHA,
    DEG,
    H_AGL,
    H_SL,
    PSI,
    THETA,
    VC,
    Start,
    StepResult,
    Task,
    error_term,
    wrap_pi,
)
from flightsim.units import FT_M, G0_FT_S2

GLIDE_DESCENT_SHARE = (1.2, 1.6)
"""A glider's waypoints lie lower than the last by the leg's length times this share
(drawn uniformly) of its trimmed glide's descent gradient."""
GLIDE_RESERVE_FT = 450.0
"""A glider's last waypoint lies at least this far [ft] above the task's floor (three times
the vertical capture): a steep glide gets shorter legs instead."""


class Waypoints(Task):
    """Fly through a sequence of 3 waypoints (north, east [ft], altitude [ft MSL]).

    Each leg lasts 40-60 s at cruise speed and turns up to ±60° from the last;
    each waypoint changes the altitude by up to ±300 ft; flown by a glider
    (:attr:`gliding`), each waypoint lies lower instead, by the leg's length
    times 1.2 to 1.6 times the gradient of the trimmed glide (steeper than
    the glide itself, which the turns steepen too), and all legs are shortened
    alike where the last would lie less than :data:`GLIDE_RESERVE_FT` above the
    floor (a steep glide from a low start). A waypoint counts when
    the aircraft passes within 5 s of cruise flight horizontally (845 ft on
    the c172p), or half its cruise turn radius at the profile's bank limit
    when that is more (a fast aircraft could not turn onto a closer one), and
    150 ft vertically; the episode ends with success after the last.

    Task observations (after the common ones):

    | name | unit | scaling |
    |---|---|---|
    | distance | ft | horizontal distance to the waypoint / 60 s of cruise flight |
    | bearing_sin | — | sin(bearing to waypoint − ψ) |
    | bearing_cos | — | cos(bearing to waypoint − ψ) |
    | altitude_error | ft | (h_wp − h) / 1000 ft |
    | remaining | — | waypoints still to fly / 3 |

    Reward per step: ``progress − 0.3·min(|e_h|/300 ft, 1)`` plus 10 per
    waypoint reached (terms ``progress``, ``altitude``, ``waypoint``);
    progress is the distance gained toward the waypoint over one step of
    cruise flight (1 when flying straight at it at cruise speed). Tracking
    error: ``min(cross-track / 1000 ft, 1)`` on the leg from the previous waypoint.
    """

    name = "Waypoints"
    observation_table = (
        ("distance", "ft", "horizontal distance / 60 s of cruise flight"),
        ("bearing_sin", "—", "sin(bearing to waypoint − ψ)"),
        ("bearing_cos", "—", "cos(bearing to waypoint − ψ)"),
        ("altitude_error", "ft", "(h_wp − h) / 1000 ft"),
        ("remaining", "—", "waypoints still to fly / 3"),
    )
    default_duration_s = 260.0
    needs_engine = False
    reward_terms = ("progress", "altitude", "waypoint")
    count = 3
    capture_s = 5.0
    capture_vertical_ft = 150.0

    @property
    def turn_radius_ft(self) -> float:
        """Radius [ft] of a level turn at the cruise's true airspeed and the profile's bank
        limit, ``R = V² / (g · tan φ)`` (Anderson, *Introduction to Flight*, §6.17)."""
        bank = self.profile.max_bank_deg * DEG
        return self.profile.cruise_tas_fps**2 / (G0_FT_S2 * math.tan(bank))

    def reset(self, rng: np.random.Generator, s: list[float], start: Start) -> list[float]:
        v = self.profile.cruise_fps
        # per waypoint: course change [deg], leg [ft], and the altitude change (a glider:
        # the share of its glide), drawn in this order whatever the aircraft
        draws = [
            (
                rng.uniform(-60.0, 60.0),
                rng.uniform(40.0, 60.0) * v,
                rng.uniform(*GLIDE_DESCENT_SHARE) if self.gliding else rng.uniform(-300.0, 300.0),
            )
            for _ in range(self.count)
        ]
        scale = 1.0
        if self.gliding:
            # the trimmed glide's descent gradient: γ = θ − α, wings level (Anderson,
            # Introduction to Flight, §6.8)
            glide = math.tan(s[ALPHA] - s[THETA])
            drops = [leg * glide * share for _, leg, share in draws]
            lowest = s[H_SL] - s[H_AGL] + self.floor_agl_ft + GLIDE_RESERVE_FT
            room = start.altitude_ft - lowest
            if sum(drops) > room > 0.0:  # a steep glide: shorter legs, the last above the floor
                scale = room / sum(drops)
            draws = [(c, leg, -drop) for (c, leg, _), drop in zip(draws, drops, strict=True)]
        points: list[tuple[float, float, float]] = []
        north = east = 0.0
        course = start.heading_deg
        altitude = start.altitude_ft
        for change, leg, climb in draws:
            course += change
            north += scale * leg * math.cos(course * DEG)
            east += scale * leg * math.sin(course * DEG)
            altitude += scale * climb if self.gliding else climb
            points.append((north, east, altitude))
        # a glider's line down to each waypoint is flown at its true airspeed
        self._tas_fps = v / math.sqrt(isa(start.altitude_ft * FT_M).sigma)
        self.waypoints = points
        self.reached = 0
        self._previous = (0.0, 0.0)
        self._previous_altitude_ft = start.altitude_ft
        self._scale = 1.0 / (60.0 * v)
        self._last_distance = math.hypot(points[0][0], points[0][1])
        self._step_ft = 0.0
        self._capture_ft = max(self.capture_s * v, 0.5 * self.turn_radius_ft)
        return self._observe(s, 0.0, 0.0, self._last_distance)

    @property
    def altitude_cmd(self) -> float:
        """Altitude [ft MSL] of the waypoint being flown to (the last one once all are reached)."""
        return self.waypoints[min(self.reached, self.count - 1)][2]

    def set_agent_dt(self, dt_s: float) -> None:
        """Tell the task the agent step [s] (progress is scaled by it)."""
        self._step_ft = dt_s * self.profile.cruise_fps

    def _observe(self, s: list[float], north: float, east: float, distance: float) -> list[float]:
        if self.reached >= self.count:
            return [0.0, 0.0, 1.0, 0.0, 0.0]
        wn, we, wh = self.waypoints[self.reached]
        relative = math.atan2(we - east, wn - north) - s[PSI]
        return [
            distance * self._scale,
            math.sin(relative),
            math.cos(relative),
            (wh - s[H_SL]) * 1e-3,
            (self.count - self.reached) / self.count,
        ]

    def step(self, s: list[float], north_ft: float, east_ft: float, t_s: float) -> StepResult:
        wn, wh = self.waypoints[self.reached][0], self.waypoints[self.reached][2]
        we = self.waypoints[self.reached][1]
        distance = math.hypot(wn - north_ft, we - east_ft)
        step_ft = self._step_ft or 1.0
        progress = (self._last_distance - distance) / step_ft
        altitude = 0.3 * error_term(wh - s[H_SL], 300.0)
        bonus = 0.0
        if distance < self._capture_ft and abs(wh - s[H_SL]) < self.capture_vertical_ft:
            bonus = 10.0
            self.reached += 1
            if self.reached < self.count:  # past the last, the targets keep its leg's line
                self._previous = (wn, we)
                self._previous_altitude_ft = wh
                nn, ne = self.waypoints[self.reached][:2]
                distance = math.hypot(nn - north_ft, ne - east_ft)
        self._last_distance = distance
        if self.reached < self.count:
            _, cross, _ = track_errors(
                north_ft, east_ft, self._previous, self.waypoints[self.reached][:2]
            )
            self.tracking_error = error_term(cross, 1000.0)
        terms = {"progress": progress, "altitude": -altitude, "waypoint": bonus}
        obs = self._observe(s, north_ft, east_ft, distance)
        return obs, progress - altitude + bonus, terms, self.reached >= self.count, ""

    def autopilot_targets(
        self, s: list[float], north_ft: float, east_ft: float
    ) -> AutopilotTargets:
        index = min(self.reached, self.count - 1)
        wn, we, wh = self.waypoints[index]
        to_go, cross, course = track_errors(north_ft, east_ft, self._previous, (wn, we))
        heading = line_following_heading(cross, course)  # a course: held as the ground track
        if not self.gliding:
            return AutopilotTargets(wh, self.profile.cruise_kcas, heading, course_deg=heading)
        # a glider cannot hold the waypoint's altitude ahead of time: the line down to it
        leg = math.hypot(wn - self._previous[0], we - self._previous[1])
        slope = (self._previous_altitude_ft - wh) / leg
        return AutopilotTargets(
            altitude_ft=wh + slope * min(max(to_go, 0.0), leg),
            kcas=self.profile.cruise_kcas,
            heading_deg=heading,
            climb_fps=-slope * self._tas_fps,
            course_deg=heading,
        )


class LandingApproach(Task):
    """Track a 3° glide path and the localizer down to a gate 50 ft over the threshold.

    The runway threshold (at sea level, the terrain of JSBSim's default
    world) lies 60-80 s of approach flight ahead along a random runway
    course; the aircraft starts trimmed in a 3° descent at the approach speed, up to ±500 ft off the
    centre line, ±100 ft off the glide path, heading within ±10° of the runway
    course. The episode ends at the threshold: success when the aircraft
    crosses it within ±25 ft of the 50 ft gate height and ±100 ft of the
    centre line; failure when it is outside the gate there or lower than 20 ft
    before it.

    Task observations (after the common ones):

    | name | unit | scaling |
    |---|---|---|
    | distance_to_go | ft | along-track distance to the threshold / start distance |
    | cross_track | ft | distance right of the centre line / 500 ft |
    | glide_path_error | ft | (h − h_glide path) / 100 ft |
    | course_error | rad | (runway course − ψ) wrapped, / 30° |
    | airspeed_error | kt | (V_approach − V) / 20 kt |

    Reward per step, in [0, 1]: ``1 − 0.4·min(|y|/300 ft, 1) − 0.4·min(|e_gp|/60 ft, 1)
    − 0.2·min(|e_V|/15 kt, 1)`` (terms ``alive``, ``localizer``,
    ``glide_path``, ``airspeed``), plus 20 at a successful gate (``gate``).
    Tracking error: the weighted sum of the three clipped terms.
    """

    name = "LandingApproach"
    observation_table = (
        ("distance_to_go", "ft", "along-track distance to threshold / start distance"),
        ("cross_track", "ft", "right of the centre line / 500 ft"),
        ("glide_path_error", "ft", "(h − h_glide path) / 100 ft"),
        ("course_error", "rad", "(runway course − ψ) wrapped, / 30°"),
        ("airspeed_error", "kt", "(V_approach − V) / 20 kt"),
    )
    default_duration_s = 120.0
    reward_terms = ("alive", "localizer", "glide_path", "airspeed", "gate")
    failures = ("missed gate",)
    floor_agl_ft = 20.0
    needs_engine = False
    landing = True
    gate_vertical_ft = 25.0
    gate_lateral_ft = 100.0
    glide_path_deg = 3.0

    start_distance_s = 70.0
    """Distance of the start from the gate in the middle of the random range [s of flight]."""
    start_distance_spread = 0.2
    """Half-width of the random start distances, a share of ``start_distance_s``."""
    start_speed_spread_kts = 3.0
    """Half-width [kt] of the random start speeds around the profile's approach speed."""

    def start(self, rng: np.random.Generator | None = None) -> Start:
        """On the glide path at the approach speed, ``start_distance_s`` of flight out.

        With ``rng``: the distance ±20 % (``start_distance_spread``), the speed
        ±3 kt (``start_speed_spread_kts``), the heading
        (the runway's course within ±10° of it) uniform in [0, 360) deg.
        """
        p = self.profile
        distance_s, kcas, heading = self.start_distance_s, p.approach_kcas, 0.0
        if rng is not None:
            distance_s *= 1.0 + self.start_distance_spread * float(rng.uniform(-1.0, 1.0))
            kcas += self.start_speed_spread_kts * float(rng.uniform(-1.0, 1.0))
            heading = float(rng.uniform(0.0, 360.0))
        return self.on_glide_path(distance_s, kcas, heading)

    @classmethod
    def on_glide_path(cls, distance_s: float, kcas: float, heading_deg: float = 0.0) -> Start:
        """The start on the glide path ``distance_s`` [s] of flight at ``kcas`` out from the
        runway (at sea level), descending along it: :meth:`start`'s, and the approach
        checks' of :mod:`flightsim.envs.autoprofile`."""
        altitude = glide_path_altitude_ft(distance_s * kcas * FPS_PER_KT, 0.0, cls.glide_path_deg)
        return Start(altitude, kcas, heading_deg, -cls.glide_path_deg)

    def _geometry(self, north_ft: float, east_ft: float) -> tuple[float, float]:
        c, sn = math.cos(self.course_deg * DEG), math.sin(self.course_deg * DEG)
        dn, de = self.threshold[0] - north_ft, self.threshold[1] - east_ft
        return dn * c + de * sn, -(dn * -sn + de * c)

    def reset(self, rng: np.random.Generator, s: list[float], start: Start) -> list[float]:
        self._v_fps = self.profile.approach_kcas * FPS_PER_KT
        self.course_deg = (start.heading_deg + float(rng.uniform(-10.0, 10.0))) % 360.0
        # the start sits ±100 ft off the glide path: the runway is that much nearer or farther
        offset_ft = rng.uniform(-100.0, 100.0)
        slope = math.tan(self.glide_path_deg * DEG)
        distance = (s[H_AGL] - 50.0 - offset_ft) / slope
        lateral = rng.uniform(-500.0, 500.0)
        c, sn = math.cos(self.course_deg * DEG), math.sin(self.course_deg * DEG)
        # the aircraft starts at the origin: the threshold is ahead, offset sideways
        self.threshold = (distance * c + lateral * sn, distance * sn - lateral * c)
        self._distance0 = distance
        return self._observe(s, *self._geometry(0.0, 0.0))[0]

    def _observe(
        self, s: list[float], to_go: float, cross: float
    ) -> tuple[list[float], float, float, float]:
        e_gp = s[H_AGL] - glide_path_altitude_ft(to_go, 0.0, self.glide_path_deg)
        e_v = self.profile.approach_kcas - s[VC]
        obs = [
            to_go / self._distance0,
            cross / 500.0,
            e_gp / 100.0,
            wrap_pi(self.course_deg * DEG - s[PSI]) / (30.0 * DEG),
            e_v * 0.05,
        ]
        return obs, cross, e_gp, e_v

    def step(self, s: list[float], north_ft: float, east_ft: float, t_s: float) -> StepResult:
        to_go, cross = self._geometry(north_ft, east_ft)
        obs, _, e_gp, e_v = self._observe(s, to_go, cross)
        localizer = 0.4 * error_term(cross, 300.0)
        glide = 0.4 * error_term(e_gp, 60.0)
        airspeed = 0.2 * error_term(e_v, 15.0)
        self.tracking_error = localizer + glide + airspeed
        terms = {
            "alive": 1.0,
            "localizer": -localizer,
            "glide_path": -glide,
            "airspeed": -airspeed,
            "gate": 0.0,
        }
        reward = 1.0 - self.tracking_error
        if to_go > 0.0:
            return obs, reward, terms, False, ""
        in_gate = (
            abs(s[H_AGL] - 50.0) <= self.gate_vertical_ft and abs(cross) <= self.gate_lateral_ft
        )
        if in_gate:
            terms["gate"] = 20.0
            return obs, reward + 20.0, terms, True, ""
        return obs, reward, terms, False, "missed gate"

    def autopilot_targets(
        self, s: list[float], north_ft: float, east_ft: float
    ) -> AutopilotTargets:
        to_go, cross = self._geometry(north_ft, east_ft)
        sink_fps = self._v_fps * math.tan(self.glide_path_deg * DEG)
        path = glide_path_altitude_ft(to_go, s[H_SL] - s[H_AGL], self.glide_path_deg)
        course = line_following_heading(cross, self.course_deg, gain_per_ft=1.0 / 300.0)
        return AutopilotTargets(  # the course held as the ground track: a crosswind crabbed
            altitude_ft=path,
            climb_fps=-sink_fps,
            kcas=self.profile.approach_kcas,
            heading_deg=course,
            course_deg=course,
        )
