"""The validator's compiled parts, with a clear message when they cannot be loaded.

Three small C modules are built when flightsim is installed (see setup.py):
``_vocabscan`` (the vocabulary walk's prefilter), ``_propscan`` (the property
collector's tree walk) and ``_tablescan`` (the table rule's fast path). The first
two read lxml's trees through lxml's public C API, built against the headers of
the lxml in pip's build environment (the same range, ``lxml>=5,<7``, as the one
installed). On import they check lxml's exported C functions and probe the element
layout they read; a checkout that was never built, or an lxml that fails those
checks, gets an ImportError that says what to do.
"""

from __future__ import annotations

try:
    from flightsim.config import _propscan, _tablescan, _vocabscan
except ImportError as exc:  # pragma: no cover - exercised in a subprocess by the tests
    from importlib.metadata import version

    raise ImportError(
        "flightsim's compiled validator modules (flightsim/config/_vocabscan.c, _propscan.c, "
        f"_tablescan.c) are not built or do not match the installed lxml {version('lxml')} "
        f"({exc}): reinstall flightsim with pip (pip install -e . in a checkout, or "
        "'make test'), which needs a C compiler and the Python headers"
    ) from exc

__all__ = ["_propscan", "_tablescan", "_vocabscan"]
