"""scripts/sweep_envs.py: every aircraft through every task, each in a child process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from usage_errors import assert_one_line_error

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "sweep_envs.py"


def _sweep(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=600
    )


def test_the_sweep_flies_what_it_can_and_says_why_not_for_the_rest() -> None:
    done = _sweep(
        "--aircraft", "c172p", "SGS", "--tasks", "AttitudeTracking", "LandingApproach",
        "--episodes", "2", "--json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(r["aircraft"], r["task"]) for r in rows] == [
        ("c172p", "AttitudeTracking"),
        ("c172p", "LandingApproach"),
        ("SGS", "AttitudeTracking"),
        ("SGS", "LandingApproach"),
    ]
    for row in rows[:2]:  # the baseline flies the c172p's tasks, 2 seeds each
        assert row == {**row, "episodes": 2, "successes": 2, "failures": ["", ""], "error": ""}
    # a glider flies AttitudeTracking in a glide; JSBSim's SGS glides too flat for the
    # approach's 3° path: refused with the reason, nothing flown
    assert rows[2] == {**rows[2], "episodes": 2, "successes": 2, "error": ""}
    assert rows[3]["successes"] == 0 and rows[3]["failures"] == []
    assert rows[3]["error"].startswith("ConfigError: SGS glides flatter than the 3° glide path")
    text = _sweep("--aircraft", "c172p", "SGS", "--tasks", "HeadingAltitude", "--episodes", "1")
    assert text.stdout.splitlines() == [
        f"{'c172p':18s} HeadingAltitude 1/1",
        f"{'SGS':18s} refused: ConfigError: SGS has no engine (a glider), and HeadingAltitude "
        "needs one (Task.needs_engine: it holds or climbs to altitudes)",
    ]


def test_an_aircraft_past_the_timeout_costs_only_itself() -> None:
    done = _sweep("--aircraft", "c172p", "--tasks", "Waypoints", "--timeout", "0.05", "--json")
    assert done.returncode == 0, done.stderr
    (row,) = [json.loads(line) for line in done.stdout.splitlines()]
    assert row["error"] == "timed out after 0.05 s" and row["successes"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--aircraft", "c173p"], "unknown aircraft 'c173p'. Did you mean: c172p"),
        (
            ["--tasks", "Waypoint"],
            "--tasks: unknown task 'Waypoint'. Did you mean: Waypoints? "
            "Choose among AttitudeTracking, ",
        ),
        (["--episodes", "0"], "--episodes: '0' must be a whole number >= 1"),
        (["--episodes", "2.5"], "--episodes: '2.5' is not a whole number"),
        (["--timeout", "nan"], "--timeout: give seconds > 0, got nan"),
        # a misspelt folder had been skipped: the sweep flew without the user's aircraft
        (
            ["--aircraft", "c172p", "--aircraft-dir", "nowhere"],
            "--aircraft-dir 'nowhere' is no such folder",
        ),
    ],
)
def test_bad_input_is_one_line_exit_2_before_any_flight(args: list[str], message: str) -> None:
    done = _sweep(*args)
    assert_one_line_error(done.returncode, done.stdout, done.stderr, "sweep_envs.py", message)
