"""Generate flightsim/config/data/jsbsim_properties.json from JSBSim itself.

Loads every bundled aircraft in its own child process (``--dump NAME`` prints
the property catalogue JSBSim builds for it after ``load_model`` and
``run_ic``), takes out the names the aircraft's XML defines (found by
:mod:`flightsim.config.aircraft_property_uses`), and sorts the rest by what creates
them (see :mod:`flightsim.config.property_catalog`). Prints, per aircraft,
how many names the catalog predicts beyond what JSBSim created (the price of
merging optional properties per engine/contact type) and fails when a name
JSBSim created is not explained.

    .venv/bin/python scripts/make_property_catalog.py            # write the data file
    .venv/bin/python scripts/make_property_catalog.py --check    # compare only
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from flightsim.config.aircraft_property_uses import aircraft_features, document_uses
from flightsim.config.document import load_aircraft
from flightsim.config.property_catalog import (
    AircraftFeatures,
    PropertyCatalog,
    canonical,
    shape,
)
from flightsim.paths import list_aircraft
from flightsim.sim.logbridge import LogBridge

DATA_PATH = Path(__file__).resolve().parent.parent / "flightsim/config/data/jsbsim_properties.json"
_ACCESS_SUFFIX = re.compile(r" \((R|W|RW)\)$")


def dump(name: str, folder: str) -> None:
    """Child mode: print JSBSim's catalogue of one aircraft as JSON on stdout."""
    os.environ["JSBSIM_DEBUG"] = "0"
    import jsbsim

    jsbsim.set_logger(LogBridge())
    fdm = jsbsim.FGFDMExec(None)
    fdm.set_output_path(tempfile.mkdtemp(prefix="flightsim-catalog-"))
    fdm.disable_output()
    fdm.disable_input()
    result: dict[str, object] = {"name": name}
    try:
        root = str(jsbsim.get_default_root_dir())
        loaded = fdm.load_model_with_paths(
            name, folder, os.path.join(root, "engine"), os.path.join(root, "systems"), False
        )
    except Exception as exc:  # JSBSim's LogExceptionError and others
        loaded, result["error"] = False, str(exc)
    result["loaded"] = bool(loaded)
    names = set(fdm.get_property_catalog()) if loaded else set()
    if loaded:
        try:
            result["initialised"] = bool(fdm.run_ic())
        except Exception as exc:
            result["initialised"], result["error"] = False, str(exc)
        names |= set(fdm.get_property_catalog())
    result["catalog"] = sorted(_ACCESS_SUFFIX.sub("", n) for n in names)
    result["read_only"] = sorted(_ACCESS_SUFFIX.sub("", n) for n in names if n.endswith(" (R)"))
    sys.stdout.write(json.dumps(result))
    sys.stdout.flush()
    os._exit(0)  # skip FGFDMExec destruction: it aborts after a failed run_ic


def observe(name: str, folder: Path) -> dict[str, object]:
    """Run :func:`dump` in a child process and return its JSON."""
    done = subprocess.run(
        [sys.executable, __file__, "--dump", name, str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "JSBSIM_DEBUG": "0"},
    )
    if not done.stdout:
        return {"name": name, "loaded": False, "catalog": [], "error": done.stderr[-500:]}
    result: dict[str, object] = json.loads(done.stdout)
    return result


ENGINE = re.compile(r"^propulsion/engine(?:\[(\d+)\])?/(.+)$")
ENGINE_FCS = re.compile(
    r"^(fcs/(?:throttle|mixture|advance|feather)-(?:cmd|pos)-norm)(?:\[(\d+)\])?$"
)
TANK = re.compile(r"^propulsion/tank(?:\[(\d+)\])?/(.+)$")
CONTACT = re.compile(r"^(gear|contact)/unit(?:\[(\d+)\])?/(.+)$")
POINTMASS = re.compile(r"^(inertia/pointmass-[\w-]+)(?:\[(\d+)\])?$")
OUTPUT = re.compile(r"^simulation/output(?:\[(\d+)\])?/(.+)$")
STEER = re.compile(r"^fcs/steer-pos-deg(?:\[(\d+)\])?$")
GAS_CELL = re.compile(r"^buoyant_forces/gas-cell(?:\[(\d+)\])?/(.+)$")


CREATING_SECTIONS = frozenset({"propulsion", "buoyant_forces", "external_reactions"})
"""Optional aircraft sections whose model binds properties of its own when present."""


@dataclass
class Observed:
    """JSBSim's own names of one aircraft, sorted by what creates them."""

    name: str
    features: AircraftFeatures
    raw: set[str]
    aircraft_level: set[str] = field(default_factory=set)
    engine: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    engine_fcs: set[str] = field(default_factory=set)
    tank: set[str] = field(default_factory=set)
    contact: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    pointmass: set[str] = field(default_factory=set)
    output: set[str] = field(default_factory=set)
    gas_cell: set[str] = field(default_factory=set)
    force: set[str] = field(default_factory=set)
    component: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def _index(text: str | None) -> int:
    return int(text) if text else 0


def classify(name: str, catalog_names: Iterable[str], folder: Path) -> tuple[Observed, set[str]]:
    """Sort JSBSim's names of one aircraft; also return the names its XML defines."""
    document = load_aircraft(folder / f"{name}.xml")
    features = aircraft_features(document)
    uses = document_uses(document)
    declared = uses.defined_names()
    components = sorted(uses.components, key=lambda c: -len(c.prop))
    obs = Observed(name, features, {canonical(n) for n in catalog_names})
    for raw in catalog_names:
        prop = canonical(raw)
        if prop in declared:
            continue
        if m := ENGINE.match(prop):
            obs.engine[_index(m[1])].add(m[2])
        elif m := ENGINE_FCS.match(prop):
            obs.engine_fcs.add(f"{m[1]}[#]")
        elif m := TANK.match(prop):
            obs.tank.add(f"propulsion/tank[#]/{m[2]}")
        elif m := CONTACT.match(prop):
            kind = features.contacts[_index(m[2])]
            obs.contact[kind].add(f"{m[1]}/unit[#]/{m[3]}")
        elif m := STEER.match(prop):
            obs.contact[features.contacts[_index(m[1])]].add("fcs/steer-pos-deg[#]")
        elif m := POINTMASS.match(prop):
            obs.pointmass.add(f"{m[1]}[#]")
        elif m := OUTPUT.match(prop):
            obs.output.add(f"simulation/output[#]/{m[2]}")
        elif m := GAS_CELL.match(prop):
            obs.gas_cell.add(f"buoyant_forces/gas-cell[#]/{m[2]}")
        elif force := next(
            (f for f in features.forces if prop.startswith(f"external_reactions/{f}/")), None
        ):
            obs.force.add(
                prop.replace(f"external_reactions/{force}/", "external_reactions/{name}/")
            )
        elif comp := next((c for c in components if prop.startswith(c.prop + "/")), None):
            obs.component[comp.kind].add(prop[len(comp.prop) + 1 :])
        else:
            obs.aircraft_level.add(prop)
    return obs, declared


def access_shapes(
    main_file: Path, names: Iterable[str], shown_read_only: set[str]
) -> tuple[set[str], set[str]]:
    """(read-only, writable) shapes of JSBSim's own names of one aircraft: names its XML
    defines left out, a name below an FCS component given as ``{kind}/suffix``."""
    uses = document_uses(load_aircraft(main_file))
    declared = uses.defined_names()
    components = sorted(uses.components, key=lambda c: -len(c.prop))
    found: tuple[set[str], set[str]] = (set(), set())
    for raw in names:
        prop = canonical(raw)
        if prop in declared:
            continue
        below = next((c for c in components if prop.startswith(c.prop + "/")), None)
        key = shape(prop) if below is None else f"{{{below.kind}}}/{prop[len(below.prop) + 1 :]}"
        found[0 if raw in shown_read_only else 1].add(key)
    return found


def build(
    observations: list[Observed], version: str, read_only: set[str] | None = None
) -> tuple[PropertyCatalog, list[str]]:
    """Merge the observations into a PropertyCatalog; also return unexplained names.

    ``read_only`` holds the shapes (:func:`shape`) of the names JSBSim ties read-only
    in every aircraft where they occur."""
    always = set.intersection(*(o.raw for o in observations))
    for o in observations:
        o.aircraft_level -= always
    has: dict[str, set[str]] = defaultdict(set)
    for o in observations:
        for section in o.features.sections & CREATING_SECTIONS:
            has[f"section:{section}"].add(o.name)
        for engine_type, _ in o.features.engines:
            has[f"engine:{engine_type}"].add(o.name)
    by_section: dict[str, set[str]] = defaultdict(set)
    by_engine_type: dict[str, set[str]] = defaultdict(set)
    unexplained = []
    for prop in sorted(set().union(*(o.aircraft_level for o in observations))):
        where = {o.name for o in observations if prop in o.aircraft_level}
        fits = [f for f, names in has.items() if where <= names]
        if not fits:
            unexplained.append(f"{prop} (in {', '.join(sorted(where))})")
            continue
        kind, _, value = min(fits, key=lambda f: (len(has[f]), f)).partition(":")
        (by_section if kind == "section" else by_engine_type)[value].add(prop)
    thruster_common: dict[str, set[str]] = {}
    for o in observations:
        for index, (_, thruster) in enumerate(o.features.engines):
            seen = o.engine.get(index, set())
            common = thruster_common.get(thruster)
            thruster_common[thruster] = set(seen) if common is None else common & seen
    per_engine_type: dict[str, set[str]] = defaultdict(set)
    for o in observations:
        for index, (engine, thruster) in enumerate(o.features.engines):
            per_engine_type[engine] |= o.engine.get(index, set()) - thruster_common[thruster]

    def merged(attr: str) -> frozenset[str]:
        return frozenset(set().union(*(getattr(o, attr) for o in observations)))

    def merged_map(attr: str) -> dict[str, frozenset[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        for o in observations:
            for key, values in getattr(o, attr).items():
                out[key] |= values
        return {k: frozenset(v) for k, v in out.items()}

    def engine_templates(suffixes: dict[str, set[str]]) -> dict[str, frozenset[str]]:
        return {
            k: frozenset(f"propulsion/engine[#]/{s}" for s in v) for k, v in suffixes.items() if k
        }

    catalog = PropertyCatalog(
        jsbsim_version=version,
        always=frozenset(always),
        by_section={k: frozenset(v) for k, v in by_section.items()},
        by_engine_type={k: frozenset(v) for k, v in by_engine_type.items()},
        per_engine=merged("engine_fcs"),
        per_engine_type=engine_templates(per_engine_type),
        per_thruster_type=engine_templates(thruster_common),
        per_tank=merged("tank"),
        per_contact_type=merged_map("contact"),
        per_pointmass=merged("pointmass"),
        per_output=merged("output"),
        per_gas_cell=merged("gas_cell"),
        per_force=merged("force"),
        per_component_type=merged_map("component"),
        read_only=frozenset(read_only or ()),
    )
    return catalog, unexplained


def predicted(catalog: PropertyCatalog, name: str, folder: Path) -> set[str]:
    """What the catalog plus the aircraft's XML say exists for one aircraft."""
    document = load_aircraft(folder / f"{name}.xml")
    uses = document_uses(document)
    names = catalog.defined_for(aircraft_features(document)) | uses.defined_names()
    for component in uses.components:
        names |= catalog.component_properties(component.kind, component.prop)
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dump", nargs=2, metavar=("NAME", "FOLDER"), help=argparse.SUPPRESS)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    if args.dump:
        dump(*args.dump)
        return 0
    import jsbsim

    bundled = [a for a in list_aircraft() if a.is_bundled]
    observations, catalogs = [], {}
    read_only: set[str] = set()
    writable: set[str] = set()
    for aircraft in bundled:
        seen = observe(aircraft.name, aircraft.folder)
        if not seen["loaded"]:
            print(f"{aircraft.name:16s} skipped: JSBSim does not load it")
            continue
        names = seen["catalog"]
        assert isinstance(names, list)
        catalogs[aircraft.name] = (aircraft.folder, {canonical(n) for n in names})
        shown = seen.get("read_only", [])
        assert isinstance(shown, list)
        access = access_shapes(aircraft.folder / f"{aircraft.name}.xml", names, set(shown))
        read_only |= access[0]
        writable |= access[1]
        obs, _ = classify(aircraft.name, names, aircraft.folder)
        observations.append(obs)
    catalog, unexplained = build(observations, jsbsim.__version__, read_only - writable)
    failed = False
    for name, (folder, names) in sorted(catalogs.items()):
        expect = predicted(catalog, name, folder)
        missing = sorted(names - expect)
        extra = len(expect - names)
        print(f"{name:16s} JSBSim {len(names):5d}  predicted beyond JSBSim {extra:4d}  "
              f"missed {len(missing)}")  # fmt: skip
        if missing:
            failed = True
            print("    missed:", ", ".join(missing[:20]))
    for line in unexplained:
        print("unexplained:", line)
    if args.check:
        stored = json.loads(DATA_PATH.read_text()) if DATA_PATH.is_file() else None
        same = stored == catalog.to_json()
        print("data file is up to date" if same else "data file differs from JSBSim")
        return 0 if same and not failed else 1
    DATA_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATA_PATH.write_text(json.dumps(catalog.to_json(), indent=1, sort_keys=True) + "\n")
    print(f"wrote {DATA_PATH}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
