"""Numbers outside the range where JSBSim works as the file means (FS207).

A script's ``<run dt=...>`` must be positive (``FGFDMExec`` adds dt to the
time each step: with 0 the time stands still and the script never ends, a
negative one runs time backwards) and its ``end`` after its ``start``
(``FGScript::RunScript`` returns at once when the time is past the end: the
script runs nothing and says nothing). A ``<clipto>`` with its minimum above
its maximum clips nothing; a turbine whose idle spool speed is not below its
maximum has no throttle range, and a piston engine whose idle rpm is not below its
maximum does not start or gives too little power; an actuator's numeric ``rate_limit`` must be
positive (``FGActuator::RateLimit``: a negative one drives the output away,
zero freezes it). Numbers below the least value that makes sense for their
element (the vocabulary's ``range``: a zero gear spring, a negative bleed)
are reported by the vocabulary walk with the same rule.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from lxml import etree

from flightsim.config.diagnostics import Diagnostic
from flightsim.config.document import ConfigFile, first_child
from flightsim.config.rules import check
from flightsim.config.rules.vocabulary_rules import FS207, parse_number


@check(FS207, scope="file")
def script_timing(config: ConfigFile) -> Iterator[Diagnostic]:
    """A script's step is positive and its end after its start."""
    if config.kind != "runscript":
        return
    run = first_child(config.root, "run")
    if run is None:
        return
    dt = parse_number(run.get("dt", ""))
    if dt is not None and dt <= 0:
        yield FS207.at(
            config,
            run,
            f'dt="{run.get("dt")}" on <run> is not positive: the simulation time '
            + ("stands still and the script never ends" if dt == 0 else "runs backwards"),
            hint='give the time step in seconds, e.g. dt="0.008333" (120 Hz)',
            token=run.get("dt"),
        )
    start = parse_number(run.get("start", "0"))
    end = parse_number(run.get("end", ""))
    if start is not None and end is not None and end <= start:
        yield FS207.at(
            config,
            run,
            f'end="{run.get("end")}" on <run> is not after start="{start:g}": JSBSim runs '
            "the script for no time at all, without a word",
            hint="end is the time [s] at which the script stops, not a duration from now",
            token=run.get("end"),
        )


def _number_of(element: etree._Element | None) -> float | None:
    return None if element is None else parse_number((element.text or "").strip())


@check(FS207, scope="file")
def clip_limits(config: ConfigFile) -> Iterator[Diagnostic]:
    """A ``<clipto>`` whose numeric ``min`` is above its ``max``: ``FGFCSComponent::Clip``
    logs an error every step and does not clip at all."""
    for clipto in config.root.iter("clipto"):
        low_element, high_element = first_child(clipto, "min"), first_child(clipto, "max")
        low, high = _number_of(low_element), _number_of(high_element)
        if low is not None and high is not None and low > high:
            yield FS207.at(
                config,
                clipto,
                f"<clipto> min {low:g} is above its max {high:g}: JSBSim does not clip at all "
                "(it logs 'Trying to clip with a max value ... lower than the min value' "
                "every step)",
                hint="swap the two values",
            )


TURBINE_SPOOLS = (("idlen1", "maxn1", 30.0, 100.0), ("idlen2", "maxn2", 60.0, 100.0))
"""(idle, maximum, JSBSim's default idle, default maximum) spool speeds [%] of a turbine
(``FGTurbine``: the thrust and fuel flow scale with maximum - idle)."""
PISTON_RPM = ("idlerpm", "maxrpm", 600.0, 2800.0)
"""(idle, maximum, JSBSim's default idle, default maximum) crankshaft speeds [rpm] of a
piston engine (``FGPiston``; the defaults measured with JSBSim 1.3.3)."""


def _engines(config: ConfigFile, tag: str) -> list[etree._Element]:
    root = config.root
    return [root] if root.tag == tag else list(root.iter(tag))


def _idle_not_below_max(
    engine: etree._Element, speeds: tuple[str, str, float, float]
) -> tuple[etree._Element, float, float] | None:
    """(element to report, idle, maximum) when the idle speed is not below the maximum
    (JSBSim's default for the one not given); None otherwise or when neither is given."""
    idle_tag, max_tag, idle_default, max_default = speeds
    idle_element, max_element = first_child(engine, idle_tag), first_child(engine, max_tag)
    idle = _number_of(idle_element) if idle_element is not None else idle_default
    top = _number_of(max_element) if max_element is not None else max_default
    element = idle_element if idle_element is not None else max_element
    if element is None or idle is None or top is None or idle < top:
        return None
    return element, idle, top


@check(FS207, scope="file")
def turbine_spools(config: ConfigFile) -> Iterator[Diagnostic]:
    """A turbine's idle N1/N2 below its maximum (defaults for the one not given)."""
    for engine in _engines(config, "turbine_engine"):
        for speeds in TURBINE_SPOOLS:
            found = _idle_not_below_max(engine, speeds)
            if found is not None:
                element, idle, top = found
                yield FS207.at(
                    config,
                    element,
                    f"<{speeds[0]}> {idle:g} % is not below <{speeds[1]}> {top:g} %: the engine "
                    "has no throttle range (JSBSim divides by the difference)",
                    hint="the idle spool speed is a percentage below the maximum, "
                    "typically 20-70 %",
                )


@check(FS207, scope="file")
def piston_rpm(config: ConfigFile) -> Iterator[Diagnostic]:
    """A piston engine's ``idlerpm`` below its ``maxrpm`` (defaults for the one not given).

    JSBSim 1.3.3 accepts either without a word. Measured on the c172p with a copied
    eng_io320 (idle 550 rpm, maximum 2700 rpm, static full throttle 206 hp): a maxrpm of
    550 gives 155 hp and of 300 123 hp (``FGPiston`` sizes the engine's air flow by
    maxrpm; the rpm itself is set by the propeller, not limited); an idlerpm of 2700
    keeps the engine from starting (``FGPiston::doEngineStartup`` needs 80 % of it).
    """
    for engine in _engines(config, "piston_engine"):
        found = _idle_not_below_max(engine, PISTON_RPM)
        if found is not None:
            element, idle, top = found
            yield FS207.at(
                config,
                element,
                f"<idlerpm> {idle:g} is not below <maxrpm> {top:g}: JSBSim accepts it without "
                "a word, but an idle speed that high keeps the engine from starting (the "
                "starter must turn it past 80 % of idlerpm) and a maximum that low cuts its "
                "full-throttle manifold pressure and power",
                hint="maxrpm is the rated crankshaft speed (about 2000-3000 rpm for a light "
                "aircraft engine), idlerpm the idle speed well below it (500-1000 rpm)",
            )


IC_EULER_ANGLES = {"phi": "bank", "theta": "pitch", "psi": "heading"}
"""The initial Euler angles ``FGInitialCondition::Load_v1`` checks against ±2π rad."""


@check(FS207, scope="file")
def ic_euler_angles(config: ConfigFile) -> Iterator[Diagnostic]:
    """An initial ``phi``/``theta``/``psi`` within ±2π rad. JSBSim 1.3.3 logs "psi value
    150 RAD is outside the range [ -2*M_PI RAD ; +2*M_PI RAD ]" and goes on with the angle
    as given: ``<psi>150</psi>`` (150 rad, degrees meant) starts the aircraft heading
    314.4°, ``<theta>7</theta>`` pitched 41° (measured on the c172p)."""
    if config.kind != "initialize":
        return
    for tag, meaning in IC_EULER_ANGLES.items():
        element = first_child(config.root, tag)
        if element is None:
            continue
        value = _number_of(element)
        unit = element.get("unit", "RAD")
        if value is None or unit not in ("RAD", "DEG"):
            continue
        radians = value if unit == "RAD" else math.radians(value)
        if abs(radians) > 2 * math.pi:
            start = math.degrees(radians) % 360.0
            yield FS207.at(
                config,
                element,
                f"<{tag}> {value:g} {unit} is outside ±2π rad (±360°): JSBSim logs that it "
                f"is out of range and starts with it as given, a {meaning} of {start:.1f}° "
                "(modulo 360°)",
                hint=f'without unit= the {meaning} is in radians: write unit="DEG" for degrees'
                if "unit" not in element.attrib
                else "check the value and its unit",
            )


@check(FS207, scope="file")
def ic_latitude(config: ConfigFile) -> Iterator[Diagnostic]:
    """An initial latitude within ±90° (``FGInitialCondition::LoadLatitude`` refuses the
    file otherwise: "The latitude value ... is outside the range")."""
    if config.kind != "initialize":
        return
    for element in config.root.iter("latitude"):
        value = _number_of(element)
        unit = element.get("unit", "RAD")
        if value is None or unit not in ("RAD", "DEG"):
            continue
        degrees = value if unit == "DEG" else math.degrees(value)
        if abs(degrees) > 90.0:
            yield FS207.at(
                config,
                element,
                f"<latitude> {value:g} {unit} is outside -90 to 90 degrees: JSBSim refuses "
                "the initial conditions",
                hint='without unit= the latitude is in radians: write unit="DEG" for degrees'
                if "unit" not in element.attrib
                else "check the value (longitude and latitude swapped?)",
            )
