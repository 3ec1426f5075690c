"""Benchmark: the flight report of a 20-minute flight recorded at 120 Hz (144,000 rows).

The flight is real: the bundled c172p flown by ``flightsim.Simulation`` (the
runner) from trimmed cruise at 4000 ft / 100 KCAS under the demo's scripted
autopilot (doublet, 180° turn, then level cruise to 20 min), recording the
``state,controls,aero,propulsion`` presets every step. The report of its first
90 s (10,800 rows, the length of ``flightsim demo``) is the baseline measured
in the same run: with min/max decimation the report costs about the same for
both, and the ratio shows it. Medians of alternating rounds; the goal is HTML
and PDF of the long flight in under 10 s each.

    .venv/bin/python scripts/bench_report.py [--rounds 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from flightsim.control import DemoFlight, DemoPlan
from flightsim.plots import write_report
from flightsim.recording import Recording
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.simulation import Simulation

DURATION_S = 20 * 60.0
BASELINE_S = 90.0
GOAL_S = 10.0


def fly(duration_s: float) -> Recording:
    """The c172p demo flight stretched to ``duration_s``, recorded every step at 120 Hz."""
    ic = InitialConditions(altitude_ft=4000.0, kcas=100.0, heading_deg=90.0)
    with Simulation("c172p", ic=ic, record="state,controls,aero,propulsion") as sim:
        sim.trim(mode="full")
        flight = DemoFlight(sim.dt_s, DemoPlan(duration_s=duration_s))
        return sim.run(duration_s, controls=flight)


def head(rec: Recording, duration_s: float) -> Recording:
    """The first ``duration_s`` of a recording."""
    n = int((rec.time_s <= rec.time_s[0] + duration_s).sum())
    return Recording(rec.time_s[:n], {k: v[:n] for k, v in rec.columns.items()}, dict(rec.meta))


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (median)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()

    start = time.perf_counter()
    long_rec = fly(DURATION_S)
    fly_s = time.perf_counter() - start
    short_rec = head(long_rec, BASELINE_S)
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path, npz_path = (
            long_rec.to_csv(folder / "long.csv"),
            long_rec.to_npz(folder / "long.npz"),
        )
        load_csv_s = timed(lambda: Recording.load(csv_path))
        load_npz_s = timed(lambda: Recording.load(npz_path))
        for _ in range(args.rounds):
            for name, rec in (("short", short_rec), ("long", long_rec)):
                for kind in ("html", "pdf"):
                    out = folder / f"{name}.{kind}"
                    times.setdefault(f"{name}_{kind}", []).append(
                        timed(lambda rec=rec, out=out: write_report([rec], out))
                    )
        sizes = {kind: (folder / f"long.{kind}").stat().st_size for kind in ("html", "pdf")}
    median = {key: statistics.median(values) for key, values in times.items()}
    result = {
        "rows": len(long_rec),
        "columns": len(long_rec.columns),
        "fly_s": fly_s,
        "load_csv_s": load_csv_s,
        "load_npz_s": load_npz_s,
        "long_html_s": median["long_html"],
        "long_pdf_s": median["long_pdf"],
        "baseline_rows": len(short_rec),
        "baseline_html_s": median["short_html"],
        "baseline_pdf_s": median["short_pdf"],
        "ratio_html": median["long_html"] / median["short_html"],
        "ratio_pdf": median["long_pdf"] / median["short_pdf"],
        "html_bytes": sizes["html"],
        "pdf_bytes": sizes["pdf"],
        "goal_met": median["long_html"] < GOAL_S and median["long_pdf"] < GOAL_S,
    }
    if args.json:
        print(json.dumps(result))
        return
    print(
        f"flight: {result['rows']:,} rows x {result['columns']} columns "
        f"({DURATION_S / 60:.0f} min at 120 Hz), flown by Simulation in {fly_s:.1f} s"
    )
    print(f"load:   CSV {load_csv_s:.2f} s, NPZ {load_npz_s:.2f} s")
    print(
        f"report ({args.rounds} rounds, median)   {result['baseline_rows']:,} rows    "
        f"{result['rows']:,} rows   ratio"
    )
    for kind in ("html", "pdf"):
        print(
            f"  {kind.upper():<4} {median[f'short_{kind}']:>24.2f} s "
            f"{median[f'long_{kind}']:>14.2f} s {result[f'ratio_{kind}']:>7.2f}   "
            f"({sizes[kind] / 1e6:.1f} MB)"
        )
    verdict = "met" if result["goal_met"] else "NOT met"
    print(f"goal: each report of the long flight < {GOAL_S:.0f} s: {verdict}")


if __name__ == "__main__":
    main()
