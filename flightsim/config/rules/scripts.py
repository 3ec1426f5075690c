"""Script and initial-conditions rules: what JSBSim's script reader
(``FGScript::LoadScript``) and initial-conditions reader (``FGInitialCondition``)
crash on or silently read otherwise than written.

Each ``<set>`` of an event must give the value it sets, as ``value=`` or as a
``<function>``: ``FGScript`` keeps one list of values and one of functions and
pushes a function slot only for these two cases, so a ``<set>`` with neither
puts the lists out of step and the event segfaults when it fires.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from flightsim.config.diagnostics import Diagnostic, Severity
from flightsim.config.document import ConfigFile, first_child
from flightsim.config.rules import check, rule
from flightsim.config.rules.vocabulary_rules import FS113, FS114
from flightsim.errors import suggest

FS123 = rule(
    "FS123",
    Severity.ERROR,
    "an element has none of the alternatives JSBSim needs (a script <set> without value= or "
    "<function>, a pid without kp, ki or kd)",
)


def _sets(config: ConfigFile) -> Iterator[etree._Element]:
    """Every ``<set>`` of the events of a script."""
    run = first_child(config.root, "run")
    if run is None:
        return
    for event in run.iterchildren("event"):
        yield from event.iterchildren("set")


@check(FS123, FS114, scope="file")
def script_sets(config: ConfigFile) -> Iterator[Diagnostic]:
    """Each ``<set>`` gives its value (``value=`` or a ``<function>``), once."""
    if config.kind != "runscript":
        return
    for element in _sets(config):
        function = first_child(element, "function")
        if element.get("value") and function is not None:
            yield FS114.at(
                config,
                function,
                f'the <function> of <set name="{element.get("name", "")}"> is ignored: '
                "JSBSim sets the value= given beside it",
                hint="keep either value= or the <function>",
            )
        elif not element.get("value") and function is None:
            yield FS123.at(
                config,
                element,
                f'<set name="{element.get("name", "")}"> has neither a value= nor a '
                "<function>: JSBSim's script reader then mismatches its lists and crashes "
                "(segfault) when the event fires",
                hint='give the value to set, value="...", or a <function> computing it',
            )


SET_ACTIONS = {"ramp": "FG_RAMP", "step": "FG_STEP", "exp": "FG_EXP"}
"""What ``action=`` of a ``<set>`` must contain (case ignored), with the usual spelling
(``FGScript::LoadScript`` looks for the word; anything else is a step)."""
SET_TYPES = {"delta": "FG_DELTA", "bool": "FG_BOOL", "value": "FG_VALUE"}
"""The same for ``type=`` (anything else sets the value)."""


@check(FS113, scope="file")
def script_set_modes(config: ConfigFile) -> Iterator[Diagnostic]:
    """``action=`` and ``type=`` of each ``<set>`` are ones ``FGScript`` recognises."""
    if config.kind != "runscript":
        return
    for element in _sets(config):
        for attribute, known, default in (
            ("action", SET_ACTIONS, "steps to the value at once (FG_STEP)"),
            ("type", SET_TYPES, "sets the value as given (FG_VALUE)"),
        ):
            value = element.get(attribute)
            if value is None or any(word in value.lower() for word in known):
                continue
            yield FS113.at(
                config,
                element,
                f'{attribute}="{value}" on <set name="{element.get("name", "")}"> is not one '
                f"JSBSim knows: it silently {default}.{suggest(value, known.values())}",
                hint=f"{attribute}= is one of {', '.join(known.values())}",
                token=value,
            )


IC_ALTITUDES = ("altitude", "altitudeAGL", "altitudeMSL")
"""``FGInitialCondition::Load_v1`` reads the first of these present and ignores the others."""
IC_SPEEDS = ("vc", "vt", "mach")
"""Each of these present sets the airspeed in turn: the last present wins."""


@check(FS114, scope="file")
def ic_overridden(config: ConfigFile) -> Iterator[Diagnostic]:
    """Initial conditions that another one of the same file replaces without a word."""
    if config.kind != "initialize" or config.root.get("version", "1").startswith("2"):
        return
    root = config.root
    given = [first_child(root, tag) for tag in IC_ALTITUDES]
    present = [e for e in given if e is not None]
    for element in present[1:]:
        yield FS114.at(
            config,
            element,
            f"<{element.tag!s}> is ignored: JSBSim takes the altitude from "
            f"<{present[0].tag!s}>, read first",
            hint="give one altitude",
        )
    speeds = [e for e in (first_child(root, tag) for tag in IC_SPEEDS) if e is not None]
    for element in speeds[:-1]:
        yield FS114.at(
            config,
            element,
            f"<{element.tag!s}> is overridden: JSBSim sets the airspeed from each of "
            f"<vc>, <vt>, <mach> in turn, and <{speeds[-1].tag!s}> comes last",
            hint="give one airspeed",
        )
