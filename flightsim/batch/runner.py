"""Running a batch: cases to an executor, rows to results.csv, recordings on request.

Example::

    from flightsim import InitialConditions
    from flightsim.batch import Batch, Case, run_batch

    batch = Batch(
        Case("c172p", InitialConditions(altitude_ft=4000, kcas=100), duration_s=20),
        grid={"controls.fcs/elevator-cmd-norm": [-0.1, 0.0, 0.1]},
        metrics={"max_alt_ft": "max:position/h-sl-ft"},
    )
    results = run_batch(batch, "out/sweep", workers=2)
    print(results.counts)
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flightsim.batch.executors import TaskResult, check_picklable, run_tasks
from flightsim.batch.results import ResultsFile, results_header
from flightsim.batch.sweep import Batch, name_of
from flightsim.batch.worker import CaseOutcome, CaseTask, run_case, warm
from flightsim.progress import Progress

__all__ = ["BatchResults", "run_batch"]

RECORDINGS_DIR = "recordings"


@dataclass(frozen=True)
class BatchResults:
    """A finished (or interrupted and resumed) batch.

    ``rows``: one dict per case in case order (the results.csv columns);
    ``path``: results.csv; ``parameters`` and ``metrics``: the column names;
    ``ran``: how many cases this call ran (the others were already done).
    """

    path: Path
    rows: list[dict[str, Any]]
    parameters: list[str]
    metrics: list[str]
    ran: int

    @property
    def counts(self) -> dict[str, int]:
        """Cases per status (``{"ok": 198, "failed": 2}``)."""
        return dict(Counter(row["status"] for row in self.rows))

    def failed(self) -> list[dict[str, Any]]:
        """The rows of cases that did not finish ok."""
        return [row for row in self.rows if row["status"] != "ok"]


def run_batch(
    batch: Batch,
    out_dir: str | os.PathLike[str],
    *,
    executor: str = "local",
    workers: int | None = None,
    ray_address: str | None = None,
    resume: bool = False,
    retry_failed: bool = False,
    keep_recordings: bool = False,
    progress: bool | None = None,
    on_result: Callable[[dict[str, Any]], None] | None = None,
) -> BatchResults:
    """Run every case of ``batch`` not yet in ``out_dir/results.csv``.

    ``executor``: ``"local"`` (processes on this machine, ``workers`` of them,
    default every core), ``"ray"`` (``ray_address`` of an existing cluster, or a
    local Ray) or ``"serial"``. ``resume`` continues an interrupted batch in
    the same folder (finished cases are not run again: a case that failed, crashed
    or timed out stays so, since it would do it again); ``retry_failed`` resumes and
    runs those cases again too (a worker killed from outside, a fixed model), their
    old rows replaced. ``keep_recordings``
    writes each ok case's recording to ``out_dir/recordings/case-<n>.csv``, and a
    failed case's up to its failure (its reason says where).
    ``progress``: a bar with ETA on stderr (None: when it is a terminal).
    ``on_result`` is called with each new row as it is written.
    """
    if executor == "local":  # a lambda had been a PicklingError as the first worker started
        for name, metric in batch.metric_functions.items():
            check_picklable(f"metric '{name}' ({name_of(metric)})", metric)
    out = Path(out_dir)
    metrics = list(batch.metrics)
    header = results_header(batch.parameters, metrics)
    specs = batch.cases()
    with ResultsFile(
        out, header, batch.digest(), resume=resume or retry_failed, retry_failed=retry_failed
    ) as results:
        todo = [spec for spec in specs if spec.case_id not in results.finished]
        tasks = [CaseTask(s.case, s.seed, batch.metric_functions, keep_recordings) for s in todo]
        with Progress(len(specs), desc=batch.name, unit="case", enabled=progress) as bar:
            bar.update(len(specs) - len(todo))
            for result in run_tasks(
                run_case,
                tasks,
                executor=executor,
                workers=workers,
                initializer=warm,
                initargs=(batch.base, batch.metric_functions),
                timeout_s=batch.case_timeout_s,
                ray_address=ray_address,
                progress=bar,
            ):
                spec = todo[result.index]
                kept = None
                if keep_recordings and result.value is not None:
                    recording = result.value.recording
                    if recording is not None:
                        kept = out / RECORDINGS_DIR / f"case-{spec.case_id:05d}.csv"
                        recording.to_csv(kept)
                row = _row(spec.case_id, spec.seed, spec.params, metrics, result, kept)
                row = results.append(row)
                if on_result is not None:
                    on_result(row)
        rows = [results.finished[s.case_id] for s in specs]
    return BatchResults(results.path, rows, batch.parameters, metrics, len(todo))


def _row(
    case_id: int,
    seed: int,
    params: dict[str, Any],
    metrics: list[str],
    result: TaskResult[CaseOutcome],
    kept: Path | None,
) -> dict[str, Any]:
    """The row of one case; ``kept`` is where its recording was written (None: nowhere)."""
    outcome = result.value
    values = outcome.metrics if outcome is not None else {}
    status, reason = result.status, result.reason
    if result.death is not None:
        reason = result.death.describe("case")
        if result.death.killed:
            reason += ": run it again (flightsim sweep --retry-failed)"
    if outcome is not None and outcome.failure:
        status, reason = "failed", _failure_reason(outcome.failure, kept)
    return {
        "case": case_id,
        "seed": seed,
        **params,
        **{name: values.get(name) for name in metrics},
        "status": status,
        "reason": reason,
        "wall_s": round(result.wall_s, 4),
    }


_KEPT = re.compile(
    r"[.;] [Tt]he data recorded until then is kept(?: \(exc\.recording / sim\.recording\))?\."
)
"""The simulation's own word that its exception keeps the recording, which in a batch is
true only with ``keep_recordings`` (the recording is then a file)."""


def _failure_reason(failure: str, kept: Path | None) -> str:
    """A failed case's reason with where its recording went (``recordings/case-00003.csv``),
    or how to keep it, in place of the simulation's word that the exception holds it."""
    if kept is not None:
        note = f"Its recording until then: {RECORDINGS_DIR}/{kept.name}."
    else:
        note = (
            "Its recording was not kept: add --keep-recordings (keep_recordings=True) to keep it."
        )
    text, found = _KEPT.subn(lambda _: ". " + note, failure)
    return text if found or kept is None else f"{failure} {note}"
