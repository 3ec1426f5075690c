"""Which aircraft the environments fly: the tasks are those of a fixed-wing aircraft.

A rotorcraft, a multirotor or an airship loads and runs in JSBSim, but the environments'
random starts (trimmed on the wings at a cruise speed) and their tasks do not
fit it; it is refused at once, whether its profile is found or given. A glider
(no engine) flies only the tasks that need no power (``Task.needs_engine``).
"""

from __future__ import annotations

from flightsim.envs.tasks import TASKS, Task
from flightsim.errors import ConfigError
from flightsim.sim.craft import not_fixed_wing
from flightsim.sim.simulation import Simulation


def refuse_unless_fixed_wing(sim: Simulation) -> None:
    """ConfigError when ``sim``'s aircraft is a rotorcraft, a multirotor or lighter than air
    (:func:`flightsim.sim.craft.not_fixed_wing`), naming what it is."""
    kind = not_fixed_wing(sim)
    if kind is None:
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
