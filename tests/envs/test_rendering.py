"""Rendering: a frame per task of the documented size, with the task's targets drawn inside it."""

from __future__ import annotations

import time
import warnings

import numpy as np
import pytest

from flightsim.envs import TASKS, FlightEnv
from flightsim.envs.rendering import FRAME_SIZE_PX, horizon_points
from flightsim.envs.vector import InfoTable


def _rendered(task: str) -> tuple[FlightEnv, np.ndarray]:
    env = FlightEnv(task, render_mode="rgb_array")
    env.reset(seed=3)
    for _ in range(10):
        env.step(np.zeros(4, np.float32))
    frame = env.render()
    assert frame is not None
    return env, frame


@pytest.mark.parametrize("task", list(TASKS))
def test_frame_size_texts_inside_and_targets_drawn(task: str) -> None:
    env, frame = _rendered(task)
    width, height = FRAME_SIZE_PX
    assert frame.shape == (height, width, 3) and frame.dtype == np.uint8
    panel = env._renderer._panel
    renderer = env._renderer.figure.canvas.get_renderer()
    # every readout and title lies wholly inside the frame (none cut at an edge)
    for text in panel.fig.texts:
        box = text.get_window_extent(renderer)
        assert text.get_text() and box.x0 >= 0 and box.x1 <= width, text.get_text()
        assert box.y0 >= 0 and box.y1 <= height, text.get_text()
    # the altitude tape's labels stay on the tape, off the attitude indicator
    ai_box = panel.ai.get_window_extent(renderer)
    for label in panel.altitude.labels:
        if label.get_visible():
            box = label.get_window_extent(renderer)
            assert box.x0 >= ai_box.x1 and box.x1 <= width, label.get_text()
    s, north, east = env.local_state()
    targets = env.task.autopilot_targets(s, north, east)
    line = panel.target_text.get_text()
    assert f"{targets.kcas:.0f} kt" in line
    assert len(panel.speed.target.get_xdata()) == 1
    magenta = np.all(frame == (255, 0, 255), axis=-1)
    assert magenta.sum() > 30  # the target markers are drawn
    if targets.bank_deg is None:  # a heading target: on the heading tape and as a ray
        assert f"heading {targets.heading_deg % 360:05.1f}°" in line
        assert len(panel.heading.target.get_xdata()) == 1
        assert len(panel.heading_ray.get_xdata()) == 2
        altitude = panel.altitude.target.get_ydata()[0]
        low, high = panel.altitude.ax.get_ylim()
        assert altitude == pytest.approx(min(max(targets.altitude_ft, low), high))
        assert f"altitude {targets.altitude_ft:.0f} ft" in line
    else:  # attitude targets: the command bar and the bank pointer
        assert targets.pitch_deg is not None
        assert f"bank {targets.bank_deg:+.0f}°" in line and "pitch" in line
        assert len(panel.command_bar.get_xdata()) == 2
        assert len(panel.bank_target.get_xdata()) == 1
        assert len(panel.heading.target.get_xdata()) == 0
    labels = [t.get_text() for t in panel.mark_labels if t.get_visible()]
    if task == "Waypoints":
        assert labels == ["waypoint 1", "waypoint 2", "waypoint 3"]
        assert len(panel.waypoints.get_xdata()) == 3
    if task == "LandingApproach":
        assert labels == ["runway threshold"]
        assert len(panel.runway.get_xdata()) == 2
        assert "ft/min" in line  # the glide path's descent
    env.close()


def test_frame_time_is_reported() -> None:
    """Prints the median frame time (for the record, not asserted: no timed tests)."""
    env, _ = _rendered("HeadingAltitude")
    times = []
    for _ in range(10):
        env.step(np.zeros(4, np.float32))
        start = time.perf_counter()
        frame = env.render()
        times.append(time.perf_counter() - start)
    env.close()
    assert frame is not None
    print(f"\nrender frame: median {1000 * float(np.median(times)):.1f} ms")


def test_horizon_turns_the_way_a_pilot_sees_it() -> None:
    """Right bank: the horizon's right end rises; nose up: the horizon goes down."""
    x, y = horizon_points(0.3, 0.0)
    assert x[1] > x[0] and y[1] > y[0]
    x, y = horizon_points(0.0, 0.1)
    assert y[0] == y[1] < 0


def test_human_mode_without_display_warns_once() -> None:
    env = FlightEnv("HeadingAltitude", render_mode="human")  # MPLBACKEND=Agg: no display
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        env.reset(seed=0)  # the first draw: no render() call needed to be told
        assert env.render() is None
        env.step(np.zeros(4, np.float32))
        assert env.render() is None
    messages = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    assert len(messages) == 1 and "render_mode='rgb_array'" in messages[0], messages
    env.close()


def test_human_mode_draws_at_each_reset_and_step_without_render_calls() -> None:
    # Gymnasium: in human mode "rendering should occur during step() and render() doesn't
    # need to be called"; nothing had been drawn unless render() was called
    env = FlightEnv("HeadingAltitude", render_mode="human")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # no display here
        env.reset(seed=0)
    title = env._renderer._panel.title
    assert title.get_text() == "HeadingAltitude  t = 0.0 s"
    for _ in range(5):
        env.step(np.zeros(4, np.float32))
    assert title.get_text() == "HeadingAltitude  t = 0.5 s"
    table = InfoTable(env.task)  # the vector environments' step
    obs_out = np.zeros((1, *env.observation_space.shape), np.float32)
    table_out = np.zeros((1, table.width))
    env.step_into(np.zeros(4, np.float32), obs_out, table_out, 0, table.codes, table.terms)
    assert title.get_text() == "HeadingAltitude  t = 0.6 s"
    env.reset(seed=1)
    assert title.get_text() == "HeadingAltitude  t = 0.0 s"
    env.close()
    assert env._renderer is None


@pytest.mark.parametrize("task", ["Waypoints", "LandingApproach"])
def test_render_before_reset_and_after_close_are_refused(task: str) -> None:
    from flightsim.errors import ConfigError, SimulationError

    env = FlightEnv(task, render_mode="rgb_array")
    with pytest.raises(ConfigError) as caught:  # had been an AttributeError from the task
        env.render()
    assert str(caught.value) == (
        "render() before reset(): reset the environment first (env.reset(seed=...)) to have "
        "an episode to draw"
    )
    env.reset(seed=0)
    assert env.render().shape == (*FRAME_SIZE_PX[::-1], 3)
    env.close()
    with pytest.raises(SimulationError, match="this environment is closed"):  # had drawn
        env.render()


@pytest.mark.parametrize("task", list(TASKS))
def test_a_frame_after_a_non_finite_state_shows_the_last_finite_one(task: str) -> None:
    # it had raised ValueError: cannot convert float NaN to integer (the altitude tape), so a
    # video recorder rendering every step failed with the episode
    env = FlightEnv(task, render_mode="rgb_array")
    env.reset(seed=0)
    env.step(np.zeros(4, np.float32))
    before = env.render()
    *_, info = env.step(np.array([np.nan, 0.0, 0.0, 0.0], np.float32))
    assert info["failure"] == "non-finite state"
    frame = env.render()
    assert frame.shape == before.shape
    changed = (frame != before).any(axis=2)
    assert 0.0 < changed.mean() < 0.02  # the title, targets that read rates
    assert not changed[50:240, 70:210].any()  # the attitude indicator stands where it was
    env.close()


def test_a_track_row_reads_back_as_the_state_it_was_written_from() -> None:
    from flightsim.envs.tasks.base import H_SL, LAT, LON, PHI, PSI, STATE_PROPERTIES, THETA, VC
    from flightsim.envs.track import TRACK_COLUMN, TRACK_STATE, TRACK_WIDTH, state_of, track_row

    # the renderer's reader had been a hand-written reverse of the env's writer (index 9,
    # altitude, bare in one): both now follow flightsim.envs.track
    env = FlightEnv("Waypoints", record_track=True)
    env.reset(seed=5)
    for _ in range(7):
        env.step(np.full(4, 0.2, np.float32))
    s, north, east = env.local_state()
    row = env.track[-1]
    assert env.track.shape == (8, TRACK_WIDTH) and row[0] == pytest.approx(0.7)
    back, back_north, back_east = state_of(row)
    assert (back_north, back_east) == (north, east) != (0.0, 0.0)
    assert [back[i] for i in TRACK_STATE] == [s[i] for i in TRACK_STATE]
    assert [i for i, v in enumerate(back) if v != 0.0] == sorted(TRACK_STATE)
    assert len(back) == len(STATE_PROPERTIES)
    assert track_row(back, row[0], back_north, back_east) == tuple(row.tolist())
    # the columns the docs name, in their order
    assert [TRACK_COLUMN[i] for i in (H_SL, PHI, THETA, PSI, VC, LAT, LON)] == list(range(3, 10))
    assert row[TRACK_COLUMN[H_SL]] == env.sim["position/h-sl-ft"]
    assert row[TRACK_COLUMN[VC]] == env.sim["velocities/vc-kts"]
    env.close()


def test_the_frame_after_the_last_waypoint_is_drawn() -> None:
    # a video recorder renders after every step: the frame after a successful Waypoints
    # episode had raised ValueError ('a path needs two distinct points'), the task's line
    # to follow then running from the last waypoint to itself (human mode raised in step)
    from flightsim.envs import BaselinePolicy

    env = FlightEnv("Waypoints", render_mode="rgb_array")
    policy = BaselinePolicy(env)
    obs, info = env.reset(seed=0)
    terminated = truncated = False
    while not (terminated or truncated):
        obs, _, terminated, truncated, info = env.step(policy(obs))
    assert info["is_success"] and env.task.reached == env.task.count
    assert env.render().shape == (*FRAME_SIZE_PX[::-1], 3)
    s, north, east = env.local_state()
    last = env.task.waypoints[-1]
    targets = env.task.autopilot_targets(s, north, east)
    assert targets.altitude_ft == last[2]  # still the last leg's line and altitude
    env.close()
