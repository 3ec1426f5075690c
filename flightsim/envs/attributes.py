"""Gymnasium's vector-env attribute calls, environment by environment: ``call``,
``get_attr``, ``set_attr``.

:class:`~flightsim.envs.FlightVectorEnv` applies these functions to all its
environments, each worker of
:class:`~flightsim.envs.procvector.FlightProcessVectorEnv` to its block. The
semantics are those of Gymnasium 1.x's ``SyncVectorEnv`` and ``AsyncVectorEnv``:

- ``call(name, *args, **kwargs)`` calls every environment's ``name`` with the
  same arguments if it is callable, else returns it; a tuple in environment
  order;
- ``get_attr(name)`` is ``call(name)`` (a property's value; a method is called
  without arguments);
- ``set_attr(name, values)`` sets one value on every environment, or, given a
  list or tuple of ``num_envs`` values, one each (any other length: a
  :class:`~flightsim.errors.ConfigError`, a ``ValueError`` as in Gymnasium).

Four differences, each to catch a mistake Gymnasium lets through:

- a name the environments do not have raises
  :class:`~flightsim.errors.UnknownAttributeError` (an ``AttributeError``)
  with the closest names, also in ``set_attr``, where Gymnasium would create
  an attribute nothing reads (there the closest names that can be set, and an
  argument of the environment is said to be one);
- ``reset``, ``step`` (and ``step_into``) and ``close`` are refused, as
  ``AsyncVectorEnv.call`` refuses them (the vector env's own methods keep its
  environments in step);
- a ``set_attr`` that one environment refuses sets nothing (the environments
  set before it get their values back);
- an exception inside an environment's attribute comes out as a
  :class:`~flightsim.errors.ConfigError` (from a ``ValueError`` or
  ``TypeError``, bad arguments, or from any refused ``set_attr``) or a
  :class:`~flightsim.errors.SimulationError` (anything else) naming the
  environment, the attribute and the original exception (also its
  ``__cause__`` in one process).
"""

from __future__ import annotations

import inspect
from typing import Any

from flightsim.errors import ConfigError, SimulationError, UnknownAttributeError, suggest

RESERVED: tuple[str, ...] = ("reset", "step", "step_into", "close")
"""Names refused: the vector env's own reset, step and close all its environments."""


def checked_name(name: object) -> str:
    """``name`` if ``call``, ``get_attr`` and ``set_attr`` may use it, else a
    :class:`ConfigError`."""
    if not isinstance(name, str):
        raise ConfigError(f"give an attribute name as a string, got {name!r}")
    if name in RESERVED:
        raise ConfigError(
            f"{name!r}: use the vector env's own {name}(), which keeps its environments in step"
        )
    return name


def values_for(name: str, values: Any, num_envs: int) -> list[Any]:
    """``set_attr``'s value of each environment: ``values`` itself if it is a list or a
    tuple of ``num_envs`` values, else ``values`` for every one."""
    if not isinstance(values, (list, tuple)):
        return [values] * num_envs
    if len(values) != num_envs:
        raise ConfigError(
            f"set_attr({name!r}): give one value for all environments, or a list or tuple "
            f"of {num_envs} values (one per environment), not {len(values)}"
        )
    return list(values)


def call_each(
    envs: list[Any], name: str, args: tuple[Any, ...], kwargs: dict[str, Any], offset: int = 0
) -> dict[int, Any]:
    """Each environment's ``name``, called with ``args`` and ``kwargs`` when callable; by
    environment index (its position in ``envs`` plus ``offset``)."""
    results: dict[int, Any] = {}
    for j, env in enumerate(envs):
        index = offset + j
        _check_exists(env, name, index)
        try:
            value = getattr(env, name)
            results[index] = value(*args, **kwargs) if callable(value) else value
        except Exception as exc:
            bad_input = isinstance(exc, (ValueError, TypeError))
            kind = ConfigError if bad_input else SimulationError
            raise kind(_raised_in(exc, index, repr(name))) from exc
    return results


def set_each(envs: list[Any], name: str, values: list[Any], offset: int = 0) -> list[Any]:
    """Set each environment's ``name`` to its value in ``values`` (same order as ``envs``);
    every environment is checked to have ``name`` before any is set, and a value refused
    puts back the ones set before it: all are set, or none. Returns the values replaced."""
    for j, env in enumerate(envs):
        _check_settable(env, name, offset + j)
    previous: list[Any] = []
    for j, (env, value) in enumerate(zip(envs, values, strict=True)):
        try:
            # a read-only property is not read (its getter may refuse): setting it says why
            old = getattr(env, name) if _settable(env, name) else None
            setattr(env, name, value)
        except Exception as exc:
            for done, before in zip(envs[:j], previous, strict=False):
                setattr(done, name, before)
            raise ConfigError(_raised_in(exc, offset + j, f"setting {name!r}")) from exc
        previous.append(old)
    return previous


def _check_exists(env: Any, name: str, index: int) -> None:
    names = dir(env)
    if name not in names:
        public = [n for n in names if name.startswith("_") or not n.startswith("_")]
        raise UnknownAttributeError(
            f"{type(env).__name__} has no attribute {name!r} (environment {index})."
            f"{suggest(name, public)}"
        )


def _check_settable(env: Any, name: str, index: int) -> None:
    """An :class:`UnknownAttributeError` unless ``env`` has an attribute ``name``: an argument
    of the environment's class, used when it is made, is said to be one; else the closest
    of the names that can be set are suggested (a method or read-only property is none)."""
    cls = type(env)
    where = f"{cls.__name__} (environment {index})"
    if name in dir(env):
        return
    if name in inspect.signature(cls).parameters:
        raise UnknownAttributeError(
            f"{where} has no attribute {name!r}: {name} is an argument of the environment, "
            f"used when it is made; make a new vector env with {name}=... instead"
        )
    settable = [n for n in dir(env) if not n.startswith("_") and _settable(env, n)]
    raise UnknownAttributeError(
        f"{where} has no attribute {name!r} to set.{suggest(name, settable)}"
    )


def _settable(env: Any, name: str) -> bool:
    """Whether ``env.name`` can be set: a property with a setter, or a value that is not a
    method (on the instance or its class)."""
    static = inspect.getattr_static(env, name, None)
    if isinstance(static, property):
        return static.fset is not None
    return not callable(static) and not isinstance(static, (staticmethod, classmethod))


def _raised_in(exc: Exception, index: int, what: str) -> str:
    """The message of flightsim's error for ``exc``, raised by environment ``index``'s
    ``what``."""
    return f"environment {index}: {what} raised {type(exc).__name__}: {exc}"
