"""One JSBSim XML file as an editable tree that writes back byte for byte.

:meth:`XmlFile.read` checks the file with the validator's safe reader (well
formed, no hostile DTD), then replays its pieces through the same
:class:`~flightsim.config.docmodel.element.Element` constructor and insertion
that :meth:`XmlFile.new` and :meth:`Element.add` use. :meth:`XmlFile.to_bytes`
joins the pieces back: an unedited file gives its own bytes (encoding, byte
order mark, line ends, comments, spacing and quotes included).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from flightsim.config.docmodel.element import Element
from flightsim.config.docmodel.text import Piece, StartTag, entities, tokens
from flightsim.config.docmodel.vocab import parse_xml, read_bytes, reference_candidates
from flightsim.errors import ConfigError, NotFoundError
from flightsim.paths import jsbsim_root

if TYPE_CHECKING:
    from collections.abc import Callable

_ENCODING = re.compile(rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']""")
_UTF8_BOM = b"\xef\xbb\xbf"
DEFAULT_INDENT = "  "
"""The indentation step of a file built from nothing (two spaces)."""


class XmlFile:
    """One XML file: ``prolog`` (declaration, comments before the root), ``root``,
    ``epilog``; ``path`` (None until written), ``modified``.

    ``reference_check`` is called as ``check(element, name)`` before a ``file=`` is
    set; by default the name must resolve where JSBSim looks from this file's folder.
    """

    def __init__(self, path: Path | None, encoding: str = "utf-8", bom: bytes = b"") -> None:
        self.path = path
        self.encoding = encoding
        self.bom = bom
        self.prolog: list[Piece] = []
        self.epilog: list[Piece] = []
        self.root: Element | None = None  # set by read() / new()
        self.entities: dict[str, str] = {}
        self.newline = "\n"
        self.indent_unit = DEFAULT_INDENT
        self.modified = False
        self.reference_check: Callable[[Element, str], None] | None = None
        self.decode_errors = "strict"
        self.base: Path | None = None
        """Where ``file=`` references of a file without a path are searched from."""

    # --- reading and building --------------------------------------------------------

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> XmlFile:
        """Read a file; ConfigError (XMLReadError, NotFoundError ...) with its line when it
        cannot be read or is not well-formed, safe XML."""
        file_path = Path(os.path.abspath(os.fspath(path)))
        data = read_bytes(file_path)
        parse_xml(data, file_path)
        return cls.from_bytes(data, file_path)

    @classmethod
    def from_bytes(cls, data: bytes, path: Path | None = None) -> XmlFile:
        """A file from its bytes (well-formed XML: check it with ``read``'s reader first)."""
        bom = _UTF8_BOM if data.startswith(_UTF8_BOM) else b""
        match = _ENCODING.match(data)
        encoding = match.group(1).decode("ascii").lower() if match else "utf-8"
        errors = "strict" if encoding in ("iso-8859-1", "latin-1", "latin1") else "surrogateescape"
        try:
            text = data[len(bom) :].decode(encoding, errors)
        except (LookupError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot decode the file as {encoding}: {exc}", file=path) from exc
        xml = cls(path, encoding, bom)
        xml.decode_errors = errors
        xml.newline = "\r\n" if "\r\n" in text else "\n"
        xml._fill(text)
        return xml

    @classmethod
    def new(
        cls,
        root_tag: str,
        /,
        *,
        header: str | None = None,
        attributes: dict[str, str | float] | None = None,
        **more_attributes: str | float,
    ) -> XmlFile:
        """A new file holding only its root element (attributes checked by its spec, as
        keywords or in ``attributes``); ``header`` is a comment before the root, one
        line a line, indented by two."""
        attributes = {**(attributes or {}), **more_attributes}
        xml = cls(None)
        xml.prolog = [Piece("pi", '<?xml version="1.0"?>'), Piece("text", "\n")]
        if header is not None:
            if "--" in header:
                raise ConfigError("a comment cannot hold '--'")
            lines = "".join(f"  {line}".rstrip() + "\n" for line in header.splitlines())
            xml.prolog += [Piece("comment", f"<!--\n{lines}-->"), Piece("text", "\n")]
        root = Element(StartTag(root_tag, [], "/>"), None, xml, None)
        if root.spec is None:
            raise ConfigError(f"<{root_tag}> is not the root of a JSBSim file")
        xml.root = root
        root._check_new(attributes, None, None, None)
        for name, value in attributes.items():
            root.set(name, value)
        xml.epilog = [Piece("text", "\n")]
        xml.modified = True
        return xml

    def _fill(self, text: str) -> None:
        stack: list[Element] = []
        for token in tokens(text):
            if token.kind == "start":
                assert token.tag is not None
                parent = stack[-1] if stack else None
                element = Element(token.tag, parent, self, token.line)
                if parent is not None:
                    parent.children.append(element)
                else:
                    self.root = element
                if not token.tag.empty:
                    stack.append(element)
            elif token.kind == "end":
                closed = stack.pop()
                object.__setattr__(closed, "end", token.raw)
            else:
                piece = Piece(token.kind, token.raw)
                if stack:
                    stack[-1].children.append(piece)
                else:
                    (self.epilog if self.root is not None else self.prolog).append(piece)
                    if token.kind == "doctype":
                        self.entities = entities(token.raw)
        if self.root is None:
            raise ConfigError("the file has no root element", file=self.path)
        self.indent_unit = _indent_step(self.root)

    def rebuild(self) -> XmlFile:
        """This file built afresh through the checked calls a user makes (``add``, with
        each element's attributes, unit and text): the canonical layout, every value
        checked (ConfigError at the first one refused). Comments between elements
        are kept, text JSBSim does not read (in an element that holds elements) is
        not; the new file has no path (``file=`` references resolve from this
        file's folder)."""
        assert self.root is not None
        built = XmlFile.new(self.root.tag, attributes=dict(self.root.attrib))
        built.reference_check = self.reference_check
        built.base = self.path.parent if self.path is not None else self.base
        _replay(self.root, built.root)  # type: ignore[arg-type]
        return built

    # --- where -----------------------------------------------------------------------

    @property
    def display(self) -> str:
        """How the file is named in messages (``<new fdm_config>`` before it is written)."""
        if self.path is not None:
            return str(self.path)
        return f"<new {self.root.tag if self.root is not None else 'file'}>"

    def touch(self, element: Element) -> None:
        """Mark the file as edited (called by every edit of one of its elements)."""
        self.modified = True

    def check_reference(self, element: Element, name: str) -> None:
        """Raise ConfigError unless ``file=name`` on ``element`` names a file JSBSim finds."""
        if self.reference_check is not None:
            self.reference_check(element, name)
            return
        folder = (
            self.path.parent
            if self.path is not None
            else self.base
            if self.base is not None
            else Path.cwd()
        )
        found = [
            p
            for p in reference_candidates(element.tag, name, folder, jsbsim_root())
            if os.path.isfile(p)
        ]
        if not found:
            raise element.error(
                f"file {name!r} is not where JSBSim looks for it (searched "
                f"{', '.join(reference_candidates(element.tag, name, folder, jsbsim_root()))})",
                NotFoundError,
            )

    # --- writing ---------------------------------------------------------------------

    def to_text(self) -> str:
        """The file's text, as read where nothing was edited."""
        assert self.root is not None
        out = [p.raw for p in self.prolog]
        self.root.write_to(out)
        out.extend(p.raw for p in self.epilog)
        return "".join(out)

    def to_bytes(self) -> bytes:
        """The file's bytes, in its encoding (UTF-8 for a new file)."""
        return self.bom + self.to_text().encode(self.encoding, self.decode_errors)

    def write(self, path: str | os.PathLike[str] | None = None) -> Path:
        """Write the file to ``path`` (default: where it was read); returns the path."""
        target = Path(os.fspath(path)) if path is not None else self.path
        if target is None:
            raise ConfigError("this file has no path yet: give write() one")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(self.to_bytes())
        if path is not None:
            self.path = Path(os.path.abspath(target))
        self.modified = False
        return target


def _replay(source: Element, target: Element) -> None:
    """Add the content of ``source`` to ``target`` through ``Element.add``."""
    for node in source.children:
        if isinstance(node, Piece):
            if node.kind == "comment" and not source.text:
                target.add_comment(node.raw[4:-3].strip())
            continue
        spec = node.spec
        attributes: dict[str, str | float] = {k: v for k, v in node.attrib.items() if k != "unit"}
        has_value = spec is None or spec.text is not None or spec.children is None
        unit = node.get("unit")
        if unit is not None and (spec is None or spec.unit is None):
            attributes["unit"] = unit  # free content, or a unit JSBSim compares by name
            unit = None
        added = target.add(
            node.tag,
            node.text if has_value and node.text else None,
            unit=unit,
            attributes=attributes,
        )
        _replay(node, added)


def _indent_step(root: Element) -> str:
    """The file's indentation step: how far the root's first child is indented."""
    first = next(root.elements(), None)
    if first is None:
        return DEFAULT_INDENT
    step = first.indent()[len(root.indent()) :]
    return step if step and not step.strip() else DEFAULT_INDENT
