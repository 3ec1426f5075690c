"""The check of bad input that every flightsim command and script shares (importable from any
test module: pytest puts this folder, which holds the root conftest.py, on ``sys.path``)."""

from __future__ import annotations


def assert_one_line_error(code: int, out: str, err: str, prog: str, message: str) -> None:
    """Bad input answered as the CLI answers it: exit code 2, nothing on stdout, one line on
    stderr, ``PROG: error: ...`` holding ``message``, no traceback."""
    assert code == 2, err
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{prog}: error: "), err
    assert message in lines[0]
    assert "Traceback" not in err
