"""Generating aircraft: deterministic files, zero validator errors, the CLI, errors with lines."""

import filecmp
from pathlib import Path

import pytest

from flightsim.cli import main
from flightsim.config import Severity, validate
from flightsim.design import generate, generate_files, load_spec
from flightsim.design.starter import STARTERS
from flightsim.errors import ConfigError
from flightsim.paths import find_aircraft, packaged_aircraft_dir

FLEET = Path(__file__).resolve().parents[2] / "aircraft"
SPECS = sorted(FLEET.glob("*/*.toml"))


def test_the_fleet_has_every_class() -> None:
    classes = {load_spec(p).aircraft_class for p in SPECS}
    assert classes == set(STARTERS)


@pytest.mark.parametrize("spec_path", SPECS, ids=lambda p: p.stem)
def test_shipped_aircraft_regenerate_byte_identical(spec_path: Path) -> None:
    folder = spec_path.parent
    files = generate_files(load_spec(spec_path))
    shipped = {
        str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.suffix == ".xml"
    }
    assert shipped == set(files), "files generated and files shipped differ"
    for relative, content in files.items():
        assert (folder / relative).read_bytes() == content, f"{relative} differs: regenerate"
    packaged = packaged_aircraft_dir()
    if packaged is not None and (packaged / folder.name).is_dir():  # an installed copy
        assert not filecmp.dircmp(folder, packaged / folder.name).diff_files


@pytest.mark.parametrize("spec_path", SPECS, ids=lambda p: p.stem)
def test_shipped_aircraft_have_no_validator_error(spec_path: Path) -> None:
    diagnostics = validate(spec_path.parent)
    assert [str(d) for d in diagnostics if d.severity is Severity.ERROR] == []


def test_shipped_aircraft_are_found_by_name_as_the_projects() -> None:
    location = find_aircraft("gen-c172")
    assert location.source == "project" and location.folder == FLEET / "gen-c172"


def test_generation_is_deterministic_and_documents_estimates(tmp_path: Path) -> None:
    spec = tmp_path / "spec" / "trainer.toml"
    spec.parent.mkdir()
    spec.write_text(
        (FLEET / "gen-seneca" / "gen-seneca.toml")
        .read_text()
        .replace('name = "gen-seneca"', 'name = "trainer"')
    )
    first = generate(spec, tmp_path / "a")
    second = generate(spec, tmp_path / "b")
    assert [p.relative_to(tmp_path / "a") for p in first] == [
        p.relative_to(tmp_path / "b") for p in second
    ]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
    text = (tmp_path / "a" / "trainer" / "trainer.xml").read_text()
    # the spec leaves the taper out: the estimate and its source are written down
    assert "<note>taper ratio: 0.8 [estimated: class typical (Raymer" in text
    assert "zero-lift drag CD0: 0.0" in text and "Raymer §12.5" in text


def test_default_output_is_the_specs_folder(tmp_path: Path) -> None:
    spec = tmp_path / "mine.toml"
    spec.write_text(
        (FLEET / "gen-ask21" / "gen-ask21.toml")
        .read_text()
        .replace('name = "gen-ask21"', 'name = "mine"')
    )
    written = generate(spec)
    assert (tmp_path / "mine" / "mine.xml") in written
    in_place = generate(tmp_path / "mine.toml", tmp_path)  # a spec beside its folder
    assert in_place == written


def test_an_impossible_stall_speed_names_the_key_and_line(tmp_path: Path) -> None:
    text = (
        (FLEET / "gen-c172" / "gen-c172.toml")
        .read_text()
        .replace('stall_speed = "48 kt"', 'stall_speed = "20 kt"')
    )
    spec = tmp_path / "gen-c172.toml"
    spec.write_text(text)
    line = text.splitlines().index('stall_speed = "20 kt"') + 1
    with pytest.raises(ConfigError) as info:
        generate(spec, tmp_path / "out")
    # quoted in the spec's unit with the stall speeds that work (was the CLmax alone)
    assert "performance.stall_speed: 20 kt needs a clean CLmax of 10.8" in str(info.value)
    assert "clean wings reach 0.6..2.4, a stall speed of 42.5 kt to 84.9 kt here" in str(info.value)
    assert info.value.line == line and info.value.file == str(spec)


def test_cli_new_then_generate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "--class", "business-jet", "myjet", "-o", str(tmp_path)]) == 0
    spec = tmp_path / "myjet" / "myjet.toml"
    assert spec.is_file() and load_spec(spec).aircraft_class == "business-jet"
    assert main(["new", "--class", "business-jet", "myjet", "-o", str(tmp_path)]) == 2
    assert "exists" in capsys.readouterr().err
    assert main(["generate", str(spec)]) == 0
    out = capsys.readouterr().out
    assert "myjet: 4 files in" in out and "0 validator errors" in out
    assert (tmp_path / "myjet" / "Engines" / "myjet-engine.xml").is_file()


def test_cli_generate_bad_spec_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "x.toml"
    spec.write_text('name = "x"\nclass = "blimp"\n')
    assert main(["generate", str(spec)]) == 2
    assert "x.toml:2: class: 'blimp' is not one of" in capsys.readouterr().err


@pytest.mark.parametrize("spec_path", SPECS, ids=lambda p: p.stem)
def test_shipped_aircraft_open_in_the_document_model_unchanged(spec_path: Path) -> None:
    from flightsim.config.docmodel import AircraftDocument

    doc = AircraftDocument.open(spec_path.parent)
    for relative, content in doc.contents().items():
        assert (spec_path.parent / relative).read_bytes() == content
    assert validate(spec_path.parent) == []  # no warning either


def test_regenerating_removes_files_the_spec_no_longer_makes(tmp_path: Path) -> None:
    text = (FLEET / "gen-seneca" / "gen-seneca.toml").read_text().replace("gen-seneca", "twin")
    spec = tmp_path / "twin.toml"
    spec.write_text(text)
    generate(spec)
    propeller = tmp_path / "twin" / "Engines" / "twin-propeller.xml"
    assert propeller.is_file()
    mine = tmp_path / "twin" / "Engines" / "notes.xml"  # not generated: left alone
    mine.write_text("<notes/>")
    spec.write_text(
        text.replace('engine = "piston"', 'engine = "turbofan"')
        .replace('power = "220 hp"', 'thrust = "2000 lbf"')
        .replace('propeller_diameter = "76 in"\n', "")
    )
    generate(spec)
    assert not propeller.exists() and mine.is_file()
    assert (tmp_path / "twin" / "Engines" / "twin-nozzle.xml").is_file()


def test_cli_new_refuses_a_bad_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "--class", "glider", "9lives", "-o", str(tmp_path)]) == 2
    assert "name: a name of letters" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())
