"""The one reader of the files users give flightsim: regular files only, a bounded size.

:func:`read_bounded` is how flightsim reads an XML file, a TOML spec or batch file
and a CSV recording (the last two as text, :func:`read_text_bounded`). A path that
is not a regular file is refused with what it is (a folder, a device, a named pipe, a
socket): ``/dev/zero`` would be read without end and a pipe with no writer would
block for ever. The path is checked
with ``stat`` before it is opened (opening a device can have effects of its
own), then opened without blocking (``O_NONBLOCK``) and checked again on the
open descriptor (``fstat``), so a file swapped for a pipe in between is refused
too. At most ``max_bytes`` + 1 bytes are read: a file that grows past the
limit while it is read is refused, not read to its end.

The errors are :class:`UnreadableFileError` subclasses naming the path and
carrying what the caller needs to word its own message (``kind``, ``size``);
the operating system's own failures (no such file, permission denied) are the
``OSError`` that ``open`` raises.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from flightsim.errors import ConfigError

MAX_FILE_BYTES = 16 * 1024 * 1024
"""Largest file flightsim reads [bytes]; the biggest bundled JSBSim file is about 0.5 MB."""

_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
}
"""What a path that is not a regular file is, for the message refusing it."""
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a pipe opens at once, even with no writer
    | getattr(os, "O_NOCTTY", 0)  # a terminal never becomes ours
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)  # Windows: no newline translation
)


class UnreadableFileError(ConfigError):
    """A file that cannot be read as a whole: not a regular file, too large, binary,
    no permission."""


class NotRegularFileError(UnreadableFileError):
    """A path that is a folder, a device, a named pipe or a socket; ``kind`` says which
    (``"a named pipe (FIFO)"``)."""

    def __init__(self, path: str | Path, kind: str):
        self.kind = kind
        super().__init__(
            f"{kind}, not a regular file; flightsim reads only regular files "
            "(a device would be read without end, a pipe would block)",
            file=path,
        )


class FileTooLargeError(UnreadableFileError):
    """A file larger than the bound it is read with: ``size`` [bytes] (at least
    ``max_bytes`` + 1 when it grew while read), ``max_bytes`` the bound [bytes]."""

    def __init__(self, path: str | Path, size: int, max_bytes: int):
        self.size = size
        self.max_bytes = max_bytes
        super().__init__(
            f"{size:,} bytes, more than the {max_bytes:,} bytes flightsim reads from one "
            "file (a guard against runaway input)",
            file=path,
        )


def file_kind(mode: int) -> str | None:
    """What a ``st_mode`` is when not a regular file (``"a folder"`` ...), None for one."""
    if stat.S_ISREG(mode):
        return None
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def path_kind(path: str | os.PathLike[str]) -> str | None:
    """What an existing ``path`` is when not a regular file (``"a folder"`` ...); None for
    a regular file or a path that does not exist (or cannot be looked at)."""
    try:
        return file_kind(os.stat(path).st_mode)
    except (OSError, ValueError):
        return None


def read_bounded(path: str | os.PathLike[str], max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file ``path``, at most ``max_bytes`` [bytes] of them.

    Raises NotRegularFileError for a folder, device, pipe or socket (before
    reading a byte, and never blocking), FileTooLargeError for a file over
    ``max_bytes``, and the ``OSError`` of ``os.stat`` or ``os.open`` (missing, no
    permission).
    """
    where = os.fspath(path)
    kind = file_kind(os.stat(where).st_mode)
    if kind is not None:
        raise NotRegularFileError(where, kind)
    fd = os.open(where, _OPEN_FLAGS)
    with open(fd, "rb", closefd=True) as stream:
        opened = os.fstat(fd)
        kind = file_kind(opened.st_mode)
        if kind is not None:  # swapped since the stat above
            raise NotRegularFileError(where, kind)
        if opened.st_size > max_bytes:
            raise FileTooLargeError(where, opened.st_size, max_bytes)
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:  # it grew while read
        raise FileTooLargeError(where, len(data), max_bytes)
    return data


def read_text_bounded(path: str | os.PathLike[str], max_bytes: int = MAX_FILE_BYTES) -> str:
    r"""The UTF-8 text of the regular file ``path`` (:func:`read_bounded`, with its errors),
    every line ending made ``\n`` as by :meth:`pathlib.Path.read_text` (``\r\n`` and
    ``\r`` too). Raises ``UnicodeDecodeError`` for bytes that are not UTF-8."""
    text = read_bounded(path, max_bytes).decode("utf-8")
    return text.replace("\r\n", "\n").replace("\r", "\n")
