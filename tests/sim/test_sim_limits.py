"""Property values no aircraft can have are refused by Simulation itself, before JSBSim.

The trial: ``sim["propulsion/tank[0]/contents-lbs"] = -500`` (the aircraft then
weighs less than empty) and ``sim["fcs/flap-cmd-norm"] = 5`` were taken by JSBSim
without a word; ``= 500`` into the c172p's 185 lbf tank was clamped to 185.
"""

from __future__ import annotations

import math
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest

from flightsim.batch import Batch, Case, run_batch
from flightsim.errors import ConfigError, PropertyValueError
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.limits import PASSABLE, limit_of
from flightsim.sim.simulation import ControlTable, Simulation

TANK = "propulsion/tank[0]/contents-lbs"


@pytest.fixture(scope="module")
def sim(cruise_ic: InitialConditions) -> Iterator[Simulation]:
    with Simulation("c172p", cruise_ic, record="fcs/flap-cmd-norm") as simulation:
        yield simulation


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            TANK,
            -500.0,
            f"property '{TANK}' cannot be -500 [lbf]: a tank's contents [lbf] cannot be "
            "negative; give a value of 0 [lbf] or more",
        ),
        (
            "fcs/flap-cmd-norm",
            5.0,
            "property 'fcs/flap-cmd-norm' cannot be 5 [norm]: this command goes from 0 to 1; "
            "give a value from 0 to 1 [norm]",
        ),
        (
            "fcs/throttle-cmd-norm[0]",
            -0.1,
            "property 'fcs/throttle-cmd-norm[0]' cannot be -0.1 [norm]: this command goes from "
            "0 to 1; give a value from 0 to 1 [norm]",
        ),
        (
            "fcs/elevator-cmd-norm",
            -1.5,
            "property 'fcs/elevator-cmd-norm' cannot be -1.5 [norm]: this command goes from -1 "
            "to 1; give a value from -1 to 1 [norm]",
        ),
        (
            "propulsion/tank[1]/pct-full",
            101,
            "property 'propulsion/tank[1]/pct-full' cannot be 101 [%]: a tank's fill [%] goes "
            "from 0 to 100; give a value from 0 to 100 [%]",
        ),
        (
            "inertia/pointmass-weight-lbs[0]",
            -80.0,
            "property 'inertia/pointmass-weight-lbs[0]' cannot be -80 [lbf]: a point mass's "
            "weight [lbf] cannot be negative; give a value of 0 [lbf] or more",
        ),
        (  # JSBSim would keep the capacity without a word
            TANK,
            500.0,
            f"property '{TANK}' cannot be 500 [lbf]: more than tank 0 holds (JSBSim keeps 185 "
            "lbf, its capacity); give a value of 185 [lbf] or less",
        ),
    ],
)
def test_impossible_values_are_refused_and_nothing_is_written(
    sim: Simulation, name: str, value: float, message: str
) -> None:
    before = sim[name]
    for write in (sim.__setitem__, sim.set):
        for _ in range(2):  # the second time on the hot path, the name known
            with pytest.raises(PropertyValueError) as info:
                write(name, value)
            assert str(info.value) == message
            assert sim[name] == before
    assert isinstance(info.value, ConfigError)
    assert (info.value.prop, info.value.value) == (name, value)
    unpickled = pickle.loads(pickle.dumps(info.value))  # from a worker process
    assert (str(unpickled), unpickled.prop, unpickled.reason) == (
        message,
        name,
        info.value.reason,
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("fcs/flap-cmd-norm", 1.0),
        ("fcs/flap-cmd-norm", 0),
        ("fcs/elevator-cmd-norm", -1.0),
        ("fcs/throttle-cmd-norm[0]", 1),
        (TANK, 0.0),
        (TANK, 185.0),
        ("ic/h-sl-ft", -1000.0),  # its name says nothing of its range: left to the aircraft
    ],
)
def test_values_within_the_range_are_written(sim: Simulation, name: str, value: float) -> None:
    for write in (sim.__setitem__, sim.set):
        write(name, value)
        assert sim[name] == value
    sim.set("fcs/my-gain", -1e6, create=True)
    assert sim["fcs/my-gain"] == -1e6
    sim["fcs/flap-cmd-norm"] = 0.0


@pytest.mark.parametrize("name", [TANK, "fcs/flap-cmd-norm", "ic/h-sl-ft"])
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, "0.5", None])
def test_non_finite_values_stay_refused_as_such(sim: Simulation, name: str, bad: object) -> None:
    before = sim[name]
    for _ in range(2):
        with pytest.raises(ConfigError) as info:
            sim[name] = bad  # type: ignore[assignment]
        assert str(info.value) == f"property '{name}': cannot write {bad!r}, not a finite number"
        assert sim[name] == before


def test_read_only_and_unknown_properties_stay_refused_on_the_hot_path(sim: Simulation) -> None:
    for _ in range(2):
        with pytest.raises(KeyError, match="property 'velocities/vc-kts' is read-only"):
            sim["velocities/vc-kts"] = 1.0
        with pytest.raises(KeyError, match="unknown property 'fcs/flap-cmd-nrom'"):
            sim["fcs/flap-cmd-nrom"] = 0.5


def test_reset_settings_and_every_kind_of_controls_are_checked(
    cruise_ic: InitialConditions,
) -> None:
    flap = "fcs/flap-cmd-norm"
    sim = Simulation("c172p", cruise_ic, record=None)
    with pytest.raises(PropertyValueError, match=f"property '{flap}' cannot be 5"):
        sim.reset({flap: 5.0})
    with pytest.raises(PropertyValueError, match=f"property '{flap}' cannot be 2"):
        sim.run(1.0, controls={flap: 2.0})
    start = sim.time_s
    table = ControlTable([0.0, 0.5], {flap: [0.0, 1.5]})
    with pytest.raises(PropertyValueError, match=f"property '{flap}' cannot be 1.5"):
        sim.run(1.0, controls=table)
    assert sim.time_s == start  # refused before the first step

    def controller(t_s: float, _sim: Simulation) -> dict[str, float]:
        return {flap: 3.0 if t_s >= 0.5 else 0.5}

    with pytest.raises(PropertyValueError) as info:
        sim.run(1.0, controls=controller)
    assert str(info.value) == (
        f"the controls at t = {start + 0.5:.3f} s: property '{flap}' cannot be 3 [norm]: this "
        "command goes from 0 to 1; give a value from 0 to 1 [norm]"
    )
    assert sim[flap] == 0.5  # the last value that was within the range


def test_a_batch_case_with_an_impossible_property_fails_with_the_reason(tmp_path: Path) -> None:
    ic = InitialConditions(altitude_ft=4000, kcas=100)
    batch = Batch(
        Case("c172p", ic, duration_s=0.5),
        grid={"properties.inertia/pointmass-weight-lbs[0]": [150.0, -80.0]},
        metrics={"h": "final:position/h-sl-ft"},
    )
    rows = run_batch(batch, tmp_path, executor="serial").rows
    assert [r["status"] for r in rows] == ["ok", "failed"]
    assert rows[1]["reason"] == (
        "PropertyValueError: property 'inertia/pointmass-weight-lbs[0]' cannot be -80 [lbf]: "
        "a point mass's weight [lbf] cannot be negative; give a value of 0 [lbf] or more"
    )


def test_the_range_comes_from_the_name_alone() -> None:
    assert limit_of("fcs/flap-cmd-norm") is limit_of("fcs/flap-cmd-norm")  # looked up once
    assert limit_of("fcs/flap-pos-norm") is None  # a position JSBSim computes
    assert limit_of("propulsion/tank[12]/contents-lbs") is limit_of(TANK)
    assert limit_of("fcs/elevator-cmd-norm[0]") is None  # no index on a pitch command


def test_the_hot_path_s_bounds_come_with_the_lookup_of_a_name() -> None:
    """Before, :data:`PASSABLE` was filled by write_within as a side effect of a write."""
    spoiler, tank, other = "fcs/spoiler-cmd-norm[7]", "propulsion/tank[9]/contents-lbs", "t/x"
    assert {spoiler, tank, other}.isdisjoint(PASSABLE)  # names no other test uses
    assert [limit_of(name) is None for name in (spoiler, tank, other)] == [False, False, True]
    assert PASSABLE[spoiler] == (0.0, 1.0)
    assert PASSABLE[other] == (-1.7976931348623157e308, 1.7976931348623157e308)  # finite
    assert tank not in PASSABLE  # JSBSim clamps a tank's contents: every write checked
