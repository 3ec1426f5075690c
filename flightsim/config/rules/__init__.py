"""The rule interface and registry of the validator.

A **rule** is one kind of finding with a stable id (``FS301``), a severity and a
one-line title (the docs line; ``docs/validation.md`` gives each rule's
justification). A **check** is a function that inspects files and yields
:class:`~flightsim.config.diagnostics.Diagnostic` objects for one or more
rules. Checks come in two scopes:

- ``"file"``: ``check(config_file) -> Iterable[Diagnostic]``, run on every
  file of a document on its own (results are cached per parsed file, so a
  shared engine or system file is checked once);
- ``"document"``: ``check(document) -> Iterable[Diagnostic]``, run once on the
  whole :class:`~flightsim.config.document.Document` (an aircraft with its
  engines, thrusters and systems, or a single file: ``document.is_aircraft``).

How to add a rule
-----------------
1. Pick an id in the right family: FS1xx XML and vocabulary, FS2xx numbers and
   units, FS3xx tables, FS4xx duplicates, FS5xx property references, FS6xx
   files, FS7xx physical plausibility, FS8xx version and other.
2. In a module of this package (every module here is imported automatically)::

       from flightsim.config.diagnostics import Severity
       from flightsim.config.rules import check, rule

       FS999 = rule("FS999", Severity.ERROR, "what the rule finds, in one line")

       @check(FS999, scope="document")
       def my_check(document):
           for config in document.files:          # ConfigFile: path, root, display
               for element in config.root.iter("wingarea"):
                   if ...:
                       yield FS999.at(config, element, "what is wrong", hint="what to do")

3. Add a line for the rule in ``docs/validation.md`` and a faulty file in
   ``tests/config/faults/`` that triggers it.

Parsed trees are shared between documents: never modify them. A document
check that extracts the same thing from every file can keep it per file in a
:class:`~flightsim.config.caches.FileMemo` (a shared system file is then
read once, not once per aircraft).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Literal

from lxml import etree

from flightsim.config.caches import FileMemo
from flightsim.config.diagnostics import Diagnostic, Severity
from flightsim.config.document import ConfigFile, Document

Scope = Literal["file", "document"]


@dataclass(frozen=True)
class Rule:
    """One kind of finding: id, severity and the one-line title of the docs.

    ``refuses`` marks a rule whose every finding makes JSBSim refuse the aircraft:
    ``load_model`` fails or crashes (or ``run_ic``, which a script runs, fails), as
    docs/validation.md says in the rule's line and as JSBSim 1.3.3 was measured to do
    on the rule's files in ``tests/config/faults/`` and the variants of
    ``tests/config/test_refusals.py``. Rules with a case JSBSim loads and runs (FS112,
    FS113, FS122, FS604, FS708, FS709) or whose effect depends on what reads a name
    (FS501, FS502) are not marked: a script's check (FS605) counts only marked
    findings, so that it never refuses a script JSBSim runs. A check that tells a
    refused case apart marks that finding instead (:meth:`at`'s ``refuses``: FS604's
    unreadable file, FS709's contents above the capacity or negative capacity).
    """

    code: str
    severity: Severity
    title: str
    refuses: bool = False

    def at(
        self,
        config: ConfigFile,
        element: etree._Element | None,
        message: str,
        hint: str | None = None,
        *,
        line: int | None = None,
        token: str | None = None,
        refuses: bool | None = None,
    ) -> Diagnostic:
        """A diagnostic of this rule about ``element`` of ``config``, with its XPath.

        Located at the start of ``element``'s start tag, or at ``token`` (a name
        written in the start tag or the text) when given; ``line`` is a line
        counted in the element's text (a row of a table, a line of a condition),
        where (or just below, see :mod:`flightsim.config.source`) ``token`` is.
        ``refuses`` marks a case of an unmarked rule that JSBSim refuses (see :class:`Rule`).
        """
        path = column = None
        if element is not None:
            path = config.xpath_of(element)
            source = config.source
            if line is not None:
                if token:
                    line, column = source.find(element, line, token)
            elif token:
                line, column = source.locate(element, token)
            else:
                line, column = source.start(element)
        return Diagnostic(
            self.severity, self.code, message, config.display, line, column, path, hint, refuses
        )


@dataclass(frozen=True)
class Check:
    """A function producing diagnostics of the rules in ``rules``."""

    name: str
    rules: tuple[Rule, ...]
    scope: Scope
    function: Callable[[Any], Iterable[Diagnostic]]


RULES: dict[str, Rule] = {}
"""Every rule, by id."""
CHECKS: list[Check] = []
"""Every check, in registration order."""


def refuses(diagnostic: Diagnostic) -> bool:
    """Whether JSBSim refuses the aircraft for ``diagnostic``: its own marking, else its
    rule's :attr:`Rule.refuses` (False for a code that is no rule's)."""
    if diagnostic.refuses is not None:
        return diagnostic.refuses
    return diagnostic.code in RULES and RULES[diagnostic.code].refuses


def rule(code: str, severity: Severity, title: str, *, refuses: bool = False) -> Rule:
    """Declare a rule (``refuses``: see :class:`Rule`); its id must be new."""
    if code in RULES:
        raise ValueError(f"rule {code} is declared twice")
    RULES[code] = Rule(code, severity, title, refuses)
    return RULES[code]


def check(*rules: Rule, scope: Scope) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function as a check producing the given rules' diagnostics."""

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        CHECKS.append(Check(function.__name__, rules, scope, function))
        return function

    return register


@cache
def load_rules() -> tuple[Check, ...]:
    """Import every rule module of this package once; return the registered checks."""
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        importlib.import_module(f"{__name__}.{module.name}")
    return tuple(CHECKS)


def _file_diagnostics(config: ConfigFile) -> list[Diagnostic]:
    """The diagnostics of every file-scope check on one file."""
    return [d for c in load_rules() if c.scope == "file" for d in c.function(config)]


_FILE_RESULTS = FileMemo(_file_diagnostics)
"""File-check results: a shared engine or system file is checked once."""


def run_checks(document: Document) -> list[Diagnostic]:
    """Run every registered check on ``document``; diagnostics in file and line order."""
    found: list[Diagnostic] = list(document.problems)
    for config in document.files:
        found.extend(_FILE_RESULTS.get(config))
    for c in load_rules():
        if c.scope == "document":
            found.extend(c.function(document))
    order = {config.display: index for index, config in enumerate(document.files)}
    found.sort(key=lambda d: (order.get(d.file, len(order)), d.file, d.line or 0, d.code))
    return _with_loaders(document, _unique(found))


def _with_loaders(document: Document, found: list[Diagnostic]) -> list[Diagnostic]:
    """``found`` with the reference that loads a file of the JSBSim root (a shared
    engine or system, outside the aircraft's folder) named in each of its diagnostics'
    hints: the fault is in that file, the reference shows which aircraft file uses it."""
    root = str(document.root_dir) + "/"
    loaders: dict[str, str] = {}
    for ref in document.references:
        target = ref.target
        if target is not None and str(target.path).startswith(root):
            loaders.setdefault(
                target.display,
                f"loaded by {ref.source.display}:{ref.element.sourceline} "
                f'(<{ref.element.tag!s} {ref.attribute}="{ref.name}">)',
            )
    if not loaders:
        return found
    return [
        replace(d, hint=f"{d.hint}; {loaders[d.file]}" if d.hint else loaders[d.file])
        if d.file in loaders
        else d
        for d in found
    ]


def _unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[Diagnostic] = set()
    unique = []
    for d in diagnostics:
        if d not in seen:
            seen.add(d)
            unique.append(d)
    return unique
