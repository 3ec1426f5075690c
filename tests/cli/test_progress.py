"""The progress bar: drawn on terminals for long runs only."""

import io
import time

from flightsim.cli.progress import ProgressBar


class TerminalStream(io.StringIO):
    """A text stream that says it is a terminal (what the bar checks)."""

    def isatty(self) -> bool:
        return True


def drive(bar: ProgressBar, total_s: float, wall_s: float) -> None:
    """Report progress over ``wall_s`` of wall time."""
    start = time.monotonic()
    while (elapsed := time.monotonic() - start) < wall_s:
        bar(total_s * elapsed / wall_s, total_s)
        time.sleep(0.01)
    bar(total_s, total_s)
    bar.close()


def test_no_bar_when_the_stream_is_not_a_terminal() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream=stream, min_wall_s=0.0, interval_s=0.0)
    assert not bar.enabled
    drive(bar, 60.0, 0.3)
    assert stream.getvalue() == ""


def test_bar_drawn_on_a_terminal_for_a_long_run() -> None:
    stream = TerminalStream()
    bar = ProgressBar("c172p ", stream=stream, min_wall_s=0.2, interval_s=0.02)
    drive(bar, 60.0, 0.6)  # expected wall time 0.6 s > min_wall_s
    text = stream.getvalue()
    assert "c172p [" in text
    assert "60.0/60.0 s sim" in text
    assert text.endswith("\r\x1b[K")  # the line is cleared at the end


def test_no_bar_for_a_short_run_even_on_a_terminal() -> None:
    stream = TerminalStream()
    bar = ProgressBar(stream=stream, min_wall_s=5.0, interval_s=0.02)
    drive(bar, 60.0, 0.4)  # expected wall time 0.4 s < 5 s
    assert stream.getvalue() == ""
