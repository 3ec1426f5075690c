"""Diagnostics: what validation finds, located like a compiler's messages.

A :class:`Diagnostic` carries a severity, a rule id (``FS101``), the file, line
and column, the element's XPath, a message and a hint. ``str(d)`` gives the
compiler-style line ``path/to/file.xml:123:5: error FS301: message``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field


class Severity(str, enum.Enum):
    """How bad a finding is: errors fail validation, warnings and infos do not."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Diagnostic:
    """One finding: ``file:line:column: severity code: message`` plus a hint.

    ``line``/``column`` are 1-based (None when unknown); ``path`` is the XPath of
    the element concerned (``/fdm_config/metrics/wingarea``). ``refuses`` says whether
    JSBSim refuses the aircraft for this finding where its rule tells cases apart
    (None: as the rule says, :func:`flightsim.config.rules.refuses`).
    """

    severity: Severity
    code: str
    message: str
    file: str
    line: int | None = None
    column: int | None = None
    path: str | None = None
    hint: str | None = None
    refuses: bool | None = field(default=None, compare=False)

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.severity.value} {self.code}: {self.message}"
        return text + (f"\n    hint: {self.hint}" if self.hint else "")

    def to_json(self) -> dict[str, str | int | None]:
        """The JSON object of ``--format json``."""
        return {
            "severity": self.severity.value,
            "code": self.code,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
            "hint": self.hint,
        }


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """True when any diagnostic is an error."""
    return any(d.severity is Severity.ERROR for d in diagnostics)
