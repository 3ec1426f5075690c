"""``flightsim demo``: the main job — a scripted c172p flight, recorded and reported.

Trimmed cruise at 4000 ft / 100 KCAS heading 090, an elevator doublet, a 30°
banked turn through 180° of heading and a return to wings-level flight, flown
by :class:`flightsim.control.DemoFlight` (PID loops on bank, pitch, altitude,
sideslip and airspeed). Writes ``<output-dir>/demo.csv`` (+ ``demo.meta.json``),
then ``report.html`` and ``report.pdf`` through :mod:`flightsim.plots.report`.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from flightsim import InitialConditions, Recording, Simulation
from flightsim.cli.common import DEFAULT_RECORD, check_output_dir, data_kept
from flightsim.cli.summary import flight_summary, summary_line, wrote_line
from flightsim.control import DemoFlight, DemoPlan
from flightsim.progress import Progress

DEMO_AIRCRAFT = "c172p"
"""The default aircraft (bundled with JSBSim); the autopilot gains are tuned for it."""
DEMO_IC = InitialConditions(altitude_ft=4000.0, kcas=100.0, heading_deg=90.0)
"""Start of the demo: 4000 ft MSL, 100 KCAS, heading 090."""
DEMO_RECORD = DEFAULT_RECORD
"""What the demo records (presets of ``Simulation``)."""
REPORT_TITLE = "flightsim demo: c172p elevator doublet and 180° turn"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``demo`` sub-command."""
    parser = subparsers.add_parser(
        "demo",
        description="Fly the bundled c172p from trimmed cruise (4000 ft, 100 KCAS, heading "
        "090) through an elevator doublet, a 30° banked turn through 180° and a return to "
        "wings-level flight under a PID autopilot; write demo.csv and the report.",
    )
    parser.add_argument(
        "--output-dir",
        "-o",
        type=Path,
        default=Path("out"),
        help="folder for demo.csv and the report (default: out/)",
    )
    parser.add_argument("--no-report", action="store_true", help="skip report.html / report.pdf")
    parser.set_defaults(func=handle)


def fly_demo(csv_path: Path, plan: DemoPlan | None = None) -> tuple[Recording, DemoFlight]:
    """Fly the demo, streaming the recording to ``csv_path``; return it and the controller."""
    plan = plan or DemoPlan()
    with Simulation(DEMO_AIRCRAFT, ic=DEMO_IC, record=DEMO_RECORD, stream_csv=csv_path) as sim:
        sim.trim(mode="full")
        flight = DemoFlight(sim.dt_s, plan)
        with Progress(desc="demo", unit="s sim", min_wall_s=2.0) as bar:
            sim.run(plan.duration_s, controls=flight, progress=bar)
        phases = {f"demo/{phase}-start-s": round(t_s, 6) for t_s, phase in flight.events}
        sim.annotate({"source": "demo", **phases})
        return sim.recording, flight


def handle(args: argparse.Namespace) -> int:
    """Fly the demo, print the summary, write the files; exit code 0."""
    out_dir: Path = args.output_dir
    check_output_dir(out_dir, "demo.csv and the report go there")
    csv_path = out_dir / "demo.csv"
    with data_kept("demo", csv_path):  # Ctrl-C or SIGTERM: say where the data is
        start = time.perf_counter()
        rec, flight = fly_demo(csv_path)
        print(f"flightsim demo: {DEMO_AIRCRAFT}, flown in {time.perf_counter() - start:.1f} s wall")
        for line in flight_summary(rec):
            print(line)
        phases = ", ".join(f"{phase} {t_s:.1f} s" for t_s, phase in flight.events)
        print(summary_line("phase starts", phases))
        print(wrote_line(csv_path), flush=True)
        if not args.no_report:
            from flightsim.plots.report import write_report  # matplotlib: import only when needed

            for name in ("report.html", "report.pdf"):
                with Progress(desc=name, unit="page", min_wall_s=2.0) as bar:
                    path = write_report(
                        [rec], out_dir / name, title=REPORT_TITLE, labels=["demo"], progress=bar
                    )
                print(wrote_line(path), flush=True)
    return 0
