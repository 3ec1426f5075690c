"""The fault corpus: every file in faults/ has one planted fault that must be found.

Each file marks the line of its fault with a comment ``<!-- expect: FSnnn -->``
(the file name starts with the same rule id); ``EXPECTED_WITHOUT_MARKER`` gives
the few files that cannot hold a comment. Aircraft files (``<fdm_config>``)
are validated as whole aircraft, so their engines and systems are found in the
bundled JSBSim data like for a real aircraft.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flightsim.config import Severity, validate
from flightsim.config.rules import RULES, load_rules

FAULTS = Path(__file__).parent / "faults"
MARKER = re.compile(r"expect: (FS\d{3})")
EXPECTED_WITHOUT_MARKER = {"FS101_empty_file.xml": ("FS101", 1)}
FAULT_FILES = sorted(FAULTS.glob("*.xml"))


def expected(path: Path) -> tuple[str, int]:
    """The (rule id, line) a fault file expects."""
    if path.name in EXPECTED_WITHOUT_MARKER:
        return EXPECTED_WITHOUT_MARKER[path.name]
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        match = MARKER.search(line)
        if match:
            return match.group(1), number
    raise AssertionError(f"{path.name} has no 'expect: FSnnn' marker")


@pytest.mark.parametrize("path", FAULT_FILES, ids=lambda p: p.stem)
def test_fault_is_found_at_its_line(path: Path) -> None:
    code, line = expected(path)
    assert path.name.startswith(code + "_"), "file name and marker disagree"
    found = validate(path)
    at_line = [(d.code, d.line) for d in found if d.file.endswith(path.name)]
    assert (code, line) in at_line, f"expected {code} at line {line}, got {at_line}"
    rule = RULES[code]
    match = next(d for d in found if d.code == code and d.line == line)
    assert match.severity is rule.severity
    assert match.message


def test_corpus_covers_every_rule() -> None:
    """Every registered rule has a fault file (the FS9xx load check is not a rule here)."""
    load_rules()
    covered = {expected(p)[0] for p in FAULT_FILES}
    missing = set(RULES) - covered
    assert not missing, f"rules without a fault file: {sorted(missing)}"
    assert len(FAULT_FILES) >= 40


def test_base_aircraft_of_the_corpus_is_clean(tmp_path: Path) -> None:
    """The corpus files differ from a clean aircraft by their fault only."""
    base = FAULTS / "FS404_wingarea_twice.xml"
    text = base.read_text()
    clean = re.sub(r"\n\s*<wingarea unit=\"FT2\"> 180.0 </wingarea>.*", "", text, count=1)
    (tmp_path / "clean.xml").write_text(clean)
    assert validate(tmp_path / "clean.xml") == []


def test_silent_faults_of_the_research_table_are_errors() -> None:
    """Each fault JSBSim accepts without a word is reported as an error."""
    silent = [
        "FS401_duplicate_component_name",
        "FS402_property_declared_twice",
        "FS110_unknown_section",
        "FS110_typo_beside_real",
        "FS110_wing_area_typo",
        "FS111_units_typo",
        "FS111_login_typo",
        "FS701_negative_empty_weight",
        "FS702_zero_inertia",
    ]
    for stem in silent:
        code, line = expected(FAULTS / f"{stem}.xml")
        found = validate(FAULTS / f"{stem}.xml")
        assert any(
            d.code == code and d.line == line and d.severity is Severity.ERROR for d in found
        ), stem


def test_did_you_mean_suggestions() -> None:
    messages = {
        stem: " ".join(d.message for d in validate(FAULTS / f"{stem}.xml"))
        for stem in ("FS110_wing_area_typo", "FS111_units_typo", "FS111_login_typo")
    }
    assert "Did you mean: wingarea?" in messages["FS110_wing_area_typo"]
    assert "Did you mean: unit?" in messages["FS111_units_typo"]
    assert "Did you mean: logic?" in messages["FS111_login_typo"]


def _found(stem: str) -> list[tuple[str, int | None, int | None]]:
    return [(d.code, d.line, d.column) for d in validate(FAULTS / f"{stem}.xml")]


def test_one_fault_gives_one_finding() -> None:
    """Planted faults that used to drag a second, wrong finding along give only theirs."""
    assert [c for c, _, _ in _found("FS601_missing_thruster_file")] == ["FS601"]  # no FS707
    assert [c for c, _, _ in _found("FS113_waypoint_unit")] == ["FS113"]  # no FS203/FS206
    assert [c for c, _, _ in _found("FS301_one_d_row_extra_number")] == ["FS301"]


def test_columns_point_at_the_fault() -> None:
    assert ("FS301", 182, 16) in _found("FS301_one_d_row_extra_number")  # the odd row's start
    assert ("FS113", 154, 32) in _found("FS113_comparison_operator")  # the operator
    assert ("FS501", 7, 18) in _found("FS501_script_set_typo")  # the name in <set name=...>
    assert ("FS601", 98, 23) in _found("FS601_missing_thruster_file")  # the file name
    assert ("FS101", 12, 41) in _found("FS101_unclosed_tag")  # libxml2's position


def test_multi_line_start_tag_is_located_at_its_first_line() -> None:
    """libxml2 gives the line where <fdm_config ...> ends (7); the start tag begins on 5."""
    assert ("FS120", 5, 23) in _found("FS120_multiline_root_tag")


def test_bundled_c172x_root_findings_point_at_the_start_tag(tmp_path: Path) -> None:
    from flightsim.paths import jsbsim_root

    text = (jsbsim_root() / "aircraft" / "c172x" / "c172x.xml").read_text()
    folder = tmp_path / "c172x"
    folder.mkdir()
    (folder / "c172x.xml").write_text(text.replace('version="2.0"', 'version="1.0"', 1))
    found = [(d.code, d.line, d.column) for d in validate(folder)]
    assert ("FS801", 3, 1) in found  # <fdm_config on line 3; its start tag ends on line 5


def test_case_is_ignored_by_did_you_mean(tmp_path: Path) -> None:
    text = (FAULTS / "FS404_wingarea_twice.xml").read_text()
    text = re.sub(r"\n\s*<wingarea unit=\"FT2\"> 180.0 </wingarea>.*", "", text, count=1)
    path = tmp_path / "lower.xml"
    path.write_text(text.replace('<tank type="FUEL"', '<tank type="fuel"'))
    (typo,) = [d for d in validate(path) if d.code == "FS113"]
    assert typo.message.endswith("Did you mean: FUEL?")


def test_dimension_messages_use_the_right_article() -> None:
    (wrong,) = [d for d in validate(FAULTS / "FS204_mass_unit_on_area.xml") if d.code == "FS204"]
    assert wrong.message == "<wingarea> is an area but unit LBS is a force/mass"


def test_table_and_enumeration_findings_say_what_to_write() -> None:
    """FS302 and an enumerated text's FS113 (brake_group) carry a hint."""
    (table,) = [
        d for d in validate(FAULTS / "FS302_table_entry_not_numeric.xml") if d.code == "FS302"
    ]
    assert table.hint is not None and "plain decimal numbers" in table.hint
    (group,) = [d for d in validate(FAULTS / "FS113_bad_brake_group.xml") if d.code == "FS113"]
    assert group.hint is not None and group.hint.startswith("write one of NONE, LEFT, RIGHT")
