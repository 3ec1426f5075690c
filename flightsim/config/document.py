"""The document model: one configuration file, or an aircraft with every file it uses.

:func:`load_aircraft` reads an aircraft's main file and follows its ``file=``
references the way JSBSim 1.3 does (``FGModelLoader::Open`` and the
``FindFullPathName`` of each model): ``.xml`` appended when missing; engines
and thrusters searched in the aircraft folder, ``Engines/``, ``engines/``,
``Engine/``, ``engine/``, then the root's ``engine/``; systems, autopilots and
flight controls in the aircraft folder, ``Systems/``, ``systems/``, then the
root's ``systems/``; other sections (``metrics`` ...) in the aircraft folder.
:func:`load_file` reads one file alone.

Parsed files are cached by path, size and modification time, so a shared
engine or system file is parsed once however many aircraft use it; a
:class:`FileMemo` keeps what rules compute per file. Parsed trees are shared:
rules must not modify them.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from lxml import etree

from flightsim.config.diagnostics import Diagnostic, Severity
from flightsim.config.safexml import (
    UnreadableFileError,
    UnsafeXMLError,
    XMLReadError,
    parse_xml,
    read_bytes,
)
from flightsim.config.source import SourceText
from flightsim.config.vocabulary_data import ENGINE_TYPES, THRUSTER_TYPES
from flightsim.errors import ConfigError, NotFoundError
from flightsim.paths import (
    PathLike,
    engine_file_candidates,
    find_aircraft,
    jsbsim_root,
    system_file_candidates,
)

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
    candidates: tuple[Path, ...]
    resolved: Path | None
    target: ConfigFile | None
    error: str | None = None
    attribute: str = "file"
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

    def target(self, element: Element) -> ConfigFile | None:
        """The file loaded for an element carrying ``file=`` (None if none or unreadable)."""
        for ref in self.references:
            if ref.element is element:
                return ref.target
        return None

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


_Parsed = tuple[Element, SourceText]


class _ParseCache:
    """Parsed files (root and text, or the XML error) by (path, size, mtime); bounded,
    thread-safe. A file that cannot be read at all is not kept: the error is raised."""

    def __init__(self, capacity: int = 1024):
        self._capacity = capacity
        self._items: OrderedDict[tuple[str, int, int], _Parsed | XMLReadError] = OrderedDict()
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def get(self, path: Path) -> _Parsed:
        try:
            stat = os.stat(path)
        except FileNotFoundError as exc:
            raise NotFoundError(f"no such file: {path}") from exc
        except OSError as exc:
            raise UnreadableFileError(f"cannot read {path}: {exc.strerror}") from exc
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        with self._lock:
            cached = self._items.get(key)
            if cached is not None:
                self._items.move_to_end(key)
        if cached is None:
            data = read_bytes(path)  # UnreadableFileError, NotFoundError: raised, not kept
            try:
                cached = (parse_xml(data, path), SourceText(data))
            except XMLReadError as exc:
                cached = exc
            with self._lock:
                self._items[key] = cached
                while len(self._items) > self._capacity:
                    self._items.popitem(last=False)
        if isinstance(cached, XMLReadError):
            raise cached.with_traceback(None)
        return cached


_CACHE = _ParseCache()

T = TypeVar("T")


class FileMemo(Generic[T]):
    """Values computed once per parsed file: ``memo.get(config, *args)`` calls
    ``compute(config, *args)`` the first time only; bounded, thread-safe.

    Keyed by the parsed root (kept, to check identity), the display name and
    ``args``: a shared engine or system file is handled once however many
    aircraft use it. Every memo is emptied by :func:`clear_cache`.
    """

    def __init__(self, compute: Callable[..., T], capacity: int = 1024):
        self._compute = compute
        self._capacity = capacity
        self._items: OrderedDict[tuple[object, ...], tuple[Element, T]] = OrderedDict()
        self._lock = threading.Lock()
        _MEMOS.append(self)

    def clear(self) -> None:
        """Forget every value."""
        with self._lock:
            self._items.clear()

    def get(self, config: ConfigFile, *args: object) -> T:
        """The value for ``config`` (and ``args``), computed when not known yet."""
        key = (id(config.root), config.display, *args)
        with self._lock:
            item = self._items.get(key)
        if item is not None and item[0] is config.root:
            return item[1]
        value = self._compute(config, *args)
        with self._lock:
            self._items[key] = (config.root, value)
            while len(self._items) > self._capacity:
                self._items.popitem(last=False)
        return value


_MEMOS: list[FileMemo[Any]] = []


def clear_cache() -> None:
    """Forget every parsed file and every per-file value (the next validation starts cold)."""
    _CACHE.clear()
    for memo in _MEMOS:
        memo.clear()


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


def display_path(path: Path) -> str:
    """How a file is named in diagnostics: relative to the working folder when below it."""
    text = str(path)
    folder = os.getcwd()
    if text == folder:
        return "."
    prefix = folder if folder.endswith(os.sep) else folder + os.sep
    return text[len(prefix) :] if text.startswith(prefix) else text


def load_file(path: Path) -> ConfigFile:
    """Read one file.

    Raises :class:`~flightsim.config.safexml.XMLReadError` (with file, line and
    column) when it is not well-formed or unsafe XML,
    :class:`~flightsim.config.safexml.UnreadableFileError` or
    :class:`~flightsim.errors.NotFoundError` when it cannot be read at all.
    """
    path = Path(path).absolute()
    root, source = _CACHE.get(path)
    return ConfigFile(path, root, display_path(path), source)


def _candidates(element: Element, name: str, folder: Path, root_dir: Path) -> list[Path]:
    tag = element.tag
    if tag in ("engine", "thruster"):
        return engine_file_candidates(name, folder, root_dir)
    if tag in SYSTEM_ELEMENTS:
        return system_file_candidates(name, folder, root_dir)
    file_name = name if name.endswith(".xml") else name + ".xml"
    return [folder / file_name]


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


class _Listing:
    """Which files exist, from one directory listing per folder (fewer stat calls)."""

    def __init__(self) -> None:
        self._names: dict[str, frozenset[str]] = {}

    def has(self, path: Path) -> bool:
        folder, _, name = str(path).rpartition(os.sep)
        names = self._names.get(folder)
        if names is None:
            try:
                names = frozenset(os.listdir(folder or os.sep))
            except OSError:
                names = frozenset()
            self._names[folder] = names
        return name in names and path.is_file()


def load_aircraft(main_file: Path, root_dir: Path | None = None) -> Document:
    """Read an aircraft's main file and every file it references.

    The main file must be readable (ConfigError otherwise); a missing or
    malformed referenced file becomes a diagnostic in ``problems`` (FS601 and
    FS604 are reported by the file-reference rule, FS101/FS102 here).
    """
    main = load_file(main_file)
    root_dir = Path(root_dir) if root_dir is not None else jsbsim_root()
    folder = main.path.parent
    doc = Document(main=main, root_dir=root_dir, is_aircraft=True, files=[main])
    loader = _Loader(doc, folder, root_dir)
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

    def __init__(self, doc: Document, folder: Path, root_dir: Path):
        self.doc = doc
        self.folder = folder
        self.root_dir = root_dir
        self.seen: dict[Path, tuple[ConfigFile | None, str | None]] = {
            doc.main.path: (doc.main, None)
        }
        self.listing = _Listing()
        self.searched: dict[tuple[str, str], tuple[tuple[Path, ...], Path | None]] = {}
        """The places searched and the file found, by (element tag, name): engines repeat."""

    def _search(self, element: Element, name: str) -> tuple[tuple[Path, ...], Path | None]:
        key = (str(element.tag), name)
        if key not in self.searched:
            candidates = tuple(_candidates(element, name, self.folder, self.root_dir))
            found = next((p for p in candidates if self.listing.has(p)), None)
            self.searched[key] = (candidates, found.absolute() if found is not None else None)
        return self.searched[key]

    def follow(self, source: ConfigFile, element: Element) -> None:
        name = element.get("file", "")
        candidates, found = self._search(element, name)
        target = error = None
        if found is not None:
            if found in self.seen:
                target, error = self.seen[found]
            else:
                target, error = _read_referenced(found, self.doc)
                self.seen[found] = (target, error)
        self.doc.references.append(
            FileReference(
                source, element, name, _expected_roots(element), candidates, found, target, error
            )
        )


def _read_referenced(path: Path, doc: Document) -> tuple[ConfigFile | None, str | None]:
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
    path: Path, root_dir: Path | None = None, aircraft_dirs: Sequence[PathLike] = ()
) -> Document:
    """A script with the initial-conditions file it uses (``<use aircraft= initialize=>``).

    The aircraft is found by name like everywhere in flightsim and the file in
    its folder; when either is missing, the document holds the script alone
    (the script rules report it).
    """
    doc = single_file_document(path, root_dir)
    doc.aircraft_dirs = tuple(Path(d) for d in aircraft_dirs)
    use = first_child(doc.main.root, "use")
    if use is None or not use.get("aircraft") or not use.get("initialize"):
        return doc
    try:
        folder = find_aircraft(use.get("aircraft", ""), doc.aircraft_dirs).folder
    except NotFoundError:
        return doc
    name = use.get("initialize", "")
    initial = folder / (name if name.endswith(".xml") else name + ".xml")
    if initial.is_file():  # a missing one is FS603
        target, error = _read_referenced(initial.absolute(), doc)
        doc.references.append(
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
    root_dir = Path(root_dir) if root_dir is not None else jsbsim_root()
    return Document(main=config, root_dir=root_dir, is_aircraft=False, files=[config])
