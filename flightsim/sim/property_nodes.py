"""JSBSim properties through cached property nodes, and a catalog with units.

A property path is looked up once and its ``FGPropertyNode`` kept: reading a
node costs ~35 ns against ~45 ns for ``fdm[name]`` and ~300 ns for a write
by name (measured with JSBSim 1.3.3; docs/running.md). Unknown names raise
:class:`~flightsim.errors.PropertyError` with close names; JSBSim itself
would silently create the property on a write, which :class:`PropertyCache`
only does when asked (``create=True``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import jsbsim

from flightsim.errors import ConfigError, PropertyError, suggest
from flightsim.units import property_unit

TRIM_PROPERTY = "simulation/do_simple_trim"
"""Writing it runs JSBSim's trim; a trim that fails then aborts the process (JSBSim's
exception cannot leave a property write): :meth:`PropertyCache.writer` refuses it."""

LINEARIZATION_PROPERTY = "simulation/do_linearization"
"""Writing it runs JSBSim's own linearisation, which segfaults on a glider (sgs126) and
runs for minutes on the c172p (JSBSim 1.3.3): :meth:`PropertyCache.writer` refuses it."""

REFUSED_WRITES = {
    TRIM_PROPERTY: (
        "has JSBSim trim, and a trim that fails then aborts the whole process (JSBSim "
        "cannot report it from a property write): call sim.trim(mode) instead, which "
        "reports a failure as a TrimError"
    ),
    LINEARIZATION_PROPERTY: (
        "has JSBSim linearise the model, which crashes the process on some aircraft "
        "(a segfault on sgs126) and runs for minutes on others: use "
        "sim.linearize() or 'flightsim analyze' instead"
    ),
}
"""Properties whose write runs a JSBSim procedure that can take the process down, and
what to do instead."""


@dataclass(frozen=True)
class PropertyInfo:
    """One JSBSim property: its path, its unit (from the name), its current value."""

    name: str
    unit: str
    value: float
    writable: bool = True


def is_finite_number(value: object) -> bool:
    """True for a finite real number (not a string, None, NaN or infinity)."""
    try:
        return math.isfinite(value)  # type: ignore[arg-type]
    except TypeError:
        return False


def _strip_flags(entry: str) -> tuple[str, str]:
    """Split a catalog entry ``"fcs/x (RW)"`` into ``("fcs/x", "RW")``."""
    name, _, flags = entry.partition(" ")
    return name, flags.strip("() ")


class PropertyCache:
    """Cached property nodes of one FGFDMExec.

    ``cache.node(name)`` returns the node (PropertyError when unknown),
    ``cache.get(name)`` / ``cache.set(name, value)`` read and write through it.
    """

    def __init__(self, fdm: jsbsim.FGFDMExec):
        self._fdm = fdm
        self._manager = fdm.get_property_manager()
        self._nodes: dict[str, jsbsim.FGPropertyNode] = {}

    def catalog(self) -> dict[str, str]:
        """Every property JSBSim lists, mapped to its access flags (``R``, ``W``, ``RW``)."""
        return dict(_strip_flags(entry) for entry in self._fdm.get_property_catalog())

    def node(self, name: str, *, create: bool = False) -> jsbsim.FGPropertyNode:
        """The node of ``name``; unknown names raise unless ``create`` is true."""
        found = self._nodes.get(name)
        if found is not None:
            return found
        node = self._manager.get_node(name, create)
        if node is None:
            raise PropertyError(
                f"unknown property '{name}'.{suggest(name, self.catalog(), n=4)} "
                "List them with sim.properties(prefix) or 'flightsim props AIRCRAFT'."
            )
        self._nodes[name] = node
        return node

    def get(self, name: str) -> float:
        """Current value of ``name`` (in the unit its name states)."""
        return self.node(name).get_double_value()

    def set(self, name: str, value: float, *, create: bool = False) -> None:
        """Write ``value`` to ``name``; a read-only property raises PropertyError.

        NaN, infinities and non-numbers raise :class:`~flightsim.errors.ConfigError`.
        """
        if not is_finite_number(value):
            raise ConfigError(f"property '{name}': cannot write {value!r}, not a finite number")
        if not self.writer(name, create=create)(float(value)):
            raise PropertyError(f"property '{name}' is read-only")

    def writer(self, name: str, *, create: bool = False) -> Callable[[float], bool]:
        """The bound ``set_double_value`` of ``name`` (False when read-only).

        The :data:`REFUSED_WRITES` are refused with a ConfigError saying what to
        call instead: a failing trim started by a property write aborts the
        process (JSBSim 1.3.3: ``terminate called after throwing an instance of
        'JSBSim::TrimFailureException'``), JSBSim's linearisation segfaults on
        some aircraft.
        """
        refused = REFUSED_WRITES.get(name)
        if refused is not None:
            raise ConfigError(f"writing '{name}' {refused}")
        setter: Callable[[float], bool] = self.node(name, create=create).set_double_value
        return setter

    def getters(self, names: list[str] | tuple[str, ...]) -> list[object]:
        """Bound ``get_double_value`` methods for ``names`` (for hot loops)."""
        return [self.node(n).get_double_value for n in names]

    def setters(self, names: list[str] | tuple[str, ...]) -> list[object]:
        """Bound ``set_double_value`` methods for ``names`` (for hot loops)."""
        return [self.writer(n) for n in names]

    def infos(self, prefix: str = "") -> list[PropertyInfo]:
        """Catalog entries starting with ``prefix``, sorted, with unit and value."""
        out = []
        for name, flags in sorted(self.catalog().items()):
            if name.startswith(prefix):
                value = self.node(name).get_double_value() if "R" in flags else float("nan")
                out.append(PropertyInfo(name, property_unit(name), value, "W" in flags))
        return out
