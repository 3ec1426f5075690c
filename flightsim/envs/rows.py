"""Fresh float32 observation arrays, made a block at a time.

Building a numpy array from a list every agent step (``np.array(values,
np.float32)``) runs a good deal of numpy's code, and beside 12 ``fdm.run()``
that costs several times what it costs alone (docs/environments.md, "Speed").
The step kernels (:mod:`flightsim.envs.stepkernel`) instead take
:data:`ROWS_PER_BLOCK` observations at a time from :func:`new_block`, the rows
of one array with their views made in one go, and write each step's values
into the next unused row (``struct.pack_into`` or C: float64 → float32 by C's
conversion, the bits ``np.array(values, np.float32)`` gives).

Each row is handed out once and never written again, so an observation the
caller keeps stays as it was; a kept row keeps its block (a few hundred bytes)
alive.
"""

from __future__ import annotations

import numpy as np

ROWS_PER_BLOCK = 16
"""Observations allocated at a time."""


def new_block(size: int) -> tuple[list[np.ndarray], memoryview]:
    """:data:`ROWS_PER_BLOCK` fresh float32 rows of ``size`` values, and their bytes
    (C order, row after row)."""
    block = np.empty((ROWS_PER_BLOCK, size), np.float32)
    return list(block), memoryview(block.data).cast("B")
