"""Writes to properties JSBSim ties read-only (FS504).

JSBSim ties many of its own properties with a getter only (``velocities/vc-kts``,
``gear/wow``, an actuator's ``saturated``). An FCS component's ``<output>``, a
distributor's ``<case><property>`` or a script's ``<set>`` writing one of them
is accepted without a word, and every value written is lost (the property
tree refuses the write): a component meant to drive a surface drives nothing.
Which properties are read-only comes from the shipped catalog
(:attr:`flightsim.config.property_catalog.PropertyCatalog.read_only`,
generated from JSBSim's own catalogue, where they are listed "(R)"); the
property a named ``<function>`` of the aircraft binds is read-only too. A read-only
name JSBSim does not create for this aircraft (an engine type's property written for an
engine of another type) is not: the write creates it, writable.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from flightsim.config.aircraft_property_uses import aircraft_features, document_uses
from flightsim.config.diagnostics import Diagnostic, Severity
from flightsim.config.document import ConfigFile, Document, first_child
from flightsim.config.file_property_uses import COMPONENT_TYPES, function_property
from flightsim.config.property_catalog import AircraftFeatures, canonical, catalog, shape
from flightsim.config.rules import check, rule
from flightsim.config.rules.duplicates import FUNCTIONS, aircraft_files

FS504 = rule("FS504", Severity.ERROR, "a property JSBSim defines read-only is written")


def _writes(config: ConfigFile) -> Iterator[tuple[str, etree._Element, str, str | None]]:
    """(property, element, what writes it, token to locate) of one file."""
    if config.kind == "runscript":
        run = first_child(config.root, "run")
        for event in () if run is None else run.iterchildren("event"):
            for element in event.iterchildren("set"):
                name = element.get("name", "")
                yield name, element, f'<set name="{name}">', name
        return
    for channel in config.root.iter("channel"):
        for component in channel:
            if component.tag not in COMPONENT_TYPES:
                continue
            what = f'<output> of {component.tag!s} "{component.get("name", "")}"'
            for output in component.iterchildren("output"):
                yield (output.text or "").strip(), output, what, None
            if component.tag == "distributor":
                for case in component.iterchildren("case"):
                    for target in case.iterchildren("property"):
                        yield (target.text or "").strip(), target, "a distributor <case>", None


@check(FS504, scope="document")
def read_only_writes(document: Document) -> Iterator[Diagnostic]:
    """Every output, distributor target and script ``<set>`` writing a read-only property."""
    known = catalog()
    components: list[tuple[str, str]] = []
    features: AircraftFeatures | None = None
    if document.main.kind == "fdm_config":
        components = [(c.kind, c.prop) for c in document_uses(document).components]
        features = aircraft_features(document)
    below = known.read_only_below(components)
    files = [c for c in aircraft_files(document) if c.kind != "runscript" or c is document.main]
    functions = {
        canonical(function_property(name)): f"{config.display}:{function.sourceline}"
        for config in files
        for name, function in FUNCTIONS.get(config)
    }
    for config in files:
        for name, element, what, token in _writes(config):
            if not name:
                continue
            name_key = canonical(name)
            if name_key in functions:
                defined = f"the <function> at {functions[name_key]} defines"
            elif name_key in below or (
                shape(name_key) in known.read_only
                and (features is None or not known.undefined_among(features, {name_key}))
            ):  # a read-only name of another engine type (a piston's oil pressure written
                # for a turbine) does not exist here: the <output> creates it, writable
                defined = "JSBSim defines"
            else:
                continue
            yield FS504.at(
                config,
                element,
                f"{what} writes {name}, which {defined} read-only: every value written is "
                "silently lost",
                hint="write a command or a property of your own (read-only properties "
                "are outputs of JSBSim's models and of functions); read this one instead",
                token=token,
            )
