"""The 3D trajectory states its vertical exaggeration; demo phases are marked on time plots."""

import itertools

import numpy as np
import pytest
from matplotlib.figure import Figure
from mpl_toolkits.mplot3d import proj3d  # type: ignore[import-untyped]

from flightsim.plots import plot_altitude, plot_trajectory_3d
from flightsim.plots.handles import PlotHandle
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


_METRES = {"m": 1.0, "km": 1000.0, "ft": FT_M}


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
    handle = plot_trajectory_3d(_level_flight(200.0), fig=fig)
    assert isinstance(handle, PlotHandle)
    axes = handle.axes[0]
    box = axes.get_box_aspect()  # type: ignore[attr-defined]
    assert box[1] >= 0.29 * box[0]  # north does not collapse to a line
    (y0, y1) = axes.get_ylim3d()  # type: ignore[attr-defined]
    assert y1 - y0 >= 0.29 * 10.0  # km, one scale for both horizontal axes
    fig.canvas.draw()
    axes.apply_aspect()  # the square drawing area mplot3d used while drawing
    corners = np.array(list(itertools.product(*(axes.get_w_lims()[i : i + 2] for i in (0, 2, 4)))))
    xs, ys, _ = proj3d.proj_transform(*corners.T, axes.get_proj())  # type: ignore[attr-defined]
    drawn = axes.transData.transform(np.column_stack([xs, ys]))
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
