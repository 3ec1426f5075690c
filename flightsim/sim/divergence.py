"""Describing a simulation that diverged or crashed.

The step loop checks a few values after every step (the crash check of
flightsim/sim/_steploop.c, run by :mod:`flightsim.sim.stepping`); when it
trips, the functions here find what went wrong and build the
:class:`~flightsim.errors.DivergenceError` that names the property, its value
and the simulation time (for a crash also the position, sink rate and
attitude), carrying everything recorded until then.
"""

from __future__ import annotations

import math

from flightsim.errors import DivergenceError, PropertyError
from flightsim.recording import Recording
from flightsim.sim.property_nodes import PropertyCache
from flightsim.sim.recorder import first_non_finite

CHECK_PROPERTIES = (
    "position/h-sl-ft",
    "velocities/vt-fps",
    "position/h-agl-ft",
    "velocities/v-down-fps",
)
"""What the crash check reads after each step: altitude [ft] and true airspeed
[ft/s] (NaN/inf anywhere in the state reaches them within a step), height above
ground [ft] and sink rate [ft/s]; with ``gear/wow`` (weight on wheels) when the
aircraft has gear. Height above ground (a slow read: JSBSim asks its terrain
callback) is read every 12 steps only while the aircraft is more than 1000 ft
above the terrain last seen; sink rate and ``gear/wow`` only within 1000 ft."""

STATE_CHECK = (
    "velocities/vt-fps",
    "position/h-sl-ft",
    "velocities/u-fps",
    "velocities/v-fps",
    "velocities/w-fps",
    "velocities/p-rad_sec",
    "velocities/q-rad_sec",
    "velocities/r-rad_sec",
    "attitude/phi-rad",
    "attitude/theta-rad",
    "attitude/psi-rad",
    "position/h-agl-ft",
)
"""State properties searched for the non-finite value to report."""
BEYOND_FLIGHT = 1.0e9
"""A state value at least this large [ft, ft/s, rad/s] has diverged, finite or not (the
step loop trips at |h-agl| >= 1e12 ft or a true airspeed >= 1e9 ft/s)."""


def divergence_error(
    props: PropertyCache, rec: Recording, time_s: float, steps: int
) -> DivergenceError | None:
    """The error for a NaN/inf or a value beyond any flight in the state, or None.

    The first non-finite recorded value (property and time) is named when the
    recording has one, else the first diverged state property now.
    """
    for name in STATE_CHECK:
        try:
            value = props.get(name)
        except PropertyError:
            continue
        if math.isfinite(value) and abs(value) < BEYOND_FLIGHT:
            continue
        bad = first_non_finite(rec)
        prop, value, t = bad if bad is not None else (name, value, time_s)
        stopped = "" if t == time_s else f"first recorded; the run stopped at {time_s:.3f} s, "
        return DivergenceError(
            f"the simulation diverged: {prop} = {value} at t = {t:.3f} s ({stopped}step {steps}). "
            "The data recorded "
            "until then is kept (exc.recording / sim.recording). Check the aircraft model "
            "and the controls, or try a smaller dt_s.",
            time_s=t,
            prop=prop,
            value=value,
            recording=rec,
        )
    return None


def impact_summary(props: PropertyCache, sink_fps: float) -> str:
    """Where and how the aircraft hit the ground: position, sink rate [ft/s], attitude."""
    get = props.get
    return (
        f"latitude {get('position/lat-geod-deg'):.5f} deg, longitude "
        f"{get('position/long-gc-deg'):.5f} deg, {get('position/h-agl-ft'):.1f} ft above "
        f"ground; sink rate {sink_fps:.1f} ft/s, pitch {get('attitude/theta-deg'):.1f} deg, "
        f"roll {get('attitude/phi-deg'):.1f} deg"
    )


FLY_ON = "Pass stop_on_crash=False to fly on."
"""The advice of a crash into the ground: the Simulation option that flies on (a catcher
without that option leaves it out, :meth:`~flightsim.errors.DivergenceError.advised`)."""


def crash_error(
    props: PropertyCache,
    rec: Recording,
    time_s: float,
    sink_fps: float,
    crash_sink_fps: float,
    on_wheels: bool,
) -> DivergenceError:
    """The error for a crash: on the wheels at ``sink_fps`` [ft/s], or below the terrain."""
    if on_wheels and sink_fps > crash_sink_fps:
        prop, value = "velocities/v-down-fps", sink_fps
        what = f"ground contact at a sink rate above {crash_sink_fps:g} ft/s"
    else:
        prop, value = "position/h-agl-ft", props.get("position/h-agl-ft")
        what = "the aircraft is below the terrain with no weight on its wheels"
    return DivergenceError(
        f"crashed into the ground at t = {time_s:.3f} s: {prop} = {value:.4g} ({what}); "
        f"at {impact_summary(props, sink_fps)}. "
        "The data recorded until then is kept (exc.recording / sim.recording).",
        advice=[FLY_ON],
        time_s=time_s,
        prop=prop,
        value=value,
        recording=rec,
    )
