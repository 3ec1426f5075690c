"""What a figure function returns: a handle on what it drew, or why it drew nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.table import Table

from flightsim.errors import PropertyError


@dataclass
class PlotHandle:
    """A drawn figure: its figure, axes, lines and title.

    ``figure`` is the top-level Figure (``handle.figure.savefig(...)``), also when
    the function drew into a SubFigure of it.

    ``lines[(quantity_key, run_index)]`` is the line of one quantity of one run
    (keys such as ``"altitude"``, ``"kcas"``, ``"track"``; see
    :mod:`flightsim.plots.quantities`). ``notes`` say what was left out (a run
    that lacks a property others have). ``table`` is set by table figures.
    """

    title: str
    figure: Figure
    axes: list[Axes]
    lines: dict[tuple[str, int], Line2D] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    table: Table | None = None

    def line(self, quantity: str, run: int = 0) -> Line2D:
        """The line of ``quantity`` for run ``run`` (raises PropertyError when not drawn)."""
        try:
            return self.lines[(quantity, run)]
        except KeyError:
            drawn = sorted({f"{key}[{index}]" for key, index in self.lines})
            raise PropertyError(
                f"'{self.title}' has no line for {quantity!r} of run {run}; "
                f"drawn: {', '.join(drawn) or 'nothing'}"
            ) from None


@dataclass(frozen=True)
class MissingProperties:
    """A figure skipped because no run recorded what it needs.

    ``needed`` lists, per missing quantity, the JSBSim properties that could
    have supplied it (any one is enough). ``unusable`` names properties that were
    recorded but hold no finite value (NaN throughout).
    """

    title: str
    needed: tuple[tuple[str, tuple[str, ...]], ...]
    unusable: tuple[str, ...] = ()

    def __str__(self) -> str:
        reasons = []
        if self.needed:
            parts = [f"{label} ({' or '.join(props)})" for label, props in self.needed]
            reasons.append(f"not recorded: {'; '.join(parts)}")
        if self.unusable:
            reasons.append(f"no finite values: {'; '.join(self.unusable)}")
        return f"{self.title}: skipped, {'; '.join(reasons) or 'nothing to draw'}"


PlotResult = PlotHandle | MissingProperties
"""Every figure function returns one of these."""
