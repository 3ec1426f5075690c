"""Aircraft-level structure (FS120, FS121), version (FS801) and output-type rules."""

from __future__ import annotations

from collections.abc import Iterator

from flightsim.config.diagnostics import Diagnostic, Severity
from flightsim.config.document import ConfigFile, Document, first_child
from flightsim.config.rules import check, rule
from flightsim.config.rules.vocabulary_rules import FS112, FS113
from flightsim.errors import suggest

FS120 = rule(
    "FS120", Severity.ERROR, "a section JSBSim needs to load the aircraft is missing", refuses=True
)
FS121 = rule(
    "FS121", Severity.ERROR, "no <aerodynamics>: JSBSim loads but cannot initialise", refuses=True
)
FS801 = rule("FS801", Severity.ERROR, "fdm_config version is not the 2.0 JSBSim 1.x reads")

REQUIRED_SECTIONS = ("metrics", "mass_balance", "ground_reactions")
"""Sections without which ``FGFDMExec::LoadModel`` fails."""
SUPPORTED_VERSION = "2.0"
"""The configuration version JSBSim 1.3 expects (``FGJSBBase::needed_cfg_version``)."""


@check(FS120, FS121, FS801, scope="document")
def aircraft_sections(document: Document) -> Iterator[Diagnostic]:
    """Required sections (in any order) and the configuration version of an aircraft."""
    main = document.main
    if main.kind != "fdm_config":
        return
    root = main.root
    for name in REQUIRED_SECTIONS:
        if first_child(root, name) is None:
            yield FS120.at(
                main,
                root,
                f"the aircraft has no <{name}> section; JSBSim refuses to load it",
                hint=f"add <{name}> (section order does not matter)",
            )
    if first_child(root, "aerodynamics") is None:
        yield FS121.at(
            main,
            root,
            "the aircraft has no <aerodynamics>; JSBSim loads it but run_ic fails "
            "('A proper axis type has NOT been selected')",
            hint="add <aerodynamics> with at least one <axis>",
        )
    version = root.get("version")
    if version != SUPPORTED_VERSION:
        shown = f'version="{version}"' if version is not None else "no version attribute"
        yield FS801.at(
            main,
            root,
            f"<fdm_config> has {shown}; JSBSim 1.x reads version 2.0 files and reports "
            "others as incompatible",
            hint='set version="2.0" after converting the file to the 2.0 format',
        )


OUTPUT_TYPES = ("CSV", "TABULAR", "SOCKET", "FLIGHTGEAR")
"""The ``type=`` of an ``<output>`` for which ``FGOutput::Load`` makes an output (case
ignored). For any other, ``NONE`` and ``TERMINAL`` included, and for none, it returns
false: JSBSim 1.3.3 refuses the aircraft (``load_model``) or the script
(``load_script``); measured."""
OUTPUT_PARENTS = ("fdm_config", "runscript")


@check(FS112, FS113, scope="file")
def output_types(config: ConfigFile) -> Iterator[Diagnostic]:
    """The ``type=`` of each output directive of an aircraft, a script or an output file.
    An ``<output file=...>`` takes its type from that file, checked as its own."""
    root = config.root
    if root.tag == "output":
        outputs = [root]
    elif root.tag in OUTPUT_PARENTS:
        outputs = [o for o in root.iterchildren("output") if not o.get("file")]
    else:
        return
    refused = "JSBSim refuses the " + ("script" if root.tag == "runscript" else "aircraft")
    for output in outputs:
        value = output.get("type")
        if value is None or not value.strip():
            yield FS112.at(
                config,
                output,
                f"<output> needs a type= attribute: without one {refused} (FGOutput makes "
                "no output and load fails)",
                hint='add type="CSV" (or TABULAR, SOCKET, FLIGHTGEAR), or remove the <output>',
            )
        elif value.strip().upper() not in OUTPUT_TYPES:
            yield FS113.at(
                config,
                output,
                f'type="{value}" on <output> is not one of {", ".join(OUTPUT_TYPES)}: '
                f"{refused} (FGOutput makes no output of it, and load fails)."
                f"{suggest(value.upper(), OUTPUT_TYPES)}",
                hint="use one of those types (case is ignored), or remove the <output> "
                "to write nothing",
                token=value,
            )
