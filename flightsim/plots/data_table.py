"""Tables of results with units: what evaluations, parameter sweeps and trim envelopes plot.

A :class:`Table` is named columns of equal length, numbers or text, each with
a unit. It is the data of the generic figures (:func:`~flightsim.plots.charts.plot_xy`,
:func:`~flightsim.plots.charts.plot_distribution`) the way a Recording is the data
of the time histories; a Recording converts with :meth:`Table.from_recording`
(its time column included), and every function that takes a Table takes a
Recording too.

A column's unit is, in order: the ``units`` given for it; the unit of its name
read as a JSBSim property (``wind-kts`` -> kt, ``error-ft`` -> ft, see
:func:`flightsim.units.property_unit`); ``"-"`` (dimensionless). Shown values are
converted to the chosen unit system like every figure's (``ft`` -> ``m`` with
``units="si"``), through :mod:`flightsim.plots.quantities`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from flightsim.errors import ConfigError, PropertyError, suggest
from flightsim.plots.pages import TablePage
from flightsim.plots.quantities import UnitSystem, display_unit, to_display, unit_label
from flightsim.plots.style import with_minus_sign
from flightsim.recording import TIME_COLUMN, Recording
from flightsim.units import property_unit

Cell = float | int | str
"""One value of a table built from rows."""


@dataclass(frozen=True)
class Table:
    """Named columns of equal length with units and axis labels.

    ``columns`` maps a name to its values (numbers become float arrays, anything
    else text); ``units`` and ``labels`` override a column's unit and axis label
    (default: see the module docstring, and the column name).
    """

    columns: Mapping[str, np.ndarray | Sequence[Cell]]
    units: Mapping[str, str] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        arrays = {name: _as_column(name, values) for name, values in self.columns.items()}
        lengths = {name: len(values) for name, values in arrays.items()}
        if len(set(lengths.values())) > 1:
            sizes = ", ".join(f"{name}: {n}" for name, n in lengths.items())
            raise ConfigError(f"table columns differ in length ({sizes}): give one value per row")
        for key in (*self.units, *self.labels):
            if key not in arrays:
                raise PropertyError(
                    f"units/labels name '{key}', which is no column.{suggest(key, arrays)}"
                )
        object.__setattr__(self, "columns", arrays)

    @classmethod
    def from_rows(
        cls,
        rows: Sequence[Mapping[str, Cell]],
        *,
        units: Mapping[str, str] | None = None,
        labels: Mapping[str, str] | None = None,
    ) -> Table:
        """A table from one mapping per row (e.g. one per evaluation episode or sweep
        point); every row must have the same keys."""
        if not rows:
            raise ConfigError("no rows: a table needs at least one")
        names = list(rows[0])
        for number, row in enumerate(rows, 1):
            if set(row) != set(names):
                raise ConfigError(
                    f"row {number} has columns {sorted(row)}, row 1 has {sorted(names)}"
                )
        columns = {name: [row[name] for row in rows] for name in names}
        return cls(columns, dict(units or {}), dict(labels or {}))

    @classmethod
    def from_recording(cls, recording: Recording) -> Table:
        """The columns of ``recording``, ``sim-time-sec`` [s] first, with their units."""
        columns: dict[str, np.ndarray] = {TIME_COLUMN: recording.time_s, **recording.columns}
        return cls(columns, {name: recording.unit(name) for name in columns})

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()), ()))

    @property
    def names(self) -> list[str]:
        """Column names, in order."""
        return list(self.columns)

    def __getitem__(self, name: str) -> np.ndarray:
        try:
            return np.asarray(self.columns[name])
        except KeyError:
            raise PropertyError(
                f"no column '{name}' in this table.{suggest(name, self.columns)} "
                f"Columns: {', '.join(self.columns) or 'none'}"
            ) from None

    def unit(self, name: str) -> str:
        """The unit of column ``name`` as stored."""
        self[name]  # raises for an unknown name
        return self.units.get(name) or property_unit(name) or "-"

    def label(self, name: str) -> str:
        """The axis label of column ``name`` (without unit)."""
        self[name]
        return self.labels.get(name, name)

    def values(self, name: str, units: UnitSystem) -> tuple[np.ndarray, str]:
        """Column ``name`` in the display unit of ``units``, and that unit."""
        values, unit = self[name], self.unit(name)
        if values.dtype.kind != "f":
            return values, unit
        target = display_unit(unit, units)
        return to_display(values, unit, target), target

    def axis_label(self, name: str, units: UnitSystem) -> str:
        """``"Tracking error [m]"``: the column's label and display unit."""
        _, unit = self.values(name, units)
        return f"{self.label(name)} [{unit_label(unit)}]"

    def groups(self, by: str | None) -> list[tuple[str, np.ndarray]]:
        """``(group name, row mask)`` per distinct value of column ``by``, in order of first
        appearance (one group ``""`` of every row when ``by`` is None)."""
        if by is None:
            return [("", np.ones(len(self), dtype=bool))]
        keys = self[by]
        seen = list(dict.fromkeys(keys.tolist()))
        return [(_group_name(value), keys == value) for value in seen]


def as_table(data: Table | Recording) -> Table:
    """``data`` as a Table (a Recording through :meth:`Table.from_recording`)."""
    if isinstance(data, Table):
        return data
    if isinstance(data, Recording):
        return Table.from_recording(data)
    raise ConfigError(f"expected a Table or a Recording, got a {type(data).__name__}")


def table_page(
    title: str,
    table: Table,
    *,
    columns: Sequence[str] | None = None,
    units: UnitSystem = "imperial",
    digits: int = 3,
) -> TablePage:
    """A report page showing ``columns`` (default all) of ``table``, headed by label and
    unit, numbers in ``units`` with ``digits`` significant digits."""
    names = list(columns) if columns is not None else table.names
    shown = [table.values(name, units) for name in names]
    header = tuple(
        table.label(n) if v.dtype.kind != "f" else f"{table.label(n)} [{unit_label(u)}]"
        for n, (v, u) in zip(names, shown, strict=True)
    )
    rows = tuple(tuple(_cell(values[i], digits) for values, _ in shown) for i in range(len(table)))
    return TablePage(title, header, rows)


def _as_column(name: str, values: np.ndarray | Sequence[Cell]) -> np.ndarray:
    array = np.asarray(values)
    if array.ndim != 1:
        raise ConfigError(f"column '{name}' has shape {array.shape}: give one value per row")
    if array.dtype.kind in "iufb":
        return array.astype(float)
    return array.astype(str)


def _group_name(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _cell(value: object, digits: int) -> str:
    """A number to ``digits`` significant digits, without exponent from 0.001 up."""
    if not isinstance(value, (float, np.floating)):
        return str(value)
    number = float(value) + 0.0  # no "-0"
    if abs(number) >= 10.0**digits:
        return with_minus_sign(f"{number:,.0f}")
    return with_minus_sign(f"{number:.{digits}g}")
