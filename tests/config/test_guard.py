"""The crash-safe load check loads real broken aircraft in a child process."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from flightsim.config.diagnostics import Severity
from flightsim.errors import JSBSimCrashError, NotFoundError, SimulationError
from flightsim.paths import find_aircraft
from flightsim.sim.preflight import load_check

C172X = find_aircraft("c172x")


@pytest.fixture(scope="module")
def planted(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[str, Callable[[str], str]], Path]:
    """Copy c172x into a fresh folder and apply ``edit`` to its main file's text."""

    def make(label: str, edit: Callable[[str], str]) -> Path:
        folder = tmp_path_factory.mktemp(label) / "c172x"
        shutil.copytree(C172X.folder, folder)
        main = folder / "c172x.xml"
        text = main.read_text()
        edited = edit(text)
        assert edited != text, "the planted fault did not change the file"
        main.write_text(edited)
        return folder

    return make


def _line_of(folder: Path, needle: str) -> int:
    lines = (folder / "c172x.xml").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def _codes(result_diags: list) -> list[str]:
    return [d.code for d in result_diags if d.severity is Severity.ERROR]


def test_bundled_aircraft_loads_cleanly() -> None:
    result = load_check("c172x")
    assert result.ok, result.summary()
    assert not result.crashed and not result.timed_out
    assert result.stage == "done"
    assert _codes(result.diagnostics) == []
    assert "loads and initialises" in result.summary()
    assert result.loaded and result.initialised and result.usable
    result.raise_if_failed()


def test_undefined_property_in_a_function_aborts_the_child_not_us(planted) -> None:
    folder = planted(
        "abort",
        lambda t: t.replace(
            "<independentVar>aero/h_b-mac-ft</independentVar>",
            "<independentVar>aero/h_b-mac-fx</independentVar>",
            1,
        ),
    )
    result = load_check(folder)
    assert result.crashed and not result.ok
    assert result.signal_name == "SIGABRT"
    assert result.stage == "destroy"
    run_ic = [d for d in result.diagnostics if d.code == "FS902"]
    assert run_ic and "aero/h_b-mac-fx does not exist" in run_ic[0].message
    assert Path(run_ic[0].file).resolve() == (folder / "c172x.xml").resolve()
    assert run_ic[0].line == _line_of(folder, "aero/h_b-mac-fx")
    crash = next(d for d in result.diagnostics if d.code == "FS903")
    assert "SIGABRT" in crash.message and "after run_ic had failed" in crash.message
    assert crash.hint and "flightsim validate" in crash.hint
    assert "SIGABRT" in result.summary()
    assert result.loaded and not result.initialised and not result.usable
    with pytest.raises(JSBSimCrashError, match="SIGABRT"):
        result.raise_if_failed()


def test_missing_metrics_is_a_load_error(planted) -> None:
    folder = planted("nometrics", lambda t: re.sub(r"<metrics>.*?</metrics>", "", t, flags=re.S))
    result = load_check(folder / "c172x.xml")
    assert not result.ok and not result.crashed and result.stage == "done"
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    assert [d.code for d in errors] == ["FS901"]
    assert "No metrics element" in errors[0].message
    assert not result.loaded and not result.usable
    with pytest.raises(SimulationError, match="No metrics element") as raised:
        result.raise_if_failed()
    assert not isinstance(raised.value, JSBSimCrashError)


def test_missing_engine_file_names_the_file_and_line(planted) -> None:
    folder = planted("noengine", lambda t: t.replace('file="eng_io320"', 'file="eng_io999"', 1))
    result = load_check(folder)
    assert not result.ok and not result.crashed
    located = [d for d in result.diagnostics if d.code == "FS901" and d.line is not None]
    assert any("eng_io999" in d.message for d in result.diagnostics if d.code == "FS901")
    assert located and located[0].line == _line_of(folder, "eng_io999")


def test_undefined_fcs_input_fails_run_ic_without_crash(planted) -> None:
    folder = planted(
        "fcsinput",
        lambda t: t.replace("<input>fcs/flap-cmd-norm</input>", "<input>fcs/flap-cmd-nrom</input>"),
    )
    result = load_check(folder)
    assert not result.ok and not result.crashed and result.stage == "done"
    assert "FS902" in _codes(result.diagnostics)
    assert any("fcs/flap-cmd-nrom" in d.message for d in result.diagnostics)


def test_logged_errors_fail_ok_but_leave_the_model_usable(planted) -> None:
    folder = planted(
        "unknowncomponent",
        lambda t: t.replace("<kinematic name=", "<foo_filter name=", 1).replace(
            "</kinematic>", "</foo_filter>", 1
        ),
    )
    result = load_check(folder)
    assert not result.ok and result.usable and not result.crashed
    # JSBSim loaded this model (logging an error): it is not reported as refused (FS901)
    assert "FS901" not in _codes(result.diagnostics)
    unknown = [d for d in result.diagnostics if d.code == "FS906"]
    assert unknown and "foo_filter" in unknown[0].message
    assert unknown[0].message.startswith("JSBSim loaded the model but logged an error")
    assert unknown[0].line == _line_of(folder, "<foo_filter")
    assert "JSBSim loads and initialises it, logging 1 error on the way" in result.verdict
    result.raise_if_failed()
    with pytest.raises(SimulationError, match="foo_filter"):
        result.raise_if_failed(strict=True)


def test_a_hang_is_killed_after_the_timeout(planted) -> None:
    rows = "\n".join(f"{i * 0.001:.3f} 1.0" for i in range(200_000))
    folder = planted("hang", lambda t: t.replace("0  0.0\n                  2117  1.0", rows, 1))
    result = load_check(folder, timeout_s=3.0)
    assert result.timed_out and not result.ok and not result.crashed
    assert result.stage == "load"
    assert result.duration_s < 15.0
    timeout = [d for d in result.diagnostics if d.code == "FS904"]
    assert timeout and "3 s" in timeout[0].message
    assert "hung during load" in result.summary()


def test_unknown_aircraft_and_root_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="c172"):
        load_check("c173x")
    with pytest.raises(NotFoundError, match="--root"):
        load_check("c172x", root=tmp_path / "nowhere")


def test_timeout_must_be_a_finite_positive_time() -> None:
    from flightsim.errors import ConfigError

    for bad in (0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(ConfigError, match="finite time > 0"):
            load_check("c172x", timeout_s=bad)
