"""Table shapes (FS301): the row that breaks the table is the one reported."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from planted_faults import line_of, only, planted_aircraft

from flightsim.config import validate, validate_file
from flightsim.config.document import load_aircraft, load_file
from flightsim.config.rules.tables import _TableChecker, clean_dimension
from flightsim.paths import list_aircraft

FAULTS = Path(__file__).parent / "faults"

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


TABLE_TEXTS = [
    ("0 1\n1 2\n2 4", 1),
    ("  -1.5e1  0\n\n  +.5 1.\n 3E+2 2 \n", 1),
    ("0 1", 1),
    ("0 1\n0 2", None),  # breakpoints repeat
    ("\t0 1 2\n0 5 6 7\n1 8 9 10", 2),
    ("1\n0 5\n1 6", 2),
    ("0 1 1\n0 5 6 7\n1 8 9 10", None),  # column breakpoints repeat
    ("0 1 2\n1 5 6 7\n0 8 9 10", None),  # row breakpoints decrease
    ("0 1 2\n0 5 6 7\n1 8 9", None),  # ragged
    ("0 1 2", None),  # one row of three: the detailed check decides
    ("0 1\n1 1e999", None),  # overflow
    ("0 1\n1 nan", None),
    ("0 1\n1 1.2.3", None),
    ("0 1\n1 e5", None),
    ("0 1\n1 5-", None),
    ("0\u00a01\n1 2", None),  # non-ASCII space: the detailed check decides
    ("0 1\n1 2\x00 3", None),
    ("", None),
    (" \n\t", None),
    ("0 " + "1" * 130, 1),  # a long token
]


@pytest.mark.parametrize(("text", "dimension"), TABLE_TEXTS)
def test_fast_path_dimension(text: str, dimension: int | None) -> None:
    assert clean_dimension(text) == dimension


def test_fast_path_agrees_with_the_row_by_row_check() -> None:
    """Over every bundled table, and the crafted texts above: the fast path answers
    the dimension the detailed check finds for a faultless table, or passes (None)."""
    texts = [text for text, _ in TABLE_TEXTS]
    for location in list_aircraft():
        if location.is_bundled:
            for config in load_aircraft(location.main_file, None).files:
                texts.extend(e.text or "" for e in config.root.iter("tableData") if not len(e))
    fast_answers = 0
    for text in texts:
        fast = clean_dimension(text)
        checker = _TableChecker(load_file(FAULTS / "FS301_extra_column.xml"))
        element = etree.fromstring("<tableData/>")
        detailed = checker.rows(element, text, None)
        if fast is not None:
            fast_answers += 1
            assert (fast, checker.found) == (detailed, []), text
    assert fast_answers > 0.95 * len(texts) - len(TABLE_TEXTS)


_DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=20)
DECIMALS = st.builds(
    lambda sign, whole, fraction, exponent: f"{sign}{whole}{fraction}{exponent}",
    st.sampled_from(["", "-", "+"]),
    _DIGITS,
    st.one_of(st.just(""), st.just("."), _DIGITS.map(lambda d: "." + d)),
    st.one_of(st.just(""), st.integers(-330, 330).map(lambda e: f"e{e}")),
)


@settings(max_examples=400, deadline=None)
@given(DECIMALS, DECIMALS)
def test_fast_path_reads_numbers_as_python_does(first: str, second: str) -> None:
    """The fast path reads every decimal form (signs, leading or trailing dots,
    exponents) and orders the breakpoints by value: a 1-D table whose two breakpoints
    increase is recognised, any other goes to the row-by-row check."""
    a, b = float(first), float(second)
    finite = math.isfinite(a) and math.isfinite(b)
    expected = 1 if finite and a < b else None
    assert clean_dimension(f"{first} 0\n{second} 1") == expected


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("0.1", "0.10000000000000001"),  # the same double
        ("9007199254740993", "9007199254740992"),  # 2**53 + 1 rounds to 2**53
        ("1e22", "9999999999999999e6"),
        ("123456789012345e-22", "1.23456789012345e-8"),
        ("-0", "0"),
        ("4.9e-324", "5e-324"),
        ("1.7976931348623157e308", "1.7976931348623158e308"),
    ],
)
def test_fast_path_equal_numbers_do_not_increase(first: str, second: str) -> None:
    assert float(first) == float(second)
    assert clean_dimension(f"{first} 0\n{second} 1") is None


def test_a_lookup_axis_missing_below_a_declared_one_is_an_error(tmp_path: Path) -> None:
    """A 2-D table with only its column axis: FGTable refuses it ("missing lookup axis")."""
    both = (
        '<independentVar lookup="row">aero/alpha-rad</independentVar>\n'
        '        <independentVar lookup="column">fcs/elevator-pos-rad</independentVar>'
    )
    column = '<independentVar lookup="column">fcs/elevator-pos-rad</independentVar>'
    main = planted_aircraft(tmp_path, "f16", "f16.xml", both, column)
    found = only(validate(main), "FS304")
    assert found.message.startswith('lookup axis "row" is missing: the table declares 2 axes')
    assert found.line == line_of(main, '<table name="CDdHT">') + 1


@pytest.mark.parametrize(
    ("axes", "rows"),
    [
        ('      <independentVar lookup="rows">velocities/mach</independentVar>', ["0 1", "1 2"]),
        (
            f'{ROW}\n      <independentVar lookup="colum">aero/alpha-deg</independentVar>',
            ["10 20", "0 1 2", "1 3 4"],
        ),
    ],
    ids=["1-D rows", "2-D colum"],
)
def test_a_bad_lookup_is_reported_once(tmp_path: Path, axes: str, rows: list[str]) -> None:
    """A misspelt lookup= is FS304 alone: not also FS305 "no <independentVar>" or
    "declares 1 lookup axes" for the axis it failed to declare."""
    ((code, _, message),) = _table_findings(tmp_path, rows, axes)
    assert code == "FS304"
    assert "is not row, column, table or axisN" in message
