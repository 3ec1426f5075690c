"""Ground trims are tried in a child process first: JSBSim's segfaults on some aircraft."""

import os
import shutil
from pathlib import Path

import pytest

from flightsim.errors import TrimError
from flightsim.paths import EditionCache
from flightsim.sim import ground_trim_trial
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.simulation import Simulation

PARKED = InitialConditions(on_ground=True)


def test_a_ground_trim_that_segfaults_jsbsim_is_refused_and_the_caller_lives_on() -> None:
    """The bundled SGS glider: plain jsbsim's do_trim(2) kills the process with SIGSEGV."""
    sim = Simulation("SGS", PARKED, record="position/h-agl-ft")
    with pytest.raises(TrimError) as info:
        sim.trim("ground")
    message = str(info.value)
    assert "JSBSim's ground trim crashes the process (SIGSEGV) for SGS" in message
    assert "running the simulation" in message
    rec = sim.run(2.0)  # the simulation itself is untouched and flies (rests) on
    assert len(rec) == 241
    assert sim.trim_result is None


def test_a_survived_trial_is_remembered_and_reset_trims_again_in_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    verdicts: EditionCache[object] = EditionCache()
    monkeypatch.setattr(ground_trim_trial, "_VERDICTS", verdicts)
    sim = Simulation("c172p", PARKED, record="position/h-agl-ft")
    sim.trim("ground")
    assert verdicts.values() == [None]  # one child, which trimmed
    first = sim.run(1.0)
    sim.reset()  # re-trims: same aircraft and IC, no new child process
    assert verdicts.computed == 1
    assert sim.trim_result is not None and sim.trim_result.mode == "ground"
    again = sim.run(1.0)
    assert (first["position/h-agl-ft"] == again["position/h-agl-ft"]).all()


def test_a_normal_failure_of_a_trim_the_ic_file_asks_for_keeps_jsbsim_s_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """<trim>1</trim> (ground) in the air fails normally: not reported as a crash."""
    monkeypatch.setattr(ground_trim_trial, "_VERDICTS", EditionCache())
    path = tmp_path / "air.xml"
    path.write_text(
        "<initialize>\n  <altitude>2000</altitude>\n  <vc>90</vc>\n"
        "  <trim>1</trim>\n</initialize>\n"
    )
    with pytest.raises(TrimError) as info:
        Simulation("c172p", ic=path, record=None)
    message = str(info.value)
    assert "trim 'ground' failed" in message
    assert "crash" not in message


def test_a_trial_is_made_again_when_a_system_file_of_the_aircraft_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the verdict had been kept while only the main file stayed the same
    verdicts: EditionCache[object] = EditionCache()
    monkeypatch.setattr(ground_trim_trial, "_VERDICTS", verdicts)
    folder = tmp_path / "gen-c172"
    shutil.copytree(Path(__file__).resolve().parents[2] / "aircraft" / "gen-c172", folder)
    Simulation(folder, PARKED, record=None).trim("ground")
    assert verdicts.computed == 1
    system = folder / "Systems" / "flight-controls.xml"
    later = max(p.stat().st_mtime_ns for p in folder.rglob("*.xml")) + 10**9
    os.utime(system, ns=(later, later))
    Simulation(folder, PARKED, record=None).trim("ground")
    # a second child; its verdict replaces the first one's (one per setup, not per edit)
    assert verdicts.computed == 2 and verdicts.values() == [None]
