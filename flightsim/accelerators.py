"""Choosing between an optional compiled accelerator and its pure-Python twin.

flightsim's compiled modules (the runner's step loop, the environments' step
kernel) are optional: each has a pure-Python twin giving the same results,
bit for bit. The twin is used when the compiled module was not built (no C
compiler at install time) or when ``FLIGHTSIM_PURE_PYTHON`` is set to
anything but ``0``. This module imports neither numpy nor jsbsim.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType


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
