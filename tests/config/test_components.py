"""FCS components JSBSim runs without a word but not as meant: a pid without gains
(FS123), a component reading its own output (FS505); an aircraft heavier than any
(FS713). Planted in copies of the bundled J3Cub."""

from __future__ import annotations

from pathlib import Path

from planted_faults import line_of, only, planted_j3cub

from flightsim.config import Severity, validate

CONTROLS = "Systems/Conventional Controls.xml"


def test_pid_without_gains_is_an_error(tmp_path: Path) -> None:
    path = planted_j3cub(
        tmp_path,
        CONTROLS,
        '<aerosurface_scale name="Elevator Control">',
        '<pid name="pidx"><input>fcs/elevator-cmd-norm</input></pid>\n'
        '   <aerosurface_scale name="Elevator Control">',
    )
    d = only(validate(tmp_path / "J3Cub"), "FS123")
    assert (Path(d.file).name, d.line, d.severity) == (
        "Conventional Controls.xml",
        line_of(path, '<pid name="pidx">'),
        Severity.ERROR,
    )
    assert d.message == (
        '<pid name="pidx"> has none of <kp>, <ki>, <kd>: JSBSim takes each as 0 and the '
        "controller's output is always 0"
    )


def test_summer_reading_its_own_output_warns(tmp_path: Path) -> None:
    path = planted_j3cub(
        tmp_path,
        CONTROLS,
        "<input>fcs/pitch-trim-cmd-norm</input>",
        "<input>fcs/pitch-trim-sum</input>",
    )
    d = only(validate(tmp_path / "J3Cub"), "FS505")
    assert (Path(d.file).name, d.line, d.severity) == (
        "Conventional Controls.xml",
        line_of(path, "<input>fcs/pitch-trim-sum</input>"),
        Severity.WARNING,
    )
    assert d.message.startswith('summer "Pitch Trim Sum" reads its own output fcs/pitch-trim-sum')


def test_empty_weight_in_the_wrong_unit_is_implausible(tmp_path: Path) -> None:
    path = planted_j3cub(
        tmp_path,
        "J3Cub.xml",
        '<emptywt unit="LBS" >    765.00 </emptywt>',
        '<emptywt unit="KG" >    765000.00 </emptywt>',
    )
    d = only(validate(tmp_path / "J3Cub"), "FS713")
    assert (d.line, d.severity) == (line_of(path, "<emptywt"), Severity.ERROR)
    assert d.message.startswith("the aircraft weighs 1,686,674 lbs (765,062 kg) empty")


def test_engine_without_feed_is_an_error(tmp_path: Path) -> None:
    """Measured: the J3Cub without its <feed> gives 0 lbf at full throttle (170 with it)."""
    path = planted_j3cub(tmp_path, "J3Cub.xml", "<feed> 0 </feed>", "")
    d = only(validate(tmp_path / "J3Cub"), "FS708")
    assert (d.line, d.severity) == (line_of(path, "<engine file="), Severity.ERROR)
    assert d.message == (
        "engine Continental A-65-8 has no <feed>: JSBSim finds it starved of fuel, and it "
        "gives no thrust (except while trimming)"
    )


def test_lag_filter_without_break_frequency_is_an_error(tmp_path: Path) -> None:
    path = planted_j3cub(
        tmp_path,
        CONTROLS,
        '<aerosurface_scale name="Elevator Control">',
        '<lag_filter name="lagx"><input>fcs/elevator-cmd-norm</input><c1>0</c1></lag_filter>\n'
        '   <aerosurface_scale name="Elevator Control">',
    )
    d = only(validate(tmp_path / "J3Cub"), "FS207")
    assert (d.line, d.message) == (line_of(path, "<c1>0</c1>"), "<c1> is 0; it must be positive")
