"""The errors flightsim raises: one small hierarchy.

Every error subclasses :class:`FlightsimError` and the built-in exception that a
caller would naturally catch (``ValueError`` for bad input, ``KeyError`` for an
unknown property, ``RuntimeError`` for a failed simulation, ``ImportError`` for a
missing optional extra). Messages say what went wrong, where (file:line,
property, simulation time) and what to do about it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported by `flightsim --help`: pathlib and difflib only when used
    from pathlib import Path


class FlightsimError(Exception):
    """Base class of every error raised by flightsim."""


class ConfigError(FlightsimError, ValueError):
    """Bad input: a malformed file, a wrong unit, an unknown name, a NaN.

    ``file`` and ``line`` locate the fault when it comes from a file.
    """

    def __init__(self, message: str, *, file: str | Path | None = None, line: int | None = None):
        self.file = str(file) if file is not None else None
        self.line = line
        where = ""
        if self.file is not None:
            where = f"{self.file}:{line}: " if line is not None else f"{self.file}: "
        super().__init__(where + message)


class ConfigTypeError(ConfigError, TypeError):
    """Bad input of the wrong type, where Gymnasium or Python raise ``TypeError``: a
    ``reset_mask`` that is no numpy bool array; a copy or pickle of an environment that
    cannot be copied (one reset or closed, a process vector env). Caught as either."""


class PropertyValueError(ConfigError):
    """A property value no aircraft can have (a negative tank content, a flap command of
    5, a tank filled beyond its capacity): ``prop`` the property, ``value`` the value
    refused, ``reason`` why (for a caller that words the message its own way)."""

    def __init__(self, message: str, *, prop: str = "", value: float = 0.0, reason: str = ""):
        # defaults: unpickled (from a worker process) with the message, then its attributes
        self.prop = prop
        self.value = value
        self.reason = reason
        super().__init__(message)


class UnitError(ConfigError):
    """A unit that does not exist or does not fit the quantity it is given for."""


class NotFoundError(ConfigError, LookupError):
    """An aircraft, script, engine or other named thing that cannot be found."""


class PropertyError(FlightsimError, KeyError):
    """An unknown or unwritable JSBSim property."""

    def __str__(self) -> str:  # KeyError would show the repr of the message
        return str(self.args[0]) if self.args else ""


class UnknownAttributeError(FlightsimError, AttributeError):
    """An attribute an environment does not have (a vector env's ``call``, ``get_attr``,
    ``set_attr``)."""


class SimulationError(FlightsimError, RuntimeError):
    """The simulation failed: JSBSim refused the model, or the state diverged.

    ``time_s`` is the simulation time of the failure [s] when known,
    ``prop`` and ``value`` the offending property and its value.
    """

    def __init__(
        self,
        message: str,
        *,
        time_s: float | None = None,
        prop: str | None = None,
        value: float | None = None,
    ):
        self.time_s = time_s
        self.prop = prop
        self.value = value
        super().__init__(message)


class DivergenceError(SimulationError):
    """The state went NaN/infinite or the aircraft crashed into the ground.

    ``recording`` holds everything recorded until then (a
    ``flightsim.recording.Recording``, or None when nothing was recorded).
    ``what`` is the failure, ``advice`` what to try (one sentence each; the message
    is both), for a caller that cannot take the advice (:meth:`advised`).
    """

    def __init__(
        self,
        what: str,
        *,
        advice: Iterable[str] = (),
        time_s: float | None = None,
        prop: str | None = None,
        value: float | None = None,
        recording: object = None,
    ):
        self.what = what
        self.advice = tuple(advice)
        self.recording = recording
        super().__init__(" ".join((what, *self.advice)), time_s=time_s, prop=prop, value=value)

    def advised(self, *, less: Iterable[str]) -> DivergenceError:
        """The same failure without the advice sentences ``less`` (advice its catcher
        cannot take: a batch case has no ``stop_on_crash``)."""
        dropped = set(less)
        return DivergenceError(
            self.what,
            advice=[a for a in self.advice if a not in dropped],
            time_s=self.time_s,
            prop=self.prop,
            value=self.value,
            recording=self.recording,
        )


class TrimError(SimulationError):
    """A trim did not converge; the message gives the reason and what to try.

    Its parts, for a caller that words the advice its own way: ``mode`` the
    trim mode (None when not one trim's), ``reason`` why (JSBSim's words, or
    the glide solve's), ``advice`` what to try (one sentence each) and
    ``dead_engines`` the indices of the engines that gave no thrust and no
    shaft speed at full throttle, ``powerless`` whether the engines at full throttle
    gave almost no thrust at the airspeed and at half of it, dead or not (both found
    by the diagnosis of a trim the throttle could not balance).
    """

    def __init__(
        self,
        reason: str,
        *,
        mode: str | None = None,
        advice: Iterable[str] = (),
        dead_engines: Iterable[int] = (),
        powerless: bool = False,
        time_s: float | None = None,
    ):
        self.mode = mode
        self.powerless = powerless
        self.reason = reason
        self.advice = tuple(advice)
        self.dead_engines = tuple(dead_engines)
        head = reason if mode is None else f"trim '{mode}' failed: {reason}"
        if self.advice and not head.endswith((".", "!", "?")):
            head += "."
        super().__init__(" ".join((head, *self.advice)), time_s=time_s)

    def advised(
        self,
        *,
        more: Iterable[str] = (),
        less: Iterable[str] = (),
        instead: Mapping[str, str] | None = None,
        dead_engines: Iterable[int] | None = None,
        powerless: bool | None = None,
    ) -> TrimError:
        """The same failure, its advice amended: the sentences ``more`` added, those in
        ``less`` taken out (advice its catcher cannot take), each key of ``instead``
        replaced by its value in place; ``dead_engines`` and ``powerless`` given when
        found."""
        dropped, swaps = set(less), instead or {}
        kept = [swaps.get(a, a) for a in self.advice if a not in dropped]
        return TrimError(
            self.reason,
            mode=self.mode,
            advice=[*kept, *more],
            dead_engines=self.dead_engines if dead_engines is None else dead_engines,
            powerless=self.powerless if powerless is None else powerless,
            time_s=self.time_s,
        )


class JSBSimCrashError(SimulationError):
    """JSBSim aborted, segfaulted or hung in a guarded child process."""


class MissingExtraError(FlightsimError, ImportError):
    """An optional dependency is not installed; the message names the extra."""


def suggest(name: str, candidates: Iterable[str], n: int = 3) -> str:
    """Return a ``" Did you mean: a, b?"`` phrase for ``name`` (empty if none is close).

    Case is ignored when comparing (``fuel`` finds ``FUEL``, ``wow`` finds
    ``WOW`` first); the candidates are named as written.
    """
    import difflib

    by_folded: dict[str, list[str]] = {}
    for candidate in candidates:
        by_folded.setdefault(candidate.casefold(), []).append(candidate)
    folded = difflib.get_close_matches(name.casefold(), list(by_folded), n=n, cutoff=0.6)
    close = [written for key in folded for written in by_folded[key]][:n]
    return f" Did you mean: {', '.join(close)}?" if close else ""


def require_extra(module: str, extra: str) -> object:
    """Import an optional module, or raise :class:`MissingExtraError` naming the extra.

    Example: ``pd = require_extra("pandas", "pandas")``.
    """
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        missing = "is not installed" if exc.name == module else f"cannot be imported ({exc})"
        raise MissingExtraError(
            f"{module} {missing}; it comes with the optional extra "
            f"'{extra}': pip install 'flightsim[{extra}]'"
        ) from exc
