"""Which step loop the runner uses: the compiled one, or its pure-Python twin.

The compiled loop (``flightsim/sim/_steploop.c``) is an optional accelerator;
:mod:`flightsim.sim._steploop_pure` gives the same results bit for bit. The
twin is used when the compiled module is missing (a build without a C
compiler) or ``FLIGHTSIM_PURE_PYTHON`` is set (to anything but ``0``). This
module imports neither numpy nor jsbsim: ``flightsim --version`` can ask
:func:`accelerated` cheaply.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from flightsim.sim import _steploop_pure


def _choose() -> tuple[Callable[..., int], bool]:
    if os.environ.get("FLIGHTSIM_PURE_PYTHON", "") not in ("", "0"):
        return _steploop_pure.step_rows, False
    try:
        from flightsim.sim._steploop import step_rows
    except ImportError:  # not built (no compiler at install time): the twin
        return _steploop_pure.step_rows, False
    return step_rows, True


step_rows, _ACCELERATED = _choose()
"""The step loop in use: compiled, or its pure-Python twin."""


def accelerated() -> bool:
    """True when the compiled step loop is in use, False for the pure-Python twin."""
    return _ACCELERATED
