"""Summary statistics per run and their table in both unit systems."""

import numpy as np
import pytest

from flightsim.plots import summarize, summary_table
from flightsim.plots.stats import MISSING, trim_label, trim_note
from flightsim.recording import Recording
from flightsim.units import FT_M, LB_KG


def test_summary_of_known_values(synth: Recording) -> None:
    s = summarize(synth, "synth")
    assert s.label == "synth" and s.aircraft == "synthetic" and s.samples == 101
    assert s.duration_s == pytest.approx(10.0)
    assert s.altitude_min_ft == pytest.approx(1000.0)
    assert s.altitude_max_ft == pytest.approx(1100.0)
    nz = synth["accelerations/Nz"]
    assert s.load_factor_max_g == nz.max() and s.load_factor_min_g == nz.min()
    assert s.bank_max_deg == pytest.approx(np.abs(synth["attitude/phi-deg"]).max())
    assert s.fuel_used_lbs == pytest.approx(1.0)  # 0.1 lb/s for 10 s
    assert s.trim == {"fcs/elevator-cmd-norm": -0.05, "velocities/vc-kts": 100.0}


def test_summary_of_real_flight(flight: Recording) -> None:
    s = summarize(flight, "c172p")
    h = flight["position/h-sl-ft"]
    assert s.altitude_min_ft == h.min() and s.altitude_max_ft == h.max()
    assert h.min() < 3990.0  # the doublet's nose-down half loses altitude
    assert s.load_factor_max_g is not None and 1.1 < s.load_factor_max_g < 3.0
    assert s.bank_max_deg is not None and s.bank_max_deg > 10.0  # rolled by the aileron input
    assert s.fuel_used_lbs is not None and 0.0 < s.fuel_used_lbs < 1.0  # 30 s of a C172
    assert set(s.trim) == {"fcs/pitch-trim-cmd-norm", "fcs/throttle-cmd-norm[0]", "aero/alpha-deg"}


def test_missing_statistics_show_a_dash(synth: Recording) -> None:
    bare = Recording(synth.time_s, {"position/h-sl-ft": synth["position/h-sl-ft"]})
    s = summarize(bare, "bare")
    assert s.load_factor_max_g is None and s.fuel_used_lbs is None and s.bank_max_deg is None
    _, rows = summary_table([s], "imperial")
    table = {row[0]: row[1] for row in rows}
    assert table["Fuel used [lb]"] == MISSING and table["Bank |φ| max [deg]"] == MISSING
    assert table["Altitude max [ft]"] == "1,100"


def test_table_units(synth: Recording) -> None:
    s = summarize(synth, "a")
    header, rows = summary_table([s, s], "si")
    assert header == ["", "a", "a"]
    table = {row[0]: row[1:] for row in rows}
    assert table["Altitude min [m]"] == [f"{1000 * FT_M:,.0f}"] * 2
    assert table["Fuel used [kg]"] == [f"{LB_KG:,.2f}"] * 2
    assert table["Trim: CAS [m/s]"] == ["51.4444"] * 2
    assert table["Trim: elevator command [norm.]"] == ["\N{MINUS SIGN}0.0500"] * 2
    assert table["Duration [s]"] == ["10.0"] * 2


def test_trim_rows_have_readable_names_and_a_note_with_the_properties(flight: Recording) -> None:
    s = summarize(flight, "c172p")
    _, rows = summary_table([s], "imperial")
    labels = [row[0] for row in rows if row[0].startswith("Trim")]
    assert labels == [
        "Trim: angle of attack α [deg]",
        "Trim: pitch trim command [norm.]",
        "Trim: throttle command, engine 1 [norm.]",
    ]
    note = trim_note([s])
    assert note is not None
    assert "throttle command, engine 1 = fcs/throttle-cmd-norm[0]" in note
    assert trim_label("fcs/throttle-cmd-norm[1]") == "throttle command, engine 2"
    assert trim_label("custom/thing-deg") == "custom/thing-deg"
    assert trim_note([summarize(Recording(flight.time_s, {}), "bare")]) is None
