"""Batches of real JSBSim cases: expansion, results.csv, failures, reuse and resume."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from flightsim import InitialConditions, Simulation
from flightsim.batch import Batch, Case, Distribution, MonteCarlo, run_batch
from flightsim.batch.cases import property_value
from flightsim.batch.results import read_results
from flightsim.errors import ConfigError, PropertyError
from flightsim.paths import jsbsim_root
from flightsim.recording import Recording

IC = InitialConditions(altitude_ft=4000, kcas=100)
WEIGHT = "properties.inertia/pointmass-weight-lbs[0]"
ELEVATOR = "controls.fcs/elevator-cmd-norm"
METRICS = {
    "max_alt_ft": "max:position/h-sl-ft",
    "final_theta_deg": "final:attitude/theta-deg",
    "lost_ft": "batch_helpers:altitude_lost_ft",
}


def sweep(**changes: object) -> Batch:
    """A 2 x 3 grid over the pilot's weight and an elevator step, 3 s each."""
    args: dict[str, object] = {
        "base": Case("c172p", IC, duration_s=3.0),
        "grid": {WEIGHT: [150.0, "100 kg"], ELEVATOR: [-0.05, 0.0, 0.05]},
        "metrics": METRICS,
    }
    args.update(changes)
    return Batch(**args)  # type: ignore[arg-type]


def metric_rows(rows: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return [(r["case"], r["max_alt_ft"], r["final_theta_deg"], r["lost_ft"]) for r in rows]


def test_grid_and_monte_carlo_expand_with_units_and_seeds() -> None:
    batch = Batch(
        Case("c172p", IC, duration_s=2.0),
        grid={"ic.altitude_ft": ["1000 m", 5000]},
        monte_carlo=MonteCarlo(3, {"ic.kcas": Distribution("normal", mean="50 m/s", std=2)}),
        metrics={"h": "final:position/h-sl-ft"},
        seed=7,
    )
    specs = batch.cases()
    assert [s.case_id for s in specs] == list(range(6))
    assert [s.params["ic.altitude_ft"] for s in specs] == pytest.approx([3280.84] * 3 + [5000] * 3)
    assert specs[0].case.ic is not None and specs[0].case.ic.altitude_ft == pytest.approx(3280.84)
    draws = [s.params["ic.kcas"] for s in specs]
    assert draws[:3] == draws[3:]  # draw i is the same at every grid point
    assert min(draws) > 80 and max(draws) < 115  # 97.2 kt +- a few std
    again = Batch(batch.base, batch.grid, batch.monte_carlo, dict(batch.metrics), seed=7)
    assert [s.params for s in again.cases()] == [s.params for s in specs]
    assert [s.seed for s in specs[:3]] == [s.seed for s in specs[3:]]
    assert len({s.seed for s in specs}) == 3
    other = Batch(batch.base, batch.grid, batch.monte_carlo, batch.metrics, seed=8)
    assert other.digest() != batch.digest()
    assert batch.units() == {"ic.altitude_ft": "ft", "ic.kcas": "kt", "h": "ft"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"grid": {"ic.altitud_ft": [1]}},
            "'ic.altitud_ft' is no initial condition. Did you mean: ic.altitude_ft, ",
        ),
        (
            {"grid": {"propertes.x/y": [1]}},
            "unknown parameter prefix 'propertes.' in 'propertes.x/y'. "
            "Did you mean: properties.x/y\\?",
        ),
        ({"grid": {WEIGHT: []}}, "grid '.*': give a non-empty list of values"),
        (
            {"metrics": {"m": "maxx:position/h-sl-ft"}},
            "unknown metric statistic 'maxx'. Did you mean: max:position/h-sl-ft\\?",
        ),
        ({"metrics": {"m": "nosuchmodule:f"}}, "cannot import module 'nosuchmodule'"),
        ({"metrics": {}}, "a batch needs at least one metric"),
        ({"base": Case("c172q", IC)}, r"unknown aircraft 'c172q'. Did you mean: c172x"),
        ({"grid": {"aircraft": ["c172p", "f17"]}}, r"unknown aircraft 'f17'. Did you mean: "),
    ],
)
def test_bad_batches_are_refused_before_running(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        sweep(**changes)


def test_results_csv_one_row_per_case(tmp_path: Path) -> None:
    results = run_batch(sweep(), tmp_path, executor="serial", keep_recordings=True)
    with (tmp_path / "results.csv").open() as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [
        "case", "seed", WEIGHT, ELEVATOR, "max_alt_ft", "final_theta_deg", "lost_ft",
        "status", "reason", "wall_s",
    ]  # fmt: skip
    assert len(rows) == 7
    assert results.counts == {"ok": 6}
    by_case = {r["case"]: r for r in results.rows}
    # nose-up elevator climbs, nose-down descends; the 100 kg pilot (220.5 lb) is written as lb
    assert by_case[0]["max_alt_ft"] > by_case[1]["max_alt_ft"] > by_case[2]["max_alt_ft"]
    assert by_case[3][WEIGHT] == pytest.approx(220.462, abs=1e-3)
    assert by_case[0]["final_theta_deg"] > by_case[1]["final_theta_deg"] > 0.0
    assert by_case[2]["lost_ft"] > 10.0
    recording = tmp_path / "recordings" / "case-00004.csv"
    assert recording.exists()
    assert recording.read_text().splitlines()[0].startswith("sim-time-sec,")


def test_serial_and_pool_give_the_same_numbers_in_any_order(tmp_path: Path) -> None:
    """Workers reuse their Simulation (reset between cases) in different orders: the
    numbers are bit-identical to a serial run, which reuses one Simulation throughout,
    and to fresh Simulations (one batch per case)."""
    batch = sweep()
    serial = run_batch(batch, tmp_path / "serial", executor="serial")
    pool = run_batch(batch, tmp_path / "pool", workers=2)
    assert metric_rows(pool.rows) == metric_rows(serial.rows)
    written = read_results(tmp_path / "pool" / "results.csv")
    assert sorted(metric_rows(written)) == metric_rows(serial.rows)  # full precision on disk
    for spec in batch.cases()[4:6]:  # the same case flown on a fresh Simulation
        with Simulation("c172p", IC) as sim:
            for name, value in spec.case.properties.items():
                sim[name] = value
            sim.trim()
            recording = sim.run(3.0, controls=dict(spec.case.controls))
        assert serial.rows[spec.case_id]["max_alt_ft"] == recording["position/h-sl-ft"].max()


def test_failures_are_rows_with_reasons(tmp_path: Path) -> None:
    batch = Batch(
        Case("c172p", IC, duration_s=1.0, controller="batch_helpers:abort_controller"),
        grid={"controller.abort": [0.0, 1.0], "ic.kcas": [100.0, 500.0]},
        metrics={"h": "final:position/h-sl-ft", "nan": "batch_helpers:nan_metric"},
    )
    results = run_batch(batch, tmp_path, workers=2)
    rows = {(r["controller.abort"], r["ic.kcas"]): r for r in results.rows}
    # 500 kt does not trim: that case fails before its controller is made
    assert [r["status"] for r in results.rows] == ["failed", "failed", "crashed", "failed"]
    assert rows[0.0, 100.0]["reason"] == "SimulationError: metric 'nan' is nan"
    assert rows[0.0, 500.0]["reason"].startswith("TrimError: trim 'full' failed")
    assert rows[1.0, 500.0]["reason"] == rows[0.0, 500.0]["reason"]
    assert rows[1.0, 100.0]["reason"] == (
        "the worker process died (SIGABRT): JSBSim aborted or crashed on this case"
    )
    assert rows[0.0, 100.0]["h"] is None  # no metric for a failed case
    assert read_results(tmp_path / "results.csv")[0]["h"] is None


def test_unknown_property_fails_its_cases_with_close_names(tmp_path: Path) -> None:
    batch = sweep(grid={"properties.inertia/pointmass-weight-lb[0]": [100.0]})
    (row,) = run_batch(batch, tmp_path, executor="serial").rows
    assert row["status"] == "failed"
    assert "inertia/pointmass-weight-lb[0]" in row["reason"]
    assert "Did you mean: inertia/pointmass-weight-lbs[" in row["reason"]


def test_hang_times_out_and_the_batch_continues(tmp_path: Path) -> None:
    batch = Batch(
        Case("c172p", IC, duration_s=1.0, controller="batch_helpers:hang_controller"),
        grid={"controller.hang": [0.0, 60.0, 0.0]},
        metrics={"h": "final:position/h-sl-ft"},
        timeout_s=1.5,
    )
    results = run_batch(batch, tmp_path, workers=2)
    assert [r["status"] for r in results.rows] == ["ok", "timeout", "ok"]
    assert results.rows[1]["reason"].startswith("timed out after 1.5 s")
    assert results.rows[0]["h"] == results.rows[2]["h"]


def test_interrupted_batch_resumes_without_rerunning(tmp_path: Path) -> None:
    batch = sweep()
    full = run_batch(batch, tmp_path / "full", executor="serial")
    seen: list[int] = []

    def interrupt_after_two(row: dict[str, object]) -> None:
        seen.append(int(row["case"]))  # type: ignore[call-overload]
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(batch, tmp_path / "cut", workers=2, on_result=interrupt_after_two)
    assert len(read_results(tmp_path / "cut" / "results.csv")) == 2
    with (tmp_path / "cut" / "results.csv").open("a") as handle:
        handle.write("5,123,150.0")  # a row cut off by a kill: dropped, its case run again
    with pytest.raises(ConfigError, match="exists: resume it"):
        run_batch(batch, tmp_path / "cut", executor="serial")
    resumed = run_batch(batch, tmp_path / "cut", executor="serial", resume=True)
    assert resumed.ran == 4
    assert metric_rows(resumed.rows) == metric_rows(full.rows)
    assert len(read_results(tmp_path / "cut" / "results.csv")) == 6
    with pytest.raises(ConfigError, match="holds the results of another batch"):
        run_batch(sweep(seed=1), tmp_path / "cut", executor="serial", resume=True)


def test_factories_for_aircraft_and_controller(tmp_path: Path) -> None:
    batch = Batch(
        Case(
            "batch_helpers:bundled_aircraft",
            IC,
            duration_s=2.0,
            controller="batch_helpers:make_bank_controller",
        ),
        grid={"aircraft.name": ["c172p"], "controller.aileron": [0.0, 0.2]},
        metrics={"phi_deg": "maxabs:attitude/phi-deg"},
    )
    level, banked = run_batch(batch, tmp_path, executor="serial").rows
    assert level["status"] == banked["status"] == "ok"
    # aileron 0 is off the trimmed aileron a little: the 0.2 command rolls much further
    assert banked["phi_deg"] > level["phi_deg"] + 10.0


def test_property_error_type_is_exported() -> None:
    assert issubclass(PropertyError, KeyError)


def test_a_broken_aircraft_fails_its_cases_and_the_others_fly(tmp_path: Path) -> None:
    """A real fault JSBSim accepts silently: <wingarea> misspelled, so the wing area is 0."""
    folder = tmp_path / "c172broken"
    folder.mkdir()
    text = (jsbsim_root() / "aircraft" / "c172p" / "c172p.xml").read_text()
    assert "<wingarea" in text
    text = text.replace("<wingarea", "<wing_area").replace("</wingarea>", "</wing_area>")
    (folder / "c172broken.xml").write_text(text)
    batch = Batch(
        Case("c172p", IC, duration_s=2.0),
        grid={"aircraft": ["c172p", str(folder)]},
        metrics={"h": "final:position/h-sl-ft"},
    )
    fine, broken = run_batch(batch, tmp_path / "out", workers=2).rows
    assert fine["status"] == "ok"
    assert broken["status"] == "failed"
    assert broken["reason"].startswith("TrimError: trim 'full' failed")
    assert f"check it with 'flightsim validate {folder / 'c172broken.xml'}'" in broken["reason"]


def test_a_nan_state_fails_its_case(tmp_path: Path) -> None:
    """A wing of 1e9 sq ft: JSBSim's state blows up (a pilot of -1790 lb, cancelling the
    aircraft's mass, did so before such weights were refused: test_sim_limits.py). Untrimmed,
    on a reused model (after another case) or a fresh one, the same divergence."""
    base = Case("c172p", IC, duration_s=3.0, trim=None)
    metrics = {"h": "final:position/h-sl-ft"}
    wing = "properties.metrics/Sw-sqft"
    batch = Batch(base, grid={wing: [174.0, 1e9]}, metrics=metrics)
    fine, diverged = run_batch(batch, tmp_path / "two", executor="serial").rows
    assert fine["status"] == "ok"
    assert diverged["status"] == "failed"
    assert diverged["reason"].startswith("DivergenceError: the simulation diverged: ")
    alone = Batch(base, grid={wing: [1e9]}, metrics=metrics)
    (first,) = run_batch(alone, tmp_path / "one", executor="serial").rows
    assert first["reason"] == diverged["reason"]


def test_numpy_numbers_make_grids_draws_and_cases(tmp_path: Path) -> None:
    import numpy as np

    # a grid of list(np.arange(90, 110, 10)) had failed as the batch was built:
    # "initial condition kcas: expected a number, got np.int64(90)"
    batch = Batch(
        Case("c172p", IC, duration_s=np.float32(0.5), properties={WEIGHT[11:]: np.int64(150)}),
        grid={"ic.kcas": list(np.arange(90, 110, 10)), "duration_s": [np.float64(0.25)]},
        monte_carlo=MonteCarlo(np.int64(2), {ELEVATOR: Distribution("choice", values=[0.0])}),  # type: ignore[arg-type]
        metrics={"h": "final:position/h-sl-ft"},
    )
    specs = batch.cases()
    assert [s.params["ic.kcas"] for s in specs] == [90, 90, 100, 100]
    assert {type(s.params["ic.kcas"]) for s in specs} == {int}  # plain, as results.csv writes
    assert specs[2].case.ic is not None and specs[2].case.ic.kcas == 100.0
    assert batch.base.duration_s == 0.5 and batch.base.properties == {WEIGHT[11:]: 150.0}
    results = run_batch(batch, tmp_path, executor="serial")
    assert results.counts == {"ok": 4}
    text = (tmp_path / "results.csv").read_text()
    assert "np." not in text and ",90,0.25," in text
    with pytest.raises(ConfigError, match="case duration_s: expected a number, got True"):
        Case("c172p", duration_s=True)
    with pytest.raises(ConfigError, match=r"monte_carlo n must be a positive whole number"):
        MonteCarlo(np.float64(2.0), {})  # type: ignore[arg-type]


def test_times_take_units_as_the_command_line_s_do() -> None:
    # "2 min" had been "case duration_s: expected a number", where --duration takes it
    case = Case("c172p", IC, duration_s="2 min", dt_s="1 ms")  # type: ignore[arg-type]
    assert (case.duration_s, case.dt_s) == (120.0, 0.001)
    batch = Batch(case, grid={"duration_s": [1, "0.5 min"]}, metrics={"h": "max:position/h-sl-ft"})
    assert [spec.case.duration_s for spec in batch.cases()] == [1.0, 30.0]
    with pytest.raises(ConfigError, match=r"^duration_s: cannot convert KG \(mass\) to sec"):
        Batch(case, grid={"duration_s": ["1 kg"]}, metrics={"h": "max:position/h-sl-ft"})


def test_case_properties_and_controls_take_units_as_the_grid_does() -> None:
    # Case(properties={...: "100 kg"}) ([case.properties] in a batch file) had been
    # "expected a number, got '100 kg'", where the grid took the same value
    case = Case("c172p", IC, properties={WEIGHT[11:]: "100 kg"}, controls={ELEVATOR[9:]: 0.1})
    assert case.properties == {WEIGHT[11:]: pytest.approx(220.46226218487757)}
    assert case.controls == {ELEVATOR[9:]: 0.1}
    with pytest.raises(ConfigError) as raised:
        Case("c172p", IC, properties={WEIGHT[11:]: "80 m"})
    assert str(raised.value) == (f"{WEIGHT}: cannot convert M (length) to LBS (force/mass)")
    with pytest.raises(ConfigError, match=r"^controls\.fcs/elevator-cmd-norm: expected a number"):
        Case("c172p", IC, controls={ELEVATOR[9:]: "0.1 kg"})


def test_a_crashed_case_keeps_its_recording_when_asked_and_says_where(tmp_path: Path) -> None:
    # the reason had said "The data recorded until then is kept (exc.recording /
    # sim.recording)", and nothing was kept: keep_recordings wrote the ok cases only
    low = Case("c172p", InitialConditions(altitude_agl_ft=300, kcas=100), duration_s=30.0)
    batch = Batch(low, grid={ELEVATOR: [0.0, 0.6]}, metrics={"h": "min:position/h-agl-ft"})
    for keep in (False, True):
        out = tmp_path / f"keep-{keep}"
        results = run_batch(batch, out, workers=1, keep_recordings=keep)
        assert results.counts == {"ok": 1, "failed": 1}
        crashed = next(row for row in results.rows if row["case"] == 1)
        reason = str(crashed["reason"])
        assert reason.startswith("DivergenceError: crashed into the ground at t = "), reason
        assert "exc.recording" not in reason and "is kept" not in reason
        # a batch case has no stop_on_crash: the reason (and results.csv) had advised
        # "Pass stop_on_crash=False to fly on."
        assert "stop_on_crash" not in reason
        assert "stop_on_crash" not in (out / "results.csv").read_text()
        assert reason.endswith(
            " deg. Its recording "
            + (
                "until then: recordings/case-00001.csv."
                if keep
                else "was not kept: add --keep-recordings (keep_recordings=True) to keep it."
            )
        ), reason
        if not keep:
            assert (
                "Its recording was not kept: add --keep-recordings (keep_recordings=True) to "
                "keep it." in reason
            )
            assert not (out / "recordings").exists()
            continue
        assert "Its recording until then: recordings/case-00001.csv." in reason
        recording = Recording.load(out / "recordings" / "case-00001.csv")
        crash_s = float(reason.split("t = ")[1].split(" s")[0])
        assert recording.time_s[-1] == pytest.approx(crash_s, abs=1e-3)
        assert recording["position/h-agl-ft"][-1] < 10.0
        assert (out / "recordings" / "case-00000.csv").exists()


def test_a_lambda_metric_is_refused_before_any_worker_starts(tmp_path: Path) -> None:
    from flightsim.batch.executors import run_tasks

    batch = Batch(Case("c172p", IC, duration_s=0.1), metrics={"m": lambda rec: 1.0})
    # it had been a raw PicklingError from multiprocessing as the first worker started
    with pytest.raises(ConfigError) as caught:
        run_batch(batch, tmp_path / "out", workers=2)
    message = str(caught.value)
    assert message.startswith(
        "metric 'm' (test_batch:test_a_lambda_metric_is_refused_before_any_worker_starts."
        "<locals>.<lambda>) cannot be sent to the worker processes ("
    )
    assert message.endswith(
        "): use module-level functions (def at the top of a module the workers can import, "
        "not a lambda or a nested function), or the serial executor"
    )
    assert not (tmp_path / "out").exists()  # nothing started, nothing written
    assert run_batch(batch, tmp_path / "serial", executor="serial").counts == {"ok": 1}
    with pytest.raises(ConfigError, match=r"^an item cannot be sent to the worker processes"):
        list(run_tasks(abs, [1.0, lambda: 0], workers=2))
    with pytest.raises(ConfigError, match=r"^case record: 5 is neither a property nor a preset"):
        Case("c172p", record=["state", 5])  # type: ignore[list-item]
    assert Case("c172p", record="state").record == ("state",)  # type: ignore[arg-type]


def test_unit_free_initial_condition_names_are_their_fields() -> None:
    """ic.altitude is ic.altitude_ft in with_params, a grid and a draw (one name table)."""
    case = Case("c172p", IC).with_params({"ic.altitude": "1000 m", "ic.heading": 90})
    assert case.ic is not None and case.ic.altitude_ft == pytest.approx(3280.84)
    assert case.ic.heading_deg == 90
    batch = Batch(
        Case("c172p", IC, duration_s=2.0),
        grid={"ic.altitude": [3000, "1000 m"]},
        monte_carlo=MonteCarlo(2, {"ic.wind_from": Distribution("uniform", low=0, high="1 rad")}),
        metrics={"h": "final:position/h-sl-ft"},
    )
    assert batch.parameters == ["ic.altitude_ft", "ic.wind_from_deg"]
    assert batch.units() == {"ic.altitude_ft": "ft", "ic.wind_from_deg": "deg", "h": "ft"}
    assert batch.monte_carlo is not None
    assert batch.monte_carlo.draws["ic.wind_from_deg"].args["high"] == pytest.approx(57.29578)
    with pytest.raises(ConfigError, match="ic.altitude_ft: both in the grid and drawn"):
        Batch(
            batch.base,
            grid={"ic.altitude_ft": [1000]},
            monte_carlo=MonteCarlo(2, {"ic.altitude": Distribution("normal", mean=1, std=1)}),
            metrics={"h": "final:position/h-sl-ft"},
        )
    with pytest.raises(ConfigError, match="'ic.heading' and 'ic.heading_deg' are both drawn"):
        MonteCarlo(
            1,
            {
                "ic.heading": Distribution("uniform", low=0, high=1),
                "ic.heading_deg": Distribution("uniform", low=0, high=1),
            },
        )


def test_a_load_factor_takes_no_unit_the_gram_is_not_read_into_it() -> None:
    # property_unit's "g" (load factor) had become the gram when "g" became a mass unit:
    # "2 kg" for accelerations/Nz gave 2000
    assert property_value("accelerations/Nz", "2.5") == 2.5
    with pytest.raises(ConfigError, match="accelerations/Nz: expected a number, got '2 kg'"):
        property_value("accelerations/Nz", "2 kg")
