"""Figures of flight-dynamics analyses: trim envelopes, mode maps, step responses.

Same contract as every figure function: data first (an
:class:`~flightsim.analysis.envelope.Envelope`, a list of
:class:`~flightsim.analysis.eigenmodes.Mode`, a
:class:`~flightsim.analysis.step.StepComparison`), ``fig=``/``ax=``, and a
:class:`~flightsim.plots.handles.PlotHandle` back. Imperial units (kt, ft,
deg, 1/s), as the analyses give them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.axes import Axes

from flightsim.errors import ConfigError
from flightsim.plots.canvas import (
    AxesArg,
    FigureLike,
    add_footnote,
    canvas_of,
    figure_of,
    new_figure,
    panel_axes,
    set_title,
)
from flightsim.plots.handles import PlotHandle
from flightsim.plots.style import run_color, style_context

if TYPE_CHECKING:
    from flightsim.analysis.eigenmodes import Mode
    from flightsim.analysis.envelope import Envelope
    from flightsim.analysis.step import StepComparison

__all__ = ["plot_envelope", "plot_mode_map", "plot_step_comparison"]

ENVELOPE_COLORS = {"throttle": ("throttle", "throttle [0-1]"), "alpha": ("alpha_deg", "α [deg]")}
"""``plot_envelope(color=...)`` choices: the point attribute and the colour bar label."""

_MODE_COLORS = {
    "short-period": 0,
    "phugoid": 1,
    "dutch-roll": 2,
    "roll": 3,
    "spiral": 4,
    "other": 7,
}
_DEGREES = {"rad": ("deg", 180.0 / math.pi), "rad/s": ("deg/s", 180.0 / math.pi)}
_SIGNAL_LABELS = {"vt": "true airspeed", "alpha": "α", "q": "pitch rate", "theta": "pitch θ"}


def plot_envelope(
    envelope: Envelope,
    *,
    color: str = "throttle",
    setting: int = 0,
    title: str | None = None,
    fig: FigureLike | None = None,
    ax: Axes | None = None,
) -> PlotHandle:
    """Trimmed points on calibrated airspeed [kt] x altitude [ft], coloured by ``color``
    (``throttle`` or ``alpha``); points that did not trim are grey crosses.

    ``setting`` picks one of the envelope's settings (index into
    ``envelope.settings``). Lines keyed ``("trimmed", 0)`` and ``("failed", 0)``.
    """
    if color not in ENVELOPE_COLORS:
        raise ConfigError(f"envelope colour '{color}': choose throttle or alpha")
    attribute, label = ENVELOPE_COLORS[color]
    chosen = envelope.settings[setting] if envelope.settings else {}
    points = [p for p in envelope.points if p.setting == chosen]
    good = [p for p in points if p.trimmed]
    bad = [p for p in points if not p.trimmed]
    name = title or f"{envelope.aircraft}: trim envelope ({envelope.mode}), colour: {color}"
    with style_context():
        axes = ax if ax is not None else (fig or new_figure()).add_subplot()
        canvas = canvas_of(axes, fig)
        handle = PlotHandle(name, figure_of(axes), [axes])
        values = np.array([getattr(p, attribute) for p in good], dtype=float)
        cloud = axes.scatter(
            [p.kcas for p in good],
            [p.altitude_ft for p in good],
            c=values if len(values) else None,
            cmap="viridis",
            s=60,
            marker="s",
        )
        if len(values):
            figure_of(axes).colorbar(cloud, ax=axes, label=label)
        (failed,) = axes.plot(
            [p.kcas for p in bad], [p.altitude_ft for p in bad], "x", color="0.55", ms=7
        )
        (trimmed,) = axes.plot([], [], "s", color=run_color(0), label="trimmed")
        failed.set_label("did not trim")
        handle.lines[("trimmed", 0)] = trimmed
        handle.lines[("failed", 0)] = failed
        axes.set_xlabel("calibrated airspeed [kt]")
        axes.set_ylabel("altitude [ft]")
        axes.legend(handles=[failed], loc="best", fontsize=8)
        if chosen:
            handle.notes.append(", ".join(f"{k} = {v:g}" for k, v in chosen.items()))
        set_title(handle, canvas, ax)
        if ax is None:
            add_footnote(canvas, handle.notes)
    return handle


def plot_mode_map(
    modes: Sequence[Mode],
    *,
    title: str = "Modes: eigenvalues in the complex plane",
    damping_lines: Sequence[float] = (0.1, 0.3, 0.5, 0.7),
    fig: FigureLike | None = None,
    ax: Axes | None = None,
) -> PlotHandle:
    """Root-locus-style map: each mode's eigenvalue(s) [1/s], coloured by mode name,
    with lines of constant damping ratio. Lines keyed ``(mode name, 0)``."""
    with style_context():
        axes = ax if ax is not None else (fig or new_figure()).add_subplot()
        canvas = canvas_of(axes, fig)
        handle = PlotHandle(title, figure_of(axes), [axes])
        extent = max([abs(m.eigenvalue) for m in modes] + [1.0]) * 1.1
        for zeta in damping_lines:
            angle = math.acos(zeta)
            for sign in (1.0, -1.0):
                axes.plot(
                    [0.0, -extent * math.cos(angle)],
                    [0.0, sign * extent * math.sin(angle)],
                    color="0.85",
                    lw=0.8,
                    zorder=0,
                )
            axes.annotate(
                f"ζ={zeta:g}",
                (-extent * 0.9 * math.cos(angle), extent * 0.9 * math.sin(angle)),
                fontsize=7,
                color="0.5",
            )
        axes.axhline(0.0, color="0.7", lw=0.8)
        axes.axvline(0.0, color="0.7", lw=0.8)
        for name, index in _MODE_COLORS.items():
            chosen = [m.eigenvalue for m in modes if m.name == name]
            if not chosen:
                continue
            real = [v.real for v in chosen] + [v.real for v in chosen if v.imag > 0]
            imag = [v.imag for v in chosen] + [-v.imag for v in chosen if v.imag > 0]
            marker = "o" if name == "other" else "x"
            (line,) = axes.plot(real, imag, marker, color=run_color(index), ms=8, mew=2, label=name)
            handle.lines[(name, 0)] = line
        axes.set_xlabel("real part [1/s]")
        axes.set_ylabel("imaginary part [rad/s]")
        axes.legend(loc="best", fontsize=8)
        set_title(handle, canvas, ax)
    return handle


def plot_step_comparison(
    comparison: StepComparison,
    *,
    title: str | None = None,
    fig: FigureLike | None = None,
    ax: AxesArg = None,
) -> PlotHandle:
    """Deviation from trim of each compared signal against time [s]: the nonlinear
    simulation (solid) and the linear model (dashed), one panel per signal
    (``ax=`` takes as many Axes). Lines keyed ``(signal, 0)`` nonlinear,
    ``(signal, 1)`` linear."""
    count = len(comparison.signals)
    name = title or (
        f"Step of {comparison.amount:+g} {comparison.input}: linear model against the "
        f"nonlinear simulation (largest error {comparison.max_error:.1%})"
    )
    with style_context():
        axes_list = panel_axes(count, fig, ax)
        canvas = canvas_of(axes_list[0], fig)
        handle = PlotHandle(name, figure_of(axes_list[0]), axes_list)
        for k, (signal, unit) in enumerate(zip(comparison.signals, comparison.units, strict=True)):
            shown_unit, factor = _DEGREES.get(unit, (unit, 1.0))
            axes = axes_list[k]
            (solid,) = axes.plot(
                comparison.time_s, comparison.nonlinear[:, k] * factor, color=run_color(0)
            )
            (dashed,) = axes.plot(
                comparison.time_s, comparison.linear[:, k] * factor, "--", color=run_color(1)
            )
            handle.lines[(signal, 0)] = solid
            handle.lines[(signal, 1)] = dashed
            label = _SIGNAL_LABELS.get(signal, signal)
            axes.set_ylabel(f"Δ{label} [{shown_unit}]", fontsize=8)
            axes.annotate(
                f"error {comparison.errors[signal]:.1%}",
                (0.99, 0.05),
                xycoords="axes fraction",
                ha="right",
                fontsize=7,
            )
        solid.set_label("nonlinear (JSBSim)")
        dashed.set_label("linear model")
        axes_list[0].legend(handles=[solid, dashed], loc="best", fontsize=8)
        axes_list[-1].set_xlabel("time [s]")
        set_title(handle, canvas, ax)
    return handle
