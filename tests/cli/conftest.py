"""Shared scaffolding of the CLI tests: ``cli(*argv)`` runs ``flightsim ARGV`` in this process."""

from collections.abc import Callable

import pytest

from flightsim.cli import main

RunCli = Callable[..., tuple[int, str, str]]
"""``cli("run", "--duration", "1")`` -> (exit code, stdout, stderr)."""


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> RunCli:
    """Call ``flightsim ARGV`` in this process; argparse's exits give their code too."""

    def run(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()  # what came before is not this command's output
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run
