"""Where an aircraft rests on its gear: the height that puts its lowest contact on the ground.

JSBSim places an aircraft started at 0 ft above ground with its centre of
gravity on the terrain, the gear deep in it; the gear springs then throw it
several feet up. :func:`rest_height_ft` gives the height of the CG above the
terrain at which the lowest contact point (wheel or skid) just touches, for
the aircraft's attitude, from the contact locations in JSBSim's structural
frame (inches; x aft, y right, z up: JSBSim Reference Manual, "Structural
frame") and the CG. JSBSim's ground trim (``FGTrim::trimOnGround``) starts
from the same height before it also levels the aircraft onto its gear.
"""

from __future__ import annotations

import math
import warnings

import jsbsim
import numpy as np

from flightsim.sim.property_nodes import PropertyCache

_IN_PER_FT = 12.0


def rest_height_ft(fdm: jsbsim.FGFDMExec, props: PropertyCache) -> float | None:
    """CG height above the terrain [ft] at which the lowest contact touches, or None.

    None for an aircraft without contact points. Call after ``run_ic`` (the
    CG and the attitude are then those of the initial conditions).
    """
    ground = fdm.get_ground_reactions()
    count = ground.get_num_gear_units()
    if count == 0:
        return None
    cg = [props.get(f"inertia/cg-{axis}-in") for axis in "xyz"]
    phi = math.radians(props.get("attitude/phi-deg"))
    theta = math.radians(props.get("attitude/theta-deg"))
    lowest = -math.inf
    for index in range(count):
        with warnings.catch_warnings():  # jsbsim returns a numpy.matrix (3 x 1)
            warnings.simplefilter("ignore", PendingDeprecationWarning)
            location = ground.get_gear_unit(index).get_location()
        x, y, z = np.asarray(location, dtype=float).ravel()
        # body axes (x forward, y right, z down) from the CG, in feet
        forward = -(x - cg[0]) / _IN_PER_FT
        right = (y - cg[1]) / _IN_PER_FT
        down = -(z - cg[2]) / _IN_PER_FT
        # how far below the CG the contact is along the local vertical (Euler angles phi, theta)
        below = (
            -math.sin(theta) * forward
            + math.sin(phi) * math.cos(theta) * right
            + math.cos(phi) * math.cos(theta) * down
        )
        lowest = max(lowest, below)
    return lowest
