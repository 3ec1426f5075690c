"""Property references (FS5xx): every property the XML reads must exist.

JSBSim resolves the properties that functions, tables, FCS components,
systems, outputs and scripts read when it initialises; an undefined one makes
``run_ic`` fail, and when a function reads it the process then aborts
(measured with JSBSim 1.3.3, see docs/validation.md). A property exists when JSBSim itself
creates it for this aircraft (:mod:`flightsim.config.property_catalog`:
engines by type and index, tanks, gear contacts, ...) or when the aircraft's
files define it (:mod:`flightsim.config.aircraft_property_uses`: ``<property>``
declarations, named functions and tables, FCS components and their outputs),
in any file and in any order.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator

from flightsim.config.aircraft_property_uses import (
    PropertyUse,
    PropertyUses,
    aircraft_features,
    document_uses,
)
from flightsim.config.diagnostics import Diagnostic, Severity
from flightsim.config.document import Document, first_child, load_aircraft
from flightsim.config.file_property_uses import SET_NAME, collect
from flightsim.config.property_catalog import catalog
from flightsim.config.rules import check, rule
from flightsim.config.rules.vocabulary_rules import read_by_jsbsim
from flightsim.errors import ConfigError, suggest
from flightsim.paths import find_script_aircraft

FS501 = rule("FS501", Severity.ERROR, "a property is read that neither JSBSim nor the files define")
FS502 = rule(
    "FS502",
    Severity.ERROR,
    "a property outside JSBSim's tree (/controls/..., /sim/...) is read but never defined",
)


def known_properties(document: Document, uses: PropertyUses) -> set[str]:
    """Every property that exists once JSBSim has loaded the aircraft of ``document``."""
    shipped = catalog()
    names = shipped.defined_for(aircraft_features(document))
    names |= uses.defined | document.provided
    for component in uses.components:
        names |= shipped.component_properties(component.kind, component.prop)
    return names


def undefined_names(document: Document, uses: PropertyUses) -> set[str]:
    """The names ``uses`` reads that neither JSBSim (for this aircraft) nor the files define.

    The same as ``uses.read_names - known_properties(document, uses)``, without building
    the set of every known name (most reads are of names the files define).
    """
    missing = uses.read_names - uses.defined - document.provided
    if missing:
        missing = catalog().undefined_among(aircraft_features(document), missing)
    if missing:
        written = _component_writes(uses)
        missing = {n for n in missing if not written(n)}
    return missing


def flightgear_inputs(document: Document) -> frozenset[str]:
    """The properties a FlightGear session holds before JSBSim loads the aircraft of
    ``document`` and the aircraft reads: its absolute names outside JSBSim's tree
    (``/controls/...``) that nothing defines, and :attr:`Document.provided`."""
    uses = document_uses(document)
    outside = {name for name in undefined_names(document, uses) if name.startswith("/")}
    return document.provided | outside


def _component_writes(uses: PropertyUses) -> Callable[[str], bool]:
    """A test of whether a name is one JSBSim adds below an FCS component of ``uses``."""
    shipped = catalog()
    kinds: dict[str, set[str]] = {}
    for component in uses.components:
        kinds.setdefault(component.prop, set()).add(component.kind)

    def written(name: str) -> bool:
        for at, char in enumerate(name):
            prop = name[:at]
            if (
                char == "/"
                and prop in kinds
                and any(shipped.component_adds(kind, prop, name) for kind in kinds[prop])
            ):
                return True
        return False

    return written


def undefined_reads(
    uses: PropertyUses, missing: set[str], known: set[str], flightgear: bool = False
) -> Iterator[Diagnostic]:
    """One diagnostic per read of a name in ``missing`` (each place once); ``known``: every
    name that exists, for the did-you-mean. ``flightgear``: the hint also offers the
    ``-set.xml``'s ``<fdm><jsbsim>`` branch, where FlightGear declares properties.

    A place is its file, the element's path in the file's tree and the line: a pure
    function of the input (an engine file read once per engine gives its reads again).
    """
    if not missing:
        return
    seen: set[tuple[str, str, int | None, str]] = set()
    close = CloseNames(known)
    for use in uses.reads_of(missing):
        if not read_by_jsbsim(use.element):
            continue  # inside an element JSBSim never reads: FS110 says so, not FS501
        key = (
            use.config.display,
            use.element.getroottree().getpath(use.element),
            use.known_line,
            use.name,
        )
        if key not in seen:
            seen.add(key)
            yield _diagnostic(use, close, flightgear)


class CloseNames:
    """Did-you-mean phrases for undefined names, against the names that exist.

    Indexed once per aircraft, and bounded: a name is compared with the known names
    of its own folder (``fcs/`` for ``fcs/elevator-cmd``), then with those of the same
    leaf in other folders, then with those below the same top-level node; from each
    group only the :attr:`WINDOW` names nearest in (length, spelling). An aircraft with
    thousands of undefined names is validated in seconds, not minutes.
    """

    WINDOW = 60
    """Most names of one group compared with one undefined name."""

    def __init__(self, known: set[str]) -> None:
        self._known = known
        self._groups: list[dict[str, list[tuple[int, str]]] | None] = [None, None, None]
        self._said: dict[str, str] = {}

    @staticmethod
    def _keys(name: str) -> tuple[str, str, str]:
        """(folder, leaf, top-level node) of a name, case-folded as suggest() compares."""
        folder, _, leaf = name.casefold().rpartition("/")
        return folder, leaf, folder.split("/", 1)[0]

    def _group(self, level: int) -> dict[str, list[tuple[int, str]]]:
        """The known names by key of ``level`` (0 folder, 1 leaf, 2 top-level node), each
        list sorted by (length, name); built on first use."""
        group = self._groups[level]
        if group is None:
            group = self._groups[level] = {}
            for name in self._known:
                group.setdefault(self._keys(name)[level], []).append((len(name), name))
            for entries in group.values():
                entries.sort()
        return group

    def phrase(self, name: str) -> str:
        """``" Did you mean: a, b?"`` or ""."""
        said = self._said.get(name)
        if said is None:
            said = self._said[name] = self._phrase(name)
        return said

    def _phrase(self, name: str) -> str:
        for level, key in enumerate(self._keys(name)):
            entries = self._group(level).get(key)
            if entries:
                at = bisect.bisect_left(entries, (len(name), name))
                half = self.WINDOW // 2
                window = entries[max(0, at - half) : at + half]
                found = suggest(name, [candidate for _, candidate in window])
                if found:
                    return found
        return ""


def _diagnostic(use: PropertyUse, close: CloseNames, flightgear: bool = False) -> Diagnostic:
    # A component's input may be negated ("-fcs/x"): the property is quoted without the sign.
    written = use.written.removeprefix("-")
    quoted = f"'{written}'" + (" (negated)" if written != use.written else "")
    if use.name.startswith("/"):
        return FS502.at(
            use.config,
            use.element,
            f"{use.how} reads {quoted}, a property outside JSBSim's tree that only "
            "exists when JSBSim runs inside FlightGear; standalone, run_ic fails on it",
            hint="declare it with <property> in a system, or read a JSBSim property instead",
            line=use.known_line,
            token=use.written,
        )
    verb = "reads"
    hint = (
        "JSBSim fails at run_ic (and aborts when a function reads it): fix the name, "
        "or declare it with <property> or as a component <output>"
    )
    if use.how == SET_NAME:
        verb = "sets"
        hint = (
            "JSBSim sets only existing properties: it stops the script with 'No property "
            "... is defined' when the event fires; fix the name, or declare it with "
            "<property> in <run>"
        )
    if "#" in use.name:
        hint = "JSBSim replaces '#' by the engine index only in engine and thruster files"
    elif flightgear and use.how != SET_NAME:
        hint += (
            ", or below <fdm><jsbsim> in the -set.xml (FlightGear creates what is declared "
            "there before JSBSim loads the model)"
        )
    return FS501.at(
        use.config,
        use.element,
        f"{use.how} {verb} {quoted}, which neither JSBSim nor the aircraft's files "
        f"define.{close.phrase(use.name)}",
        hint=hint,
        line=use.known_line,
        token=use.written,
    )


@check(FS501, FS502, scope="document")
def undefined_properties(document: Document) -> Iterator[Diagnostic]:
    """Reads of undefined properties in an aircraft, or in a script with its aircraft."""
    if document.is_aircraft:
        uses = document_uses(document)
        missing = undefined_names(document, uses)
        if document.flightgear:  # FlightGear provides its own tree's properties
            missing = {name for name in missing if not name.startswith("/")}
        if missing:
            known = known_properties(document, uses)
            yield from undefined_reads(uses, missing, known, document.flightgear)
    elif document.main.kind == "runscript":
        yield from _script_reads(document)


def _script_reads(document: Document) -> Iterator[Diagnostic]:
    """A script's reads, checked against the aircraft it names in ``<use aircraft=...>``."""
    use = first_child(document.main.root, "use")
    name = (use.get("aircraft") or "").strip() if use is not None else ""
    if not name:
        return  # a script without its aircraft is the file rules' business
    main_file = document.root_dir / "aircraft" / name / f"{name}.xml"  # where JSBSim looks
    try:
        if not main_file.is_file():
            main_file = find_script_aircraft(name, document.aircraft_dirs).main_file
        aircraft = load_aircraft(main_file, document.root_dir)
    except ConfigError:  # NotFoundError included: reported by the file rules
        return
    uses = document_uses(aircraft)
    known = known_properties(aircraft, uses)
    script_uses = PropertyUses()
    script_uses.add(collect(document.main))
    known |= script_uses.defined_names()
    yield from undefined_reads(script_uses, script_uses.read_names - known, known)
