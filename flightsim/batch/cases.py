"""A case: one simulation of a batch, and the parameters that make the others.

A :class:`Case` says everything one run needs: the aircraft, initial
conditions, duration, time step, trim, JSBSim property values set before the
trim (mass, CG, gains, any writable property), control values set after it, an
optional controller, and what to record. :meth:`Case.with_params` gives the
case with some of these replaced, by parameter names:

==============================  ==================================================
parameter                       what it sets
==============================  ==================================================
``aircraft``                    the aircraft: a name, a folder, or ``"module:function"``
``aircraft.<arg>``              an argument of the aircraft factory (generated aircraft)
``ic.<field>``                  a field of :class:`~flightsim.InitialConditions`
                                (``ic.altitude_ft``, ``ic.kcas``, ``ic.wind_speed_kts`` ...)
                                or its unit-free name (``ic.altitude``: :data:`IC_NAMES`)
``properties.<property>``       a JSBSim property set after loading, before the trim
                                (``properties.inertia/pointmass-weight-lbs[0]``)
``controls.<property>``         a JSBSim property set after the trim, at the start of the run
``controller.<arg>``            an argument of the controller factory (gains)
``duration_s``, ``dt_s``,       the run's duration [s], time step [s] and trim mode
``trim``
==============================  ==================================================

Values may carry units (``"1200 m"`` for ``ic.altitude_ft``, ``"50 kg"`` for a
``-lbs`` property): they are converted to the unit the name ends in.

The ``aircraft`` and ``controller`` hooks: a ``"module:function"`` string (or,
in Python, a module-level function) is a *factory*. The aircraft factory is
called with the ``aircraft.<arg>`` values (and ``seed=`` if it takes one) and
returns an aircraft name or folder (e.g. one written by the generator). The
controller factory is called with the ``controller.<arg>`` values (and
``seed=``) and returns what :meth:`flightsim.Simulation.run` takes as
``controls``: a callable ``(t_s, sim) -> {property: value}``, a dict or a
:class:`~flightsim.ControlTable`.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from flightsim.errors import ConfigError, suggest
from flightsim.paths import folder_list
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.units import as_number, number_or_numeral, parse_quantity, property_unit

__all__ = [
    "IC_NAMES",
    "PARAMETER_PREFIXES",
    "Case",
    "ic_field",
    "parameter_name",
    "parameter_value",
    "resolve_reference",
]

Factory = Callable[..., Any]
PARAMETER_PREFIXES = ("aircraft", "ic", "properties", "controls", "controller")
_PLAIN = ("aircraft", "duration_s", "dt_s", "trim")
_IC_FIELDS = {f.name: f for f in dataclasses.fields(InitialConditions)}
IC_NAMES = {
    "altitude": "altitude_ft",
    "altitude_agl": "altitude_agl_ft",
    "latitude": "latitude_deg",
    "longitude": "longitude_deg",
    "heading": "heading_deg",
    "flight_path": "flight_path_deg",
    "wind_speed": "wind_speed_kts",
    "wind_from": "wind_from_deg",
}
"""The unit-free initial-condition names (:meth:`InitialConditions.from_user`'s) and the
field each sets: ``ic.altitude`` is ``ic.altitude_ft`` wherever an ``ic.`` name is
taken (a case's ``ic`` table, a grid, a Monte Carlo draw). The one table of them."""
_FIELD_UNITS = {"_ft": "FT", "_kts": "KTS", "_deg": "DEG", "kcas": "KTS", "ktas": "KTS"}
_UNITLESS = ("", "-", "norm", "g")  # "g": a load factor (not the gram)
_REFERENCE = re.compile(r"[A-Za-z_][\w.]*:[A-Za-z_][\w.]*")


@dataclass(frozen=True)
class Case:
    """One simulation: what to fly, from where, for how long, and what to record.

    Arguments:
        aircraft: a bundled name (``"c172p"``), an aircraft folder, or a factory
            (``"module:function"`` or a module-level function) returning one.
        ic: initial conditions (None: JSBSim's defaults).
        duration_s: [s] simulated time flown after the trim.
        dt_s: [s] integration step.
        trim: trim mode before flying (``"full"``, ``"longitudinal"``,
            ``"ground"``, ``"glide"``), or None for no trim.
        properties: JSBSim property values written after loading; the model is
            then reset to its initial conditions (so they hold from the start) and
            trimmed.
        controls: JSBSim property values written after the trim.
        controller: a factory (``"module:function"`` or a function) of the
            run's controls; see the module docstring.
        controller_args: keyword arguments of the controller factory.
        control_every: call a callable controller every this many steps.
        record: properties or presets recorded (``Simulation``'s ``record``);
            the properties that metrics read are added.
        aircraft_args: keyword arguments of the aircraft factory.
        aircraft_dirs: folders holding ``<name>/<name>.xml`` aircraft, where an
            aircraft name is looked up first (``Simulation``'s ``aircraft_dirs``).
    """

    aircraft: str | Path | Factory = "c172p"
    ic: InitialConditions | None = None
    duration_s: float = 10.0
    dt_s: float = 1.0 / 120.0
    trim: str | None = "full"
    properties: Mapping[str, float] = field(default_factory=dict)
    controls: Mapping[str, float] = field(default_factory=dict)
    controller: str | Factory | None = None
    controller_args: Mapping[str, Any] = field(default_factory=dict)
    control_every: int = 1
    record: tuple[str, ...] = ("state", "flight")
    aircraft_args: Mapping[str, Any] = field(default_factory=dict)
    aircraft_dirs: tuple[Path, ...] = ()

    def __post_init__(self) -> None:
        dirs = tuple(Path(d) for d in folder_list(self.aircraft_dirs))  # missing: refused
        object.__setattr__(self, "aircraft_dirs", dirs)
        if self.ic is not None and not isinstance(self.ic, InitialConditions):
            raise ConfigError(
                f"case ic must be InitialConditions or None, got {type(self.ic).__name__}"
            )
        for name in ("duration_s", "dt_s"):  # a string ("nan", "20 s") was a raw TypeError
            value = _seconds(f"case {name}", getattr(self, name))
            if not value > 0:
                raise ConfigError(f"case {name} must be positive, got {value}")
            object.__setattr__(self, name, value)
        record = (self.record,) if isinstance(self.record, str) else tuple(self.record)
        wrong = [item for item in record if not isinstance(item, str)]
        if wrong:  # had been a raw TypeError in the worker
            raise ConfigError(
                f"case record: {wrong[0]!r} is neither a property nor a preset; give names "
                "such as 'state' or 'position/h-sl-ft'"
            )
        object.__setattr__(self, "record", record)
        for name in ("properties", "controls"):
            values = {
                str(k): property_value(str(k), v, f"{name}.{k}")
                for k, v in getattr(self, name).items()
            }
            object.__setattr__(self, name, values)

    def with_params(self, params: Mapping[str, Any]) -> Case:
        """This case with the named parameters replaced (see the module docstring)."""
        changes: dict[str, Any] = {}
        ic_changes: dict[str, Any] = {}
        for name, value in params.items():
            head, _, rest = name.partition(".")
            if not rest:
                if name not in _PLAIN:
                    prefixes = ", ".join(p + "." for p in PARAMETER_PREFIXES)
                    raise ConfigError(
                        f"unknown parameter '{name}'.{suggest(name, _PLAIN)} Parameters are "
                        f"{', '.join(_PLAIN)} or start with {prefixes}"
                    )
                changes[name] = value
            elif head == "ic":
                ic_changes[ic_field(rest)] = ic_value(rest, value)
            elif head in ("properties", "controls"):
                merged = changes.setdefault(head, dict(getattr(self, head)))
                merged[rest] = property_value(rest, value)
            elif head in ("aircraft", "controller"):
                merged = changes.setdefault(f"{head}_args", dict(getattr(self, f"{head}_args")))
                merged[rest] = value
            else:
                keys = [f"{prefix}.{rest}" for prefix in PARAMETER_PREFIXES]
                raise ConfigError(
                    f"unknown parameter prefix '{head}.' in '{name}'.{suggest(name, keys, n=1)} "
                    f"Use one of {', '.join(p + '.' for p in PARAMETER_PREFIXES)}"
                )
        if ic_changes:
            base = self.ic if self.ic is not None else InitialConditions()
            changes["ic"] = dataclasses.replace(base, **ic_changes)
        return dataclasses.replace(self, **changes)

    def describe(self) -> dict[str, Any]:
        """The case as plain JSON-able data (factories by their ``module:function`` name)."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, InitialConditions):
                value = {k: v for k, v in dataclasses.asdict(value).items() if v is not None}
            elif callable(value):
                value = f"{value.__module__}:{value.__qualname__}"
            elif isinstance(value, Path):
                value = str(value)
            elif isinstance(value, Mapping):
                value = dict(value)
            out[f.name] = value
        return out


def parameter_value(name: str, value: Any) -> Any:
    """A parameter's value as the case uses it: quantities converted to the name's unit."""
    number = as_number(value)  # numpy's numbers (a grid of np.arange) as plain ones
    value = value if number is None else number
    head, _, rest = name.partition(".")
    if head == "ic" and rest:
        return ic_value(rest, value)
    if head in ("properties", "controls") and rest:
        return property_value(rest, value)
    if name in ("duration_s", "dt_s"):
        return _seconds(name, value)
    return value


def parameter_name(name: str) -> str:
    """The name a parameter is known by: an ``ic.`` name as its field's (``ic.altitude``
    is ``ic.altitude_ft``; an unknown one refused, listing the names), others as given."""
    head, _, rest = name.partition(".")
    return f"ic.{ic_field(rest)}" if head == "ic" and rest else name


def parameter_unit(name: str) -> str:
    """The unit of a parameter's values (``"ft"`` for ``ic.altitude_ft``; "" when none)."""
    head, _, rest = name.partition(".")
    if head == "ic":
        rest = IC_NAMES.get(rest, rest)
        unit = next((u for suffix, u in _FIELD_UNITS.items() if rest.endswith(suffix)), "")
        return {"FT": "ft", "KTS": "kt", "DEG": "deg"}.get(unit, "")
    if head in ("properties", "controls"):
        return property_unit(rest)
    return "s" if name in ("duration_s", "dt_s") else ""


def ic_field(name: str) -> str:
    """The :class:`~flightsim.InitialConditions` field that ``name`` sets: a field
    (``altitude_ft``) or its unit-free name (``altitude``, :data:`IC_NAMES`). Any other
    name is refused with the close names and every name taken."""
    field_name = IC_NAMES.get(name, name)
    if field_name not in _IC_FIELDS:
        keys = [f"ic.{known}" for known in (*_IC_FIELDS, *IC_NAMES)]
        raise ConfigError(
            f"'ic.{name}' is no initial condition.{suggest(f'ic.{name}', keys)} Fields: "
            f"{', '.join(_IC_FIELDS)}; or without their unit: {', '.join(IC_NAMES)}"
        )
    return field_name


def ic_value(name: str, value: Any) -> Any:
    """An initial condition's value (``name`` as :func:`ic_field` takes it), a quantity with
    a unit converted to the field's unit."""
    field_name = ic_field(name)
    if isinstance(value, str):
        unit = next((u for suffix, u in _FIELD_UNITS.items() if field_name.endswith(suffix)), None)
        if unit is not None:
            return parse_quantity(value, unit, name=f"ic.{name}")
    return value


def property_value(name: str, value: Any, label: str = "") -> float:
    """A property's value; a string with a unit is converted to the unit the name ends in.
    ``label`` names the value in messages (default: the property)."""
    unit = property_unit(name)
    if isinstance(value, str) and unit not in _UNITLESS:
        return parse_quantity(value, unit, name=label or name)
    return _number(label or name, value)


def _seconds(name: str, value: Any) -> float:
    """A time [s]: a number, or a string of one or of a time with its unit (``"2 min"``,
    ``"90 s"``), as the command line's ``--duration`` and ``--dt`` read it."""
    if isinstance(value, str) and number_or_numeral(value) is None:
        return parse_quantity(value, "SEC", name=name)
    return _number(name, value)


def _number(name: str, value: Any) -> float:
    """A number, or a string of one (``"20"``); True/False are refused (write 1 or 0)."""
    number = number_or_numeral(value)
    if number is None:
        raise ConfigError(f"{name}: expected a number, got {value!r}")
    return number


def is_reference(value: object) -> bool:
    """True for a ``"package.module:function"`` string (not a path, even ``C:\\x``)."""
    return isinstance(value, str) and _REFERENCE.fullmatch(value) is not None


def names_aircraft(value: object) -> TypeGuard[str | Path]:
    """True for an aircraft name or folder, False for a factory reference or function."""
    return isinstance(value, Path) or (isinstance(value, str) and not is_reference(value))


def resolve_reference(reference: str | Factory, what: str) -> Factory:
    """A function from ``"package.module:function"`` (a callable is returned as it is)."""
    if callable(reference):
        return reference
    module_name, sep, attribute = str(reference).partition(":")
    if not sep or not module_name or not attribute:
        raise ConfigError(
            f"{what} '{reference}' is not a 'module:function' reference "
            "(e.g. 'mypackage.metrics:settling_time')"
        )
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ConfigError(
            f"{what} '{reference}': cannot import module '{module_name}' ({exc}); "
            "check the name and that it is on the Python path"
        ) from None
    target: Any = module
    for part in attribute.split("."):
        if not hasattr(target, part):
            names = [n for n in dir(module) if not n.startswith("_")]
            raise ConfigError(
                f"{what} '{reference}': module '{module_name}' has no '{attribute}'."
                f"{suggest(attribute, names)}"
            )
        target = getattr(target, part)
    if not callable(target):
        raise ConfigError(f"{what} '{reference}' is not a function")
    return target  # type: ignore[no-any-return]


def call_factory(factory: Factory, args: Mapping[str, Any], seed: int) -> Any:
    """Call a factory with ``args``, and ``seed=`` when it takes a ``seed`` argument."""
    try:
        parameters = inspect.signature(factory).parameters
    except (TypeError, ValueError):
        parameters = {}  # type: ignore[assignment]
    extra = {"seed": seed} if "seed" in parameters and "seed" not in args else {}
    return factory(**args, **extra)
