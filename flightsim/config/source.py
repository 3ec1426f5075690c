"""Where things are in a file's text: the line and column of a start tag or a name.

libxml2 gives each element the line where its start tag *ends*
(``element.sourceline``): for a start tag written over three lines,
``<fdm_config name=...`` on line 3 and ``...JSBSim.xsd">`` on line 5, it says 5.
Diagnostics point at the line and column where the start tag begins, found
in the file's text. The text is decoded and searched only when a diagnostic is
produced; validating a clean file never touches it.

A line within an element's text (a table row, a line of a condition) is
counted from the parsed text, which lacks what the parser dropped: comments,
and whitespace between elements and comments. The line counted is therefore
never after the true one, and the name or number it holds is looked for from
there on (:meth:`SourceText.find`).
"""

from __future__ import annotations

import re
import threading

from lxml import etree

Position = tuple[int | None, int | None]
"""(line, column), both 1-based; None when unknown."""

MAX_START_TAG_LINES = 200
"""How far above ``sourceline`` a start tag's beginning is looked for [lines]."""
MAX_DROPPED_LINES = 200
"""How far below the line counted in an element's text a name is looked for [lines]."""
_NAME_CHARS = r"\w/.\-#\[\]"


def _tag_pattern(tag: str) -> re.Pattern[str]:
    return re.compile("<" + re.escape(tag) + r"(?=[\s/>]|$)")


def _token_pattern(token: str) -> re.Pattern[str]:
    return re.compile(f"(?<![{_NAME_CHARS}]){re.escape(token)}(?![{_NAME_CHARS}])")


class SourceText:
    """The text of one parsed file, split into lines on first use."""

    def __init__(self, data: bytes):
        self._data = data
        self._lines: list[str] | None = None
        self._lock = threading.Lock()

    def _text_lines(self, element: etree._Element) -> list[str]:
        with self._lock:
            if self._lines is None:
                encoding = element.getroottree().docinfo.encoding or "utf-8"
                try:
                    text = self._data.decode(encoding, "replace")
                except LookupError:  # an encoding Python does not know: columns may be off
                    text = self._data.decode("utf-8", "replace")
                self._lines = text.split("\n")
            return self._lines

    def start(self, element: etree._Element) -> Position:
        """Line and column of the ``<`` that opens ``element``'s start tag."""
        end = element.sourceline
        if end is None or not isinstance(element.tag, str):
            return end, None
        lines = self._text_lines(element)
        if end > len(lines):
            return end, None
        pattern = _tag_pattern(element.tag)
        ordinal = _same_line_before(element, end)
        for number in range(end, max(0, end - MAX_START_TAG_LINES), -1):
            starts = [m.start() for m in pattern.finditer(lines[number - 1])]
            if starts:
                at = starts[min(ordinal, len(starts) - 1)] if number == end else starts[-1]
                return number, at + 1
        return end, None

    def locate(self, element: etree._Element, token: str) -> Position:
        """Where ``token`` (a name in the start tag or the text of ``element``) is written.

        Searched from the start tag's first line to the end of the element's
        own text; the start tag's position when it is not found.
        """
        first, column = self.start(element)
        if first is None:
            return first, column
        last = (element.sourceline or first) + (element.text or "").count("\n")
        last += MAX_DROPPED_LINES
        lines = self._text_lines(element)
        pattern = _token_pattern(token)
        for number in range(first, min(last, len(lines)) + 1):
            match = pattern.search(lines[number - 1])
            if match:
                return number, match.start() + 1
        return first, column

    def find(self, element: etree._Element, line: int, token: str) -> Position:
        """Line and column of ``token`` on ``line`` or the first line after it that holds it.

        ``line`` is a line counted in ``element``'s parsed text; (``line``, None)
        when ``token`` is not found within :data:`MAX_DROPPED_LINES`.
        """
        lines = self._text_lines(element)
        pattern = _token_pattern(token)
        for number in range(max(line, 1), min(line + MAX_DROPPED_LINES, len(lines)) + 1):
            match = pattern.search(lines[number - 1])
            if match:
                return number, match.start() + 1
        return line, None


def _same_line_before(element: etree._Element, line: int) -> int:
    """How many elements of the same tag end their start tag on ``line`` before ``element``.

    Walks back in document order from ``element`` and stops at the first element
    before ``line`` (lines never decrease in document order): the cost is that of
    the line, not of the file.
    """
    tag = str(element.tag)
    count = 0
    node: etree._Element | None = element
    while node is not None:
        before = node.getprevious()
        while before is not None:
            last = before
            while len(last):
                last = last[-1]
            if (last.sourceline or 0) < line:
                return count  # this subtree, and everything before it, ends above the line
            count += sum(other.sourceline == line for other in before.iter(tag))
            before = before.getprevious()
        node = node.getparent()
        if node is None or (node.sourceline or 0) < line:
            return count
        if node.tag == tag and node.sourceline == line:
            count += 1
    return count
