"""Duplicate rules (FS401-FS405): names and properties defined more than once.

JSBSim accepts two FCS components with the same name silently (both write the
same ``fcs/<name>`` property) and keeps one value of a property declared twice;
it refuses two functions with the same name ("property already bound").

A shared system file (in the root's ``systems/`` folder) may declare a
property that the aircraft declared before it: that is how an aircraft sets
the parameters of a shared system, and JSBSim keeps the aircraft's value. Only
the other repeated declarations are reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from flightsim.config.caches import FileMemo
from flightsim.config.diagnostics import Diagnostic, Severity
from flightsim.config.document import SECTION_ELEMENTS, SYSTEM_ELEMENTS, ConfigFile, Document
from flightsim.config.file_property_uses import (
    COMPONENT_TYPES,
    DECLARING_PARENTS,
    component_property,
)
from flightsim.config.rules import check, rule

FS401 = rule("FS401", Severity.ERROR, "two FCS components have the same name")
FS402 = rule("FS402", Severity.ERROR, "a property is declared twice with different values")
FS403 = rule("FS403", Severity.ERROR, "a function is defined twice (same name)")
FS405 = rule("FS405", Severity.WARNING, "a property is declared twice with the same value")

_FUNCTION_PARENTS = frozenset({"aerodynamics", "axis", "system", "autopilot", "flight_control"})
_SHARED_TREE_KINDS = frozenset({"fdm_config", "runscript", *SECTION_ELEMENTS, *SYSTEM_ELEMENTS})
"""Files whose definitions share one property tree: the aircraft, its sections and systems,
a script; not engines and thrusters (each engine index has its own properties)."""


def _aircraft_files(document: Document) -> list[ConfigFile]:
    """The files of ``document`` whose definitions share one property tree."""
    return [config for config in document.files if config.kind in _SHARED_TREE_KINDS]


def _component_names(config: ConfigFile) -> list[tuple[str, etree._Element]]:
    """(property driven, element) of each named FCS component of one file."""
    return [
        (component_property(component.get("name", "")), component)
        for channel in config.root.iter("channel")
        for component in channel
        if component.tag in COMPONENT_TYPES and component.get("name")
    ]


def _declarations(config: ConfigFile) -> list[tuple[str, etree._Element]]:
    """(name, element) of each ``<property>`` declaration of one file, in document order."""
    found = [
        ((prop.text or "").strip(), prop)
        for parent in config.root.iter(*DECLARING_PARENTS)
        for prop in parent.iterchildren("property")
    ]
    found.sort(key=lambda item: item[1].sourceline or 0)  # parents may nest (rarely)
    return [(name, prop) for name, prop in found if name]


def _functions(config: ConfigFile) -> list[tuple[str, etree._Element]]:
    """(name, element) of each named ``<function>`` of a model or system in one file."""
    found = []
    for function in config.root.iter("function"):
        name = function.get("name")
        parent = function.getparent()
        if name and parent is not None and parent.tag in _FUNCTION_PARENTS:
            found.append((name, function))
    return found


_COMPONENT_NAMES = FileMemo(_component_names)
_DECLARATIONS = FileMemo(_declarations)
_FUNCTIONS = FileMemo(_functions)


def _first_line(config: ConfigFile, element: etree._Element) -> str:
    return f"{config.display}:{element.sourceline}"


@check(FS401, scope="document")
def duplicate_components(document: Document) -> Iterator[Diagnostic]:
    """FCS components (in every system, autopilot and flight control) with the same name."""
    first: dict[str, tuple[ConfigFile, etree._Element]] = {}
    for config in _aircraft_files(document):
        for key, component in _COMPONENT_NAMES.get(config):
            if key in first:
                where = _first_line(*first[key])
                yield FS401.at(
                    config,
                    component,
                    f'FCS component name "{component.get("name")}" is already used at '
                    f"{where}; both drive the property {key}",
                    hint="rename one of them (JSBSim does not complain, the later one "
                    "silently overwrites the other's output)",
                )
            else:
                first[key] = (config, component)


@check(FS402, FS405, scope="document")
def duplicate_properties(document: Document) -> Iterator[Diagnostic]:
    """``<property value=...>`` declarations of the same property."""
    first: dict[str, tuple[ConfigFile, etree._Element, str | None]] = {}
    shared = (document.root_dir / "systems").absolute()  # the root's shared systems
    for config in _aircraft_files(document):
        for name, prop in _DECLARATIONS.get(config):
            value = prop.get("value")
            if name not in first:
                first[name] = (config, prop, value)
                continue
            first_config, first_prop, first_value = first[name]
            if first_config is not config and config.path.parent == shared:
                continue  # a shared system's default, set beforehand by the aircraft
            where = _first_line(first_config, first_prop)
            if _same(value, first_value):
                yield FS405.at(
                    config,
                    prop,
                    f"property {name} is already declared at {where}",
                    hint="remove the second declaration",
                )
            else:
                yield FS402.at(
                    config,
                    prop,
                    f"property {name} is declared again with value {value or '0 (default)'}; "
                    f"first declared at {where} with value {first_value or '0 (default)'}",
                    hint="declare each property once; JSBSim keeps only one of the values "
                    "without a word",
                )


def _same(a: str | None, b: str | None) -> bool:
    try:
        return float(a or 0) == float(b or 0)
    except ValueError:
        return a == b


@check(FS403, scope="document")
def duplicate_functions(document: Document) -> Iterator[Diagnostic]:
    """Named functions of the aircraft and its systems defined twice."""
    first: dict[str, tuple[ConfigFile, etree._Element]] = {}
    for config in _aircraft_files(document):
        for name, function in _FUNCTIONS.get(config):
            if name in first:
                yield FS403.at(
                    config,
                    function,
                    f"function {name} is already defined at {_first_line(*first[name])}; "
                    "JSBSim stops loading ('property already bound')",
                    hint="rename or remove one of them",
                )
            else:
                first[name] = (config, function)
