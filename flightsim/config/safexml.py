"""Reading JSBSim XML files safely: no entities, no DTD, no network, bounded size.

We read files with lxml configured so that a hostile file can neither make us
expand entities (billion laughs), nor read another file or a URL (external
entities), nor use unbounded memory (``huge_tree=False`` keeps libxml2's depth
and text-node limits, and files larger than :data:`MAX_FILE_BYTES` are refused
before parsing). Comments and processing instructions are dropped; every
element keeps its source line (``element.sourceline``).

A few bundled JSBSim files (``systems/GNCUtilities.xml``) declare plain internal
entities (``<!ENTITY on "1">``), which JSBSim's expat parser expands. Those are
accepted and expanded, but only when every entity is internal, at most
:data:`MAX_ENTITY_CHARS` characters long and refers to no other entity (so the
expansion is bounded by that factor). Any other DTD content (external entities,
nested entities) raises :class:`UnsafeXMLError`.

:func:`read_xml` raises :class:`~flightsim.errors.ConfigError` (with file and
line) for a file that cannot be read or is not well-formed XML.
"""

from __future__ import annotations

import os
from pathlib import Path

from lxml import etree

from flightsim.errors import ConfigError, NotFoundError

MAX_FILE_BYTES = 16 * 1024 * 1024
"""Largest file read [bytes]; the biggest bundled JSBSim file is about 0.5 MB."""


class UnsafeXMLError(ConfigError):
    """A file that declares a DTD or entities, which JSBSim files never need."""


MAX_ENTITY_CHARS = 256
"""Longest replacement text accepted for an internal entity [characters]."""
MAX_ENTITIES = 256
"""Most internal entities a file may declare."""


def _parser(expand_internal: bool = False) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities="internal" if expand_internal else False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


def read_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path``; NotFoundError when missing, ConfigError when unreadable or too big."""
    try:
        size = os.stat(path).st_size
    except FileNotFoundError as exc:
        raise NotFoundError(f"no such file: {path}") from exc
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from exc
    if size > max_bytes:
        raise ConfigError(
            f"file is {size} bytes, more than the limit of {max_bytes} bytes for a JSBSim file",
            file=path,
        )
    try:
        return path.read_bytes()
    except IsADirectoryError as exc:
        raise ConfigError(f"{path} is a folder, not an XML file") from exc
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from exc


def parse_xml(data: bytes, path: Path) -> etree._Element:
    """Parse ``data`` (the content of ``path``) into its root element, safely."""
    if not data.strip():
        raise ConfigError("empty file: an XML file needs a root element", file=path, line=1)
    try:
        root = etree.fromstring(data, _parser(), base_url=str(path))
    except etree.XMLSyntaxError as exc:
        message = exc.msg or "not well-formed XML"
        message = message.split(", line ")[0] if ", line " in message else message
        if "amplification" in message or "entity reference loop" in message.lower():
            raise UnsafeXMLError(
                f"entity expansion refused: {message}", file=path, line=exc.lineno
            ) from exc
        raise ConfigError(f"XML syntax error: {message}", file=path, line=exc.lineno) from exc
    if root.getroottree().docinfo.internalDTD is None:
        if b"&" in data:  # without "&" there is no entity reference to look for
            _reject_entity_references(root, path)
        return root
    _check_entities(root, path)
    root = etree.fromstring(data, _parser(expand_internal=True), base_url=str(path))
    _reject_entity_references(root, path)
    return root


def read_xml(path: Path, max_bytes: int = MAX_FILE_BYTES) -> etree._Element:
    """Read and parse the XML file ``path`` safely; return its root element."""
    return parse_xml(read_bytes(path, max_bytes), path)


def _check_entities(root: etree._Element, path: Path) -> None:
    """Accept only a DTD of a few short, plain, internal entities."""
    dtd = root.getroottree().docinfo.internalDTD
    assert dtd is not None
    entities = list(dtd.iterentities())
    if list(dtd.iterelements()) or len(entities) > MAX_ENTITIES:
        _unsafe(path, "has a DTD with element declarations or too many entities")
    for entity in entities:
        if entity.system_url is not None:
            _unsafe(path, f"declares the external entity '{entity.name}' ({entity.system_url})")
        content = entity.content or ""
        if len(content) > MAX_ENTITY_CHARS or "&" in content or "<" in content or "%" in content:
            _unsafe(path, f"declares the entity '{entity.name}' that nests entities or markup")


def _unsafe(path: Path, what: str) -> None:
    raise UnsafeXMLError(
        f"the file {what}; only short plain internal entities are expanded (a guard "
        "against entity-expansion and file-disclosure attacks)",
        file=path,
        line=1,
    )


def _reject_entity_references(root: etree._Element, path: Path) -> None:
    for node in root.iter(etree.Entity):  # an entity whose declaration was missing
        raise UnsafeXMLError(
            f"entity reference {node.text} is not allowed in a JSBSim file",
            file=path,
            line=node.sourceline,
        )
