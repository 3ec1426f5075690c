"""Read back the text of the PDF pages matplotlib writes, without a PDF library."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

_STREAM_START = re.compile(rb">>\s*stream\r?\n")
_TEXT_OBJECT = re.compile(rb"(?:^|\n)BT\n(.*?)\nET(?=\n|$)", re.S)  # BT/ET on lines of their own
_STRING = re.compile(rb"\((?:\\.|[^\\)])*\)", re.S)
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.S)


def _unescape(match: re.Match[bytes]) -> bytes:
    code = match.group(1)
    if code[:1].isdigit():
        return bytes([int(code, 8)])
    return {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(code, code)


def pdf_page_texts(path: Path) -> list[list[str]]:
    """The text objects of each page of a PDF written by matplotlib, page by page.

    Reads the file itself: every Flate-compressed content stream that shows text
    (BT ... ET) is a page, in file order (matplotlib writes one per page as it
    goes; fonts come at the end and show no text). Each stream is inflated from
    its start until zlib says it ended (binary data may hold any bytes, also
    "endstream"). Within a text object the string operands of Tj/TJ are joined,
    so kerning does not split words. ASCII text reads as written; other glyphs
    come out as subset codes.
    """
    data = path.read_bytes()
    pages = []
    for start in _STREAM_START.finditer(data):
        inflate = zlib.decompressobj()
        try:
            content = inflate.decompress(data[start.end() :])
        except zlib.error:
            continue
        if not inflate.eof:
            continue
        texts = [
            "".join(_ESCAPE.sub(_unescape, s[1:-1]).decode("latin-1") for s in _STRING.findall(obj))
            for obj in _TEXT_OBJECT.findall(content)
        ]
        if texts:
            pages.append(texts)
    return pages
