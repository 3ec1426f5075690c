"""Drawing an environment: an instrument panel beside the trajectory (matplotlib).

Left: an attitude indicator (sky/ground split by the horizon, turned by the
bank and shifted by the pitch, with the task's bank/pitch command as a
marker when it has one), the heading, and altitude and airspeed tapes with
their targets. Right: the flown track seen from above (north up, east right,
feet) with the task's waypoints or runway threshold.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from flightsim.envs.tasks.base import H_SL, PHI, PSI, THETA, VC

if TYPE_CHECKING:
    from flightsim.envs.env import FlightEnv

_PITCH_SCALE = 1.0 / (30.0 * math.pi / 180.0)
"""Horizon shift per radian of pitch (30° fills the instrument's half height)."""


class Renderer:
    """A figure redrawn from the environment's state at each :meth:`draw`."""

    def __init__(self, *, human: bool) -> None:
        import matplotlib

        if human:
            import matplotlib.pyplot as plt

            self.figure = plt.figure(figsize=(8, 4), dpi=80)
            self._plt: Any = plt
        else:
            from matplotlib.backends.backend_agg import FigureCanvasAgg
            from matplotlib.figure import Figure

            self.figure = Figure(figsize=(8, 4), dpi=80)
            FigureCanvasAgg(self.figure)
            self._plt = None
        self._matplotlib = matplotlib
        self.human = human

    def draw(self, env: FlightEnv) -> np.ndarray | None:
        """Redraw; return the RGB frame (``rgb_array``) or show it (``human``)."""
        fig = self.figure
        fig.clear()
        s, north, east = env.local_state()
        task = env.task
        ai = fig.add_axes((0.02, 0.30, 0.36, 0.66))
        _attitude(ai, s, getattr(task, "bank_cmd", None), getattr(task, "pitch_cmd", None))
        ai.set_title(f"heading {math.degrees(s[PSI]) % 360:05.1f}°", fontsize=9)
        alt_target = getattr(task, "altitude_cmd", None)
        speed_target = getattr(task, "kcas_cmd", None)
        _tape(fig.add_axes((0.40, 0.30, 0.05, 0.66)), s[H_SL], 1000.0, "ft", alt_target)
        _tape(fig.add_axes((0.02, 0.08, 0.43, 0.12)), s[VC], 40.0, "kt", speed_target, True)
        tv = fig.add_axes((0.55, 0.10, 0.42, 0.84))
        track = env.track
        tv.plot(track[:, 2], track[:, 1], color="tab:blue", lw=1.2)
        tv.plot([east], [north], "o", color="tab:blue")
        for wn, we, *_ in getattr(task, "waypoints", ()):
            tv.plot([we], [wn], "x", color="tab:red")
        threshold = getattr(task, "threshold", None)
        if threshold is not None:
            tv.plot([threshold[1]], [threshold[0]], "s", color="tab:red")
        tv.set_aspect("equal", adjustable="datalim")
        tv.set_xlabel("east [ft]", fontsize=8)
        tv.set_ylabel("north [ft]", fontsize=8)
        tv.tick_params(labelsize=7)
        tv.set_title(f"{task.name}  t = {env.elapsed_steps * env.agent_dt_s:.1f} s", fontsize=9)
        if self.human:
            self._plt.pause(0.001)
            return None
        canvas: Any = fig.canvas
        canvas.draw()
        frame: np.ndarray = np.asarray(canvas.buffer_rgba())[..., :3].copy()
        return frame

    def close(self) -> None:
        """Close the window (human mode)."""
        if self._plt is not None:
            self._plt.close(self.figure)


def _attitude(ax: Any, s: list[float], bank_cmd: float | None, pitch_cmd: float | None) -> None:
    """Sky above a horizon line turned by -φ and lowered by θ."""
    ax.set_xlim(-1, 1)
    ax.set_ylim(-1, 1)
    ax.set_xticks([])
    ax.set_yticks([])
    phi, theta = s[PHI], s[THETA]
    c, sn = math.cos(-phi), math.sin(-phi)
    offset = -theta * _PITCH_SCALE
    big = 4.0
    # ground polygon: a large square below the horizon, rotated
    corners = [(-big, offset), (big, offset), (big, offset - big), (-big, offset - big)]
    rotated = [(x * c - y * sn, x * sn + y * c) for x, y in corners]
    ax.set_facecolor("#6fa8dc")
    ax.fill(*zip(*rotated, strict=True), color="#8b5a2b")
    ax.plot([-0.4, -0.1, 0.0, 0.1, 0.4], [0, 0, -0.08, 0, 0], color="yellow", lw=3)
    if bank_cmd is not None and pitch_cmd is not None:
        y = (pitch_cmd - theta) * _PITCH_SCALE
        dx, dy = 0.6 * math.cos(bank_cmd - phi), 0.6 * math.sin(bank_cmd - phi)
        ax.plot([-dx, dx], [y + dy, y - dy], color="magenta", lw=1.5, ls="--")


def _tape(
    ax: Any,
    value: float,
    span: float,
    unit: str,
    target: float | None,
    horizontal: bool = False,
) -> None:
    """A moving tape centred on ``value`` showing ±span/2, with the target as a marker."""
    low, high = value - span / 2, value + span / 2
    ax.set_facecolor("#303030")
    if horizontal:
        ax.set_xlim(low, high)
        ax.set_yticks([])
        ax.axvline(value, color="white", lw=2)
        if target is not None:
            ax.axvline(min(max(target, low), high), color="magenta", lw=2)
        ax.set_xlabel(f"airspeed {value:.0f} {unit}", fontsize=8)
    else:
        ax.set_ylim(low, high)
        ax.set_xticks([])
        ax.axhline(value, color="white", lw=2)
        if target is not None:
            ax.axhline(min(max(target, low), high), color="magenta", lw=2)
        ax.set_title(f"{value:.0f} {unit}", fontsize=8)
    ax.tick_params(labelsize=6)
