"""Fuzzing, small budget: mutated real JSBSim files never break the validator.

The mutations and the check live in scripts/fuzz_validate.py, which runs the
same property with a long budget.
"""

from __future__ import annotations

import importlib.util
import tempfile
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from flightsim.config.diagnostics import Severity

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "fuzz_validate.py"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_validate", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fuzz = _load_script()
PER_EXAMPLE_LIMIT_S = 10.0


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    # no shrinking: shrinking a hang costs the time limit per attempt; the script shrinks
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(fuzz.plans())
def test_mutated_files_give_diagnostics_or_flightsim_errors(plan: tuple) -> None:
    with tempfile.TemporaryDirectory() as folder:
        fuzz.check_plan(plan, Path(folder), PER_EXAMPLE_LIMIT_S)


@pytest.mark.parametrize(
    ("mutation", "seed"),
    [("truncate", 7), ("garbage_number", 3), ("break_table", 11), ("delete_element", 5)],
)
def test_each_mutation_changes_the_file_and_is_reported(mutation: str, seed: int) -> None:
    """The mutations are real: the file differs, and the planted damage gets an error."""
    plan = ("aircraft/c172x/c172x.xml", ((mutation, seed),))
    original = fuzz.mutated(("aircraft/c172x/c172x.xml", ()))
    assert fuzz.mutated(plan) != original
    with tempfile.TemporaryDirectory() as folder:
        diagnostics = fuzz.check_plan(plan, Path(folder), PER_EXAMPLE_LIMIT_S)
    if mutation in ("truncate", "garbage_number", "break_table"):
        assert any(d.severity is Severity.ERROR for d in diagnostics)


def test_time_limit_interrupts_a_hang() -> None:
    import time

    with pytest.raises(fuzz.ValidatorHungError), fuzz.time_limit(0.2):
        time.sleep(5)
