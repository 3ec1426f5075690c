"""Flight-dynamics analysis: linear models, dynamic modes, trim envelopes.

* :func:`linearize` (also ``Simulation.linearize``): a :class:`LinearModel` at
  the trimmed point, convertible to python-control and scipy.
* :func:`modes`: its eigenvalues labelled short-period, phugoid, dutch-roll,
  roll, spiral or other, with frequency, damping and MIL-F-8785C level.
* :func:`compare_step`: the linear model's step response against the
  nonlinear simulation's.
* :func:`trim_envelope`: trim over a grid of altitudes, airspeeds, weights
  and flap settings, in parallel.

See docs/analysis.md.
"""

from flightsim.analysis.eigenmodes import Mode, modes
from flightsim.analysis.envelope import Envelope, EnvelopePoint, trim_envelope
from flightsim.analysis.linear import LinearModel, linearize
from flightsim.analysis.step import StepComparison, compare_step

__all__ = [
    "Envelope",
    "EnvelopePoint",
    "LinearModel",
    "Mode",
    "StepComparison",
    "compare_step",
    "linearize",
    "modes",
    "trim_envelope",
]
