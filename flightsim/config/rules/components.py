"""FCS component rules: a pid without gains (FS123) and a component reading its own output
(FS505).

A ``<pid>`` takes 0 for each of ``kp``, ``ki`` and ``kd`` it does not give
(``FGPID``): without any of them its output is always 0. A component whose
``<input>`` is the property it writes itself, with no other component writing
that property, reads its own value of the previous step: a summer adds its
output to itself every step and runs away (a gain of 1 or more too).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from lxml import etree

from flightsim.config.diagnostics import Diagnostic, Severity
from flightsim.config.document import ConfigFile, Document, children
from flightsim.config.file_property_uses import COMPONENT_TYPES, component_property
from flightsim.config.property_catalog import canonical
from flightsim.config.rules import check, rule
from flightsim.config.rules.duplicates import aircraft_files
from flightsim.config.rules.scripts import FS123
from flightsim.config.rules.vocabulary_rules import FS122

FS505 = rule("FS505", Severity.WARNING, "an FCS component reads its own output (a self loop)")


@check(FS123, scope="file")
def pid_gains(config: ConfigFile) -> Iterator[Diagnostic]:
    """A ``<pid>`` of an FCS channel gives at least one gain."""
    for channel in config.root.iter("channel"):
        for pid in channel.iterchildren("pid"):
            if next(pid.iterchildren("kp", "ki", "kd"), None) is None:
                yield FS123.at(
                    config,
                    pid,
                    f'<pid name="{pid.get("name", "")}"> has none of <kp>, <ki>, <kd>: JSBSim '
                    "takes each as 0 and the controller's output is always 0",
                    hint="give the gains (a number or a property), e.g. <kp>0.5</kp>",
                )


@check(FS122, scope="file")
def kinematic_settings(config: ConfigFile) -> Iterator[Diagnostic]:
    """A ``<kinematic>`` traverses at least two settings (``FGKinemat`` refuses fewer:
    "must have more than 1 setting element")."""
    for channel in config.root.iter("channel"):
        for kinematic in channel.iterchildren("kinematic"):
            traverse = kinematic.find("traverse")
            if traverse is None:
                continue  # the vocabulary reports the missing <traverse>
            count = len(children(traverse, "setting"))
            if count < 2:
                yield FS122.at(
                    config,
                    traverse,
                    f'<traverse> of kinematic "{kinematic.get("name", "")}" has {count} '
                    "<setting>: JSBSim refuses a kinematic with fewer than 2",
                    hint="give a <setting> (position, time) for each end of the travel",
                )


def _components(config: ConfigFile) -> Iterator[tuple[etree._Element, set[str]]]:
    """Each FCS component of a file with the properties it writes."""
    for channel in config.root.iter("channel"):
        for component in channel:
            if component.tag in COMPONENT_TYPES:
                written = {
                    canonical(o.text or "") for o in component.iterchildren("output") if o.text
                }
                if component.get("name"):
                    written.add(canonical(component_property(component.get("name", ""))))
                yield component, written


@check(FS505, scope="document")
def self_loops(document: Document) -> Iterator[Diagnostic]:
    """An ``<input>`` reading the property its own component alone writes."""
    found = [(c, part) for c in aircraft_files(document) for part in _components(c)]
    writers = Counter(name for _, (_, written) in found for name in written)
    for config, (component, written) in found:
        for element in component.iterchildren("input"):
            name = canonical((element.text or "").strip().lstrip("-"))
            if name in written and writers[name] == 1:
                yield FS505.at(
                    config,
                    element,
                    f'{component.tag!s} "{component.get("name", "")}" reads its own output '
                    f"{name}: each step it gets its own value of the step before, and feeds "
                    "it back (a summer adds it to itself and runs away)",
                    hint="read the property meant (a command, another component's output); "
                    "use an <integrator> to accumulate on purpose",
                    token=(element.text or "").strip(),
                )
