"""The batch tests count the worker processes: none of another module's may be left."""

from __future__ import annotations

import pytest

from flightsim.analysis import envelope


@pytest.fixture(autouse=True)
def _no_kept_envelope_worker() -> None:
    """The trim envelope keeps its one worker process between calls (in this test process
    too, after the envelope tests): stop it, so that the processes counted are the test's."""
    envelope._KEPT.close()
