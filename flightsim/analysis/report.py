"""Reports of analyses: pages for :func:`flightsim.plots.write_pages`.

:func:`analysis_report` (modes table, mode map, step responses, the linear
model's matrices) and :func:`envelope_report` (envelope maps coloured by
throttle and by alpha, and the table of points) build a
:class:`~flightsim.plots.Report`; ``write_pages(report, "out.html")`` (or
``.pdf``) writes it.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from matplotlib.figure import Figure

from flightsim.analysis.analyze import Analysis
from flightsim.analysis.eigenmodes import Mode
from flightsim.analysis.envelope import Envelope
from flightsim.plots.analysis import plot_envelope, plot_mode_map, plot_step_comparison
from flightsim.plots.handles import PlotResult
from flightsim.plots.pages import FigurePage, Report, ReportPage, TablePage

__all__ = ["MODE_TABLE_HEADER", "analysis_report", "envelope_report", "mode_rows"]

MODE_TABLE_HEADER = (
    "mode",
    "eigenvalue [1/s]",
    "ζ",
    "ωn [rad/s]",
    "period [s]",
    "τ [s]",
    "t½ / t2 [s]",
    "MIL-F-8785C level",
)


def _number(value: float | None, digits: int = 3) -> str:
    if value is None or not math.isfinite(value):
        return "-"
    return f"{value:.{digits}g}"


def mode_rows(modes: list[Mode]) -> tuple[tuple[str, ...], ...]:
    """One text row per mode, columns as :data:`MODE_TABLE_HEADER`."""
    rows = []
    for m in modes:
        v = m.eigenvalue
        value = f"{v.real:.4g} ± {v.imag:.4g}j" if v.imag > 0 else f"{v.real:.4g}"
        if m.time_to_half_s is not None:
            half = f"t½ {_number(m.time_to_half_s)}"
        elif m.time_to_double_s is not None:
            half = f"t2 {_number(m.time_to_double_s)}"
        else:
            half = "-"
        rows.append(
            (
                m.name,
                value,
                _number(m.damping),
                _number(m.natural_frequency_rad_s),
                _number(m.period_s),
                _number(m.time_constant_s),
                half,
                "-" if m.level is None else str(m.level),
            )
        )
    return tuple(rows)


def analysis_report(analysis: Analysis, title: str | None = None) -> Report:
    """Modes, mode map, step responses and the state-space matrices of one analysis."""
    model = analysis.model
    point = model.point
    pages: list[ReportPage] = [
        TablePage(
            "Modes",
            MODE_TABLE_HEADER,
            mode_rows(analysis.modes),
            notes=(
                f"Levels for MIL-F-8785C class {analysis.aircraft_class}, category "
                f"{analysis.category}; '-' where no criterion applies. 'other': engine, "
                "heading, position and altitude states.",
            ),
        ),
        FigurePage("Mode map", lambda fig: plot_mode_map(analysis.modes, fig=fig)),
        FigurePage("Step responses", lambda fig: plot_step_comparison(analysis.step, fig=fig)),
        _matrix_page("A (state matrix)", model.A, model.states, model.states),
        _matrix_page("B (input matrix)", model.B, model.states, model.inputs),
    ]
    units = ", ".join(f"{s} [{u}]" for s, u in zip(model.states, model.state_units, strict=True))
    facts = (
        ("aircraft", str(point["aircraft"])),
        ("altitude", f"{float(point['altitude_ft']):.0f} ft"),
        ("airspeed", f"{float(point['kcas']):.1f} KCAS, {float(point['ktas']):.1f} KTAS"),
        ("weight", f"{float(point['weight_lbf']):.0f} lbf"),
        ("trim", str(point["trim_mode"])),
        ("states", units),
        ("linear vs nonlinear, largest error", f"{analysis.step.max_error:.2%}"),
        (
            "drift with no input, over the step response",
            f"{analysis.step.drift_ratio:.2g} (above 0.05: the trim is not an equilibrium "
            "of the flown model; the step's effect is compared)",
        ),
    )
    name = title or f"{point['aircraft']}: flight-dynamics analysis"
    return Report(name, tuple(pages), facts)


def _matrix_page(
    title: str, matrix: np.ndarray, rows: tuple[str, ...], columns: tuple[str, ...]
) -> TablePage:
    body = tuple((row, *(f"{value:.4g}" for value in matrix[i])) for i, row in enumerate(rows))
    return TablePage(title, ("", *columns), body)


def _envelope_draw(envelope: Envelope, color: str, setting: int) -> Callable[[Figure], PlotResult]:
    def draw(fig: Figure) -> PlotResult:
        return plot_envelope(envelope, color=color, setting=setting, fig=fig)

    return draw


def envelope_report(envelope: Envelope, title: str | None = None) -> Report:
    """Envelope maps (throttle, alpha) for each setting, and the table of points."""
    pages: list[ReportPage] = []
    for index, setting in enumerate(envelope.settings or ({},)):
        label = ", ".join(f"{k}={v:g}" for k, v in setting.items())
        suffix = f" ({label})" if label else ""
        for color in ("throttle", "alpha"):
            pages.append(
                FigurePage(
                    f"Trim envelope, {color}{suffix}", _envelope_draw(envelope, color, index)
                )
            )
    header = (
        "altitude [ft]",
        "KCAS [kt]",
        "setting",
        "trimmed",
        "α [deg]",
        "throttle",
        "pitch cmd",
        "reason",
    )
    rows = tuple(
        (
            f"{p.altitude_ft:.0f}",
            f"{p.kcas:.0f}",
            ", ".join(f"{k}={v:g}" for k, v in p.setting.items()) or "-",
            "yes" if p.trimmed else "no",
            _number(p.alpha_deg),
            _number(p.throttle),
            _number(p.elevator),
            p.reason or "",
        )
        for p in envelope.points
    )
    pages.append(TablePage("Points", header, rows))
    facts = (
        ("aircraft", envelope.aircraft),
        ("trim", envelope.mode),
        ("points", f"{len(envelope.points)} ({len(envelope.trimmed)} trimmed)"),
        ("computed in", f"{envelope.wall_s:.1f} s on {envelope.workers} process(es)"),
    )
    return Report(title or f"{envelope.aircraft}: trim envelope", tuple(pages), facts)
