"""Batches: a base case, a grid of parameter values and/or Monte Carlo draws, metrics.

:class:`Batch` expands into cases (:meth:`Batch.cases`): the Cartesian product of
the ``grid`` values (in the order given, the last parameter varying fastest),
each combined with ``monte_carlo.n`` random draws of the ``monte_carlo``
distributions (or one case per grid point without Monte Carlo). Draw ``i`` is the
same for every grid point (common random numbers) and depends only on the
batch's ``seed`` and ``i``; each case gets a seed of its own from the same two
numbers, handed to factories that take a ``seed`` argument.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from flightsim.batch.cases import (
    Case,
    names_aircraft,
    parameter_name,
    parameter_unit,
    parameter_value,
)
from flightsim.batch.metrics import Metric, PropertyStatistic, resolve_metrics
from flightsim.errors import ConfigError, suggest
from flightsim.paths import find_aircraft
from flightsim.units import as_number, property_unit

__all__ = ["DISTRIBUTIONS", "Batch", "CaseSpec", "Distribution", "MonteCarlo", "grid_values"]

DISTRIBUTIONS = {
    "uniform": ("low", "high"),
    "normal": ("mean", "std"),
    "triangular": ("low", "mode", "high"),
    "choice": ("values",),
}
"""Distribution kinds and their arguments (in the parameter's unit)."""


@dataclass(frozen=True)
class Distribution:
    """A distribution to draw one parameter from: ``kind`` and its arguments.

    ``Distribution("uniform", low=90, high=110)``, ``Distribution("normal", mean=0,
    std=2)``, ``Distribution("triangular", low=0, mode=1, high=3)``,
    ``Distribution("choice", values=["c172p", "c310"])``.
    """

    kind: str
    args: Mapping[str, Any]

    def __init__(self, kind: str, **args: Any):
        if kind not in DISTRIBUTIONS:
            raise ConfigError(
                f"unknown distribution '{kind}'.{suggest(kind, DISTRIBUTIONS)} "
                f"Choose one of {', '.join(DISTRIBUTIONS)}"
            )
        wanted = DISTRIBUTIONS[kind]
        if set(args) != set(wanted):
            raise ConfigError(
                f"distribution '{kind}' takes {', '.join(wanted)}; got {', '.join(args) or 'none'}"
            )
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "args", dict(args))

    def converted(self, parameter: str) -> Distribution:
        """The distribution with its numbers in ``parameter``'s unit (``"5 m"`` → ft)."""
        if self.kind == "choice":
            values = [parameter_value(parameter, v) for v in self.args["values"]]
            if not values:
                raise ConfigError(f"{parameter}: a choice needs at least one value")
            return Distribution("choice", values=values)
        args = {k: float(parameter_value(parameter, v)) for k, v in self.args.items()}
        bad = [k for k, v in args.items() if not math.isfinite(v)]
        if bad or (self.kind == "normal" and args["std"] < 0):
            raise ConfigError(f"{parameter}: bad {self.kind} arguments {self.args}")
        if self.kind in ("uniform", "triangular") and not args["low"] <= args["high"]:
            raise ConfigError(f"{parameter}: low must not exceed high in {self.args}")
        return Distribution(self.kind, **args)

    def draw(self, rng: np.random.Generator) -> Any:
        a = self.args
        if self.kind == "uniform":
            return float(rng.uniform(a["low"], a["high"]))
        if self.kind == "normal":
            return float(rng.normal(a["mean"], a["std"]))
        if self.kind == "triangular":
            if a["low"] == a["high"]:
                return float(a["low"])
            return float(rng.triangular(a["low"], a["mode"], a["high"]))
        return a["values"][int(rng.integers(len(a["values"])))]


@dataclass(frozen=True)
class MonteCarlo:
    """``n`` random draws of each parameter of ``draws`` (name -> :class:`Distribution`)."""

    n: int
    draws: Mapping[str, Distribution]

    def __post_init__(self) -> None:
        n = as_number(self.n)
        if not isinstance(n, int) or n < 1:
            raise ConfigError(f"monte_carlo n must be a positive whole number, got {self.n!r}")
        object.__setattr__(self, "n", n)
        names = _known_names(self.draws, "drawn")
        converted = {names[name]: d.converted(name) for name, d in self.draws.items()}
        object.__setattr__(self, "draws", converted)

    def sample(self, seed: int, i: int) -> dict[str, Any]:
        """Draw ``i``: one value per parameter, from a generator seeded by ``(seed, i)``."""
        rng = np.random.default_rng([seed, i])
        return {name: self.draws[name].draw(rng) for name in self.draws}


@dataclass(frozen=True)
class CaseSpec:
    """One case of a batch: its number, swept parameter values, seed and full case."""

    case_id: int
    params: dict[str, Any]
    seed: int
    case: Case


@dataclass(frozen=True)
class Batch:
    """A base case, the parameters swept over it, and the metrics of each case.

    Arguments:
        base: the case every other is made from.
        grid: parameter name -> values, every combination flown.
        monte_carlo: random draws combined with each grid point.
        metrics: metric name -> a built-in ``"stat:property"``, a
            ``"module:function"`` or a function (see :mod:`flightsim.batch.metrics`).
        seed: the batch's seed (Monte Carlo draws and case seeds).
        timeout_s: [s] wall time after which one case is stopped as hung
            (default: 60 s plus 10 times its simulated duration).
        name: a title for reports.
    """

    base: Case
    grid: Mapping[str, Sequence[Any]] = field(default_factory=dict)
    monte_carlo: MonteCarlo | None = None
    metrics: Mapping[str, str | Metric] = field(default_factory=dict)
    seed: int = 0
    timeout_s: float | None = None
    name: str = "batch"
    metric_functions: dict[str, Metric] = field(init=False, repr=False, compare=False)
    """The metrics resolved to functions."""

    def __post_init__(self) -> None:
        names = _known_names(self.grid, "in the grid")
        grid = {names[n]: grid_values(self.base, n, values) for n, values in self.grid.items()}
        object.__setattr__(self, "grid", grid)
        object.__setattr__(self, "metric_functions", resolve_metrics(self.metrics))
        if self.monte_carlo is not None:
            both = set(grid) & set(self.monte_carlo.draws)
            if both:
                raise ConfigError(
                    f"{', '.join(sorted(both))}: both in the grid and drawn: choose one"
                )
        if not self.metric_functions:
            raise ConfigError("a batch needs at least one metric (e.g. 'max:position/h-sl-ft')")
        drawn = self.monte_carlo.draws.get("aircraft") if self.monte_carlo is not None else None
        choices = drawn.args["values"] if drawn is not None and drawn.kind == "choice" else []
        for aircraft in [self.base.aircraft, *grid.get("aircraft", []), *choices]:
            _check_aircraft(aircraft, self.base.aircraft_dirs)

    @property
    def parameters(self) -> list[str]:
        """The swept parameter names: grid first, then Monte Carlo draws."""
        drawn = list(self.monte_carlo.draws) if self.monte_carlo is not None else []
        return [*self.grid, *drawn]

    @property
    def case_timeout_s(self) -> float:
        """[s] the wall-time limit of one case."""
        if self.timeout_s is not None:
            return self.timeout_s
        longest = max([self.base.duration_s, *map(float, self.grid.get("duration_s", []))])
        return 60.0 + 10.0 * longest

    def units(self) -> dict[str, str]:
        """The unit of each parameter and metric column, where known (``"ft"``, ``"kt"``)."""
        units = {name: parameter_unit(name) for name in self.parameters}
        units.update(dict.fromkeys(self.metric_functions, ""))
        for name, metric in self.metric_functions.items():
            if isinstance(metric, PropertyStatistic):
                units[name] = property_unit(metric.prop)
        return {name: unit or "-" for name, unit in units.items()}

    def cases(self) -> list[CaseSpec]:
        """Every case, numbered from 0 in a fixed order."""
        points = list(itertools.product(*self.grid.values())) or [()]
        draws = self.monte_carlo.n if self.monte_carlo is not None else 1
        specs: list[CaseSpec] = []
        for point in points:
            for i in range(draws):
                params = dict(zip(self.grid, point, strict=True))
                if self.monte_carlo is not None:
                    params.update(self.monte_carlo.sample(self.seed, i))
                seed = int(np.random.SeedSequence([self.seed, i]).generate_state(1)[0])
                case = self.base.with_params(params)
                specs.append(CaseSpec(len(specs), params, seed, case))
        return specs

    def digest(self) -> str:
        """A fingerprint of the cases and metrics: a resumed batch must have the same."""
        description = {
            "base": self.base.describe(),
            "cases": [[s.params, s.seed] for s in self.cases()],
            "metrics": {name: name_of(m) for name, m in self.metric_functions.items()},
        }
        text = json.dumps(description, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def grid_values(base: Case, name: str, values: Any) -> list[Any]:
    """A grid entry's values in its parameter's unit; the name is checked on ``base``
    (``ic.kcass`` is refused, with the close names)."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence) or not values:
        raise ConfigError(f"grid '{name}': give a non-empty list of values")
    converted = [parameter_value(name, v) for v in values]
    base.with_params({name: converted[0]})
    return converted


def _known_names(params: Mapping[str, Any], where: str) -> dict[str, str]:
    """Each parameter name of ``params`` and the name it is known by (``ic.altitude``:
    ``ic.altitude_ft``, see :func:`~flightsim.batch.cases.parameter_name`); two names of
    one parameter are refused."""
    names: dict[str, str] = {}
    for name in params:
        known = parameter_name(name)
        same = next((given for given, other in names.items() if other == known), None)
        if same is not None:
            raise ConfigError(
                f"'{same}' and '{name}' are both {where}: they set the same parameter, "
                f"{known}; give one"
            )
        names[name] = known
    return names


def _check_aircraft(aircraft: Any, aircraft_dirs: tuple[Path, ...]) -> None:
    """Refuse an aircraft name or folder that cannot be found before any case runs
    (a factory's aircraft is checked when its case runs)."""
    if names_aircraft(aircraft):
        find_aircraft(aircraft, aircraft_dirs)


def name_of(metric: Metric) -> str:
    """A metric's name: ``"max:position/h-sl-ft"``, or its function's ``module:qualname``."""
    if isinstance(metric, PropertyStatistic):
        return str(metric)
    return f"{getattr(metric, '__module__', '')}:{getattr(metric, '__qualname__', '')}"
