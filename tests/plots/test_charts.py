"""Tables with units and the generic figures drawn from them (sweeps, distributions)."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from flightsim.errors import ConfigError, PropertyError
from flightsim.plots import Table, plot_distribution, plot_xy, table_page
from flightsim.recording import Recording
from flightsim.units import FT_M, KT_M_S


@pytest.fixture
def sweep() -> Table:
    rows = [
        {"controller": c, "wind-kts": w, "error-ft": base + 2.0 * w, "overshoot-deg": w / 10}
        for c, base in (("PID", 20.0), ("PPO", 12.0))
        for w in (20.0, 0.0, 10.0)  # unsorted on purpose
    ]
    return Table.from_rows(rows, labels={"wind-kts": "Wind speed", "error-ft": "Tracking error"})


def test_units_come_from_names_or_are_given(sweep: Table) -> None:
    assert sweep.unit("wind-kts") == "kt" and sweep.unit("error-ft") == "ft"
    assert sweep.unit("controller") == "-"
    given = Table({"return": [1.0, 2.0], "gain": [0.1, 0.2]}, units={"gain": "deg"})
    assert given.unit("gain") == "deg" and given.unit("return") == "-"
    assert sweep.axis_label("error-ft", "si") == "Tracking error [m]"
    with pytest.raises(PropertyError, match="Did you mean: error-ft"):
        sweep["error-fts"]
    with pytest.raises(ConfigError, match="differ in length"):
        Table({"a": [1.0, 2.0], "b": [1.0]})
    with pytest.raises(ConfigError, match="row 2 has columns"):
        Table.from_rows([{"a": 1.0}, {"b": 2.0}])
    with pytest.raises(PropertyError, match="which is no column"):
        Table({"a": [1.0]}, units={"b": "ft"})


def test_plot_xy_lines_are_the_table_sorted_by_x_and_converted(sweep: Table) -> None:
    handle = plot_xy(sweep, x="wind-kts", y="error-ft", by="controller", units="si", fig=Figure())
    assert handle.title == "Tracking error against wind speed"
    ax = handle.axes[0]
    assert ax.get_xlabel() == "Wind speed [m/s]" and ax.get_ylabel() == "Tracking error [m]"
    pid, ppo = handle.line("error-ft", 0), handle.line("error-ft", 1)
    assert np.allclose(pid.get_xdata(), np.array([0.0, 10.0, 20.0]) * KT_M_S)
    assert np.allclose(pid.get_ydata(), np.array([20.0, 40.0, 60.0]) * FT_M)
    assert np.allclose(ppo.get_ydata(), np.array([12.0, 32.0, 52.0]) * FT_M)
    assert pid.get_color() != ppo.get_color()
    legend = ax.get_legend()
    assert legend is not None and legend.get_title().get_text() == "controller"
    assert [t.get_text() for t in legend.get_texts()] == ["PID", "PPO"]


def test_plot_xy_several_columns_need_one_unit(sweep: Table) -> None:
    both = Table(
        {"wind-kts": [0.0, 10.0], "error-ft": [1.0, 2.0], "bias-ft": [0.5, 0.4]},
        labels={"error-ft": "error", "bias-ft": "bias"},
    )
    handle = plot_xy(both, x="wind-kts", y=["error-ft", "bias-ft"], fig=Figure())
    assert handle.line("error-ft").get_linestyle() != handle.line("bias-ft").get_linestyle()
    assert handle.axes[0].get_ylabel() == "error, bias [ft]"
    with pytest.raises(ConfigError, match="different units"):
        plot_xy(sweep, x="wind-kts", y=["error-ft", "overshoot-deg"], fig=Figure())


def test_plot_xy_takes_a_recording_in_time_order(synth: Recording) -> None:
    handle = plot_xy(synth, x="aero/alpha-deg", y="accelerations/Nz", sort=False, fig=Figure())
    line = handle.line("accelerations/Nz")
    assert np.array_equal(line.get_xdata(), synth["aero/alpha-deg"])
    assert np.array_equal(line.get_ydata(), synth["accelerations/Nz"])
    assert handle.axes[0].get_xlabel() == "aero/alpha-deg [deg]"
    assert handle.axes[0].get_ylabel() == "accelerations/Nz [g]"


def test_box_plot_medians_and_histogram_counts(sweep: Table) -> None:
    rng = np.random.default_rng(3)
    values = np.concatenate([rng.normal(400, 15, 40), rng.normal(450, 10, 25), [np.nan]])
    returns = Table({"controller": ["PID"] * 40 + ["PPO"] * 26, "return": values})
    box = plot_distribution(returns, column="return", by="controller", fig=Figure())
    assert box.title == "return per controller"
    assert box.line("return", 0).get_ydata()[0] == pytest.approx(np.median(values[:40]))
    assert box.line("return", 1).get_ydata()[0] == pytest.approx(np.median(values[40:65]))
    assert [t.get_text() for t in box.axes[0].get_xticklabels()] == ["PID", "PPO"]
    assert box.notes == ["1 NaN value(s) of return left out"]
    hist = plot_distribution(returns, column="return", by="controller", kind="hist", bins=8)
    edges = np.histogram_bin_edges(values[np.isfinite(values)], 8)
    counts = np.asarray(hist.line("return", 0).get_ydata())[:-1]
    assert np.array_equal(counts, np.histogram(values[:40], edges)[0])
    assert counts.sum() == 40
    assert hist.axes[0].get_ylabel() == "Count [–]"
    with pytest.raises(ConfigError, match="holds text"):
        plot_distribution(sweep, column="controller")
    with pytest.raises(ConfigError, match="unknown kind"):
        plot_distribution(sweep, column="error-ft", kind="violin")  # type: ignore[arg-type]


def test_table_page_shows_labels_units_and_numbers(sweep: Table) -> None:
    page = table_page("Sweep", sweep, columns=["controller", "wind-kts", "error-ft"], units="si")
    assert page.header == ("controller", "Wind speed [m/s]", "Tracking error [m]")
    assert page.rows[0] == ("PID", "10.3", "18.3")  # 20 kt, 60 ft
    big = table_page("Big", Table({"x-ft": [-12345.6, 0.000123]}))
    assert big.rows == (("\N{MINUS SIGN}12,346",), ("0.000123",))
