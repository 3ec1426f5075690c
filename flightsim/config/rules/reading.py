"""Reading rules (FS101, FS102): declared here, reported by the document loader.

:func:`flightsim.config.document.read_diagnostic` turns a file that cannot be
parsed into an FS101 diagnostic, and a file with a DTD or entities outside the
safe subset (see :mod:`flightsim.config.safexml`) into FS102.
"""

from __future__ import annotations

from flightsim.config.diagnostics import Severity
from flightsim.config.rules import rule

FS101 = rule("FS101", Severity.ERROR, "the file is not well-formed XML (or is empty)", refuses=True)
FS102 = rule("FS102", Severity.ERROR, "the file declares a DTD or entities outside the safe subset")
