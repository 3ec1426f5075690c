"""TOML in and out: reading with line numbers, writing deterministically.

Used by aircraft specs (flightsim.design) and batch files (flightsim.batch).
Reading uses ``tomllib`` (Python 3.11+) or its twin ``tomli`` (3.10). Neither
reports where a key was written, so :func:`key_lines` indexes the lines of the
keys and table headers itself and :func:`line_of` finds a key's line there;
errors then name ``file:line``. Writing is our own: plain tables of strings,
numbers and booleans, in a fixed order, so the same data always gives the same
bytes. Files are read by :func:`flightsim.files.read_text_bounded`: regular files
only, of at most :data:`~flightsim.files.MAX_FILE_BYTES` (a device such as
``/dev/zero`` or a pipe is refused before it is read: it would be read without
end or block).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flightsim.errors import ConfigError
from flightsim.files import FileTooLargeError, NotRegularFileError, read_text_bounded

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")


def read_toml(path: Path, what: str = "file") -> tuple[dict[str, Any], dict[str, int]]:
    """Parse a TOML file; return its data and the line (1-based) of each key.

    Line keys are dotted paths: ``"wing"`` for a table header, ``"wing.span"``
    for a key in it, ``"name"`` for a top-level key (see :func:`key_lines`).
    Raises :class:`~flightsim.errors.ConfigError` naming the file (``what`` it
    is, for a file that cannot be read: missing, a folder, a device or pipe, larger
    than :data:`~flightsim.files.MAX_FILE_BYTES`) and, for bad TOML, the
    parser's line.
    """
    try:
        text = read_text_bounded(path)
    except NotRegularFileError as exc:
        raise ConfigError(
            f"cannot read the {what}: {exc.kind}, not a TOML text file", file=path
        ) from None
    except FileTooLargeError as exc:
        raise ConfigError(
            f"cannot read the {what}: more than the {exc.max_bytes:,} bytes (16 MiB) flightsim "
            f"reads from one file (a guard against runaway input; a {what} is a few kB)",
            file=path,
        ) from None
    except OSError as exc:
        raise ConfigError(f"cannot read the {what}: {exc.strerror or exc}", file=path) from None
    except UnicodeDecodeError:
        raise ConfigError("not a UTF-8 text file", file=path) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), (column \d+)\)", str(exc))
        if match is None:
            raise ConfigError(f"not valid TOML: {exc}", file=path) from None
        reason = str(exc)[: match.start()].strip()
        raise ConfigError(
            f"not valid TOML: {reason} ({match.group(2)})", file=path, line=int(match.group(1))
        ) from None
    return data, key_lines(text)


def key_lines(text: str) -> dict[str, int]:
    """The 1-based line of every ``[table]`` header and ``key =`` line in a TOML text."""
    lines: dict[str, int] = {}
    table = ""
    in_multiline = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1:
            in_multiline = not in_multiline
            if not in_multiline:
                continue
        if in_multiline and not _KEY.match(line):
            continue
        header = _HEADER.match(line)
        if header:
            table = header.group(1)
            lines.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            name = key.group(1).strip("\"'")
            lines.setdefault(f"{table}.{name}" if table else name, number)
    return lines


def line_of(lines: Mapping[str, int], path: str) -> int | None:
    """The line of the dotted ``path`` in :func:`key_lines`, else of its nearest table."""
    while path:
        if path in lines:
            return lines[path]
        path = path.rpartition(".")[0]
    return None


def format_value(value: object) -> str:
    """One TOML value: a string, a bool, an int or a float (shortest round-trip form)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'
    raise ConfigError(f"cannot write {type(value).__name__} {value!r} to TOML")


def dump_toml(
    top: Mapping[str, object], tables: Mapping[str, Mapping[str, object]], header: str = ""
) -> str:
    """A TOML text: ``top`` keys first, then one ``[table]`` per entry of ``tables``.

    ``header`` is a comment block put first. None values are left out; the order
    is that of the mappings.
    """
    out = [f"# {line}".rstrip() for line in header.splitlines()] if header else []
    if out:
        out.append("")
    out.extend(f"{k} = {format_value(v)}" for k, v in top.items() if v is not None)
    for name, table in tables.items():
        out.append("")
        out.append(f"[{name}]")
        out.extend(f"{k} = {format_value(v)}" for k, v in table.items() if v is not None)
    return "\n".join(out) + "\n"
