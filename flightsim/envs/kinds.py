"""Which aircraft the environments fly: the tasks are those of a fixed-wing aircraft.

A rotorcraft or an airship loads and runs in JSBSim, but the environments'
random starts (trimmed on the wings at a cruise speed) and their tasks do not
fit it; it is refused at once, whether its profile is found or given. A glider
(no engine) flies only the tasks that need no power (``Task.needs_engine``).
"""

from __future__ import annotations

from flightsim.envs.tasks import TASKS, Task
from flightsim.errors import ConfigError
from flightsim.sim.simulation import Simulation


def refuse_unless_fixed_wing(sim: Simulation) -> None:
    """ConfigError when ``sim``'s aircraft is a rotorcraft (JSBSim's rotor properties,
    ``metrics/rotor/`` or a rotor thruster's ``/rotor-rpm``) or lighter than air (gas
    cells, ``buoyant_forces/gas-cell``), naming what it is."""

    def has(prefix: str) -> bool:
        return any("/" in line for line in sim.fdm.query_property_catalog(prefix).splitlines())

    if has("metrics/rotor/") or has("/rotor-rpm"):
        kind = "a rotorcraft"
    elif has("buoyant_forces/gas-cell"):
        kind = "lighter than air"
    else:
        return
    raise ConfigError(
        f"{sim.aircraft.name} is {kind}: the environments' random starts, trims and tasks "
        "are those of a fixed-wing aircraft flying on its wings; fly it with "
        "flightsim.Simulation"
    )


def refuse_task_for_glider(aircraft: str, task: type[Task]) -> None:
    """ConfigError when ``task`` needs an engine (``Task.needs_engine``) and ``aircraft``
    has none, naming the tasks a glider flies."""
    if not task.needs_engine:
        return
    *others, last = (name for name, cls in TASKS.items() if not cls.needs_engine)
    raise ConfigError(
        f"{aircraft} has no engine (a glider), and {task.name} needs one (Task.needs_engine: "
        f"it holds or climbs to altitudes); the tasks for gliders are {', '.join(others)} and "
        f"{last}, flown in a glide; or give an aircraft with an engine"
    )
