"""Metrics: numbers computed from one case's Recording.

A metric is a function ``(recording) -> float``, a module-level function (so
that it can travel to worker processes) or a ``"module:function"`` reference.
Built-in metrics are named ``"<statistic>:<property>"``, in the property's unit:

=============  ====================================================
``max:P``      largest value of property ``P`` over the run
``min:P``      smallest value
``maxabs:P``   largest absolute value
``mean:P``     mean over the recorded rows (uniform in time)
``initial:P``  value at the first row (after the trim)
``final:P``    value at the last row
=============  ====================================================

Example: ``{"max_alt_ft": "max:position/h-sl-ft", "settle_s": "mypkg.metrics:settle_s"}``.
The properties of built-in metrics are recorded automatically.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from flightsim.batch.cases import resolve_reference
from flightsim.errors import ConfigError, suggest
from flightsim.recording import Recording

__all__ = ["STATISTICS", "Metric", "PropertyStatistic", "resolve_metrics"]

Metric = Callable[[Recording], float]
STATISTICS: dict[str, Callable[[np.ndarray], float]] = {
    "max": lambda v: float(np.max(v)),
    "min": lambda v: float(np.min(v)),
    "maxabs": lambda v: float(np.max(np.abs(v))),
    "mean": lambda v: float(np.mean(v)),
    "initial": lambda v: float(v[0]),
    "final": lambda v: float(v[-1]),
}


@dataclass(frozen=True)
class PropertyStatistic:
    """A built-in metric: ``statistic`` (a key of :data:`STATISTICS`) of property ``prop``."""

    statistic: str
    prop: str

    def __post_init__(self) -> None:
        if self.statistic not in STATISTICS:
            given = f"{self.statistic}:{self.prop}"
            close = suggest(given, [f"{s}:{self.prop}" for s in STATISTICS], n=1)
            raise ConfigError(
                f"unknown metric statistic '{self.statistic}'.{close}"
                f" Built-in metrics are {', '.join(s + ':<property>' for s in STATISTICS)}"
            )
        if not self.prop:
            raise ConfigError(f"metric '{self.statistic}:' names no property")

    def __call__(self, recording: Recording) -> float:
        values = recording[self.prop]
        if len(values) == 0:
            raise ValueError(f"nothing was recorded for {self.prop}")
        return STATISTICS[self.statistic](values)

    def __str__(self) -> str:
        return f"{self.statistic}:{self.prop}"


def resolve_metrics(metrics: Mapping[str, str | Metric]) -> dict[str, Metric]:
    """Metric names to functions: built-ins from ``"stat:property"``, others imported."""
    resolved: dict[str, Metric] = {}
    for name, spec in metrics.items():
        if not name or name != name.strip() or "," in name:
            raise ConfigError(f"metric name {name!r}: give a name without commas or edge spaces")
        statistic, _, prop = spec.partition(":") if isinstance(spec, str) else ("", "", "")
        if statistic.strip() in STATISTICS or "/" in prop:  # properties have slashes
            resolved[name] = PropertyStatistic(statistic.strip(), prop.strip())
        else:
            resolved[name] = resolve_reference(spec, f"metric '{name}'")
    return resolved


def metric_properties(metrics: Mapping[str, Metric]) -> list[str]:
    """The properties the built-in metrics read (to be recorded)."""
    return list(dict.fromkeys(m.prop for m in metrics.values() if isinstance(m, PropertyStatistic)))
