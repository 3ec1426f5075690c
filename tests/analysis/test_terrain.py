"""Trims in the air with the CG below the terrain or the gear in it are refused, never run.

JSBSim 1.3.3's trim with the gear of a generated aircraft 1,500-2,000 ft deep
in the terrain segfaults the process (gen-pc12: the envelope at -3000 ft,
1,000 ft under its terrain, exited 139): each case runs in a child process, so
that a crash fails the test instead of ending the test run.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from flightsim.analysis.analyze import analyze
from flightsim.analysis.envelope import trim_envelope
from flightsim.errors import ConfigError, TrimError


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    """``code`` in a fresh Python process (a segfault there is its exit code -11)."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_envelope_records_points_in_its_terrain_untrimmed_in_this_process() -> None:
    # workers=1 trims in the calling process: before, -3000 and -1500 ft ended it (SIGSEGV)
    done = run_python(
        """
        import json
        from flightsim.analysis.envelope import trim_envelope
        env = trim_envelope("gen-pc12", [-3000, -1500, -1000, 2000], [150], workers=1)
        print(json.dumps([[p.altitude_ft, p.trimmed, p.reason] for p in env.points]))
        """
    )
    assert done.returncode == 0, done.stderr[-2000:]
    points = {altitude: (trimmed, reason) for altitude, trimmed, reason in json.loads(done.stdout)}
    for altitude in (-3000.0, -1500.0):
        trimmed, reason = points[altitude]
        assert not trimmed
        assert reason == (
            f"altitude {altitude:.0f} ft MSL is below the terrain (elevation -1000 ft) at "
            "latitude 0.0000 deg, longitude 0.0000 deg"
        )
    trimmed, reason = points[-1000.0]  # the CG on the terrain: the gear in it
    assert not trimmed
    assert reason.startswith(
        "the gear is in the terrain: at altitude -1000 ft MSL the CG is 0.0 ft above the "
        "terrain (elevation -1000 ft), its lowest wheel or skid "
    )
    assert points[2000.0] == (True, "")


def test_an_envelope_wholly_in_its_terrain_is_refused_up_front() -> None:
    with pytest.raises(ConfigError, match=r"every envelope altitude \(the highest -1500 ft MSL\)"):
        trim_envelope("gen-pc12", [-3000, -1500], [150], workers=2)  # before: JSBSimCrashError
    with pytest.raises(ConfigError, match=r"give altitudes above -1000 ft"):
        trim_envelope("c172p", [-1000], [100], workers=1)


def test_the_command_line_envelope_in_its_terrain_is_a_clear_error() -> None:
    # the trial's command: exit 139, no message
    done = subprocess.run(
        [sys.executable, "-m", "flightsim", "envelope", "gen-pc12", "--alt=-3000", "--kcas", "150"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 2, done.stderr[-2000:]
    assert done.stderr == (
        "flightsim envelope: error: every envelope altitude (the highest -3000 ft MSL) is at or "
        "below the envelope's terrain, -1000 ft MSL (put there so that the envelope is that of "
        "free air): no point could trim; give altitudes above -1000 ft\n"
    )


def test_a_simulation_reset_and_trimmed_below_its_terrain_raises() -> None:
    # the same class through the public Simulation API: initial conditions written after
    # the build's terrain check, then a trim (before: SIGSEGV at -2000 ft)
    done = run_python(
        """
        from flightsim import InitialConditions, Simulation
        from flightsim.errors import TrimError
        ic = InitialConditions(altitude_ft=4000, kcas=150)
        with Simulation("gen-pc12", ic, record=None) as sim:
            for altitude in (-2000.0, 3.0):
                sim["ic/h-sl-ft"] = altitude
                try:
                    sim.reset(trim="full", reuse_model=True)
                except TrimError as exc:
                    print(exc.mode, "|", exc.reason, "|", " ".join(exc.advice))
            sim["ic/h-sl-ft"] = 3.0  # written without a reset: the trim starts from the IC
            try:
                sim.trim("full")
            except TrimError as exc:
                print(exc.reason.split(":")[0])
        """
    )
    assert done.returncode == 0, done.stderr[-2000:]
    deep, touching, unreset = done.stdout.splitlines()
    assert deep.startswith(
        "full | altitude -2000 ft MSL is below the terrain (elevation 0 ft) at latitude "
        "0.0000 deg, longitude 0.0000 deg | Trim higher: the gear clears the terrain from 10 ft "
        "MSL (free air well above that, out of ground effect). To stand on the gear instead, "
        "start on the ground and trim with mode='ground'."
    ), deep
    assert touching.startswith(
        "full | the gear is in the terrain: at altitude 3 ft MSL the CG is 3.0 ft above the "
        "terrain (elevation 0 ft), its lowest wheel or skid 4.6 ft below the CG | Trim higher"
    ), touching
    assert unreset == "the gear is in the terrain"


def test_an_analysis_with_the_gear_in_the_terrain_says_so() -> None:
    # the trial: analyze at 0 ft (the CG on the terrain) advised weight, flaps and throttle
    with pytest.raises(TrimError) as info:
        analyze("c172p", altitude_ft=0.0, kcas=100.0)
    assert info.value.reason == (
        "the gear is in the terrain: at altitude 0 ft MSL the CG is 0.0 ft above the terrain "
        "(elevation 0 ft), its lowest wheel or skid 4.8 ft below the CG"
    )
    # no ground trim: an analysis is of flight, and linearize refuses a ground trim
    assert info.value.advice == (
        "Trim higher: the gear clears the terrain from 10 ft MSL (free air well above that, "
        "out of ground effect).",
    )
