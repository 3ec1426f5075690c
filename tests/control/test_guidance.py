"""Guidance laws: path geometry, line following and the glide path, against hand values."""

from __future__ import annotations

import math

import pytest

from flightsim.control.guidance import (
    bearing_deg,
    glide_path_altitude_ft,
    line_following_heading,
    track_errors,
)


def test_track_errors_on_an_eastbound_path() -> None:
    to_go, cross, course = track_errors(-100.0, 400.0, (0.0, 0.0), (0.0, 1000.0))
    assert (to_go, cross, course) == pytest.approx((600.0, 100.0, 90.0))  # south = right
    with pytest.raises(ValueError, match="two distinct points"):
        track_errors(0.0, 0.0, (1.0, 1.0), (1.0, 1.0))


def test_line_following_turns_toward_the_path_and_settles_on_it() -> None:
    assert line_following_heading(0.0, 90.0) == pytest.approx(90.0)
    assert line_following_heading(600.0, 90.0) == pytest.approx(90.0 - 30.0)  # atan(1) = 45°
    far_left = line_following_heading(-1e7, 0.0, approach_deg=60.0)
    assert far_left == pytest.approx(60.0, abs=0.01)
    assert bearing_deg(-1.0, -1.0) == pytest.approx(225.0)


def test_glide_path_crosses_the_threshold_at_50_ft() -> None:
    assert glide_path_altitude_ft(0.0, 100.0) == 150.0
    assert glide_path_altitude_ft(-500.0, 0.0) == 50.0
    one_nm = 6076.12
    assert glide_path_altitude_ft(one_nm, 0.0) == pytest.approx(
        50.0 + one_nm * math.tan(math.radians(3))
    )
