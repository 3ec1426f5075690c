"""Thin long series for plotting without hiding their peaks.

A 20-minute flight at 120 Hz has 144,000 samples per signal, far more than a
figure has pixels. :func:`minmax_decimate` splits a series into equal buckets
and keeps, in time order, the minimum and the maximum sample of each bucket,
plus the first and last sample: every extreme survives, so a one-sample spike
in load factor is still drawn at its full height (the usual "min/max" or
envelope decimation of oscilloscopes and plotting tools).
"""

from __future__ import annotations

import numpy as np

DEFAULT_MAX_POINTS = 4000
"""Points kept per plotted series by default (about 2 per horizontal pixel)."""


def minmax_indices(values: np.ndarray, max_points: int = DEFAULT_MAX_POINTS) -> np.ndarray:
    """Sorted indices of the samples :func:`minmax_decimate` keeps.

    All indices when ``len(values) <= max_points``. Otherwise ``max_points // 2``
    buckets of equal size each give the index of their minimum and of their
    maximum, and the first and last index are always kept. NaNs are ignored
    when looking for extremes. Vectorised: O(n) numpy work, no Python loop.
    """
    n = len(values)
    if max_points < 4:
        raise ValueError(f"max_points must be at least 4, got {max_points}")
    if n <= max_points:
        return np.arange(n)
    buckets = max_points // 2
    size = -(-n // buckets)  # ceil(n / buckets)
    padded = np.empty(buckets * size)
    padded[:n] = values
    padded[n:] = values[-1]
    finite = np.isfinite(padded)
    low = np.where(finite, padded, np.inf).reshape(buckets, size).argmin(axis=1)
    high = np.where(finite, padded, -np.inf).reshape(buckets, size).argmax(axis=1)
    offsets = np.arange(buckets) * size
    keep = np.concatenate(([0, n - 1], offsets + low, offsets + high))
    return np.unique(np.minimum(keep, n - 1))


def minmax_decimate(
    time_s: np.ndarray, values: np.ndarray, max_points: int = DEFAULT_MAX_POINTS
) -> tuple[np.ndarray, np.ndarray]:
    """``(time_s, values)`` thinned to at most ``max_points + 2`` samples, peaks kept.

    See :func:`minmax_indices` for the rule.
    """
    keep = minmax_indices(values, max_points)
    return time_s[keep], values[keep]
