"""Batches of simulations: parameter sweeps and Monte Carlo on local processes or Ray.

- :mod:`flightsim.batch.cases`: :class:`Case` (one simulation) and the parameter names;
- :mod:`flightsim.batch.sweep`: :class:`Batch` (grid and Monte Carlo), :class:`Distribution`;
- :mod:`flightsim.batch.metrics`: built-in metrics (``"max:position/h-sl-ft"``);
- :mod:`flightsim.batch.runner`: :func:`run_batch` writing ``results.csv``;
- :mod:`flightsim.batch.executors`: :func:`run_tasks`, the one parallel executor
  (local processes, Ray, serial) that sweeps, trim envelopes and fly-outs share;
- :mod:`flightsim.batch.toml_file`: :func:`load_batch` reads a batch from TOML.

See docs/batch.md.
"""

from flightsim.batch.cases import Case
from flightsim.batch.executors import TaskResult, WorkerDeath, run_tasks
from flightsim.batch.runner import BatchResults, run_batch
from flightsim.batch.sweep import Batch, Distribution, MonteCarlo
from flightsim.batch.toml_file import load_batch

__all__ = [
    "Batch",
    "BatchResults",
    "Case",
    "Distribution",
    "MonteCarlo",
    "TaskResult",
    "WorkerDeath",
    "load_batch",
    "run_batch",
    "run_tasks",
]
