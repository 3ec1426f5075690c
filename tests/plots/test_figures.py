"""Figure functions: titles, units, plotted data equal to the recording, overlays, skips."""

import io
import math
from collections.abc import Callable

import matplotlib.image as mpimg
import numpy as np
import pytest
from matplotlib.figure import Figure

from flightsim.errors import ConfigError, PropertyError, UnitError
from flightsim.plots import (
    MissingProperties,
    PlotHandle,
    PlotResult,
    Waypoint,
    plot_aero_angles,
    plot_airspeed,
    plot_altitude,
    plot_attitude,
    plot_body_rates,
    plot_controls,
    plot_engine,
    plot_ground_track,
    plot_load_factor,
    plot_summary_table,
    plot_trajectory_3d,
)
from flightsim.plots.track import project
from flightsim.recording import Recording
from flightsim.units import FT_M, KT_M_S, LB_KG

FIGURES: dict[str, Callable[..., PlotResult]] = {
    "Altitude and vertical speed": plot_altitude,
    "Airspeed and Mach number": plot_airspeed,
    "Attitude (Euler angles)": plot_attitude,
    "Body angular rates": plot_body_rates,
    "Angle of attack and sideslip": plot_aero_angles,
    "Load factor": plot_load_factor,
    "Control surfaces and throttle": plot_controls,
    "Engine and fuel": plot_engine,
    "Ground track": plot_ground_track,
    "3D trajectory": plot_trajectory_3d,
}


def drawn(result: PlotResult) -> PlotHandle:
    assert isinstance(result, PlotHandle), str(result)
    return result


def pixels(figure: Figure) -> np.ndarray:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    buffer.seek(0)
    return np.asarray(mpimg.imread(buffer, format="png"))[..., :3]


@pytest.mark.parametrize("title", list(FIGURES))
def test_every_figure_draws_real_flight_with_title_and_ink(flight: Recording, title: str) -> None:
    fig = Figure(figsize=(11, 7.5), layout="constrained")
    handle = drawn(FIGURES[title](flight, fig=fig))
    assert handle.title == title
    assert handle.figure is fig
    assert fig.get_suptitle() == title
    assert handle.lines and not handle.notes
    for ax in handle.axes:  # every axis label states a unit
        label = ax.get_ylabel()
        assert label.endswith("]") and "[" in label, label
    image = pixels(fig)
    assert image.std() > 0.05  # not blank
    assert (image.mean(axis=2) < 0.9).mean() > 0.01  # some ink beyond the frame


def test_altitude_line_is_the_recorded_column_in_both_unit_systems(synth: Recording) -> None:
    imperial = drawn(plot_altitude(synth, fig=Figure()))
    si = drawn(plot_altitude(synth, units="si", fig=Figure()))
    line = imperial.line("altitude")
    assert np.array_equal(line.get_xdata(), synth.time_s)
    assert np.array_equal(line.get_ydata(), synth["position/h-sl-ft"])
    assert np.allclose(si.line("altitude").get_ydata(), synth["position/h-sl-ft"] * FT_M)
    assert imperial.axes[0].get_ylabel() == "Altitude MSL [ft]"
    assert si.axes[0].get_ylabel() == "Altitude MSL [m]"
    assert np.allclose(imperial.line("vertical-speed").get_ydata(), 600.0)  # 10 ft/s
    assert np.allclose(si.line("vertical-speed").get_ydata(), 3.048)
    assert imperial.axes[1].get_ylabel() == "Vertical speed [ft/min]"
    assert imperial.axes[-1].get_xlabel() == "Time [s]"
    assert imperial.axes[-1].get_xlim() == (0.0, 10.0)


def test_sample_points_and_conversions(synth: Recording) -> None:
    speed = drawn(plot_airspeed(synth, units="si", fig=Figure()))
    y = speed.line("ktas").get_ydata()
    assert y[0] == pytest.approx(110.0 * KT_M_S) and y[50] == pytest.approx(115.0 * KT_M_S)
    assert speed.axes[0].get_ylabel() == "Airspeed [m/s]"
    rates = drawn(plot_body_rates(synth, fig=Figure()))
    p = synth["velocities/p-rad_sec"]
    assert np.allclose(rates.line("p").get_ydata(), np.degrees(p))
    assert rates.axes[0].get_ylabel() == "Roll rate p [deg/s]"
    engine = drawn(plot_engine(synth, units="si", fig=Figure()))
    assert np.allclose(engine.line("fuel").get_ydata(), synth["propulsion/total-fuel-lbs"] * LB_KG)
    assert engine.axes[1].get_ylabel() == "Thrust [N]"
    assert engine.axes[2].get_ylabel() == "Fuel on board [kg]"
    load = drawn(plot_load_factor(synth, fig=Figure()))
    assert load.axes[0].get_ylabel() == "Load factor $n_z$ [g]"  # mathtext
    assert max(load.line("nz").get_ydata()) == synth["accelerations/Nz"].max()


def test_overlay_uses_one_colour_per_run_and_a_legend(
    make_synthetic: Callable[..., Recording],
) -> None:
    a, b = make_synthetic(), make_synthetic(phase=1.0)
    fig = Figure(layout="constrained")
    handle = drawn(plot_attitude([a, b], labels=["calm", "gusty"], fig=fig))
    assert handle.line("roll", 0).get_color() != handle.line("roll", 1).get_color()
    assert handle.line("roll", 0).get_color() == handle.line("pitch", 0).get_color()
    texts = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    assert texts == ["calm", "gusty"]
    assert np.allclose(handle.line("roll", 1).get_ydata(), b["attitude/phi-deg"])


def test_long_recording_is_decimated_without_losing_the_peak(
    make_synthetic: Callable[..., Recording],
) -> None:
    rec = make_synthetic(n=144_000, dt_s=1 / 120)
    nz = rec.columns["accelerations/Nz"]
    nz[77_777] = 3.8  # a one-sample spike
    handle = drawn(plot_load_factor(rec, fig=Figure()))
    y = handle.line("nz").get_ydata()
    assert len(y) <= 4002
    assert max(y) == 3.8
    assert min(y) == nz.min()
    x = handle.line("nz").get_xdata()
    assert x[0] == rec.time_s[0] and x[-1] == rec.time_s[-1]


def test_missing_properties_are_a_result_not_an_error(synth: Recording) -> None:
    only_altitude = Recording(synth.time_s, {"position/h-sl-ft": synth["position/h-sl-ft"]})
    fig = Figure()
    result = plot_airspeed(only_altitude, fig=fig)
    assert isinstance(result, MissingProperties)
    assert result.title == "Airspeed and Mach number"
    assert "velocities/vc-kts" in str(result) and "velocities/mach" in str(result)
    assert not fig.axes  # nothing drawn
    assert isinstance(plot_ground_track(only_altitude), MissingProperties)
    assert isinstance(plot_trajectory_3d(only_altitude), MissingProperties)


def test_partly_missing_panel_is_left_out_with_a_note(synth: Recording) -> None:
    no_mach = Recording(synth.time_s, {k: v for k, v in synth.columns.items() if "mach" not in k})
    handle = drawn(plot_airspeed(no_mach, fig=Figure()))
    assert len(handle.axes) == 1
    assert any("Mach" in note and "velocities/mach" in note for note in handle.notes)
    # one run lacks a quantity another run has: drawn for the one, noted for the other
    both = drawn(plot_airspeed([synth, no_mach], labels=["full", "partial"], fig=Figure()))
    assert ("mach", 0) in both.lines and ("mach", 1) not in both.lines
    assert any("partial" in note for note in both.notes)


def test_given_axes_and_errors(synth: Recording) -> None:
    fig = Figure()
    axes = fig.subplots(2, 1)
    handle = drawn(plot_aero_angles(synth, ax=axes))
    assert handle.axes == list(axes)
    assert axes[0].get_title() == "Angle of attack and sideslip"
    with pytest.raises(ConfigError, match="pass ax= with 2 Axes"):
        plot_aero_angles(synth, ax=axes[0])
    with pytest.raises(UnitError, match="unknown unit system 'metric'"):
        plot_altitude(synth, units="metric")
    with pytest.raises(ConfigError, match="no samples"):
        plot_altitude(Recording(np.array([]), {}))
    with pytest.raises(ConfigError, match="1 label"):
        plot_altitude([synth, synth], labels=["one"])
    with pytest.raises(PropertyError, match="drawn: altitude"):
        handle_alt = drawn(plot_altitude(synth, fig=Figure()))
        handle_alt.line("mach")
    with pytest.raises(ConfigError, match="3D axes"):
        plot_trajectory_3d(synth, ax=Figure().add_subplot())


def test_default_figure_is_a_pyplot_figure(synth: Recording) -> None:
    import matplotlib.pyplot as plt

    handle = drawn(plot_altitude(synth))
    assert plt.fignum_exists(handle.figure.number)  # type: ignore[attr-defined]


def test_ground_track_matches_jsbsim_own_north_east(flight: Recording) -> None:
    handle = drawn(plot_ground_track(flight, units="si", fig=Figure()))
    line = handle.line("track")
    east, north = line.get_xdata(), line.get_ydata()
    # JSBSim's signed start-relative position, an independent computation
    jsb_north = flight["position/from-start-neu-n-ft"] * FT_M
    jsb_east = flight["position/from-start-neu-e-ft"] * FT_M
    assert east[-1] == pytest.approx(jsb_east[-1], rel=0.01)
    assert abs(north[-1] - jsb_north[-1]) < 0.01 * abs(jsb_east[-1])
    assert east[-1] > 1000.0  # 30 s eastbound at 100 KCAS
    assert handle.axes[0].get_xlabel() == "East [m]"
    # imperial maps: ft, nm from 1 nm of track (this one: 30 s at 100 KCAS, ~0.85 nm)
    imperial = drawn(plot_ground_track(flight, fig=Figure()))
    assert imperial.axes[0].get_xlabel() == "East [ft]"
    assert imperial.axes[0].get_ylabel() == "North [ft]"
    assert imperial.line("track").get_xdata() == pytest.approx(east / FT_M)


def test_ground_track_waypoints_and_fallback_source(synth: Recording) -> None:
    target = Waypoint.at("WP1", 45.0005, 7.001)
    fig = Figure()
    handle = drawn(plot_ground_track(synth, units="si", waypoints=[target], fig=fig))
    east, north = project(np.array([45.0005]), np.array([7.001]), (45.0, 7.0))
    assert east[0] == pytest.approx(
        0.001 * math.radians(1) * 6388838.29 * math.cos(math.radians(45)), rel=1e-3
    )
    texts = [t.get_text() for t in handle.axes[0].texts]
    assert texts == ["WP1"]
    assert handle.axes[0].texts[0].xy == pytest.approx((east[0], north[0]))
    # without lat/lon the start-relative NEU position is used
    neu = Recording(
        synth.time_s,
        {
            "position/from-start-neu-n-ft": synth.time_s * 10,
            "position/from-start-neu-e-ft": -synth.time_s,
        },
    )
    fallback = drawn(plot_ground_track(neu, units="si", fig=Figure()))
    assert fallback.line("track").get_ydata()[-1] == pytest.approx(100.0 * FT_M)
    assert fallback.line("track").get_xdata()[-1] == pytest.approx(-10.0 * FT_M)


def test_trajectory_3d_data(synth: Recording) -> None:
    handle = drawn(plot_trajectory_3d(synth, fig=Figure()))
    x, y, z = handle.line("trajectory").get_data_3d()  # type: ignore[attr-defined]
    assert np.allclose(z, synth["position/h-sl-ft"])
    assert x[0] == 0.0 and y[0] == 0.0
    assert handle.axes[0].get_zlabel().startswith("Altitude MSL [ft]")  # type: ignore[attr-defined]


def test_summary_table_figure(synth: Recording) -> None:
    handle = plot_summary_table([synth, synth], labels=["a", "b"], units="si", fig=Figure())
    assert handle.title == "Run summary" and handle.table is not None
    cells = {
        (r, c): cell.get_text().get_text() for (r, c), cell in handle.table.get_celld().items()
    }
    assert cells[(0, 1)] == "a" and cells[(0, 2)] == "b"
    labels = [cells[(r, 0)] for r in range(1, 1 + max(r for r, _ in cells))]
    assert "Altitude max [m]" in labels and "Fuel used [kg]" in labels
    assert cells[(labels.index("Altitude max [m]") + 1, 1)] == f"{1100 * FT_M:,.0f}"
