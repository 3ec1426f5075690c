"""The columns of :attr:`FlightEnv.track <flightsim.envs.FlightEnv.track>`, defined once.

A track row is the agent step's time [s], north and east [ft] from the episode's origin,
then the entries :data:`TRACK_STATE` of the state list ``s``
(:data:`~flightsim.envs.tasks.base.STATE_PROPERTIES`): altitude [ft MSL], φ, θ, ψ [rad],
KCAS [kt], latitude, longitude [rad]. The environment writes rows with :func:`track_row`,
the renderer reads one back with :func:`state_of`, and the exporters and plots find a
column by name: ``track[:, NORTH]``, ``track[:, TRACK_COLUMN[H_SL]]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter

import numpy as np

from flightsim.envs.tasks.base import H_SL, LAT, LON, PHI, PSI, STATE_PROPERTIES, THETA, VC

TIME, NORTH, EAST = range(3)
"""The first columns: time [s], north and east [ft] of the episode's origin."""
TRACK_STATE: tuple[int, ...] = (H_SL, PHI, THETA, PSI, VC, LAT, LON)
"""The state entries (indices into ``s``) in the columns after :data:`EAST`, in order."""
TRACK_COLUMN: dict[int, int] = {state: EAST + 1 + i for i, state in enumerate(TRACK_STATE)}
"""The column of each state entry kept: ``TRACK_COLUMN[H_SL]`` holds altitude [ft MSL]."""
TRACK_WIDTH = EAST + 1 + len(TRACK_STATE)
"""Columns of a track row."""

_kept = itemgetter(*TRACK_STATE)


def track_row(s: Sequence[float], t_s: float, north_ft: float, east_ft: float) -> tuple[float, ...]:
    """The track row of state ``s`` at time ``t_s`` [s], ``north_ft``/``east_ft`` [ft]."""
    return (t_s, north_ft, east_ft, *_kept(s))


def state_of(row: np.ndarray | Sequence[float]) -> tuple[list[float], float, float]:
    """A state list (:data:`~flightsim.envs.tasks.base.STATE_PROPERTIES`' order) and north,
    east [ft] from a track row (:func:`track_row`'s reverse): the entries a track does not
    keep (rates, angles of attack, vertical speed, height above ground) are 0."""
    values = [float(v) for v in row]
    s = [0.0] * len(STATE_PROPERTIES)
    for state, value in zip(TRACK_STATE, values[EAST + 1 :], strict=True):
        s[state] = value
    return s, values[NORTH], values[EAST]
