"""FCS components JSBSim runs without a word but not as meant: a pid without gains
(FS123), a component reading its own output (FS505); an aircraft heavier than any
(FS713). Planted in copies of the bundled J3Cub."""

from __future__ import annotations

import shutil
from pathlib import Path

from flightsim.config import Diagnostic, Severity, validate
from flightsim.paths import jsbsim_root

CONTROLS = "Systems/Conventional Controls.xml"


def _j3cub(tmp_path: Path, relative: str, old: str, new: str) -> Path:
    folder = tmp_path / "J3Cub"
    shutil.copytree(jsbsim_root() / "aircraft" / "J3Cub", folder)
    path = folder / relative
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return path


def _line_of(path: Path, fragment: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if fragment in line)


def _only(found: list[Diagnostic], code: str) -> Diagnostic:
    matches = [d for d in found if d.code == code]
    assert len(matches) == 1, [str(d) for d in found]
    return matches[0]


def test_pid_without_gains_is_an_error(tmp_path: Path) -> None:
    path = _j3cub(
        tmp_path,
        CONTROLS,
        '<aerosurface_scale name="Elevator Control">',
        '<pid name="pidx"><input>fcs/elevator-cmd-norm</input></pid>\n'
        '   <aerosurface_scale name="Elevator Control">',
    )
    d = _only(validate(tmp_path / "J3Cub"), "FS123")
    assert (Path(d.file).name, d.line, d.severity) == (
        "Conventional Controls.xml",
        _line_of(path, '<pid name="pidx">'),
        Severity.ERROR,
    )
    assert d.message == (
        '<pid name="pidx"> has none of <kp>, <ki>, <kd>: JSBSim takes each as 0 and the '
        "controller's output is always 0"
    )


def test_summer_reading_its_own_output_warns(tmp_path: Path) -> None:
    path = _j3cub(
        tmp_path,
        CONTROLS,
        "<input>fcs/pitch-trim-cmd-norm</input>",
        "<input>fcs/pitch-trim-sum</input>",
    )
    d = _only(validate(tmp_path / "J3Cub"), "FS505")
    assert (Path(d.file).name, d.line, d.severity) == (
        "Conventional Controls.xml",
        _line_of(path, "<input>fcs/pitch-trim-sum</input>"),
        Severity.WARNING,
    )
    assert d.message.startswith('summer "Pitch Trim Sum" reads its own output fcs/pitch-trim-sum')


def test_empty_weight_in_the_wrong_unit_is_implausible(tmp_path: Path) -> None:
    path = _j3cub(
        tmp_path,
        "J3Cub.xml",
        '<emptywt unit="LBS" >    765.00 </emptywt>',
        '<emptywt unit="KG" >    765000.00 </emptywt>',
    )
    d = _only(validate(tmp_path / "J3Cub"), "FS713")
    assert (d.line, d.severity) == (_line_of(path, "<emptywt"), Severity.ERROR)
    assert d.message.startswith("the aircraft weighs 1,686,674 lbs (765,062 kg) empty")


def test_engine_without_feed_is_an_error(tmp_path: Path) -> None:
    """Measured: the J3Cub without its <feed> gives 0 lbf at full throttle (170 with it)."""
    path = _j3cub(tmp_path, "J3Cub.xml", "<feed> 0 </feed>", "")
    d = _only(validate(tmp_path / "J3Cub"), "FS708")
    assert (d.line, d.severity) == (_line_of(path, "<engine file="), Severity.ERROR)
    assert d.message == (
        "engine Continental A-65-8 has no <feed>: JSBSim finds it starved of fuel, and it "
        "gives no thrust (except while trimming)"
    )


def test_lag_filter_without_break_frequency_is_an_error(tmp_path: Path) -> None:
    path = _j3cub(
        tmp_path,
        CONTROLS,
        '<aerosurface_scale name="Elevator Control">',
        '<lag_filter name="lagx"><input>fcs/elevator-cmd-norm</input><c1>0</c1></lag_filter>\n'
        '   <aerosurface_scale name="Elevator Control">',
    )
    d = _only(validate(tmp_path / "J3Cub"), "FS207")
    assert (d.line, d.message) == (_line_of(path, "<c1>0</c1>"), "<c1> is 0; it must be positive")
