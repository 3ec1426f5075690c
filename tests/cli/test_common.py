"""Shared CLI argument types and the flight summary."""

import math

import numpy as np
import pytest

from flightsim.cli.common import parse_time_s
from flightsim.cli.summary import flight_summary, heading_change_deg
from flightsim.errors import UnitError
from flightsim.recording import Recording


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("60", 60.0), ("90 s", 90.0), ("2 min", 120.0), ("1/120", 1 / 120), ("120 Hz", 1 / 120)],
)
def test_times_with_units(text: str, seconds: float) -> None:
    assert parse_time_s(text, rate=True) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["nan", "-5", "0", "10 parsecs", "abc", "inf"])
def test_bad_times_are_unit_errors(text: str) -> None:
    with pytest.raises(UnitError):
        parse_time_s(text, name="--duration")


def test_heading_change_unwraps_through_north() -> None:
    psi = np.array([350.0, 355.0, 0.0, 5.0, 10.0])
    assert heading_change_deg(psi) == pytest.approx(20.0)
    left_turn = np.array([90.0, 45.0, 0.0, 315.0, 270.0])
    assert heading_change_deg(left_turn) == pytest.approx(-180.0)


def test_flight_summary_reports_what_was_recorded() -> None:
    t = np.linspace(0.0, 10.0, 11)
    rec = Recording(
        t,
        {
            "position/h-sl-ft": np.linspace(4000.0, 4100.0, 11),
            "attitude/phi-deg": np.sin(t) * 30.0,
        },
    )
    text = "\n".join(flight_summary(rec))
    assert "10.00 s simulated, 11 rows" in text
    assert "4000 to 4100 ft" in text
    assert f"{np.max(np.abs(np.sin(t) * 30.0)):.1f} deg" in text
    assert "KCAS" not in text  # airspeed not recorded
    assert not math.isnan(rec.duration_s)
