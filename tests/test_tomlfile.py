"""flightsim.tomlfile: the one TOML reader of specs and batch files, keys' lines for errors."""

import os
from pathlib import Path

import pytest
from usage_errors import assert_one_line_error

from flightsim.config.safexml import MAX_FILE_BYTES
from flightsim.errors import ConfigError
from flightsim.tomlfile import key_lines, line_of, read_toml

TEXT = """\
name = "x"
[case]
aircraft = "c172p"
ic = { altitude_ft = 4000 }
[monte_carlo.draws]
"properties.inertia/pointmass-weight-lbs[0]" = { dist = "uniform", low = 1, high = 2 }
'single' = 3
"""


def test_key_lines_index_headers_bare_and_quoted_keys() -> None:
    lines = key_lines(TEXT)
    assert lines["name"] == 1 and lines["case"] == 2 and lines["case.ic"] == 4
    assert lines["monte_carlo.draws"] == 5
    assert lines["monte_carlo.draws.properties.inertia/pointmass-weight-lbs[0]"] == 6
    assert lines["monte_carlo.draws.single"] == 7


def test_line_of_falls_back_to_the_nearest_table() -> None:
    lines = key_lines(TEXT)
    assert line_of(lines, "case.duration_s") == 2
    assert line_of(lines, "monte_carlo.draws.other.name") == 5
    assert line_of(lines, "metrics") is None


def test_read_toml_names_the_file_and_the_parser_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(TEXT + "grid = [1,\n[metrics]\n")
    with pytest.raises(ConfigError) as info:
        read_toml(path, "batch file")
    assert info.value.file == str(path) and info.value.line == 9
    assert str(info.value) == f"{path}:9: not valid TOML: Invalid value (column 2)"
    with pytest.raises(ConfigError, match="cannot read the spec: No such file or directory"):
        read_toml(tmp_path / "missing.toml", "spec")


def test_read_toml_refuses_devices_pipes_and_folders_before_reading(tmp_path: Path) -> None:
    """/dev/zero would be read without end, a FIFO would block: both refused from stat."""
    fifo = tmp_path / "spec.toml"
    os.mkfifo(fifo)
    for path, kind in [
        (Path("/dev/zero"), "a character device"),
        (fifo, "a named pipe (FIFO)"),
        (tmp_path, "a folder"),
    ]:
        with pytest.raises(ConfigError) as info:
            read_toml(path, "spec")
        assert str(info.value) == f"{path}: cannot read the spec: {kind}, not a TOML text file"
        assert info.value.file == str(path)


def test_read_toml_refuses_a_file_over_the_16_mib_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    with open(big, "wb") as stream:  # sparse: no disk used
        stream.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(ConfigError, match="more than the 16,777,216 bytes"):
        read_toml(big, "batch file")
    big.write_bytes(b"name = 'x'\r\n" + b" " * (MAX_FILE_BYTES - 12))  # exactly the limit: read
    assert read_toml(big, "batch file") == ({"name": "x"}, {"name": 1})


def test_load_spec_load_batch_and_generate_refuse_dev_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from flightsim.batch import load_batch
    from flightsim.cli import main
    from flightsim.design import load_spec

    message = "/dev/zero: cannot read the spec: a character device, not a TOML text file"
    with pytest.raises(ConfigError, match=message):
        load_spec("/dev/zero")
    with pytest.raises(ConfigError, match="cannot read the batch file: a character device"):
        load_batch("/dev/zero")
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    code = main(["generate", str(fifo), "-o", str(tmp_path / "out")])
    out, err = capsys.readouterr()
    assert_one_line_error(code, out, err, "flightsim generate", "a named pipe (FIFO)")
    assert not (tmp_path / "out").exists()
