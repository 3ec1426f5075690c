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
from flightsim.config.compiled import _propscan
from flightsim.config.document import ENGINE_ROOTS, SYSTEM_ELEMENTS, THRUSTER_ROOTS, ConfigFile
from flightsim.config.jsbsim_properties import canonical
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

# The ops of _propscan.events (flightsim/config/_propscan.c says what each carries).
_DECLARE, _READ_TEXT, _READ_VALUE, _READ_SET, _READ_EXECUTE, _CONDITION = range(6)
_BIND, _COMPONENT, _OUTPUT, _QUANTIZATION, _PARAMETER = range(6, 11)

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

    def read(
        self, written: str, element: Element | None, how: str, line: int | None = None
    ) -> None:
        """A read of the property ``written`` names, if it names one (``element`` and
        ``line`` are known when the reads of :attr:`wanted` names are collected)."""
        found = self._names.get(written, _UNSEEN)
        if found is _UNSEEN:  # looked up here first: most texts recur, a call costs more
            found = self._name(written)
        if found is not None:
            self._read_names.add(found[0])
            if self.wanted is not None and found[0] in self.wanted:
                assert element is not None, "events carry their elements when reads are wanted"
                self.reads.append((found[0], found[1], element, how, line))

    def collect(self, root: Element) -> None:
        """Find every definition and read below ``root`` (one walk in C: :mod:`._propscan`)."""
        read, define = self.read, self.define
        events, reads, parameters, declarations = _propscan.events(
            root,
            DECLARING_PARENTS,
            COMPONENT_TYPES,
            BINDING_TAGS,
            _NOT_PARAMETERS,
            self.wanted is not None,
        )
        for text in reads:  # names only (no element wanted): how a text is read is moot
            read(text, None, "")
        for text in parameters:
            self.parameter(text, None, "")
        for text in declarations:
            define(text)
        for op, tag, text, extra, element in events:
            if op == _READ_TEXT:
                read(text, element, self._how(tag))
            elif op == _PARAMETER:
                self.parameter(text, element, self._how(tag))
            elif op in (_DECLARE, _OUTPUT):
                define(text)
            elif op == _READ_VALUE:
                read(text, element, f"<{tag} value=...>")
            elif op == _CONDITION:
                self.condition(element, tag, text, extra)
            elif op == _BIND:
                if text.strip() and extra != "template":
                    self.bound_name(text)
            elif op == _COMPONENT:
                self.named_component(tag, text)
            elif op == _QUANTIZATION:
                if text.strip():
                    define(component_property(text))
            elif op == _READ_SET:
                read(text, element, SET_NAME)
            elif op == _READ_EXECUTE:
                read(text, element, f"<{tag} execute=...>")

    def parameter(self, text: str, element: Element | None, how: str) -> None:
        """A component parameter's text: a read when it is one word (``<gain>0.5</gain>``
        is a number, ``<gain>fcs/gain</gain>`` a property)."""
        words = text.split()
        if len(words) == 1:
            self.read(words[0], element, how)

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

    def condition(self, element: Element | None, tag: str, text: str, value: str | None) -> None:
        """A ``<test>``/``<condition>``: its ``value=`` and each line's two operands."""
        how = f"<{tag}>"
        if value is not None:
            self.read(value, element, f"<{tag} value=...>")
        first = element.sourceline if element is not None else None
        for offset, line_text in enumerate(text.split("\n")):
            words = line_text.split()
            line = first + offset if first is not None else None
            if words:
                self.read(words[0], element, how, line)
            if len(words) >= 3:
                self.read(words[2], element, how, line)

    @staticmethod
    def _how(tag: str) -> str:
        return _HOWS.get(tag) or _HOWS.setdefault(tag, f"<{tag}>")


def collect(config: ConfigFile, index: int | None = None) -> FileUses:
    """The names one file defines and reads (``index`` replaces ``#``)."""
    collector = _Collector(config, index)
    collector.collect(config.root)
    return collector.uses


def reads_of(uses: FileUses, names: AbstractSet[str]) -> list[Read]:
    """Where the file of ``uses`` reads any of ``names``, in the order of :func:`collect`."""
    collector = _Collector(uses.config, uses.index, names)
    collector.collect(uses.config.root)
    return collector.reads
