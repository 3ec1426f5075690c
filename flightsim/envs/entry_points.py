"""The registered IDs' entry points: each builds its ID's task and refuses another.

Gymnasium merges ``gymnasium.make(id, **kwargs)``'s keywords over the ID's
registered ones, so ``make("flightsim/HeadingAltitude-v0", task="Waypoints")``
would fly Waypoints under HeadingAltitude's ID and spec. Each ID's
``entry_point`` and ``vector_entry_point`` is an :class:`IdEntryPoint` here
(``flightsim.envs.entry_points:HeadingAltitude``, ``...:HeadingAltitude_vector``),
which accepts ``task=`` only for the ID's own task: its name, its ID, the
task class, a subclass of it or an instance of one (a task of yours that
scores that task otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flightsim.envs.env import FlightEnv, task_named
from flightsim.envs.registration import ENV_IDS
from flightsim.envs.tasks import TASKS, Task
from flightsim.envs.vector import make_vector_env
from flightsim.errors import ConfigError, NotFoundError, suggest

_IDS = {task: env_id for env_id, task in ENV_IDS.items()}
"""Each task's ID (:data:`~flightsim.envs.registration.ENV_IDS` turned round)."""


def with_ids_task(env_id: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    """``kwargs`` with ``task`` set to ``env_id``'s task, or kept if it is one of that task's
    kind (see the module doc); else a :class:`ConfigError` naming the ID that flies it. An
    ``env_id`` that is no flightsim ID is a :class:`NotFoundError`."""
    if env_id not in ENV_IDS:
        named = _IDS.get(env_id)  # a task's name
        raise NotFoundError(
            f"no flightsim environment {env_id!r}: give one of {', '.join(ENV_IDS)}."
            + (f" Did you mean: {named}?" if named else suggest(env_id, ENV_IDS, n=1))
        )
    expected = TASKS[ENV_IDS[env_id]]
    given = kwargs.get("task", expected)
    kind = type(given) if isinstance(given, Task) else task_named(given)
    if not issubclass(kind, expected):
        own = [i for i, name in ENV_IDS.items() if issubclass(kind, TASKS[name])]
        # the ID alone flies its own task: a task of yours (a subclass, an instance) goes
        # with it as task=
        builtin = isinstance(given, str) or any(given is t for t in TASKS.values())
        yours = "" if builtin else ", task=..."
        instead = f"gymnasium.make({own[0]!r}{yours})" if own else "FlightEnv(task=...)"
        raise ConfigError(
            f"{env_id} flies the {expected.__name__} task; task={given!r} is a "
            f"{kind.__name__}, not one: use {instead} to fly it, or give task= only a "
            f"subclass of {expected.__name__} (or an instance of one)"
        )
    return {**kwargs, "task": given}


class IdEntryPoint:
    """``build(**kwargs)`` (``FlightEnv`` or :func:`make_vector_env`) with ``env_id``'s task
    (:func:`with_ids_task`); ``metadata`` is the environment's, which Gymnasium reads
    from an entry point (its render modes)."""

    metadata = FlightEnv.metadata

    def __init__(self, env_id: str, build: Callable[..., Any]) -> None:
        self.env_id = env_id
        self._build = build

    def __call__(self, **kwargs: Any) -> Any:
        """Gymnasium's call: every argument by keyword (``num_envs`` too, for a vector one)."""
        return self._build(**with_ids_task(self.env_id, kwargs))

    def __repr__(self) -> str:
        return f"IdEntryPoint({self.env_id!r}, {self._build.__name__})"


AttitudeTracking = IdEntryPoint(_IDS["AttitudeTracking"], FlightEnv)
AttitudeTracking_vector = IdEntryPoint(_IDS["AttitudeTracking"], make_vector_env)
HeadingAltitude = IdEntryPoint(_IDS["HeadingAltitude"], FlightEnv)
HeadingAltitude_vector = IdEntryPoint(_IDS["HeadingAltitude"], make_vector_env)
Waypoints = IdEntryPoint(_IDS["Waypoints"], FlightEnv)
Waypoints_vector = IdEntryPoint(_IDS["Waypoints"], make_vector_env)
LandingApproach = IdEntryPoint(_IDS["LandingApproach"], FlightEnv)
LandingApproach_vector = IdEntryPoint(_IDS["LandingApproach"], make_vector_env)
