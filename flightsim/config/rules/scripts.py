"""Script rules: what JSBSim's script reader (``FGScript::LoadScript``) crashes on or
silently reads otherwise than written.

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
from flightsim.config.rules.vocabulary_rules import FS114

FS123 = rule("FS123", Severity.ERROR, "a script <set> has neither a value= nor a <function>")


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
