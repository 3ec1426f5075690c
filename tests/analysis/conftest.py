"""One trimmed c172p at 4000 ft / 100 KCAS and its linear model, shared by the tests.

JSBSim's linearisation of a propeller aircraft takes about a second: the
module-level fixtures do it once per session.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from flightsim.analysis.linear import LinearModel
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.simulation import Simulation

C172P_POINT = InitialConditions(altitude_ft=4000, kcas=100)


@pytest.fixture(scope="session")
def c172p_sim() -> Iterator[Simulation]:
    """The c172p trimmed at 4000 ft, 100 KCAS (its linear model taken: see c172p_model)."""
    with Simulation("c172p", C172P_POINT, record=None) as sim:
        sim.trim()
        yield sim


@pytest.fixture(scope="session")
def c172p_model(c172p_sim: Simulation) -> LinearModel:
    """``c172p_sim.linearize()``."""
    model: LinearModel = c172p_sim.linearize()
    return model
