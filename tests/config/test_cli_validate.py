"""``flightsim validate``: output formats and exit codes."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from flightsim.cli import main
from flightsim.paths import jsbsim_root

FAULTS = Path(__file__).parent / "faults"
COMPILER_LINE = re.compile(
    r"^(?P<file>[^:\n]+\.xml):(?P<line>\d+)(?::(?P<col>\d+))?: "
    r"(?P<sev>error|warning|info) (?P<code>FS\d{3}): "
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_aircraft_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "c172p")
    assert code == 0
    assert "1 target checked: no problems found" in out


def test_errors_exit_1_with_compiler_lines(capsys: pytest.CaptureFixture[str]) -> None:
    path = FAULTS / "FS203_unknown_unit.xml"
    code, out, _ = run(capsys, str(path))
    assert code == 1
    lines = [m.groupdict() for m in map(COMPILER_LINE.match, out.splitlines()) if m]
    shown = str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)
    expected = {"file": shown, "line": "11", "col": "5", "sev": "error", "code": "FS203"}
    assert expected in lines
    assert "    hint: units JSBSim accepts here: CM2, FT2, IN2, M2" in out


def test_json_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--format", "json", str(FAULTS / "FS111_units_typo.xml"))
    assert code == 1
    items = json.loads(out)
    assert items and all(
        {"severity", "code", "file", "line", "path", "message", "hint"} <= set(item)
        for item in items
    )
    typo = next(item for item in items if item["code"] == "FS111")
    assert typo["severity"] == "error"
    assert typo["line"] == 12
    assert typo["path"] == "/fdm_config/metrics/wingspan"
    assert "units=" in typo["message"]


def test_warnings_only_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(FAULTS / "FS205_location_without_unit.xml"))
    assert code == 0
    assert "warning FS205" in out
    code, out, _ = run(capsys, "--no-warnings", str(FAULTS / "FS205_location_without_unit.xml"))
    assert "warning FS205" not in out


def test_unreadable_input_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "c172p", str(tmp_path / "missing.xml"))
    assert code == 2
    assert "missing.xml" in err
    code, _, err = run(capsys, "c172q")
    assert code == 2
    assert "Did you mean" in err


def test_many_targets_folder_and_single_files(capsys: pytest.CaptureFixture[str]) -> None:
    from flightsim.paths import jsbsim_root

    root = jsbsim_root()
    code, out, _ = run(
        capsys,
        str(root / "aircraft" / "c172x"),
        str(root / "engine" / "eng_io320.xml"),
        str(root / "scripts" / "c1721.xml"),
        str(root / "systems" / "GNCUtilities.xml"),
    )
    assert code == 0, out
    assert "4 targets checked" in out


def test_all_bundled_reports_known_finds(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--all-bundled", "--format", "json")
    assert code == 1
    items = json.loads(out)
    assert {"FS111", "FS404"} <= {i["code"] for i in items if i["severity"] == "error"}
    assert "FS410" in {i["code"] for i in items if i["severity"] == "warning"}
    assert len(items) == len({json.dumps(i, sort_keys=True) for i in items}), "duplicates"


def test_nothing_to_validate_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys)
    assert code == 2
    assert "nothing to validate" in err


def test_load_adds_jsbsim_findings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--load runs JSBSim on the aircraft in a child process and reports what it says."""
    folder = tmp_path / "nometrics"
    folder.mkdir()
    (folder / "nometrics.xml").write_bytes((FAULTS / "FS120_no_metrics.xml").read_bytes())
    code, out, _ = run(capsys, "--load", "--format", "json", str(folder))
    assert code == 1
    codes = {item["code"] for item in json.loads(out)}
    assert "FS120" in codes  # ours
    assert "FS901" in codes  # JSBSim refused to load it


def test_load_says_what_jsbsim_made_of_each_aircraft(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "--load", "c172p", "L17")
    assert code == 1  # L17 reads an undefined property
    assert re.search(r"^load check: c172p: JSBSim loads and initialises it \(\d", out, re.M)
    assert "load check: L17: JSBSim reported errors" in out


def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--rules")
    assert code == 0
    assert re.search(r"^FS110  error    unknown element", out, re.MULTILINE)
    assert re.search(r"^FS205  warning  ", out, re.MULTILINE)


def test_unreadable_and_malformed_inputs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Exit 2 for what cannot be read at all; malformed XML is a finding (FS101, exit 1)."""
    binary = tmp_path / "image.xml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    code, out, err = run(capsys, str(binary))
    assert code == 2
    assert "image.xml is not a text file (it holds NUL bytes)" in err
    assert out.strip() == "nothing checked: 1 target could not be read (errors on stderr)"

    huge = tmp_path / "huge.xml"
    huge.write_bytes(b"<system>" + b" " * (17 * 1024 * 1024) + b"</system>")
    code, _, err = run(capsys, str(huge))
    assert code == 2
    assert "more than the 16,777,216 bytes flightsim reads" in err
    assert "JSBSim itself would read it" in err

    code, _, err = run(capsys, str(tmp_path))
    assert code == 2 and "folder without an aircraft main file" in err

    code, out, _ = run(capsys, "--format", "json", str(FAULTS / "FS101_unclosed_tag.xml"))
    assert code == 1
    (item,) = json.loads(out)
    assert (item["code"], item["line"], item["column"]) == ("FS101", 12, 41)


def test_summary_counts_unreadable_targets(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "c172p", str(tmp_path / "missing.xml"))
    assert code == 2
    assert out.strip().splitlines()[-1] == (
        "1 target checked: no problems found; 1 target could not be read (errors on stderr)"
    )
    assert "no such file or folder" in err


def test_text_lines_carry_the_column(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(FAULTS / "FS113_comparison_operator.xml"))
    assert code == 1
    assert "FS113_comparison_operator.xml:154:32: error FS113: comparison '=>'" in out


def test_load_timeout_option(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--load", "--timeout", "0.01", "--format", "json", "c172x")
    assert code == 1
    timeouts = [item for item in json.loads(out) if item["code"] == "FS904"]
    assert timeouts and "within 0.01 s" in timeouts[0]["message"]
    with pytest.raises(SystemExit) as exited:
        main(["validate", "--load", "--timeout", "0", "c172x"])
    assert exited.value.code == 2
    assert "--timeout: '0' must be a finite time > 0" in capsys.readouterr().err


def _copy_aircraft(name: str, into: Path) -> Path:
    import shutil

    from flightsim.paths import jsbsim_root

    folder = into / name
    shutil.copytree(jsbsim_root() / "aircraft" / name, folder)
    return folder


def test_load_drops_jsbsim_generic_message_beside_located_ones(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A missing engine file: JSBSim's "No filename given." adds nothing to the located
    "Could not open file" (and has no line)."""
    folder = _copy_aircraft("J3Cub", tmp_path)
    main_file = folder / "J3Cub.xml"
    main_file.write_text(
        main_file.read_text().replace('file="Continental A-65-8"', 'file="nosuch"')
    )
    code, out, _ = run(capsys, "--load", "--format", "json", str(folder))
    assert code == 1
    load = [d for d in json.loads(out) if d["code"] == "FS901"]
    assert load and all(d["line"] is not None for d in load)
    assert not any("No filename given" in d["message"] for d in load)


def test_folder_of_several_aircraft_validates_each(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name in ("J3Cub", "c172x"):
        _copy_aircraft(name, tmp_path / "planes")
    code, out, _ = run(capsys, str(tmp_path / "planes"))
    assert code == 0
    assert out.strip().splitlines()[-1].startswith("2 targets checked:")


def test_folder_of_aircraft_in_python_names_them(tmp_path: Path) -> None:
    from flightsim.config import validate
    from flightsim.errors import NotFoundError

    _copy_aircraft("J3Cub", tmp_path / "planes")
    with pytest.raises(NotFoundError) as caught:
        validate(tmp_path / "planes")
    assert "it holds the aircraft J3Cub: pass one of them" in str(caught.value)


def test_root_aircraft_folder_holds_a_scripts_aircraft(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--root R: a script's aircraft is found in R/aircraft, as JSBSim with that root does."""
    root = tmp_path / "myroot"
    mine = root / "aircraft" / "MyCub"
    _copy_aircraft("c172x", root / "aircraft").rename(mine)
    (mine / "c172x.xml").rename(mine / "MyCub.xml")
    script = tmp_path / "fly.xml"
    script.write_text(
        '<?xml version="1.0"?>\n<runscript name="s">\n'
        '  <use aircraft="MyCub" initialize="reset01"/>\n'
        '  <run start="0" end="1" dt="0.01">\n    <event name="e">\n'
        "      <condition>simulation/sim-time-sec ge 0.5</condition>\n"
        '      <set name="fcs/throttle-cmd-norm" value="0.5"/>\n'
        "    </event>\n  </run>\n</runscript>\n"
    )
    code, out, _ = run(capsys, str(script))
    assert code == 1 and "FS603" in out  # not found without --root
    code, out, _ = run(capsys, "--root", str(root), str(script))
    assert "FS603" not in out, out
    assert code == 1 and "FS605" in out  # its engine and systems are not in this root
    assert f"see them all with 'flightsim validate --root {root} {mine}'" in out
    for folder in ("engine", "systems"):  # as JSBSim with that root, which then loads it
        shutil.copytree(jsbsim_root() / folder, root / folder)
    code, out, _ = run(capsys, "--root", str(root), str(script))
    assert code == 0, out


def test_finding_in_a_shared_root_file_names_the_reference(tmp_path: Path) -> None:
    from flightsim.config import validate

    folder = _copy_aircraft("J3Cub", tmp_path)
    main_file = folder / "J3Cub.xml"
    text = main_file.read_text()
    main_file.write_text(text.replace("</fdm_config>", '<system file="Autopilot"/>\n</fdm_config>'))
    line = next(n for n, t in enumerate(main_file.read_text().splitlines(), 1) if "Autopilot" in t)
    (d,) = [d for d in validate(folder) if d.file.endswith("systems/Autopilot.xml")]
    assert d.hint is not None
    loader = d.hint.split("; loaded by ")[1]
    assert loader.endswith(f'J3Cub.xml:{line} (<system file="Autopilot">)')
