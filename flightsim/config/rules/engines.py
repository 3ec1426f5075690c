"""Engine rules: the named functions and tables an engine type reads (FS124).

JSBSim finds an engine's lookup functions and tables by name and does not
check that they are there: a turbine without ``IdleThrust`` or ``MilThrust``
(``FGTurbine::Load`` takes ``GetPreFunction(".../MilThrust")``, which is null
when no function has that name, and dereferences it in every step) crashes
the process with a segfault, and so does a turboprop without its
``EnginePowerVC``, ``EnginePowerRPM_N1`` or ``ITT_N1`` table
(``FGTurboProp::Load``). A name JSBSim does not know is dropped: an engine
function whose name has no ``#`` is "malformed" (``FGFunction::CreateOutputNode``
binds nothing), a table of another name is an "Unknown table type"
(``FGTurboProp``, ``FGPiston``). Names are compared exactly (``idlethrust`` is
not ``IdleThrust``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from flightsim.config.diagnostics import Diagnostic, Severity
from flightsim.config.document import ENGINE_ROOTS, ConfigFile, first_child
from flightsim.config.rules import check, rule
from flightsim.config.rules.vocabulary_rules import parse_number
from flightsim.errors import suggest

FS124 = rule(
    "FS124",
    Severity.ERROR,
    "an engine or propeller lacks a named function or table JSBSim needs, or names one it "
    "does not read",
)

_RUNS = "JSBSim crashes (segfault) when the engine runs"
_PROPELLER_TABLES = "JSBSim refuses the propeller ('must contain C_THRUST and C_POWER tables')"
_ENGINE_PREFIX = "propulsion/engine[#]/"
"""How a turbine's named functions may also be written out (JSBSim renames them so)."""


@dataclass(frozen=True)
class _Needs:
    """What an engine type reads by name: ``functions`` and ``tables`` it looks up, each
    with what JSBSim does without it (None: optional); ``switched`` names a function
    needed only when a flag element (``augmented``) is 1."""

    functions: dict[str, str | None] = field(default_factory=dict)
    tables: dict[str, str | None] = field(default_factory=dict)
    switched: dict[str, str] = field(default_factory=dict)
    either: frozenset[str] = frozenset()
    """Names that may be given as a function or as a table."""


_TURBINE_OPTIONAL = ("N1SpoolUp", "N1SpoolDown", "N2SpoolUp", "N2SpoolDown")
NEEDS: dict[str, _Needs] = {
    "turbine_engine": _Needs(
        functions={
            "IdleThrust": _RUNS,
            "MilThrust": _RUNS,
            "AugThrust": "JSBSim crashes (segfault) when the afterburner is lit",
            "Injection": "JSBSim crashes (segfault) when it trims or runs with water injection "
            "commanded",
            **dict.fromkeys(_TURBINE_OPTIONAL),
        },
        switched={"AugThrust": "augmented", "Injection": "injected"},
    ),
    "turboprop_engine": _Needs(
        functions={"EnginePowerVC": _RUNS},
        tables={
            "EnginePowerVC": _RUNS,
            "EnginePowerRPM_N1": _RUNS,
            "ITT_N1": _RUNS,
            "CombustionEfficiency_N1": None,
        },
        either=frozenset({"EnginePowerVC"}),
    ),
    "piston_engine": _Needs(tables={"COMBUSTION": None, "MIXTURE": None}),
    "propeller": _Needs(
        tables={
            "C_THRUST": _PROPELLER_TABLES,
            "C_POWER": _PROPELLER_TABLES,
            "CT_MACH": None,
            "CP_MACH": None,
        }
    ),
}
"""The named functions and tables of each engine type (``FGTurbine::Load``,
``FGTurboProp::Load``, ``FGPiston::Load``, ``FGPropeller``); the other engine types read
none (their functions must have a ``#`` in the name). Each needed one comes with what
JSBSim does without it (None: optional)."""


def _switched_on(engine: etree._Element, flag: str) -> bool:
    element = first_child(engine, flag)
    value = parse_number(element.text or "") if element is not None else None
    return value is not None and math.isfinite(value) and int(value) == 1  # inf: FS202


def _named(
    engine: etree._Element, tag: str, known: dict[str, str | None]
) -> list[tuple[str, etree._Element]]:
    """(name, element) of the engine's own ``<function>`` or ``<table>`` children; a known
    name written out (``propulsion/engine[#]/MilThrust``) is given as the known name."""
    found = []
    for element in engine.iterchildren(tag):
        name = element.get("name", "")
        short = name.removeprefix(_ENGINE_PREFIX)
        found.append((short if short in known else name, element))
    return found


class _EngineCheck:
    def __init__(self, config: ConfigFile, engine: etree._Element, needs: _Needs):
        self.config = config
        self.engine = engine
        self.needs = needs
        self.kind = str(engine.tag)
        self.noun = "propeller" if self.kind == "propeller" else "engine"
        self.found: list[Diagnostic] = []

    def run(self) -> list[Diagnostic]:
        needs = self.needs
        functions = _named(self.engine, "function", needs.functions)
        tables = _named(self.engine, "table", needs.tables)
        present = {name for name, _ in functions if name in needs.functions}
        present |= {name for name, _ in tables if name in needs.tables}
        missing = {
            name: when
            for name, when in {**needs.tables, **needs.functions}.items()
            if when is not None
            and name not in present
            and (name not in needs.switched or _switched_on(self.engine, needs.switched[name]))
        }
        unknown = [
            ("function", name, element)
            for name, element in functions
            if name not in needs.functions and "#" not in name
        ]
        unknown += [
            ("table", name, element) for name, element in tables if name not in needs.tables
        ]
        for what, name, element in unknown:
            self._unknown(what, name, element, missing)
        for name, when in missing.items():
            what = (
                "function"
                if name in needs.functions and name not in needs.either
                else "table"
                if name not in needs.either
                else "function or table"
            )
            self.found.append(
                FS124.at(
                    self.config,
                    self.engine,
                    f'the {self.kind} has no <{what.split()[0]} name="{name}">'
                    f"{' (or <table>)' if name in needs.either else ''}: {when}",
                    hint=f'add the <{what.split()[0]} name="{name}"> this engine type needs',
                )
            )
        if (
            self.kind == "turbine_engine"
            and _switched_on(self.engine, "augmented")
            and first_child(self.engine, "maxthrust") is None
        ):
            self.found.append(
                FS124.at(
                    self.config,
                    self.engine,
                    f"the augmented {self.kind} has no <maxthrust>: JSBSim takes "
                    "10000 lbf as its thrust with the afterburner lit",
                    hint='add <maxthrust unit="LBS"> with the afterburner\'s thrust',
                )
            )
        return self.found

    def _unknown(
        self, what: str, name: str, element: etree._Element, missing: dict[str, str]
    ) -> None:
        """FS124 for a function or table of a name the engine type does not read; when it
        is close to a missing needed one, that one is reported here (and only here)."""
        known = self.needs.functions if what == "function" else self.needs.tables
        close = suggest(name, [m for m in missing if m in known], n=1)
        dropped = (
            'JSBSim logs "Malformed function name" and drops it'
            if what == "function"
            else 'JSBSim logs "Unknown table type" and drops it'
        )
        message = f'<{what} name="{name}"> is not a {what} JSBSim\'s {self.kind} reads'
        if close:
            meant = close.removeprefix(" Did you mean: ").removesuffix("?")
            message += f", so the {self.noun} has no {meant} {what}: {missing.pop(meant)}.{close}"
        else:
            message += f": {dropped}.{suggest(name, known)}"
        read = ", ".join(known) or "none"
        self.found.append(
            FS124.at(
                self.config,
                element,
                message,
                hint=f"names of {what}s read by a {self.kind} (case matters): {read}"
                + ("; other functions need a '#' in their name" if what == "function" else ""),
            )
        )


ENGINE_HOLDERS = ("fdm_config", "propulsion")
"""Files whose engines and propellers may be written inline (in ``<engine>``, ``<thruster>``)."""


@check(FS124, scope="file")
def engine_names(config: ConfigFile) -> Iterator[Diagnostic]:
    """The named functions and tables of each engine defined in ``config``."""
    root = config.root
    kinds = (*ENGINE_ROOTS, "propeller")
    if root.tag in kinds:
        engines = [root]
    elif root.tag in ENGINE_HOLDERS:
        engines = list(root.iter(*kinds))
    else:  # not a file JSBSim reads engines from (a YASim <airplane> has a <propeller>)
        return
    for engine in engines:
        yield from _EngineCheck(config, engine, NEEDS.get(str(engine.tag), _Needs())).run()
