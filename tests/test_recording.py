"""Recording: columns with units, CSV/NPZ round trips, truncated files."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from flightsim.errors import ConfigError, NotFoundError, PropertyError
from flightsim.recording import TIME_COLUMN, Recording, meta_path_for


@pytest.fixture
def rec() -> Recording:
    t = np.arange(6) / 120.0
    return Recording(
        t,
        {"position/h-sl-ft": 4000.0 + t * 10.0, "attitude/phi-deg": np.sin(t) * 1e-3},
        {"aircraft": "c172p", "dt_s": 1 / 120, "trim/fcs/elevator-cmd-norm": -0.03},
    )


def test_lookup_and_units(rec: Recording) -> None:
    assert rec.names == ["position/h-sl-ft", "attitude/phi-deg"]
    assert rec[TIME_COLUMN] is rec.time_s
    assert rec.unit("position/h-sl-ft") == "ft"
    assert rec.unit(TIME_COLUMN) == "s"
    assert rec.duration_s == pytest.approx(5 / 120)
    with pytest.raises(PropertyError) as info:
        rec["position/h-sl-m"]
    assert "Did you mean: position/h-sl-ft" in str(info.value)


def test_columns_must_match_time(rec: Recording) -> None:
    with pytest.raises(ConfigError, match="column 'x' has shape"):
        Recording(rec.time_s, {"x": np.zeros(3)})


@pytest.mark.parametrize("suffix", [".csv", ".npz"])
def test_round_trip_is_exact(rec: Recording, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"run{suffix}"
    getattr(rec, "to_csv" if suffix == ".csv" else "to_npz")(path)
    back = Recording.load(path)
    assert back.names == rec.names
    np.testing.assert_array_equal(back.time_s, rec.time_s)
    for name in rec.names:
        np.testing.assert_array_equal(back[name], rec[name])
    assert back.meta == rec.meta


def test_csv_layout(rec: Recording, tmp_path: Path) -> None:
    path = rec.to_csv(tmp_path / "run.csv")
    lines = path.read_text().splitlines()
    assert lines[0] == "sim-time-sec,position/h-sl-ft,attitude/phi-deg"
    assert len(lines) == 7
    assert meta_path_for(path).name == "run.meta.json"


def test_truncated_last_row_is_dropped(rec: Recording, tmp_path: Path) -> None:
    path = rec.to_csv(tmp_path / "run.csv")
    with path.open("a") as handle:
        handle.write("0.05,4000.4")  # a writer killed mid-row
    assert len(Recording.load(path)) == 6


def test_a_dropped_last_row_is_noted_in_the_metadata(rec: Recording, tmp_path: Path) -> None:
    path = rec.to_csv(tmp_path / "run.csv")
    assert "dropped_last_row" not in Recording.load(path).meta
    with path.open("a") as handle:
        handle.write("0.05,4000.4")
    assert Recording.load(path).meta["dropped_last_row"] is True


def test_bad_files_give_located_errors(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no recording file"):
        Recording.load(tmp_path / "absent.csv")
    other = tmp_path / "other.csv"
    other.write_text("time,x\n0,1\n")
    with pytest.raises(ConfigError, match="first column must be 'sim-time-sec'"):
        Recording.load(other)
    broken = tmp_path / "broken.csv"
    broken.write_text("sim-time-sec,x\n0,1\n0.1,abc\n0.2,3\n")
    with pytest.raises(ConfigError, match=r"broken.csv:3: row has"):
        Recording.load(broken)
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"not a zip")
    with pytest.raises(ConfigError, match="junk.npz"):
        Recording.load(junk)


def test_to_pandas_gives_a_frame_indexed_by_time(rec: Recording) -> None:
    """pandas comes with the test extra; without it, see the clean-interpreter test."""
    frame = rec.to_pandas()
    assert list(frame.columns) == rec.names
    assert frame.index.name == TIME_COLUMN
    assert (frame.index.to_numpy() == rec.time_s).all()
    for name in rec.names:
        assert (frame[name].to_numpy() == rec[name]).all()
    assert frame.attrs == rec.meta


def test_missing_extra_message_in_clean_interpreter() -> None:
    code = (
        "import sys; sys.modules['pandas'] = None\n"
        "import numpy as np\n"
        "from flightsim.recording import Recording\n"
        "try:\n"
        "    Recording(np.zeros(1), {}).to_pandas()\n"
        "except ImportError as e:\n"
        "    print(e)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=os.environ, check=True
    )
    assert "pip install 'flightsim[pandas]'" in out.stdout


def test_a_folder_or_a_non_zip_npz_is_named_as_such(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is a folder, not a recording"):
        Recording.load(tmp_path)
    text = tmp_path / "hello.npz"
    text.write_text("hello\n")  # numpy would otherwise speak of pickled data
    with pytest.raises(ConfigError) as info:
        Recording.load(text)
    assert "not a zip archive" in str(info.value)
    assert "pickle" not in str(info.value)


def test_a_dropped_last_row_is_noted_on_reading_not_carried_into_new_files(
    rec: Recording, tmp_path: Path
) -> None:
    killed = tmp_path / "killed.csv"
    rec.to_csv(killed)
    killed.write_text(killed.read_text() + "0.05,4000")  # a row cut short, no newline
    read = Recording.load(killed)
    assert read.meta["dropped_last_row"] is True
    for again in (read.to_npz(tmp_path / "again.npz"), read.to_csv(tmp_path / "again.csv")):
        assert "dropped_last_row" not in Recording.load(again).meta
        assert Recording.load(again).meta["aircraft"] == "c172p"


def test_from_rows_splits_the_rows_into_columns_when_first_read() -> None:
    rows = np.array([[0.0, 10.0, -1.0], [0.5, 11.0, -2.0], [1.0, 12.5, -3.0]])
    rec = Recording.from_rows(rows, ["position/h-sl-ft", "attitude/phi-deg"], {"aircraft": "x"})
    # what needs no column is answered from the rows
    assert len(rec) == 3 and rec.names == ["position/h-sl-ft", "attitude/phi-deg"]
    assert "attitude/phi-deg" in rec and TIME_COLUMN in rec and "x/y" not in rec
    assert list(rec) == rec.names
    assert rec.time_s.tolist() == [0.0, 0.5, 1.0]
    assert rec["position/h-sl-ft"].tolist() == [10.0, 11.0, 12.5]
    assert rec.columns["attitude/phi-deg"].tolist() == [-1.0, -2.0, -3.0]
    assert all(column.flags.c_contiguous for column in rec.columns.values())
    assert "3 rows, 0-1 s, 2 columns" in repr(rec) and "aircraft='x'" in repr(rec)
    with pytest.raises(ConfigError, match=r"rows of shape \(3, 3\) for the time and 1 columns"):
        Recording.from_rows(rows, ["a/b"], {})


def test_a_recording_from_rows_round_trips_like_any_other(tmp_path: Path) -> None:
    rows = np.column_stack([np.arange(4) / 120.0, np.linspace(4000.0, 4001.0, 4)])
    rec = Recording.from_rows(rows, ["position/h-sl-ft"], {"dt_s": 1 / 120})
    back = Recording.load(rec.to_npz(tmp_path / "r.npz"))
    assert back.time_s.tobytes() == rows[:, 0].tobytes()
    assert back["position/h-sl-ft"].tobytes() == rows[:, 1].tobytes()
    assert back.meta == {"dt_s": 1 / 120}
