"""Aircraft design: compact TOML specs to flyable JSBSim aircraft.

>>> from flightsim.design import load_spec, generate
>>> spec = load_spec("aircraft/gen-c172/gen-c172.toml")   # doctest: +SKIP
>>> generate(spec, "out/aircraft")                          # doctest: +SKIP

See ``docs/generating.md`` for the spec format and every estimation method.
"""

from flightsim.design.estimation import Model, estimate
from flightsim.design.generation import generate, generate_files
from flightsim.design.spec import CLASSES, ENGINES, AircraftSpec, load_spec, spec_to_toml

__all__ = [
    "CLASSES",
    "ENGINES",
    "AircraftSpec",
    "Model",
    "estimate",
    "generate",
    "generate_files",
    "load_spec",
    "spec_to_toml",
]
