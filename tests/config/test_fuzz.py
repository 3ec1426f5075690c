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
def test_mutated_files_give_diagnostics_never_exceptions(plan: tuple) -> None:
    with tempfile.TemporaryDirectory() as folder:
        fuzz.check_plan(plan, Path(folder), PER_EXAMPLE_LIMIT_S)


def test_the_unmutated_sources_are_clean() -> None:
    """Without mutation no source gives an error: what a mutated one gets is its fault."""
    for source in fuzz.SOURCES:
        with tempfile.TemporaryDirectory() as folder:
            diagnostics = fuzz.check_plan((source, ()), Path(folder), PER_EXAMPLE_LIMIT_S)
        assert not [str(d) for d in diagnostics if d.severity is Severity.ERROR], source


@pytest.mark.parametrize(
    ("mutation", "seed", "code", "message"),
    [
        ("truncate", 7, "FS101", "Premature end of data"),
        ("garbage_number", 2, "FS202", "<z> is 'nan', not a finite number"),
        ("break_table", 11, "FS301", "row has 4 numbers"),
        ("delete_element", 3, "FS122", "<clipto> has no <max>"),
        ("duplicate_element", 1, "FS404", "<dynamic_friction> appears more than once"),
        ("rename_element", 1, "FS110", "unknown element <quotient> in <contact>"),
        ("attribute", 1, "FS111", "unknown attribute units= on <location>"),
        ("insert_bytes", 1, "FS101", "xmlParseEntityRef"),
    ],
)
def test_each_mutation_is_reported(mutation: str, seed: int, code: str, message: str) -> None:
    """The mutations are real: the file differs, and the planted damage is what is found."""
    plan = ("aircraft/c172x/c172x.xml", ((mutation, seed),))
    assert fuzz.mutated(plan) != fuzz.mutated(("aircraft/c172x/c172x.xml", ()))
    with tempfile.TemporaryDirectory() as folder:
        diagnostics = fuzz.check_plan(plan, Path(folder), PER_EXAMPLE_LIMIT_S)
    errors = [(d.code, d.message) for d in diagnostics if d.severity is Severity.ERROR]
    assert errors and all(c == code for c, _ in errors), errors
    assert message in errors[0][1]


def test_a_binary_file_is_unreadable_input() -> None:
    """A NUL byte makes the file binary: validate raises UnreadableFileError (checked)."""
    plan = ("aircraft/c172x/c172x.xml", (("insert_bytes", 3),))
    assert b"\x00" in fuzz.mutated(plan)
    with tempfile.TemporaryDirectory() as folder:
        assert fuzz.check_plan(plan, Path(folder), PER_EXAMPLE_LIMIT_S) == []


def test_time_limit_interrupts_a_hang() -> None:
    import time

    with pytest.raises(fuzz.ValidatorHungError), fuzz.time_limit(0.2):
        time.sleep(5)
