"""Elements of the document model: read as typed values, edited through validated calls.

An :class:`Element` holds its start tag, its content (child elements, text,
comments, as written) and its end tag, plus its spec from the validator's
vocabulary. Parsing a file and building one go through the same constructor
and the same insertion; every edit (:meth:`Element.set_value`,
:meth:`Element.set`, :meth:`Element.add`, :meth:`Element.remove`) is checked
against the spec first and changes nothing when refused: it raises
:class:`~flightsim.errors.ConfigError` naming the element, its file and line.

Elements the vocabulary does not know (and the free content of
``<documentation>``) are kept as written, with no spec: they are written back
unchanged, and :meth:`AircraftDocument.validate` reports them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from flightsim.config.docmodel.text import (
    Attribute,
    Piece,
    StartTag,
    escape_attribute,
    escape_text,
    unescape,
)
from flightsim.config.docmodel.values import (
    VECTOR_AXES,
    Quantity,
    Vector,
    fits,
    format_number,
    jsbsim_unit,
    plain,
    text_for,
)
from flightsim.config.docmodel.vocab import (
    ElementSpec,
    child_spec,
    is_namespace_attribute,
    root_spec,
)
from flightsim.errors import ConfigError, UnitError, suggest
from flightsim.units import convert, split_quantity

if TYPE_CHECKING:
    from flightsim.config.docmodel.xmlfile import XmlFile

_OWN = frozenset({"tag", "spec", "parent", "owner", "line", "start", "children", "end"})


def spec_below(parent: Element | None, tag: str) -> ElementSpec | None:
    """The spec of ``tag`` as a child of ``parent`` (a file root when None); None for an
    element the vocabulary does not know there, or free content."""
    if parent is None:
        return root_spec(tag)
    if parent.spec is None or parent.spec.children is None:
        return None
    return child_spec(parent.spec, tag)


def is_vector(spec: ElementSpec | None) -> bool:
    """True for an element holding three numbers (``x y z`` or ``roll pitch yaw``)."""
    return spec is not None and any(spec.children == frozenset(axes) for axes in VECTOR_AXES)


class Element:
    """One XML element of a JSBSim file, with the spec JSBSim reads it by.

    Read: ``tag``, ``attrib``, ``get(name)``, ``text``, ``value`` (a
    :class:`Quantity`, a float, a :class:`Vector` or a string, by the spec),
    ``line`` (in the source; None for an element added since), ``path``.
    Children by name: ``element.wingarea`` (the value of a single child, the
    child itself when it holds other elements, a list for a repeatable child,
    None when absent); ``element["dump-rate"]`` for names that are not Python
    identifiers; :meth:`child`, :meth:`children_named`, :meth:`find`.

    Edit: ``element.wingarea = "16.2 m2"`` (sets or adds the child),
    :meth:`set_value`, :meth:`set`, :meth:`add`, :meth:`add_comment`,
    :meth:`remove`.
    """

    __slots__ = tuple(sorted(_OWN))

    tag: str
    spec: ElementSpec | None
    parent: Element | None
    owner: XmlFile
    line: int | None
    start: StartTag
    children: list[Element | Piece]
    end: str | None

    def __init__(
        self, start: StartTag, parent: Element | None, owner: XmlFile, line: int | None
    ) -> None:
        object.__setattr__(self, "tag", start.name)
        object.__setattr__(self, "spec", spec_below(parent, start.name))
        object.__setattr__(self, "parent", parent)
        object.__setattr__(self, "owner", owner)
        object.__setattr__(self, "line", line)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "children", [])
        object.__setattr__(self, "end", None if start.empty else f"</{start.name}>")

    # --- reading ---------------------------------------------------------------------

    def __repr__(self) -> str:
        where = f" line {self.line}" if self.line is not None else " (new)"
        return f"<Element {self.path}{where}>"

    @property
    def path(self) -> str:
        """The element's XPath in its file (``/fdm_config/ground_reactions/contact[2]``)."""
        if self.parent is None:
            return "/" + self.tag
        same = self.parent.children_named(self.tag)
        position = next((i for i, e in enumerate(same) if e is self), len(same))
        index = f"[{position + 1}]" if len(same) > 1 or position else ""
        return f"{self.parent.path}/{self.tag}{index}"

    @property
    def attrib(self) -> dict[str, str]:
        """The attributes, unescaped, in file order."""
        return {a.name: unescape(a.raw, self.owner.entities) for a in self.start.attributes}

    def get(self, name: str, default: str | None = None) -> str | None:
        """An attribute's value (``default`` when absent)."""
        return self.attrib.get(name, default)

    def elements(self) -> Iterator[Element]:
        """The child elements, in order."""
        return (c for c in self.children if isinstance(c, Element))

    def children_named(self, tag: str) -> list[Element]:
        """The child elements ``tag``, in order."""
        return [c for c in self.elements() if c.tag == tag]

    def child(self, tag: str) -> Element | None:
        """The first child element ``tag`` (None when there is none)."""
        return next((c for c in self.elements() if c.tag == tag), None)

    def find(self, tag: str, **attributes: str) -> Element | None:
        """The first child ``tag`` whose attributes have the given values
        (``ground_reactions.find("contact", name="NOSE_LG")``)."""
        for element in self.children_named(tag):
            if all(element.get(k) == v for k, v in attributes.items()):
                return element
        return None

    @property
    def text(self) -> str:
        """The element's own text, unescaped and stripped (``""`` when none)."""
        parts = []
        for piece in self.children:
            if isinstance(piece, Piece) and piece.kind == "text":
                parts.append(unescape(piece.raw, self.owner.entities))
            elif isinstance(piece, Piece) and piece.kind == "cdata":
                parts.append(piece.raw[9:-3])
        return "".join(parts).strip()

    @property
    def unit(self) -> str | None:
        """The unit the element's numbers are written in: its ``unit`` attribute, else
        JSBSim's default; a vector's or range's unit for its ``x``/``min``...; None for
        a plain number."""
        spec = self.spec
        if spec is None:
            return None
        if spec.unit is not None:
            return self.get("unit") or spec.unit
        parent = self.parent
        if (
            spec.text in ("number", "value")
            and parent is not None
            and parent.spec is not None
            and parent.spec.unit is not None
        ):
            return parent.get("unit") or parent.spec.unit
        return None

    @property
    def value(self) -> Quantity | float | Vector | str | None:
        """The value by the spec: a :class:`Quantity` for a number with a unit, a float
        for a plain number, a :class:`Vector` for a location/orientation, the text
        otherwise (a property, an enumeration, a table); None for an element that
        holds other elements."""
        spec = self.spec
        if is_vector(spec):
            return self._vector()
        text = self.text
        if spec is not None and spec.text in ("number", "value"):
            try:
                number, _ = split_quantity(text)
            except UnitError:
                return text  # a property, or a fault the validator reports
            unit = self.unit
            return Quantity(number, unit) if unit is not None else number
        if spec is not None and spec.text is None and spec.children:
            return None
        return text

    def _vector(self) -> Vector:
        assert self.spec is not None
        axes = next(a for a in VECTOR_AXES if self.spec.children == frozenset(a))
        numbers = []
        for axis in axes:
            element = self.child(axis)
            try:
                numbers.append(split_quantity(element.text)[0] if element is not None else 0.0)
            except UnitError:
                numbers.append(float("nan"))
        x, y, z = numbers
        return Vector(x, y, z, self.get("unit") or self.spec.unit or "")

    def __getattr__(self, name: str) -> Any:
        tag = self._known_tag(name)
        if tag is None:
            raise AttributeError(self._unknown_child(name.replace("_", "-")))
        return self._read_child(tag)

    def __getitem__(self, tag: str) -> Any:
        if self._allows(tag) or self.child(tag) is not None:
            return self._read_child(tag)
        raise KeyError(self._unknown_child(tag))

    def _read_child(self, tag: str) -> Any:
        if self.spec is not None and tag in self.spec.repeatable:
            return self.children_named(tag)
        element = self.child(tag)
        if element is None:
            return None
        value = element.value
        return element if value is None else value

    def _known_tag(self, name: str) -> str | None:
        for tag in (name, name.replace("_", "-")):
            if self._allows(tag) or self.child(tag) is not None:
                return tag
        return None

    def _allows(self, tag: str) -> bool:
        spec = self.spec
        return spec is not None and spec.children is not None and tag in spec.children

    def _unknown_child(self, tag: str) -> str:
        known = sorted(self.spec.children) if self.spec and self.spec.children else []
        return f"<{self.tag}> has no child <{tag}> in JSBSim's vocabulary.{suggest(tag, known)}"

    # --- errors ----------------------------------------------------------------------

    def error(self, message: str, kind: type[ConfigError] = ConfigError) -> ConfigError:
        """A ConfigError about this element: its path, file and line (its nearest
        ancestor's line when it was added since the file was read)."""
        element: Element | None = self
        while element is not None and element.line is None:
            element = element.parent
        line = element.line if element is not None else None
        new = " (added)" if self.line is None else ""
        return kind(f"{self.path}{new}: {message}", file=self.owner.display, line=line)

    # --- editing ---------------------------------------------------------------------

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _OWN:
            raise AttributeError(f"{name} of an element cannot be set")
        tag = self._known_tag(name)
        if tag is None:
            raise self.error(self._unknown_child(name.replace("_", "-")))
        self[tag] = value

    def __setitem__(self, tag: str, value: Any) -> None:
        """Set the value of the single child ``tag``, adding it when missing."""
        if not self._allows(tag) and self.child(tag) is None:
            raise self.error(self._unknown_child(tag))
        if self.spec is not None and tag in self.spec.repeatable:
            raise self.error(
                f"<{tag}> may appear several times here: edit one of "
                f"element.children_named({tag!r}), or add one with add({tag!r}, ...)"
            )
        element = self.child(tag)
        if element is None:
            self.add(tag, value)
        else:
            element.set_value(value)

    def set_value(self, value: Any) -> None:
        """Set the element's value, checked by its spec (a quantity with a unit, converted
        to the element's unit; a vector as ``(x, y, z)`` or ``(x, y, z, unit)``; a
        property; an enumeration value; table rows)."""
        value = plain(value)
        if is_vector(self.spec):
            texts = self._vector_texts(value, self.unit)
            assert self.spec is not None
            axes = next(a for a in VECTOR_AXES if self.spec.children == frozenset(a))
            for axis, text in zip(axes, texts, strict=True):
                child = self.child(axis)
                if child is None:
                    self._insert(self._new(axis, {}))
                    child = self.child(axis)
                assert child is not None
                child._write_text(text)
            return
        self._write_text(self._text_for(value, self.unit))

    def _text_for(self, value: Any, unit: str | None) -> str:
        spec = self.spec
        if spec is None:
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                raise self.error(
                    f"expected text for an element JSBSim does not read, got {value!r}"
                )
            return value if isinstance(value, str) else format_number(float(value))
        if spec.text is None and spec.children is not None:
            raise self.error(f"<{self.tag}> holds elements, not a value")
        if spec.text is None:  # free content (a file header): any text
            if not isinstance(value, str):
                raise self.error(f"<{self.tag}> holds text, got {value!r}")
            return value
        try:
            return text_for(value, spec, unit)
        except UnitError as exc:
            raise self.error(str(exc), UnitError) from None
        except ValueError as exc:
            raise self.error(str(exc)) from None

    def _vector_texts(self, value: Any, unit: str | None) -> list[str]:
        """The three texts for a vector value, in ``unit`` (None: plain numbers)."""
        if isinstance(value, Vector):
            value = tuple(value)
        if not isinstance(value, Sequence) or isinstance(value, str) or len(value) not in (3, 4):
            raise self.error(f"give three numbers (x, y, z) or (x, y, z, unit), got {value!r}")
        given = value[3] if len(value) == 4 else None
        texts = []
        for number in value[:3]:
            try:
                quantity, written = split_quantity(number, name=f"<{self.tag}>")
                source = written or given
                if source is not None:
                    if unit is None:
                        raise UnitError(f"<{self.tag}> holds plain numbers: give no unit")
                    quantity = convert(quantity, source, unit)
                    assert self.spec is not None
                    if not fits(source, self.spec):
                        raise UnitError(f"{source!r} is not a unit of {self._dimension()}")
                texts.append(format_number(quantity))
            except UnitError as exc:
                raise self.error(str(exc), UnitError) from None
        return texts

    def _dimension(self) -> str:
        return "/".join(sorted(self.spec.dimensions)) if self.spec else "no dimension"

    def set(self, name: str, value: str | float) -> None:
        """Set an attribute, checked by the spec (known name, enumerated value, number,
        a ``unit`` JSBSim knows for this element, a ``file`` that exists where JSBSim
        looks). The number written in the element is not converted by a new ``unit``."""
        text = self._attribute_text(name, value)
        if name == "file":
            self.owner.check_reference(self, text)
        for attribute in self.start.attributes:
            if attribute.name == name:
                attribute.raw = escape_attribute(text, attribute.quote)
                break
        else:
            self.start.attributes.append(Attribute(" ", name, "=", '"', escape_attribute(text)))
        self.owner.touch(self)

    def _attribute_text(self, name: str, value: str | float) -> str:
        spec = self.spec
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise self.error(f"attribute {name}: expected text or a number, got {value!r}")
        text = value if isinstance(value, str) else format_number(float(value))
        if spec is None or is_namespace_attribute(name):
            return text
        if name == "unit" and spec.attributes is not None and name not in spec.attributes:
            raise self.error(
                f"<{self.tag}> is read without unit conversion (JSBSim would ignore unit=): "
                "give the number in the unit JSBSim expects"
            )
        if spec.attributes is not None and name not in spec.attributes:
            raise self.error(
                f"<{self.tag}> has no attribute {name!r} in JSBSim's vocabulary."
                + suggest(name, sorted(spec.attributes))
            )
        allowed = spec.enums.get(name)
        if allowed is not None and text not in allowed:
            raise self.error(f"attribute {name} is one of {', '.join(allowed)}, got {text!r}")
        if name == "unit" and allowed is None and spec.checks_unit:
            try:
                unit = jsbsim_unit(text)
            except UnitError as exc:
                raise self.error(str(exc), UnitError) from None
            if spec.accepted_units and unit not in spec.accepted_units:
                raise self.error(
                    f"unit {text!r} is not a unit of {self._dimension()} "
                    f"(<{self.tag}> takes {', '.join(sorted(spec.accepted_units))})",
                    UnitError,
                )
            return unit
        if name in spec.number_attributes:
            try:
                split_quantity(text)
            except UnitError as exc:
                raise self.error(f"attribute {name}: {exc}") from None
        return text

    def add(
        self,
        tag: str,
        value: Any = None,
        /,
        *,
        comment: str | None = None,
        unit: str | None = None,
        before: Element | None = None,
        attributes: dict[str, str | float] | None = None,
        **more_attributes: str | float,
    ) -> Element:
        """Add a child element and return it: ``tag`` must be one JSBSim reads here, once
        unless repeatable; ``value`` is checked like :meth:`set_value` (a quantity with
        a unit keeps that unit when JSBSim knows it, else JSBSim's default unit is
        written, with ``unit=`` either way; ``unit`` picks another). ``comment`` goes on
        the line before. Attributes as keywords, or ``attributes`` for names that are
        not Python identifiers. It goes last (order matters to JSBSim: the components
        of a channel run in order, a function's operands are taken in order), or
        just before the child ``before``."""
        attrs = {**(attributes or {}), **more_attributes}
        value = plain(value)
        spec = spec_below(self, tag)
        if self.spec is not None and self.spec.children is not None:
            if spec is None or tag not in self.spec.children:
                raise self.error(self._unknown_child(tag))
            if tag not in self.spec.repeatable and self.child(tag) is not None:
                raise self.error(
                    f"<{self.tag}> holds one <{tag}> (JSBSim ignores a second): edit the one there"
                )
        if before is not None and not any(c is before for c in self.children):
            raise self.error(f"{before.path} is not a child of this element: cannot add before it")
        element = self._new(tag, {})
        element._check_new(attrs, value, unit, comment)
        # checked: nothing below can fail
        self._insert(element, before)
        if comment is not None:
            index = self.children.index(element)
            self.children[index:index] = [
                Piece("comment", f"<!-- {comment} -->"),
                Piece("text", self.owner.newline + element.indent()),
            ]
        for name, text in attrs.items():
            element.start.attributes.append(
                Attribute(
                    " ", name, "=", '"', escape_attribute(element._attribute_text(name, text))
                )
            )
        stored_unit = element._unit_for_new(value, unit)
        if stored_unit is not None:
            element.start.attributes.append(Attribute(" ", "unit", "=", '"', stored_unit))
        if value is not None:
            element.set_value(value)
        return element

    def _check_new(
        self, attrs: dict[str, str | float], value: Any, unit: str | None, comment: str | None
    ) -> None:
        """Check a new element completely before it goes in (a refused add changes nothing)."""
        spec = self.spec
        if comment is not None and "--" in comment:
            raise self.error("a comment cannot hold '--'")
        for name, text in attrs.items():
            if name == "unit" and spec is not None and spec.unit is not None:
                raise self.error("give the unit with unit=..., or in the value ('16 m2')")
            self._attribute_text(name, text)
            if name == "file":
                self.owner.check_reference(self, str(text))
        if spec is not None:
            missing = [a for a in spec.required_attributes if a not in attrs]
            if missing:
                raise self.error(f"<{self.tag}> needs the attribute(s) {', '.join(missing)}")
        stored = self._unit_for_new(value, unit)
        if value is not None:
            if is_vector(spec):
                self._vector_texts(value, stored)
            else:
                self._text_for(value, stored if stored is not None else self.unit)

    def _unit_for_new(self, value: Any, unit: str | None) -> str | None:
        """The ``unit=`` of a new element: ``unit``, else the unit the value is given in
        when JSBSim knows it, else JSBSim's default; None for plain numbers."""
        spec = self.spec
        if spec is None:  # free content: a unit is an attribute like any other
            return unit
        if spec.unit is None:
            if unit is not None:
                raise self.error(f"<{self.tag}> takes no unit", UnitError)
            return None
        candidates = [unit] if unit is not None else []
        if unit is None and value is not None:
            given = value[3] if isinstance(value, tuple) and len(value) == 4 else None
            if isinstance(value, str):
                given = _unit_written(value)
            if given is not None:
                candidates.append(given)
        for name in candidates:
            try:
                jsbsim = jsbsim_unit(name)
            except UnitError as exc:
                if name is unit:
                    raise self.error(str(exc), UnitError) from None
                continue
            if jsbsim in spec.accepted_units:
                return jsbsim
            if name is unit:
                raise self.error(f"unit {name!r} is not a unit of {self._dimension()}", UnitError)
        return spec.unit

    def add_comment(self, text: str) -> None:
        """Add a comment as the last child (``<!-- text -->`` on its own line)."""
        if "--" in text:
            raise self.error("a comment cannot hold '--'")
        self._insert(Piece("comment", f"<!-- {text} -->"))

    def remove(self) -> None:
        """Remove this element (with the line it stood on) from its parent."""
        parent = self.parent
        if parent is None:
            raise self.error("the root element of a file cannot be removed")
        index = parent.children.index(self)
        before = parent.children[index - 1] if index else None
        if isinstance(before, Piece) and before.kind == "text" and not before.raw.strip():
            del parent.children[index - 1 : index + 1]
        else:
            del parent.children[index]
        parent.owner.touch(parent)

    # --- layout ----------------------------------------------------------------------

    def _new(self, tag: str, attributes: dict[str, str]) -> Element:
        start = StartTag(tag, [], "/>")
        for name, text in attributes.items():
            start.attributes.append(Attribute(" ", name, "=", '"', escape_attribute(text)))
        return Element(start, self, self.owner, None)

    def indent(self) -> str:
        """The whitespace before this element on its line (its parent's plus one step
        when it does not start a line)."""
        return "" if self.parent is None else _indent_at(self.parent, self)

    def _open(self) -> None:
        """Make an empty element (``<x/>``) one with content (``<x></x>``)."""
        if self.end is None:
            self.start.close = ">"
            object.__setattr__(self, "end", f"</{self.tag}>")

    def _insert(self, node: Element | Piece, before: Element | None = None) -> None:
        """Put ``node`` on a line of its own among the children: after the last one (and
        what follows it on its line), or just before the child ``before``."""
        self._open()
        newline = self.owner.newline
        if before is not None:
            index = next(i for i, c in enumerate(self.children) if c is before)
            self.children[index:index] = [node, Piece("text", newline + before.indent())]
            if isinstance(node, Element):
                object.__setattr__(node, "parent", self)
            self.owner.touch(self)
            return
        placed = [c for c in self.children if isinstance(c, Element) or c.kind == "comment"]
        if not placed:
            # empty, or blank text only: lay the content out afresh
            if self.text and self.spec is not None and self.spec.children is not None:
                raise self.error(f"<{self.tag}> holds text: it cannot also hold elements")
            if self.text:  # free content (documentation): text and elements mixed
                self.children.append(node)
                self.owner.touch(self)
                return
            inner = self.indent() + self.owner.indent_unit
            self.children[:] = [
                Piece("text", newline + inner),
                node,
                Piece("text", newline + self.indent()),
            ]
        else:
            anchor = placed[-1]
            index = self.children.index(anchor) + 1
            while index < len(self.children):
                piece = self.children[index]
                if isinstance(piece, Piece) and (
                    piece.kind == "comment" or (piece.kind == "text" and "\n" not in piece.raw)
                ):
                    index += 1
                else:
                    break
            self.children[index:index] = [Piece("text", newline + _indent_at(self, anchor)), node]
        if isinstance(node, Element):
            object.__setattr__(node, "parent", self)
        self.owner.touch(self)

    def _write_text(self, text: str) -> None:
        """Replace the element's text by ``text`` (escaped here), keeping the whitespace
        around the old text and any comment beside it."""
        escaped = escape_text(text)
        if self.spec is not None and self.spec.text == "table" and "\n" in text:
            # a table: one row a line, indented below the element
            inner = self.indent() + self.owner.indent_unit
            newline = self.owner.newline
            rows = escaped.split("\n")
            escaped = newline + newline.join(inner + r for r in rows) + newline + self.indent()
            self.children[:] = [c for c in self.children if not _is_text(c)]
            self._open()
            self.children.insert(0, Piece("text", escaped))
            self.owner.touch(self)
            return
        self._open()
        kept: list[Element | Piece] = []
        written = False
        for piece in self.children:
            if isinstance(piece, Piece) and piece.kind == "cdata":
                continue  # its text is replaced
            if isinstance(piece, Piece) and piece.kind == "text" and piece.raw.strip():
                raw = piece.raw
                lead = raw[: len(raw) - len(raw.lstrip())]
                trail = raw[len(raw.rstrip()) :]
                piece = Piece("text", lead + trail if written else lead + escaped + trail)
                written = True
            kept.append(piece)
        if not written:
            if len(kept) == 1 and isinstance(kept[0], Piece) and kept[0].kind == "text":
                kept = []  # only blank text: <x> </x>
            kept.insert(0, Piece("text", escaped))
        self.children[:] = kept
        self.owner.touch(self)

    # --- writing ---------------------------------------------------------------------

    def write_to(self, out: list[str]) -> None:
        """Append the element's text, as written or as edited, to ``out``."""
        out.append(self.start.text())
        for child in self.children:
            if isinstance(child, Element):
                child.write_to(out)
            else:
                out.append(child.raw)
        if self.end is not None:
            out.append(self.end)


def _indent_at(parent: Element, node: Element | Piece) -> str:
    """The indentation of a child of ``parent`` (an element or a comment): the blank
    end of the text before it, else the parent's plus one step."""
    index = parent.children.index(node)
    before = parent.children[index - 1] if index else None
    if isinstance(before, Piece) and before.kind == "text" and "\n" in before.raw:
        tail = before.raw.rsplit("\n", 1)[1]
        if not tail.strip():
            return tail
    return parent.indent() + parent.owner.indent_unit


def _is_text(node: Element | Piece) -> bool:
    return isinstance(node, Piece) and node.kind in ("text", "cdata")


def _unit_written(value: str) -> str | None:
    try:
        return split_quantity(value)[1]
    except UnitError:
        return None


__all__ = ["Element", "is_vector", "spec_below"]
