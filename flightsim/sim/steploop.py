"""Which step loop the runner uses: the compiled one, or its pure-Python twin.

The compiled loop (``flightsim/sim/_steploop.c``) is an optional accelerator;
:mod:`flightsim.sim._steploop_pure` gives the same results bit for bit. The
twin is used when the compiled module is missing (a build without a C
compiler) or ``FLIGHTSIM_PURE_PYTHON`` is set (to anything but ``0``; see
:mod:`flightsim.accelerators`). This module imports neither numpy nor jsbsim:
``flightsim --version`` can ask :func:`accelerated` cheaply.
"""

from __future__ import annotations

from collections.abc import Callable

from flightsim.accelerators import choose
from flightsim.sim import _steploop_pure

_module, _ACCELERATED = choose("flightsim.sim._steploop", _steploop_pure)
step_rows: Callable[..., int] = _module.step_rows
"""The step loop in use: compiled, or its pure-Python twin."""


def accelerated() -> bool:
    """True when the compiled step loop is in use, False for the pure-Python twin."""
    return _ACCELERATED
