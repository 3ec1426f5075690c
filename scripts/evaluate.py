"""Evaluate controllers on flightsim environments: seeded episodes, figures, JSON.

    python scripts/evaluate.py --env flightsim/HeadingAltitude-v0 --controller baseline \
        --episodes 10 [--aircraft NAME] [--aircraft-dir DIR] [--json] [--report out/eval.html]

``--env`` and ``--controller`` may be repeated (every pair is evaluated).
A controller is ``random``, ``baseline`` (the PID autopilot) or the path of a
saved stable-baselines3 PPO model (trained on that environment: its observation and
action spaces are checked before any episode). Prints mean ± std return, success rate and
tracking-error RMS per pair; with ``--json`` one JSON object per pair (a list
when there are several) with keys ``mean_return``, ``std_return``,
``success_rate``, ``tracking_rms`` and the ``aircraft`` and ``seeds`` flown.
Bad input (an unknown environment, controller or aircraft, an aircraft that
cannot fly a task, a model that does not fit an environment, ``--episodes 0``,
a report name that is not *.html/*.pdf or cannot be written there) is one line
on stderr and exit code 2, before any episode is flown, as in the ``flightsim``
command (``--debug`` shows the traceback).
An error while flying still prints the results of the pairs already evaluated.
"""

from __future__ import annotations

import argparse
import json
import sys

import flightsim  # noqa: F401  (registers the environments)
from flightsim.cli import OneLineParser, run_guarded
from flightsim.cli.common import (
    add_aircraft_dir,
    add_no_guard,
    check_aircraft_dirs,
    count_arg,
)
from flightsim.envs.evaluation import (
    Evaluation,
    check_controller,
    check_env_id,
    check_pairs,
    check_report_output,
    evaluate,
    write_evaluation_report,
)


def main(argv: list[str] | None = None) -> int:
    parser = OneLineParser(prog="evaluate.py", description=__doc__.split("\n")[0])
    parser.add_argument("--env", action="append", required=True, help="environment ID")
    parser.add_argument("--controller", action="append", help="random | baseline | PATH")
    parser.add_argument("--episodes", type=count_arg("--episodes"), default=10)
    parser.add_argument(
        "--seed", type=count_arg("--seed", low=0), default=0, help="first episode seed"
    )
    parser.add_argument("--aircraft", default="c172p", help="a name, or an aircraft's folder")
    add_aircraft_dir(parser)
    add_no_guard(parser)
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--report", help="write an HTML/PDF report here")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    args = parser.parse_args(argv)
    return run_guarded(lambda: run(args), "evaluate.py:", "evaluate", debug=args.debug)


def run(args: argparse.Namespace) -> int:
    """Check every input, fly the episodes, print the summaries, write the report."""
    if args.report:
        check_report_output(args.report)  # a bad or unwritable report fails before any episode
    check_aircraft_dirs(args.aircraft_dirs)
    for env_id in args.env:
        check_env_id(env_id)
    controllers = args.controller or ["baseline"]
    for controller in controllers:
        check_controller(controller)
    aircraft = {"aircraft": args.aircraft, "aircraft_dirs": args.aircraft_dirs, "guard": args.guard}
    check_pairs(args.env, controllers, **aircraft)
    results: list[Evaluation] = []
    try:
        for env_id in args.env:
            for controller in controllers:
                results.append(
                    evaluate(env_id, controller, args.episodes, seed=args.seed, **aircraft)
                )
    finally:  # an error half-way loses none of the pairs already flown
        print_summaries(results, as_json=args.json)
    if args.report:
        path = write_evaluation_report(results, args.report)
        print(f"report: {path}", file=sys.stderr)
    return 0


def print_summaries(results: list[Evaluation], *, as_json: bool) -> None:
    """One line per evaluation, or JSON (one object for one evaluation, else a list)."""
    if not results:
        return
    summaries = [r.summary() for r in results]
    if as_json:
        print(json.dumps(summaries[0] if len(summaries) == 1 else summaries, indent=2))
    else:
        for s in summaries:
            print(
                f"{s['env']:32s} {s['controller']:10s} return {s['mean_return']:9.1f} ± "
                f"{s['std_return']:7.1f}  success {100 * s['success_rate']:5.1f} %  "
                f"tracking RMS {s['tracking_rms']:.3f}  ({episodes(s['episodes'])}, "
                f"{s['aircraft']})"
            )


def episodes(count: int) -> str:
    """``"1 episode"``, ``"3 episodes"``."""
    return f"{count} episode{'' if count == 1 else 's'}"


if __name__ == "__main__":
    sys.exit(main())
