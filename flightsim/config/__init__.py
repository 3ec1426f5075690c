"""Validation of JSBSim configuration files: vocabulary as data, rules, diagnostics.

>>> from flightsim.config import validate
>>> diagnostics = validate("c172p")          # the aircraft with its engines and systems
>>> [str(d) for d in diagnostics if d.severity is Severity.ERROR]
[]

See ``docs/validation.md`` for every rule.
"""

from flightsim.config.diagnostics import Diagnostic, Severity, has_errors
from flightsim.config.validator import validate, validate_document, validate_file

__all__ = ["Diagnostic", "Severity", "has_errors", "validate", "validate_document", "validate_file"]
