"""JSBSim's console output is routed into logging and kept with file and line."""

import logging
import subprocess
import sys

import jsbsim
import pytest

from flightsim.paths import jsbsim_root
from flightsim.sim import logbridge


def test_missing_model_error_is_kept_not_printed(capfd: pytest.CaptureFixture[str]) -> None:
    bridge = logbridge.install()
    bridge.drain()
    fdm = jsbsim.FGFDMExec(str(jsbsim_root()))
    assert fdm.load_model("no_such_plane") is False
    messages = bridge.drain()
    assert any(m.level == "error" and "no_such_plane.xml" in m.text for m in messages)
    out, err = capfd.readouterr()
    assert "no_such_plane" not in out + err


def test_records_reach_python_logging(caplog: pytest.LogCaptureFixture) -> None:
    logbridge.install()
    with caplog.at_level(logging.WARNING, logger="flightsim.jsbsim"):
        jsbsim.FGFDMExec(str(jsbsim_root())).load_model("no_such_plane")
    assert any("no_such_plane" in r.getMessage() for r in caplog.records)


def test_a_clean_load_prints_nothing() -> None:
    code = (
        "from flightsim.sim import logbridge\n"
        "import jsbsim\n"
        "logbridge.install()\n"
        "f = jsbsim.FGFDMExec(jsbsim.get_default_root_dir())\n"
        "f.set_output_path('/tmp'); f.disable_output()\n"
        "assert f.load_model('c172x')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
