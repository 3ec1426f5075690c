"""The vocabulary data and the rule registry are consistent and documented."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from flightsim.config import validate, validate_file
from flightsim.config.rules import RULES, load_rules
from flightsim.config.vocabulary import vocabulary
from flightsim.paths import find_aircraft, jsbsim_root
from flightsim.units import JSBSIM_UNITS

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_allowed_child_has_a_spec() -> None:
    vocab = vocabulary()
    for spec in vocab.specs.values():
        for tag in spec.children or ():
            assert vocab.child(spec, tag) is not None, f"{spec.key}/{tag}"
        if spec.unit is not None:
            assert spec.unit in JSBSIM_UNITS
            assert spec.dimensions <= set().union(*(u.dimensions for u in JSBSIM_UNITS.values()))


def test_context_decides_the_spec() -> None:
    vocab = vocabulary()
    form, tank = vocab.specs["form"], vocab.specs["tank"]
    assert vocab.child(form, "radius").unit == "FT"  # type: ignore[union-attr]
    assert vocab.child(tank, "radius").unit == "IN"  # type: ignore[union-attr]
    function = vocab.specs["function"]
    switch_operator = vocab.child(function, "switch")
    assert switch_operator is not None and switch_operator.in_function
    assert vocab.child(vocab.specs["channel"], "switch").key == "switch"  # type: ignore[union-attr]


def test_every_rule_is_documented() -> None:
    load_rules()
    text = (DOCS / "validation.md").read_text()
    documented = set(re.findall(r"FS\d{3}", text))
    for extra in DOCS.glob("validation-*.md"):
        documented |= set(re.findall(r"FS\d{3}", extra.read_text()))
    assert set(RULES) - documented == set()


def test_name_folder_and_main_file_give_the_same_result() -> None:
    location = find_aircraft("p51d")
    by_name = validate("p51d")
    assert by_name == validate(location.folder) == validate(location.main_file)
    assert {d.code for d in by_name} >= {"FS111", "FS410"}


def test_single_file_is_checked_with_its_own_vocabulary() -> None:
    engine = jsbsim_root() / "engine" / "WrightGR-2600.xml"
    found = validate_file(engine)
    assert [(d.code, d.line) for d in found if d.code == "FS404"] == [
        ("FS404", 84),
        ("FS404", 85),
        ("FS404", 86),
        ("FS404", 87),
    ]
    assert all(d.path and d.path.startswith("/piston_engine/") for d in found)


def test_root_option_changes_where_engines_are_found(tmp_path: Path) -> None:
    aircraft = jsbsim_root() / "aircraft" / "c172x" / "c172x.xml"
    folder = tmp_path / "c172x"
    folder.mkdir()
    (folder / "c172x.xml").write_bytes(aircraft.read_bytes())

    def missing_engines(found: list) -> list[str]:  # type: ignore[type-arg]
        return [d.message for d in found if d.code == "FS601" and "<engine" in d.message]

    assert missing_engines(validate(folder)) == []  # found in the bundled root
    empty_root = tmp_path / "root"
    (empty_root / "engine").mkdir(parents=True)
    missing = missing_engines(validate(folder, root=empty_root))
    assert missing and "eng_io320" in missing[0]


def test_sections_loaded_from_files_are_followed() -> None:
    """F450 keeps metrics, propulsion ... in files; engines are found inside its propulsion file."""
    from flightsim.config.document import load_aircraft

    document = load_aircraft(find_aircraft("F450").main_file)
    names = {ref.name for ref in document.references}
    assert {"Metrics.xml", "Propulsion.xml", "DJI_E305", "DJI_9450"} <= names
    assert all(ref.target is not None for ref in document.references)
    engines = list(document.engines())
    assert len(engines) == 4
    assert all(engine is not None and thruster is not None for _, engine, thruster in engines)
    assert not [d for d in validate("F450") if d.code in ("FS122", "FS601", "FS707")]


def test_script_is_checked_with_its_initial_conditions(tmp_path: Path) -> None:
    aircraft = tmp_path / "planes" / "tiny"
    aircraft.mkdir(parents=True)
    base = Path(__file__).parent / "faults" / "FS404_wingarea_twice.xml"
    (aircraft / "tiny.xml").write_bytes(base.read_bytes())
    (aircraft / "start.xml").write_text(
        '<initialize name="start">\n  <altitude unit="SQFT"> 1000 </altitude>\n</initialize>\n'
    )
    script = tmp_path / "fly.xml"
    script.write_text(
        '<runscript name="fly">\n  <use aircraft="tiny" initialize="start"/>\n'
        '  <run start="0" end="1" dt="0.01"/>\n</runscript>\n'
    )
    found = validate(script, aircraft_dirs=[tmp_path / "planes"])
    assert [(Path(d.file).name, d.line, d.code) for d in found] == [("start.xml", 2, "FS203")]
    # one folder given alone is that folder, not its characters (it had been FS603)
    alone = validate(script, aircraft_dirs=str(tmp_path / "planes"))
    assert [(Path(d.file).name, d.line, d.code) for d in alone] == [("start.xml", 2, "FS203")]
    missing = validate(script)  # without the folder the aircraft is unknown
    assert [d.code for d in missing] == ["FS603"]


@pytest.mark.parametrize(
    ("aircraft", "message"),
    [
        ("C172P", "unknown aircraft 'C172P'. Did you mean: c172p"),
        ("../aircraft/c172p", "'../aircraft/c172p': a script names its aircraft"),
    ],
)
def test_a_script_s_aircraft_is_looked_up_as_jsbsim_and_the_runner_do(
    tmp_path: Path, aircraft: str, message: str
) -> None:
    # validate had found these as flightsim finds an aircraft argument (any case, a path)
    # and said "no problems found"; JSBSim, and flightsim script, find no such aircraft
    script = tmp_path / "fly.xml"
    script.write_text(
        f'<runscript name="fly">\n  <use aircraft="{aircraft}" initialize="reset01"/>\n'
        '  <run start="0" end="1" dt="0.01"/>\n</runscript>\n'
    )
    found = validate(script)
    assert [(d.code, d.line) for d in found] == [("FS603", 2)]
    assert found[0].message.startswith(message), found[0].message


def test_a_bundled_script_by_name_finds_its_aircraft_in_folders_given_as_an_iterator(
    tmp_path: Path,
) -> None:
    # c1721 flies c172r with reset00: a c172r of yours without it is the one checked
    (tmp_path / "c172r").mkdir()
    shutil.copy(jsbsim_root() / "aircraft" / "c172r" / "c172r.xml", tmp_path / "c172r")
    expected = [("FS603", f"initialisation file 'reset00' is not in {tmp_path / 'c172r'}")]
    for folders in ([tmp_path], (d for d in [tmp_path])):
        # the iterator had been spent finding that c1721 is no aircraft: the script's
        # aircraft was then the bundled one, and nothing was found
        found = validate("c1721", aircraft_dirs=folders)
        assert [(d.code, d.message.split(";")[0]) for d in found] == expected
