"""flightsim.files: the one bounded reader of user files, and every reader built on it.

A pipe or a device must be refused, never read: each test has a time bound (the
library in-process under pytest-timeout, the CLI in a child process with a
timeout) so that a regression fails instead of hanging the suite.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from flightsim.config.safexml import UnreadableFileError, read_bytes, read_xml
from flightsim.config.validator import validate, validate_file
from flightsim.errors import ConfigError
from flightsim.files import (
    MAX_FILE_BYTES,
    FileTooLargeError,
    NotRegularFileError,
    read_bounded,
    read_text_bounded,
)

pytestmark = pytest.mark.timeout(60)  # a read of a pipe would block for ever


@pytest.fixture
def specials(tmp_path: Path) -> Iterator[dict[str, Path]]:
    """A FIFO, /dev/zero, a folder and a sparse file one byte over the limit."""
    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.xml"
    folder.mkdir()
    big = tmp_path / "big.xml"
    with open(big, "wb") as stream:  # sparse: no disk used
        stream.truncate(MAX_FILE_BYTES + 1)
    yield {"fifo": fifo, "device": Path("/dev/zero"), "folder": folder, "big": big}


KINDS = {"fifo": "a named pipe (FIFO)", "device": "a character device", "folder": "a folder"}


def test_read_bounded_refuses_what_is_not_a_regular_file(specials: dict[str, Path]) -> None:
    for name, kind in KINDS.items():
        path = specials[name]
        with pytest.raises(NotRegularFileError) as info:
            read_bounded(path)
        assert info.value.kind == kind and info.value.file == str(path)
        assert str(info.value).startswith(f"{path}: {kind}, not a regular file; ")


def test_read_bounded_refuses_a_socket() -> None:
    with tempfile.TemporaryDirectory(dir="/tmp") as folder:  # a short path: AF_UNIX's limit
        path = Path(folder) / "s"
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(str(path))
            with pytest.raises(NotRegularFileError, match="a socket, not a regular file"):
                read_bounded(path)


def test_read_bounded_reads_up_to_its_bound_and_no_further(
    specials: dict[str, Path], tmp_path: Path
) -> None:
    with pytest.raises(FileTooLargeError) as info:
        read_bounded(specials["big"])
    assert (info.value.size, info.value.max_bytes) == (MAX_FILE_BYTES + 1, MAX_FILE_BYTES)
    assert "16,777,217 bytes, more than the 16,777,216 bytes flightsim reads" in str(info.value)
    small = tmp_path / "small.txt"
    small.write_bytes(b"0123456789")
    assert read_bounded(small, max_bytes=10) == b"0123456789"
    with pytest.raises(FileTooLargeError, match="10 bytes, more than the 9 bytes"):
        read_bounded(small, max_bytes=9)
    with pytest.raises(FileNotFoundError):
        read_bounded(tmp_path / "missing.xml")


def test_read_text_bounded_gives_the_text_with_every_line_ending_a_newline(
    specials: dict[str, Path], tmp_path: Path
) -> None:
    """The TOML and CSV readers' one decoding (each had written it): as Path.read_text."""
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes("a = 1\r\nb = 'é'\rc = 3\n".encode())
    assert read_text_bounded(mixed) == mixed.read_text() == "a = 1\nb = 'é'\nc = 3\n"
    with pytest.raises(FileTooLargeError, match="22 bytes, more than the 21 bytes"):
        read_text_bounded(mixed, max_bytes=21)
    with pytest.raises(NotRegularFileError):
        read_text_bounded(specials["fifo"])
    latin = tmp_path / "latin.txt"
    latin.write_bytes("b = 'é'\n".encode("latin-1"))
    with pytest.raises(UnicodeDecodeError):
        read_text_bounded(latin)


def test_xml_readers_refuse_pipes_devices_folders_and_big_files(
    specials: dict[str, Path],
) -> None:
    """read_bytes, read_xml and both validators, with the XML reader's own messages."""
    for name, kind in KINDS.items():
        path = specials[name]
        for read in (read_bytes, read_xml, validate_file):
            with pytest.raises(UnreadableFileError) as info:
                read(path)
            assert str(info.value) == f"{path} is {kind}, not an XML file"
    for name in ("fifo", "device"):  # validate on a folder looks for an aircraft in it
        with pytest.raises(UnreadableFileError) as info:
            validate(specials[name])
        assert str(info.value) == f"{specials[name]} is {KINDS[name]}, not an XML file"
    big = specials["big"]
    for read in (read_bytes, validate_file, validate):
        with pytest.raises(UnreadableFileError) as info:
            read(big)
        assert str(info.value).startswith(
            f"{big} is 16,777,217 bytes, more than the 16,777,216 bytes flightsim reads"
        )


def test_an_aircraft_whose_main_file_is_a_pipe_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "pipe"
    folder.mkdir()
    os.mkfifo(folder / "pipe.xml")
    with pytest.raises(UnreadableFileError, match=r"pipe\.xml is a named pipe \(FIFO\), not an"):
        validate(folder)


def test_spec_readers_refuse_pipes_devices_folders_and_big_files(
    specials: dict[str, Path], tmp_path: Path
) -> None:
    """load_spec and generate (the library) keep the TOML reader's messages."""
    from flightsim.design import generate, load_spec

    for name, kind in KINDS.items():
        path = specials[name]
        for read in (load_spec, lambda p: generate(p, tmp_path / "out")):
            with pytest.raises(ConfigError) as info:
                read(path)
            assert str(info.value) == f"{path}: cannot read the spec: {kind}, not a TOML text file"
    for read in (load_spec, lambda p: generate(p, tmp_path / "out")):
        with pytest.raises(ConfigError, match="cannot read the spec: more than the 16,777,216"):
            read(specials["big"])
    assert not (tmp_path / "out").exists()


def test_a_recording_that_is_a_pipe_is_refused(tmp_path: Path) -> None:
    from flightsim import Recording

    fifo = tmp_path / "run.csv"
    os.mkfifo(fifo)
    with pytest.raises(ConfigError, match=r"cannot read recording: .*run\.csv: a named pipe"):
        Recording.load(fifo)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    """``flightsim ARGS`` in a child process that cannot outlive 60 s."""
    return subprocess.run(
        [sys.executable, "-m", "flightsim", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "MPLBACKEND": "Agg"},
        check=False,
    )


@pytest.mark.parametrize(
    ("name", "validate_says", "generate_says"),
    [
        ("fifo", "pipe.xml is a named pipe (FIFO), not an XML file", "a named pipe (FIFO)"),
        ("device", "/dev/zero is a character device, not an XML file", "a character device"),
        ("folder", "is a folder without an aircraft main file", "a folder, not a TOML"),
        ("big", "big.xml is 16,777,217 bytes, more than the", "more than the 16,777,216 bytes"),
    ],
)
def test_the_cli_refuses_them_at_once(
    specials: dict[str, Path], tmp_path: Path, name: str, validate_says: str, generate_says: str
) -> None:
    path = str(specials[name])
    done = _cli("validate", path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("flightsim validate: error: ") and validate_says in done.stderr
    done = _cli("generate", path, "-o", str(tmp_path / "out"))
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("flightsim generate: error: ") and generate_says in done.stderr
    assert not (tmp_path / "out").exists()
