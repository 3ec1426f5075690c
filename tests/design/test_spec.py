"""AircraftSpec: reading TOML with units, errors naming the key and the line, writing back."""

from pathlib import Path

import pytest

from flightsim.design.spec import AircraftSpec, load_spec, spec_from_dict, spec_to_toml
from flightsim.errors import ConfigError
from flightsim.tomlfile import key_lines, tomllib

FLEET = Path(__file__).resolve().parents[2] / "aircraft"

GOOD = """\
name = "trainer"
class = "light-single"
[mass]
mtow = "2450 lb"
empty = 700
[wing]
span = "35 ft"
area = "170 ft2"
[fuselage]
length = "24 ft"
[propulsion]
engine = "piston"
power = "160 hp"
propeller_diameter = "74 in"
[performance]
stall_speed = "50 kt"
cruise_speed = 115
cruise_altitude = "6000 ft"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "trainer.toml"
    path.write_text(text)
    return path


def test_quantities_with_units_and_bare_numbers_in_default_units(tmp_path: Path) -> None:
    spec = load_spec(write(tmp_path, GOOD))
    assert spec.mass.mtow == pytest.approx(2450 * 0.45359237)
    assert spec.mass.empty == 700.0  # bare number: kg
    assert spec.wing.span == pytest.approx(35 * 0.3048)
    assert spec.wing.area == pytest.approx(170 * 0.3048**2)
    assert spec.propulsion.power == pytest.approx(160 * 745.6999, rel=1e-6)
    assert spec.propulsion.propeller_diameter == pytest.approx(74 * 0.0254)
    assert spec.performance.cruise_speed == pytest.approx(115 * 1852 / 3600)  # bare: kt
    assert spec.performance.cruise_altitude == pytest.approx(6000 * 0.3048)
    assert spec.gear.type == "tricycle" and spec.propulsion.count == 1


@pytest.mark.parametrize(
    ("change", "key", "line", "words"),
    [
        (('span = "35 ft"', 'span = "35 ft"\nspan_x = 3'), "wing.span_x", 8, "unknown key"),
        (('area = "170 ft2"', 'area = "-170 ft2"'), "wing.area", 8, "must be positive"),
        (("empty = 700", "empty = 1500"), "mass.empty", 5, "not below MTOW"),
        (('power = "160 hp"', 'power = "160 kg"'), "propulsion.power", 13, "cannot convert"),
        # it had said "(a area, ..."
        (('area = "170 ft2"', 'area = "nan m2"'), "wing.area", 8, "(an area, e.g. '16.2 m2')"),
        (('engine = "piston"', 'engine = "jet"'), "propulsion.engine", 12, "not one of"),
        (("cruise_speed = 115", "cruise_speed = 55"), "performance.cruise_speed", 17, "1.2 times"),
        (('[fuselage]\nlength = "24 ft"\n', ""), "[fuselage]", 1, "missing"),
        (('stall_speed = "50 kt"\n', ""), "performance.stall_speed", 15, "missing"),
    ],
)
def test_bad_values_name_the_key_and_line(
    tmp_path: Path, change: tuple[str, str], key: str, line: int, words: str
) -> None:
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(ConfigError) as info:
        load_spec(path)
    message = str(info.value)
    assert key in message and words in message
    assert info.value.file == str(path) and info.value.line == line


def test_a_glider_refuses_power(tmp_path: Path) -> None:
    text = GOOD.replace('class = "light-single"', 'class = "glider"').replace(
        'engine = "piston"', 'engine = "none"'
    )
    with pytest.raises(ConfigError, match=r"propulsion.engine: a glider|propulsion.power: given"):
        load_spec(write(tmp_path, text))
    with pytest.raises(ConfigError, match="propulsion.power: given for an aircraft without engine"):
        load_spec(write(tmp_path, text.replace('propeller_diameter = "74 in"\n', "")))


def test_bad_toml_gives_the_parser_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_spec(write(tmp_path, GOOD.replace('area = "170 ft2"', "area = ")))
    assert info.value.line == 8 and "not valid TOML" in str(info.value)


def test_key_lines_index_tables_and_keys() -> None:
    lines = key_lines(GOOD)
    assert lines["name"] == 1 and lines["wing"] == 6 and lines["wing.area"] == 8


@pytest.mark.parametrize("spec_path", sorted(FLEET.glob("*/*.toml")), ids=lambda p: p.stem)
def test_written_specs_read_back_equal(spec_path: Path) -> None:
    spec = load_spec(spec_path)
    again = spec_from_dict(tomllib.loads(spec_to_toml(spec)))
    assert isinstance(again, AircraftSpec)
    for part in ("mass", "wing", "fuselage", "tail", "propulsion", "gear", "performance"):
        for name, value in vars(getattr(spec, part)).items():
            other = getattr(getattr(again, part), name)
            if isinstance(value, float):
                assert other == pytest.approx(value, rel=1e-5), f"{part}.{name}"
            else:
                assert other == value, f"{part}.{name}"
    assert spec_to_toml(again) == spec_to_toml(spec)


def test_turboprop_and_force_spellings(tmp_path: Path) -> None:
    text = GOOD.replace('power = "160 hp"', 'power = "1200 shp"')
    power = load_spec(write(tmp_path, text)).propulsion.power
    assert power == pytest.approx(1200 * 745.6999, rel=1e-6)
    from flightsim.units import parse_quantity

    assert parse_quantity("1000 kgf", "N") == pytest.approx(9806.65)
