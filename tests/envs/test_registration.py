"""Registration with Gymnasium: either import order, the module prefix, and a light import."""

from __future__ import annotations

import subprocess
import sys

import pytest

from flightsim.envs.registration import ENV_IDS

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


@pytest.mark.parametrize(
    ("env_id", "other"),
    [(i, t) for i in ENV_IDS for t in ENV_IDS.values() if t != ENV_IDS[i]],
)
def test_an_id_refuses_another_task_and_names_the_id_that_flies_it(env_id: str, other: str) -> None:
    import gymnasium

    import flightsim  # noqa: F401
    from flightsim.errors import ConfigError

    expected = f"{env_id} flies the {ENV_IDS[env_id]} task; task='{other}' is a {other}"
    instead = f"use gymnasium.make\\('flightsim/{other}-v0'\\)"
    with pytest.raises(ConfigError, match=f"^{expected}, not one: {instead}"):
        gymnasium.make(env_id, task=other)
    for mode in ("vector_entry_point", "sync"):
        with pytest.raises(ConfigError, match=f"^{expected}"):
            gymnasium.make_vec(env_id, num_envs=2, vectorization_mode=mode, task=other)


def test_an_id_flies_a_task_of_its_own_kind_given_as_name_id_subclass_or_instance() -> None:
    import gymnasium

    import flightsim  # noqa: F401
    from flightsim.envs.tasks import TASKS

    class SteadierHeadingAltitude(TASKS["HeadingAltitude"]):  # type: ignore[misc,valid-type]
        """A task of yours that scores HeadingAltitude otherwise."""

    env_id = "flightsim/HeadingAltitude-v0"
    for given in ("HeadingAltitude", env_id, SteadierHeadingAltitude):
        env = gymnasium.make(env_id, task=given)
        assert type(env.unwrapped.task).__name__ in ("HeadingAltitude", "SteadierHeadingAltitude")
        env.close()
    env = gymnasium.make(env_id, task=SteadierHeadingAltitude)
    assert type(env.unwrapped.task) is SteadierHeadingAltitude
    env.close()
    from flightsim.envs.profiles import PROFILES

    mine = SteadierHeadingAltitude(PROFILES["c172p"])
    vec = gymnasium.make_vec(env_id, num_envs=2, task=mine)
    assert {type(e.task) for e in vec.unwrapped.envs} == {SteadierHeadingAltitude}
    vec.close()


def test_a_task_of_no_registered_kind_is_pointed_to_flightenv() -> None:
    import gymnasium

    import flightsim  # noqa: F401
    from flightsim.envs.tasks import Task
    from flightsim.errors import ConfigError

    class Loiter(Task):
        """Not a kind of any registered task."""

    with pytest.raises(ConfigError, match=r"is a Loiter, not one: use FlightEnv\(task=\.\.\.\)"):
        gymnasium.make("flightsim/Waypoints-v0", task=Loiter)
    with pytest.raises(ConfigError, match=r"unknown task 'Loitering'"):
        gymnasium.make("flightsim/Waypoints-v0", task="Loitering")


def test_the_entry_points_give_gymnasium_the_render_modes() -> None:
    import gymnasium
    from gymnasium.wrappers import RenderCollection

    import flightsim  # noqa: F401

    # 'rgb_array_list' is no mode of FlightEnv's: Gymnasium reads the entry point's
    # metadata to wrap it in RenderCollection
    env = gymnasium.make("flightsim/AttitudeTracking-v0", render_mode="rgb_array_list")
    assert isinstance(env, RenderCollection)
    env.reset(seed=0)
    env.step(env.action_space.sample())
    frames = env.render()
    assert len(frames) == 2 and frames[0].ndim == 3
    env.close()


def test_rllib_env_config_takes_only_a_task_of_the_ids_kind() -> None:
    from flightsim.envs import rllib
    from flightsim.errors import ConfigError

    with pytest.raises(ConfigError, match=r"flightsim/Waypoints-v0 flies the Waypoints task"):
        rllib.make_env("flightsim/Waypoints-v0", {"task": "LandingApproach"})


def test_a_task_of_yours_of_another_kind_is_pointed_to_its_id_with_task() -> None:
    import gymnasium

    import flightsim  # noqa: F401
    from flightsim.envs.profiles import PROFILES
    from flightsim.envs.tasks import TASKS
    from flightsim.errors import ConfigError

    class MyWaypoints(TASKS["Waypoints"]):  # type: ignore[misc,valid-type]
        """A Waypoints of yours: the Waypoints ID alone would fly the plain one."""

    instead = r"use gymnasium\.make\('flightsim/Waypoints-v0', task=\.\.\.\) to fly it"
    for given in (
        MyWaypoints,
        MyWaypoints(PROFILES["c172p"]),
        TASKS["Waypoints"](PROFILES["c172p"]),
    ):
        with pytest.raises(ConfigError, match=instead):
            gymnasium.make("flightsim/HeadingAltitude-v0", task=given)
    # the plain task by class, name or ID: the ID alone flies it
    for plain in (TASKS["Waypoints"], "Waypoints", "flightsim/Waypoints-v0"):
        with pytest.raises(ConfigError, match=r"use gymnasium\.make\('flightsim/Waypoints-v0'\) "):
            gymnasium.make("flightsim/HeadingAltitude-v0", task=plain)


def test_rllib_make_env_names_the_ids_for_an_unknown_one() -> None:
    from flightsim.envs import rllib
    from flightsim.errors import NotFoundError

    # make_env took a task's name before it took the ID: a KeyError had said only 'Waypoints'
    with pytest.raises(
        NotFoundError,
        match=r"^no flightsim environment 'Waypoints': give one of .*"
        r"Did you mean: flightsim/Waypoints-v0\?$",
    ):
        rllib.make_env("Waypoints", {})
    with pytest.raises(NotFoundError, match=r"Did you mean: flightsim/Waypoints-v0\?$"):
        rllib.make_env("flightsim/Waypoint-v0", {})
