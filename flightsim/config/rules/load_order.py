"""What JSBSim needs at the moment it reads an element (FS503), in its load order.

``FGFDMExec::LoadModel`` reads an aircraft's sections in a fixed order: metrics,
mass_balance, ground_reactions, external_reactions, buoyant_forces, propulsion,
each ``<system>`` in turn, autopilot, flight_control, aerodynamics, input,
output. Most property names are resolved once everything is loaded (FS501), but
a channel's ``execute=`` is looked up when the channel is read (``FGFCS::Load``:
"The On/Off property ... is undefined or not understood. The simulation will
abort"): its property must exist by then, created by JSBSim itself, declared
by a section read earlier, at the top of the same system, or by a component of
an earlier channel.
"""

from __future__ import annotations

from collections.abc import Iterator

from flightsim.config.aircraft_property_uses import aircraft_features, document_uses
from flightsim.config.diagnostics import Diagnostic, Severity
from flightsim.config.document import SYSTEM_ELEMENTS, Document
from flightsim.config.file_property_uses import defined_below
from flightsim.config.property_catalog import canonical, catalog
from flightsim.config.rules import check, rule

FS503 = rule(
    "FS503",
    Severity.ERROR,
    "a channel's execute= property is defined only by something JSBSim loads later",
    refuses=True,
)

LOAD_ORDER = (
    "metrics",
    "mass_balance",
    "ground_reactions",
    "external_reactions",
    "buoyant_forces",
    "propulsion",
    "system",
    "autopilot",
    "flight_control",
    "aerodynamics",
    "input",
    "output",
)
"""The sections of an aircraft file in the order JSBSim loads them (``LoadModel``)."""


@check(FS503, scope="document")
def channel_switches(document: Document) -> Iterator[Diagnostic]:
    """Each ``<channel execute=...>`` whose property exists only after the channel is read."""
    if not document.is_aircraft:
        return
    main = document.main
    uses = document_uses(document)
    switches = {
        canonical((channel.get("execute") or "").strip().removeprefix("-"))
        for config in document.files
        for channel in config.root.iter("channel")
        if (channel.get("execute") or "").strip()
    }
    late = switches & uses.defined  # an undefined one is FS501's
    if not late or not catalog().undefined_among(aircraft_features(document), late):
        return  # every switch exists from the start: nothing depends on the order
    features = aircraft_features(document)
    defined: set[str] = set()
    for tag in LOAD_ORDER:
        for element in main.root.iterchildren(tag):
            config = document.target(element) or main
            content = document.content(element)
            if tag not in SYSTEM_ELEMENTS:
                defined |= defined_below(config, content)
                continue
            for child in content:
                if child.tag != "channel":  # declarations and functions: read first
                    defined |= defined_below(config, child)
            for channel in content.iterchildren("channel"):
                written = (channel.get("execute") or "").strip()
                name = canonical(written.removeprefix("-"))
                if (
                    written
                    and name not in defined
                    and name in uses.defined
                    and catalog().undefined_among(features, {name})
                ):
                    yield FS503.at(
                        config,
                        channel,
                        f'<channel execute="{written}">: {written} is defined only by '
                        "something JSBSim loads after this channel; JSBSim looks it up when "
                        "it reads the channel and stops ('The On/Off property ... is "
                        "undefined')",
                        hint="declare it with <property> at the top of this system, or in a "
                        "system loaded earlier",
                        token=written,
                    )
                defined |= defined_below(config, channel)
