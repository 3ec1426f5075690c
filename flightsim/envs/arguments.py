"""The environments' constructor arguments: keyword names checked, quantities read with units.

- A keyword an environment does not take (``aircraf=``, ``windkts=``,
  ``worker=``) raises :class:`~flightsim.errors.ConfigError` naming it, the
  closest valid keywords and all of them, before anything is built (Python
  would raise a bare ``TypeError``).
- An argument whose name ends in a unit (``wind_kts``, ``duration_s``,
  ``agent_hz``, the :class:`~flightsim.envs.AircraftProfile` fields) takes a
  number in that unit or a quantity string in any unit of the same kind
  (``wind_kts="8 m/s"``, ``duration_s="2 min"``, ``agent_hz="10 Hz"``), read
  with :func:`flightsim.units.parse_quantity`. A unit of the wrong kind, NaN,
  an infinity or a value out of range raises ConfigError naming the argument.
"""

from __future__ import annotations

import functools
import inspect
import numbers
import operator
from collections.abc import Callable, Iterable, Sequence
from typing import ParamSpec, TypeVar

from flightsim.errors import ConfigError, UnitError, suggest
from flightsim.units import number_or_numeral, parse_quantity

P = ParamSpec("P")
R = TypeVar("R")

KINDS: dict[str, tuple[str, str, str]] = {
    "KTS": ("a speed", "kt", "'15 kt', '8 m/s' or '30 km/h'"),
    "FT": ("a length", "ft", "'4000 ft' or '1200 m'"),
    "DEG": ("an angle", "deg", "'30 deg' or '0.5 rad'"),
    "s": ("a time", "s", "'90 s' or '2 min'"),
    "Hz": ("a frequency", "Hz", "'10 Hz'"),
}
"""The units arguments are read in: the kind of quantity (with its article), the unit of
a bare number, examples."""


def quantity(name: str, value: float | str, unit: str, bound: str | None = ">=") -> float:
    """``value`` in ``unit`` (a key of :data:`KINDS`): a number in it, or a quantity string.

    The result is finite and, by ``bound``, ``">="`` 0 (the default), ``">"`` 0,
    or of any sign (None); anything else raises
    :class:`~flightsim.errors.ConfigError` naming ``name``, the value given and
    the kind of quantity expected.
    """
    kind, bare, examples = KINDS[unit]
    try:
        number = parse_quantity(value, unit, name=name)
    except UnitError as exc:
        detail = str(exc).removeprefix(f"{name}: ").rstrip(".")
        raise UnitError(
            f"{name}={value!r}: {detail}{'' if detail.endswith('?') else '.'} Give {kind} "
            f"such as {examples} (a bare number is in {bare})"
        ) from None
    if (bound == ">=" and not number >= 0.0) or (bound == ">" and not number > 0.0):
        raise ConfigError(f"{name}={value!r}: must be {bound} 0 {bare}")
    return number


def whole(name: str, value: object, low: int, high: int | None = None, of: str = "") -> int:
    """``value`` as an int if it is a whole number (a numpy integer too, not a bool) from
    ``low`` to ``high`` (None: no upper bound; ``of`` names it); else a
    :class:`~flightsim.errors.ConfigError` naming ``name`` and the value."""
    number = None
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        number = operator.index(value)
    if number is None or number < low or (high is not None and number > high):
        top = f"{of} ({high})" if of else f"{high}"
        bounds = f">= {low}" if high is None else f"between {low} and {top}"
        raise ConfigError(f"{name} must be {bounds}, a whole number; got {value!r}")
    return number


def env_count(value: object) -> int:
    """A vector env's ``num_envs`` (:func:`whole`, at least 1); anything but a number, such
    as a task (its name, class or instance) given first as :class:`~flightsim.envs.FlightEnv`
    takes it, is told to go by name (``task=``): a vector env's first argument is the
    number of environments."""
    try:
        return whole("num_envs", value, 1)
    except ConfigError as exc:
        if isinstance(value, numbers.Real) or number_or_numeral(value) is not None:
            raise
        task = f"task={value!r}" if isinstance(value, str) else "task=..."
        raise ConfigError(
            f"{exc}: a vector env's first argument is the number of environments; give "
            f"the task by name, {task}"
        ) from None


def keyword_names(function: Callable[..., object]) -> list[str]:
    """The arguments ``function`` takes by name, in order (not ``self``, ``*args``, ``**kw``)."""
    by_name = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    parameters = inspect.signature(function).parameters.values()
    return [p.name for p in parameters if p.kind in by_name and p.name != "self"]


def check_keywords(owner: str, given: Iterable[str], valid: Sequence[str]) -> None:
    """ConfigError for the first of ``given`` not in ``valid``: did-you-mean and the list."""
    for name in given:
        if name not in valid:
            raise ConfigError(
                f"{owner}: unknown keyword argument {name!r}.{suggest(name, valid)} "
                f"Valid keywords: {', '.join(valid)}"
            )


def checked_keywords(init: Callable[P, R]) -> Callable[P, R]:
    """Wrap a constructor: an unknown keyword raises :func:`check_keywords`'s ConfigError
    instead of Python's TypeError (the signature, for type checkers too, is unchanged)."""
    owner = init.__qualname__.rsplit(".", 1)[0]
    valid = keyword_names(init)

    @functools.wraps(init)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        check_keywords(owner, kwargs, valid)
        return init(*args, **kwargs)

    return wrapper
