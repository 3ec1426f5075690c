"""The one progress mechanism of the long commands: flightsim.progress on tqdm.

Drawn on terminals only, for work expected to last (the ``min_wall_s`` delay),
with the estimated time left; counted by hand, called like ``Simulation.run``'s
``progress=``, or iterated with ``tracked``.
"""

import io
import re
import time
from pathlib import Path

import flightsim.cli
from flightsim.progress import Progress, tracked


class TerminalStream(io.StringIO):
    """A text stream that says it is a terminal (what the bar checks)."""

    def isatty(self) -> bool:
        return True


def drive(bar: Progress, total_s: float, wall_s: float) -> None:
    """Report progress as ``Simulation.run`` does, over ``wall_s`` of wall time."""
    start = time.monotonic()
    while (elapsed := time.monotonic() - start) < wall_s:
        bar(total_s * elapsed / wall_s, total_s)
        time.sleep(0.01)
    bar(total_s, total_s)


def test_no_bar_when_the_stream_is_not_a_terminal() -> None:
    stream = io.StringIO()
    with Progress(stream=stream, unit="s sim") as bar:
        assert not bar.enabled
        drive(bar, 60.0, 0.3)
    assert stream.getvalue() == ""


def test_bar_on_a_terminal_shows_the_time_left() -> None:
    stream = TerminalStream()
    with Progress(desc="c172p", unit="s sim", stream=stream, min_wall_s=0.2) as bar:
        drive(bar, 60.0, 0.8)  # lasts longer than min_wall_s
    text = stream.getvalue()
    assert "c172p:" in text
    assert re.search(r"\| \d+\.\d/60\.0 s sim \[", text), text  # done/total, one decimal
    assert re.search(r"<00:0\d\]", text), text  # the estimated time left (ETA)


def test_no_bar_for_short_work_even_on_a_terminal() -> None:
    stream = TerminalStream()
    with Progress(unit="s sim", stream=stream, min_wall_s=5.0) as bar:
        drive(bar, 60.0, 0.4)  # over long before min_wall_s
    assert stream.getvalue() == ""


def test_tracked_yields_every_item_and_counts_them() -> None:
    items = ["c172p", "f16", "737"]
    assert list(tracked(items, desc="validate", unit="target")) == items


def test_a_count_shows_done_of_total_and_the_time_left() -> None:
    stream = TerminalStream()
    with Progress(total=4, desc="validate", unit="target", stream=stream) as bar:
        for _ in range(4):
            time.sleep(0.12)
            bar.update(1)
    text = stream.getvalue()
    assert re.search(r"validate: +\d+%\|.*\| [1-4]/4 target \[00:00<00:0\d\]", text), text


def test_commands_use_the_one_mechanism() -> None:
    """No command module draws its own bar: each long one goes through flightsim.progress."""
    folder = Path(flightsim.cli.__file__).parent
    assert not (folder / "progress.py").exists()
    for name in ("run", "script", "demo", "report", "validate"):
        source = (folder / f"{name}.py").read_text()
        assert "from flightsim.progress import" in source, name
        assert "\\r" not in source and "isatty" not in source, name
