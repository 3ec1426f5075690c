"""``flightsim report`` reads what ``flightsim script`` writes, resets included (trial item 3)."""

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from flightsim.errors import ConfigError
from flightsim.recording import RESETS_KEY, Recording, reset_rows

RunCli = Callable[..., tuple[int, str, str]]  # the `cli` fixture of conftest.py


def test_the_report_of_a_script_with_resets(tmp_path: Path, cli: RunCli) -> None:
    """c172_cruise_8K sets simulation/reset twice: the CSV marks both rows, the report
    reads them (it had refused: "metadata 'resets' = 2: expected a list of row numbers")."""
    code, _, err = cli("script", "c172_cruise_8K", "-o", str(tmp_path), "--record-every", "12")
    assert code == 0, err
    csv = tmp_path / "c172_cruise_8K.csv"
    meta = json.loads((tmp_path / "c172_cruise_8K.meta.json").read_text())
    rec = Recording.load(csv)
    back = [int(i) + 1 for i in np.flatnonzero(np.diff(rec.time_s) < 0)]
    assert meta[RESETS_KEY] == back == [251, 501]
    assert meta["reset/1"].startswith("row 251: the clock went back from 24.9999 s")
    code, out, err = cli("report", str(csv), "-o", str(tmp_path / "r.html"))
    assert code == 0, err
    assert out == f"wrote {tmp_path / 'r.html'}\n"
    assert (tmp_path / "r.html").stat().st_size > 10_000


def test_reset_rows_reads_the_one_layout_and_names_the_file_otherwise() -> None:
    assert reset_rows({}) == []
    assert reset_rows({RESETS_KEY: [251, 501]}) == [251, 501]
    assert reset_rows({RESETS_KEY: "251, 501"}) == [251, 501]  # a hand-written sidecar
    for bad in (2, [], [-1], [True], "x", [1.5]):
        with pytest.raises(ConfigError) as info:
            reset_rows({RESETS_KEY: bad}, Path("run.meta.json"))
        assert str(info.value) == (
            f"run.meta.json: metadata 'resets' = {bad!r}: expected a list of row numbers, "
            "e.g. [4801, 9602]"
        )
