"""FS207: numbers outside the range where JSBSim works as meant, planted in copies of
bundled aircraft and engines, reported in the file that holds them at their line."""

from __future__ import annotations

from pathlib import Path

import pytest
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


IDLE_RPM = "<idlerpm>                 550.0  </idlerpm>"
MAX_RPM = "<maxrpm>                 2700.0  </maxrpm>"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (MAX_RPM, "<maxrpm> 500 </maxrpm>", "<idlerpm> 550 is not below <maxrpm> 500"),
        (IDLE_RPM, "<idlerpm> 2700 </idlerpm>", "<idlerpm> 2700 is not below <maxrpm> 2700"),
        # JSBSim's default idle speed is 600 rpm (measured: no <idlerpm> runs as 600).
        (IDLE_RPM + "\n  " + MAX_RPM, "<maxrpm> 600 </maxrpm>", "<idlerpm> 600 is not below "),
    ],
    ids=["max below idle", "idle equal to max", "default idle"],
)
def test_piston_idle_rpm_not_below_maximum_is_an_error(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    """Measured with JSBSim 1.3.3 on the c172p with a copied eng_io320: a maxrpm of 550
    (= idlerpm) cuts the static full-throttle power from 206 to 155 hp, a maxrpm of 300 to
    123 hp; an idlerpm of 2700 (= maxrpm) keeps the engine from starting at all."""
    text = (jsbsim_root() / "engine" / "eng_io320.xml").read_text()
    path = tmp_path / "eng_io320.xml"
    assert old in text
    path.write_text(text.replace(old, new))
    ((name, line, found),) = _fs207(validate_file(path))
    tag = "<idlerpm>" if "<idlerpm>" in path.read_text() else "<maxrpm>"
    assert (name, line) == ("eng_io320.xml", line_of(path, tag))
    assert found.startswith(message)
    assert "keeps the engine from starting" in found
    assert "cuts its full-throttle manifold pressure and power" in found


@pytest.mark.parametrize("old", [IDLE_RPM, MAX_RPM])
def test_piston_rpm_defaults_are_used_for_the_one_not_given(tmp_path: Path, old: str) -> None:
    """idlerpm 550 below the default maxrpm 2800, maxrpm 2700 above the default idle 600."""
    text = (jsbsim_root() / "engine" / "eng_io320.xml").read_text()
    path = tmp_path / "eng_io320.xml"
    path.write_text(text.replace(old, ""))
    assert _fs207(validate_file(path)) == []


def _full_throttle_f16(engines: Path) -> tuple[float, float]:
    """Thrust (lbf) and fuel flow (lb/s) of the f16 at 10000 ft, 300 KCAS, after 10 s at
    full military throttle, its engines read from ``engines``."""
    import jsbsim

    root = str(jsbsim_root())
    fdm = jsbsim.FGFDMExec(root)
    fdm.set_debug_level(0)
    assert fdm.load_model_with_paths("f16", root + "/aircraft", str(engines), root + "/systems")
    fdm["ic/h-sl-ft"] = 10000
    fdm["ic/vc-kts"] = 300
    fdm.run_ic()
    fdm["propulsion/set-running"] = -1
    fdm["fcs/throttle-cmd-norm"] = 1.0
    for _ in range(1200):
        fdm.run()
    return fdm["propulsion/engine/thrust-lbs"], fdm["propulsion/engine/fuel-flow-rate-pps"]


def test_a_bypass_ratio_is_not_range_checked_jsbsim_does_not_use_it(tmp_path: Path) -> None:
    """FGTurbine reads <bypassratio> and computes nothing from it: the f16's F100 with
    -0.8 (the F-22A's F119 of racerretrocoder/Flightgear-F-22A-Raptor) or 5 gives the
    thrust and fuel flow of its own 0.4, so a negative one is no error."""
    text = (jsbsim_root() / "engine" / "F100-PW-229.xml").read_text()
    assert "<bypassratio>     0.4 </bypassratio>" in text
    results = []
    for ratio in ("0.4", "-0.8", "5"):
        folder = tmp_path / ratio
        folder.mkdir()
        path = folder / "F100-PW-229.xml"
        path.write_text(text.replace("0.4 </bypassratio>", f"{ratio} </bypassratio>"))
        (folder / "direct.xml").write_text((jsbsim_root() / "engine" / "direct.xml").read_text())
        assert _fs207(validate_file(path)) == []
        results.append(_full_throttle_f16(folder))
    assert results[0][0] > 20000
    assert results[1] == results[0] and results[2] == results[0]
