"""A trim that fails on udot says why: the engines at full throttle against the drag; one
that fails on wdot below the stall says so: the most lift against the weight."""

import pickle
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from flightsim.errors import TrimError
from flightsim.paths import jsbsim_root
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.property_nodes import PropertyCache
from flightsim.sim.simulation import Simulation
from flightsim.sim.trim import GLIDE_ADVICE, THROTTLE_ADVICE, most_lift

THRUST_AND_DRAG = re.compile(
    r"At full throttle the engines give (-?[\d,]+) lbf of thrust in all, less than the "
    r"([\d,]+) lbf of drag at this airspeed \(at (-?[\d.]+) deg angle of attack\): the "
    r"aircraft cannot fly level this fast at this altitude\. Try a slower airspeed\."
)


def failed_trim(sim: Simulation, mode: str = "full", **kwargs: bool) -> TrimError:
    with pytest.raises(TrimError) as caught:
        sim.trim(mode, **kwargs)
    return caught.value


def pounds(text: str) -> float:
    return float(text.replace(",", ""))


def test_too_fast_for_the_engine_gives_thrust_and_drag() -> None:
    """The c172p's ~360 lbf at full throttle cannot hold 140 KCAS level (its top speed is
    about 125 KTAS): the message says so, with both forces, where it had said only that
    the throttle could not balance the drag."""
    sim = Simulation("c172p", InitialConditions(altitude_ft=5000, kcas=140), record="state")
    error = failed_trim(sim)
    found = THRUST_AND_DRAG.search(str(error))
    assert found, str(error)
    thrust, drag = pounds(found[1]), pounds(found[2])
    assert 250.0 < thrust < drag < 600.0
    assert float(found[3]) == 0.0  # the drag at the initial conditions' angle of attack
    assert THROTTLE_ADVICE not in error.advice  # replaced in place by the verdict
    assert error.advice[-1] == GLIDE_ADVICE and error.dead_engines == ()
    assert error.mode == "full" and "udot doesn't appear to be trimmable" in error.reason


def test_after_the_diagnosis_the_simulation_is_as_loaded() -> None:
    """The probe runs the engines at full throttle; the model is loaded again after it: the
    flight afterwards is bit for bit that of a simulation never trimmed."""
    ic = InitialConditions(altitude_ft=5000, kcas=140)
    probed = Simulation("c172p", ic, record="state,propulsion")
    failed_trim(probed)
    assert probed.trim_result is None and probed.time_s == 0.0
    fresh = Simulation("c172p", ic, record="state,propulsion")
    after, expected = probed.run(2.0), fresh.run(2.0)
    for name in expected.names:
        assert np.array_equal(after[name], expected[name]), name


def test_an_engine_that_does_not_run_is_named() -> None:
    """The p51d's engine does not turn at these conditions without its FlightGear systems."""
    sim = Simulation("p51d", InitialConditions(altitude_ft=5000, kcas=150), record=None)
    error = failed_trim(sim)
    assert error.dead_engines == (0,)
    message = str(error)
    assert "Engine 0 gives no thrust and no shaft speed (0 rpm) at full throttle" in message
    assert message.endswith("Check its engine model with 'flightsim validate p51d'.")


def test_far_too_fast_is_told_so_not_an_engine_fault() -> None:
    """At 250 KCAS the c172p's propeller gives ~70 lbf against ~1,180 lbf of drag, under a
    tenth of it, but several hundred lbf at half that speed: too fast, not powerless."""
    sim = Simulation("c172p", InitialConditions(altitude_ft=5000, kcas=250), record=None)
    message = str(failed_trim(sim))
    assert THRUST_AND_DRAG.search(message), message
    assert "almost no power" not in message


def test_engines_a_hair_above_zero_are_stopped() -> None:
    """JSBSim leaves the L410's stopped turboprops at 0.89 % N1 and a tenth of a lbf."""
    sim = Simulation("L410", InitialConditions(altitude_ft=5000, kcas=150), record=None)
    error = failed_trim(sim)
    assert error.dead_engines == (0, 1)
    assert "Engines 0, 1 give no thrust and no shaft speed (0 rpm)" in str(error)


def test_engines_that_give_almost_no_thrust_say_so() -> None:
    """The C-130's turboprops give a few lbf at full throttle against ~11,700 lbf of drag:
    their model needs systems the aircraft file does not include; no airspeed helps."""
    sim = Simulation("C130", InitialConditions(altitude_ft=5000, kcas=150), record=None)
    message = str(failed_trim(sim))
    assert "and almost none at half this airspeed either" in message
    assert "they develop almost no power here" in message
    assert "Try a slower airspeed" not in message


def test_diagnose_false_keeps_the_plain_advice() -> None:
    """For searches that expect failures (the envelope): no probe, no second load."""
    sim = Simulation("c172p", InitialConditions(altitude_ft=5000, kcas=140), record=None)
    error = failed_trim(sim, diagnose=False)
    assert THROTTLE_ADVICE in error.advice and "At full throttle" not in str(error)


@pytest.mark.parametrize(
    ("aircraft", "kcas", "lift", "alpha", "weight", "needed"),
    [("c172p", 30, "791", 16, "1,880", 46), ("737", 100, "46,984", 13, "107,000", 151)],
)
def test_a_speed_below_the_stall_is_told_so_with_the_speed_that_flies(
    aircraft: str, kcas: int, lift: str, alpha: int, weight: str, needed: int
) -> None:
    """Below the stall JSBSim's trim fails on wdot (and so on udot): the advice had been
    that the throttle could not balance the drag, and to glide (the 737 at the runner's
    default 100 KCAS); now the most lift against the weight, and the speed that flies."""
    sim = Simulation(aircraft, InitialConditions(altitude_ft=5000, kcas=kcas), record=None)
    error = failed_trim(sim)
    assert "wdot doesn't appear to be trimmable" in error.reason
    assert THROTTLE_ADVICE not in error.advice and GLIDE_ADVICE not in error.advice
    assert error.advice[-1] == (
        f"The wings cannot carry the weight at {kcas} KCAS, below the stall: at any angle of "
        f"attack from 0 to 30 deg their lift is at most {lift} lbf (at {alpha} deg), against "
        f"{weight} lbf of weight; level flight here needs at least about {needed} KCAS (lift "
        "grows with the square of the airspeed). Try a faster airspeed."
    )
    sim.close()
    # a little faster than the speed it names, the wings carry the weight (the trim may
    # need more: the elevator must hold that angle of attack, the 737's from 190 KCAS)
    faster = InitialConditions(altitude_ft=5000, kcas=needed + 2)
    with Simulation(aircraft, faster, record=None) as fast:
        found = most_lift(fast.fdm, PropertyCache(fast.fdm))
        assert found.lift_lbf > found.weight_lbf and found.verdict() is None


def test_below_the_stall_without_diagnosis_keeps_the_plain_advice() -> None:
    """For searches that expect failures (the envelope, the fly-out's slowest trim)."""
    sim = Simulation("c172p", InitialConditions(altitude_ft=5000, kcas=30), record=None)
    error = failed_trim(sim, diagnose=False)
    assert THROTTLE_ADVICE in error.advice and "cannot carry" not in str(error)


def test_a_reset_s_trim_without_diagnosis_keeps_the_plain_advice() -> None:
    """reset(trim=..., diagnose=False), for the environments' trim ladder, whose failed
    rungs had each paid the diagnosis (~5 ms on the c172p)."""
    sim = Simulation("c172p", InitialConditions(altitude_ft=5000, kcas=30), record=None)
    with pytest.raises(TrimError) as caught:
        sim.reset(trim="full", diagnose=False)
    assert THROTTLE_ADVICE in caught.value.advice and "cannot carry" not in str(caught.value)
    with pytest.raises(TrimError) as caught:
        sim.reset(trim="full")
    assert "cannot carry" in str(caught.value)


def test_a_model_of_ones_own_gets_the_verdict_then_the_validate_advice(tmp_path: Path) -> None:
    shutil.copytree(jsbsim_root() / "aircraft" / "c172p", tmp_path / "mine")
    main_file = tmp_path / "mine" / "c172p.xml"
    sim = Simulation(
        main_file, InitialConditions(altitude_ft=5000, kcas=140), record=None, guard=False
    )
    error = failed_trim(sim)
    assert THRUST_AND_DRAG.search(str(error))
    assert error.advice[-1] == (
        "A model of your own may have a fault JSBSim accepts silently: check it with "
        f"'flightsim validate {main_file}'."
    )


def test_a_trim_error_pickles_with_its_parts() -> None:
    """Batch and vector-env workers send it to the caller."""
    error = TrimError("Sorry", mode="full", advice=["Try this.", "Or that."], dead_engines=[1])
    again = pickle.loads(pickle.dumps(error))
    assert str(again) == str(error) == "trim 'full' failed: Sorry. Try this. Or that."
    assert (again.mode, again.reason, again.advice, again.dead_engines) == (
        "full",
        "Sorry",
        ("Try this.", "Or that."),
        (1,),
    )
    amended = error.advised(less=["Try this."], more=["Then this."], instead={"Or that.": "So."})
    assert str(amended) == "trim 'full' failed: Sorry. So. Then this."


def test_a_trim_refused_for_the_terrain_gets_no_model_advice(tmp_path: Path) -> None:
    """The gear in the runway is no fault of the model: no 'validate it' advice."""
    shutil.copytree(jsbsim_root() / "aircraft" / "c172p", tmp_path / "mine")
    ic = InitialConditions(altitude_ft=3, kcas=100)
    sim = Simulation(tmp_path / "mine" / "c172p.xml", ic, record=None, guard=False)
    error = failed_trim(sim)
    assert error.reason.startswith("the gear is in the terrain")
    assert "flightsim validate" not in str(error)


def test_a_ground_trim_that_fails_on_wdot_gets_no_stall_verdict() -> None:
    """Standing on its gear an aircraft needs no lift: the stall verdict is for trims in the
    air (a failed ground trim had been told its wings could not carry the weight at 0 KCAS)."""
    ic = InitialConditions(on_ground=True)
    with Simulation("gen-ask21", ic, record=None) as sim:
        error = failed_trim(sim, "ground")
    assert "wdot" in error.reason
    assert "cannot carry the weight" not in str(error)
