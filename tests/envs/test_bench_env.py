"""scripts/bench_env.py runs end to end and reports every figure the issue names (a smoke
run: a few steps, one round; the figures themselves are for the script, not for tests)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_environment_benchmark_prints_its_json_figures() -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "bench_env.py"),
            "--json",
            "--steps",
            "120",
            "--rounds",
            "1",
            "--envs-per-worker",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    for key in (
        "bare_agent_steps_per_s",
        "env_agent_steps_per_s",
        "ratio_single",
        "bare_2proc_speedup",
        "bare_2proc_speedup_own_clocks",
        "async_speedup",
        "async_fraction",
        "async_fraction_own_clocks",
        "reset_ms",
    ):
        assert figures[key] > 0.0, key
    assert figures["agent_steps"] == 120
    assert figures["async_envs_per_worker"] == 2
    # the ratio is the two rates' quotient, both measured on the same steps
    ratio = figures["env_agent_steps_per_s"] / figures["bare_agent_steps_per_s"]
    assert abs(ratio - figures["ratio_single"]) < 0.01
    # the pair's wall time is at least either process's own: its speed-up is at most
    # the sum of their own rates'
    assert figures["bare_2proc_speedup"] <= figures["bare_2proc_speedup_own_clocks"] + 0.001
    # ... so in each round the process env's fraction of the pair's is at least its fraction
    # of the summed rates (the same async_speedup over a smaller baseline)
    assert figures["async_fraction"] >= figures["async_fraction_own_clocks"]
