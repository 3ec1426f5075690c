"""A batch described in a TOML file (the format is documented in docs/batch.md).

::

    name = "elevator steps"
    seed = 1

    [case]
    aircraft = "c172p"
    duration_s = 20
    ic = { altitude_ft = 4000, kcas = 100 }

    [grid]
    "controls.fcs/elevator-cmd-norm" = [-0.1, 0.0, 0.1]

    [monte_carlo]
    n = 20
    [monte_carlo.draws]
    "properties.inertia/pointmass-weight-lbs[0]" = { dist = "uniform", low = 120, high = "90 kg" }

    [metrics]
    max_alt_ft = "max:position/h-sl-ft"

Every aircraft path in the file (``[case]``'s ``aircraft``, the grid's, the
Monte Carlo choices', ``aircraft_dirs``) is relative to the file's folder
(:func:`aircraft_in_file`); an aircraft name is looked up in ``aircraft_dirs``,
the project's and the bundled aircraft, never beside the file or in the current
folder. The file's folder is put on ``sys.path`` so that ``"module:function"``
references to modules beside the file import (in the worker processes too).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from flightsim.batch.cases import IC_NAMES, Case, ic_field, is_reference, property_value
from flightsim.batch.metrics import resolve_metrics
from flightsim.batch.sweep import Batch, Distribution, MonteCarlo, grid_values
from flightsim.errors import ConfigError, FlightsimError, NotFoundError, suggest
from flightsim.paths import Folders, folder_list, is_aircraft_path
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.tomlfile import line_of, read_toml

__all__ = ["aircraft_in_file", "load_batch"]

_TOP = ("name", "seed", "timeout_s", "aircraft_dirs", "case", "grid", "monte_carlo", "metrics")
_CASE = (
    "aircraft",
    "aircraft_args",
    "ic",
    "duration_s",
    "dt_s",
    "trim",
    "properties",
    "controls",
    "controller",
    "controller_args",
    "control_every",
    "record",
)
_MONTE_CARLO = ("n", "draws")


def load_batch(path: str | os.PathLike[str], aircraft_dirs: Folders = ()) -> Batch:
    """Read a :class:`~flightsim.batch.Batch` from a TOML file.

    ``aircraft_dirs`` (``--aircraft-dir``) are searched for aircraft names before the
    file's own ``aircraft_dirs``. Errors are :class:`~flightsim.errors.ConfigError`
    naming the file (and the line, where the key is found in it).
    """
    file = Path(path)
    given = [Path(d) for d in folder_list(aircraft_dirs)]
    data, lines = read_toml(file, "batch file")
    folder = str(file.resolve().parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    try:
        return _batch(data, file.resolve().parent, given)
    except NotFoundError as exc:
        message = str(exc)
        if message.startswith("unknown aircraft"):  # where a batch file names its folders
            message += (
                ' In a batch file: aircraft_dirs = ["DIR"] (relative to the file); a folder '
                'beside the file is a path: "./NAME".'
            )
        raise ConfigError(message, file=file) from None
    except ConfigError as exc:
        if exc.file is not None:
            raise
        line = line_of(lines, exc.key) if isinstance(exc, _KeyedError) else None
        raise ConfigError(str(exc), file=file, line=line) from None
    except FlightsimError as exc:
        raise ConfigError(str(exc), file=file) from None


def aircraft_in_file(value: Any, folder: Path) -> Any:
    """An aircraft as a batch file gives it, with a relative path made relative to the
    file's ``folder``: the one rule for every aircraft of the file. A path is what
    :func:`~flightsim.paths.is_aircraft_path` says (``planes/J3Cub``, ``./J3Cub``); a
    name (``J3Cub``) and a ``"module:function"`` factory are given back as they are."""
    if not isinstance(value, str) or is_reference(value) or not is_aircraft_path(value):
        return value
    return folder / Path(value).expanduser()  # an absolute path stays itself


def _batch(data: Mapping[str, Any], folder: Path, aircraft_dirs: list[Path]) -> Batch:
    _known(data, _TOP, "top-level key")
    case = _table(data, "case")
    _known(case, _CASE, "[case] key", "case")
    case_args = dict(case)
    dirs = data.get("aircraft_dirs", [])
    if not isinstance(dirs, list) or not all(isinstance(d, str) for d in dirs):
        raise _KeyedError('aircraft_dirs: give a list of folders, e.g. ["planes"]', "aircraft_dirs")
    case_args["aircraft_dirs"] = (*aircraft_dirs, *(folder / Path(d).expanduser() for d in dirs))
    ic = case_args.pop("ic", None)
    if ic is not None:
        try:
            case_args["ic"] = InitialConditions.from_user(**_ic_args(_table(case, "ic", "case")))
        except TypeError as exc:  # a value of the wrong type (on_ground = 1)
            raise ConfigError(f"[case.ic]: {exc}") from None
    if case_args.get("trim") is False:
        case_args["trim"] = None
    if "record" in case_args:
        record = case_args["record"]
        case_args["record"] = tuple([record] if isinstance(record, str) else record)
    if "aircraft" in case_args:
        case_args["aircraft"] = aircraft_in_file(case_args["aircraft"], folder)
    _check_case_values(case_args)
    base = Case(**case_args)
    monte = _table(data, "monte_carlo") if "monte_carlo" in data else None
    monte_carlo = None
    if monte is not None:
        _known(monte, _MONTE_CARLO, "[monte_carlo] key", "monte_carlo")
        table = _table(monte, "draws", "monte_carlo")
        draws = {name: _distribution(name, spec, folder, base) for name, spec in table.items()}
        monte_carlo = MonteCarlo(monte.get("n", 0), draws)
    grid = _table(data, "grid") if "grid" in data else {}
    if isinstance(grid.get("aircraft"), list):
        grid["aircraft"] = [aircraft_in_file(a, folder) for a in grid["aircraft"]]
    for name, values in grid.items():  # each entry's fault at its own line
        with _at(f"grid.{name}"):
            grid_values(base, name, values)
    metrics = _table(data, "metrics")
    for name, spec in metrics.items():
        with _at(f"metrics.{name}"):
            resolve_metrics({name: spec})
    return Batch(
        base,
        grid=grid,
        monte_carlo=monte_carlo,
        metrics=metrics,
        seed=int(data.get("seed", 0)),
        timeout_s=data.get("timeout_s"),
        name=str(data.get("name", "batch")),
    )


def _check_case_values(case_args: Mapping[str, Any]) -> None:
    """Check each value of [case] that ``Case`` checks on its own, so that a fault names
    the line of its key (``Case`` sees them all at once and knows no lines)."""
    for key in ("duration_s", "dt_s", "record"):
        if key in case_args:
            with _at(f"case.{key}"):
                Case(**{key: case_args[key]})
    for table in ("properties", "controls"):
        values = case_args.get(table)
        for name, value in values.items() if isinstance(values, Mapping) else ():
            with _at(f"case.{table}.{name}"):
                property_value(str(name), value, f"{table}.{name}")


_UNIT_FREE = {field: name for name, field in IC_NAMES.items()}
"""The argument of ``InitialConditions.from_user`` that sets each field it names otherwise."""


def _ic_args(table: Mapping[str, Any]) -> dict[str, Any]:
    """``from_user``'s arguments from [case.ic], which takes the names a grid takes: the
    field names (``altitude_ft``) or the unit-free ones (``altitude``), not both of one."""
    args: dict[str, Any] = {}
    given: dict[str, str] = {}
    for key, value in table.items():
        with _at(f"case.ic.{key}"):
            field_name = ic_field(key)
            if field_name in given:
                raise ConfigError(
                    f"[case.ic]: '{given[field_name]}' and '{key}' set the same initial "
                    f"condition, {field_name}; give one"
                )
            argument = _UNIT_FREE.get(field_name, field_name)
            try:  # alone: its fault at its line (what takes two values is checked after)
                InitialConditions.from_user(**{argument: value})
            except TypeError as exc:  # a value of the wrong type (on_ground = 1)
                raise ConfigError(f"[case.ic]: {exc}") from None
        given[field_name] = key
        args[argument] = value
    return args


def _distribution(name: str, spec: Any, folder: Path, base: Case) -> Distribution:
    key = f"monte_carlo.draws.{name}"
    if not isinstance(spec, Mapping) or "dist" not in spec:
        raise _KeyedError(
            f"draw '{name}': give a table such as {{ dist = \"uniform\", low = 1, high = 2 }}", key
        )
    args = dict(spec)
    kind = args.pop("dist")
    if name == "aircraft" and isinstance(args.get("values"), list):
        args["values"] = [aircraft_in_file(a, folder) for a in args["values"]]
    try:
        distribution = Distribution(kind, **args)
        base.with_params({name: distribution.converted(name).draw(np.random.default_rng(0))})
    except ConfigError as exc:
        raise _KeyedError(f"draw '{name}': {exc}", key) from None
    return distribution


def _table(data: Mapping[str, Any], key: str, table: str = "") -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, Mapping):
        raise _KeyedError(
            f"'{key}' must be a table ([{key}] or {key} = {{ ... }})"
            if value is not None
            else f"missing [{key}] table",
            _path(table, key),
        )
    return dict(value)


def _known(data: Mapping[str, Any], allowed: tuple[str, ...], what: str, table: str = "") -> None:
    for key in data:
        if key not in allowed:
            raise _KeyedError(
                f"unknown {what} '{key}'.{suggest(key, allowed)} Known: {', '.join(allowed)}",
                _path(table, key),
            )


def _path(table: str, key: str) -> str:
    """The dotted path of ``key`` in ``table`` (as :func:`~flightsim.tomlfile.key_lines` has it)."""
    return f"{table}.{key}" if table else key


@contextmanager
def _at(key: str) -> Iterator[None]:
    """A ConfigError raised in the block is a fault at ``key`` of the file (its line)."""
    try:
        yield
    except _KeyedError:
        raise
    except ConfigError as exc:
        raise _KeyedError(str(exc), key) from None


class _KeyedError(ConfigError):
    """A fault at a key of the file (its line is looked up by its dotted path)."""

    def __init__(self, message: str, key: str):
        self.key = key
        super().__init__(message)
