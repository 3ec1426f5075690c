"""flightsim.tomlfile: the one TOML reader of specs and batch files, keys' lines for errors."""

from pathlib import Path

import pytest

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
