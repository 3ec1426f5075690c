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
  like a component) and a distributor's ``<case><property>`` targets;
- a script's ``<set name=...>``.

What the XML reads: ``<property>``/``<p>`` in functions, outputs and
``<notify>``, ``<independentVar>``, component ``<input>`` (a leading ``-``
negates), ``<test>``/``<condition>`` lines, ``value=`` attributes of switch
tests, component parameters given as a property (``<gain>``, ``<min>``,
``<c1>``...) and a channel's ``execute=``.

Names are compared in :func:`canonical` form: no ``/fdm/jsbsim/`` prefix, no
``[0]`` index (``a[0]/b`` is ``a/b`` for JSBSim); other absolute names
(``/controls/...``) live outside JSBSim's tree and stay absolute.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from lxml import etree

from flightsim.config.document import (
    ENGINE_ROOTS,
    SYSTEM_ELEMENTS,
    THRUSTER_ROOTS,
    ConfigFile,
    Document,
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
_NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")


def component_property(name: str) -> str:
    """The property an FCS component named ``name`` writes (``FGFCSComponent::bind``)."""
    if "/" in name:
        return name
    return "fcs/" + "".join("-" if c.isspace() else c.lower() for c in name)


def function_property(name: str) -> str:
    """The property a named function, table or operator is bound to (spaces as ``-``)."""
    return "".join("-" if c.isspace() else c for c in name.strip())


def is_number(text: str) -> bool:
    """True for a plain decimal number (what JSBSim's ``is_number`` accepts)."""
    return bool(_NUMBER.match(text.strip()))


@dataclass(frozen=True, eq=False)
class PropertyUse:
    """One property name written in a file: ``name`` canonical, ``written`` as in the file."""

    name: str
    written: str
    config: ConfigFile
    element: Element
    how: str
    known_line: int | None = None

    @property
    def line(self) -> int | None:
        """The line of the name in its file (found in the element's text when not known)."""
        if self.known_line is not None:
            return self.known_line
        first = self.element.sourceline
        text = self.element.text or ""
        at = text.find(self.written)
        if first is None or at < 0:
            return first
        return first + text.count("\n", 0, at)


@dataclass(frozen=True)
class Component:
    """An FCS component: its type (``actuator``...) and the property it writes."""

    kind: str
    prop: str


@dataclass
class PropertyUses:
    """Definitions and reads collected over a document."""

    defines: list[PropertyUse] = field(default_factory=list)
    reads: list[PropertyUse] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)

    def defined_names(self) -> set[str]:
        """Every canonical name the XML defines."""
        return {use.name for use in self.defines}


class _Collector:
    """Walks one file; ``index`` replaces ``#`` (engine and thruster files)."""

    def __init__(self, uses: PropertyUses, config: ConfigFile, index: int | None):
        self.uses = uses
        self.config = config
        self.index = index

    def _name(self, written: str) -> str:
        text = written.strip()
        if text.startswith("-"):
            text = text[1:]
        if self.index is not None:
            text = text.replace("#", str(self.index))
        return canonical(text)

    def define(self, written: str, element: Element, how: str) -> None:
        if written.strip():
            name = self._name(written)
            self.uses.defines.append(PropertyUse(name, written.strip(), self.config, element, how))

    def read(self, written: str, element: Element, how: str, line: int | None = None) -> None:
        text = written.strip()
        if text and _PROPERTY_TEXT.match(text) and not is_number(text):
            name = self._name(text)
            self.uses.reads.append(PropertyUse(name, text, self.config, element, how, line))

    def collect(self, root: Element) -> None:
        """Find every definition and read below ``root`` (lxml's C iteration by tag)."""
        for element in root.iter("property", "p"):
            parent = element.getparent()
            parent_tag = parent.tag if parent is not None else None
            text = element.text or ""
            if parent_tag == "case":
                self.define(text, element, "distributor output")
            elif element.tag == "property" and parent_tag in DECLARING_PARENTS:
                self.define(text, element, "declaration")
            else:
                self.read(text, element, f"<{_tag(element)}>")
        for element in root.iter("independentVar"):
            self.read(element.text or "", element, "<independentVar>")
        for element in root.iter("test", "condition"):
            self.condition(element)
        for element in root.iter(*FUNCTION_TAGS):
            if not _is_component(element) and self._binds(element):
                name = function_property(element.get("name", ""))
                self.define(name, element, f"named <{_tag(element)}>")
        for element in root.iter("set"):
            if element.get("name"):
                self.define(element.get("name", ""), element, "script set")
                self.read(element.get("value", ""), element, "<set value=...>")
        for channel in root.iter("channel"):
            self.read(channel.get("execute", ""), channel, "<channel execute=...>")
            for element in channel:
                if _is_component(element):
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
            self.define(prop, element, "component")
        for child in element.iterchildren("output"):
            self.define(child.text or "", child, "component output")
        for child in element.iterchildren("quantization"):
            if child.get("name", "").strip():
                self.define(component_property(child.get("name", "")), child, "sensor quantization")
        for child in element.iter("input"):
            self.read(child.text or "", child, "<input>")
        for child in element.iter("default"):
            self.read(child.get("value", ""), child, "<default value=...>")
        for child in element:
            self.parameters(child)

    def parameters(self, element: Element) -> None:
        """Component parameters (``<gain>``, ``<clipto><min>``...) that name a property.

        Functions, tables, tests and ``<property>`` elements inside a component
        are handled with the rest of the file.
        """
        if not isinstance(element.tag, str) or element.tag in _NOT_PARAMETERS:
            return
        words = (element.text or "").split()
        if len(words) == 1:
            self.read(words[0], element, f"<{_tag(element)}>")
        for child in element:
            self.parameters(child)


def _tag(element: Element) -> str:
    return str(element.tag)


def _is_component(element: Element) -> bool:
    """An FCS component: a component element directly in a ``<channel>``."""
    if element.tag not in COMPONENT_TYPES:
        return False
    parent = element.getparent()
    return parent is not None and parent.tag == "channel"


def collect(config: ConfigFile, uses: PropertyUses, index: int | None = None) -> None:
    """Add the definitions and reads of one file (``index`` replaces ``#``) to ``uses``."""
    _Collector(uses, config, index).collect(config.root)


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


class _FileUses:
    """Uses of one file by (parsed root, index, display name); bounded, thread-safe.

    A shared engine or system file is collected once however many aircraft use
    it (parsed roots are shared by the document cache and never modified).
    """

    def __init__(self, capacity: int = 512):
        self._capacity = capacity
        self._items: OrderedDict[tuple[int, int | None, str], tuple[Element, PropertyUses]]
        self._items = OrderedDict()
        self._lock = threading.Lock()

    def get(self, config: ConfigFile, index: int | None) -> PropertyUses:
        key = (id(config.root), index, config.display)
        with self._lock:
            item = self._items.get(key)
        if item is not None and item[0] is config.root:
            return item[1]
        uses = PropertyUses()
        collect(config, uses, index)
        with self._lock:
            self._items[key] = (config.root, uses)
            while len(self._items) > self._capacity:
                self._items.popitem(last=False)
        return uses


_FILE_USES = _FileUses()


def document_uses(document: Document) -> PropertyUses:
    """Definitions and reads over every file of ``document`` (engine files once per engine)."""
    uses = PropertyUses()
    engine_files = _engine_files(document)
    per_engine = {id(c) for configs in engine_files.values() for c in configs}
    parts = [_FILE_USES.get(c, None) for c in document.files if id(c) not in per_engine]
    for index, configs in engine_files.items():
        parts.extend(_FILE_USES.get(c, index) for c in configs)
    for part in parts:
        uses.defines.extend(part.defines)
        uses.reads.extend(part.reads)
        uses.components.extend(part.components)
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
        tanks=len(propulsion.findall("tank")) if propulsion is not None else 0,
        contacts=tuple(
            (c.get("type") or "").strip().upper()
            for c in (ground.findall("contact") if ground is not None else [])
        ),
        pointmasses=len(mass.findall("pointmass")) if mass is not None else 0,
        outputs=len(root.findall("output")),
        gas_cells=len(buoyant.findall("gas_cell")) if buoyant is not None else 0,
        forces=tuple(
            canonical(f.get("name", ""))
            for f in (external.iterchildren("force", "moment") if external is not None else [])
        ),
        sections=frozenset(str(c.tag) for c in root if isinstance(c.tag, str)),
    )
