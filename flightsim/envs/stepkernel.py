"""Which agent-step kernel the environments use: the compiled one, or its pure-Python twin.

``flightsim/envs/_stepkernel.c`` is an optional accelerator;
:mod:`flightsim.envs._stepkernel_pure` gives the same results bit for bit and
is used when the compiled module is missing (no C compiler at install time) or
``FLIGHTSIM_PURE_PYTHON`` is set (see :mod:`flightsim.accelerators`).
"""

from __future__ import annotations

from typing import Any

from flightsim.accelerators import choose
from flightsim.envs import _stepkernel_pure

_module, _ACCELERATED = choose("flightsim.envs._stepkernel", _stepkernel_pure)
StepKernel: Any = _module.StepKernel
"""The kernel class in use (:class:`flightsim.envs._stepkernel_pure.StepKernel` documents it)."""


def accelerated() -> bool:
    """True when the compiled step kernel is in use, False for the pure-Python twin."""
    return _ACCELERATED
