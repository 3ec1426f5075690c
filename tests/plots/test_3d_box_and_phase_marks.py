"""The 3D trajectory: its box, vertical exaggeration and labels; phases marked on time plots,
per run when runs are overlaid."""

import itertools

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from mpl_toolkits.mplot3d import proj3d  # type: ignore[import-untyped]

from flightsim.plots import plot_altitude, plot_ground_track, plot_trajectory_3d
from flightsim.plots.handles import PlotHandle
from flightsim.plots.style import run_color
from flightsim.plots.timeseries import phase_starts
from flightsim.recording import Recording
from flightsim.units import FT_M


def _level_flight(climb_ft: float) -> Recording:
    """10 km east at 45° N with a climb of ``climb_ft``."""
    t = np.linspace(0.0, 200.0, 201)
    east_deg = 10_000.0 / (111_320.0 * np.cos(np.radians(45.0)))
    return Recording(
        t,
        {
            "position/lat-geod-deg": np.full_like(t, 45.0),
            "position/long-gc-deg": 7.0 + east_deg * t / t[-1],
            "position/h-sl-ft": 4000.0 + climb_ft * t / t[-1],
        },
    )


_METRES = {"m": 1.0, "km": 1000.0, "ft": FT_M, "nm": 1852.0}


def _unit(label: str) -> str:
    return label.split("[")[1].split("]")[0]


def _box_ratio(handle: PlotHandle) -> tuple[float, float]:
    """(true vertical scale / horizontal scale) of the drawn box, and the label's factor."""
    axes = handle.axes[0]
    box = axes.get_box_aspect()  # type: ignore[attr-defined]
    (x0, x1), (z0, z1) = axes.get_xlim3d(), axes.get_zlim3d()  # type: ignore[attr-defined]
    x_m = (x1 - x0) * _METRES[_unit(axes.get_xlabel())]
    label = axes.get_zlabel()  # type: ignore[attr-defined]
    z_m = (z1 - z0) * _METRES[_unit(label)]
    stated = float(label.split("×")[1].split()[0]) if "×" in label else 1.0
    return (box[2] / z_m) / (box[0] / x_m), stated


def _drawn_corners_px(axes: Axes) -> np.ndarray:
    """The 8 corners of a 3D axes' box in display pixels, as drawn."""
    axes.apply_aspect()  # the square drawing area mplot3d used while drawing
    corners = np.array(list(itertools.product(*(axes.get_w_lims()[i : i + 2] for i in (0, 2, 4)))))
    xs, ys, _ = proj3d.proj_transform(*corners.T, axes.get_proj())  # type: ignore[attr-defined]
    return axes.transData.transform(np.column_stack([xs, ys]))


def test_the_3d_label_states_the_vertical_exaggeration() -> None:
    handle = plot_trajectory_3d(_level_flight(200.0), fig=Figure())
    assert isinstance(handle, PlotHandle)
    label = handle.axes[0].get_zlabel()  # type: ignore[attr-defined]
    assert label.startswith("Altitude MSL [ft], ×") and label.endswith(" vertical")
    actual, stated = _box_ratio(handle)
    assert 1 < stated <= 50 and actual == pytest.approx(stated, rel=1e-6)


def test_a_tall_trajectory_is_drawn_at_true_scale() -> None:
    handle = plot_trajectory_3d(_level_flight(30_000.0), units="si", fig=Figure())
    assert isinstance(handle, PlotHandle)
    assert handle.axes[0].get_zlabel() == "Altitude MSL [m]"  # type: ignore[attr-defined]
    assert handle.axes[0].get_xlabel() == "East [km]"  # 10 km: a map distance in km
    actual, _ = _box_ratio(handle)
    assert actual == pytest.approx(1.0, rel=1e-6)


def test_level_flight_is_not_exaggerated() -> None:
    """0.3 ft of drift over 10 km: no ×10000, the flight is drawn level at true scale."""
    handle = plot_trajectory_3d(_level_flight(0.3), fig=Figure())
    assert isinstance(handle, PlotHandle)
    axes = handle.axes[0]
    assert axes.get_zlabel() == "Altitude MSL [ft]"  # type: ignore[attr-defined]
    actual, _ = _box_ratio(handle)
    assert actual == pytest.approx(1.0, rel=1e-6)
    low, high = axes.get_zlim3d()  # type: ignore[attr-defined]
    assert low <= 4000.0 <= 4000.3 <= high and high - low > 1000.0
    assert low >= 0.0  # kept above sea level


def test_straight_track_keeps_a_readable_box_that_fills_the_page() -> None:
    fig = Figure(figsize=(11, 7.5))
    handle = plot_trajectory_3d(_level_flight(200.0), units="si", fig=fig)
    assert isinstance(handle, PlotHandle)
    axes = handle.axes[0]
    box = axes.get_box_aspect()  # type: ignore[attr-defined]
    assert box[1] >= 0.29 * box[0]  # north does not collapse to a line
    (y0, y1) = axes.get_ylim3d()  # type: ignore[attr-defined]
    assert y1 - y0 >= 0.29 * 10.0  # km, one scale for both horizontal axes
    fig.canvas.draw()
    drawn = _drawn_corners_px(axes)
    width = np.ptp(drawn[:, 0]) / fig.bbox.width
    assert width > 0.6  # not the middle ~45 % of the page
    assert drawn[:, 0].min() >= 0.0 and drawn[:, 0].max() <= fig.bbox.width
    for axis in (axes.xaxis, axes.yaxis, axes.zaxis):  # type: ignore[attr-defined]
        assert 2 <= len(axis.get_majorticklocs()) <= 8


def test_demo_phases_are_marked_on_time_plots() -> None:
    rec = _level_flight(100.0)
    rec.meta.update({"demo/turn-start-s": 20.0, "demo/cruise-start-s": 0.0, "aircraft": "c172p"})
    assert phase_starts(rec.meta) == [(0.0, "cruise"), (20.0, "turn")]
    handle = plot_altitude(rec, fig=Figure())
    assert isinstance(handle, PlotHandle)
    top = handle.axes[0]
    assert [t.get_text() for t in top.texts if t.get_text() in ("cruise", "turn")] == [
        "cruise",
        "turn",
    ]
    vertical = [ln for ln in top.get_lines() if list(ln.get_xdata()) == [20.0, 20.0]]
    assert vertical, "no line at the turn start"


def _demo_like(phases: dict[str, float], climb_ft: float = 100.0) -> Recording:
    rec = _level_flight(climb_ft)
    rec.meta.update({f"demo/{name}-start-s": t_s for name, t_s in phases.items()})
    return rec


def test_no_north_tick_reads_as_an_altitude() -> None:
    """The altitude axis stands at the north maximum: no north tick label is drawn there
    (the demo's north "0" under the lowest altitude tick read as an altitude of 0)."""
    t = np.linspace(0.0, 200.0, 201)
    metres_per_deg = 111_320.0
    north_m = -800.0 * np.sin(np.pi * t / t[-1])  # out and back to the start's latitude
    east_m = 2000.0 * t / t[-1]
    rec = Recording(
        t,
        {
            "position/lat-geod-deg": 45.0 + north_m / metres_per_deg,
            "position/long-gc-deg": 7.0 + east_m / (metres_per_deg * np.cos(np.radians(45.0))),
            "position/h-sl-ft": 4000.0 + 20.0 * np.sin(t / 10.0),
        },
    )
    fig = Figure(figsize=(11, 7.5))
    handle = plot_trajectory_3d(rec, fig=fig)
    assert isinstance(handle, PlotHandle)
    fig.draw_without_rendering()
    axes = handle.axes[0]
    low, high = axes.get_ylim3d()  # type: ignore[attr-defined]
    north = axes.yaxis  # type: ignore[attr-defined]
    shown = {
        loc: label.get_text()
        for loc, label in zip(north.get_majorticklocs(), north.get_ticklabels(), strict=True)
        if low <= loc <= high
    }
    near_corner = [loc for loc in shown if high - loc < 0.12 * (high - low)]
    assert near_corner == [0.0]  # the start's latitude, at the corner
    assert shown[0.0] == ""
    assert sum(bool(text) for text in shown.values()) >= 2  # the others are labelled


def test_the_altitude_label_sits_beside_its_ticks() -> None:
    fig = Figure(figsize=(11, 7.5))
    handle = plot_trajectory_3d(_level_flight(100.0), fig=fig)
    assert isinstance(handle, PlotHandle)
    fig.draw_without_rendering()
    axes = handle.axes[0]
    box_right_px = _drawn_corners_px(axes)[:, 0].max()
    label = axes.zaxis.label.get_window_extent()  # type: ignore[attr-defined]
    gap_in = (label.x0 - box_right_px) / fig.dpi
    assert 0.3 < gap_in < 0.8  # room for the tick labels, then the label: not floating off


@pytest.mark.parametrize(("units", "unit"), [("imperial", "nm"), ("si", "km")])
def test_maps_follow_the_unit_system(units: str, unit: str) -> None:
    """10 km east: nm in imperial units, km in SI; a short track is in ft or m."""
    handle = plot_trajectory_3d(_level_flight(100.0), units=units, fig=Figure())
    assert isinstance(handle, PlotHandle)
    assert handle.axes[0].get_xlabel() == f"East [{unit}]"
    east = handle.line("trajectory").get_data_3d()[0]  # type: ignore[attr-defined]
    assert np.ptp(east) == pytest.approx(10_000.0 / _METRES[unit], rel=0.01)
    t = np.linspace(0.0, 10.0, 11)
    short = Recording(
        t, {"position/lat-geod-deg": 45.0 + 1e-4 * t, "position/long-gc-deg": 7.0 + 0 * t}
    )  # 111 m north
    track = plot_ground_track(short, units=units, fig=Figure())
    assert isinstance(track, PlotHandle)
    small = "ft" if units == "imperial" else "m"
    assert track.axes[0].get_ylabel() == f"North [{small}]"
    assert np.ptp(track.line("track").get_ydata()) == pytest.approx(
        111.1 / _METRES[small], rel=0.01
    )


def test_phases_of_overlaid_runs_are_kept_per_run() -> None:
    a = _demo_like({"cruise": 0.0, "turn": 20.0})
    b = _demo_like({"cruise": 0.0, "turn": 35.0})
    handle = plot_altitude([a, b], labels=["a", "b"], fig=Figure(figsize=(11, 7.5)))
    assert isinstance(handle, PlotHandle)
    top = handle.axes[0]
    names = [(t.get_text(), t.xy[0]) for t in top.texts if t.get_text() in ("cruise", "turn")]
    assert sorted(names) == [("cruise", 0.0), ("turn", 20.0), ("turn", 35.0)]  # shared: once
    colors = {t.xy[0]: t.get_color() for t in top.texts if t.get_text() == "turn"}
    assert colors[20.0] == run_color(0) and colors[35.0] == run_color(1)
    lines = {
        ln.get_xdata()[0]: ln.get_color() for ln in top.get_lines() if ln.get_linestyle() == ":"
    }
    assert lines[20.0] == run_color(0) and lines[35.0] == run_color(1)
    assert lines[0.0] not in (run_color(0), run_color(1))  # a phase both runs share: grey


def test_the_flight_after_a_reset_is_its_own_segment() -> None:
    """A script that resets sets JSBSim's clock back to 0: the lines break there."""
    t = np.concatenate([np.linspace(0.0, 10.0, 11), np.linspace(0.0, 5.0, 6)])
    h = np.concatenate([np.full(11, 4000.0), np.full(6, 8000.0)])
    rec = Recording(t, {"position/h-sl-ft": h}, {"resets": "11"})
    handle = plot_altitude(rec, fig=Figure())
    assert isinstance(handle, PlotHandle)
    x = np.asarray(handle.line("altitude").get_xdata(), dtype=float)
    y = np.asarray(handle.line("altitude").get_ydata(), dtype=float)
    gap = int(np.flatnonzero(np.isnan(y))[0])
    assert gap == 11 and np.isnan(x[gap])  # between the last row before and the first after
    assert list(y[:gap]) == [4000.0] * 11 and list(y[gap + 1 :]) == [8000.0] * 6
    assert handle.axes[-1].get_xlim() == (0.0, 10.0)  # the longest segment, not the last
