"""What `flightsim report` reads: damaged NPZ files, CSV last rows, and the Recording repr."""

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from usage_errors import assert_one_line_error

from flightsim.cli import main
from flightsim.errors import ConfigError
from flightsim.recording import Recording


def _report_error(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Run `flightsim report PATH`; it must exit 2 with one line naming the file."""
    code = main(["report", str(path), "-o", str(tmp_path / "r.html")])
    out, err = capsys.readouterr()
    assert_one_line_error(code, out, err, "flightsim report", str(path))
    assert err.startswith(f"flightsim report: error: {path}")
    assert not (tmp_path / "r.html").exists()
    return err


@pytest.fixture
def npz(tmp_path: Path, synth: Recording) -> bytes:
    return synth.to_npz(tmp_path / "good.npz").read_bytes()


def test_zip_header_then_junk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"PK\x03\x04junk")
    assert "not a readable flightsim .npz recording" in _report_error(bad, tmp_path, capsys)


@pytest.mark.parametrize("keep", [0.5, 0.98])
def test_truncated_npz(
    tmp_path: Path, npz: bytes, keep: float, capsys: pytest.CaptureFixture[str]
) -> None:
    cut = tmp_path / "cut.npz"
    cut.write_bytes(npz[: int(len(npz) * keep)])
    assert "damaged" in _report_error(cut, tmp_path, capsys)


def test_corrupt_npz_data(tmp_path: Path, npz: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    data = bytearray(npz)
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(b ^ 0xFF for b in data[middle : middle + 64])
    corrupt = tmp_path / "corrupt.npz"
    corrupt.write_bytes(bytes(data))
    with pytest.raises(ConfigError, match=r"corrupt.npz: not a readable flightsim .npz"):
        Recording.load(corrupt)
    _report_error(corrupt, tmp_path, capsys)


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "run.csv"
    path.write_text(text)
    return path


def test_complete_non_numeric_last_row_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _csv(tmp_path, "sim-time-sec,position/h-sl-ft\n0,4000\n0.1,4001\nzero,4002\n")
    err = _report_error(path, tmp_path, capsys)
    assert f"{path}:4: row has a non-number: 'zero' in column 'sim-time-sec'" in err


def test_wrong_field_count_in_the_middle(tmp_path: Path) -> None:
    path = _csv(tmp_path, "sim-time-sec,a,b\n0,1,2\n0.1,2\n0.2,3,4\n")
    with pytest.raises(ConfigError, match=r"run.csv:3: row has 2 fields, expected 3"):
        Recording.load(path)


@pytest.mark.parametrize(
    ("tail", "rows"),
    [
        ("0.2,3,4", 2),  # no final newline: the writer died before finishing the row
        ("0.2,3,4.", 2),  # cut inside a number
        ("0.2,3\n", 2),  # short row
        ("0.2,3,4\n", 3),  # complete: kept
    ],
)
def test_only_an_unfinished_last_row_is_dropped(tmp_path: Path, tail: str, rows: int) -> None:
    path = _csv(tmp_path, "sim-time-sec,a,b\n0,1,2\n0.1,2,3\n" + tail)
    rec = Recording.load(path)
    assert len(rec) == rows
    assert rec.meta.get("dropped_last_row", False) is (rows == 2)
    assert rec["a"][-1] == (3.0 if rows == 3 else 2.0)


def test_unfinished_row_with_a_bad_earlier_field_is_an_error(tmp_path: Path) -> None:
    path = _csv(tmp_path, "sim-time-sec,a,b\n0,1,2\n0.1,x,3")
    with pytest.raises(ConfigError, match=r"run.csv:3: row has a non-number: 'x' in column 'a'"):
        Recording.load(path)


def test_dropped_row_note_in_the_cli(
    tmp_path: Path, synth: Recording, capsys: pytest.CaptureFixture[str]
) -> None:
    path = synth.to_csv(tmp_path / "killed.csv")
    with path.open("a") as handle:
        handle.write("10.1,1101")
    assert main(["report", str(path), "-o", str(tmp_path / "r.html")]) == 0
    err = capsys.readouterr().err
    assert f"note: {path}: last row incomplete (a killed run?), dropped" in err


def test_repr_is_one_short_line(make_synthetic: Callable[..., Recording]) -> None:
    rec = make_synthetic(n=144_001, dt_s=1 / 120)
    text = repr(rec)
    assert "\n" not in text and len(text) < 250
    assert text.startswith("Recording(144,001 rows, 0-1200 s, 23 columns: position/h-sl-ft, ")
    assert "(+19)" in text and "aircraft='synthetic'" in text
    assert repr(Recording(np.array([]), {})) == "Recording(0 rows, 0 columns: none)"
