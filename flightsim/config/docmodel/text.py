"""The source text of an XML file cut into pieces that join back to the same bytes.

A well-formed file (checked first by :mod:`flightsim.config.safexml`) is split
by one regular expression into start tags, end tags, text, comments, CDATA
sections, processing instructions and the DOCTYPE. Each piece keeps its exact
text, and a start tag keeps each attribute's spacing and quote, so writing the
pieces back gives the file byte for byte; an edit replaces one piece only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

_TOKEN = re.compile(
    r"""
    (?P<comment><!--.*?-->)
    |(?P<cdata><!\[CDATA\[.*?\]\]>)
    |(?P<pi><\?.*?\?>)
    |(?P<doctype><!DOCTYPE(?:[^\[>]|\[.*?\])*>)
    |(?P<end></[^\s>]+\s*>)
    |(?P<start><(?P<name>[^\s/>!?]+)(?P<attrs>(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)
        (?P<tail>\s*/?>))
    |(?P<text>[^<]+)
    """,
    re.S | re.X,
)
_ATTRIBUTE = re.compile(r"""(\s+)([^\s=/>]+)(\s*=\s*)(["'])(.*?)\4""", re.S)
_ENTITY_DECLARATION = re.compile(r"""<!ENTITY\s+([\w.:-]+)\s+(["'])(.*?)\2\s*>""", re.S)
_REFERENCE = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|[\w.:-]+);")
_XML_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


@dataclass(eq=False)
class Attribute:
    """One attribute as written: the space before it, its name, ``=`` with its spacing,
    the quote character and the escaped value."""

    space: str
    name: str
    equals: str
    quote: str
    raw: str

    def text(self) -> str:
        return f"{self.space}{self.name}{self.equals}{self.quote}{self.raw}{self.quote}"


@dataclass(eq=False)
class StartTag:
    """A start tag: ``<name``, its attributes, and what closes it (``>``, ``/>``, `` />``)."""

    name: str
    attributes: list[Attribute] = field(default_factory=list)
    close: str = ">"

    @property
    def empty(self) -> bool:
        """True for ``<name/>`` (an element without content)."""
        return self.close.endswith("/>")

    def text(self) -> str:
        return f"<{self.name}{''.join(a.text() for a in self.attributes)}{self.close}"


@dataclass(eq=False)
class Piece:
    """Text, a comment, CDATA, a processing instruction or the DOCTYPE, as written.

    ``kind`` is ``"text"``, ``"comment"``, ``"cdata"``, ``"pi"`` or ``"doctype"``.
    """

    kind: str
    raw: str


@dataclass(eq=False)
class Token:
    """One piece of the source: ``kind`` (``start``, ``end`` or a :class:`Piece` kind),
    its text, its 1-based line, and the start tag when it is one."""

    kind: str
    raw: str
    line: int
    tag: StartTag | None = None


def tokens(text: str) -> Iterator[Token]:
    """The pieces of ``text`` in order (a well-formed document: checked before)."""
    line = 1
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() != position:
            raise ValueError(f"line {line}: cannot read the XML here")
        kind = match.lastgroup or "text"
        raw = match.group()
        tag = None
        if match.group("start") is not None:
            kind = "start"
            attributes = [Attribute(*m.groups()) for m in _ATTRIBUTE.finditer(match["attrs"])]
            tag = StartTag(match["name"], attributes, match["tail"])
        yield Token(kind, raw, line, tag)
        line += raw.count("\n")
        position = match.end()
    if position != len(text):
        raise ValueError(f"line {line}: cannot read the XML here")


def entities(doctype: str) -> dict[str, str]:
    """The internal entities a DOCTYPE declares (name to replacement text)."""
    return {m.group(1): m.group(3) for m in _ENTITY_DECLARATION.finditer(doctype)}


def unescape(raw: str, declared: dict[str, str] | None = None) -> str:
    """The text that escaped XML text or an attribute value stands for."""
    if "&" not in raw:
        return raw
    known = {**_XML_ENTITIES, **(declared or {})}

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("#x"):
            return chr(int(name[2:], 16))
        if name.startswith("#"):
            return chr(int(name[1:]))
        return known.get(name, match.group())

    return _REFERENCE.sub(replace, raw)


def escape_text(value: str) -> str:
    """``value`` escaped as element text."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attribute(value: str, quote: str = '"') -> str:
    """``value`` escaped as an attribute value between ``quote`` characters."""
    escaped = escape_text(value)
    return escaped.replace('"', "&quot;") if quote == '"' else escaped.replace("'", "&apos;")
