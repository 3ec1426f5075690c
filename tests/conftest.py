"""Scaffolding shared by the test modules: the cruise most runner tests start from.

``cruise_ic`` is the c172p's usual test start (4000 ft, 100 KCAS, heading east);
``cruise(**settings)`` makes a Simulation there, trimmed, closed when the
session ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.simulation import Simulation


@pytest.fixture(scope="session")
def cruise_ic() -> InitialConditions:
    """4000 ft MSL, 100 KCAS, heading east."""
    return InitialConditions(altitude_ft=4000, kcas=100, heading_deg=90)


@pytest.fixture(scope="session")
def cruise(cruise_ic: InitialConditions) -> Iterator[Callable[..., Simulation]]:
    """A factory of trimmed c172p simulations at ``cruise_ic``."""
    made: list[Simulation] = []

    def make(**settings: Any) -> Simulation:
        sim = Simulation("c172p", cruise_ic, **settings)
        made.append(sim)
        sim.trim()
        return sim

    yield make
    for sim in made:
        sim.close()
