"""TOML in and out for aircraft specs: reading with line numbers, writing deterministically.

Reading uses ``tomllib`` (Python 3.11+) or its twin ``tomli`` (3.10). Neither
reports where a key was written, so :func:`key_lines` indexes the lines of the
keys and table headers itself; errors then name ``file:line``. Writing is our
own: the spec's plain tables of strings, numbers and booleans, in a fixed order,
so the same spec always gives the same bytes.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flightsim.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


def read_toml(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse a TOML file; return its data and the line (1-based) of each key.

    Line keys are dotted paths: ``"wing"`` for a table header, ``"wing.span"``
    for a key in it, ``"name"`` for a top-level key. Raises
    :class:`~flightsim.errors.ConfigError` with the parser's line for bad TOML.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read the spec: {exc.strerror or exc}", file=path) from None
    except UnicodeDecodeError:
        raise ConfigError("not a UTF-8 text file", file=path) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise ConfigError(
            f"not valid TOML: {exc}", file=path, line=int(match.group(1)) if match else None
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
            lines.setdefault(f"{table}.{key.group(1)}" if table else key.group(1), number)
    return lines


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
