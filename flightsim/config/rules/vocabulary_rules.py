"""Vocabulary, number and unit rules (FS1xx, FS2xx): one walk over each file.

The walk follows :mod:`flightsim.config.vocabulary`: every element must be one
JSBSim reads at that place, every attribute one it looks at, enumerated values
must be among those it understands, numbers must parse and be finite, units
must exist and fit the quantity.
"""

from __future__ import annotations

import math
import re

from lxml import etree

from flightsim.config.diagnostics import Diagnostic, Severity
from flightsim.config.document import ConfigFile
from flightsim.config.rules import Rule, check, rule
from flightsim.config.vocabulary import ElementSpec, Vocabulary, holding, vocabulary
from flightsim.config.vocabulary_data import (
    COMPARISONS,
    FUNCTION_OPERATORS,
    MISPLACED,
    PARAMETER_VALUES,
    SKIPPED_WHEN_MISNAMED,
)
from flightsim.errors import suggest
from flightsim.units import JSBSIM_UNITS

FS103 = rule("FS103", Severity.ERROR, "the root element is not one of a JSBSim file", refuses=True)
FOREIGN_ROOTS = {
    "airplane": "a YASim flight model (FlightGear's other flight model)",
    "PropertyList": "a FlightGear property list (a -set.xml, a 3-D model, a dialog)",
}
"""Roots of the non-JSBSim XML files a FlightGear aircraft folder holds, said by name
(a did-you-mean among JSBSim's roots would mislead: ``<airplane>`` is no ``<planet>``)."""
FOREIGN_HINT = (
    "a FlightGear aircraft flies JSBSim when its -set.xml says <flight-model>jsb</flight-model>;"
    " validate that -set.xml (or the aircraft folder, or the file its <aero> names)"
)
FS110 = rule("FS110", Severity.ERROR, "unknown element (JSBSim ignores it silently)")
FS111 = rule("FS111", Severity.ERROR, "unknown attribute (JSBSim ignores it silently)")
FS112 = rule("FS112", Severity.ERROR, "a required attribute is missing")
FS113 = rule("FS113", Severity.ERROR, "an attribute or text value is not one JSBSim understands")
FS114 = rule("FS114", Severity.WARNING, "an element JSBSim accepts but does not use")
FS122 = rule("FS122", Severity.ERROR, "a required child element is missing")
FS131 = rule(
    "FS131", Severity.ERROR, "a function operation has the wrong number of operands", refuses=True
)
FS132 = rule(
    "FS132", Severity.WARNING, "a product, sum, avg, difference, min or max has one operand"
)
ONE_OPERAND_NO_OPS = frozenset({"product", "sum", "avg", "difference", "min", "max"})
"""Operations JSBSim replaces by their operand when given one (it warns: "only has one
argument which makes it a no-op"; ``VarArgsFn`` in ``FGFunction.cpp``)."""
FS201 = rule("FS201", Severity.ERROR, "a number does not parse", refuses=True)
FS202 = rule("FS202", Severity.ERROR, "a number is not finite (NaN, inf or overflow)", refuses=True)
FS203 = rule("FS203", Severity.ERROR, "unknown unit", refuses=True)
FS204 = rule(
    "FS204", Severity.ERROR, "the unit does not fit the quantity (wrong dimension)", refuses=True
)
FS205 = rule("FS205", Severity.WARNING, "a value without a unit where the default is surprising")
FS206 = rule("FS206", Severity.WARNING, "a unit= where JSBSim converts nothing (it is ignored)")
FS207 = rule("FS207", Severity.ERROR, "a number is outside the range where JSBSim works as meant")
PHYSICS_CHECKED = frozenset(
    {"emptywt", "weight", "ixx", "iyy", "izz", "wingarea", "wingspan", "metrics/chord"}
    | {"capacity", "contents"}
)
"""Vocabulary entries with a range whose values the plausibility rules check with more
context (FS701, FS702, FS704, FS709): not reported again as FS207."""
FS404 = rule("FS404", Severity.ERROR, "an element JSBSim reads once appears again (ignored)")

NUMBER = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$")
NON_FINITE = re.compile(r"^[-+]?(?:nan|inf|infinity)$", re.IGNORECASE)
_XSI = "{http://www.w3.org/2001/XMLSchema-instance}"
OPERATORS = frozenset(FUNCTION_OPERATORS.split())
COMPARISON_OPERATORS = tuple(COMPARISONS.split())
_TRIPLETS = ("x", "y", "z", "roll", "pitch", "yaw")


def parse_number(text: str) -> float | None:
    """``text`` as a float when it is a plain decimal number JSBSim accepts, else None."""
    try:
        value = float(text)
    except ValueError:
        return None
    if "_" in text or (value != value or value in (math.inf, -math.inf)):
        text = text.strip()
        return float(text) if NUMBER.match(text) else None
    return value


def _tag_list(names: frozenset[str] | None, limit: int = 24) -> str:
    if not names:
        return "none"
    shown = sorted(names)
    more = f" (and {len(shown) - limit} more)" if len(shown) > limit else ""
    return ", ".join(f"<{n}>" for n in shown[:limit]) + more


def _fitting_units(spec: ElementSpec) -> list[str]:
    """The JSBSim units of the dimensions ``spec`` accepts (empty when it states none)."""
    return sorted(n for n, u in JSBSIM_UNITS.items() if spec.dimensions & u.dimensions)


def _with_article(noun: str) -> str:
    """``noun`` with its indefinite article: "an area", "a length"."""
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


_AERODYNAMIC_NEEDS = frozenset(
    {("metrics", "wingarea"), ("metrics", "wingspan"), ("metrics", "chord"), ("fdm_config", "name")}
)
"""(element, child or attribute) required only of an aircraft with aerodynamics."""


def _skipped(spec: ElementSpec, attribute: str) -> str:
    """``: <what JSBSim does>`` for an element whose ``name=`` JSBSim does not know."""
    consequence = SKIPPED_WHEN_MISNAMED.get(spec.key) if attribute == "name" else None
    return "" if consequence is None else f": {consequence}"


def has_aerodynamics(root: etree._Element) -> bool:
    """Whether an aircraft file has aerodynamics: an ``<aerodynamics>`` holding a function
    or read from a file (a test rig without them flies on external forces alone)."""
    for aerodynamics in root.iterchildren("aerodynamics"):
        if aerodynamics.get("file") or next(aerodynamics.iter("function"), None) is not None:
            return True
    return False


def read_by_jsbsim(element: etree._Element) -> bool:
    """Whether JSBSim reads ``element``: every element from the file's root down to it is
    one the vocabulary knows at its place (free-form content counts as read)."""
    path = [element, *element.iterancestors()]
    path.reverse()
    vocab = vocabulary()
    spec = vocab.root(str(path[0].tag))
    for node in path[1:]:
        if spec is None or spec.children is None:
            return True  # not a JSBSim file, or free-form content: nothing to tell
        spec = vocab.child(spec, str(node.tag))
        if spec is None:
            return False
    return True


def _misread_unit(
    element: etree._Element, parent: etree._Element, parent_spec: ElementSpec
) -> tuple[str, str] | None:
    """(message, hint) when the ignored ``unit=`` of ``element``, a number of a triplet
    such as ``<orient>`` or ``<location>``, differs from the unit JSBSim reads it in (the
    parent's ``unit=``, else its default) and the number is not 0: the value is misread
    (``<orient><pitch unit="DEG">5</pitch>`` is 5 rad, 286°; measured: the thruster's
    ``pitch-angle-rad`` is 5). None when the unit is harmless or cannot be compared."""
    default = parent_spec.unit
    written = (element.get("unit") or "").strip()
    if default is None or not written or not parent_spec.surprising_default:
        return None  # only locations and orientations (a <direction> is normalised)
    used = (parent.get("unit") or default).strip()
    given, read = JSBSIM_UNITS.get(written), JSBSIM_UNITS.get(used)
    value = parse_number(element.text or "")
    if given is None or read is None or value is None or value == 0:
        return None
    shared = given.dimensions & read.dimensions
    if not shared or all(given.si_factors[d] == read.si_factors[d] for d in shared):
        return None
    source = "its unit=" if parent.get("unit") else "its default"
    return (
        f'unit="{written}" on <{element.tag!s}> is ignored: JSBSim reads the numbers of '
        f"<{parent.tag!s}> in {used} ({source}), so {value:g} is taken as {value:g} {used}, "
        f"not {value:g} {written}",
        f'put unit="{written}" on <{parent.tag!s}> (it applies to all its numbers) and '
        "remove it here",
    )


class _Walker:
    def __init__(self, config: ConfigFile, vocab: Vocabulary):
        self.config = config
        self.vocab = vocab
        self.found: list[Diagnostic] = []
        self.aerodynamic = config.root.tag != "fdm_config" or has_aerodynamics(config.root)
        """False for an aircraft without aerodynamics (a test rig): nothing reads its
        name, wing area, span or chord, so they are not required."""

    def run(self) -> list[Diagnostic]:
        root = self.config.root
        spec = self.vocab.root(str(root.tag))
        if spec is None:
            kinds = sorted(self.vocab.file_roots)
            foreign = FOREIGN_ROOTS.get(str(root.tag))
            self.found.append(
                FS103.at(
                    self.config,
                    root,
                    f"<{root.tag!s}> is not the root element of any JSBSim file"
                    + (
                        f": it is {foreign}, which JSBSim does not read."
                        if foreign
                        else f".{suggest(str(root.tag), kinds)}"
                    ),
                    hint=FOREIGN_HINT
                    if foreign
                    else "aircraft files start with <fdm_config>, engines with e.g. "
                    "<piston_engine>, thrusters with e.g. <propeller>, systems with <system>, "
                    "scripts with <runscript> (old-format uppercase files are not read by "
                    "JSBSim 1.x)",
                )
            )
            return self.found
        # Depth first. Each element is checked in its parent's loop, and only elements
        # whose children need checking are stacked, with the list of their children
        # (element[:] is cheaper than a child iterator). Parallel stacks: no tuple each.
        # The root is the one child of a document: holding(spec) (its end checks do nothing).
        kids_stack: list[list[etree._Element]] = [[root]]
        elements = [root]
        specs = [holding(spec)]
        while kids_stack:
            kids, element, spec = kids_stack.pop(), elements.pop(), specs.pop()
            child_specs = spec.child_specs
            repeatable = spec.repeatable
            operands = spec.operands
            seen: set[str] = set()
            count = 0  # operands, counted here rather than in a second pass over the children
            for child in kids:
                tag = child.tag
                if not isinstance(tag, str):  # comments and PIs are dropped when parsing
                    continue
                if operands is not None and tag in OPERATORS:
                    count += 1
                child_spec = child_specs[tag]  # resolved on first lookup, None: unknown
                if child_spec is None:
                    self._unknown_element(child, element, spec)
                    continue
                if tag not in repeatable:
                    if tag in seen:
                        self._repeated(child, element)
                    seen.add(tag)
                keys = child.keys()
                allowed_attributes = child_spec.attributes
                if (
                    keys
                    and allowed_attributes is not None
                    and not allowed_attributes.issuperset(keys)
                ):
                    self._unknown_attributes(child, child_spec, keys, element, spec)
                if child_spec.checks_attributes and (keys or child_spec.required_attributes):
                    self._attribute_values(child, child_spec)
                if child_spec.checks_content:
                    if child_spec.text == "number":
                        raw = child.text or ""
                        try:
                            plain = math.isfinite(float(raw)) and "_" not in raw
                        except ValueError:
                            plain = False
                        if not plain:  # the common case, a plain finite number, is fine
                            self._number(child, raw.strip())
                        elif child_spec.lower_bound is not None:
                            self._bound(child, child_spec, float(raw))
                    elif child_spec.checks_text:
                        self._text(child, child_spec)
                    if child_spec.checks_unit and (keys or child_spec.surprising_default):
                        self._unit(child, child_spec, child.get("unit") if keys else None)
                    if child_spec.ignored is not None:
                        self._ignored(child, child_spec)
                below = child_spec.children
                if below is None:
                    continue  # free-form content: not checked
                if below or len(child):  # a leaf spec without children is done here
                    kids_stack.append(child[:])
                    elements.append(child)
                    specs.append(child_spec)
            if operands is not None and not (
                operands[0] <= count and (operands[1] is None or count <= operands[1])
            ):
                self._operands(element, operands, count)
            if spec.required_children and not seen.issuperset(spec.required_children):
                self._required(element, spec, seen)
        return self.found

    def _bound(self, element: etree._Element, spec: ElementSpec, value: float) -> None:
        """FS207 for a number below the least value that makes physical sense."""
        bound = spec.lower_bound
        assert bound is not None
        if spec.key in PHYSICS_CHECKED:
            return
        if value > bound or (value == bound and not spec.lower_bound_exclusive):
            return
        wanted = (
            ("positive" if bound == 0 else f"above {bound:g}")
            if spec.lower_bound_exclusive
            else ("zero or positive" if bound == 0 else f"at least {bound:g}")
        )
        self.found.append(
            FS207.at(
                self.config,
                element,
                f"<{element.tag!s}> is {value:g}; it must be {wanted}",
                hint="JSBSim takes the number as it is and computes nonsense from it (a "
                "zero spring lets the gear sink through the ground, an altitude above ground "
                "below 0 starts the aircraft in it); check the value and its unit",
            )
        )

    def _ignored(self, element: etree._Element, spec: ElementSpec) -> None:
        """FS114 for an element JSBSim accepts but does not use."""
        self.found.append(
            FS114.at(
                self.config,
                element,
                f"<{element.tag!s}> here is ignored: {spec.ignored}",
                hint="remove it, or move the value where JSBSim reads it",
            )
        )

    def _operands(
        self, element: etree._Element, limits: tuple[int, int | None], count: int
    ) -> None:
        """FS131 when ``count``, the operations below ``element``, is outside ``limits``."""
        low, high = limits
        if low <= count and (high is None or count <= high):
            return
        wanted = (
            f"exactly {low}"
            if high == low
            else f"at least {low}"
            if high is None
            else (f"{low} to {high}")
        )
        if count == 1 and element.tag in ONE_OPERAND_NO_OPS:
            self.found.append(
                FS132.at(
                    self.config,
                    element,
                    f"<{element.tag!s}> has one operand: JSBSim warns that it is a no-op and "
                    "uses the operand's value",
                    hint=f"remove the <{element.tag!s}> around its operand, or add the "
                    "missing operand",
                )
            )
            return
        what = "function" if element.tag == "function" else "operation"
        self.found.append(
            FS131.at(
                self.config,
                element,
                f"<{element.tag!s}> has {count} operand(s); this {what} takes {wanted}",
                hint="fix the operands",
            )
        )

    def _repeated(self, child: etree._Element, element: etree._Element) -> None:
        if child.tag == "input":  # only a one-input FCS component reads its <input> once
            message = (
                f"<input> appears more than once in <{element.tag!s}>, which takes one input: "
                "JSBSim logs 'Too many <input> nodes', uses the first and ignores this one"
            )
            hint = "keep a single <input>; to combine several, feed this one from a <summer>"
        else:
            message = (
                f"<{child.tag!s}> appears more than once in <{element.tag!s}>; JSBSim reads "
                "the first and silently ignores this one"
            )
            hint = "keep a single one"
        self.found.append(FS404.at(self.config, child, message, hint=hint))

    def _required(self, element: etree._Element, spec: ElementSpec, seen: set[str]) -> None:
        if element.get("file"):
            return  # the content comes from the referenced file, checked on its own
        for required in spec.required_children:
            if required not in seen and (
                self.aerodynamic or (element.tag, required) not in _AERODYNAMIC_NEEDS
            ):
                self.found.append(
                    FS122.at(
                        self.config,
                        element,
                        f"<{element.tag!s}> has no <{required}>",
                        hint=f"add <{required}>; JSBSim needs it here",
                    )
                )

    def _unknown_element(
        self, child: etree._Element, parent: etree._Element, spec: ElementSpec
    ) -> None:
        assert spec.children is not None
        place = MISPLACED.get(f"{parent.tag!s}/{child.tag!s}")
        if place is not None:
            message = (
                f"<{child.tag!s}> in <{parent.tag!s}> is not read: JSBSim reads it only "
                f"inside {place}"
            )
            hint = f"move it into {place}"
        else:
            message = (
                f"unknown element <{child.tag!s}> in <{parent.tag!s}>; JSBSim does not read it."
                f"{suggest(str(child.tag), spec.children)}"
            )
            hint = f"allowed in <{parent.tag!s}>: {_tag_list(spec.children)}"
        self.found.append(FS110.at(self.config, child, message, hint=hint))

    def _unknown_attributes(
        self,
        element: etree._Element,
        spec: ElementSpec,
        keys: list[str],
        parent: etree._Element,
        parent_spec: ElementSpec,
    ) -> None:
        """FS111/FS206 for the attributes in ``keys`` that are not read here."""
        allowed = spec.attributes
        if allowed is not None:
            for name in keys:
                if name == "unit" and name not in allowed:
                    misread = _misread_unit(element, parent, parent_spec)
                    if misread is not None:
                        self.found.append(FS111.at(self.config, element, *misread))
                        continue
                    self.found.append(
                        FS206.at(
                            self.config,
                            element,
                            f"<{element.tag!s}> is read without unit conversion; unit="
                            f'"{element.get(name)}" is ignored and the number taken as it is',
                            hint="remove the unit attribute and give the value in the unit "
                            "JSBSim expects (see docs/validation.md)",
                        )
                    )
                elif name not in allowed and not name.startswith(_XSI):
                    self.found.append(
                        FS111.at(
                            self.config,
                            element,
                            f"unknown attribute {name}= on <{element.tag!s}>; JSBSim ignores "
                            f"it.{suggest(name, allowed)}",
                            hint="attributes read here: "
                            + (", ".join(sorted(allowed)) if allowed else "none"),
                        )
                    )

    def _attribute_values(self, element: etree._Element, spec: ElementSpec) -> None:
        """FS112 for a missing required attribute, FS113/FS201 for a value not understood."""
        values = element.attrib
        for name in spec.required_attributes:
            if not values.get(name, "").strip() and (
                self.aerodynamic or (element.tag, name) not in _AERODYNAMIC_NEEDS
            ):
                self.found.append(
                    FS112.at(
                        self.config,
                        element,
                        f"<{element.tag!s}> needs a {name}= attribute" + _skipped(spec, name),
                        hint=f'add {name}="' + '" or "'.join(spec.enums.get(name, ("...",))) + '"',
                    )
                )
        for name, choices in spec.enums.items():
            value = values.get(name)
            if value is not None and value not in choices:
                self.found.append(
                    FS113.at(
                        self.config,
                        element,
                        f'{name}="{value}" on <{element.tag!s}> is not one of '
                        f"{', '.join(choices)}{_skipped(spec, name)}."
                        f"{suggest(value, choices)}",
                        hint="JSBSim compares these values exactly (case matters)",
                    )
                )
        for name in spec.number_attributes:
            value = values.get(name)
            if value and parse_number(value) is None:
                self.found.append(
                    FS201.at(
                        self.config,
                        element,
                        f'{name}="{value}" on <{element.tag!s}> must be a number',
                        hint="write a plain decimal number; JSBSim stops loading here",
                        token=value,
                    )
                )

    def _text(self, element: etree._Element, spec: ElementSpec) -> None:
        """A number-or-property or an enumerated text (plain numbers: :meth:`_content`)."""
        kind = spec.text
        raw = element.text or ""
        if kind == "value":
            text = raw.strip()
            if not text and spec.key in PARAMETER_VALUES and not len(element):
                self.found.append(
                    FS201.at(
                        self.config,
                        element,
                        f"<{element.tag!s}> is empty: JSBSim stops loading ('must either "
                        "contain a value number or a property name')",
                        hint="write a number or the name of a property",
                    )
                )
                return
            first, second = text[:1], text[1:2]
            if first.isdigit() or (first in "+-." and second.isdigit()) or NON_FINITE.match(text):
                self._number(element, text)
                value = parse_number(text)
                if spec.lower_bound is not None and value is not None and math.isfinite(value):
                    self._bound(element, spec, value)
        elif kind == "condition":
            self._condition(element, raw)
        elif kind == "property":
            if not raw.strip() and not len(element):
                self.found.append(
                    FS113.at(
                        self.config,
                        element,
                        f"<{element.tag!s}> names no property: JSBSim takes the root of its "
                        "property tree, which reads 0, without a word",
                        hint="write the property's name, e.g. aero/qbar-psf, or remove the element",
                    )
                )
        elif kind is not None and kind.startswith("enum:"):
            text = raw.strip()
            allowed = spec.enum_text or ()
            if text not in allowed and text.upper() not in allowed and text.lower() not in allowed:
                self.found.append(
                    FS113.at(
                        self.config,
                        element,
                        f"<{element.tag!s}> value '{text}' is not one of {', '.join(allowed)}."
                        f"{suggest(text, allowed)}",
                        hint=f"write one of {', '.join(allowed)}; JSBSim does not read "
                        "another value as meant (it stops, or falls back to a default)",
                    )
                )

    def _condition(self, element: etree._Element, text: str) -> None:
        """Each line of a ``<test>``/``<condition>``: property, comparison, value; and at
        least one line or nested group (``FGCondition`` throws "Empty conditional")."""
        if not text.strip() and next(element.iterchildren(str(element.tag)), None) is None:
            self.found.append(
                FS113.at(
                    self.config,
                    element,
                    f"<{element.tag!s}> is empty; JSBSim expects at least one "
                    "'property operator value' line or a nested group",
                    hint="JSBSim stops loading on it ('Empty conditional'); write the "
                    "comparison, e.g. simulation/sim-time-sec ge 5",
                )
            )
            return
        first = element.sourceline or 0
        for offset, line in enumerate(text.split("\n")):
            words = line.split()
            if not words:
                continue
            if len(words) != 3:
                self.found.append(
                    FS113.at(
                        self.config,
                        element,
                        f"condition '{' '.join(words)}' in <{element.tag!s}> has {len(words)} "
                        "word(s); JSBSim expects 'property operator value' (three words)",
                        hint="JSBSim stops loading on it ('Conditional test is invalid'); "
                        "one comparison per line",
                        line=first + offset,
                        token=words[0],
                    )
                )
            elif words[1] not in COMPARISON_OPERATORS:
                self.found.append(
                    FS113.at(
                        self.config,
                        element,
                        f"comparison '{words[1]}' in <{element.tag!s}> is not one JSBSim "
                        f"knows.{suggest(words[1], COMPARISON_OPERATORS)}",
                        hint="JSBSim stops loading on it; use one of "
                        + ", ".join(COMPARISON_OPERATORS),
                        line=first + offset,
                        token=words[1],
                    )
                )

    def _number(self, element: etree._Element, text: str) -> None:
        if NON_FINITE.match(text):
            self.found.append(
                FS202.at(
                    self.config,
                    element,
                    f"<{element.tag!s}> is '{text}', not a finite number",
                    hint="give a finite value",
                )
            )
            return
        value = parse_number(text)
        if value is None:
            shown = text if len(text) < 40 else text[:37] + "..."
            self.found.append(
                FS201.at(
                    self.config,
                    element,
                    f"<{element.tag!s}> must hold a number, not '{shown}'",
                    hint="write a plain decimal number (e.g. 174.0 or 1.2e3); "
                    "JSBSim stops loading here",
                )
            )
        elif not math.isfinite(value):
            self.found.append(
                FS202.at(
                    self.config,
                    element,
                    f"<{element.tag!s}> value {text} overflows to infinity",
                    hint="give a finite value",
                )
            )

    def _unit(self, element: etree._Element, spec: ElementSpec, unit_name: str | None) -> None:
        """FS203/FS204 for ``unit_name``, the element's unit= (FS205 when there is none)."""
        if unit_name is None:
            if spec.surprising_default and self._has_nonzero_value(element, spec):
                self.found.append(
                    FS205.at(
                        self.config,
                        element,
                        f"<{element.tag!s}> has no unit; JSBSim takes it in {spec.unit}",
                        hint=f'state the unit, e.g. unit="{spec.unit}"',
                    )
                )
            return
        if unit_name in spec.accepted_units:
            return  # the common case: a unit of the right dimension
        unit = JSBSIM_UNITS.get(unit_name)
        if unit is None:
            fitting = _fitting_units(spec)
            self.found.append(
                FS203.at(
                    self.config,
                    element,
                    f"unknown unit '{unit_name}' on <{element.tag!s}>."
                    f"{suggest(unit_name, fitting or JSBSIM_UNITS)}",
                    hint=f"units JSBSim accepts here: {', '.join(fitting)}"
                    if fitting
                    else "JSBSim unit names are upper case, e.g. FT, M, LBS, KG, DEG, FT2",
                )
            )
            return
        if spec.dimensions and not spec.dimensions & unit.dimensions:
            fitting = _fitting_units(spec)
            wanted = " or ".join(sorted(spec.dimensions)).replace("_", " ")
            given = "/".join(sorted(unit.dimensions)).replace("_", " ")
            self.found.append(
                FS204.at(
                    self.config,
                    element,
                    f"<{element.tag!s}> is {_with_article(wanted)} but unit "
                    f"{unit_name} is {_with_article(given)}",
                    hint=f"use one of {', '.join(fitting)}",
                )
            )

    @staticmethod
    def _has_nonzero_value(element: etree._Element, spec: ElementSpec) -> bool:
        if spec.text == "number":
            value = parse_number(element.text or "")
            return value is not None and value != 0.0
        for child in element:
            if child.tag in _TRIPLETS:
                value = parse_number(child.text or "")
                if value is not None and value != 0.0:
                    return True
        return False


WALK_RULES: tuple[Rule, ...] = (FS103, FS110, FS111, FS112, FS113, FS114, FS122, FS131, FS132)
WALK_RULES += (FS201, FS202, FS203, FS204, FS205, FS206, FS207, FS404)


@check(*WALK_RULES, scope="file")
def vocabulary_walk(config: ConfigFile) -> list[Diagnostic]:
    """Check every element, attribute, number and unit of one file against the vocabulary."""
    return _Walker(config, vocabulary()).run()
