"""Which properties an aircraft defines and reads, over all its files.

JSBSim resolves property names when it initialises (``run_ic``), after every
file is loaded, so definitions and reads are collected over a whole aircraft
(main file, engines, thrusters, systems) in any order; what one file defines
and reads is :mod:`flightsim.config.file_property_uses`'s. An engine or
thruster file shared by several engines is read once per engine index
(``#`` is the index).

Names are compared in :func:`canonical` form: no ``/fdm/jsbsim/`` prefix, no
``[0]`` index (``a[0]/b`` is ``a/b`` for JSBSim); other absolute names
(``/controls/...``) live outside JSBSim's tree and stay absolute.
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from lxml import etree

from flightsim.config.caches import FileMemo
from flightsim.config.document import ConfigFile, Document, children
from flightsim.config.file_property_uses import Component, FileUses, collect, reads_of
from flightsim.config.property_catalog import AircraftFeatures, canonical

Element = etree._Element


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
        """The reads of the given canonical names, file by file."""
        for part in self.files:
            if not part.read_names.isdisjoint(names):
                for name, written, element, how, line in reads_of(part, names):
                    yield PropertyUse(name, written, part.config, element, how, line)


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
