"""flightsim's loggers, quiet by default.

Every module that logs takes its logger from :func:`logger`, which hangs a
``NullHandler`` on the ``flightsim`` logger first: a library user who configures
no logging sees nothing, one who does (``logging.basicConfig``) sees everything
under ``flightsim``. Kept out of ``import flightsim`` so that quick commands
(``flightsim validate``) do not import :mod:`logging` at all.
"""

from __future__ import annotations

import logging

logging.getLogger("flightsim").addHandler(logging.NullHandler())


def logger(name: str) -> logging.Logger:
    """The logger ``name`` (``"flightsim.sim.trim"``), below the quiet ``flightsim`` logger."""
    return logging.getLogger(name)
