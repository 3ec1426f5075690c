"""Duplicate rules (FS401-FS405): names and properties defined more than once.

JSBSim accepts two FCS components with the same name silently (both write the
same ``fcs/<name>`` property, each its own ``<output>`` as given) and keeps one
value of a property declared twice;
it refuses two functions with the same name ("property already bound").

A shared system file (in the root's ``systems/`` folder) may declare a
property that the aircraft declared before it: that is how an aircraft sets
the parameters of a shared system, and JSBSim keeps the aircraft's value. Only
the other repeated declarations are reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from flightsim.config.aircraft_property_uses import PropertyUses, document_uses
from flightsim.config.caches import FileMemo
from flightsim.config.diagnostics import Diagnostic, Severity
from flightsim.config.document import (
    SECTION_ELEMENTS,
    SYSTEM_ELEMENTS,
    ConfigFile,
    Document,
    first_child,
)
from flightsim.config.file_property_uses import (
    COMPONENT_TYPES,
    DECLARING_PARENTS,
    component_property,
)
from flightsim.config.property_catalog import canonical
from flightsim.config.rules import check, rule

FS401 = rule("FS401", Severity.ERROR, "two FCS components have the same name")
FS402 = rule("FS402", Severity.ERROR, "a property is declared twice with different values")
FS403 = rule("FS403", Severity.ERROR, "a function is defined twice (same name)", refuses=True)
FS405 = rule("FS405", Severity.WARNING, "a property is declared twice with the same value")

_FUNCTION_PARENTS = frozenset({"axis", *SECTION_ELEMENTS, *SYSTEM_ELEMENTS}) - {"planet", "output"}
"""Where a named ``<function>`` binds a property (``FGModel::Upload`` of every model section
and system, and an aerodynamic axis)."""
_SHARED_TREE_KINDS = frozenset({"fdm_config", "runscript", *SECTION_ELEMENTS, *SYSTEM_ELEMENTS})
"""Files whose definitions share one property tree: the aircraft, its sections and systems,
a script; not engines and thrusters (each engine index has its own properties)."""


def aircraft_files(document: Document) -> list[ConfigFile]:
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
FUNCTIONS = FileMemo(_functions)


def _first_line(config: ConfigFile, element: etree._Element) -> str:
    return f"{config.display}:{element.sourceline}"


FS410 = rule(
    "FS410",
    Severity.WARNING,
    "two FCS components have the same name, each its own <output>, and nothing reads the name",
)


def _outputs(component: etree._Element) -> list[str]:
    """The properties named by a component's ``<output>`` elements, as written."""
    return [
        text for output in component.iterchildren("output") if (text := (output.text or "").strip())
    ]


@check(FS401, FS410, scope="document")
def duplicate_components(document: Document) -> Iterator[Diagnostic]:
    """FCS components (in every system, autopilot and flight control) with the same name.

    Both write the property of the name, ``fcs/<name>``, which holds whichever ran last
    in the frame; an ``<output>`` of either is written as given (measured with JSBSim
    1.3.3 on the bundled f15: its two ``elevator position`` components drive
    ``fcs/elevator-pos-norm`` and ``fcs/elevator-pos-rad`` as they do renamed). An error
    (FS401) when a file of the aircraft reads ``fcs/<name>`` or one of the two has no
    ``<output>`` (that property is then its only result); else a warning (FS410)."""
    first: dict[str, tuple[ConfigFile, etree._Element]] = {}
    uses: PropertyUses | None = None
    for config in aircraft_files(document):
        for key, component in _COMPONENT_NAMES.get(config):
            if key not in first:
                first[key] = (config, component)
                continue
            earlier = first[key][1]
            if uses is None:
                uses = document_uses(document)
            reader = next(uses.reads_of({canonical(key)}), None)
            text = (
                f'FCS component name "{component.get("name")}" is already used at '
                f"{_first_line(*first[key])}: both write the property {key}, which holds "
                "whichever of the two ran last"
            )
            hint = "rename one of them (JSBSim does not complain)"
            outputs = (_outputs(earlier), _outputs(component))
            if reader is None and all(outputs):
                yield FS410.at(
                    config,
                    component,
                    f"{text}; nothing in the aircraft reads it, and each writes its own "
                    f"<output> ({', '.join(outputs[0])}; {', '.join(outputs[1])}) as given",
                    hint=f"{hint}, so that {key} names one component: a script, an <output> "
                    "or FlightGear reading it gets the later one's value",
                )
                continue
            if reader is not None:
                line = reader.known_line or reader.element.sourceline
                why = f"; {reader.config.display}:{line} reads it"
            else:
                without = "the first" if not outputs[0] else "this one"
                why = f"; it is the only result of {without}, which has no <output>"
            yield FS401.at(config, component, text + why, hint=hint)


@check(FS402, FS405, scope="document")
def duplicate_properties(document: Document) -> Iterator[Diagnostic]:
    """``<property value=...>`` declarations of the same property."""
    first: dict[str, tuple[ConfigFile, etree._Element, str | None]] = {}
    shared = (document.root_dir / "systems").absolute()  # the root's shared systems
    for config in aircraft_files(document):
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
    for config in aircraft_files(document):
        for name, function in FUNCTIONS.get(config):
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


FS406 = rule(
    "FS406",
    Severity.ERROR,
    "two aerodynamic <axis> fill the same force or moment (the later replaces the first)",
)
FS407 = rule("FS407", Severity.WARNING, "the aerodynamic axes mix axis systems")

AXIS_SLOTS = {
    "DRAG": 0,
    "AXIAL": 0,
    "X": 0,
    "SIDE": 1,
    "Y": 1,
    "LIFT": 2,
    "NORMAL": 2,
    "Z": 2,
    "ROLL": 3,
    "PITCH": 4,
    "YAW": 5,
}
"""The force or moment each axis name fills (``FGAerodynamics::AxisIdx``): JSBSim keeps one
list of functions per slot, and an axis replaces the list of the slot."""
_FORCE_SYSTEMS = {"LIFT": "wind", "DRAG": "wind", "AXIAL": "body axial/normal"}
_FORCE_SYSTEMS["NORMAL"] = "body axial/normal"
_FRAMES = {"": "body", "BODY": "body", "STABILITY": "stability", "WIND": "wind"}


def _axis_system(axis: etree._Element) -> tuple[str, str] | None:
    """(forces or moments, the system) an axis sets (``DetermineAxisSystem``); None for
    SIDE (it fits the wind and the axial/normal systems) and unknown names or frames."""
    name = axis.get("name", "")
    if name in _FORCE_SYSTEMS:
        return "forces", _FORCE_SYSTEMS[name]
    frame = _FRAMES.get(axis.get("frame", ""))
    if frame is None or name not in ("X", "Y", "Z", "ROLL", "PITCH", "YAW"):
        return None
    return ("forces" if name in ("X", "Y", "Z") else "moments"), frame


@check(FS406, FS407, scope="file")
def duplicate_axes(config: ConfigFile) -> Iterator[Diagnostic]:
    """The axes of each ``<aerodynamics>`` of a file: one per slot, one axis system."""
    root = config.root
    sections = [root] if root.tag == "aerodynamics" else root.iterchildren("aerodynamics")
    for aerodynamics in sections:
        first: dict[int, etree._Element] = {}
        systems: dict[str, tuple[str, etree._Element]] = {}
        for axis in aerodynamics.iterchildren("axis"):
            name = axis.get("name", "")
            slot = AXIS_SLOTS.get(name)
            if slot is None:
                continue  # an unknown name is the vocabulary's finding (FS113)
            if slot in first:
                earlier = first[slot]
                where = _first_line(config, earlier)
                same = (
                    f"is already defined at {where}"
                    if earlier.get("name") == name
                    else f'fills the same {"force" if slot < 3 else "moment"} as <axis name="'
                    f'{earlier.get("name")}"> at {where}'
                )
                yield FS406.at(
                    config,
                    axis,
                    f'<axis name="{name}"> {same}: JSBSim replaces that axis\'s '
                    f"{len(list(earlier.iterchildren('function')))} function(s) by this one's, "
                    "without a word",
                    hint="merge the two axes' functions into one <axis>, or fix the name "
                    "(DRAG, SIDE, LIFT, ROLL, PITCH, YAW; or X, Y, Z; or AXIAL, NORMAL)",
                )
            else:
                first[slot] = axis
            system = _axis_system(axis)
            if system is None:
                continue
            kind, which = system
            if kind not in systems:
                systems[kind] = (which, axis)
            elif systems[kind][0] != which:
                chosen, chosen_axis = systems[kind]
                yield FS407.at(
                    config,
                    axis,
                    f'<axis name="{name}"> is of the {which} system, but the {kind} are '
                    f'already in the {chosen} system (<axis name="{chosen_axis.get("name")}"> at '
                    f"{_first_line(config, chosen_axis)}): JSBSim warns and reads all {kind} in "
                    f"the {chosen} system",
                    hint="use the axes of one system: DRAG SIDE LIFT (wind), X Y Z (body, "
                    "or frame=STABILITY/WIND), AXIAL SIDE NORMAL",
                )


FS408 = rule("FS408", Severity.WARNING, "two FCS components write the same property")


def _written(config: ConfigFile) -> list[tuple[str, etree._Element, etree._Element]]:
    """(property, component, element naming it) for each ``<output>`` of each FCS component
    of one file (a component's own name is :func:`_component_names`)."""
    found = []
    for channel in config.root.iter("channel"):
        for component in channel:
            if component.tag in COMPONENT_TYPES:
                for output in component.iterchildren("output"):
                    name = (output.text or "").strip().removeprefix("/fdm/jsbsim/")
                    if name:
                        found.append((name, component, output))
    return found


_WRITTEN = FileMemo(_written)


@check(FS408, scope="document")
def shared_outputs(document: Document) -> Iterator[Diagnostic]:
    """An ``<output>`` writing the property another component writes (its name's property
    or its own ``<output>``); two components of the same name are FS401 or FS410."""
    writers: dict[str, tuple[ConfigFile, etree._Element]] = {}
    files = aircraft_files(document)
    for config in files:
        for key, component in _COMPONENT_NAMES.get(config):
            writers.setdefault(key, (config, component))
    for config in files:
        for name, component, output in _WRITTEN.get(config):
            first = writers.setdefault(name, (config, component))
            if first[1] is component:
                continue
            yield FS408.at(
                config,
                output,
                f'<output> {name} of {component.tag!s} "{component.get("name", "")}" is also '
                f'written by {first[1].tag!s} "{first[1].get("name", "")}" at '
                f"{_first_line(*first)}: each frame the later one in the run order "
                "overwrites the other",
                hint="give each component its own output property and combine them in one "
                "component (a summer or a switch) if both are meant to drive it",
            )


FS409 = rule("FS409", Severity.ERROR, "two external forces, or two moments, have the same name")


@check(FS409, scope="document")
def duplicate_forces(document: Document) -> Iterator[Diagnostic]:
    """Forces and moments of ``<external_reactions>`` bind ``external_reactions/NAME/...``
    (``FGExternalForce``): a second force, or a second moment, of the same name cannot
    bind them. A force and a moment may share a name: the force binds ``x``, ``y``, ``z``,
    ``magnitude`` and ``location-*``, the moment ``l``, ``m``, ``n`` and
    ``magnitude-lbsft`` (measured with JSBSim 1.3.3)."""
    element = first_child(document.main.root, "external_reactions")
    if document.main.kind != "fdm_config" or element is None:
        return
    config = document.target(element) or document.main
    first: dict[tuple[str, str], etree._Element] = {}
    for force in document.content(element).iterchildren("force", "moment"):
        name = force.get("name", "")
        key = (str(force.tag), name)
        if key in first:
            yield FS409.at(
                config,
                force,
                f'<{force.tag!s} name="{name}"> is already defined at '
                f"{_first_line(config, first[key])}: JSBSim cannot bind this one's "
                f"properties (external_reactions/{name}/...; it logs 'Failed to tie'), so "
                "setting them moves the first one only",
                hint=f"give each {force.tag!s} its own name",
            )
        else:
            first[key] = force
