"""What validating imports: the validator alone (a user waits for ``flightsim validate``)."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("jsbsim", "numpy", "matplotlib", "flightsim.sim.simulation", "flightsim.plots")
"""Modules a validation must not import (JSBSim's native module, the runner, plotting)."""


def _imported_after(code: str) -> list[str]:
    """The heavy modules loaded once ``code`` ran in a fresh interpreter."""
    probe = (
        f"import json, sys\n{code}\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.startswith({HEAVY!r}))))"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    return list(json.loads(run.stdout.strip().splitlines()[-1]))


def test_validating_imports_neither_jsbsim_nor_numpy_nor_the_runner() -> None:
    assert _imported_after("from flightsim.config import validate; validate('c172p')") == []


def test_finding_jsbsim_data_imports_nothing_heavy() -> None:
    code = "from flightsim.paths import jsbsim_root, list_aircraft; list_aircraft(); jsbsim_root()"
    assert _imported_after(code) == []


def test_the_validate_command_imports_nothing_heavy() -> None:
    code = (
        "import contextlib, io\nfrom flightsim.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n    main(['validate', 'c172p'])"
    )
    assert _imported_after(code) == []
