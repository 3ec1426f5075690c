"""Evaluate controllers on flightsim environments: seeded episodes, figures, JSON.

    python scripts/evaluate.py --env flightsim/HeadingAltitude-v0 --controller baseline \
        --episodes 10 [--json] [--report out/eval.html]

``--env`` and ``--controller`` may be repeated (every pair is evaluated).
A controller is ``random``, ``baseline`` (the PID autopilot) or the path of a
saved stable-baselines3 PPO model. Prints mean ± std return, success rate and
tracking-error RMS per pair; with ``--json`` one JSON object per pair (a list
when there are several) with keys ``mean_return``, ``std_return``,
``success_rate``, ``tracking_rms``.
"""

from __future__ import annotations

import argparse
import json
import sys

import flightsim  # noqa: F401  (registers the environments)
from flightsim.envs.evaluation import evaluate, write_evaluation_report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--env", action="append", required=True, help="environment ID")
    parser.add_argument("--controller", action="append", help="random | baseline | PATH")
    parser.add_argument("--episodes", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0, help="first episode seed")
    parser.add_argument("--aircraft", default="c172p")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--report", help="write an HTML/PDF report here")
    args = parser.parse_args(argv)
    results = [
        evaluate(env_id, controller, args.episodes, seed=args.seed, aircraft=args.aircraft)
        for env_id in args.env
        for controller in args.controller or ["baseline"]
    ]
    summaries = [r.summary() for r in results]
    if args.json:
        print(json.dumps(summaries[0] if len(summaries) == 1 else summaries, indent=2))
    else:
        for s in summaries:
            print(
                f"{s['env']:32s} {s['controller']:10s} return {s['mean_return']:9.1f} ± "
                f"{s['std_return']:7.1f}  success {100 * s['success_rate']:5.1f} %  "
                f"tracking RMS {s['tracking_rms']:.3f}  ({s['episodes']} episodes)"
            )
    if args.report:
        path = write_evaluation_report(results, args.report)
        print(f"report: {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
