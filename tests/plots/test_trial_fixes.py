"""The 3D trajectory states its vertical exaggeration; demo phases are marked on time plots."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from flightsim.plots import plot_altitude, plot_trajectory_3d
from flightsim.plots.handles import PlotHandle
from flightsim.plots.timeseries import phase_starts
from flightsim.sim.recording import Recording


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


def _box_ratio(handle: PlotHandle) -> tuple[float, float]:
    """(vertical scale / east scale) of the drawn box, and the label's stated factor."""
    axes = handle.axes[0]
    box = axes.get_box_aspect()  # type: ignore[attr-defined]
    (x0, x1), (z0, z1) = axes.get_xlim3d(), axes.get_zlim3d()  # type: ignore[attr-defined]
    label = axes.get_zlabel()  # type: ignore[attr-defined]
    stated = float(label.split("×")[1].split()[0]) if "×" in label else 1.0
    return (box[2] / (z1 - z0)) / (box[0] / (x1 - x0)), stated


def test_the_3d_label_states_the_vertical_exaggeration() -> None:
    handle = plot_trajectory_3d(_level_flight(200.0), fig=Figure())
    assert isinstance(handle, PlotHandle)
    label = handle.axes[0].get_zlabel()  # type: ignore[attr-defined]
    assert label.startswith("Altitude MSL [ft], ×") and label.endswith(" vertical")
    actual, stated = _box_ratio(handle)
    assert stated > 1 and actual == pytest.approx(stated, rel=1e-6)


def test_a_tall_trajectory_is_drawn_at_true_scale() -> None:
    handle = plot_trajectory_3d(_level_flight(30_000.0), fig=Figure())
    assert isinstance(handle, PlotHandle)
    assert handle.axes[0].get_zlabel() == "Altitude MSL [ft]"  # type: ignore[attr-defined]
    actual, _ = _box_ratio(handle)
    assert actual == pytest.approx(1.0, rel=1e-6)


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
