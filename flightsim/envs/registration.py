"""Registering the environments with Gymnasium, without importing it from ``import flightsim``.

Gymnasium 1.x dropped the ``gymnasium.envs`` entry-point plugins of 0.2x (its
``gymnasium/envs/__init__.py`` registers only its own environments), so a
package registers when it is imported. ``import flightsim`` must stay light
(no numpy, no Gymnasium), so it calls :func:`register_when_imported`:

- Gymnasium already imported: register now (it costs nothing more);
- otherwise: a one-shot import hook registers right after ``gymnasium`` is
  imported, whenever that happens.

Either way ``import flightsim; gymnasium.make("flightsim/HeadingAltitude-v0")``
works, in either import order, and ``gymnasium.make("flightsim:flightsim/
HeadingAltitude-v0")`` (Gymnasium's module prefix) imports flightsim, which
registers at once since Gymnasium is loaded by then.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # importlib.abc/util import pathlib: kept out of `import flightsim`
    from importlib.abc import Loader
    from importlib.machinery import ModuleSpec

ENV_IDS: dict[str, str] = {
    "flightsim/AttitudeTracking-v0": "AttitudeTracking",
    "flightsim/HeadingAltitude-v0": "HeadingAltitude",
    "flightsim/Waypoints-v0": "Waypoints",
    "flightsim/LandingApproach-v0": "LandingApproach",
}
"""Registered environment IDs and the task each flies."""

ENTRY_POINTS = "flightsim.envs.entry_points"
"""The module of the IDs' entry points: ``<task>`` and ``<task>_vector`` for each ID, which
fly the ID's task and refuse ``task=`` naming another."""


def register_envs() -> None:
    """Register every flightsim environment with Gymnasium (idempotent)."""
    from gymnasium.envs.registration import register, registry

    for env_id, task in ENV_IDS.items():
        if env_id in registry:
            continue
        register(
            id=env_id,
            entry_point=f"{ENTRY_POINTS}:{task}",
            vector_entry_point=f"{ENTRY_POINTS}:{task}_vector",
            kwargs={"task": task},
            # no wrappers around FlightEnv: check_env passes on every ID (tests), and
            # FlightEnv refuses step() before reset() itself; each wrapper costs ~1 µs
            # per step beside JSBSim (docs/environments.md, "Speed")
            order_enforce=False,
            disable_env_checker=True,
        )


class _Loader:
    """Gymnasium's own loader, then our registration (a loader by protocol)."""

    def __init__(self, inner: Loader) -> None:
        self._inner = inner

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self._inner.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._inner.exec_module(module)
        register_envs()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _GymnasiumHook:
    """A meta path finder (by protocol) that finds nothing itself; it wraps
    Gymnasium's loader the first time Gymnasium is imported."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        if fullname != "gymnasium":
            return None
        _remove_hook()
        from importlib.util import find_spec

        spec = find_spec(fullname)
        if spec is None or spec.loader is None:
            return None
        spec.loader = _Loader(spec.loader)  # type: ignore[assignment]
        return spec


def _remove_hook() -> None:
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _GymnasiumHook)]


def register_when_imported() -> None:
    """Register now if Gymnasium is loaded, else as soon as it is (see the module doc)."""
    if "gymnasium" in sys.modules:
        register_envs()
    elif not any(isinstance(f, _GymnasiumHook) for f in sys.meta_path):
        sys.meta_path.insert(0, _GymnasiumHook())
