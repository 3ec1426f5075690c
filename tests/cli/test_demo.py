"""``flightsim demo`` end to end: the flight it records and the files it writes."""

from pathlib import Path

import numpy as np
import pytest

from flightsim.cli import main
from flightsim.cli.summary import heading_change_deg
from flightsim.recording import Recording


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Run the whole demo (with its report) once; return the output folder and stdout."""
    import contextlib
    import io

    out_dir = tmp_path_factory.mktemp("demo")
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        code = main(["demo", "--output-dir", str(out_dir)])
    assert code == 0
    return out_dir, stdout.getvalue()


@pytest.fixture(scope="module")
def rec(demo: tuple[Path, str]) -> Recording:
    return Recording.from_csv(demo[0] / "demo.csv")


def test_demo_writes_csv_and_report(demo: tuple[Path, str]) -> None:
    out_dir, stdout = demo
    for name in ("demo.csv", "demo.meta.json", "report.html", "report.pdf"):
        assert (out_dir / name).stat().st_size > 1000, name
        if name != "demo.meta.json":
            assert str(out_dir / name) in stdout
    assert (out_dir / "report.pdf").read_bytes().startswith(b"%PDF")


def test_demo_records_state_and_controls_without_nan(rec: Recording) -> None:
    for name in ("position/h-sl-ft", "attitude/phi-deg", "fcs/elevator-cmd-norm",
                 "fcs/aileron-cmd-norm", "fcs/throttle-cmd-norm"):  # fmt: skip
        assert name in rec.names
    table = np.column_stack([rec.time_s, *rec.columns.values()])
    assert np.isfinite(table).all()
    assert rec.duration_s == pytest.approx(90.0)
    assert rec.meta["source"] == "demo"
    assert rec.meta["aircraft"] == "c172p"


def test_demo_starts_in_trimmed_cruise(rec: Recording) -> None:
    first_5_s = rec.time_s < 5.0
    assert rec["position/h-sl-ft"][first_5_s] == pytest.approx(4000.0, abs=2.0)
    assert rec["velocities/vc-kts"][first_5_s] == pytest.approx(100.0, abs=0.5)
    assert rec["attitude/psi-deg"][0] == pytest.approx(90.0, abs=0.1)


def test_demo_flies_an_elevator_doublet(rec: Recording) -> None:
    start = float(rec.meta["demo/doublet-start-s"])  # type: ignore[arg-type]
    elevator = rec["fcs/elevator-cmd-norm"]
    window = (rec.time_s > start) & (rec.time_s < start + 2.0)
    assert elevator[window].max() == pytest.approx(0.1, abs=0.01)  # nose down first
    assert elevator[window].min() == pytest.approx(-0.1, abs=0.01)
    first_peak = rec.time_s[window][np.argmax(elevator[window])]
    assert first_peak < rec.time_s[window][np.argmin(elevator[window])]


def test_demo_turns_180_degrees_at_30_degrees_bank(rec: Recording) -> None:
    phi = rec["attitude/phi-deg"]
    assert np.max(phi) == pytest.approx(30.0, abs=3.0)
    turn_start = float(rec.meta["demo/turn-start-s"])  # type: ignore[arg-type]
    level_start = float(rec.meta["demo/level-start-s"])  # type: ignore[arg-type]
    steady = (rec.time_s > turn_start + 8.0) & (rec.time_s < level_start)
    assert phi[steady] == pytest.approx(30.0, abs=1.5)
    assert heading_change_deg(rec["attitude/psi-deg"]) == pytest.approx(180.0, abs=3.0)


def test_demo_ends_wings_level_near_the_start_altitude(rec: Recording) -> None:
    last_5_s = rec.time_s > rec.time_s[-1] - 5.0
    assert np.abs(rec["attitude/phi-deg"][last_5_s]).max() < 2.0
    assert rec["position/h-sl-ft"][-1] == pytest.approx(4000.0, abs=30.0)
    assert rec["attitude/psi-deg"][-1] == pytest.approx(270.0, abs=3.0)
    assert rec["velocities/vc-kts"][-1] == pytest.approx(100.0, abs=2.0)


def test_demo_summary_names_what_a_user_wants(demo: tuple[Path, str]) -> None:
    stdout = demo[1]
    for text in ("90.00 s simulated", "ft MSL", "max bank", "+180.", "deg change", "demo.csv"):
        assert text in stdout
