"""Table rules (FS3xx), following ``FGTable``'s loader.

A leaf ``<tableData>`` is 1-D when its lines hold two numbers (breakpoint,
value), otherwise 2-D: the first line holds the column breakpoints and each
further line a row breakpoint and one value per column. Several ``<tableData
breakPoint=...>`` (possibly nested) make a 3-D or higher table. Breakpoints must
increase strictly; the ``<independentVar lookup=...>`` axes (row, column,
table, axisN) must match the table's dimension.

JSBSim (``FGTable``'s ``InferLeafDimension``) decides the shape from the first
two lines alone, so one stray number in the first data row turns a 1-D table
into a broken 2-D one. To point at the faulty row instead, the shape is taken
from the length most data rows share (ties broken by the declared lookup axes):
that row length is the table's, and the first row of another length is the
fault.
"""

from __future__ import annotations

import itertools
import math
import operator
import re
from collections import Counter
from collections.abc import Iterator

from lxml import etree

from flightsim.config.diagnostics import Diagnostic, Severity
from flightsim.config.document import ConfigFile, children
from flightsim.config.rules import Rule, check, rule
from flightsim.config.rules.vocabulary_rules import parse_number

FS301 = rule(
    "FS301", Severity.ERROR, "a table is not rectangular (a row has the wrong length)", refuses=True
)
FS302 = rule("FS302", Severity.ERROR, "a table entry is not a finite number", refuses=True)
FS303 = rule("FS303", Severity.ERROR, "table breakpoints do not increase strictly", refuses=True)
FS304 = rule("FS304", Severity.ERROR, "invalid lookup= on an independentVar", refuses=True)
FS305 = rule(
    "FS305",
    Severity.ERROR,
    "table structure: missing tableData or breakPoint, axes not matching its dimension",
    refuses=True,
)

TABLE_TAGS = ("table", "t", "thrust_table")
_TABLE_TEXT = re.compile(r"[0-9.eE+\-\s]*")
"""The characters ``FGTable`` accepts in table data."""
_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"
_TABLE_NUMBERS = re.compile(rf"\s*(?:{_NUMBER}(?:\s+{_NUMBER})*)?\s*")
"""Table data made of plain decimal numbers (no exponent) only."""


def _increasing(values: list[float]) -> bool:
    return all(map(operator.lt, values, itertools.islice(values, 1, None)))


def clean_dimension(text: str) -> int | None:
    """1 or 2 when ``text`` is a faultless 1-D or 2-D table, None when it may hold a fault.

    A fast test (C-level splits and conversions, no loop over the rows in Python)
    for the common case; None sends the table to the detailed check, which names
    the fault and its row. Conservative: a table of
    one line of other than two numbers gives None, and so does one whose sum
    overflows.
    """
    # Non-ASCII space splits in Python, not in JSBSim; float() reads "1_0": the detailed
    # check decides. "nan" and "inf" make the sum not finite.
    if not text.isascii() or "_" in text:
        return None
    rows = list(filter(None, map(str.split, text.split("\n"))))
    try:
        values = list(map(float, itertools.chain.from_iterable(rows)))
    except ValueError:
        return None
    if not rows or not math.isfinite(sum(values)):
        return None
    lengths = list(map(len, rows))
    columns = lengths[0]
    if columns == 2 and lengths.count(2) == len(lengths):
        return 1 if _increasing(values[0::2]) else None
    if len(lengths) < 2 or lengths.count(columns + 1) != len(lengths) - 1:
        return None
    header = values[:columns]
    return 2 if _increasing(header) and _increasing(values[columns :: columns + 1]) else None


def _finite(token: str) -> float:
    """The value of a table token; NaN when JSBSim would not read it as a number."""
    value = parse_number(token) if _TABLE_TEXT.fullmatch(token) else None
    return value if value is not None else math.nan


_LOOKUP = re.compile(r"^(row|column|table|axis[1-9]\d*)$")
_AXIS_NAMES = {"": 0, "row": 0, "column": 1, "table": 2}
_AXIS_LABELS = {axis: name for name, axis in _AXIS_NAMES.items() if name}


def _axis(lookup: str) -> int | None:
    if not _LOOKUP.match(lookup) and lookup != "":
        return None
    if lookup in _AXIS_NAMES:
        return _AXIS_NAMES[lookup]
    return int(lookup[4:]) - 1


class _TableChecker:
    def __init__(self, config: ConfigFile):
        self.config = config
        self.found: list[Diagnostic] = []

    def table(self, table: etree._Element, kids: list[etree._Element]) -> None:
        """Check one table; ``kids`` are its child elements."""
        declared, misspelt = self._axes([k for k in kids if k.tag == "independentVar"])
        dimension = self._data(table, top=True, declared=declared, kids=kids)
        if dimension is None or misspelt:  # FS304 named the bad lookup=: the axes are unknown
            return
        internal = table.get("type") == "internal"
        if declared is None and not internal:
            self._report(
                FS305,
                table,
                f"<{table.tag!s}> has no <independentVar>",
                "add one "
                '<independentVar> per dimension, or type="internal" for a table '
                "JSBSim looks up itself",
            )
        elif declared is not None and declared != dimension:
            self._report(
                FS305,
                table,
                f"<{table.tag!s}> declares {declared} lookup axes but its data make a "
                f"{dimension}-D table",
                "one <independentVar> per dimension: row (1-D), row+column (2-D), "
                "+table (3-D), axisN beyond",
            )

    def _axes(self, variables: list[etree._Element]) -> tuple[int | None, bool]:
        """The number of lookup axes declared (None: none), and whether a lookup= is invalid.

        An invalid lookup= is the one fault reported: the axis it meant is unknown, so
        the axes missing or not matching the data are not reported besides.
        """
        seen: set[int] = set()
        misspelt = False
        for var in variables:
            lookup = var.get("lookup", "")
            axis = _axis(lookup)
            if axis is None:
                self._report(
                    FS304,
                    var,
                    f'lookup="{lookup}" is not row, column, table or axisN',
                    'use lookup="row", "column", "table" (or "axis4" ...)',
                )
                misspelt = True
                continue
            if axis in seen:
                self._report(FS304, var, f'lookup axis "{lookup or "row"}" is declared twice')
            seen.add(axis)
        if not seen or misspelt:
            return (max(seen) + 1 if seen else None), misspelt
        for missing in sorted(set(range(max(seen))) - seen):  # FGTable refuses the table
            name = _AXIS_LABELS.get(missing, f"axis{missing + 1}")
            self._report(
                FS304,
                variables[0],
                f'lookup axis "{name}" is missing: the table declares '
                f'{max(seen) + 1} axes, and JSBSim refuses it ("missing lookup axis")',
                f'add an <independentVar lookup="{name}">, or fix the lookup= of another',
            )
        return max(seen) + 1, False

    def _data(
        self,
        holder: etree._Element,
        *,
        top: bool,
        declared: int | None = None,
        kids: list[etree._Element] | None = None,
    ) -> int | None:
        """The dimension of the data below ``holder`` (None after a structural error)."""
        subtables = [k for k in (holder[:] if kids is None else kids) if k.tag == "tableData"]
        if holder.tag == "tableData" and not subtables:
            return self._leaf(holder, 2)  # a sub-table of a 3-D (or higher) table
        if top and len(subtables) == 1:
            if len(subtables[0]) and children(subtables[0], "tableData"):
                return None
            return self._leaf(subtables[0], declared)
        if not subtables:
            self._report(FS305, holder, f"<{holder.tag!s}> has no <tableData>")
            return None
        previous: float | None = None
        dimensions = set()
        for sub in subtables:
            text = sub.get("breakPoint")
            if text is None:
                self._report(
                    FS305,
                    sub,
                    "<tableData> of a 3-D (or higher) table needs a breakPoint=",
                    'add breakPoint="..." (attribute name is case-sensitive)',
                )
                return None
            value = parse_number(text)
            if value is None:
                self._report(
                    FS302,
                    sub,
                    f'breakPoint="{text}" is not a number',
                    "write a plain decimal number; JSBSim stops loading here",
                )
                return None
            if previous is not None and value <= previous:
                self._report(FS303, sub, f"breakPoint {text} does not increase after {previous:g}")
            previous = value
            sub_dimension = self._data(sub, top=False)
            if sub_dimension is None:
                return None
            dimensions.add(sub_dimension)
        if len(dimensions) > 1 or min(dimensions) < 2:
            self._report(FS305, holder, "sub-tables must all be 2-D (or all of the same dimension)")
            return None
        return min(dimensions) + 1

    def _leaf(self, data: etree._Element, declared: int | None) -> int | None:
        """The dimension (1 or 2) of a leaf ``<tableData>`` (None after an error).

        ``declared`` is the number of lookup axes the table declares (None: unknown).
        """
        text = data.text or ""
        dimension = clean_dimension(text)  # the fast path: a faultless table
        return dimension if dimension is not None else self.rows(data, text, declared)

    def rows(self, data: etree._Element, text: str, declared: int | None) -> int | None:
        """The dimension of a leaf table read row by row: the first fault reported with
        its row (None after it)."""
        rows: list[tuple[int, list[str]]] = []
        base = data.sourceline or 0
        # Plain decimal numbers only (checked in one regular-expression pass): then only
        # the breakpoints need converting; otherwise every token is checked to name the bad one.
        plain = _TABLE_NUMBERS.fullmatch(text) is not None and "e" not in text.lower()
        for offset, row_text in enumerate(text.split("\n")):
            tokens = row_text.split()
            if not tokens:
                continue
            if not plain:
                bad = next((t for t in tokens if not math.isfinite(_finite(t))), None)
                if bad is not None:
                    self._report(
                        FS302,
                        data,
                        f"table entry '{bad}' is not a finite number",
                        "write plain decimal numbers separated by spaces (no commas, no "
                        "letters: O.60 is not 0.60); JSBSim stops loading on it "
                        "('Illegal character')",
                        line=base + offset,
                        token=bad,
                    )
                    return None
            rows.append((base + offset, tokens))
        if not rows:
            self._report(FS305, data, "<tableData> is empty")
            return None
        length = _row_length(rows, declared)
        header_line, header = rows[0]
        if length == 2 and len(header) != 1:
            for line, tokens in rows:
                if len(tokens) != 2:
                    self._odd_row(
                        data,
                        line,
                        tokens,
                        "a 1-D table: each row holds a breakpoint and one value (2 numbers)",
                    )
                    return None
            self._increasing([(line, tokens[0]) for line, tokens in rows], data, "row")
            return 1
        if len(header) != length - 1:
            self._report(
                FS301,
                data,
                f"the column breakpoints line has {len(header)} numbers, but the rows below "
                f"hold {length - 1} values each",
                "the first line of a 2-D table lists one breakpoint per column",
                line=header_line,
                token=header[0],
            )
            return None
        self._increasing([(header_line, v) for v in header], data, "column")
        for line, tokens in rows[1:]:
            if len(tokens) != length:
                self._odd_row(
                    data,
                    line,
                    tokens,
                    f"a 2-D table with {length - 1} columns: each row holds its breakpoint "
                    f"and {length - 1} values ({length} numbers)",
                )
                return None
        self._increasing([(line, tokens[0]) for line, tokens in rows[1:]], data, "row")
        return 2

    def _odd_row(self, data: etree._Element, line: int, tokens: list[str], shape: str) -> None:
        self._report(
            FS301,
            data,
            f"row has {len(tokens)} numbers; the other rows make {shape}",
            "fix this row (a missing or stray number); JSBSim refuses the table",
            line=line,
            token=tokens[0],
        )

    def _increasing(self, keys: list[tuple[int, str]], data: etree._Element, what: str) -> None:
        """FS303 at the first of the breakpoints (line, as written) not above the one before.

        Located at the breakpoint as written; a column breakpoint written twice on
        its line is located at the start of the line (the first breakpoint).
        """
        for (_, before), (line, token) in itertools.pairwise(keys):
            if float(token) <= float(before):
                self._report(
                    FS303,
                    data,
                    f"{what} breakpoint {float(token):g} does not increase after {float(before):g}",
                    "breakpoints must increase strictly; JSBSim refuses the table",
                    line=line,
                    token=token
                    if what == "row" or [t for _, t in keys].count(token) == 1
                    else keys[0][1],
                )
                return

    def _report(
        self,
        rule_: Rule,
        element: etree._Element,
        message: str,
        hint: str | None = None,
        *,
        line: int | None = None,
        token: str | None = None,
    ) -> None:
        self.found.append(rule_.at(self.config, element, message, hint, line=line, token=token))


def _row_length(rows: list[tuple[int, list[str]]], declared: int | None) -> int:
    """The number of entries most data rows (all but the first line) hold.

    Ties go to the length the declared lookup axes imply (2 for a 1-D table,
    one more than the first line for a 2-D one). A table of one line is 1-D.
    """
    counts = Counter(len(tokens) for _, tokens in rows[1:])
    if not counts:
        return 2
    preferred = 2 if declared == 1 else len(rows[0][1]) + 1
    return max(counts, key=lambda n: (counts[n], n == preferred))


def _tables(root: etree._Element) -> Iterator[tuple[etree._Element, list[etree._Element]]]:
    """Each table (an element of a table tag holding tableData or independentVar), with its
    child elements."""
    for element in root.iter(*TABLE_TAGS):
        kids = element[:]
        if any(k.tag == "tableData" or k.tag == "independentVar" for k in kids):
            yield element, kids


@check(FS301, FS302, FS303, FS304, FS305, scope="file")
def table_shapes(config: ConfigFile) -> list[Diagnostic]:
    """Check every table of one file."""
    checker = _TableChecker(config)
    for table, kids in _tables(config.root):
        checker.table(table, kids)
    return checker.found
