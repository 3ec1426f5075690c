"""Table shapes (FS301): the row that breaks the table is the one reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from flightsim.config import validate_file

SYSTEM = """<?xml version="1.0"?>
<system name="tables">
  <function name="systems/tables/f">
    <table>
{axes}
      <tableData>
{rows}
      </tableData>
    </table>
  </function>
</system>
"""
ROW = '      <independentVar lookup="row">velocities/mach</independentVar>'
COLUMN = '      <independentVar lookup="column">aero/alpha-deg</independentVar>'


def _table_findings(tmp_path: Path, rows: list[str], axes: str = ROW) -> list[tuple]:
    path = tmp_path / "tables.xml"
    path.write_text(SYSTEM.format(axes=axes, rows="\n".join(f"        {r}" for r in rows)))
    first_row_line = SYSTEM.splitlines().index("      <tableData>") + 2 + axes.count("\n")
    return [
        (d.code, d.line - first_row_line, d.message)
        for d in validate_file(path)
        if d.code.startswith("FS3")
    ]


@pytest.mark.parametrize("odd", [0, 2, 4])
def test_an_extra_number_in_a_1d_table_is_found_on_its_row(tmp_path: Path, odd: int) -> None:
    rows = ["0.0 1.0", "0.2 1.1", "0.4 1.2", "0.6 1.3", "0.8 1.4"]
    rows[odd] += " 9.9"
    ((code, row, message),) = _table_findings(tmp_path, rows)
    assert (code, row) == ("FS301", odd)
    assert message.startswith("row has 3 numbers; the other rows make a 1-D table")


def test_a_missing_number_in_a_2d_table_is_found_on_its_row(tmp_path: Path) -> None:
    rows = ["10 20", "0.0 1 2", "0.5 3", "1.0 5 6"]
    ((code, row, message),) = _table_findings(tmp_path, rows, f"{ROW}\n{COLUMN}")
    assert (code, row) == ("FS301", 2)
    assert "a 2-D table with 2 columns" in message


def test_a_column_breakpoints_line_of_the_wrong_length_is_reported(tmp_path: Path) -> None:
    rows = ["10 20 30", "0.0 1 2", "0.5 3 4", "1.0 5 6"]
    ((code, row, message),) = _table_findings(tmp_path, rows, f"{ROW}\n{COLUMN}")
    assert (code, row) == ("FS301", 0)
    assert "has 3 numbers, but the rows below hold 2 values each" in message


def test_a_one_row_table_must_hold_two_numbers(tmp_path: Path) -> None:
    ((code, row, _),) = _table_findings(tmp_path, ["0 1 2"])
    assert (code, row) == ("FS301", 0)
    assert _table_findings(tmp_path, ["0 1"]) == []


def test_a_2d_table_with_one_column_is_fine(tmp_path: Path) -> None:
    assert _table_findings(tmp_path, ["10", "0 1", "1 2"], f"{ROW}\n{COLUMN}") == []


def test_rows_after_comments_are_found_on_their_own_line(tmp_path: Path) -> None:
    """The parser drops comments (and the whitespace before them): the row is looked up
    in the file's text, so the line is the row's own (engine/Estes_E9.xml has this)."""
    rows = ["<!-- breakpoints", "     and values -->", "0.0 1.0", "0.2 1.1 <!-- note -->", "0.4 x"]
    ((code, row, message),) = _table_findings(tmp_path, rows)
    assert (code, row) == ("FS302", 4)
    assert message == "table entry 'x' is not a finite number"
    rows = ["<!-- a comment first -->", "0.0 1.0", "0.2 1.1 7.0", "0.4 1.2"]
    ((code, row, _),) = _table_findings(tmp_path, rows)
    assert (code, row) == ("FS301", 2)
