"""Tables drawn as figures: any text table, and the run summary table.

In HTML reports tables are real ``<table>`` elements; these figure versions
serve the PDF pages and anyone who wants a table in a matplotlib layout.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes

from flightsim.plots.canvas import (
    FigureLike,
    Recordings,
    add_footnote,
    as_list,
    canvas_of,
    figure_of,
    new_figure,
    run_labels,
    set_title,
)
from flightsim.plots.handles import PlotHandle
from flightsim.plots.quantities import check_unit_system
from flightsim.plots.stats import summary_contents
from flightsim.plots.style import run_color, style_context

SUMMARY_TITLE = "Run summary"


def plot_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    title: str,
    fig: FigureLike | None = None,
    ax: Axes | None = None,
    header_colors: Sequence[str] | None = None,
    notes: Sequence[str] = (),
) -> PlotHandle:
    """Draw a text table (``header`` then ``rows``) filling an axes without frame.

    ``header_colors`` colours the header cells' text (the run colours for a
    summary). The first column is left-aligned, the others right-aligned.
    ``notes`` go into the handle and, when the figure is ours, its footnote.
    """
    with style_context():
        axes = ax if ax is not None else (fig or new_figure()).add_subplot()
        axes.axis("off")
        handle = PlotHandle(title, figure_of(axes), [axes])
        body = [list(row) for row in rows]
        table = axes.table(cellText=body, colLabels=list(header), loc="upper center")
        table.auto_set_font_size(False)
        table.set_fontsize(10 if len(rows) < 24 else 8)
        table.auto_set_column_width(list(range(len(header))))
        table.scale(1.0, 1.4)
        for (row, col), cell in table.get_celld().items():
            cell.set_edgecolor("0.8")
            cell.get_text().set_horizontalalignment("left" if col == 0 else "right")
            if row == 0:
                cell.set_facecolor("0.93")
                cell.get_text().set_fontweight("bold")
                if header_colors is not None and col > 0:
                    cell.get_text().set_color(header_colors[col - 1])
        handle.table = table
        handle.notes.extend(notes)
        canvas = canvas_of(axes, fig)
        set_title(handle, canvas, ax)
        if ax is None:
            add_footnote(canvas, handle.notes)
    return handle


def plot_summary_table(
    recordings: Recordings,
    *,
    units: str = "imperial",
    labels: Sequence[str] | None = None,
    fig: FigureLike | None = None,
    ax: Axes | None = None,
) -> PlotHandle:
    """The run summary (duration, altitude range, load factors, bank, fuel, trim) as a table.

    One column per run, headed by its label in its run colour.
    """
    recs = as_list(recordings)
    names = run_labels(recs, labels)
    header, rows, notes = summary_contents(recs, names, check_unit_system(units))
    colors = [run_color(i) for i in range(len(recs))]
    return plot_table(
        header, rows, title=SUMMARY_TITLE, fig=fig, ax=ax, header_colors=colors, notes=notes
    )
