"""The installed ``flightsim`` console script in real child processes."""

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from usage_errors import assert_one_line_error

from flightsim.recording import Recording

FLIGHTSIM = Path(sys.executable).parent / "flightsim"
# 60 s of sim time paced at 20x real time: ~3 s of wall time, long enough for a bar (> 2 s).
PACED_RUN = ("run", "--trim", "--duration", "60", "--speed", "20", "--record", "state")


@pytest.fixture(scope="module", autouse=True)
def _installed() -> None:
    if not FLIGHTSIM.is_file():
        pytest.fail(f"the console script is not installed at {FLIGHTSIM}: pip install -e .")


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    output = tmp_path / "paced.csv"
    done = subprocess.run(
        [str(FLIGHTSIM), *PACED_RUN, "-o", str(output)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no bar, no logging noise
    assert "pacing" in done.stdout and "20x" in done.stdout
    assert Recording.from_csv(output).duration_s == pytest.approx(60.0)


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # 100 columns
    try:
        proc = subprocess.Popen(
            [str(FLIGHTSIM), *PACED_RUN, "-o", str(tmp_path / "tty.csv")],
            stdout=subprocess.DEVNULL,
            stderr=slave,
        )
        os.close(slave)
        chunks = []
        while True:
            ready, _, _ = select.select([master], [], [], 60.0)
            if not ready:
                break
            try:
                data = os.read(master, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        assert proc.wait(timeout=60) == 0
    finally:
        os.close(master)
    text = b"".join(chunks).decode()
    assert "c172p:" in text, text
    assert re.search(r"\d+\.\d/60\.0 s sim \[00:0\d<00:0\d\]", text), text  # time left


def test_bad_input_exits_2_with_one_line_and_no_traceback() -> None:
    done = subprocess.run(
        [str(FLIGHTSIM), "run", "--aircraft", "c172q"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert_one_line_error(
        done.returncode, done.stdout, done.stderr, "flightsim run", "unknown aircraft 'c172q'"
    )
    assert done.stderr.startswith("flightsim run: error: unknown aircraft 'c172q'")


def test_a_killed_run_leaves_its_data_on_disk(tmp_path: Path) -> None:
    """The CSV is streamed while running: SIGKILL after ~3 s keeps all but the last second."""
    output = tmp_path / "killed.csv"
    proc = subprocess.Popen(
        [str(FLIGHTSIM), "run", "--trim", "--duration", "60", "--realtime", "-o", str(output)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30.0
        while not output.exists() and time.monotonic() < deadline:  # start-up done
            time.sleep(0.05)
        time.sleep(3.0)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    rec = Recording.from_csv(output)
    assert 1.9 <= rec.duration_s < 4.0  # paced at real time: ~3 s flown, at most 1 s unflushed
    assert rec["position/h-sl-ft"][-1] == pytest.approx(4000.0, abs=5.0)


def test_the_editable_install_is_a_plain_path_entry() -> None:
    """`make` installs the project as a .pth path entry, not setuptools' import hook, whose
    install prints an "Editable installation" warning banner and slows every start-up."""
    import sysconfig

    site = Path(sysconfig.get_paths()["purelib"])
    pth = sorted(site.glob("__editable__*flightsim*.pth"))
    assert len(pth) == 1, sorted(p.name for p in site.iterdir())
    assert pth[0].read_text().split() == [str(Path(__file__).resolve().parents[2])]  # the root
    assert not sorted(site.glob("__editable__*flightsim*finder.py"))
