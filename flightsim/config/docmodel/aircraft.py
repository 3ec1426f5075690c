"""An aircraft as one editable document: its main file and every file it references.

:meth:`AircraftDocument.open` reads an aircraft (a name, its folder or its
main file) and the engine, thruster, system and section files its ``file=``
attributes name, found where JSBSim looks for them.
:meth:`AircraftDocument.new` starts one from nothing (the generator's path):
the same elements, the same checks, the same writer. ``doc.metrics`` is the
``<metrics>`` section (the root of its file when it has ``file=``); a ``file=``
set on an engine, thruster or system must name a file JSBSim finds, on disk
or added to the document with :meth:`AircraftDocument.add_file`.
:meth:`AircraftDocument.validate` runs the validator on the document as it is
in memory; :meth:`AircraftDocument.save` writes it.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from flightsim.config.docmodel.element import Element
from flightsim.config.docmodel.values import DIGITS
from flightsim.config.docmodel.vocab import (
    ENGINE_ROOTS,
    THRUSTER_ROOTS,
    Diagnostic,
    XMLReadError,
    reference_candidates,
    validate,
)
from flightsim.config.docmodel.xmlfile import XmlFile
from flightsim.errors import ConfigError, NotFoundError
from flightsim.paths import Folders, PathLike, find_aircraft, jsbsim_root

_EXPECTED_ROOTS = {"engine": ENGINE_ROOTS, "thruster": THRUSTER_ROOTS}
_FIELDS = frozenset({"main", "folder", "root_dir", "files", "stem"})


class AircraftDocument:
    """An aircraft's files, editable and validated on every change.

    ``main`` is the main file; ``files`` every other file of the document, by its
    path relative to the aircraft folder (``Engines/eng_io320.xml``), or absolute
    for a file outside it (an engine of the JSBSim root's ``engine/``);
    ``folder`` the aircraft folder (None for a new aircraft not saved yet),
    ``root_dir`` the JSBSim root whose ``engine/`` and ``systems/`` are searched last.
    """

    def __init__(self, main: XmlFile, folder: Path | None, root_dir: Path) -> None:
        self.main = main
        self.folder = folder
        self.root_dir = root_dir
        self.files: dict[str, XmlFile] = {}
        self.stem = main.path.stem if main.path is not None else ""
        main.reference_check = self._check_reference

    # --- opening and building ------------------------------------------------------

    @classmethod
    def open(
        cls,
        target: PathLike,
        aircraft_dirs: Folders = (),
        root: PathLike | None = None,
    ) -> AircraftDocument:
        """Read an aircraft (name, folder or main file) with every file it references.

        A referenced file that is missing or malformed is left out (``validate()``
        reports it); the main file must be readable (ConfigError otherwise).
        """
        path = Path(os.fspath(target)).expanduser()
        if path.is_dir():
            path = path / f"{path.name}.xml"
        elif not path.is_file():
            path = find_aircraft(os.fspath(target), aircraft_dirs).main_file
        main = XmlFile.read(path)
        assert main.root is not None and main.path is not None
        if main.root.tag != "fdm_config":
            raise ConfigError(
                f"the root element is <{main.root.tag}>, not <fdm_config>: not an aircraft "
                "main file (read one file with XmlFile.read)",
                file=main.path,
            )
        root_dir = Path(os.path.abspath(root)) if root is not None else jsbsim_root()
        doc = cls(main, main.path.parent, root_dir)
        for element in doc._references():
            try:
                doc.referenced(element)
            except ConfigError:
                continue  # missing or malformed: the validator reports it
        return doc

    @classmethod
    def new(
        cls,
        stem: str,
        *,
        name: str | None = None,
        version: str = "2.0",
        release: str = "ALPHA",
        header: str | None = None,
        digits: int = DIGITS,
        root: PathLike | None = None,
    ) -> AircraftDocument:
        """A new aircraft whose main file will be ``<stem>.xml`` in a folder ``<stem>``:
        ``<fdm_config name=... version=... release=...>`` and nothing else yet
        (``header``: a comment before it; ``digits``: the significant digits of the
        numbers written, in this file and those added with :meth:`add_file`)."""
        main = XmlFile.new(
            "fdm_config",
            header=header,
            digits=digits,
            name=name or stem,
            version=version,
            release=release,
        )
        root_dir = Path(os.path.abspath(root)) if root is not None else jsbsim_root()
        doc = cls(main, None, root_dir)
        doc.stem = stem
        return doc

    def add_file(
        self,
        relative: str,
        root_tag: str,
        /,
        *,
        header: str | None = None,
        **attributes: str | float,
    ) -> XmlFile:
        """Add a new file to the aircraft (``"Engines/trainer_engine.xml"``,
        ``"piston_engine"``, name="..."; ``header``: a comment before the root): it is
        written with the aircraft, and a ``file=`` naming it resolves to it."""
        key = Path(relative).as_posix()
        if key in self.files or Path(key).is_absolute() or ".." in Path(key).parts:
            raise ConfigError(
                f"cannot add {relative!r}: give a new path inside the aircraft folder"
            )
        xml = XmlFile.new(root_tag, header=header, digits=self.main.digits, attributes=attributes)
        xml.reference_check = self._check_reference
        self.files[key] = xml
        return xml

    # --- reading ---------------------------------------------------------------------

    @property
    def root(self) -> Element:
        """The ``<fdm_config>`` element."""
        assert self.main.root is not None
        return self.main.root

    def section(self, tag: str) -> Element | None:
        """A top-level element (``metrics``, ``propulsion`` ...), the root of its file when
        it has ``file=``; None when absent."""
        element = self.root.child(tag)
        if element is None:
            return None
        target = self.referenced(element) if element.get("file") else None
        return target.root if target is not None else element

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in _FIELDS:
            raise AttributeError(
                f"an aircraft document has no field {name!r}: set values on its elements "
                f"(doc.metrics.wingarea = ...)"
            )
        object.__setattr__(self, name, value)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        section = self.section(name)
        if section is not None:
            return section
        return getattr(self.root, name)

    def engines(self) -> list[Element]:
        """The ``<engine>`` elements of the propulsion section."""
        propulsion = self.section("propulsion")
        return propulsion.children_named("engine") if propulsion is not None else []

    def engine_file(self, index: int) -> XmlFile | None:
        """The file of engine ``index`` (None for an engine defined inline)."""
        return self.referenced(self.engines()[index])

    def thruster_file(self, index: int) -> XmlFile | None:
        """The thruster file of engine ``index`` (None when inline or absent)."""
        thruster = self.engines()[index].child("thruster")
        return self.referenced(thruster) if thruster is not None else None

    def referenced(self, element: Element) -> XmlFile | None:
        """The file named by ``element``'s ``file=`` (None without one); ConfigError when
        JSBSim would not find it or it cannot be read."""
        name = element.get("file")
        if not name:
            return None
        return self._resolve(element, name)

    def _references(self) -> list[Element]:
        found = [c for c in self.root.elements() if c.get("file")]
        propulsion = self.section("propulsion")
        if propulsion is not None:
            for engine in propulsion.children_named("engine"):
                found.append(engine)
                found.extend(engine.children_named("thruster"))
        return [e for e in found if e.get("file")]

    def _folder(self) -> Path:
        return self.folder if self.folder is not None else Path.cwd() / (self.stem or "aircraft")

    def _resolve(self, element: Element, name: str) -> XmlFile:
        """The file JSBSim reads for ``file=name`` on ``element``, read once."""
        folder = self._folder()
        candidates = reference_candidates(element.tag, name, folder, self.root_dir)
        for candidate in candidates:
            path = Path(candidate)
            key = self._key(path)
            if key in self.files:
                return self.files[key]
            if os.path.isfile(path):
                try:
                    xml = XmlFile.read(path)
                except XMLReadError as exc:
                    raise element.error(f"file {name!r} cannot be read: {exc}") from None
                xml.reference_check = self._check_reference
                self.files[key] = xml
                return xml
        shown = ", ".join(os.path.relpath(c, folder) for c in candidates)
        raise element.error(
            f"file {name!r} is not where JSBSim looks for it (searched, from the aircraft "
            f"folder: {shown}); add it with add_file() or give an existing one",
            NotFoundError,
        )

    def _key(self, path: Path) -> str:
        folder = self._folder()
        try:
            return path.relative_to(folder).as_posix()
        except ValueError:
            return str(path)

    def _check_reference(self, element: Element, name: str) -> None:
        target = self._resolve(element, name)
        # an engine file holds an engine, a thruster file a thruster; a section or
        # system file holds the element that names it (<autopilot file=...>: <autopilot>)
        expected = _EXPECTED_ROOTS.get(element.tag, frozenset({element.tag}))
        root = target.root.tag if target.root is not None else ""
        if root not in expected:
            raise element.error(
                f"file {name!r} holds a <{root}>, not one of {', '.join(sorted(expected))}"
            )

    # --- editing ---------------------------------------------------------------------

    def swap_engine(
        self, index: int, engine: str | None = None, thruster: str | None = None
    ) -> None:
        """Make engine ``index`` use another engine file and/or thruster file (names as
        in ``file=``); both are checked before either is changed."""
        engines = self.engines()
        if not -len(engines) <= index < len(engines):
            raise ConfigError(f"the aircraft has {len(engines)} engine(s), no engine {index}")
        element = engines[index]
        thruster_element = element.child("thruster")
        if thruster is not None and thruster_element is None:
            raise element.error("this engine has no <thruster> to swap")
        if engine is not None:
            self._check_reference(element, engine)
        if thruster is not None:
            assert thruster_element is not None
            self._check_reference(thruster_element, thruster)
        if engine is not None:
            element.set("file", engine)
        if thruster is not None:
            assert thruster_element is not None
            thruster_element.set("file", thruster)

    # --- writing and validating ------------------------------------------------------

    @property
    def modified(self) -> bool:
        """True when any file of the document was edited since it was read or saved."""
        return self.main.modified or any(f.modified for f in self.files.values())

    def save(self, folder: PathLike | None = None) -> Path:
        """Write the aircraft into ``folder`` (default: where it was read) and return the
        main file's path. Into a new folder, the files of the folder it was read from
        are copied first (initial conditions, unreferenced files). A file from outside
        the aircraft folder (the JSBSim root's ``engine/``) is written only when
        edited, into the aircraft's ``Engines/`` or ``Systems/`` (found there first)."""
        if folder is None:
            if self.folder is None:
                raise ConfigError("a new aircraft has no folder yet: give save() one")
            target = self.folder
        else:
            target = Path(os.path.abspath(os.fspath(folder)))
            if target.is_file() or target.suffix.lower() == ".xml":
                raise ConfigError(
                    f"save({os.fspath(folder)!r}): give a folder, not a file; the aircraft is "
                    f"written as <folder>/{self.stem}.xml (save({os.fspath(target.parent)!r}) "
                    f"writes {target.parent / (self.stem + '.xml')})"
                )
        if target.is_relative_to(jsbsim_root()):
            raise ConfigError(
                f"refusing to write into JSBSim's own data ({target}): save a copy with "
                "save(folder) and load it with aircraft_dirs=[its parent folder]"
            )
        if self.folder is not None and target != self.folder and self.folder.is_dir():
            shutil.copytree(self.folder, target, dirs_exist_ok=True)
        main = self.to_folder(target)
        files: dict[str, XmlFile] = {}
        for key, xml in self.files.items():
            place = _place(key, xml)
            if place is None:
                files[key] = xml
            else:
                xml.path = target / place
                files[place.as_posix()] = xml
            xml.modified = False
        self.main.path, self.main.modified = main, False
        self.folder, self.files = target, files
        return main

    def contents(self) -> dict[str, bytes]:
        """Every file to write, by path relative to the aircraft folder (sorted): the main
        file ``<stem>.xml`` and the others (an unedited file from outside the aircraft
        folder is left out: JSBSim finds it where it is)."""
        found = {f"{self.stem}.xml": self.main.to_bytes()}
        for key, xml in self.files.items():
            place = _place(key, xml)
            if place is not None:
                found[place.as_posix()] = xml.to_bytes()
        return dict(sorted(found.items()))

    def to_folder(self, folder: PathLike) -> Path:
        """Write :meth:`contents` into ``folder`` (the document keeps its place) and
        return the main file's path there."""
        target = Path(os.fspath(folder))
        for relative, data in self.contents().items():
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            (target / relative).write_bytes(data)
        return target / f"{self.stem}.xml"

    def validate(self) -> list[Diagnostic]:
        """Run the validator on the document as it is in memory (written to a temporary
        folder when edited); the diagnostics name the document's own files."""
        if not self.modified and self.folder is not None and self.main.path is not None:
            return validate(self.main.path, root=self.root_dir)  # as it is on disk
        with tempfile.TemporaryDirectory(prefix="flightsim-doc-") as scratch:
            folder = Path(scratch) / (self.stem or "aircraft")
            main = self.to_folder(folder)
            found = validate(main, root=self.root_dir)
            shown = str(self.folder) if self.folder is not None else f"<new {self.stem}>"
            return [_moved(d, str(folder), shown) for d in found]


def _place(key: str, xml: XmlFile) -> Path | None:
    """Where a file of the document goes in the aircraft folder (None: it stays outside)."""
    path = Path(key)
    if not path.is_absolute():
        return path
    if not xml.modified:
        return None
    root = xml.root.tag if xml.root is not None else ""
    return Path("Engines" if root in ENGINE_ROOTS | THRUSTER_ROOTS else "Systems") / path.name


def _moved(diagnostic: Diagnostic, scratch: str, shown: str) -> Diagnostic:
    """A diagnostic about a file of the temporary copy, naming the document's folder."""
    return dataclasses.replace(
        diagnostic,
        file=diagnostic.file.replace(scratch, shown),
        message=diagnostic.message.replace(scratch, shown),
    )
