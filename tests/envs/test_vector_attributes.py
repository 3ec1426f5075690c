"""Gymnasium's call, get_attr and set_attr on both vector envs (real JSBSim, real workers)."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from flightsim.envs import FlightEnv, FlightProcessVectorEnv, FlightVectorEnv
from flightsim.envs.attributes import call_each
from flightsim.errors import (
    ConfigError,
    JSBSimCrashError,
    SimulationError,
    UnitError,
    UnknownAttributeError,
)

pytestmark = pytest.mark.timeout(120)  # a hang is one of the bugs guarded against

ZEROS = np.zeros((3, 4), np.float32)


def make(kind: str) -> Any:
    """Three HeadingAltitude c172p environments: in this process, or on 2 workers (1 + 2)."""
    if kind == "in-process":
        return FlightVectorEnv(3, task="HeadingAltitude", record_track=True)
    return FlightProcessVectorEnv(3, workers=2, task="HeadingAltitude", record_track=True)


@pytest.fixture(params=["in-process", "processes"])
def vec(request: pytest.FixtureRequest) -> Iterator[Any]:
    envs = make(request.param)
    envs.reset(seed=7)
    yield envs
    envs.close()


def test_get_attr_reads_attributes_and_properties_in_env_order(vec: Any) -> None:
    assert vec.get_attr("wind_kts") == (0.0, 0.0, 0.0)  # a plain attribute
    single = FlightEnv("HeadingAltitude")
    starts = []
    for i in range(3):  # reset(seed=7) seeds environment i with 7 + i
        single.reset(seed=7 + i)
        starts.append(single.episode_start)
    single.close()
    assert vec.get_attr("episode_start") == tuple(starts)  # a property, across both workers
    assert len(set(starts)) == 3
    vec.step(ZEROS)
    vec.step(ZEROS)
    assert vec.get_attr("elapsed_steps") == (2, 2, 2)
    tracks = vec.get_attr("track")
    assert [t.shape for t in tracks] == [(3, 10)] * 3 and tracks[1][0, 0] == 0.0


def test_call_passes_positional_and_keyword_arguments(vec: Any) -> None:
    waypoints = FlightEnv.start_of("Waypoints", aircraft="c172p")
    assert vec.call("start_of", "Waypoints", aircraft="c172p") == (waypoints,) * 3
    assert vec.call("get_wrapper_attr", "episode_start") == vec.get_attr("episode_start")
    assert vec.call("wind_kts") == (0.0, 0.0, 0.0)  # not callable: returned as it is


def test_set_attr_sets_one_value_for_all_or_one_each(vec: Any) -> None:
    vec.set_attr("wind_kts", 12.5)
    assert vec.get_attr("wind_kts") == (12.5, 12.5, 12.5)
    vec.set_attr("wind_kts", [1.0, 2.0, 3.0])
    assert vec.get_attr("wind_kts") == (1.0, 2.0, 3.0)
    vec.set_attr("turbulence", ("light", None, "severe"))
    assert vec.get_attr("turbulence") == ("light", None, "severe")
    # an array is one value, as in Gymnasium (not one each): here one no speed can be
    with pytest.raises(ConfigError, match=r"environment 0: setting 'wind_kts' raised Un.*array"):
        vec.set_attr("wind_kts", np.array([4.0, 5.0]))


def test_set_attr_refuses_the_wrong_number_of_values_and_sets_none(vec: Any) -> None:
    with pytest.raises(ConfigError, match=r"a list or tuple of 3 values .*, not 2$") as caught:
        vec.set_attr("wind_kts", [1.0, 2.0])
    assert isinstance(caught.value, ValueError)  # what Gymnasium raises
    assert vec.get_attr("wind_kts") == (0.0, 0.0, 0.0)


def test_an_unknown_name_is_an_attribute_error_with_the_closest_names(vec: Any) -> None:
    with pytest.raises(
        UnknownAttributeError,
        match=r"^FlightEnv has no attribute 'episode_strat' \(environment 0\)\. "
        "Did you mean: episode_start\\?$",
    ) as caught:
        vec.get_attr("episode_strat")
    assert isinstance(caught.value, AttributeError)
    with pytest.raises(UnknownAttributeError, match="Did you mean: export_acmi, export_kml"):
        vec.call("exprt_acmi", "out.acmi")
    with pytest.raises(UnknownAttributeError, match="'wind_kt' .* Did you mean: wind_kts"):
        vec.set_attr("wind_kt", 5.0)  # Gymnasium would create it; nothing would read it
    with pytest.raises(UnknownAttributeError, match="'_trak' .* Did you mean: _track"):
        vec.get_attr("_trak")  # a private name is compared with private names too
    with pytest.raises(ConfigError, match=r"'reset': use the vector env's own reset\(\)"):
        vec.call("reset", seed=3)
    obs, *_ = vec.step(ZEROS)  # nothing ran; every environment is still in step
    assert vec.get_attr("elapsed_steps") == (1, 1, 1) and np.all(np.isfinite(obs))


def test_an_exception_inside_an_environment_names_it_and_the_rest_live_on(vec: Any) -> None:
    vec.set_attr("_track", [[], [], None])  # environment 2 (the second worker's) keeps none
    with pytest.raises(
        ConfigError,
        match=r"^environment 2: 'track' raised ConfigError: no track kept: make the env with",
    ):
        vec.get_attr("track")
    with pytest.raises(
        ConfigError,
        match=r"^environment 0: setting 'episode_start' raised AttributeError: "
        r"property 'episode_start' of 'FlightEnv' object has no setter",
    ):
        vec.set_attr("episode_start", None)
    with pytest.raises(ConfigError, match=r"environment 0: 'start_of' raised ConfigError: unknown"):
        vec.call("start_of", "Hover")
    vec.set_attr("_track", [[], [], []])
    vec.step(ZEROS)
    assert vec.get_attr("elapsed_steps") == (1, 1, 1)
    assert [t.shape for t in vec.get_attr("track")] == [(1, 10)] * 3


def test_other_exceptions_are_simulation_errors_caused_by_them() -> None:
    class Probe:
        def fail(self, key: str) -> None:
            raise KeyError(key)

    with pytest.raises(SimulationError, match=r"^environment 4: 'fail' raised KeyError: 'x'$") as e:
        call_each([Probe()], "fail", ("x",), {}, offset=4)
    assert isinstance(e.value.__cause__, KeyError)


def test_a_closed_vector_env_refuses_every_call(vec: Any) -> None:
    vec.close()
    for attempt in (
        lambda: vec.get_attr("wind_kts"),
        lambda: vec.call("start_of", "Waypoints"),
        lambda: vec.set_attr("wind_kts", 1.0),
        lambda: vec.step(np.zeros((vec.num_envs, 4), np.float32)),
        lambda: vec.reset(seed=0),
    ):
        with pytest.raises(SimulationError, match="this vector env is closed"):
            attempt()


def test_values_that_do_not_pickle_are_clear_errors_across_processes() -> None:
    vec = make("processes")
    with pytest.raises(
        ConfigError,
        match=r"^environment 0's 'sim', a Simulation, cannot be pickled, which it must be to "
        r"cross between processes: TypeError: .* or FlightVectorEnv in one process$",
    ):
        vec.get_attr("sim")  # a JSBSim instance stays in its worker
    with pytest.raises(
        ConfigError,
        match=r"^set_attr\('wind_kts'\)'s value for environment 1, a function, cannot be pickled",
    ):
        vec.set_attr("wind_kts", [1.0, lambda: 2.0, 3.0])
    with pytest.raises(ConfigError, match=r"^the arguments of call\('start_of'\) cannot be"):
        vec.call("start_of", "Waypoints", aircraft=lambda: "c172p")
    assert vec.get_attr("wind_kts") == (0.0, 0.0, 0.0)  # nothing was set; the pipes in step
    obs, _ = vec.reset(seed=7)
    assert obs.shape == (3, 17)
    vec.close()
    local = make("in-process")  # in one process nothing is pickled
    assert [type(sim).__name__ for sim in local.get_attr("sim")] == ["Simulation"] * 3
    local.close()


def test_a_dead_worker_fails_the_call_then_the_vector_env_is_closed() -> None:
    vec = make("processes")
    victim = vec._processes[1]
    os.kill(victim.pid, signal.SIGKILL)
    victim.join(5.0)
    with pytest.raises(JSBSimCrashError, match=r"worker 1 \(pid \d+\) was killed by SIGKILL"):
        vec.get_attr("wind_kts")
    with pytest.raises(SimulationError, match=r"closed \(by close\(\), or when a worker died\)"):
        vec.get_attr("wind_kts")
    vec.close()


def test_set_attr_checks_the_wind_and_turbulence_as_the_constructor_does(vec: Any) -> None:
    vec.set_attr("wind_kts", "6 m/s")
    assert vec.get_attr("wind_kts") == pytest.approx((6.0 / 0.514444,) * vec.num_envs, rel=1e-6)
    with pytest.raises((ConfigError, UnitError), match="wind_kts"):
        vec.set_attr("wind_kts", "6 m")
    with pytest.raises(ConfigError, match="turbulence 'mild': choose None or one of"):
        vec.set_attr("turbulence", "mild")
    assert vec.get_attr("turbulence") == (None,) * vec.num_envs


@pytest.mark.parametrize("refused_at", [0, 1, 2])
def test_a_set_attr_one_environment_refuses_sets_none(vec: Any, refused_at: int) -> None:
    values: list[Any] = [10.0, 20.0, 30.0]
    values[refused_at] = "6 m"  # a length, not a speed
    with pytest.raises(ConfigError, match=rf"environment {refused_at}: setting 'wind_kts'"):
        vec.set_attr("wind_kts", values)
    assert vec.get_attr("wind_kts") == (0.0, 0.0, 0.0)  # across workers and within one
    vec.set_attr("wind_kts", [1.0, 2.0, 3.0])  # and the next one is whole
    assert vec.get_attr("wind_kts") == (1.0, 2.0, 3.0)


@pytest.mark.parametrize(
    ("name", "value", "argument"),
    [("agent_dt_s", 0.5, "agent_hz"), ("controls", ("aileron",), "controls"),
     ("render_mode", "rgb_array", "render_mode"), ("dict_observations", True,
     "dict_observations")],
)  # fmt: skip
def test_what_the_environment_was_made_with_is_refused_not_ignored(
    vec: Any, name: str, value: Any, argument: str
) -> None:
    # set, these had changed nothing (agent_dt_s) or broken the next step with an unrelated
    # error (controls: "HeadingAltitude.step gave 0 task observations")
    before = vec.get_attr(name)
    with pytest.raises(ConfigError) as caught:
        vec.set_attr(name, [value] * vec.num_envs)
    assert str(caught.value) == (
        f"environment 0: setting {name!r} raised ConfigError: FlightEnv.{name} is fixed when "
        f"the environment is made: make a new one with the {argument}= you want (wind_kts "
        "and turbulence may be set between episodes)"
    )
    assert vec.get_attr(name) == before
    obs, *_ = vec.step(ZEROS)
    assert obs.shape == (3, 17)


def test_a_single_environment_refuses_them_too() -> None:
    env = FlightEnv("HeadingAltitude", controls=["elevator", "throttle"])
    with pytest.raises(ConfigError, match=r"FlightEnv.controls is fixed .* the controls= you"):
        env.controls = ("aileron",)
    with pytest.raises(ConfigError, match=r"FlightEnv.sim is fixed .* the aircraft= you"):
        env.sim = None
    env.wind_kts = "5 m/s"  # these may change between episodes
    env.turbulence = "light"
    env.reset(seed=0)
    assert env.step(np.zeros(2, np.float32))[0].shape == (15,)
    env.close()


@pytest.mark.parametrize("workers", [None, 1])
def test_get_attr_spec_gives_each_environment_s_spec_as_sync_vector_env_does(
    workers: int | None,
) -> None:
    import gymnasium

    import flightsim  # noqa: F401  (registers the environments)

    env_id, kwargs = "flightsim/HeadingAltitude-v0", {"duration_s": 5.0}
    sync = gymnasium.make_vec(env_id, 2, vectorization_mode="sync", vector_kwargs={}, **kwargs)
    extra = {} if workers is None else {"workers": workers}
    ours = gymnasium.make_vec(env_id, 2, **extra, **kwargs)
    expected, got = sync.get_attr("spec"), ours.get_attr("spec")  # had been (None, None)
    assert expected[0] is not None and expected[0].kwargs == {"task": "HeadingAltitude", **kwargs}
    assert got == expected and got[0] is not got[1]
    sync.close()
    ours.close()
    # made without make_vec, the environments have no spec, as FlightEnv(...) has none
    direct = FlightVectorEnv(2, task="HeadingAltitude")
    assert direct.get_attr("spec") == (None, None)
    direct.close()


@pytest.mark.parametrize("workers", [0, 2])
def test_set_attr_names_the_environment_and_suggests_names_that_can_be_set(workers: int) -> None:
    vec = (
        FlightProcessVectorEnv(3, workers=workers, task="HeadingAltitude")
        if workers
        else FlightVectorEnv(3, task="HeadingAltitude")
    )
    vec.reset(seed=0)
    try:
        # an argument of the environment had been answered "Did you mean: action_space?"
        with pytest.raises(UnknownAttributeError) as caught:
            vec.set_attr("duration_s", 5.0)
        assert str(caught.value) == (
            "FlightEnv (environment 0) has no attribute 'duration_s': duration_s is an "
            "argument of the environment, used when it is made; make a new vector env with "
            "duration_s=... instead"
        )
        with pytest.raises(UnknownAttributeError) as caught:
            vec.set_attr("turbulance", None)  # methods and read-only properties are no match
        assert str(caught.value) == (
            "FlightEnv (environment 0) has no attribute 'turbulance' to set. "
            "Did you mean: turbulence?"
        )
        # a read-only property whose getter refuses (no track kept) had given the getter's
        # message, without the environment
        with pytest.raises(ConfigError) as caught:
            vec.set_attr("track", None)
        assert str(caught.value) == (
            "environment 0: setting 'track' raised AttributeError: property 'track' of "
            "'FlightEnv' object has no setter"
        )
        with pytest.raises(ConfigError, match="^environment 2: setting 'wind_kts' raised "):
            vec.set_attr("wind_kts", [1.0, 2.0, "x"])
        assert vec.get_attr("wind_kts") == (0.0, 0.0, 0.0)  # all set, or none
    finally:
        vec.close()
