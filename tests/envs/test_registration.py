"""Registration with Gymnasium: either import order, the module prefix, and a light import."""

from __future__ import annotations

import subprocess
import sys

import pytest

SNIPPETS = {
    "flightsim first": "import flightsim, gymnasium; make('flightsim/HeadingAltitude-v0')",
    "gymnasium first": "import gymnasium, flightsim; make('flightsim/Waypoints-v0')",
    "module prefix": "import gymnasium; make('flightsim:flightsim/LandingApproach-v0')",
    "envs prefix": "import gymnasium; make('flightsim.envs:flightsim/AttitudeTracking-v0')",
}


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_make_works_in_every_import_order(name: str) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            SNIPPETS[name].replace("make(", "gymnasium.make(") + "; print('made')",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("made")


def test_import_flightsim_loads_neither_gymnasium_nor_numpy() -> None:
    code = (
        "import sys, flightsim, flightsim.envs; "
        "print(sorted(m for m in ('gymnasium', 'numpy', 'jsbsim') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_registry_lists_the_four_tasks() -> None:
    import gymnasium

    import flightsim  # noqa: F401

    ids = {i for i in gymnasium.registry if i.startswith("flightsim/")}
    assert ids == {
        "flightsim/AttitudeTracking-v0",
        "flightsim/HeadingAltitude-v0",
        "flightsim/Waypoints-v0",
        "flightsim/LandingApproach-v0",
    }


def test_make_gives_the_environment_itself_with_no_wrapper_to_pay_for() -> None:
    import gymnasium

    import flightsim  # noqa: F401
    from flightsim.envs import FlightEnv

    env = gymnasium.make("flightsim/HeadingAltitude-v0")
    assert type(env) is FlightEnv and env.unwrapped is env
    wrapped = gymnasium.make("flightsim/HeadingAltitude-v0", disable_env_checker=False)
    assert type(wrapped).__name__ == "PassiveEnvChecker"  # still there when asked for
    env.close()
    wrapped.close()
