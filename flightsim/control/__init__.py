"""Classical controllers: a PID loop, an autopilot built from PID loops, the demo flight.

Usable as baselines beside learned controllers: each takes an object that reads
JSBSim properties by name (a ``Simulation`` or a ``jsbsim.FGFDMExec``) and
returns ``{property: command}`` dicts.
"""

from flightsim.control.autopilot import Autopilot, AutopilotGains, AutopilotTargets
from flightsim.control.demo_flight import DemoFlight, DemoPlan
from flightsim.control.pid import PID, PIDTerms, clamp, wrap_180

__all__ = [
    "PID",
    "Autopilot",
    "AutopilotGains",
    "AutopilotTargets",
    "DemoFlight",
    "DemoPlan",
    "PIDTerms",
    "clamp",
    "wrap_180",
]
