"""Min/max decimation keeps every peak, the ends, and time order."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from flightsim.plots.decimate import minmax_decimate, minmax_indices


def test_short_series_is_untouched() -> None:
    t = np.arange(10.0)
    y = np.sin(t)
    td, yd = minmax_decimate(t, y, max_points=10)
    assert np.array_equal(td, t) and np.array_equal(yd, y)


def test_long_series_keeps_spikes_and_ends() -> None:
    rng = np.random.default_rng(7)
    n = 144_000
    t = np.arange(n) / 120.0
    y = np.cumsum(rng.normal(size=n)) * 0.01
    spikes = rng.choice(n, size=20, replace=False)
    y[spikes[:10]] += 50.0  # one-sample spikes up ...
    y[spikes[10:]] -= 50.0  # ... and down
    keep = minmax_indices(y, 4000)
    assert len(keep) <= 4002
    assert np.all(np.diff(keep) > 0)  # sorted, no duplicates: time order kept
    assert keep[0] == 0 and keep[-1] == n - 1
    assert set(spikes) <= set(keep.tolist())
    td, yd = minmax_decimate(t, y, 4000)
    assert yd.max() == y.max() and yd.min() == y.min()
    assert np.array_equal(td, t[keep])


def test_nan_samples_do_not_hide_extremes() -> None:
    y = np.linspace(0.0, 1.0, 10_000)
    y[100:200] = np.nan
    y[5000] = 7.0
    keep = minmax_indices(y, 100)
    assert 5000 in keep
    assert np.nanmax(y[keep]) == 7.0


def test_max_points_too_small() -> None:
    with pytest.raises(ValueError, match="at least 4"):
        minmax_indices(np.zeros(10), 2)


@settings(max_examples=60, deadline=None)
@given(
    arrays(np.float64, st.integers(1, 3000), elements=st.floats(-1e6, 1e6)),
    st.integers(4, 500),
)
def test_extremes_always_survive(values: np.ndarray, max_points: int) -> None:
    keep = minmax_indices(values, max_points)
    assert len(keep) <= max(max_points + 2, len(values))
    assert keep[0] == 0 and keep[-1] == len(values) - 1
    assert np.all(np.diff(keep) > 0)
    assert values[keep].max() == values.max()
    assert values[keep].min() == values.min()
