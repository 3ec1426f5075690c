"""Drawing an environment: an instrument panel beside the trajectory (matplotlib).

Left, a primary flight display: the airspeed tape [kt], the attitude indicator
(sky and ground split by the horizon, a pitch ladder every 5°, a bank scale
at 0, 10, 20, 30, 45 and 60° with the bank pointer), the altitude tape [ft MSL]
and the heading tape [deg]. Right: the flown track seen from above (north up,
east right, ft) with the task's waypoints or runway threshold.

Targets, in magenta, come from one generic source: the task's
:meth:`~flightsim.envs.tasks.base.Task.autopilot_targets` (what the baseline
autopilot holds). A bank or pitch target is a command bar on the attitude
indicator and a pointer on the bank scale; otherwise the heading target is a
marker on the heading tape and a ray from the aircraft on the track; the
altitude target (a glide path's height on an approach) and the airspeed
target are markers on their tapes. The bottom line spells the targets out.

The figure (640 × 320 px) and its artists are made once; each frame moves
them (``set_data``) and draws the canvas, instead of rebuilding the figure.
"""

from __future__ import annotations

import math
import warnings
from typing import TYPE_CHECKING, Any

import numpy as np

from flightsim.envs.export import landmarks
from flightsim.envs.tasks.base import H_SL, PHI, PSI, THETA, VC
from flightsim.envs.track import EAST, NORTH, state_of

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from flightsim.control.autopilot import AutopilotTargets
    from flightsim.envs.env import FlightEnv

FRAME_SIZE_PX = (640, 320)
"""Width, height of a frame [px] (``render()`` returns height × width × 3 uint8)."""

_DPI = 80
_TARGET = "magenta"
_SKY, _GROUND = "#4f8fd0", "#8b5a2b"
_DEG = math.pi / 180.0
_PITCH_SCALE = 1.0 / (30.0 * _DEG)
"""Horizon shift per radian of pitch (30° spans the indicator's half width)."""
_AI_BOX = (0.10, 0.22, 0.24, 0.64)
"""Attitude indicator (left, bottom, width, height) in figure fractions."""
_AI_HALF_HEIGHT = _AI_BOX[3] * FRAME_SIZE_PX[1] / (_AI_BOX[2] * FRAME_SIZE_PX[0])
"""Half height of the indicator in units of its half width (x spans -1..1)."""
_BANK_RADIUS = 0.85
_BANK_TICKS_DEG = (-60, -45, -30, -20, -10, 0, 10, 20, 30, 45, 60)
_LADDER_DEG = (-30, -25, -20, -15, -10, -5, 5, 10, 15, 20, 25, 30)
_ALT_SPAN_FT, _SPEED_SPAN_KT, _HEADING_SPAN_DEG = 1000.0, 40.0, 60.0


class Renderer:
    """An instrument panel and track view, drawn from the environment's state at :meth:`draw`."""

    def __init__(self, *, human: bool) -> None:
        size = (FRAME_SIZE_PX[0] / _DPI, FRAME_SIZE_PX[1] / _DPI)
        self._plt: Any = None
        if human:
            import matplotlib.pyplot as plt

            self.figure: Figure = plt.figure(figsize=size, dpi=_DPI)
            self._plt = plt
            self.human = _has_display(plt)
            if not self.human:
                warnings.warn(
                    f"render_mode='human' needs an interactive matplotlib backend, but it is "
                    f"{plt.get_backend()!r} (no display?): nothing is shown. Set MPLBACKEND "
                    "(e.g. TkAgg) on a desktop, or use render_mode='rgb_array' and save frames",
                    RuntimeWarning,
                    stacklevel=3,
                )
        else:
            from matplotlib.backends.backend_agg import FigureCanvasAgg
            from matplotlib.figure import Figure

            self.figure = Figure(figsize=size, dpi=_DPI)
            FigureCanvasAgg(self.figure)
            self.human = False
        self._window = human
        self._panel = _Panel(self.figure)

    def draw(self, env: FlightEnv) -> np.ndarray | None:
        """Draw the current state; return the RGB frame (``rgb_array``) or show it (``human``)."""
        s, north, east = env.local_state()
        task = env.task
        title = f"{task.name}  t = {env.elapsed_steps * env.agent_dt_s:.1f} s"
        if not all(map(math.isfinite, (*s, north, east))):  # the episode ended on it
            s, north, east = state_of(env.track[-1])
            title += "  (last finite state)"
        targets = task.autopilot_targets(s, north, east)
        self._panel.update(s, north, east, targets, env.track, task, title)
        if self._window:
            if self.human:
                self._plt.pause(0.001)
            return None
        canvas: Any = self.figure.canvas
        canvas.draw()
        frame: np.ndarray = np.asarray(canvas.buffer_rgba())[..., :3].copy()
        return frame

    def close(self) -> None:
        """Close the window (human mode)."""
        if self._plt is not None:
            self._plt.close(self.figure)


def _has_display(plt: Any) -> bool:
    """Whether pyplot's backend shows windows (not Agg, PDF, SVG ... as without a display)."""
    from matplotlib.backends import BackendFilter, backend_registry

    backend = plt.get_backend().lower()
    return backend not in backend_registry.list_builtin(BackendFilter.NON_INTERACTIVE)


def _rotate(x: np.ndarray, y: np.ndarray, angle: float) -> tuple[np.ndarray, np.ndarray]:
    """Points turned counter-clockwise by ``angle`` [rad] about the origin."""
    c, s = math.cos(angle), math.sin(angle)
    return x * c - y * s, x * s + y * c


def horizon_points(phi: float, theta: float) -> tuple[np.ndarray, np.ndarray]:
    """Ends of the horizon line on the indicator (x spans -1..1) for bank φ, pitch θ [rad].

    Seen from the cockpit the world turns the other way: a right bank (φ > 0)
    turns the horizon counter-clockwise (its right end rises), a nose-up pitch
    lowers it by θ × 1/30° of the half width.
    """
    return _rotate(np.array([-4.0, 4.0]), np.full(2, -theta * _PITCH_SCALE), phi)


class _Panel:
    """The figure's axes and artists, made once and moved by :meth:`update`."""

    def __init__(self, fig: Figure) -> None:
        from matplotlib.patches import Rectangle

        self.fig = fig
        text: dict[str, Any] = {"fontsize": 8, "ha": "center", "va": "center"}
        # attitude indicator
        ai = fig.add_axes(_AI_BOX)
        ai.set_xlim(-1, 1)
        ai.set_ylim(-_AI_HALF_HEIGHT, _AI_HALF_HEIGHT)
        ai.set_axis_off()  # no axis machinery: the sky is a rectangle
        ai.add_patch(Rectangle((0, 0), 1, 1, transform=ai.transAxes, color=_SKY, zorder=0))
        (self.ground,) = ai.fill([0, 0, 0, 0], [0, 0, 0, 0], color=_GROUND, zorder=1)
        (self.horizon,) = ai.plot([], [], color="white", lw=1.5, zorder=2)
        self.ladder = [ai.plot([], [], color="white", lw=1.0, zorder=2)[0] for _ in _LADDER_DEG]
        self.ladder_labels = [
            ai.text(0, 0, f"{abs(p)}", color="white", fontsize=6, clip_on=True, ha="center")
            for p in _LADDER_DEG
        ]
        arc = np.linspace(-60, 60, 61) * _DEG
        ai.plot(-_BANK_RADIUS * np.sin(arc), _BANK_RADIUS * np.cos(arc), color="white", lw=1)
        for tick in _BANK_TICKS_DEG:
            a, inner = tick * _DEG, _BANK_RADIUS + (0.10 if tick % 30 == 0 else 0.05)
            ai.plot(
                [-_BANK_RADIUS * math.sin(a), -inner * math.sin(a)],
                [_BANK_RADIUS * math.cos(a), inner * math.cos(a)],
                color="white",
                lw=1,
            )
        (self.bank_pointer,) = ai.plot([], [], "^", color="white", ms=6, zorder=3)
        (self.bank_target,) = ai.plot([], [], "^", color=_TARGET, ms=6, zorder=3)
        (self.command_bar,) = ai.plot([], [], color=_TARGET, lw=2.0, ls="--", zorder=4)
        ai.plot([-0.5, -0.15, 0.0, 0.15, 0.5], [0, 0, -0.1, 0, 0], color="yellow", lw=3, zorder=5)
        self.ai = ai
        # tapes
        self.speed = _Tape(fig, (0.02, 0.22, 0.07, 0.64), _SPEED_SPAN_KT, 10.0, vertical=True)
        self.altitude = _Tape(fig, (0.35, 0.22, 0.09, 0.64), _ALT_SPAN_FT, 200.0, vertical=True)
        self.heading = _Tape(
            fig,
            (0.10, 0.09, 0.24, 0.08),
            _HEADING_SPAN_DEG,
            10.0,
            vertical=False,
            fmt="{:03.0f}",
            modulo=360.0,
        )
        # readouts: above the instruments, and the targets in one line at the bottom
        self.speed_text = fig.text(0.055, 0.925, "", **text)
        self.heading_text = fig.text(0.22, 0.925, "", **text)
        self.altitude_text = fig.text(0.395, 0.925, "", **text)
        self.target_text = fig.text(0.02, 0.025, "", color=_TARGET, fontsize=7, va="center")
        # track view
        tv = fig.add_axes((0.58, 0.14, 0.40, 0.74))
        tv.set_xlabel("east [ft]", fontsize=7, labelpad=1)
        tv.set_ylabel("north [ft]", fontsize=7, labelpad=1)
        tv.tick_params(labelsize=6)
        (self.track,) = tv.plot([], [], color="tab:blue", lw=1.2)
        (self.aircraft,) = tv.plot([], [], "o", color="tab:blue", ms=5)
        (self.heading_ray,) = tv.plot([], [], color=_TARGET, lw=1.2, ls="--")
        (self.waypoints,) = tv.plot([], [], "x", color="tab:red", ms=7, mew=2)
        (self.runway,) = tv.plot([], [], color="black", lw=3, solid_capstyle="butt")
        (self.threshold,) = tv.plot([], [], "s", color="tab:red", ms=5)
        self.mark_labels: list[Any] = []
        self.title = fig.text(0.78, 0.955, "", **text)
        self.tv = tv

    def update(
        self,
        s: list[float],
        north: float,
        east: float,
        targets: AutopilotTargets,
        track: np.ndarray,
        task: Any,
        title: str,
    ) -> None:
        """Move every artist to the state ``s`` at ``north``, ``east`` [ft]."""
        phi, theta, psi_deg = s[PHI], s[THETA], math.degrees(s[PSI]) % 360.0
        self._attitude(phi, theta, targets)
        self.speed.show(s[VC], targets.kcas)
        holds_altitude = targets.pitch_deg is None
        self.altitude.show(s[H_SL], targets.altitude_ft if holds_altitude else None)
        holds_heading = targets.bank_deg is None
        nearest = psi_deg + (targets.heading_deg - psi_deg + 180.0) % 360.0 - 180.0
        self.heading.show(psi_deg, nearest if holds_heading else None)
        self.speed_text.set_text(f"{s[VC]:.0f} kt")
        self.heading_text.set_text(f"heading {psi_deg:05.1f}°")
        self.altitude_text.set_text(f"{s[H_SL]:.0f} ft")
        self.target_text.set_text(_target_line(targets))
        self._track_view(north, east, track, task, targets if holds_heading else None)
        self.title.set_text(title)

    def _attitude(self, phi: float, theta: float, targets: AutopilotTargets) -> None:
        hx, hy = horizon_points(phi, theta)
        level = -theta * _PITCH_SCALE
        corners = np.array([level, level, level - 8.0, level - 8.0])
        self.ground.set_xy(np.column_stack(_rotate(np.array([-4.0, 4.0, 4.0, -4.0]), corners, phi)))
        self.horizon.set_data(hx, hy)
        for line, label, pitch in zip(self.ladder, self.ladder_labels, _LADDER_DEG, strict=True):
            y = (pitch * _DEG - theta) * _PITCH_SCALE
            half = 0.30 if pitch % 10 == 0 else 0.12
            x0, y0 = _rotate(np.array([-half, half]), np.array([y, y]), phi)
            line.set_data(x0, y0)
            lx, ly = _rotate(np.array([half + 0.12]), np.array([y]), phi)
            label.set_position((float(lx[0]), float(ly[0])))
            label.set_visible(pitch % 10 == 0)
        self.bank_pointer.set_data(*_on_arc(phi))
        if targets.bank_deg is not None and targets.pitch_deg is not None:
            bank = targets.bank_deg * _DEG
            y = (targets.pitch_deg * _DEG - theta) * _PITCH_SCALE
            cx, cy = _rotate(np.array([0.0]), np.array([y]), phi)
            bx, by = _rotate(np.array([-0.6, 0.6]), np.zeros(2), phi - bank)
            self.command_bar.set_data(bx + cx[0], by + cy[0])
            self.bank_target.set_data(*_on_arc(bank))
        else:
            self.command_bar.set_data([], [])
            self.bank_target.set_data([], [])

    def _track_view(
        self,
        north: float,
        east: float,
        track: np.ndarray,
        task: Any,
        targets: AutopilotTargets | None,
    ) -> None:
        tv = self.tv
        self.track.set_data(track[:, EAST], track[:, NORTH])
        self.aircraft.set_data([east], [north])
        marks = landmarks(task)
        points = [m for m in marks if not m.name.startswith("runway")]
        self.waypoints.set_data([m.east_ft for m in points], [m.north_ft for m in points])
        runway = [m for m in marks if m.name.startswith("runway")]
        course = getattr(task, "course_deg", None)
        if runway and course is not None:
            c, sn = math.cos(course * _DEG), math.sin(course * _DEG)
            n0, e0 = runway[0].north_ft, runway[0].east_ft
            self.threshold.set_data([e0], [n0])
            self.runway.set_data([e0, e0 + 3000.0 * sn], [n0, n0 + 3000.0 * c])
        else:
            self.threshold.set_data([], [])
            self.runway.set_data([], [])
        while len(self.mark_labels) < len(marks):
            label = tv.annotate("", (0, 0), xytext=(4, -9), textcoords="offset points")
            label.set(fontsize=6, clip_on=True)
            self.mark_labels.append(label)
        for i, label in enumerate(self.mark_labels):
            label.set_visible(i < len(marks))
            if i < len(marks):
                label.set_text(marks[i].name)
                label.xy = (marks[i].east_ft, marks[i].north_ft)
        xs = np.concatenate(
            [track[:, EAST], [east], self.waypoints.get_xdata(), self.runway.get_xdata()]
        )
        ys = np.concatenate(
            [track[:, NORTH], [north], self.waypoints.get_ydata(), self.runway.get_ydata()]
        )
        _square_limits(tv, xs, ys)
        if targets is not None:
            x0, x1 = tv.get_xlim()
            length = 0.2 * (x1 - x0)
            a = targets.heading_deg * _DEG
            self.heading_ray.set_data(
                [east, east + length * math.sin(a)], [north, north + length * math.cos(a)]
            )
        else:
            self.heading_ray.set_data([], [])


class _Tape:
    """A moving tape centred on the value (±span/2) with labels every ``step``, the
    target as a magenta marker on its edge. Its own ticks and labels (no matplotlib
    axis: they cost most of a frame)."""

    def __init__(
        self,
        fig: Figure,
        box: tuple[float, float, float, float],
        span: float,
        step: float,
        *,
        vertical: bool,
        fmt: str = "{:.0f}",
        modulo: float | None = None,
    ):
        from matplotlib.patches import Rectangle

        ax: Axes = fig.add_axes(box)
        ax.set_axis_off()
        ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes, color="#303030", zorder=0))
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        # the value's index on the tick side, clear of the labels
        centre = ([0.0, 0.12], [0.5, 0.5]) if vertical else ([0.5, 0.5], [0.55, 1.0])
        ax.plot(*centre, color="yellow", lw=3, transform=ax.transAxes, zorder=3)
        (self.ticks,) = ax.plot([], [], color="white", lw=1)
        place: dict[str, Any] = (
            {"ha": "right", "va": "center"} if vertical else {"ha": "center", "va": "bottom"}
        )
        self.labels = [
            ax.text(0, 0, "", color="white", fontsize=6, clip_on=True, **place)
            for _ in range(int(span / step) + 2)
        ]
        marker = "<" if vertical else "v"
        (self.target,) = ax.plot([], [], marker, color=_TARGET, ms=7, clip_on=False, zorder=4)
        self.ax, self.span, self.step, self.vertical = ax, span, step, vertical
        self.fmt, self.modulo = fmt, modulo

    def show(self, value: float, target: float | None) -> None:
        """Centre the tape on ``value``; mark ``target`` (clamped to the tape), or none."""
        low, high = value - self.span / 2, value + self.span / 2
        marks = np.arange(math.ceil(low / self.step), math.floor(high / self.step) + 1) * self.step
        across = np.tile([1.0, 0.85, np.nan], len(marks))
        along = np.repeat(marks, 3)
        if self.vertical:
            self.ax.set_ylim(low, high)
            self.ticks.set_data(across, along)
        else:
            self.ax.set_xlim(low, high)
            self.ticks.set_data(along, across)
        for i, label in enumerate(self.labels):
            label.set_visible(i < len(marks))
            if i < len(marks):
                label.set_text(self.fmt.format(marks[i] % self.modulo if self.modulo else marks[i]))
                label.set_position((0.8, marks[i]) if self.vertical else (marks[i], 0.1))
        if target is None:
            self.target.set_data([], [])
        else:
            clamped = min(max(target, low), high)
            self.target.set_data(*(([1.0], [clamped]) if self.vertical else ([clamped], [1.0])))


def _on_arc(angle: float) -> tuple[list[float], list[float]]:
    """A point just inside the bank scale at bank ``angle`` [rad] (0 at the top)."""
    r = _BANK_RADIUS - 0.07
    return [-r * math.sin(angle)], [r * math.cos(angle)]


def _target_line(t: AutopilotTargets) -> str:
    """The targets in words: ``"target  heading 090°  5000 ft  110 kt"``."""
    parts = []
    if t.bank_deg is not None:
        parts.append(f"bank {t.bank_deg:+.0f}°")
    else:
        parts.append(f"heading {t.heading_deg % 360:05.1f}°")
    if t.pitch_deg is not None:
        parts.append(f"pitch {t.pitch_deg:+.1f}°")
    else:
        climb = f" ({t.climb_fps * 60:+.0f} ft/min)" if t.climb_fps else ""
        parts.append(f"altitude {t.altitude_ft:.0f} ft{climb}")
    parts.append(f"{t.kcas:.0f} kt")
    return "target  " + "  ".join(parts)


def _square_limits(ax: Axes, xs: np.ndarray, ys: np.ndarray) -> None:
    """Limits holding every point with equal scales on both axes (ft per px)."""
    bbox = ax.get_position()
    ratio = (bbox.height * FRAME_SIZE_PX[1]) / (bbox.width * FRAME_SIZE_PX[0])
    cx, cy = (xs.min() + xs.max()) / 2, (ys.min() + ys.max()) / 2
    half_w = max((xs.max() - xs.min()) / 2, (ys.max() - ys.min()) / 2 / ratio, 500.0) * 1.3
    ax.set_xlim(cx - half_w, cx + half_w)
    ax.set_ylim(cy - half_w * ratio, cy + half_w * ratio)
