"""flightsim: a flight-dynamics toolkit on JSBSim.

The public API, loaded lazily (``import flightsim`` does not load JSBSim or
matplotlib until a name is used)::

    import flightsim

    ic = flightsim.InitialConditions(altitude_ft=4000, kcas=100)
    with flightsim.Simulation("c172p", ic=ic) as sim:
        sim.trim()
        rec = sim.run(60.0)
    flightsim.validate("c172p")
    flightsim.write_report([rec], "out/report.html")
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "Simulation": "flightsim.sim.simulation",
    "InitialConditions": "flightsim.sim.initial_conditions",
    "TrimResult": "flightsim.sim.trim",
    "ControlTable": "flightsim.sim.controls",
    "RECORD_PRESETS": "flightsim.sim.recorder",
    "Recording": "flightsim.recording",
    "PropertyInfo": "flightsim.sim.property_nodes",
    "PacingReport": "flightsim.sim.pacing",
    "load_check": "flightsim.sim.preflight",
    "validate": "flightsim.config",
    "validate_file": "flightsim.config",
    "Diagnostic": "flightsim.config",
    "Severity": "flightsim.config",
    "write_report": "flightsim.plots.report",
    "find_aircraft": "flightsim.paths",
    "list_aircraft": "flightsim.paths",
    "find_script": "flightsim.paths",
    "parse_quantity": "flightsim.units",
    "convert": "flightsim.units",
}
_ERRORS = (
    "FlightsimError",
    "ConfigError",
    "UnitError",
    "NotFoundError",
    "PropertyError",
    "SimulationError",
    "DivergenceError",
    "TrimError",
    "JSBSimCrashError",
    "MissingExtraError",
)
_EXPORTS.update(dict.fromkeys(_ERRORS, "flightsim.errors"))

__all__ = [
    "RECORD_PRESETS",
    "ConfigError",
    "ControlTable",
    "Diagnostic",
    "DivergenceError",
    "FlightsimError",
    "InitialConditions",
    "JSBSimCrashError",
    "MissingExtraError",
    "NotFoundError",
    "PacingReport",
    "PropertyError",
    "PropertyInfo",
    "Recording",
    "Severity",
    "Simulation",
    "SimulationError",
    "TrimError",
    "TrimResult",
    "UnitError",
    "__version__",
    "convert",
    "find_aircraft",
    "find_script",
    "list_aircraft",
    "load_check",
    "parse_quantity",
    "validate",
    "validate_file",
    "write_report",
]

if TYPE_CHECKING:  # names for type checkers and IDEs; at run time they load on first use
    from flightsim.config import Diagnostic, Severity, validate, validate_file
    from flightsim.errors import (
        ConfigError,
        DivergenceError,
        FlightsimError,
        JSBSimCrashError,
        MissingExtraError,
        NotFoundError,
        PropertyError,
        SimulationError,
        TrimError,
        UnitError,
    )
    from flightsim.paths import find_aircraft, find_script, list_aircraft
    from flightsim.plots.report import write_report
    from flightsim.recording import Recording
    from flightsim.sim.controls import ControlTable
    from flightsim.sim.initial_conditions import InitialConditions
    from flightsim.sim.pacing import PacingReport
    from flightsim.sim.preflight import load_check
    from flightsim.sim.property_nodes import PropertyInfo
    from flightsim.sim.recorder import RECORD_PRESETS
    from flightsim.sim.simulation import Simulation
    from flightsim.sim.trim import TrimResult
    from flightsim.units import convert, parse_quantity


def __getattr__(name: str) -> Any:
    """Load a public name from its module on first use (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'flightsim' has no attribute '{name}'")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


# Gymnasium environments: registered now if gymnasium is loaded, else when it is
from flightsim.envs.registration import register_when_imported  # noqa: E402

register_when_imported()
