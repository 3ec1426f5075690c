"""The Ray executor: the same API and the same numbers as the local pool, on a local
Ray with 2 CPUs started once for this module."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from batch_helpers import misbehave, square
from test_batch import metric_rows, sweep

from flightsim.batch import run_batch, run_tasks
from flightsim.errors import ConfigError

ray = pytest.importorskip("ray", reason="ray comes with the 'distributed' extra")


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    # the workers import this folder's helpers
    here = {"PYTHONPATH": str(Path(__file__).parent)}
    ray.init(
        num_cpus=2, include_dashboard=False, log_to_driver=False, runtime_env={"env_vars": here}
    )
    yield
    ray.shutdown()


def test_failures_on_ray_are_isolated_like_on_processes(local_ray: None) -> None:
    items = [("ok", 1.0), ("raise", 2.0), ("abort", 3.0), ("hang", 60.0), ("ok", 5.0)]
    results = {r.index: r for r in run_tasks(misbehave, items, executor="ray", timeout_s=2.0)}
    assert [results[i].status for i in range(5)] == ["ok", "failed", "crashed", "timeout", "ok"]
    assert results[1].reason == "ValueError: bad item 2.0"
    assert results[2].reason.startswith("the Ray worker died")
    assert results[4].value == 25.0


def test_ray_gives_the_numbers_of_the_serial_run(local_ray: None, tmp_path: Path) -> None:
    batch = sweep()
    serial = run_batch(batch, tmp_path / "serial", executor="serial")
    on_ray = run_batch(batch, tmp_path / "ray", executor="ray")
    assert on_ray.counts == {"ok": 6}
    assert metric_rows(on_ray.rows) == metric_rows(serial.rows)


def test_workers_that_cannot_start_are_an_error(local_ray: None, tmp_path: Path) -> None:
    (tmp_path / "vanishing_ray.py").write_text("def double(x):\n    return 2 * x\n")
    sys.path.insert(0, str(tmp_path))
    try:
        from vanishing_ray import double  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(tmp_path))
    assert [r.value for r in run_tasks(square, [3.0], executor="ray")] == [9.0]
    with pytest.raises(ConfigError, match="batch workers die while starting"):
        list(run_tasks(double, [1.0], executor="ray"))
