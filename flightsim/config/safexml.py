"""Reading JSBSim XML files safely: no entities, no DTD, no network, bounded size.

We read files with lxml configured so that a hostile file can neither make us
expand entities (billion laughs), nor read another file or a URL (external
entities), nor use unbounded memory (``huge_tree=False`` keeps libxml2's depth
and text-node limits, and files larger than :data:`MAX_FILE_BYTES` are refused
before parsing). Comments, processing instructions and the whitespace between
elements are dropped (fewer nodes: a faster parse and walk; an element holding
only whitespace keeps it); every element keeps its source line
(``element.sourceline``).

A few bundled JSBSim files (``systems/GNCUtilities.xml``) declare plain internal
entities (``<!ENTITY on "1">``), which JSBSim's expat parser expands. Those are
accepted and expanded, but only when every entity is internal, at most
:data:`MAX_ENTITY_CHARS` characters long and refers to no other entity (so the
expansion is bounded by that factor). Any other DTD content (external,
parameter or nested entities) raises :class:`UnsafeXMLError`, located at the
first use of the entity (its declaration when it is never used).

Two kinds of failure, which callers treat differently:

- :class:`UnreadableFileError` (and :class:`~flightsim.errors.NotFoundError`):
  the file cannot be read as text at all (a folder, a device, a named pipe, no
  permission, binary content, larger than :data:`MAX_FILE_BYTES`; files are read
  by :func:`flightsim.files.read_bounded`, which never blocks on a pipe). The
  validator raises these for its input: there is nothing to check.
- :class:`XMLReadError` (:class:`MalformedXMLError`, :class:`UnsafeXMLError`):
  the text is there but is not well-formed XML, or is hostile. These are
  findings about the file (FS101, FS102), with line and column.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from lxml import etree

from flightsim.errors import ConfigError, NotFoundError
from flightsim.files import (
    MAX_FILE_BYTES,
    FileTooLargeError,
    NotRegularFileError,
    UnreadableFileError,
    read_bounded,
)

__all__ = [
    "MAX_FILE_BYTES",
    "MalformedXMLError",
    "UnreadableFileError",
    "UnsafeXMLError",
    "XMLReadError",
    "parse_xml",
    "read_bytes",
    "read_xml",
    "stat_file",
]
MAX_ENTITY_CHARS = 256
"""Longest replacement text accepted for an internal entity [characters]."""
MAX_ENTITIES = 256
"""Most internal entities a file may declare."""

_UNICODE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
"""Byte-order marks of UTF-16/UTF-32 text, the only text that holds NUL bytes."""
_PARAMETER_ENTITY = re.compile(rb"<!ENTITY\s+%\s*([^\s\"']+)")
_PREDEFINED = frozenset({"amp", "lt", "gt", "quot", "apos"})
_REFERENCE = re.compile(r"&([A-Za-z_:][\w.:-]*);")


class XMLReadError(ConfigError):
    """A text file that is not usable XML; ``column`` (1-based) where libxml2 gives one."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ):
        self.column = column
        super().__init__(message, file=file, line=line)


class MalformedXMLError(XMLReadError):
    """A file that is not well-formed XML (or is empty)."""


class UnsafeXMLError(XMLReadError):
    """A file that declares a DTD or entities outside the safe subset."""


def _parser(expand_internal: bool = False) -> etree.XMLParser:
    """A parser with lxml's default element classes: a host program's global
    ``etree.set_element_class_lookup`` changes neither the elements the validator
    walks nor its speed (no Python callback per element)."""
    parser = etree.XMLParser(
        resolve_entities="internal" if expand_internal else False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=True,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup())
    return parser


_PARSER = _parser()
"""The parser of every file, made once (lxml serialises concurrent use of one parser)."""


def stat_file(path: str | Path) -> os.stat_result:
    """``os.stat(path)``; NotFoundError when it is missing, UnreadableFileError otherwise."""
    try:
        return os.stat(path)
    except FileNotFoundError as exc:
        raise NotFoundError(f"no such file: {path}") from exc
    except OSError as exc:
        raise UnreadableFileError(f"cannot read {path}: {exc.strerror}") from exc


def read_bytes(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path``, known to be text, read by :func:`flightsim.files.read_bounded`.

    Raises NotFoundError when it is missing and UnreadableFileError when it is a
    folder, a device, a named pipe or a socket, not readable, larger than
    ``max_bytes`` or binary (NUL bytes outside UTF-16/32 text).
    """
    try:
        data = read_bounded(path, max_bytes)
    except FileNotFoundError as exc:
        raise NotFoundError(f"no such file: {path}") from exc
    except NotRegularFileError as exc:
        raise UnreadableFileError(f"{path} is {exc.kind}, not an XML file") from exc
    except FileTooLargeError as exc:
        raise UnreadableFileError(
            f"{path} is {exc.size:,} bytes, more than the {max_bytes:,} bytes flightsim reads "
            "from one file (a guard against runaway input; the largest JSBSim file bundled "
            "with jsbsim is about 0.5 MB). JSBSim itself would read it; split it into files "
            "referenced with file= to validate it"
        ) from exc
    except PermissionError as exc:
        raise UnreadableFileError(
            f"cannot read {path}: permission denied; check the file's permissions"
        ) from exc
    except OSError as exc:
        raise UnreadableFileError(f"cannot read {path}: {exc.strerror}") from exc
    if b"\x00" in data and not data.startswith(_UNICODE_BOMS):
        raise UnreadableFileError(
            f"{path} is not a text file (it holds NUL bytes), so not a JSBSim XML file"
        )
    return data


def parse_xml(data: bytes, path: str | Path) -> etree._Element:
    """Parse ``data`` (the content of ``path``) into its root element, safely."""
    if not data.strip():
        raise MalformedXMLError("empty file: an XML file needs a root element", file=path, line=1)
    if b"<!ENTITY" in data:
        _reject_parameter_entities(data, path)
    try:
        root = etree.fromstring(data, _PARSER, base_url=str(path))
    except etree.XMLSyntaxError as exc:
        message = exc.msg or "not well-formed XML"
        message = message.split(", line ")[0] if ", line " in message else message
        line, column = exc.position if exc.position else (exc.lineno, None)
        if "amplification" in message or "entity reference loop" in message.lower():
            raise UnsafeXMLError(
                "entity expansion refused: the entities declared in the DOCTYPE expand "
                f"without bound (a billion-laughs file; libxml2: {message})",
                file=path,
                line=_first_reference_line(data, None) or line,
            ) from exc
        raise MalformedXMLError(
            f"XML syntax error: {message}", file=path, line=line, column=column or None
        ) from exc
    if root.getroottree().docinfo.internalDTD is None:
        if b"&" in data:  # without "&" there is no entity reference to look for
            _reject_entity_references(root, path)
        return root
    _check_entities(root, data, path)
    root = etree.fromstring(data, _parser(expand_internal=True), base_url=str(path))
    _reject_entity_references(root, path)
    return root


def read_xml(path: Path, max_bytes: int = MAX_FILE_BYTES) -> etree._Element:
    """Read and parse the XML file ``path`` safely; return its root element."""
    return parse_xml(read_bytes(path, max_bytes), path)


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _first_reference_line(data: bytes, names: frozenset[str] | None) -> int | None:
    """The line of the first reference, after the DTD, to one of ``names`` (any entity: None)."""
    end = data.find(b"]>")
    text = data[end + 2 if end >= 0 else 0 :].decode("utf-8", "replace")
    for match in _REFERENCE.finditer(text):
        name = match.group(1)
        if name not in _PREDEFINED and (names is None or name in names):
            return _line_at(data, (end + 2 if end >= 0 else 0)) + text.count("\n", 0, match.start())
    return None


def _reject_parameter_entities(data: bytes, path: str | Path) -> None:
    """Parameter entities (``<!ENTITY % pe ...>``) extend the DTD itself: never needed."""
    match = _PARAMETER_ENTITY.search(data)
    if match is None:
        return
    name = match.group(1).decode("utf-8", "replace")
    use = data.find(f"%{name};".encode(), match.end())
    _unsafe(
        path,
        f"declares the parameter entity '%{name}'",
        _line_at(data, use if use >= 0 else match.start()),
    )


def _check_entities(root: etree._Element, data: bytes, path: str | Path) -> None:
    """Accept only a DTD of a few short, plain, internal entities."""
    dtd = root.getroottree().docinfo.internalDTD
    assert dtd is not None
    entities = list(dtd.iterentities())
    if list(dtd.iterelements()) or len(entities) > MAX_ENTITIES:
        _unsafe(path, "has a DTD with element declarations or too many entities", 1)
    for entity in entities:
        name = str(entity.name)
        if entity.system_url is not None:
            what = f"declares the external entity '{name}' ({entity.system_url})"
        else:
            content = entity.content or ""
            if len(content) <= MAX_ENTITY_CHARS and not any(c in content for c in "&<%"):
                continue
            what = f"declares the entity '{name}' that nests entities or markup"
        declared = data.find(f"<!ENTITY {name}".encode())
        line = _first_reference_line(data, frozenset({name}))
        _unsafe(path, what, line or (_line_at(data, declared) if declared >= 0 else 1))


def _unsafe(path: str | Path, what: str, line: int) -> None:
    raise UnsafeXMLError(
        f"the file {what}; only short plain internal entities are expanded (a guard "
        "against entity-expansion and file-disclosure attacks)",
        file=path,
        line=line,
    )


def _reject_entity_references(root: etree._Element, path: str | Path) -> None:
    for node in root.iter(etree.Entity):  # an entity whose declaration was missing
        raise UnsafeXMLError(
            f"entity reference {node.text} is not allowed in a JSBSim file",
            file=path,
            line=node.sourceline,
        )
