"""Fly-out report of every generated aircraft: the checks each must pass (issue 10).

For every spec ``aircraft/<name>/<name>.toml`` (or the specs given): zero
validator errors, loads and initialises, trims at cruise and at 1.3 Vs
(gliders: glides at best-glide speed and 1.3 Vs), 60 s hands-off from trim
(altitude off the trimmed path, peak bank), the slowest level trim speed at
MTOW against the spec's stall speed, and the short-period, phugoid and
Dutch-roll modes (see ``flightsim.design.flyout``). Exit code 1 when any
aircraft fails a check.

    .venv/bin/python scripts/flyout.py [SPEC.toml ...] [--json] [--workers N]

``--workers N`` flies N aircraft at a time on worker processes (flightsim.batch's
executor: an aircraft whose JSBSim crashes is reported as failing, the others go
on); the default, 1, flies them one after the other in this process.

``--json`` prints JSON Lines, one object per aircraft, with the keys name,
validates, loads, trims_cruise, trims_slow, hands_off_dh_ft,
hands_off_max_bank_deg, min_trim_speed_kt, stall_speed_kt (then the modes,
passes and failures).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from flightsim.design.flyout import FlyoutResult, fly_out_all

ROOT = Path(__file__).resolve().parent.parent


def _mode(result: FlyoutResult, name: str) -> str:
    mode = getattr(result, name)
    return "-" if mode is None else f"{mode.natural_frequency:.2f}/{mode.damping:.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("specs", nargs="*", type=Path, help="spec files (default: aircraft/*/)")
    parser.add_argument("--json", action="store_true", help="JSON Lines, one per aircraft")
    parser.add_argument("--workers", type=int, default=1, help="processes (default 1)")
    args = parser.parse_args()
    specs = args.specs or sorted((ROOT / "aircraft").glob("*/*.toml"))
    failed = 0
    if not args.json:
        print(
            f"{'aircraft':<12} {'valid':>5} {'loads':>5} {'cruise':>6} {'slow':>5} "
            f"{'dh ft':>7} {'bank':>5} {'Vmin kt':>8} {'Vs kt':>6} "
            f"{'SP wn/z':>10} {'ph wn/z':>10} {'DR wn/z':>10}  result"
        )
    started = time.perf_counter()
    for result in fly_out_all(specs, workers=args.workers):
        failed += bool(result.failures())
        if args.json:
            print(json.dumps(result.as_json()))
            continue
        dh = "-" if result.hands_off_dh_ft is None else f"{result.hands_off_dh_ft:.1f}"
        peak = result.hands_off_max_bank_deg
        bank = "-" if peak is None else f"{peak:.2f}"
        vmin = "-" if result.min_trim_speed_kt is None else f"{result.min_trim_speed_kt:.1f}"
        print(
            f"{result.name:<12} {result.validates!s:>5} {result.loads!s:>5} "
            f"{result.trims_cruise!s:>6} {result.trims_slow!s:>5} {dh:>7} {bank:>5} {vmin:>8} "
            f"{result.stall_speed_kt:>6.1f} {_mode(result, 'short_period'):>10} "
            f"{_mode(result, 'phugoid'):>10} {_mode(result, 'dutch_roll'):>10}  "
            f"{', '.join(result.failures()) or 'pass'}"
        )
    if not args.json:
        print(f"{len(specs)} aircraft, {failed} failing, {time.perf_counter() - started:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
