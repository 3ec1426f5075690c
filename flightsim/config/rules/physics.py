"""Physical plausibility rules (FS7xx) on an aircraft.

Masses and inertias must be positive (JSBSim accepts a negative empty weight
or a zero inertia silently and the state then diverges); the inertia tensor's
principal moments must satisfy the triangle inequality (``Ixx + Iyy >= Izz``
and permutations, a property of any real mass distribution); the reference
wing area, span and chord must be positive (the aerodynamic coefficients are
scaled by them: a zero area gives NaN states); the CG must lie inside the box
spanned by the airframe's other points; an aircraft resting on gear needs at
least three contact points; every engine needs a thruster; ``<feed>`` must
name existing tanks.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from lxml import etree

from flightsim.config.aircraft_property_uses import document_uses
from flightsim.config.diagnostics import Diagnostic, Severity
from flightsim.config.document import ConfigFile, Document, children, first_child
from flightsim.config.rules import check, rule
from flightsim.config.rules.vocabulary_rules import FS122, has_aerodynamics, parse_number
from flightsim.units import JSBSIM_UNITS, convert

FS701 = rule("FS701", Severity.ERROR, "a mass is negative, or the aircraft has no mass")
FS702 = rule("FS702", Severity.ERROR, "a principal moment of inertia is zero or negative")
FS703 = rule("FS703", Severity.WARNING, "the inertias violate the triangle inequality slightly")
FS704 = rule("FS704", Severity.ERROR, "wing area, span or chord is zero or negative")
FS705 = rule("FS705", Severity.ERROR, "the CG lies outside the airframe's extent")
FS706 = rule("FS706", Severity.WARNING, "an aircraft with gear has fewer than 3 contact points")
FS707 = rule("FS707", Severity.ERROR, "an engine has no thruster", refuses=True)
FS708 = rule(
    "FS708", Severity.ERROR, "a <feed> names a tank that does not exist, or an engine has none"
)
FS709 = rule("FS709", Severity.ERROR, "a tank holds more than its capacity, or a negative amount")
FS711 = rule(
    "FS711",
    Severity.ERROR,
    "the inertias violate the triangle inequality by a wide margin (a moment over twice the "
    "sum of the two others)",
)
FS712 = rule(
    "FS712",
    Severity.ERROR,
    "a location lies far outside the airframe (a unit or digit slip)",
)
FS710 = rule(
    "FS710",
    Severity.ERROR,
    "the gear's contact points coincide or lie on one line: the aircraft cannot rest on them",
)

FS713 = rule(
    "FS713",
    Severity.ERROR,
    "the aircraft's mass is implausible for any aircraft or for its size (a unit or digit slip)",
)

_INCH_M = JSBSIM_UNITS["IN"].si_factors["length"]
HEAVIEST_LBS = 1.5e6
"""No aircraft ever weighed this much [lbs]: the An-225 took off at 1.41 million lb."""
DENSEST_LBS_FT3 = 50.0
"""The most an aircraft of some size may weigh per cubic foot of its span cubed [lbs/ft3]
(the 747's empty weight is 0.055; water is 62): above it, a unit or digit slip."""
SPAN_FOR_DENSITY_FT = 10.0
"""Spans below this [ft] are too small a size to judge by (a ball, a bomb, stub wings)."""
_AXES = ("x", "y", "z")
_SLUG_LBS = 32.174049
"""Pounds per slug (JSBSim's ``slugtolb``)."""
GROSS_TRIANGLE = 2.0
"""A moment more than this many times the sum of the two others is impossible by a wide
margin (a unit or digit slip): an error (FS711), not a warning (FS703)."""
INERTIA_TOLERANCE = 1e-3
"""Relative slack of the triangle-inequality test (rounded published inertias)."""
CG_MARGIN = 0.1
"""Margin around the airframe's box for the CG test, as a fraction of the box size."""
FAR_FACTOR = 5.0
"""A location farther than this many airframe sizes from the airframe's middle is far
outside it (the bundled aircraft reach 2.7)."""
CONTACT_SPREAD_IN = 1.0
"""Contact points closer than this [in] to one point or one line do not span a plane."""


def _value(element: etree._Element | None, unit: str) -> float | None:
    """The number of ``element`` converted to ``unit`` (None if absent or not a number)."""
    if element is None:
        return None
    value = parse_number(element.text or "")
    given = element.get("unit")
    if value is None:
        return None
    if given and given != unit:
        if given not in JSBSIM_UNITS:
            return None
        try:
            return convert(value, given, unit)
        except ValueError:
            return None
    return value


_INCHES_PER_UNIT = {
    name: unit.si_factors["length"] / _INCH_M
    for name, unit in JSBSIM_UNITS.items()
    if "length" in unit.si_factors
}
"""Inches per unit, for each JSBSim length unit."""


def _point_in(location: etree._Element | None) -> tuple[float, float, float] | None:
    """A ``<location>`` in inches (None if incomplete or with a bad unit)."""
    if location is None:
        return None
    factor = _INCHES_PER_UNIT.get(location.get("unit", "IN"))
    if factor is None:
        return None
    texts: dict[str, str] = {}
    for child in location:  # the first <x>, <y>, <z>, as JSBSim reads them
        tag = child.tag
        if tag in _AXES and tag not in texts:
            texts[tag] = child.text or ""
    coordinates = []
    for axis in _AXES:
        value = parse_number(texts[axis]) if axis in texts else None
        if value is None:
            return None
        coordinates.append(value * factor)
    return coordinates[0], coordinates[1], coordinates[2]


def _heavy_check(
    config: ConfigFile, where: etree._Element, total_lbs: float, span_ft: float | None
) -> Iterator[Diagnostic]:
    """FS713 for a mass above any aircraft's, or far too dense for the wing span."""
    if total_lbs > HEAVIEST_LBS:
        yield FS713.at(
            config,
            where,
            f"the aircraft weighs {total_lbs:,.0f} lbs ({total_lbs * 0.45359237:,.0f} kg) "
            "empty with its point masses: more than any aircraft ever built (the An-225 took "
            "off at 1.41 million lb)",
            hint="check the number and its unit (LBS or KG) of <emptywt> and the point masses",
        )
    elif span_ft is not None and span_ft >= SPAN_FOR_DENSITY_FT:
        density = total_lbs / span_ft**3
        if density > DENSEST_LBS_FT3:
            yield FS713.at(
                config,
                where,
                f"the aircraft weighs {total_lbs:,.0f} lbs for a span of {span_ft:g} ft: "
                f"{density:.0f} lbs per cubic foot of its span cubed, denser than a block "
                "of water that size (the 747 weighs 0.06)",
                hint="check the number and its unit (LBS or KG) of <emptywt> and the point "
                "masses, and the wing span",
            )


def _mass_checks(
    config: ConfigFile, mass: etree._Element, span_ft: float | None = None
) -> Iterator[Diagnostic]:
    total = 0.0
    empty = first_child(mass, "emptywt")
    empty_lbs = _value(empty, "LBS")
    if empty_lbs is not None:
        total += empty_lbs
        if empty_lbs < 0:
            yield FS701.at(
                config,
                empty,
                f"empty weight {empty_lbs:g} lbs is negative",
                hint="give the empty weight as a positive mass",
            )
    for point in mass.iterchildren("pointmass"):
        weight = first_child(point, "weight")
        lbs = _value(weight, "LBS")
        if lbs is not None:
            total += lbs
            if lbs < 0:
                yield FS701.at(config, weight, f"point mass weight {lbs:g} lbs is negative")
    if empty_lbs is not None and total > 0:
        yield from _heavy_check(config, empty if empty is not None else mass, total, span_ft)
    if empty_lbs is not None and total <= 0:
        yield FS701.at(
            config,
            mass,
            "the aircraft's total mass (empty weight plus point masses) is not positive",
            hint="set <emptywt> to the empty mass",
        )
    yield from _inertia_checks(config, mass, empty_lbs)


def _pointmass_inertia(
    mass: etree._Element, empty_lbs: float | None
) -> tuple[float, float, float] | None:
    """The principal moments [slug*ft2] the point masses add about the aircraft's CG
    (``FGMassBalance::GetPointmassInertia``: m (y² + z²) ...), or None when a point
    mass's weight or place is unknown (an empty location set at run time).

    The CG is the mass-weighted mean of the empty CG and the point masses; a point
    mass's own <form> adds to it, so the sum is a lower bound.
    """
    points: list[tuple[float, tuple[float, float, float]]] = []
    for point in mass.iterchildren("pointmass"):
        lbs = _value(first_child(point, "weight"), "LBS")
        where = _point_in(first_child(point, "location"))
        if lbs is None or where is None:
            return None
        points.append((lbs, where))
    cg = _point_in(_named_location(mass, "CG"))
    if not points:
        return 0.0, 0.0, 0.0
    if cg is None or empty_lbs is None:
        return None
    total_lbs = empty_lbs + sum(lbs for lbs, _ in points)
    if total_lbs <= 0:
        return None
    centre = [
        (empty_lbs * cg[axis] + sum(lbs * p[axis] for lbs, p in points)) / total_lbs
        for axis in range(3)
    ]
    moments = [0.0, 0.0, 0.0]
    for lbs, p in points:
        slugs = lbs / _SLUG_LBS
        d = [(p[axis] - centre[axis]) / 12.0 for axis in range(3)]  # [ft]
        moments[0] += slugs * (d[1] ** 2 + d[2] ** 2)
        moments[1] += slugs * (d[0] ** 2 + d[2] ** 2)
        moments[2] += slugs * (d[0] ** 2 + d[1] ** 2)
    return moments[0], moments[1], moments[2]


def _named_location(parent: etree._Element, name: str) -> etree._Element | None:
    for location in parent.iterchildren("location"):
        if location.get("name") == name:
            return location
    return None


def _inertia_checks(
    config: ConfigFile, mass: etree._Element, empty_lbs: float | None
) -> Iterator[Diagnostic]:
    """FS702 for a principal moment whose total (the element plus what the point masses
    add) is not positive; FS703/FS711 for totals that break the triangle inequality."""
    added = _pointmass_inertia(mass, empty_lbs)
    point_masses = first_child(mass, "pointmass") is not None
    totals: dict[str, float] = {}
    for index, name in enumerate(("ixx", "iyy", "izz")):
        element = first_child(mass, name)
        value = _value(element, "SLUG*FT2")
        if element is None and not point_masses:
            yield FS702.at(
                config,
                mass,
                f"<mass_balance> has no <{name}> and no point masses: JSBSim takes the "
                "moment of inertia as 0",
                hint=f"give <{name}> (a principal moment of inertia must be positive)",
            )
            continue
        if element is not None and value is None:
            continue  # not a number: the vocabulary's finding
        base = value or 0.0
        if added is None:
            if base < 0 or (base == 0 and not point_masses):
                yield _nonpositive_moment(config, element, name, base, 0.0)
            continue
        total = base + added[index]
        if total <= 0:
            yield _nonpositive_moment(
                config, element if element is not None else mass, name, base, added[index]
            )
        totals[name] = total
    if len(totals) == 3 and all(v > 0 for v in totals.values()):
        yield from _triangle_checks(config, mass, totals, added != (0.0, 0.0, 0.0))


def _nonpositive_moment(
    config: ConfigFile, element: etree._Element | None, name: str, base: float, added: float
) -> Diagnostic:
    assert element is not None
    extra = f" (plus {added:g} from the point masses)" if added else ""
    return FS702.at(
        config,
        element,
        f"<{name}> is {base:g} slug*ft2{extra}; a principal moment of inertia must be positive",
        hint="JSBSim inverts the inertia matrix: zero or negative moments give infinite or "
        "reversed rotations",
    )


def _triangle_checks(
    config: ConfigFile, mass: etree._Element, totals: dict[str, float], with_points: bool
) -> Iterator[Diagnostic]:
    """FS703 (slightly) or FS711 (by more than :data:`GROSS_TRIANGLE` times) for each
    moment larger than the sum of the two others."""
    ixx, iyy, izz = totals["ixx"], totals["iyy"], totals["izz"]
    slack = INERTIA_TOLERANCE * max(ixx, iyy, izz)
    what = "with the point masses' share " if with_points else ""
    for a, b, c, names in (
        (ixx, iyy, izz, ("ixx", "iyy", "izz")),
        (ixx, izz, iyy, ("ixx", "izz", "iyy")),
        (iyy, izz, ixx, ("iyy", "izz", "ixx")),
    ):
        if a + b + slack < c:
            gross = c > GROSS_TRIANGLE * (a + b)
            element = first_child(mass, names[2])
            yield (FS711 if gross else FS703).at(
                config,
                element if element is not None else mass,
                f"{names[0]} + {names[1]} = {a + b:g} is less than {names[2]} = {c:g} "
                f"slug*ft2 {what}({c / (a + b):.3g} times); no mass distribution has such "
                "inertias",
                hint="check the values and their units (a digit or unit slip?)",
            )


_LENGTH_READERS = {
    "wingspan": frozenset({"metrics/bw-ft", "aero/bi2vel"}),
    "chord": frozenset({"metrics/cbarw-ft", "aero/ci2vel"}),
}
"""The properties through which a span or chord reaches the model: a zero span or chord
that nothing reads changes nothing (a test rig without aerodynamics)."""


def _metrics_checks(
    doc: Document, config: ConfigFile, metrics: etree._Element
) -> Iterator[Diagnostic]:
    for name, unit in (("wingarea", "FT2"), ("wingspan", "FT"), ("chord", "FT")):
        element = first_child(metrics, name)
        value = _value(element, unit)
        if element is None or value is None or value > 0:
            continue
        if name == "wingarea":
            yield FS704.at(
                config,
                element,
                f"<wingarea> is {value:g} ft2; it must be positive (the aerodynamic forces "
                "are the coefficients times the dynamic pressure times the wing area)",
                hint="a zero wing area makes every aerodynamic force zero, and a trim fail",
            )
            continue
        readers = _LENGTH_READERS[name] & document_uses(doc).read_names
        if readers:
            yield FS704.at(
                config,
                element,
                f"<{name}> is {value:g} ft, and the aircraft reads it "
                f"({', '.join(sorted(readers))}): the coefficients scaled by it vanish",
                hint=f"give the {name} its real, positive value",
            )


def _below(element: etree._Element, tags: tuple[str, ...]) -> list[etree._Element]:
    """The elements at the child-tag path ``tags`` below ``element`` (``a/b/c``), in order."""
    found = [element]
    for tag in tags:
        found = [child for parent in found for child in parent.iterchildren(tag)]
    return found


_LOCATED = (
    ("metrics", ("location",), "reference point"),
    ("mass_balance", ("location",), "CG"),
    ("mass_balance", ("pointmass", "location"), "point mass"),
    ("ground_reactions", ("contact", "location"), "contact"),
    ("propulsion", ("tank", "location"), "tank"),
    ("propulsion", ("engine", "location"), "engine"),
    ("propulsion", ("engine", "thruster", "location"), "thruster"),
    ("external_reactions", ("force", "location"), "force"),
)
"""Every located part of an aircraft: section, child-tag path to the location, what it is."""


def _median(values: Iterable[float]) -> float:
    """The median of ``values`` (not empty); the statistics module costs a validation
    command's start 5 ms of imports."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


class _Part(NamedTuple):
    """A located part: its point [in], its <location>, the file holding it, what it is."""

    point: tuple[float, float, float]
    location: etree._Element
    config: ConfigFile
    what: str


def _located_parts(doc: Document) -> list[_Part]:
    """Every part of :data:`_LOCATED` whose location is complete, read once per aircraft."""
    found: list[_Part] = []
    for section_name, tags, what in _LOCATED:
        section = first_child(doc.main.root, section_name)
        if section is None:
            continue
        config = doc.target(section) or doc.main
        for location in _below(doc.content(section), tags):
            point = _point_in(location)
            if point is not None:
                found.append(_Part(point, location, config, what))
    return found


def _far_locations(doc: Document, found: list[_Part]) -> Iterator[Diagnostic]:
    """FS712 for a location farther than :data:`FAR_FACTOR` airframe sizes from the
    middle of the aircraft's located parts (their median point).

    The size is the largest of the wing span, twice the median distance of the parts
    from their middle, and 10 ft.
    """
    if len(found) < 3:
        return
    middle = tuple(_median(p[axis] for p, _, _, _ in found) for axis in range(3))
    distances = [math.dist(p, middle) for p, _, _, _ in found]
    metrics = first_child(doc.main.root, "metrics")
    span_ft = (
        _value(first_child(doc.content(metrics), "wingspan"), "FT") if metrics is not None else None
    )
    size = max((span_ft or 0.0) * 12.0, 2.0 * _median(distances), 120.0)
    for (point, location, config, what), distance in zip(found, distances, strict=True):
        if distance > FAR_FACTOR * size:
            name = location.get("name") or location.getparent().get("name") or ""  # type: ignore[union-attr]
            yield FS712.at(
                config,
                location,
                f"the {what}{f' {name}' if name else ''} at ({point[0]:g}, {point[1]:g}, "
                f"{point[2]:g}) in lies {distance:,.0f} in from the middle of the aircraft, "
                f"{distance / size:.0f} times its size ({size:,.0f} in)",
                hint="check the numbers and the unit (IN, FT, M) of this location",
            )


_MASSES = frozenset({"CG", "point mass"})
"""Located parts that are not points of the airframe."""


def _cg_check(config: ConfigFile, mass: etree._Element, parts: list[_Part]) -> Iterator[Diagnostic]:
    cg_element = _named_location(mass, "CG")
    cg = _point_in(cg_element)
    points = [part.point for part in parts if part.what not in _MASSES]
    if cg is None or len(points) < 3:
        return
    for axis, label in enumerate("xyz"):
        low = min(p[axis] for p in points)
        high = max(p[axis] for p in points)
        size = high - low
        if axis != 1 and size <= 0:
            continue
        margin = CG_MARGIN * max(size, max(p[0] for p in points) - min(p[0] for p in points))
        if not low - margin <= cg[axis] <= high + margin:
            yield FS705.at(
                config,
                cg_element,
                f"CG {label} = {cg[axis]:g} in lies outside the airframe "
                f"({low:g} to {high:g} in, from gear, reference points, tanks and engines)",
                hint="check the CG location, its unit and the sign convention (x aft, y "
                "right, z up, in the structural frame)",
            )


def _unplaced_reference_point(
    config: ConfigFile, section: etree._Element, mass: bool, aerodynamic: bool
) -> Iterator[Diagnostic]:
    """FS122 for a ``<mass_balance>`` without its CG, or the ``<metrics>`` of an aircraft
    with aerodynamics without its AERORP: JSBSim leaves the point at x = y = z = 0, the
    origin of the structural frame, and says nothing (``FGMassBalance::Load``,
    ``FGAircraft::Load``)."""
    name = "CG" if mass else "AERORP"
    if (not mass and not aerodynamic) or _named_location(section, name) is not None:
        return
    if mass and not _value(first_child(section, "emptywt"), "LBS"):
        return  # all the mass in point masses (J246): the empty CG weighs nothing
    what = "the empty-weight CG" if mass else "the point the aerodynamic forces act at"
    yield FS122.at(
        config,
        section,
        f'<{section.tag!s}> has no <location name="{name}">: JSBSim puts {what} at '
        "x = y = z = 0, the origin of the structural frame, without a word",
        hint=f'add <location name="{name}" unit="IN"> with its <x>, <y> and <z>',
    )


def _gear_check(config: ConfigFile, ground: etree._Element, buoyant: bool) -> Iterator[Diagnostic]:
    """FS706 and FS710; an airship (``buoyant``) floats and rests on a keel line legitimately."""
    contacts = children(ground, "contact")
    bogeys = [c for c in contacts if c.get("type") == "BOGEY"]
    if bogeys and len(contacts) < 3:
        yield FS706.at(
            config,
            ground,
            f"the aircraft has {len(contacts)} contact point(s); it cannot rest on fewer than 3",
            hint="add the missing gear or STRUCTURE contact points (e.g. a tail skid)",
        )
        return
    points = [_point_in(first_child(c, "location")) for c in contacts]
    known = [p for p in points if p is not None]
    if buoyant or not bogeys or len(known) < len(contacts):
        return
    shape = _contact_shape(known)
    if shape == "point":
        what = "all sit at one point seen from above"
        effect = "JSBSim's ground trim crashes the process (segfault) on such gear"
    elif shape == "line":
        what = "all lie on one line seen from above"
        effect = "JSBSim's ground trim cannot settle it"
    else:
        return
    yield FS710.at(
        config,
        ground,
        f"the {len(contacts)} contact points {what} (within {CONTACT_SPREAD_IN:g} in); the "
        f"aircraft tips over them, and {effect}",
        hint="give each wheel and skid its own location (structural frame, inches)",
    )


def _contact_shape(points: list[tuple[float, float, float]]) -> str:
    """``"point"``, ``"line"`` or ``"plane"``: what ``points`` [in] span seen from above.

    The heights do not matter for resting: contacts all on the centreline tip
    over sideways whatever their heights. Points within CONTACT_SPREAD_IN of one
    point or one line count as on it.
    """
    plan = [(x, y) for x, y, _ in points]
    origin = plan[0]
    far = max(plan, key=lambda p: math.dist(p, origin))
    length = math.dist(far, origin)
    if length < CONTACT_SPREAD_IN:
        return "point"
    ux, uy = (far[0] - origin[0]) / length, (far[1] - origin[1]) / length
    for x, y in plan:
        # distance from the line through origin and far (a 2-D cross product)
        if abs((x - origin[0]) * uy - (y - origin[1]) * ux) > CONTACT_SPREAD_IN:
            return "plane"
    return "line"


def _propulsion_checks(doc: Document) -> Iterator[Diagnostic]:
    propulsion = first_child(doc.main.root, "propulsion")
    if propulsion is None:
        return
    content = doc.content(propulsion)
    config = doc.target(propulsion) or doc.main
    tanks = children(content, "tank")
    for tank in tanks:
        capacity = _value(first_child(tank, "capacity"), "LBS")
        contents = _value(first_child(tank, "contents"), "LBS")
        if capacity is not None and capacity < 0:
            yield FS709.at(
                config,
                first_child(tank, "capacity"),
                f"tank capacity {capacity:g} lbs is negative",
                refuses=True,  # "lower than the amount of unusable fuel"
            )
        if contents is not None and (
            contents < 0 or (capacity is not None and contents > capacity)
        ):
            yield FS709.at(
                config,
                first_child(tank, "contents"),
                f"tank contents {contents:g} lbs "
                f"exceed the capacity {capacity or 0:g} lbs or are negative",
                hint="contents must lie between 0 and the capacity",
                refuses=capacity is not None and contents > capacity,  # negative: JSBSim flies
            )
    for engine, definition, thruster in doc.engines():
        if definition is not None and thruster is None:
            yield from _missing_thruster(config, engine)
        placed = first_child(engine, "thruster")
        if placed is not None and first_child(placed, "location") is None:
            # FGThruster reads the location from the aircraft's <thruster>, not its file
            yield FS122.at(
                config,
                placed,
                "<thruster> has no <location>: JSBSim logs 'No thruster location found' and "
                "applies the thrust at x = y = z = 0, the origin of the structural frame",
                hint='add <location unit="IN"> with its <x>, <y> and <z> inside this <thruster>',
            )
        electric = definition is not None and definition.tag in ELECTRIC
        if definition is not None and not electric and first_child(engine, "feed") is None:
            yield FS708.at(
                config,
                engine,
                f"engine {engine.get('file') or engine.get('name') or ''} has no <feed>: "
                "JSBSim finds it starved of fuel, and it gives no thrust (except while "
                "trimming)",
                hint="add <feed>N</feed> naming the tank (numbered from 0) it burns from",
            )
        for feed in () if electric else engine.iterchildren("feed"):  # electric: no fuel
            index = parse_number(feed.text or "")
            if index is not None and not (0 <= index < len(tanks) and index == int(index)):
                yield FS708.at(
                    config,
                    feed,
                    f"<feed> {index:g} names no tank; the "
                    f"aircraft has {len(tanks)} tank(s), numbered from 0",
                    hint="tanks are numbered in the order of their <tank> elements, from 0",
                )


ELECTRIC = frozenset({"electric_engine", "brushless_dc_motor"})
"""Engine types that burn no fuel and need no ``<feed>``."""


def _missing_thruster(config: ConfigFile, engine: etree._Element) -> Iterator[Diagnostic]:
    """FS707 for an engine without a thruster definition.

    A ``<thruster file=...>`` whose file is missing or unreadable is the file
    rules' finding (FS601, FS602, FS604), not a missing thruster.
    """
    thruster = first_child(engine, "thruster")
    name = engine.get("file") or engine.get("name") or ""
    if thruster is None:
        yield FS707.at(
            config,
            engine,
            f"engine {name} has no <thruster>; its power goes nowhere",
            hint='add <thruster file="..."> to the <engine>',
        )
    elif not thruster.get("file"):
        yield FS707.at(
            config,
            thruster,
            f"the <thruster> of engine {name} has no file= and no <propeller>, <nozzle>, "
            "<rotor> or <direct> inside; its power goes nowhere",
            hint='give the thruster file="..." or define the thruster inside it',
        )


@check(
    *(FS701, FS702, FS703, FS704, FS705, FS706, FS707, FS708, FS709, FS710, FS711, FS712),
    FS713,
    FS122,
    scope="document",
)
def plausibility(document: Document) -> Iterator[Diagnostic]:
    """Masses, inertias, reference geometry, CG, gear, engines and tanks of an aircraft."""
    if document.main.kind != "fdm_config":
        return
    root = document.main.root
    parts = _located_parts(document)
    for name, checks in (("mass_balance", "mass"), ("metrics", "metrics")):
        element = first_child(root, name)
        if element is None:
            continue
        config = document.target(element) or document.main
        if element.get("file") and config is document.main:
            continue  # an unreadable file= target: reported by the file rules
        content = document.content(element)
        yield from _unplaced_reference_point(
            config, content, checks == "mass", has_aerodynamics(root)
        )
        if checks == "mass":
            metrics = document.section("metrics")
            span = None if metrics is None else _value(first_child(metrics, "wingspan"), "FT")
            yield from _mass_checks(config, content, span)
            yield from _cg_check(config, content, parts)
        else:
            yield from _metrics_checks(document, config, content)
    ground = first_child(root, "ground_reactions")
    if ground is not None:
        buoyant = first_child(root, "buoyant_forces") is not None
        config = document.target(ground) or document.main
        yield from _gear_check(config, document.content(ground), buoyant)
    yield from _propulsion_checks(document)
    yield from _far_locations(document, parts)
