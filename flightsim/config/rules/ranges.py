"""Numbers outside the range where JSBSim works as the file means (FS207).

A script's ``<run dt=...>`` must be positive (``FGFDMExec`` adds dt to the
time each step: with 0 the time stands still and the script never ends, a
negative one runs time backwards) and its ``end`` after its ``start``
(``FGScript::RunScript`` returns at once when the time is past the end: the
script runs nothing and says nothing). A ``<clipto>`` with its minimum above
its maximum clips nothing; a turbine whose idle spool speed is not below its
maximum has no throttle range; an actuator's numeric ``rate_limit`` must be
positive (``FGActuator::RateLimit``: a negative one drives the output away,
zero freezes it). Numbers below the least value that makes sense for their
element (the vocabulary's ``range``: a zero gear spring, a negative bypass
ratio) are reported by the vocabulary walk with the same rule.
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


@check(FS207, scope="file")
def turbine_spools(config: ConfigFile) -> Iterator[Diagnostic]:
    """A turbine's idle N1/N2 below its maximum (defaults for the one not given)."""
    root = config.root
    for engine in [root] if root.tag == "turbine_engine" else root.iter("turbine_engine"):
        for idle_tag, max_tag, idle_default, max_default in TURBINE_SPOOLS:
            idle_element, max_element = first_child(engine, idle_tag), first_child(engine, max_tag)
            if idle_element is None and max_element is None:
                continue
            idle = _number_of(idle_element) if idle_element is not None else idle_default
            top = _number_of(max_element) if max_element is not None else max_default
            if idle is not None and top is not None and idle >= top:
                yield FS207.at(
                    config,
                    idle_element if idle_element is not None else max_element,
                    f"<{idle_tag}> {idle:g} % is not below <{max_tag}> {top:g} %: the engine "
                    "has no throttle range (JSBSim divides by the difference)",
                    hint="the idle spool speed is a percentage below the maximum, "
                    "typically 20-70 %",
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
