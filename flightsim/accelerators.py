"""Choosing between an optional compiled accelerator and its pure-Python twin.

flightsim's compiled modules (the runner's step loop, the environments' step
kernel) are optional: each has a pure-Python twin giving the same results,
bit for bit. The twin is used when the compiled module was not built (no C
compiler at install time) or when ``FLIGHTSIM_PURE_PYTHON`` is set to
anything but ``0``. This module imports neither numpy, jsbsim nor pathlib
(``flightsim --version`` uses it).
"""

from __future__ import annotations

import importlib
import importlib.machinery
import os
from types import ModuleType

ACCELERATORS: dict[str, str] = {
    "step loop": "flightsim.sim._steploop",
    "environment step": "flightsim.envs._stepkernel",
}
"""Each optional compiled module, by what it does."""


def pure_python_requested() -> bool:
    """True when ``FLIGHTSIM_PURE_PYTHON`` asks for the pure-Python twins."""
    return os.environ.get("FLIGHTSIM_PURE_PYTHON", "") not in ("", "0")


def choose(compiled: str, twin: ModuleType) -> tuple[ModuleType, bool]:
    """The module to use, and whether it is the compiled one (``compiled``: its dotted name)."""
    if pure_python_requested():
        return twin, False
    try:
        return importlib.import_module(compiled), True
    except ImportError:  # not built: the twin
        return twin, False


def built(compiled: str) -> bool:
    """Whether the compiled module ``compiled`` (a dotted name under ``flightsim``) was built.

    Looks for its file without importing it or its package (no numpy, no jsbsim).
    """
    package, _, name = compiled.rpartition(".")
    folder = os.path.join(os.path.dirname(__file__), *package.split(".")[1:])
    return importlib.machinery.PathFinder.find_spec(name, [folder]) is not None


def summary() -> str:
    """Which accelerators run: e.g. ``compiled: step loop, environment step``."""
    if pure_python_requested():
        return "pure Python: FLIGHTSIM_PURE_PYTHON is set"
    compiled = [what for what, module in ACCELERATORS.items() if built(module)]
    pure = [what for what in ACCELERATORS if what not in compiled]
    parts = [f"compiled: {', '.join(compiled)}"] if compiled else []
    if pure:
        parts.append(f"pure Python: {', '.join(pure)}")
    return "; ".join(parts)
