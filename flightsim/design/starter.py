"""Starter specs for ``flightsim new``: one per class, from the shipped fleet's real-type data."""

from __future__ import annotations

from dataclasses import replace

from flightsim.design.spec import CLASSES, AircraftSpec, load_spec, spec_from_dict, spec_to_toml
from flightsim.errors import ConfigError, suggest
from flightsim.paths import find_aircraft
from flightsim.tomlfile import tomllib

STARTERS: dict[str, str] = {
    "light-single": "gen-c172",
    "light-twin": "gen-seneca",
    "turboprop": "gen-pc12",
    "business-jet": "gen-cj1",
    "airliner": "gen-a320",
    "glider": "gen-ask21",
    "fighter": "gen-f16",
}
"""The shipped aircraft each class's starter spec is copied from."""

_GUIDE = """\
A starter {klass} spec, copied from the shipped '{source}' ({description}).
Change the numbers to your aircraft's, then: flightsim generate {name}.toml
Quantities take units ("10.9 m", "1200 kg", "160 hp", "50 kt", "170 ft2", "3500 lbf");
bare numbers are in kg, m, m2, kW, N, kt (speeds), ft (altitudes), deg (angles).
Optional keys (estimated when left out, the estimate noted in the generated files):
  [mass] empty, fuel
  [wing] aspect_ratio, taper, sweep, dihedral, incidence, root_chord, thickness,
         position ("low" | "mid" | "high")
  [fuselage] diameter
  [tail] htail_area, htail_arm, vtail_area, vtail_arm
  [propulsion] count, propeller_diameter; power (piston, turboprop, electric) or
               thrust (turbofan); engine = "none" for a glider
  [gear] type ("tricycle" | "taildragger" | "skid"), retractable
  [performance] best_glide_speed
See docs/generating.md for every key and method."""


def starter_spec(aircraft_class: str, name: str) -> tuple[AircraftSpec, str]:
    """A spec of ``aircraft_class`` named ``name``, and its TOML text with a guide comment."""
    if aircraft_class not in STARTERS:
        raise ConfigError(
            f"unknown class '{aircraft_class}': choose one of {', '.join(CLASSES)}."
            f"{suggest(aircraft_class, CLASSES)}"
        )
    source = STARTERS[aircraft_class]
    location = find_aircraft(source)
    spec = load_spec(location.folder / f"{source}.toml")
    starter = replace(spec.with_name(name), description=f"A {aircraft_class} based on {source}")
    header = _GUIDE.format(
        klass=aircraft_class, source=source, description=spec.description, name=name
    )
    text = spec_to_toml(starter, header=header)
    spec_from_dict(tomllib.loads(text))  # the name check and every check of a loaded spec
    return starter, text
