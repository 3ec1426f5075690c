"""Input checks of aircraft specs found by a new user's trial: each class of bad value is
refused by `flightsim generate` with exit code 2, the key, file:line and a message in the
author's own units, and nothing written; the Python API raises ConfigError."""

from __future__ import annotations

from pathlib import Path

import pytest
from usage_errors import assert_one_line_error

from flightsim.cli import main
from flightsim.design import estimate, generate, load_spec
from flightsim.design.spec import FuselageSpec
from flightsim.errors import ConfigError

BEAVER = """\
# DHC-2 Beaver (imperial): MTOW 5090 lb, empty 3000 lb, fuel 570 lb; span 48 ft, area
# 250 ft2; length 30.3 ft; P&W R-985 450 hp, propeller 8.5 ft; cruise 109 kt at 5000 ft
name = "beaver"
class = "light-single"
[mass]
mtow = "5090 lb"
empty = "3000 lb"
fuel = "570 lb"
[wing]
span = "48 ft"
area = "250 ft2"
position = "high"
[fuselage]
length = "30.3 ft"
diameter = "4.5 ft"
[propulsion]
engine = "piston"
count = 1
power = "450 hp"
propeller_diameter = "8.5 ft"
[gear]
type = "tricycle"
[performance]
stall_speed = "58 kt"
cruise_speed = "109 kt"
cruise_altitude = "5000 ft"
"""

LS8 = """\
# LS8 (15 m): MTOW 525 kg, empty 255 kg; span 15 m, area 10.5 m2; stall 41 kt
name = "ls8"
class = "glider"
[mass]
mtow = "525 kg"
empty = "255 kg"
[wing]
span = "15 m"
area = "10.5 m2"
position = "mid"
[fuselage]
length = "6.72 m"
diameter = "0.65 m"
[propulsion]
engine = "none"
[gear]
type = "skid"
[performance]
stall_speed = "41 kt"
cruise_speed = "60 kt"
cruise_altitude = "3000 ft"
best_glide_speed = "58 kt"
"""


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line of ``text`` holding ``needle``."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def refused(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    text: str,
    key: str,
    at: str,
    message: str,
) -> str:
    """Generate ``text`` on the command line: exit 2, one line ``file:line: key: ...``
    holding ``message`` (line: that of ``at``), nothing written; also from load_spec."""
    spec = tmp_path / "spec.toml"
    spec.write_text(text)
    out = tmp_path / "out"
    code = main(["generate", str(spec), "-o", str(out)])
    stdout, err = capsys.readouterr()
    where = f"{spec}:{line_of(text, at)}: {key}: "
    assert_one_line_error(code, stdout, err, "flightsim generate", where)
    assert message in err, err
    assert not out.exists()
    with pytest.raises(ConfigError) as info:
        load_spec(spec)
    assert info.value.line == line_of(text, at) and f"{key}: " in str(info.value)
    return err


@pytest.mark.parametrize(
    ("diameter", "length", "message"),
    [
        ('"40 ft"', '"30.3 ft"', "40 ft on a fuselage 30.3 ft long: a length/diameter of 0.758"),
        ('"4.5 ft"', '"1 ft"', "4.5 ft on a fuselage 1 ft long: a length/diameter of 0.222"),
        ('"15.15 ft"', '"30.3 ft"', "a length/diameter of 2, under the 3"),
        ('"4.6 m"', '"30.3 ft"', "at most 3.08 m here"),
    ],
)
def test_a_fuselage_too_short_for_its_diameter_is_refused(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    diameter: str,
    length: str,
    message: str,
) -> None:
    """Once a raw TypeError (a complex number in the body's wetted area); exactly 2:1 gave
    a fuselage of zero wetted area without a word."""
    text = BEAVER.replace('diameter = "4.5 ft"', f"diameter = {diameter}").replace(
        'length = "30.3 ft"', f"length = {length}"
    )
    refused(tmp_path, capsys, text, "fuselage.diameter", "diameter =", message)


def test_a_fuselage_built_in_python_raises_config_error_not_type_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^fuselage.diameter: 12 m on a fuselage 9.2 m long"):
        FuselageSpec(length=9.2, diameter=12.0)
    with pytest.raises(ConfigError, match=r"^fuselage.length: must be positive, got -3 m"):
        FuselageSpec(length=-3.0)
    spec = tmp_path / "beaver.toml"
    spec.write_text(BEAVER.replace('diameter = "4.5 ft"', 'diameter = "10.1 ft"'))
    assert estimate(load_spec(spec)).cd0 > 0  # a fineness of 3 is accepted


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            LS8.replace('empty = "255 kg"', 'empty = "255 kg"\nfuel = "20 kg"'),
            "20 kg given for an aircraft without engine, which burns none",
        ),
        (
            BEAVER.replace('engine = "piston"', 'engine = "electric"'),
            "570 lb given for an electric aircraft, which burns none (its batteries are part",
        ),
    ],
)
def test_fuel_for_a_glider_or_an_electric_aircraft_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    """Once dropped without a word: the header said "fuel 20 kg", the weight was below MTOW."""
    refused(tmp_path, capsys, text, "mass.fuel", "fuel =", message)


@pytest.mark.parametrize(
    ("speed", "message"),
    [
        (
            '"30 kt"',
            "30 kt is outside the plausible 45.1 kt .. 78.9 kt: at least 1.1 times the "
            "stall speed 41 kt",
        ),
        ('"300 kt"', "300 kt is outside the plausible 45.1 kt .. 78.9 kt"),
        ('"150 km/h"', "150 km/h is outside the plausible 83.5 km/h .. 146 km/h"),
        ("30", "30 (a bare number, read in kt) is outside the plausible 45.1 kt .. 78.9 kt"),
    ],
)
def test_a_glider_s_best_glide_speed_is_between_stall_and_minimum_drag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], speed: str, message: str
) -> None:
    """Below the stall or 300 kt were accepted; the fly-out then failed every trim."""
    text = LS8.replace('best_glide_speed = "58 kt"', f"best_glide_speed = {speed}")
    refused(tmp_path, capsys, text, "performance.best_glide_speed", "best_glide", message)


def test_best_glide_speed_on_a_powered_aircraft_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It was silently ignored (the docs say it is for gliders)."""
    text = BEAVER + 'best_glide_speed = "75 kt"\n'
    message = "75 kt given for a powered aircraft: best_glide_speed is for gliders"
    refused(tmp_path, capsys, text, "performance.best_glide_speed", "best_glide", message)


@pytest.mark.parametrize(
    ("diameter", "message"),
    [
        ('"8.5 in"', "8.5 in is outside the plausible 25.7 in .. 182 in for 450 hp per engine"),
        ('"0.01 ft"', "0.01 ft is outside the plausible 2.14 ft .. 15.2 ft for 450 hp"),
        ('"40 ft"', "40 ft is outside the plausible 2.14 ft .. 15.2 ft"),
        ("8.5", "8.5 (a bare number, read in m) is outside the plausible 0.654 m .. 4.62 m"),
    ],
)
def test_an_implausible_propeller_diameter_is_refused_in_the_author_s_unit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], diameter: str, message: str
) -> None:
    """A unit slip (8.5 in for 8.5 ft), 0.01 ft and a 40 ft propeller on a 30 ft aircraft were
    accepted; the aircraft then trimmed nowhere."""
    text = BEAVER.replace('propeller_diameter = "8.5 ft"', f"propeller_diameter = {diameter}")
    err = refused(tmp_path, capsys, text, "propulsion.propeller_diameter", "propeller_", message)
    assert "a disc loaded with at most 1000 kW/m2, over twice the most heavily loaded" in err
    assert "at most 50% of its span and of its fuselage length" in err


def test_the_fleet_s_propellers_are_plausible() -> None:
    """The bounds hold every real propeller the project's specs give (P-51D, HU-16, C-130H,
    ScanEagle, PC-12 ...): each spec loads."""
    root = Path(__file__).resolve().parents[2]
    specs = [*(root / "aircraft").glob("*/*.toml"), *(root / "tests").glob("*/specs/*.toml")]
    given = [s for s in specs if "propeller_diameter" in s.read_text()]
    assert len(given) >= 10
    for spec in given:
        assert load_spec(spec).propulsion.propeller_diameter is not None


@pytest.mark.parametrize(
    ("change", "key", "at", "message"),
    [
        (  # was "an aircraft without a fin"
            ("[gear]", '[tail]\nvtail_area = "-5 ft2"\n[gear]'),
            "tail.vtail_area",
            "vtail_area",
            "tail.vtail_area: must be positive, got -5 ft2",
        ),
        (  # was "got -23.2258" (the SI value, no unit)
            ('area = "250 ft2"', 'area = "-250 ft2"'),
            "wing.area",
            "area =",
            "wing.area: must be positive, got -250 ft2",
        ),
        (  # was the "letters, digits" message
            ('name = "beaver"', f'name = "{"b" * 300}"'),
            "name",
            "name =",
            "name: 300 characters long: a name is at most 64",
        ),
        (  # was "propulsion.thrust: missing"
            ('engine = "piston"', 'engine = "turbofan"'),
            "propulsion.power",
            "power =",
            "propulsion.power: not for a turbofan (give thrust)",
        ),
        (  # was "a electric engine"
            ('power = "450 hp"\n', ""),
            "propulsion.power",
            "[propulsion]",
            "missing: a piston engine needs power",
        ),
        (  # was "-252 N of thrust"
            ('cruise_altitude = "5000 ft"', 'cruise_altitude = "200000 ft"'),
            "performance.cruise_altitude",
            "cruise_altitude",
            "200000 ft is above the 65,617 ft the estimates' standard atmosphere reaches",
        ),
        (  # was blamed on wing.area without a word on span's unit
            ('span = "48 ft"', "span = 48"),
            "wing.area",
            "area =",
            "span²/area = 99.2 (span 48 (a bare number, read in m), area 250 ft2)",
        ),
        (  # had been "unknown key. Did you mean: class?"
            ("[gear]", "[flaps]\narea = 3\n[gear]"),
            "flaps",
            "[flaps]",
            "unknown table [flaps]; a spec's tables are [mass], [wing], [fuselage], [tail], "
            "[propulsion], [gear], [performance].",
        ),
        (  # had been "unknown key." with no hint: a key under the wrong header
            ('position = "high"', 'position = "high"\nstall_speed = "58 kt"'),
            "wing.stall_speed",
            'stall_speed = "58 kt"',
            "unknown key. stall_speed is a key of [performance]: move it under that table's header",
        ),
        (  # a key above the first table's header
            ('class = "light-single"', 'class = "light-single"\nmtow = "5090 lb"'),
            "mtow",
            'mtow = "5090 lb"',
            "unknown key. mtow is a key of [mass]: move it under that table's header",
        ),
    ],
)
def test_messages_name_the_real_fault_in_the_author_s_units(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: tuple[str, str],
    key: str,
    at: str,
    message: str,
) -> None:
    text = BEAVER.replace(*change, 1)
    refused(tmp_path, capsys, text, key, at, message)


def test_an_electric_engine_without_power_is_told_in_english(tmp_path: Path) -> None:
    spec = tmp_path / "e.toml"
    spec.write_text(
        BEAVER.replace('engine = "piston"', 'engine = "electric"')
        .replace('power = "450 hp"', "")
        .replace('fuel = "570 lb"\n', "")
    )
    with pytest.raises(ConfigError, match="missing: an electric engine needs power"):
        load_spec(spec)


@pytest.mark.parametrize("engine", ["piston", "turboprop", "electric"])
def test_a_thrust_given_for_a_propeller_engine_is_refused_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], engine: str
) -> None:
    # a turboprop given thrust instead of power had been told "propulsion.power: missing"
    # at the [propulsion] line, not that its thrust is the wrong key
    text = (
        BEAVER.replace('engine = "piston"', f'engine = "{engine}"')
        .replace('power = "450 hp"', 'thrust = "2000 lbf"')
        .replace('fuel = "570 lb"\n', "" if engine == "electric" else 'fuel = "570 lb"\n')
    )
    article = "an" if engine[0] in "aeiou" else "a"
    refused(
        tmp_path,
        capsys,
        text,
        "propulsion.thrust",
        "thrust =",
        f"2000 lbf given for {article} {engine} engine, which is described by its shaft "
        "power: give power per engine instead (e.g. power = '160 hp')",
    )


def test_area_units_with_superscripts_are_read(tmp_path: Path) -> None:
    """ "23.2 m²" was "unknown unit 'm²'. Did you mean: m?" (a length for an area)."""
    spec = tmp_path / "beaver.toml"
    spec.write_text(BEAVER.replace('area = "250 ft2"', 'area = "250 ft²"'))
    assert load_spec(spec).wing.area == pytest.approx(250 * 0.3048**2)
    spec.write_text(BEAVER.replace('area = "250 ft2"', 'area = "23.2258 m²"'))
    assert load_spec(spec).wing.area == pytest.approx(23.2258)


@pytest.mark.parametrize(
    ("text", "options"),
    [
        (BEAVER, "--alt 5000 --ktas 109 --trim"),
        (LS8, "--alt 3000 --kcas 53 --trim glide"),
    ],
)
def test_generate_s_fly_it_line_flies_trimmed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, options: str
) -> None:
    """The hint flew untrimmed (100 KCAS fell to 60 within the minute); its command, run as
    printed, now holds its altitude and speed."""
    spec = tmp_path / "spec.toml"
    spec.write_text(text)
    assert main(["generate", str(spec), "-o", str(tmp_path)]) == 0
    hint = capsys.readouterr().out.strip().splitlines()[-1]
    assert hint.endswith(f" {options}'"), hint
    command = hint.split("fly it with 'flightsim ")[1].rstrip("'").split()
    assert main([*command, "--duration", "20", "-o", str(tmp_path / "run.csv")]) == 0
    summary = dict(line.split(None, 1) for line in capsys.readouterr().out.splitlines())
    low, high = (float(x) for x in summary["altitude"].split()[0:3:2])
    assert high - low < (150 if "glide" in options else 20), summary["altitude"]
    slow, fast = (float(x) for x in summary["airspeed"].split()[0:3:2])
    assert fast - slow < 1.0, summary["airspeed"]


@pytest.mark.parametrize(
    ("change", "key", "at", "message"),
    [
        (
            ('fuel = "570 lb"', 'fuel = "4000 lb"'),
            "mass.fuel",
            "fuel =",
            "empty mass plus fuel exceeds MTOW: 3000 lb + 4000 lb > 5090 lb",
        ),
        (
            ('cruise_speed = "109 kt"', 'cruise_speed = "110 km/h"'),
            "performance.cruise_speed",
            "cruise_speed",
            "1.2 times the stall speed: 110 km/h (true airspeed) against 58 kt",
        ),
        (
            ('length = "30.3 ft"', 'length = "150 ft"'),
            "fuselage.length",
            "length =",
            "150 ft: more than three times the span 48 ft",
        ),
        (
            ('area = "250 ft2"', 'area = "250 sq ft"\nsweep = "1.3 rad"'),
            "wing.sweep",
            "sweep =",
            "1.3 rad: sweep must be below 70 deg",
        ),
    ],
)
def test_cross_checks_quote_the_values_they_compare(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: tuple[str, str],
    key: str,
    at: str,
    message: str,
) -> None:
    refused(tmp_path, capsys, BEAVER.replace(*change), key, at, message)


@pytest.mark.parametrize(
    ("engine", "altitude", "message"),
    [
        (
            "piston",
            '"55000 ft"',  # was "more than 90% of the -44 N the engines give there"
            "55000 ft is above the 30,000 ft a piston engine is generated for: JSBSim's "
            "piston model is normally aspirated",
        ),
        (
            "piston",
            '"16 km"',
            "16 km is above the 9.14 km a piston engine is generated for",
        ),
        (
            "piston",
            "31000",
            "31000 (a bare number, read in ft) is above the 30,000 ft a piston engine",
        ),
        (
            "turboprop",
            '"62000 ft"',
            "62000 ft is above the 60,000 ft a turboprop engine is generated for: the top of "
            "the generated engine's thrust table",
        ),
    ],
)
def test_a_cruise_above_the_engine_s_ceiling_is_refused_up_front(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], engine: str, altitude: str, message: str
) -> None:
    """A piston cruising above 55,800 ft, where the estimate's power lapse is negative, got
    "needs 1877 N of thrust, more than 90% of the -44 N the engines give there" from the
    cruise check deep in the estimation."""
    text = BEAVER.replace('cruise_altitude = "5000 ft"', f"cruise_altitude = {altitude}")
    text = text.replace('engine = "piston"', f'engine = "{engine}"')
    err = refused(tmp_path, capsys, text, "performance.cruise_altitude", "cruise_alt", message)
    others = {
        ("piston", True): "(ceilings: turboprop 18.3 km, turbofan 18.3 km, electric 20 km)",
        (
            "piston",
            False,
        ): "(ceilings: turboprop 60,000 ft, turbofan 60,000 ft, electric 65,617 ft)",
        (
            "turboprop",
            False,
        ): "(ceilings: piston 30,000 ft, turbofan 60,000 ft, electric 65,617 ft)",
    }
    assert others[engine, "km" in altitude] in err


SI_MASSES = ('mtow = "5090 lb"\nempty = "3000 lb"', 'mtow = "2309 kg"\nempty = "1361 kg"')


@pytest.mark.parametrize(
    ("changes", "key", "at", "message"),
    [
        (  # was "200 KTAS at 5000 ft needs 3243 N of thrust ... of the 2282 N"
            [('cruise_speed = "109 kt"', 'cruise_speed = "200 kt"')],
            "performance.cruise_speed",
            "cruise_speed",
            "200 kt (true airspeed) at 5000 ft needs 729 lbf of thrust (estimated drag), "
            "more than 90% of the 513 lbf the engines give there",
        ),
        (  # a spec in SI is quoted in SI
            [
                ('cruise_speed = "109 kt"', 'cruise_speed = "370 km/h"'),
                ('cruise_altitude = "5000 ft"', 'cruise_altitude = "1500 m"'),
                SI_MASSES,
                ('fuel = "570 lb"', 'fuel = "259 kg"'),
            ],
            "performance.cruise_speed",
            "cruise_speed",
            "370 km/h (true airspeed) at 1500 m needs 3,24",
        ),
        (  # was "needs a clean CLmax of 19.9" and no speed
            [('stall_speed = "58 kt"', 'stall_speed = "20 mph"')],
            "performance.stall_speed",
            "stall_speed",
            "20 mph needs a clean CLmax of 19.9 with this wing area and MTOW; clean wings "
            "reach 0.6..2.4, a stall speed of 57.6 mph to 115 mph here",
        ),
        (  # had printed the CLmax and the speeds with 300 digits each
            [('mtow = "5090 lb"\nempty = "3000 lb"\nfuel = "570 lb"', 'mtow = "1e300 lb"')],
            "performance.stall_speed",
            "stall_speed",
            "58 kt needs a clean CLmax of 3.51e+296 with this wing area and MTOW; clean "
            "wings reach 0.6..2.4, a stall speed of 7.02e+149 kt to 1.4e+150 kt here",
        ),
        (  # was "0.3048 m gives a taper"
            [('position = "high"', 'position = "high"\nroot_chord = "1 ft"')],
            "wing.root_chord",
            "root_chord",
            "1 ft gives a taper of 9.42 with this span and area (tip/root chord 0..1.5: a root "
            "chord of 4.17 ft to 10.4 ft)",
        ),
        (  # was "the estimated empty mass 1.89 kg is not below MTOW"
            [('mtow = "5090 lb"\nempty = "3000 lb"\nfuel = "570 lb"', 'mtow = "2 lb"')],
            "mass.mtow",
            "mtow",
            "the estimated empty mass 4.17 lb is not below MTOW 2 lb; give mass.empty",
        ),
    ],
)
def test_the_estimates_checks_quote_the_author_s_units(
    tmp_path: Path, changes: list[tuple[str, str]], key: str, at: str, message: str
) -> None:
    """The estimation's own checks quoted SI values (N, m, kg) whatever the spec wrote."""
    text = BEAVER
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    spec = tmp_path / "beaver.toml"
    spec.write_text(text)
    with pytest.raises(ConfigError) as info:
        generate(spec, tmp_path / "out")
    assert f"{key}: {message}" in str(info.value), str(info.value)
    assert info.value.line == line_of(text, at)


def test_a_thousands_separator_in_a_spec_is_refused_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a designer's "5,090 lb" had been "unknown unit ',090 lb'"
    text = BEAVER.replace('mtow = "5090 lb"', 'mtow = "5,090 lb"')
    refused(
        tmp_path,
        capsys,
        text,
        "mass.mtow",
        "mtow =",
        "cannot read '5,090 lb': a separator inside a number (thousands separator, decimal "
        "comma) is not read; write '5090 lb' (or '5.090 lb' if the comma is a decimal point) "
        "(a mass, e.g. '1200 kg')",
    )


@pytest.mark.parametrize(
    ("diameter", "smallest", "largest"),
    [  # in the unit of the given diameter, else of the span
        ('propeller_diameter = "102 in"', "343 in", "182 in"),
        ("", "28.6 ft", "15.2 ft"),
    ],
)
def test_a_power_no_propeller_takes_is_refused_whether_the_diameter_is_given_or_not(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    diameter: str,
    smallest: str,
    largest: str,
) -> None:
    # 80,000 hp on the Beaver: with a given propeller it had been told the diameter was
    # outside "the plausible 343 in .. 182 in" (an empty range); without one, Raymer's
    # 25.2 ft propeller was estimated on the 30.3 ft fuselage and generated
    text = BEAVER.replace('power = "450 hp"', 'power = "80000 hp"').replace(
        'propeller_diameter = "8.5 ft"', diameter
    )
    refused(
        tmp_path,
        capsys,
        text,
        "propulsion.power",
        "power =",
        f"80000 hp per engine needs a propeller of at least {smallest} (a disc loaded with at "
        "most 1000 kW/m2, over twice the most heavily loaded propeller's, the Tu-95's 450 "
        "kW/m2; momentum theory's static slipstream 150 m/s), larger than the "
        f"{largest} this airframe carries (50% of its span and of its fuselage length): give "
        "less power per engine, or more engines to share it",
    )


def test_an_estimated_propeller_is_held_to_the_bounds_of_a_given_one() -> None:
    # Raymer's D = 1.6 P^0.25 gave the 0.75 kg Disco's 150 W motor a 0.33 m propeller, more
    # than half its 0.58 m fuselage, which a given diameter may not be
    model = estimate(load_spec(Path(__file__).parent / "specs" / "u-disco.toml"))
    note = next(n for n in model.notes if n.label == "propeller diameter")
    assert note.value == "0.29 m"
    assert note.source.endswith("3 blades, brought within 0.01..0.29 m")
