"""The document model: one configuration file, or an aircraft with every file it uses.

:func:`load_aircraft` reads an aircraft's main file and follows its ``file=``
references the way JSBSim 1.3 does (``FGModelLoader::Open`` and the
``FindFullPathName`` of each model): ``.xml`` appended when missing; engines
and thrusters searched in the aircraft folder, ``Engines/``, ``engines/``,
``Engine/``, ``engine/``, then the root's ``engine/``; systems, autopilots and
flight controls in the aircraft folder, ``Systems/``, ``systems/``, then the
root's ``systems/``; other sections (``metrics`` ...) in the aircraft folder
(:mod:`flightsim.config.file_search`). :func:`load_file` reads one file alone.

Files are parsed once per process (:mod:`flightsim.config.caches`); parsed
trees are shared: rules must not modify them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from flightsim.config import file_search
from flightsim.config import flightgear as flightgear_layout
from flightsim.config.caches import PARSED
from flightsim.config.diagnostics import Diagnostic, Severity
from flightsim.config.safexml import UnsafeXMLError, XMLReadError
from flightsim.config.source import SourceText
from flightsim.config.vocabulary_data import ENGINE_TYPES, THRUSTER_TYPES
from flightsim.errors import ConfigError, NotFoundError
from flightsim.paths import Folders, find_script_aircraft, folder_list, jsbsim_root

Element = etree._Element

ENGINE_ROOTS = frozenset(ENGINE_TYPES.split())
THRUSTER_ROOTS = frozenset(THRUSTER_TYPES.split())
SYSTEM_ELEMENTS = frozenset({"system", "autopilot", "flight_control"})
SECTION_ELEMENTS = frozenset(
    {
        "metrics",
        "mass_balance",
        "ground_reactions",
        "external_reactions",
        "buoyant_forces",
        "propulsion",
        "aerodynamics",
        "planet",
        "output",
    }
)
"""Aircraft sections that JSBSim loads from a file when they carry ``file=``."""


def first_child(element: Element, tag: str) -> Element | None:
    """The first child ``tag`` of ``element``, like ``element.find(tag)`` but faster.

    lxml's ``find``/``findall`` go through its ElementPath module in Python;
    ``iterchildren(tag)`` selects in C.
    """
    return next(element.iterchildren(tag), None)


def children(element: Element, tag: str) -> list[Element]:
    """The children ``tag`` of ``element``, like ``element.findall(tag)`` but faster."""
    return list(element.iterchildren(tag))


@dataclass(frozen=True, eq=False)
class ConfigFile:
    """One parsed XML file: its path, its root element, how to name it in messages,
    and its text (searched for line and column when a diagnostic is made)."""

    path: Path
    root: Element
    display: str
    source: SourceText

    @property
    def kind(self) -> str:
        """The root element's name (``fdm_config``, ``piston_engine``, ``system`` ...)."""
        return str(self.root.tag)

    def xpath_of(self, element: Element) -> str:
        """The XPath of ``element`` in this file (``/fdm_config/metrics/wingarea``)."""
        return str(element.getroottree().getpath(element))


@dataclass(frozen=True, eq=False)
class FileReference:
    """A ``file=`` attribute: where it is, what it names, the paths searched, the file found
    (``resolved``, None when none exists) and the file read (``target``, None when unreadable).

    ``error`` says why a file that exists could not be read at all (a folder, no
    permission, binary, too large); a file that is not well-formed XML is a
    finding about that file instead (FS101, FS102 in the document's problems).
    """

    source: ConfigFile
    element: Element
    name: str
    expected_roots: frozenset[str]
    candidates: tuple[str, ...]
    resolved: str | None
    target: ConfigFile | None
    error: str | None = None
    attribute: str = "file"
    misplaced: str | None = None
    """A file of that name where JSBSim does not look for it (an engine in the aircraft
    folder itself, an autopilot in ``Systems/``), when none was found where it looks."""
    """The attribute holding ``name`` (``initialize`` for a script's initial conditions)."""


@dataclass(eq=False)
class Document:
    """What validation looks at: the main file and, for an aircraft, every file it uses.

    ``files`` lists each file once (the main file first); ``references`` every
    ``file=`` followed; ``problems`` the read failures found on the way (a
    missing or malformed referenced file), already as diagnostics.
    """

    main: ConfigFile
    root_dir: Path
    is_aircraft: bool
    files: list[ConfigFile] = field(default_factory=list)
    references: list[FileReference] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    aircraft_dirs: tuple[Path, ...] = ()
    """Extra folders where a script's aircraft is looked up (before the project's and jsbsim's)."""
    flightgear: bool = False
    """Read as FlightGear loads it: the properties FlightGear provides (absolute names
    outside ``/fdm/jsbsim``) are inputs."""
    provided: frozenset[str] = frozenset()
    """JSBSim properties that exist before the model loads: with ``flightgear``, those the
    aircraft's ``-set.xml`` declares below ``/fdm/jsbsim`` and FlightGear's alias
    ``sim-time-sec`` (canonical names)."""
    _targets: dict[Element, ConfigFile | None] = field(default_factory=dict, repr=False)

    def add_reference(self, reference: FileReference) -> None:
        """Record a ``file=`` followed."""
        self.references.append(reference)
        self._targets[reference.element] = reference.target

    def target(self, element: Element) -> ConfigFile | None:
        """The file loaded for an element carrying ``file=`` (None if none or unreadable)."""
        return self._targets.get(element)

    def content(self, element: Element) -> Element:
        """The element JSBSim reads for ``element``: the root of its ``file=`` target if any."""
        target = self.target(element)
        return target.root if target is not None else element

    def engines(self) -> Iterator[tuple[Element, Element | None, Element | None]]:
        """Each ``<engine>`` of the aircraft with its engine-type element and its thruster.

        Yields ``(engine, engine_definition, thruster_definition)``; the
        definitions are the root of the referenced file or the inline element,
        None when missing.
        """
        propulsion = first_child(self.main.root, "propulsion")
        if propulsion is None:
            return
        propulsion = self.content(propulsion)
        for engine in propulsion.iterchildren("engine"):
            definition = _typed(self.content(engine), ENGINE_ROOTS)
            thruster = first_child(engine, "thruster")
            thruster_definition = None
            if thruster is not None:
                thruster_definition = _typed(self.content(thruster), THRUSTER_ROOTS)
            yield engine, definition, thruster_definition

    def section(self, name: str) -> Element | None:
        """An aircraft section (``metrics``, ``mass_balance`` ...) with ``file=`` followed."""
        element = first_child(self.main.root, name)
        return None if element is None else self.content(element)


def _typed(element: Element, kinds: frozenset[str]) -> Element | None:
    if element.tag in kinds:
        return element
    return next((child for child in element if child.tag in kinds), None)


def read_diagnostic(exc: XMLReadError, display: str) -> Diagnostic:
    """An XML failure as a diagnostic: FS102 for unsafe XML, FS101 for malformed XML."""
    code = "FS102" if isinstance(exc, UnsafeXMLError) else "FS101"
    message = str(exc)
    prefix = f"{exc.file}:{exc.line}: " if exc.line is not None else f"{exc.file}: "
    message = message.removeprefix(prefix)
    return Diagnostic(
        Severity.ERROR,
        code,
        message,
        display,
        line=exc.line,
        column=exc.column,
        hint="fix the XML so that the file parses; JSBSim refuses it too"
        if code == "FS101"
        else "remove the DOCTYPE/entity declarations and write the values out",
    )


def display_path(path: str | Path) -> str:
    """How a file is named in diagnostics: relative to the working folder when below it."""
    text = os.fspath(path)
    folder = os.getcwd()
    if text == folder:
        return "."
    prefix = folder if folder.endswith(os.sep) else folder + os.sep
    return text[len(prefix) :] if text.startswith(prefix) else text


def load_file(path: str | Path) -> ConfigFile:
    """Read one file.

    Raises :class:`~flightsim.config.safexml.XMLReadError` (with file, line and
    column) when it is not well-formed or unsafe XML,
    :class:`~flightsim.config.safexml.UnreadableFileError` or
    :class:`~flightsim.errors.NotFoundError` when it cannot be read at all.
    """
    text = os.path.abspath(os.fspath(path))
    root, source = PARSED.get(text)
    return ConfigFile(Path(text), root, display_path(text), source)


def search_kind(element: Element) -> str:
    """Where JSBSim looks for the file of ``element`` (see :func:`file_search.candidates`)."""
    tag = element.tag
    if tag in ("engine", "thruster"):
        return "engine"
    return "system" if tag == "system" else "section"


def _expected_roots(element: Element) -> frozenset[str]:
    if element.tag == "engine":
        return ENGINE_ROOTS
    if element.tag == "thruster":
        return THRUSTER_ROOTS
    return frozenset({str(element.tag)})


def _section_references(main: ConfigFile) -> Iterator[Element]:
    """The aircraft's top-level sections and systems that load a file."""
    for child in main.root:
        if (child.tag in SECTION_ELEMENTS or child.tag in SYSTEM_ELEMENTS) and child.get("file"):
            yield child


def _engine_references(propulsion: Element) -> Iterator[Element]:
    """The engines and thrusters of a propulsion section that load a file."""
    for engine in propulsion.iterchildren("engine"):
        if engine.get("file"):
            yield engine
        for thruster in engine.iterchildren("thruster"):
            if thruster.get("file"):
                yield thruster


def load_aircraft(
    main_file: Path,
    root_dir: Path | None = None,
    folder: Path | None = None,
    flightgear: bool = False,
) -> Document:
    """Read an aircraft's main file and every file it references.

    ``folder`` is the aircraft folder where referenced files are searched (default:
    the main file's folder; FlightGear's ``/sim/aircraft-dir`` may hold the main
    file in a subfolder). With ``flightgear`` the files are searched as FlightGear
    has JSBSim search them: engines and systems last in the aircraft folder's
    ``Engine/`` and ``Systems/``, not in the JSBSim root.

    The main file must be readable (ConfigError otherwise); a missing or
    malformed referenced file becomes a diagnostic in ``problems`` (FS601 and
    FS604 are reported by the file-reference rule, FS101/FS102 here).
    """
    main = load_file(main_file)
    root_dir = Path(os.path.abspath(root_dir)) if root_dir is not None else jsbsim_root()
    search = os.path.abspath(folder) if folder is not None else os.path.dirname(str(main.path))
    doc = Document(
        main=main, root_dir=root_dir, is_aircraft=True, files=[main], flightgear=flightgear
    )
    if flightgear:
        doc.provided = flightgear_layout.provided_properties(Path(search), main.path)
    shared = file_search.shared_folders(str(root_dir), search if flightgear else None)
    loader = _Loader(doc, search, shared)
    for element in _section_references(main):
        loader.follow(main, element)
    propulsion = first_child(main.root, "propulsion")
    if propulsion is not None:
        source = doc.target(propulsion) or main  # engines of a <propulsion file=...>
        for element in _engine_references(source.root if source is not main else propulsion):
            loader.follow(source, element)
    return doc


class _Loader:
    """Follows ``file=`` references into a document, reading each file once."""

    def __init__(self, doc: Document, folder: str, shared: tuple[str, str]):
        self.doc = doc
        self.folder = folder
        self.shared = shared
        self.seen: dict[str, tuple[ConfigFile | None, str | None]] = {
            str(doc.main.path): (doc.main, None)
        }
        self.searched: dict[tuple[str, str], tuple[tuple[str, ...], str | None]] = {}
        """The places searched and the file found, by (search kind, name): engines repeat."""
        self.listed: dict[str, frozenset[str]] = {}
        """The files of each folder searched, listed once for this aircraft."""

    def _search(self, element: Element, name: str) -> tuple[tuple[str, ...], str | None]:
        key = (search_kind(element), name)
        if key not in self.searched:
            candidates = file_search.candidates(*key, self.folder, self.shared)
            self.searched[key] = (candidates, file_search.first_file(candidates, self.listed))
        return self.searched[key]

    def follow(self, source: ConfigFile, element: Element) -> None:
        name = element.get("file", "")
        candidates, found = self._search(element, name)
        target = error = misplaced = None
        if found is not None:
            if found in self.seen:
                target, error = self.seen[found]
            else:
                target, error = _read_referenced(found, self.doc)
                self.seen[found] = (target, error)
        else:
            elsewhere = file_search.unsearched(search_kind(element), name, self.folder, self.shared)
            misplaced = next((p for p in elsewhere if os.path.isfile(p)), None)
        self.doc.add_reference(
            FileReference(
                source,
                element,
                name,
                _expected_roots(element),
                candidates,
                found,
                target,
                error,
                misplaced=misplaced,
            )
        )


def _read_referenced(path: str, doc: Document) -> tuple[ConfigFile | None, str | None]:
    """A referenced file read into ``doc`` (XML faults go to its problems), or why it is
    unreadable."""
    try:
        target = load_file(path)
    except XMLReadError as exc:
        doc.problems.append(read_diagnostic(exc, display_path(path)))
        return None, None
    except ConfigError as exc:  # UnreadableFileError, or NotFoundError after a race
        return None, str(exc).replace(str(path), display_path(path))
    doc.files.append(target)
    return target, None


def load_script(
    path: Path,
    root_dir: Path | None = None,
    aircraft_dirs: Folders = (),
) -> Document:
    """A script with the initial-conditions file it uses (``<use aircraft= initialize=>``).

    The aircraft is found by name like everywhere in flightsim and the file in
    its folder; when either is missing, the document holds the script alone
    (the script rules report it).
    """
    doc = single_file_document(path, root_dir)
    doc.aircraft_dirs = tuple(Path(d) for d in folder_list(aircraft_dirs))
    use = first_child(doc.main.root, "use")
    if use is None or not use.get("aircraft") or not use.get("initialize"):
        return doc
    try:
        folder = find_script_aircraft(use.get("aircraft", ""), doc.aircraft_dirs).folder
    except NotFoundError:
        return doc
    name = use.get("initialize", "")
    initial = os.path.abspath(os.path.join(folder, file_search.with_xml(name)))
    if os.path.isfile(initial):  # a missing one is FS603
        target, error = _read_referenced(initial, doc)
        doc.add_reference(
            FileReference(
                doc.main,
                use,
                name,
                frozenset({"initialize"}),
                (initial,),
                initial,
                target,
                error,
                attribute="initialize",
            )
        )
    return doc


def single_file_document(path: Path, root_dir: Path | None = None) -> Document:
    """A document holding one file alone, no reference followed."""
    config = load_file(path)
    root_dir = Path(os.path.abspath(root_dir)) if root_dir is not None else jsbsim_root()
    return Document(main=config, root_dir=root_dir, is_aircraft=False, files=[config])
