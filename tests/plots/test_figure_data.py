"""Plotted lines equal the recording for every quantity; how panels read (spans, wraps, notes)."""

import math
import warnings
from collections.abc import Callable

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from flightsim.plots import (
    PlotHandle,
    PlotResult,
    plot_aero_angles,
    plot_airspeed,
    plot_altitude,
    plot_attitude,
    plot_controls,
    plot_engine,
    plot_ground_track,
    plot_load_factor,
    summarize,
)
from flightsim.plots.canvas import FOOTNOTE_GID
from flightsim.plots.handles import MissingProperties
from flightsim.recording import Recording


def drawn(result: PlotResult) -> PlotHandle:
    assert isinstance(result, PlotHandle), str(result)
    return result


# (figure function, line key, recorded property, factor to the displayed unit)
LINES = [
    (plot_attitude, "roll", "attitude/phi-deg", 1.0),
    (plot_attitude, "pitch", "attitude/theta-deg", 1.0),
    (plot_attitude, "heading", "attitude/psi-deg", 1.0),
    (plot_aero_angles, "alpha", "aero/alpha-deg", 1.0),
    (plot_aero_angles, "beta", "aero/beta-deg", 1.0),
    (plot_controls, "elevator", "fcs/elevator-pos-deg", 1.0),
    (plot_controls, "aileron", "fcs/left-aileron-pos-deg", 1.0),
    (plot_controls, "rudder", "fcs/rudder-pos-deg", 1.0),
    (plot_controls, "throttle", "fcs/throttle-cmd-norm", 1.0),
    (plot_airspeed, "kcas", "velocities/vc-kts", 1.0),
    (plot_airspeed, "mach", "velocities/mach", 1.0),
    (plot_engine, "rpm", "propulsion/engine/engine-rpm", 1.0),
    (plot_engine, "thrust", "propulsion/engine/thrust-lbs", 1.0),
]


@pytest.mark.parametrize(("plot", "key", "prop", "factor"), LINES, ids=[k for _, k, _, _ in LINES])
def test_line_is_the_recorded_column(
    flight: Recording, plot: Callable[..., PlotResult], key: str, prop: str, factor: float
) -> None:
    """On the real JSBSim flight (3601 samples, below the decimation limit)."""
    line = drawn(plot(flight, fig=Figure())).line(key)
    assert np.array_equal(line.get_xdata(), flight.time_s)
    assert np.allclose(line.get_ydata(), flight[prop] * factor)


def test_sample_points_of_synthetic_quantities(synth: Recording) -> None:
    attitude = drawn(plot_attitude(synth, fig=Figure()))
    assert attitude.line("pitch").get_ydata()[0] == pytest.approx(2.0)  # 2 + sin(0)
    assert attitude.line("heading").get_ydata()[50] == pytest.approx(95.0)  # 90 + t at 5 s
    aero = drawn(plot_aero_angles(synth, fig=Figure()))
    assert aero.line("alpha").get_ydata()[20] == pytest.approx(3.0 + math.sin(1.0))
    assert aero.line("beta").get_ydata()[20] == pytest.approx(0.5 * math.sin(1.0))
    speeds = drawn(plot_airspeed(synth, fig=Figure()))
    assert speeds.line("mach").get_ydata()[100] == pytest.approx(0.17)
    controls = drawn(plot_controls(synth, fig=Figure()))
    assert np.allclose(controls.line("throttle").get_ydata(), 0.7)
    assert [ax.get_ylabel() for ax in controls.axes] == [
        "Elevator [deg]",
        "Aileron (left) [deg]",
        "Rudder [deg]",
        "Throttle [norm.]",
    ]
    engine = drawn(plot_engine(synth, fig=Figure()))
    assert engine.line("rpm").get_ydata()[20] == pytest.approx(2300.0 + 10.0 * math.sin(1.0))
    assert engine.axes[0].get_ylabel() == "Engine speed [rpm]"


def _cruise(n: int = 601, **columns: np.ndarray) -> Recording:
    t = np.arange(n) * 0.1
    return Recording(t, {k: np.asarray(v, dtype=float) for k, v in columns.items()})


def test_heading_wrap_breaks_the_line_instead_of_crossing_the_panel() -> None:
    t = np.arange(601) * 0.1
    psi = (90.0 + 6.0 * t) % 360.0  # a full turn from 090: it wraps in any window
    line = drawn(plot_attitude(_cruise(**{"attitude/psi-deg": psi}), fig=Figure())).line("heading")
    x, y = np.asarray(line.get_xdata()), np.asarray(line.get_ydata())
    assert np.isnan(y).sum() == 1  # one break where 359.4 -> 0
    gap = int(np.flatnonzero(np.isnan(y))[0])
    assert x[gap - 1] < x[gap] < x[gap + 1] and y[gap - 1] > 359.0 and y[gap + 1] < 1.0
    finite = y[np.isfinite(y)]
    assert np.array_equal(finite, psi)  # every sample still drawn, unchanged
    assert np.abs(np.diff(finite)).max() == pytest.approx(359.4)  # only at the break


def test_heading_across_north_stays_in_one_piece() -> None:
    t = np.arange(601) * 0.1
    psi = (300.0 + 2.0 * t) % 360.0  # 300 -> 060 through north
    line = drawn(plot_attitude(_cruise(**{"attitude/psi-deg": psi}), fig=Figure())).line("heading")
    y = np.asarray(line.get_ydata())
    assert not np.isnan(y).any()
    assert y[0] == pytest.approx(-60.0) and y[-1] == pytest.approx(60.0)  # shown as 300 .. 060


def test_heading_around_north_is_one_piece_with_compass_labels() -> None:
    t = np.arange(601) * 0.1
    psi = (0.3 * np.sin(0.2 * t)) % 360.0  # 359.7 .. 0.3: a cruise heading north
    handle = drawn(plot_attitude(_cruise(**{"attitude/psi-deg": psi}), fig=Figure()))
    y = handle.line("heading").get_ydata()
    assert not np.isnan(y).any()
    assert y.min() == pytest.approx(-0.3, abs=1e-3) and y.max() == pytest.approx(0.3, abs=1e-3)
    axes = handle.axes[0]
    handle.figure.canvas.draw()
    labels = [t.get_text() for t in axes.get_yticklabels() if t.get_text()]
    assert "359.6" in labels or "359.8" in labels  # -0.2 deg is written as a heading
    assert not any(label.startswith(("-", "\N{MINUS SIGN}")) for label in labels)


@pytest.mark.parametrize(
    ("plot", "prop", "values", "key", "span"),
    [
        (plot_altitude, "position/h-sl-ft", 4000.0 + np.linspace(0.0, 0.3, 601), "altitude", 10.0),
        (plot_attitude, "attitude/phi-deg", np.linspace(0.035, 0.021, 601), "roll", 1.0),
        (plot_load_factor, "accelerations/Nz", np.full(601, 1.0), "nz", 0.1),
    ],
)
def test_near_constant_signal_keeps_a_minimum_span(
    plot: Callable[..., PlotResult], prop: str, values: np.ndarray, key: str, span: float
) -> None:
    handle = drawn(plot(_cruise(**{prop: values}), fig=Figure()))
    low, high = handle.axes[0].get_ylim()
    assert high - low >= span
    assert (low + high) / 2 == pytest.approx((values.min() + values.max()) / 2)
    # real motion is left to autoscale: the demo's 23 ft of altitude is not padded
    moving = drawn(plot_altitude(_cruise(**{"position/h-sl-ft": np.linspace(3989, 4012, 601)})))
    low, high = moving.axes[0].get_ylim()
    assert 23.0 < high - low < 26.0


def test_phase_names_sit_above_the_data(synth: Recording) -> None:
    synth.meta.update(
        {"demo/doublet-start-s": 2.0, "demo/response-start-s": 2.4, "demo/turn-start-s": 6.0}
    )
    fig = Figure(figsize=(11, 7.5))
    handle = drawn(plot_altitude(synth, fig=fig))
    fig.canvas.draw()
    top = handle.axes[0]
    names = [t for t in top.texts if t.get_text() in ("doublet", "response", "turn")]
    assert [t.get_text() for t in names] == ["doublet", "response", "turn"]
    frame = top.get_window_extent()
    boxes = [t.get_window_extent() for t in names]
    assert all(box.y0 >= frame.y1 for box in boxes)  # in a strip above the axes
    assert not boxes[0].overlaps(boxes[1])  # close starts go on separate rows


def test_waypoint_names_stay_inside_the_axes(synth: Recording) -> None:
    lat = synth["position/lat-geod-deg"]
    lon = synth["position/long-gc-deg"]
    synth.meta["waypoint/EASTMOST"] = f"{lat[-1]},{lon[-1] + 2e-4}"  # right edge
    synth.meta["waypoint/TOP"] = f"{lat[-1] + 1e-4},{lon[0]}"  # top edge
    fig = Figure(figsize=(11, 7.5))
    handle = drawn(plot_ground_track(synth, fig=fig))
    fig.canvas.draw()
    handle.axes[0].get_xlim()  # settle the view limits the aspect set while drawing
    frame = handle.axes[0].get_window_extent()
    texts = {t.get_text(): t.get_window_extent() for t in handle.axes[0].texts}
    assert set(texts) == {"EASTMOST", "TOP"}
    for box in texts.values():
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1
        assert frame.y0 <= box.y0 and box.y1 <= frame.y1


def test_ground_track_ticks_use_the_minus_sign(synth: Recording) -> None:
    west = Recording(
        synth.time_s,
        {
            "position/from-start-neu-n-ft": -300.0 * synth.time_s,
            "position/from-start-neu-e-ft": -500.0 * synth.time_s,
        },
    )
    handle = drawn(plot_ground_track(west, fig=Figure()))
    handle.figure.canvas.draw()
    labels = [t.get_text() for t in handle.axes[0].get_xticklabels()]
    negative = [label for label in labels if label.startswith("\N{MINUS SIGN}")]
    assert negative and not any("-" in label for label in labels)
    assert any("," in label for label in negative)  # thousands separated: −1,000


def test_long_track_is_in_km_or_nm(synth: Recording) -> None:
    t = synth.time_s
    far = Recording(
        t, {"position/lat-geod-deg": 45.0 + 0.02 * t, "position/long-gc-deg": 7 + 0 * t}
    )
    handle = drawn(plot_ground_track(far, units="si", fig=Figure()))
    assert handle.axes[0].get_ylabel() == "North [km]"
    assert handle.line("track").get_ydata()[-1] == pytest.approx(22.2, rel=0.01)  # 0.2 deg
    imperial = drawn(plot_ground_track(far, fig=Figure()))
    assert imperial.axes[0].get_ylabel() == "North [nm]"
    assert imperial.line("track").get_ydata()[-1] == pytest.approx(22.2 / 1.852, rel=0.01)


def test_subfigures_get_their_own_titles_and_legends(
    make_synthetic: Callable[..., Recording],
) -> None:
    runs = [make_synthetic(), make_synthetic(phase=1.0)]
    fig = Figure(figsize=(14, 6), layout="constrained")
    left, right = fig.subfigures(1, 2)
    a = drawn(plot_altitude(runs, labels=["a", "b"], fig=left))
    b = drawn(plot_ground_track(runs, labels=["a", "b"], fig=right))
    assert left.get_suptitle() == "Altitude and vertical speed"
    assert right.get_suptitle() == "Ground track"
    assert fig.get_suptitle() == "" and not fig.legends
    assert len(left.legends) == 1 and len(right.legends) == 1
    assert a.figure is fig and b.figure is fig  # the handle keeps the figure to save
    fig.canvas.draw()


def _footnote(figure: Figure) -> str:
    notes = [t for t in figure.texts if isinstance(t, Text) and t.get_gid() == FOOTNOTE_GID]
    assert len(notes) == 1
    return notes[0].get_text()


def test_dropped_panel_is_named_on_the_figure(synth: Recording) -> None:
    no_mach = Recording(synth.time_s, {k: v for k, v in synth.columns.items() if "mach" not in k})
    fig = Figure()
    handle = drawn(plot_airspeed(no_mach, fig=fig))
    assert len(handle.axes) == 1
    assert "Mach: not recorded (velocities/mach)" in _footnote(fig)


def test_all_nan_quantity_is_skipped_with_a_note_and_no_warning(synth: Recording) -> None:
    columns = dict(synth.columns)
    columns["velocities/mach"] = np.full(len(synth), np.nan)
    columns["position/h-sl-ft"] = np.full(len(synth), np.nan)
    rec = Recording(synth.time_s, columns, dict(synth.meta))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "All-NaN slice" would fail here
        fig = Figure()
        speeds = drawn(plot_airspeed(rec, fig=fig))
        summary = summarize(rec, "nan")
        altitude = drawn(plot_altitude(rec, fig=Figure()))
        alone = Recording(synth.time_s, {"position/h-sl-ft": columns["position/h-sl-ft"]})
        skipped = plot_altitude(alone, fig=Figure())
    assert len(speeds.axes) == 1 and ("mach", 0) not in speeds.lines
    assert "Mach: no finite values: velocities/mach (NaN throughout in run 1)" in speeds.notes
    assert "velocities/mach" in _footnote(fig)
    assert summary.altitude_max_ft is None and summary.altitude_min_ft is None
    assert [ax.get_ylabel() for ax in altitude.axes] == ["Vertical speed [ft/min]"]
    assert isinstance(skipped, MissingProperties)
    assert "no finite values: position/h-sl-ft (NaN throughout in run 1)" in str(skipped)


def test_turbine_spools_and_every_engine_are_plotted(synth: Recording) -> None:
    t = synth.time_s
    twin_jet = Recording(
        t,
        {
            "propulsion/engine/n1": 85.0 + t,
            "propulsion/engine[1]/n1": 84.0 + t,
            "propulsion/engine/n2": np.full_like(t, 95.0),
            "propulsion/engine[1]/n2": np.full_like(t, 94.0),
            "propulsion/engine/thrust-lbs": np.full_like(t, 6000.0),
            "propulsion/engine[1]/thrust-lbs": np.full_like(t, 5900.0),
            "fcs/throttle-pos-norm": np.full_like(t, 0.8),
            "fcs/throttle-pos-norm[1]": np.full_like(t, 0.7),
        },
    )
    fig = Figure()
    engine = drawn(plot_engine(twin_jet, fig=fig))
    assert engine.axes[0].get_ylabel() == "Engine speed [%]"
    assert np.array_equal(engine.line("n1").get_ydata(), 85.0 + t)
    assert np.array_equal(engine.line("n1[1]").get_ydata(), 84.0 + t)
    assert engine.line("n2[1]").get_ydata()[0] == 94.0
    assert engine.line("thrust[1]").get_ydata()[0] == 5900.0
    styles = {engine.line(k).get_linestyle() for k in ("n1", "n1[1]", "n2", "n2[1]")}
    assert len(styles) == 4  # told apart by line style
    legend = engine.axes[0].get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == [
        "N1 (fan), engine 1",
        "N1 (fan), engine 2",
        "N2 (core), engine 1",
        "N2 (core), engine 2",
    ]
    controls = drawn(plot_controls(twin_jet, fig=Figure()))
    assert controls.line("throttle[1]").get_ydata()[0] == 0.7
    # a piston single has no N1/N2 and gets no note about them
    assert not drawn(plot_engine(synth, fig=Figure())).notes
