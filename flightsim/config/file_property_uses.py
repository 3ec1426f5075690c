"""Which properties one configuration file defines and which it reads, and where.

What the XML defines (following JSBSim 1.3's loaders; a template function or
an engine-file function named without ``#`` defines nothing, as in JSBSim):

- ``<property>`` declarations directly below a model element (``system``,
  ``aerodynamics``, ``propulsion``, an engine file...) or a script's ``<run>``;
- named ``<function name=...>``, ``<table name=...>`` and named function
  operators (``<product name=...>``), bound by ``FGFunction::bind`` and
  ``FGTable::bind`` (spaces as ``-``; ``#`` replaced by the engine index in
  engine and thruster files);
- FCS components: ``fcs/<name>`` (lower case, spaces as ``-``, as
  ``FGPropertyManager::mkPropertyName``) or the name itself when it holds a
  ``/``, each ``<output>``, a sensor's ``<quantization name=...>`` (named
  like a component) and a distributor's ``<case><property>`` targets.

What the XML reads: ``<property>``/``<p>`` in functions, outputs and
``<notify>``, ``<independentVar>``, component ``<input>`` (a leading ``-``
negates), ``<test>``/``<condition>`` lines, ``value=`` attributes of switch
tests, component parameters given as a property (``<gain>``, ``<min>``,
``<c1>``...), a channel's ``execute=`` and a script's ``<set name=...>``: JSBSim
sets only a property that exists (``FGScript::RunScript`` raises "No property
... is defined" when the event fires), so the name counts as a read.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import NamedTuple

from lxml import etree

from flightsim.config.caches import on_clear
from flightsim.config.document import ENGINE_ROOTS, SYSTEM_ELEMENTS, THRUSTER_ROOTS, ConfigFile
from flightsim.config.property_catalog import canonical
from flightsim.config.vocabulary_data import FCS_COMPONENTS, FUNCTION_OPERATORS

Element = etree._Element

COMPONENT_TYPES = frozenset(FCS_COMPONENTS.split())
BINDING_TAGS = frozenset(
    {"function", *FUNCTION_OPERATORS.split()} - {"property", "p", "value", "v", "pi"}
)
"""Elements that JSBSim binds as a property when they carry ``name=`` (``FGFunction::bind``,
``FGTable::bind``); a ``<property>``, ``<value>`` or ``<pi>`` in a function is a plain
value (``FGPropertyValue``, ``FGRealValue``) and binds nothing."""

DECLARING_PARENTS = frozenset(
    {
        "fdm_config",
        "aerodynamics",
        "propulsion",
        "ground_reactions",
        "mass_balance",
        "external_reactions",
        "buoyant_forces",
        "metrics",
        "channel",
        "run",
        *SYSTEM_ELEMENTS,
        *ENGINE_ROOTS,
        *THRUSTER_ROOTS,
    }
)
"""Parents under which ``<property>`` declares a property instead of reading it."""

_NOT_PARAMETERS = frozenset(
    {
        "input",
        "output",
        "test",
        "default",
        "description",
        "documentation",
        "function",
        "table",
        "property",
        "p",
        "axis",
        "zero_centered",
    }
)
"""Component children that are not parameters (or are collected with the whole file)."""
_PROPERTY_TEXT = re.compile(r"^-?/?[A-Za-z_][\w\-./\[\]#]*$")
"""Text that names a property (a number never matches: its first character is a digit or dot)."""
_WHITESPACE = re.compile(r"\s")

SET_NAME = "<set name=...>"
"""How a script's ``<set name=...>`` reads its property (it writes an existing one)."""


def component_property(name: str) -> str:
    """The property an FCS component named ``name`` writes (``FGFCSComponent::bind``)."""
    if "/" in name:
        return name
    # Lower-case character by character, as JSBSim does; str.lower() agrees on ASCII text.
    lowered = name.lower() if name.isascii() else "".join(c.lower() for c in name)
    return "fcs/" + _WHITESPACE.sub("-", lowered)


def function_property(name: str) -> str:
    """The property a named function, table or operator is bound to (spaces as ``-``)."""
    return _WHITESPACE.sub("-", name.strip())


class Component(NamedTuple):
    """An FCS component: its type (``actuator``...) and the property it writes."""

    kind: str
    prop: str


Read = tuple[str, str, Element, str, int | None]
"""A read as collected: (canonical name, name as written, element, how it is read, line)."""


@dataclass(eq=False)
class FileUses:
    """What one file defines and reads (``#`` already replaced by its engine ``index``).

    Only the names are kept; where a name is read is found again by
    :func:`reads_of` for the few names that turn out to be undefined.
    """

    config: ConfigFile
    index: int | None = None
    defined: set[str] = field(default_factory=set)
    read_names: set[str] = field(default_factory=set)
    components: list[Component] = field(default_factory=list)


_NAMES: dict[int | None, dict[str, tuple[str, str] | None]] = {}
"""By engine index: for a text as written, (canonical name, stripped text), or None when
it names no property. Most texts recur in many files."""
_UNSEEN: tuple[str, str] = ("", "")
"""Marks a text not looked at yet in :data:`_NAMES`."""
_DEFINED: dict[int | None, dict[str, str]] = {}
"""By engine index: the canonical name a text as written defines ("" for blank text)."""
_HOWS: dict[str, str] = {}
"""``<tag>`` for each parameter tag: how a parameter reads its property."""
_NAMES_CAPACITY = 200_000
"""Most texts kept per index in :data:`_NAMES` (emptied when full; the bundled aircraft
have ~6,000 in all)."""


@on_clear
def clear_cache() -> None:
    """Forget the canonical names."""
    _NAMES.clear()
    _DEFINED.clear()


class _Collector:
    """Reads one file; ``index`` replaces ``#`` (engine and thruster files).

    Collects the names only, or with ``wanted`` the reads of those names (where
    and how each is read).
    """

    def __init__(
        self, config: ConfigFile, index: int | None, wanted: AbstractSet[str] | None = None
    ):
        self.uses = FileUses(config, index)
        self.index = index
        self.wanted = wanted
        self.reads: list[Read] = []
        self._read_names = self.uses.read_names
        self._names = _NAMES.setdefault(index, {})
        self._defined = _DEFINED.setdefault(index, {})
        if len(self._names) >= _NAMES_CAPACITY or len(self._defined) >= _NAMES_CAPACITY:
            self._names.clear()
            self._defined.clear()

    def _name(self, written: str) -> tuple[str, str] | None:
        """(canonical name, stripped text) of a text naming a property, else None."""
        found = self._names.get(written, _UNSEEN)
        if found is not _UNSEEN:
            return found
        text = written.strip()
        found = (self._canonical(text), text) if text and _PROPERTY_TEXT.match(text) else None
        self._names[written] = found
        return found

    def _canonical(self, text: str) -> str:
        """The canonical name of a stripped text: a leading ``-`` dropped, ``#`` replaced."""
        name = text[1:] if text.startswith("-") else text
        if self.index is not None:
            name = name.replace("#", str(self.index))
        return canonical(name)

    def define(self, written: str) -> None:
        name = self._defined.get(written)
        if name is None:
            text = written.strip()
            name = self._defined[written] = self._canonical(text) if text else ""
        if name:
            self.uses.defined.add(name)

    def read(self, written: str, element: Element, how: str, line: int | None = None) -> None:
        """A read of the property ``written`` names, if it names one."""
        found = self._names.get(written, _UNSEEN)
        if found is _UNSEEN:  # looked up here first: most texts recur, a call costs more
            found = self._name(written)
        if found is not None:
            self._read_names.add(found[0])
            if self.wanted is not None and found[0] in self.wanted:
                self.reads.append((found[0], found[1], element, how, line))

    def collect(self, root: Element) -> None:
        """Find every definition and read below ``root`` (lxml's C iteration by tag)."""
        read, define = self.read, self.define
        for element in root.iter("property", "p"):
            parent = element.getparent()
            parent_tag = parent.tag if parent is not None else None
            is_property = element.tag == "property"
            if parent_tag == "case":  # a distributor's output, its value= a number or a read
                define(element.text or "")
                read(element.get("value", ""), element, "<property value=...>")
            elif is_property and parent_tag in DECLARING_PARENTS:
                define(element.text or "")  # a declaration
            else:
                read(element.text or "", element, "<property>" if is_property else "<p>")
        for element in root.iter("independentVar"):
            read(element.text or "", element, "<independentVar>")
        for element in root.iter("test", "condition"):
            self.condition(element)
        for element in root.iter(*BINDING_TAGS):
            name = element.get("name")
            if (
                name
                and name.strip()
                and element.get("type") != "template"
                and not _is_component(element)
            ):
                self.bound_name(name)
        for element in root.iter("set"):
            parent = element.getparent()
            if parent is not None and parent.tag == "event":
                read(element.get("name", ""), element, SET_NAME)
        for channel in root.iter("channel"):
            for element in channel:
                if element.tag in COMPONENT_TYPES:
                    self.component(element)
            read(channel.get("execute", ""), channel, "<channel execute=...>")

    def component(self, element: Element) -> None:
        """An FCS component: its name, inputs, defaults and parameters."""
        name = element.get("name", "")
        if name:
            self.named_component(str(element.tag), name)
        defaults = []
        for child in element.iter("input", "default"):  # inputs first, then defaults
            if child.tag == "input":
                self.read(child.text or "", child, "<input>")
            else:
                defaults.append(child)
        for child in defaults:
            self.read(child.get("value", ""), child, "<default value=...>")
        self.parameters(element, top=True)

    def parameters(self, parent: Element, top: bool = False) -> None:
        """Parameters below ``parent`` (``<gain>``, ``<clipto><min>``...) that name a property.

        With ``top`` (``parent`` is the component), also its ``<output>`` and a
        sensor's ``<quantization name=...>``, which define properties. Functions,
        tables, tests and ``<property>`` elements inside a component are
        handled with the rest of the file.
        """
        for element in parent:
            tag = element.tag
            if not isinstance(tag, str):
                continue  # a comment or processing instruction
            if top and tag == "output":
                self.define(element.text or "")
            elif top and tag == "quantization":
                quantized = element.get("name", "")
                if quantized.strip():
                    self.define(component_property(quantized))
            if tag in _NOT_PARAMETERS:
                continue
            text = element.text
            if text:
                words = text.split()
                if len(words) == 1:
                    self.read(words[0], element, self._how(tag))
            if len(element):
                self.parameters(element)

    def bound_name(self, name: str) -> None:
        """The property of a function, table or operation named ``name``, bound by JSBSim
        (``FGFunction::CreateOutputNode``; template functions are not bound).

        In an engine or thruster file a name without ``#`` is refused (JSBSim logs
        "Malformed function name").
        """
        if self.index is None or "#" in name:
            self.define(function_property(name))

    def named_component(self, kind: str, name: str) -> None:
        """The properties an FCS component of type ``kind`` named ``name`` writes."""
        prop = component_property(name)
        if self.index is not None:
            prop = prop.replace("#", str(self.index))
        self.uses.components.append(Component(kind, canonical(prop)))
        self.define(prop)

    def condition(self, element: Element) -> None:
        """A ``<test>``/``<condition>``: its ``value=`` and each line's two operands."""
        tag = str(element.tag)
        how = f"<{tag}>"
        value = element.get("value")
        if value is not None:
            self.read(value, element, f"<{tag} value=...>")
        first = element.sourceline
        for offset, line_text in enumerate((element.text or "").split("\n")):
            words = line_text.split()
            line = first + offset if first is not None else None
            if words:
                self.read(words[0], element, how, line)
            if len(words) >= 3:
                self.read(words[2], element, how, line)

    @staticmethod
    def _how(tag: str) -> str:
        return _HOWS.get(tag) or _HOWS.setdefault(tag, f"<{tag}>")


def _is_component(element: Element) -> bool:
    """An FCS component: a component element directly in a ``<channel>``."""
    if element.tag not in COMPONENT_TYPES:
        return False
    parent = element.getparent()
    return parent is not None and parent.tag == "channel"


def collect(config: ConfigFile, index: int | None = None) -> FileUses:
    """The names one file defines and reads (``index`` replaces ``#``)."""
    collector = _Collector(config, index)
    collector.collect(config.root)
    return collector.uses


def defined_below(config: ConfigFile, element: Element) -> set[str]:
    """The names the subtree of ``element`` (in ``config``) defines."""
    collector = _Collector(config, None)
    collector.collect(element)
    return collector.uses.defined


def reads_of(uses: FileUses, names: AbstractSet[str]) -> list[Read]:
    """Where the file of ``uses`` reads any of ``names``, in the order of :func:`collect`."""
    collector = _Collector(uses.config, uses.index, names)
    collector.collect(uses.config.root)
    return collector.reads
