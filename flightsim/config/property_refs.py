"""Which properties a JSBSim configuration defines and which it reads, and where.

JSBSim resolves property names when it initialises (``run_ic``), after every
file is loaded, so definitions and reads are collected over a whole aircraft
(main file, engines, thrusters, systems) in any order. What the XML defines
(following JSBSim 1.3's loaders; a template function or an engine-file function
named without ``#`` defines nothing, as in JSBSim):

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

Names are compared in :func:`canonical` form: no ``/fdm/jsbsim/`` prefix, no
``[0]`` index (``a[0]/b`` is ``a/b`` for JSBSim); other absolute names
(``/controls/...``) live outside JSBSim's tree and stay absolute.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from lxml import etree

from flightsim.config.document import (
    ENGINE_ROOTS,
    SYSTEM_ELEMENTS,
    THRUSTER_ROOTS,
    ConfigFile,
    Document,
    FileMemo,
    children,
)
from flightsim.config.jsbsim_properties import AircraftFeatures, canonical
from flightsim.config.vocabulary_data import FCS_COMPONENTS, FUNCTION_OPERATORS

Element = etree._Element

COMPONENT_TYPES = frozenset(FCS_COMPONENTS.split())
FUNCTION_TAGS = frozenset({"function", *FUNCTION_OPERATORS.split()})
"""Elements that JSBSim binds as a property when they carry ``name=`` (``FGFunction::bind``)."""

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
_NAMED = etree.XPath("descendant-or-self::*[@name]")
"""Every element carrying ``name=``, in document order (selected in C, not in Python)."""


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


@dataclass(frozen=True, eq=False)
class PropertyUse:
    """One property name written in a file: ``name`` canonical, ``written`` as in the file."""

    name: str
    written: str
    config: ConfigFile
    element: Element
    how: str
    known_line: int | None = None
    """The line of the name when the element has several (a line of a condition)."""


@dataclass(frozen=True)
class Component:
    """An FCS component: its type (``actuator``...) and the property it writes."""

    kind: str
    prop: str


SET_NAME = "<set name=...>"
"""How a script's ``<set name=...>`` reads its property (it writes an existing one)."""

_Read = tuple[str, str, Element, str, int | None]
"""A read as collected: (canonical name, name as written, element, how it is read, line)."""


@dataclass(eq=False)
class FileUses:
    """What one file defines and reads (``#`` already replaced by its engine index)."""

    config: ConfigFile
    defined: set[str] = field(default_factory=set)
    reads: list[_Read] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)
    read_names: set[str] = field(default_factory=set)
    """Every canonical name the file reads (filled by :func:`collect`)."""


@dataclass
class PropertyUses:
    """Definitions and reads collected over a document, file by file."""

    files: list[FileUses] = field(default_factory=list)
    defined: set[str] = field(default_factory=set)
    read_names: set[str] = field(default_factory=set)
    components: list[Component] = field(default_factory=list)

    def add(self, part: FileUses) -> None:
        """Add one file's definitions and reads."""
        self.files.append(part)
        self.defined |= part.defined
        self.read_names |= part.read_names
        self.components.extend(part.components)

    def defined_names(self) -> set[str]:
        """Every canonical name the XML defines (a new set)."""
        return set(self.defined)

    def reads_of(self, names: AbstractSet[str]) -> Iterator[PropertyUse]:
        """The reads of the given canonical names, file by file in document order."""
        for part in self.files:
            for name, written, element, how, line in part.reads:
                if name in names:
                    yield PropertyUse(name, written, part.config, element, how, line)


class _Collector:
    """Walks one file; ``index`` replaces ``#`` (engine and thruster files)."""

    def __init__(self, config: ConfigFile, index: int | None):
        self.uses = FileUses(config)
        self.index = index
        self._names = _NAMES.setdefault(index, {})
        if len(self._names) >= _NAMES_CAPACITY:
            self._names.clear()

    def _name(self, written: str) -> str:
        """The canonical name of a stripped name (a leading ``-`` dropped, ``#`` replaced)."""
        name = self._names.get(written)
        if name is None:
            text = written[1:] if written.startswith("-") else written
            if self.index is not None:
                text = text.replace("#", str(self.index))
            name = self._names[written] = canonical(text)
        return name

    def define(self, written: str) -> None:
        text = written.strip()
        if text:
            self.uses.defined.add(self._name(text))

    def read(self, written: str, element: Element, how: str, line: int | None = None) -> None:
        text = written.strip()
        if text and _PROPERTY_TEXT.match(text):
            self.uses.reads.append((self._name(text), text, element, how, line))

    def collect(self, root: Element) -> None:
        """Find every definition and read below ``root`` (lxml's C iteration by tag)."""
        for element in root.iter("property", "p"):
            parent = element.getparent()
            parent_tag = parent.tag if parent is not None else None
            text = element.text or ""
            if parent_tag == "case" or (
                parent_tag in DECLARING_PARENTS and element.tag == "property"
            ):
                self.define(text)  # a distributor's output, or a declaration
            else:
                self.read(text, element, "<property>" if element.tag == "property" else "<p>")
        for element in root.iter("independentVar"):
            self.read(element.text or "", element, "<independentVar>")
        for element in root.iter("test", "condition"):
            self.condition(element)
        for element in _NAMED(root):
            if element.tag in FUNCTION_TAGS and not _is_component(element) and self._binds(element):
                self.define(function_property(element.get("name", "")))
        for element in root.iter("set"):
            parent = element.getparent()
            if parent is not None and parent.tag == "event":
                self.read(element.get("name", ""), element, SET_NAME)
        for channel in root.iter("channel"):
            self.read(channel.get("execute", ""), channel, "<channel execute=...>")
            for element in channel:
                if element.tag in COMPONENT_TYPES:
                    self.component(element)

    def _binds(self, element: Element) -> bool:
        """Whether a named function becomes a property (``FGFunction::CreateOutputNode``).

        Template functions are not bound; in an engine or thruster file a name
        without ``#`` is refused (JSBSim logs "Malformed function name").
        """
        name = element.get("name") or ""
        if not name.strip() or element.get("type") == "template":
            return False
        return self.index is None or "#" in name

    def condition(self, element: Element) -> None:
        value = element.get("value")
        if value is not None:
            self.read(value, element, f"<{_tag(element)} value=...>")
        first = element.sourceline
        for offset, text in enumerate((element.text or "").split("\n")):
            words = text.split()
            line = first + offset if first is not None else None
            if words:
                self.read(words[0], element, f"<{_tag(element)}>", line)
            if len(words) >= 3:
                self.read(words[2], element, f"<{_tag(element)}>", line)

    def component(self, element: Element) -> None:
        name = element.get("name", "")
        if name:
            prop = component_property(name)
            if self.index is not None:
                prop = prop.replace("#", str(self.index))
            self.uses.components.append(Component(str(element.tag), canonical(prop)))
            self.define(prop)
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
                continue
            if top and tag == "output":
                self.define(element.text or "")
            elif top and tag == "quantization" and element.get("name", "").strip():
                self.define(component_property(element.get("name", "")))
            if tag in _NOT_PARAMETERS:
                continue
            text = element.text
            if text:
                words = text.split()
                if len(words) == 1:
                    self.read(words[0], element, f"<{tag}>")
            if len(element):
                self.parameters(element)


def _tag(element: Element) -> str:
    return str(element.tag)


def _is_component(element: Element) -> bool:
    """An FCS component: a component element directly in a ``<channel>``."""
    if element.tag not in COMPONENT_TYPES:
        return False
    parent = element.getparent()
    return parent is not None and parent.tag == "channel"


def collect(config: ConfigFile, index: int | None = None) -> FileUses:
    """The definitions and reads of one file (``index`` replaces ``#``)."""
    collector = _Collector(config, index)
    collector.collect(config.root)
    uses = collector.uses
    uses.read_names = {read[0] for read in uses.reads}
    return uses


def _engine_files(document: Document) -> dict[int, list[ConfigFile]]:
    """Engine and thruster files by the engine index that uses them."""
    by_root = {id(f.root): f for f in document.files}
    found: dict[int, list[ConfigFile]] = {}
    for index, (_, definition, thruster) in enumerate(document.engines()):
        for part in (definition, thruster):
            if part is None:
                continue
            config = by_root.get(id(part.getroottree().getroot()))
            if config is not None and config is not document.main:
                found.setdefault(index, []).append(config)
    return found


_FILE_USES = FileMemo(collect, capacity=512)
"""Uses of each file by engine index: a shared engine or system file is collected once."""
_NAMES: dict[int | None, dict[str, str]] = {}
"""Canonical names by engine index and name as written: most names recur in many files."""
_NAMES_CAPACITY = 200_000
"""Most names kept per index in :data:`_NAMES` (emptied when full; the bundled aircraft
have ~3,000 in all)."""


def clear_cache() -> None:
    """Forget the canonical names (the per-file uses go with :func:`.document.clear_cache`)."""
    _NAMES.clear()


def document_uses(document: Document) -> PropertyUses:
    """Definitions and reads over every file of ``document`` (engine files once per engine)."""
    uses = PropertyUses()
    engine_files = _engine_files(document)
    per_engine = {id(c) for configs in engine_files.values() for c in configs}
    parts = [_FILE_USES.get(c, None) for c in document.files if id(c) not in per_engine]
    for index, configs in engine_files.items():
        parts.extend(_FILE_USES.get(c, index) for c in configs)
    for part in parts:
        uses.add(part)
    return uses


def aircraft_features(document: Document) -> AircraftFeatures:
    """The parts of an aircraft that decide which properties JSBSim itself creates."""
    engines = tuple(
        (
            str(definition.tag) if definition is not None else "",
            str(thruster.tag) if thruster is not None else "",
        )
        for _, definition, thruster in document.engines()
    )
    propulsion = document.section("propulsion")
    ground = document.section("ground_reactions")
    mass = document.section("mass_balance")
    external = document.section("external_reactions")
    buoyant = document.section("buoyant_forces")
    root = document.main.root
    return AircraftFeatures(
        engines=engines,
        tanks=len(children(propulsion, "tank")) if propulsion is not None else 0,
        contacts=tuple(
            (c.get("type") or "").strip().upper()
            for c in (children(ground, "contact") if ground is not None else [])
        ),
        pointmasses=len(children(mass, "pointmass")) if mass is not None else 0,
        outputs=len(children(root, "output")),
        gas_cells=len(children(buoyant, "gas_cell")) if buoyant is not None else 0,
        forces=tuple(
            canonical(f.get("name", ""))
            for f in (external.iterchildren("force", "moment") if external is not None else [])
        ),
        sections=frozenset(str(c.tag) for c in root if isinstance(c.tag, str)),
    )
