"""FS207: numbers outside the range where JSBSim works as meant, planted in copies of
bundled aircraft and engines, reported in the file that holds them at their line."""

from __future__ import annotations

from pathlib import Path

from planted_faults import line_of, planted_j3cub

from flightsim.config import Diagnostic, Severity, validate, validate_file
from flightsim.paths import jsbsim_root

CONTROLS = "Systems/Conventional Controls.xml"


def _fs207(found: list[Diagnostic]) -> list[tuple[str, int | None, str]]:
    return [(Path(d.file).name, d.line, d.message) for d in found if d.code == "FS207"]


def test_clipto_min_above_max_is_found_in_the_system_file(tmp_path: Path) -> None:
    path = planted_j3cub(
        tmp_path,
        CONTROLS,
        "<clipto>\n        <min> -1 </min>\n        <max>  1 </max>",
        "<clipto>\n        <min> 1 </min>\n        <max> -1 </max>",
    )
    found = validate(tmp_path / "J3Cub")
    assert _fs207(found) == [
        (
            "Conventional Controls.xml",
            line_of(path, "<clipto>"),
            "<clipto> min 1 is above its max -1: JSBSim does not clip at all (it logs 'Trying "
            "to clip with a max value ... lower than the min value' every step)",
        )
    ]
    assert next(d for d in found if d.code == "FS207").severity is Severity.ERROR


def test_zero_gear_spring_is_an_error(tmp_path: Path) -> None:
    path = planted_j3cub(
        tmp_path,
        "J3Cub.xml",
        '<spring_coeff  unit="LBS/FT">     1000.00 </spring_coeff>',
        '<spring_coeff  unit="LBS/FT">     0 </spring_coeff>',
    )
    assert _fs207(validate(tmp_path / "J3Cub")) == [
        (
            "J3Cub.xml",
            line_of(path, "     0 </spring_coeff>"),
            "<spring_coeff> is 0; it must be positive",
        )
    ]


def test_negative_rate_limit_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "actuator.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<system name="s">\n  <channel name="c">\n'
        '    <actuator name="elevator">\n      <input>fcs/elevator-cmd-norm</input>\n'
        "      <rate_limit> -5 </rate_limit>\n      <rate_limit> ap/rate </rate_limit>\n"
        "    </actuator>\n  </channel>\n</system>\n"
    )
    assert _fs207(validate_file(path)) == [
        ("actuator.xml", 6, "<rate_limit> is -5; it must be positive")
    ]


def test_turbine_idle_spool_above_maximum_is_an_error(tmp_path: Path) -> None:
    text = (jsbsim_root() / "engine" / "J52.xml").read_text()
    path = tmp_path / "J52.xml"
    path.write_text(text.replace("<idlen2>         60.0 </idlen2>", "<idlen2> 160.0 </idlen2>"))
    assert _fs207(validate_file(path)) == [
        (
            "J52.xml",
            line_of(path, "<idlen2>"),
            "<idlen2> 160 % is not below <maxn2> 100 %: the engine has no throttle range "
            "(JSBSim divides by the difference)",
        )
    ]


def test_negative_bypass_ratio_is_an_error(tmp_path: Path) -> None:
    text = (jsbsim_root() / "engine" / "J52.xml").read_text()
    path = tmp_path / "J52.xml"
    path.write_text(
        text.replace("<bypassratio>     1.0 </bypassratio>", "<bypassratio>-1</bypassratio>")
    )
    assert _fs207(validate_file(path)) == [
        (
            "J52.xml",
            line_of(path, "<bypassratio>"),
            "<bypassratio> is -1; it must be zero or positive",
        )
    ]
