"""``flightsim envelope``: JSON booleans, and settings no aircraft can have refused.

The trial: ``--json`` gave ``"trimmed": 1.0/0.0``, and
``--setting 'propulsion/tank[0]/contents-lbs=-500'`` was trimmed (weight
4305 lbf, less than empty plus payload).
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from flightsim.analysis.analyze import analyze
from flightsim.analysis.envelope import trim_envelope
from flightsim.analysis.settings import refuse_impossible
from flightsim.errors import ConfigError, PropertyValueError

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture of conftest.py


def test_json_says_trimmed_with_booleans(cli: Cli) -> None:
    code, out, err = cli(
        "envelope", "c172p", "--alt", "4000", "--kcas", "80,200", "--workers", "1", "--json"
    )
    assert code == 0, err
    assert '"trimmed": true' in out and '"trimmed": false' in out
    assert [p["trimmed"] for p in json.loads(out)["points"]] == [True, False]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--setting", "propulsion/tank[0]/contents-lbs=-500"],
            "--setting: propulsion/tank[0]/contents-lbs=-500: a tank's contents [lbf] cannot be "
            "negative",
        ),
        (
            ["--setting", "fcs/flap-cmd-norm=0.5,inertia/pointmass-weight-lbs[0]=-80"],
            "--setting: inertia/pointmass-weight-lbs[0]=-80: a point mass's weight [lbf] cannot "
            "be negative",
        ),
        (  # JSBSim would keep its capacity, 185 lbf, without a word
            ["--setting", "propulsion/tank[0]/contents-lbs=500"],
            "--setting: propulsion/tank[0]/contents-lbs=500: more than tank 0 holds (JSBSim "
            "keeps 185 lbf, its capacity)",
        ),
        (["--flaps", "0,2"], "--flaps: fcs/flap-cmd-norm=2: this command goes from 0 to 1"),
    ],
)
def test_impossible_settings_are_refused(argv: list[str], message: str, cli: Cli) -> None:
    code, out, err = cli(
        "envelope", "c172p", "--alt", "4000", "--kcas", "80", "--workers", "1", *argv
    )
    assert code == 2 and out == ""
    assert err.endswith(f"{message}\n"), err
    assert err.count("\n") == 1, err


def test_the_library_refuses_them_too() -> None:
    tank = "propulsion/tank[0]/contents-lbs"
    with pytest.raises(
        ConfigError, match=r"^envelope setting: propulsion/tank\[0\]/contents-lbs=-500"
    ):
        trim_envelope("c172p", [4000], [80], settings=[{tank: -500.0}], workers=1)
    with pytest.raises(ConfigError, match=r"more than tank 0 holds \(JSBSim keeps 185 lbf"):
        trim_envelope("c172p", [4000], [80, 90], settings=[{tank: 500.0}], workers=2)
    with pytest.raises(ConfigError, match=r"^analyze setting: fcs/elevator-cmd-norm=1.5: this"):
        analyze("c172p", settings={"fcs/elevator-cmd-norm": 1.5})
    with pytest.raises(ConfigError, match=r"^analyze setting: .* more than tank 0 holds"):
        analyze("c172p", settings={tank: 500.0})


def test_what_the_names_say_nothing_of_is_left_to_the_aircraft() -> None:
    """The check of the names the analyses use (it had a twin, settings.impossible, which
    only this test called)."""
    fill = r"^x: propulsion/tank\[1\]/pct-full=101: a tank's fill \[%\] goes from 0 to 100$"
    with pytest.raises(PropertyValueError, match=fill):
        refuse_impossible({"propulsion/tank[1]/pct-full": 101.0}, "x")
    throttle = r"^x: fcs/throttle-cmd-norm\[2\]=1.2: this command goes from 0 to 1$"
    with pytest.raises(PropertyValueError, match=throttle):
        refuse_impossible({"fcs/throttle-cmd-norm[2]": 1.2}, "x")
    possible = {
        "fcs/elevator-cmd-norm": -1.0,
        "fcs/my-gain": -1e6,  # its name says nothing of its range
        "propulsion/tank[0]/contents-lbs": 0.0,
    }
    refuse_impossible(possible, "x")  # no error
