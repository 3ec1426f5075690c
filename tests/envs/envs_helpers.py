"""Shared by the environment tests (importable from them: pytest puts this folder, which
holds no ``__init__.py``, on ``sys.path``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np


def fly_episode(env: Any, policy: Callable[[Any], Any], seed: int) -> tuple[dict[str, Any], bool]:
    """One episode of ``policy`` from ``env.reset(seed=seed)`` to its end: the last step's
    info, and whether every observation was finite."""
    obs, _ = env.reset(seed=seed)
    finite = True
    while True:
        obs, _, terminated, truncated, info = env.step(policy(obs))
        finite = finite and bool(np.all(np.isfinite(obs)))
        if terminated or truncated:
            return info, finite
