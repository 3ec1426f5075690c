"""Recordings for the plot tests: a real JSBSim flight and small synthetic runs.

The JSBSim flight uses the plain ``jsbsim`` API (FGFDMExec, c172p, trimmed
cruise, then an elevator doublet and a roll into a bank), reading each property
after every step, so the figures are tested on real simulator output. The
synthetic recordings have values known in closed form for exact line checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import jsbsim
import matplotlib
import numpy as np
import pytest

from flightsim.recording import Recording
from flightsim.sim.logbridge import install

matplotlib.use("Agg")

FLIGHT_PROPERTIES = (
    "position/h-sl-ft",
    "position/lat-geod-deg",
    "position/long-gc-deg",
    "position/from-start-neu-n-ft",
    "position/from-start-neu-e-ft",
    "velocities/h-dot-fps",
    "velocities/vc-kts",
    "velocities/vtrue-kts",
    "velocities/mach",
    "attitude/phi-deg",
    "attitude/theta-deg",
    "attitude/psi-deg",
    "velocities/p-rad_sec",
    "velocities/q-rad_sec",
    "velocities/r-rad_sec",
    "aero/alpha-deg",
    "aero/beta-deg",
    "accelerations/Nz",
    "fcs/elevator-pos-deg",
    "fcs/left-aileron-pos-deg",
    "fcs/rudder-pos-deg",
    "fcs/throttle-cmd-norm",
    "propulsion/engine/engine-rpm",
    "propulsion/engine/thrust-lbs",
    "propulsion/total-fuel-lbs",
)
DT_S = 1.0 / 120.0


def fly_c172p(duration_s: float = 30.0) -> Recording:
    """c172p from trimmed cruise (4000 ft, 100 KCAS, heading 090): doublet at 2 s, roll at 8 s."""
    install()
    fdm = jsbsim.FGFDMExec(None)
    fdm.set_debug_level(0)
    fdm.disable_output()
    assert fdm.load_model("c172p")
    fdm.set_dt(DT_S)
    fdm["ic/lat-geod-deg"] = 37.6
    fdm["ic/long-gc-deg"] = -122.4
    fdm["ic/h-sl-ft"] = 4000.0
    fdm["ic/vc-kts"] = 100.0
    fdm["ic/psi-true-deg"] = 90.0
    fdm.run_ic()
    fdm.get_propulsion().init_running(-1)
    fdm.do_trim(1)
    trim = {
        "trim/fcs/pitch-trim-cmd-norm": fdm["fcs/pitch-trim-cmd-norm"],
        "trim/fcs/throttle-cmd-norm[0]": fdm["fcs/throttle-cmd-norm[0]"],
        "trim/aero/alpha-deg": fdm["aero/alpha-deg"],
    }
    steps = round(duration_s / DT_S)
    data = np.empty((steps + 1, len(FLIGHT_PROPERTIES)))
    times = np.empty(steps + 1)
    elevator0 = fdm["fcs/elevator-cmd-norm"]
    for i in range(steps + 1):
        if i:
            t = i * DT_S
            doublet = 0.15 if 2.0 <= t < 3.0 else -0.15 if 3.0 <= t < 4.0 else 0.0
            fdm["fcs/elevator-cmd-norm"] = elevator0 + doublet
            fdm["fcs/aileron-cmd-norm"] = 0.25 if 8.0 <= t < 10.0 else 0.0
            fdm.run()
        times[i] = fdm.get_sim_time()
        data[i] = [fdm[name] for name in FLIGHT_PROPERTIES]
    columns = {name: data[:, k] for k, name in enumerate(FLIGHT_PROPERTIES)}
    meta = {"aircraft": "c172p", "dt_s": DT_S, "source": "test", **trim}
    return Recording(times, columns, meta)


@pytest.fixture(scope="session")
def flight() -> Recording:
    """A 30 s c172p flight at 120 Hz (3601 samples) from real JSBSim."""
    return fly_c172p()


def synthetic(n: int = 101, dt_s: float = 0.1, *, phase: float = 0.0) -> Recording:
    """A recording with closed-form values (``phase`` shifts the sine terms)."""
    t = np.arange(n) * dt_s
    wave = np.sin(0.5 * t + phase)
    columns = {
        "position/h-sl-ft": 1000.0 + 10.0 * t,
        "position/lat-geod-deg": 45.0 + 1e-4 * t,
        "position/long-gc-deg": 7.0 + 2e-4 * t,
        "velocities/h-dot-fps": np.full(n, 10.0),
        "velocities/vc-kts": 100.0 + t,
        "velocities/vtrue-kts": 110.0 + t,
        "velocities/mach": 0.16 + 0.001 * t,
        "attitude/phi-deg": 40.0 * wave,
        "attitude/theta-deg": 2.0 + wave,
        "attitude/psi-deg": 90.0 + t,
        "velocities/p-rad_sec": 0.1 * wave,
        "velocities/q-rad_sec": 0.02 * wave,
        "velocities/r-rad_sec": 0.01 * wave,
        "aero/alpha-deg": 3.0 + wave,
        "aero/beta-deg": 0.5 * wave,
        "accelerations/Nz": 1.0 + 0.5 * wave,
        "fcs/elevator-pos-deg": -2.0 + wave,
        "fcs/left-aileron-pos-deg": 5.0 * wave,
        "fcs/rudder-pos-deg": wave,
        "fcs/throttle-cmd-norm": np.full(n, 0.7),
        "propulsion/engine/engine-rpm": 2300.0 + 10.0 * wave,
        "propulsion/engine/thrust-lbs": 250.0 + 5.0 * wave,
        "propulsion/total-fuel-lbs": 200.0 - 0.1 * t,
    }
    meta = {
        "aircraft": "synthetic",
        "trim/fcs/elevator-cmd-norm": -0.05,
        "trim/velocities/vc-kts": 100.0,
    }
    return Recording(t, columns, meta)


@pytest.fixture
def make_synthetic() -> Callable[..., Recording]:
    """The :func:`synthetic` factory, for tests that need several or long recordings."""
    return synthetic


@pytest.fixture
def synth() -> Recording:
    """101 samples over 10 s with known values."""
    return synthetic()


@pytest.fixture(autouse=True)
def _close_pyplot_figures() -> Iterator[None]:
    """Figure functions called without fig=/ax= register with pyplot: close them."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
