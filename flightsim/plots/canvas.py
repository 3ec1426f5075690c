"""Shared plumbing of the figure functions: inputs, labels, where to draw, legends."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D

from flightsim.errors import ConfigError
from flightsim.plots.handles import PlotHandle
from flightsim.plots.style import FIGURE_SIZE_IN, run_color
from flightsim.recording import Recording

Recordings = Recording | Sequence[Recording]
"""One recording or several (overlaid, one colour each)."""
AxesArg = Axes | Sequence[Axes] | None
"""Where to draw: one Axes, one Axes per panel, or ``None`` for new axes."""
FigureLike = Figure | SubFigure
"""What ``fig=`` accepts: a Figure or a SubFigure of one (``fig.subfigures(1, 2)``)."""


def as_list(recordings: Recordings) -> list[Recording]:
    """``recordings`` as a non-empty list; an empty recording is a ConfigError."""
    recs = [recordings] if isinstance(recordings, Recording) else list(recordings)
    if not recs:
        raise ConfigError("no recordings to plot: give at least one")
    for index, rec in enumerate(recs):
        if not isinstance(rec, Recording):
            raise ConfigError(f"item {index} is a {type(rec).__name__}, not a Recording")
        if len(rec) == 0:
            name = rec.meta.get("label") or f"run {index + 1}"
            raise ConfigError(f"recording '{name}' has no samples: nothing to plot")
    return recs


def run_labels(recordings: Sequence[Recording], labels: Sequence[str] | None) -> list[str]:
    """Legend labels: ``labels`` if given, else each run's ``meta["label"]`` or ``run N``."""
    if labels is not None:
        if len(labels) != len(recordings):
            raise ConfigError(
                f"{len(labels)} label(s) for {len(recordings)} recording(s): give one per recording"
            )
        return [str(label) for label in labels]
    return [str(rec.meta.get("label") or f"run {i + 1}") for i, rec in enumerate(recordings)]


def new_figure() -> Figure:
    """A new figure of the default size, registered with pyplot so ``plt.show()`` shows it."""
    import matplotlib.pyplot as plt

    return plt.figure(figsize=FIGURE_SIZE_IN, layout="constrained")


def panel_axes(
    count: int, fig: FigureLike | None, ax: AxesArg, *, sharex: bool = True
) -> list[Axes]:
    """``count`` stacked axes: the given ones, or new ones in ``fig`` (or a new figure)."""
    if ax is not None:
        given = [ax] if isinstance(ax, Axes) else list(ax)
        if len(given) != count:
            raise ConfigError(f"this figure draws {count} panel(s): pass ax= with {count} Axes")
        return given
    figure = fig if fig is not None else new_figure()
    grid = figure.subplots(count, 1, sharex=sharex, squeeze=False)
    return [row[0] for row in grid]


def figure_of(axes: Axes) -> Figure:
    """The top-level figure holding ``axes`` (also when it sits in a subfigure)."""
    figure = axes.get_figure(root=True)
    if figure is None:
        raise ConfigError("these axes belong to no figure")
    return figure


def canvas_of(axes: Axes, fig: FigureLike | None) -> FigureLike:
    """Where a figure's title, legend and notes go: ``fig`` when given, else the
    (sub)figure directly holding ``axes``."""
    if fig is not None:
        return fig
    holder = axes.get_figure(root=False)
    if holder is None:
        raise ConfigError("these axes belong to no figure")
    return holder


def owns_title(ax: AxesArg) -> bool:
    """Whether the title goes on the figure (``True``) or on the first given axes."""
    return ax is None


def set_title(handle: PlotHandle, canvas: FigureLike, ax: AxesArg) -> None:
    """Title ``canvas`` (when flightsim made the axes) or the first given axes."""
    if owns_title(ax):
        canvas.suptitle(handle.title)
    else:
        handle.axes[0].set_title(handle.title)


def run_handles(labels: Sequence[str]) -> list[Line2D]:
    """Legend entries in the run colours, one per label in order."""
    return [
        Line2D([], [], color=run_color(i), lw=2.0, label=label) for i, label in enumerate(labels)
    ]


def add_run_legend(canvas: FigureLike, axes: Axes, labels: Sequence[str], on_figure: bool) -> None:
    """One legend entry per run (its colour): under the figure title when the figure is ours.

    With constrained layout the legend gets its own row above the panels; in a
    :func:`report_figure` it sits in the band its fixed margins keep free.
    """
    if len(labels) < 2:
        return
    handles = run_handles(labels)
    columns = min(len(labels), 6)
    if not on_figure:
        axes.legend(handles, labels, loc="upper right")
    elif isinstance(canvas.get_layout_engine(), ConstrainedLayoutEngine):
        canvas.legend(handles, labels, loc="outside upper center", ncols=columns, frameon=False)
    else:
        top = canvas.subplotpars.top
        canvas.legend(
            handles,
            labels,
            loc="lower center",
            bbox_to_anchor=(0.5, top + 0.01),
            ncols=columns,
            frameon=False,
        )


FOOTNOTE_GID = "flightsim-notes"
"""``gid`` of the footnote text :func:`add_footnote` puts on a figure."""
_FOOTNOTE_CHARS = 170  # characters per footnote line at the default size
_FOOTNOTE_LINE = 0.022  # height of one footnote line, fraction of a 7.5 in figure


def add_footnote(canvas: FigureLike, notes: Sequence[str]) -> float:
    """Write ``notes`` (what a figure left out and why) small at the bottom of ``canvas``.

    PDF pages and PNG files then carry the note, not only the HTML text. The
    plotting area moves up to make room: fixed margins grow, a constrained
    layout gets a smaller rectangle. Once per canvas (a second call does nothing).
    Returns the height it took, as a fraction of the canvas (0 when none).
    """
    if not notes or any(t.get_gid() == FOOTNOTE_GID for t in canvas.texts):
        return 0.0
    lines = textwrap.wrap("Note: " + "; ".join(notes), _FOOTNOTE_CHARS)
    text = canvas.text(0.01, 0.008, "\n".join(lines), fontsize=8, color="0.3", va="bottom")
    text.set_gid(FOOTNOTE_GID)
    if not isinstance(canvas, Figure):
        return 0.0  # a SubFigure: the root figure's layout belongs to whoever made it
    height = float(_FOOTNOTE_LINE * len(lines) * FIGURE_SIZE_IN[1] / canvas.get_size_inches()[1])
    engine = canvas.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        engine.set(rect=(0.0, height + 0.01, 1.0, 1.0 - height - 0.01))
    else:
        canvas.subplots_adjust(bottom=canvas.subplotpars.bottom + height)
    return height + 0.01


REPORT_MARGINS = {"left": 0.085, "right": 0.975, "bottom": 0.075, "top": 0.885, "hspace": 0.18}
"""Fixed subplot margins of report pages (fractions of the figure), room for title and legend."""


def report_figure(size_in: tuple[float, float] = FIGURE_SIZE_IN) -> Figure:
    """A figure with fixed margins (no layout engine) for report pages.

    Constrained layout measures every tick label before drawing and doubles
    the cost of saving a figure; report pages have a known size and content,
    so fixed margins read the same at half the time.
    """
    figure = Figure(figsize=size_in)
    figure.subplots_adjust(**REPORT_MARGINS)
    return figure
