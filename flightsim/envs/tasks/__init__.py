"""The flying tasks: each draws starts and targets, observes, rewards and judges success."""

from flightsim.envs.tasks.base import STATE_PROPERTIES, Start, StepResult, Task
from flightsim.envs.tasks.navigation import LandingApproach, Waypoints
from flightsim.envs.tasks.tracking import AttitudeTracking, HeadingAltitude

TASKS: dict[str, type[Task]] = {
    cls.name: cls for cls in (AttitudeTracking, HeadingAltitude, Waypoints, LandingApproach)
}
"""Task classes by name (the name in the environment ID)."""

__all__ = [
    "STATE_PROPERTIES",
    "TASKS",
    "AttitudeTracking",
    "HeadingAltitude",
    "LandingApproach",
    "Start",
    "StepResult",
    "Task",
    "Waypoints",
]
