"""Engine files lacking what JSBSim needs: named functions and tables of turbines and
turboprops (JSBSim segfaults without them), <milthrust>, <isp> (planted in copies of
bundled engines)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from planted_faults import line_of

from flightsim.config import Diagnostic, Severity, validate, validate_file
from flightsim.paths import jsbsim_root

ENGINES = jsbsim_root() / "engine"


def _engine(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """The bundled aircraft A4 in ``tmp_path`` with its own copy of engine ``name`` in
    ``Engines/`` (found before the root's), ``old`` replaced once by ``new``."""
    folder = tmp_path / "A4"
    (folder / "Engines").mkdir(parents=True)
    shutil.copy(jsbsim_root() / "aircraft" / "A4" / "A4.xml", folder / "A4.xml")
    text = (ENGINES / f"{name}.xml").read_text()
    assert old in text
    path = folder / "Engines" / f"{name}.xml"
    path.write_text(text.replace(old, new, 1))
    return path


def _codes(found: list[Diagnostic], code: str) -> list[Diagnostic]:
    return [d for d in found if d.code == code]


@pytest.mark.parametrize(
    ("written", "missing"), [("MillThrust", "MilThrust"), ("idlethrust", "IdleThrust")]
)
def test_misspelt_turbine_function_is_an_error_at_its_line(
    tmp_path: Path, written: str, missing: str
) -> None:
    path = _engine(tmp_path, "J52", f'<function name="{missing}">', f'<function name="{written}">')
    for found in (validate(tmp_path / "A4"), validate_file(path)):
        (d,) = _codes(found, "FS124")
        assert d.severity is Severity.ERROR
        assert d.file.endswith("Engines/J52.xml")
        assert d.line == line_of(path, f'<function name="{written}">')
        assert d.message == (
            f'<function name="{written}"> is not a function JSBSim\'s turbine_engine reads, '
            f"so the engine has no {missing} function: JSBSim crashes (segfault) when the "
            f"engine runs. Did you mean: {missing}?"
        )


def test_turbine_without_a_required_function_is_an_error_at_the_engine(tmp_path: Path) -> None:
    path = _engine(tmp_path, "J52", '<function name="MilThrust">', '<function name="Other#">')
    (d,) = _codes(validate_file(path), "FS124")
    assert d.line == line_of(path, "<turbine_engine")
    assert d.message.startswith('the turbine_engine has no <function name="MilThrust">')


def test_augmented_turbine_needs_augthrust_and_maxthrust(tmp_path: Path) -> None:
    path = _engine(
        tmp_path, "J52", "<augmented>         0 </augmented>", "<augmented>1</augmented>"
    )
    found = _codes(validate_file(path), "FS124")
    assert [d.message.split(":")[0] for d in found] == [
        'the turbine_engine has no <function name="AugThrust">',
        "the augmented turbine_engine has no <maxthrust>",
    ]


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "1e999"])
def test_a_non_finite_switch_is_a_finding_not_a_crash(tmp_path: Path, value: str) -> None:
    """<augmented>inf</augmented> (found by the fuzz test) raised OverflowError."""
    path = _engine(
        tmp_path, "J52", "<augmented>         0 </augmented>", f"<augmented>{value}</augmented>"
    )
    found = validate_file(path)
    assert [d.code for d in found if d.line == line_of(path, "<augmented>")] == ["FS202"]


def test_turbine_without_milthrust_is_an_error(tmp_path: Path) -> None:
    path = _engine(tmp_path, "J52", "<milthrust> 11200.0 </milthrust>", "")
    (d,) = _codes(validate_file(path), "FS122")
    assert d.line == line_of(path, "<turbine_engine")
    assert d.message == "<turbine_engine> has no <milthrust>"


def test_turboprop_needs_its_tables(tmp_path: Path) -> None:
    path = _engine(
        tmp_path, "engtm601", '<table name="ITT_N1" type="internal">', '<table name="ITT_n1">'
    )
    (d,) = _codes(validate_file(path), "FS124")
    assert d.line == line_of(path, '<table name="ITT_n1">')
    assert "so the engine has no ITT_N1 table" in d.message
    assert d.message.endswith("Did you mean: ITT_N1?")


def test_rocket_without_isp_is_an_error(tmp_path: Path) -> None:
    text = (ENGINES / "RL10.xml").read_text()
    start = text.index("<isp")
    end = text.index("</isp>") + len("</isp>")
    path = tmp_path / "RL10.xml"
    path.write_text(text[:start] + text[end:])
    assert [d.message for d in _codes(validate_file(path), "FS122")] == [
        "<rocket_engine> has no <isp>"
    ]


def test_bundled_engines_need_no_more_than_they_have() -> None:
    """Every bundled engine file has what its type needs and names nothing JSBSim drops,
    except the water-injected CF6 without an Injection function and a propeller whose RPM
    factor tables no JSBSim version reads."""
    found = {
        path.name: [d.code for d in validate_file(path) if d.code in ("FS122", "FS124")]
        for path in sorted(ENGINES.glob("*.xml"))
    }
    assert {name: codes for name, codes in found.items() if codes} == {
        "GE-CF6-80C2-B1F.xml": ["FS124"],
        "APC_18x8E.xml": ["FS124", "FS124"],
    }


def test_propeller_table_names_are_checked(tmp_path: Path) -> None:
    text = (ENGINES / "prop_Clark_Y7570.xml").read_text()
    assert '<table name="C_THRUST"' in text
    path = tmp_path / "prop.xml"
    path.write_text(text.replace('<table name="C_THRUST"', '<table name="C_TRUST"', 1))
    (d,) = _codes(validate_file(path), "FS124")
    assert d.line == line_of(path, '<table name="C_TRUST"')
    assert d.message == (
        '<table name="C_TRUST"> is not a table JSBSim\'s propeller reads, so the propeller has '
        "no C_THRUST table: JSBSim refuses the propeller ('must contain C_THRUST and C_POWER "
        "tables'). Did you mean: C_THRUST?"
    )
