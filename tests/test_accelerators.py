"""The optional compiled accelerators: chosen when built, the twins when asked or missing."""

from __future__ import annotations

import importlib
import importlib.util
import os
import subprocess
import sys

import pytest

CHOOSERS = [
    ("flightsim.sim.steploop", "flightsim.sim._steploop"),
    ("flightsim.envs.stepkernel", "flightsim.envs._stepkernel"),
]


@pytest.mark.parametrize(("chooser", "compiled"), CHOOSERS)
def test_the_environment_variable_picks_the_pure_python_twin(chooser: str, compiled: str) -> None:
    code = f"import {chooser} as m; print(m.accelerated())"
    env = {**os.environ, "FLIGHTSIM_PURE_PYTHON": "1"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr
    if os.environ.get("FLIGHTSIM_PURE_PYTHON", "") in ("", "0"):
        built = importlib.util.find_spec(compiled) is not None
        assert importlib.import_module(chooser).accelerated() is built


def test_pure_python_zero_means_the_compiled_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    from flightsim.accelerators import pure_python_requested

    for value, expected in (("", False), ("0", False), ("1", True), ("yes", True)):
        monkeypatch.setenv("FLIGHTSIM_PURE_PYTHON", value)
        assert pure_python_requested() is expected
