"""What the document model uses from the rest of :mod:`flightsim.config`, in one place.

The element specs (children, attributes, text kinds, units, ranges) are the
validator's vocabulary (:mod:`flightsim.config.vocabulary`); files are read
with its safe reader and references searched the way its loader searches them.
"""

from __future__ import annotations

from pathlib import Path

from flightsim.config import file_search
from flightsim.config.diagnostics import Diagnostic, Severity
from flightsim.config.safexml import XMLReadError, parse_xml, read_bytes
from flightsim.config.validator import validate
from flightsim.config.vocabulary import ElementSpec, vocabulary
from flightsim.config.vocabulary_data import ENGINE_TYPES, THRUSTER_TYPES

__all__ = [
    "ENGINE_ROOTS",
    "THRUSTER_ROOTS",
    "Diagnostic",
    "ElementSpec",
    "Severity",
    "XMLReadError",
    "child_spec",
    "is_namespace_attribute",
    "parse_xml",
    "read_bytes",
    "reference_candidates",
    "root_spec",
    "validate",
]

ENGINE_ROOTS = frozenset(ENGINE_TYPES.split())
"""Root elements of engine files."""
THRUSTER_ROOTS = frozenset(THRUSTER_TYPES.split())
"""Root elements of thruster files."""
_SYSTEMS = frozenset({"system", "autopilot", "flight_control"})


def root_spec(tag: str) -> ElementSpec | None:
    """The spec of a file whose root is ``tag`` (None: not a JSBSim file root)."""
    return vocabulary().root(tag)


def child_spec(parent: ElementSpec, tag: str) -> ElementSpec | None:
    """The spec of ``tag`` below ``parent`` (None: JSBSim does not read it there)."""
    return vocabulary().child(parent, tag)


def reference_candidates(tag: str, name: str, folder: Path, root: Path) -> tuple[str, ...]:
    """The paths JSBSim tries for ``file=name`` on a ``<tag>``, in order."""
    kind = "engine" if tag in ("engine", "thruster") else "system" if tag in _SYSTEMS else ""
    return file_search.candidates(kind, name, str(folder), file_search.shared_folders(str(root)))


def is_namespace_attribute(name: str) -> bool:
    """True for ``xmlns``, ``xmlns:xsi`` and ``xsi:...`` (the schema hints many JSBSim
    files carry): no JSBSim attribute, and not reported by the validator either."""
    return name == "xmlns" or name.startswith(("xmlns:", "xsi:"))
