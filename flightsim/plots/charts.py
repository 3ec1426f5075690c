"""Generic figures of tables: a metric against a parameter, and distributions per group.

The pages of evaluation, parameter-sweep and trim-envelope reports are made of
these, with the same contract as every figure function: data first (a
:class:`~flightsim.plots.data_table.Table`, or a Recording), ``units=``,
``fig=``/``ax=``, and a :class:`~flightsim.plots.handles.PlotHandle` back whose
``lines[(column, group)]`` are the drawn lines. Group ``i`` of ``by=`` (a
controller, a configuration) gets run colour ``i``; several ``y`` columns on one
axes are told apart by line style. Labels carry each column's unit.

Unknown columns are a :class:`~flightsim.errors.PropertyError` with close
names: a table's columns are chosen by the caller, not by what a run recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from flightsim.errors import ConfigError
from flightsim.plots.canvas import (
    FigureLike,
    add_footnote,
    canvas_of,
    figure_of,
    new_figure,
    run_handles,
    set_title,
)
from flightsim.plots.data_table import Table, as_table
from flightsim.plots.decimate import DEFAULT_MAX_POINTS, minmax_indices
from flightsim.plots.handles import PlotHandle
from flightsim.plots.quantities import check_unit_system, unit_label
from flightsim.plots.style import line_style, run_color, style_context
from flightsim.recording import Recording

TableData = Table | Recording
"""What the generic figures take: a Table, or a Recording (its columns and time)."""


def plot_xy(
    data: TableData,
    *,
    x: str,
    y: str | Sequence[str],
    by: str | None = None,
    units: str = "imperial",
    title: str | None = None,
    sort: bool = True,
    marker: str = "o",
    fig: FigureLike | None = None,
    ax: Axes | None = None,
    max_points: int = DEFAULT_MAX_POINTS,
) -> PlotHandle:
    """Column(s) ``y`` against column ``x``: a metric against a swept parameter.

    One line per ``y`` column (line style) and per group of rows sharing a value
    of ``by`` (colour, legend titled by ``by``'s label). Points are sorted by
    ``x`` within each line unless ``sort=False`` (a phase plot of a Recording,
    drawn in time order); ``marker`` marks each point (``""`` for none; none is
    drawn on lines longer than 200 points). Every ``y`` column must share one
    unit. Lines keyed ``(y column, group index)``. Title default: ``"<y> against <x>"``.
    """
    table = as_table(data)
    system = check_unit_system(units)
    columns = [y] if isinstance(y, str) else list(y)
    if not columns:
        raise ConfigError("plot_xy needs at least one y column")
    x_values, _ = table.values(x, system)
    shown = [table.values(name, system) for name in columns]
    y_units = list(dict.fromkeys(unit for _, unit in shown))
    if len(y_units) > 1:
        raise ConfigError(
            f"y columns {', '.join(columns)} have different units ({', '.join(y_units)}): "
            "plot them on separate axes"
        )
    y_label = table.label(columns[0]) if len(columns) == 1 else ", ".join(map(table.label, columns))
    name = title or f"{y_label} against {_lower_first(table.label(x))}"
    groups = table.groups(by)
    with style_context():
        axes = ax if ax is not None else (fig or new_figure()).add_subplot()
        canvas = canvas_of(axes, fig)
        handle = PlotHandle(name, figure_of(axes), [axes])
        for gi, (_group, mask) in enumerate(groups):
            for ci, (column, (values, _unit)) in enumerate(zip(columns, shown, strict=True)):
                xs, ys = x_values[mask], values[mask]
                order = np.argsort(xs, kind="stable") if sort else np.arange(len(xs))
                xs, ys = xs[order], ys[order]
                keep = minmax_indices(ys, max_points) if len(ys) > max_points else slice(None)
                (line,) = axes.plot(
                    xs[keep],
                    ys[keep],
                    color=run_color(gi),
                    linestyle=line_style(ci),
                    marker=marker if len(xs) <= 200 else "",
                    ms=5,
                )
                handle.lines[(column, gi)] = line
        axes.set_xlabel(table.axis_label(x, system))
        axes.set_ylabel(f"{y_label} [{unit_label(y_units[0])}]")
        _legend(axes, table, by, groups, [table.label(c) for c in columns])
        set_title(handle, canvas, ax)
        if ax is None:
            add_footnote(canvas, handle.notes)
    return handle


def _lower_first(text: str) -> str:
    """``"Wind speed"`` -> ``"wind speed"`` in a title; acronyms (``"CAS"``) stay."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def _legend(
    axes: Axes,
    table: Table,
    by: str | None,
    groups: Sequence[tuple[str, np.ndarray]],
    column_labels: Sequence[str],
) -> None:
    """Colour entries per group (titled by ``by``) and style entries per y column."""
    entries: list[Line2D] = []
    if by is not None:
        entries += run_handles([group for group, _mask in groups])
    if len(column_labels) > 1:
        entries += [
            Line2D([], [], color="0.25", linestyle=line_style(ci), label=label)
            for ci, label in enumerate(column_labels)
        ]
    if entries:
        axes.legend(handles=entries, title=table.label(by) if by else None, loc="best")


DistributionKind = Literal["box", "hist"]


def plot_distribution(
    data: TableData,
    *,
    column: str,
    by: str | None = None,
    kind: DistributionKind = "box",
    bins: int = 20,
    units: str = "imperial",
    title: str | None = None,
    fig: FigureLike | None = None,
    ax: Axes | None = None,
) -> PlotHandle:
    """The distribution of ``column`` per group of ``by`` (e.g. episode return per
    controller): side-by-side box plots (``kind="box"``: median line, quartile box,
    whiskers at 1.5 IQR, mean ◆, every value as a dot when there are few) or overlaid
    step histograms on shared bins (``kind="hist"``).

    Lines keyed ``(column, group index)``: the median line of a box, the step line
    of a histogram (its y data are the counts). NaN values are left out with a
    note. Title default: ``"<column> per <by>"`` (``"Distribution of <column>"``).
    """
    table = as_table(data)
    system = check_unit_system(units)
    if kind not in ("box", "hist"):
        raise ConfigError(f"unknown kind {kind!r}: use 'box' or 'hist'")
    values, unit = table.values(column, system)
    if values.dtype.kind != "f":
        raise ConfigError(f"column '{column}' holds text, not numbers: nothing to distribute")
    label = table.label(column)
    name = title or (f"{label} per {table.label(by)}" if by else f"Distribution of {label}")
    groups = table.groups(by)
    per_group = [values[mask] for _, mask in groups]
    dropped = sum(int(np.isnan(v).sum()) for v in per_group)
    per_group = [v[np.isfinite(v)] for v in per_group]
    axis_label = f"{label} [{unit_label(unit)}]"
    with style_context():
        axes = ax if ax is not None else (fig or new_figure()).add_subplot()
        canvas = canvas_of(axes, fig)
        handle = PlotHandle(name, figure_of(axes), [axes])
        if dropped:
            handle.notes.append(f"{dropped} NaN value(s) of {column} left out")
        names = [group or label for group, _ in groups]
        if kind == "box":
            _boxes(handle, axes, column, per_group, names)
            axes.set_ylabel(axis_label)
            if by:
                axes.set_xlabel(table.label(by))
        else:
            _histograms(handle, axes, column, per_group, bins)
            axes.set_xlabel(axis_label)
            axes.set_ylabel("Count [–]")
            if by:
                axes.legend(handles=run_handles(names), title=table.label(by))
        set_title(handle, canvas, ax)
        if ax is None:
            add_footnote(canvas, handle.notes)
    return handle


_DOTS_UP_TO = 60  # values per group drawn as dots on top of the box


def _boxes(
    handle: PlotHandle,
    axes: Axes,
    column: str,
    per_group: Sequence[np.ndarray],
    names: Sequence[str],
) -> None:
    drawn = axes.boxplot(
        list(per_group),
        tick_labels=list(names),
        showmeans=True,
        patch_artist=True,
        widths=0.5,
        meanprops={"marker": "D", "markerfacecolor": "white", "markeredgecolor": "0.2"},
        flierprops={"marker": "", "linestyle": "none"},
    )
    for gi, (box, median) in enumerate(zip(drawn["boxes"], drawn["medians"], strict=True)):
        box.set_facecolor(run_color(gi))
        box.set_alpha(0.35)
        median.set_color(run_color(gi))
        median.set_linewidth(2.0)
        handle.lines[(column, gi)] = median
    rng = np.random.default_rng(0)  # fixed jitter: the same figure every time
    for gi, values in enumerate(per_group):
        if 0 < len(values) <= _DOTS_UP_TO:
            jitter = rng.uniform(-0.12, 0.12, len(values))
            axes.plot(gi + 1 + jitter, values, "o", color=run_color(gi), ms=4, alpha=0.8)
    axes.grid(axis="x", visible=False)


def _histograms(
    handle: PlotHandle, axes: Axes, column: str, per_group: Sequence[np.ndarray], bins: int
) -> None:
    finite = np.concatenate(list(per_group)) if per_group else np.array([])
    edges = np.histogram_bin_edges(finite if finite.size else np.array([0.0, 1.0]), bins)
    for gi, values in enumerate(per_group):
        counts, _ = np.histogram(values, edges)
        (line,) = axes.step(
            edges, np.append(counts, counts[-1]), where="post", color=run_color(gi), lw=1.8
        )
        axes.fill_between(
            edges, np.append(counts, counts[-1]), step="post", color=run_color(gi), alpha=0.12
        )
        handle.lines[(column, gi)] = line
