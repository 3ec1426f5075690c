"""Modes: the c172p against JSBSim's own linearisation, labels on other aircraft,
MIL-F-8785C tables, and labels that do not depend on the states' units."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from flightsim.analysis import handling
from flightsim.analysis.eigenmodes import Mode, modes
from flightsim.analysis.linear import LinearModel
from flightsim.errors import ConfigError
from flightsim.sim.initial_conditions import InitialConditions
from flightsim.sim.simulation import Simulation


def named(found: list[Mode], name: str) -> list[Mode]:
    return [m for m in found if m.name == name]


def test_c172p_modes_are_those_of_jsbsims_linearisation(c172p_model: LinearModel) -> None:
    """JSBSim 1.3.3 at 4000 ft / 100 KCAS: SP 7.0 rad/s 0.61; phugoid 25.9 s 0.11;
    Dutch roll 2.44 rad/s 0.19; roll -6.84 1/s (docs/analysis.md)."""
    found = modes(c172p_model)
    (sp,) = named(found, "short-period")
    assert sp.natural_frequency_rad_s == pytest.approx(7.0, abs=0.05)
    assert sp.damping == pytest.approx(0.61, abs=0.01)
    assert sp.period_s == pytest.approx(2 * math.pi / sp.eigenvalue.imag)
    (ph,) = named(found, "phugoid")
    assert ph.period_s == pytest.approx(25.9, abs=0.1)
    assert ph.damping == pytest.approx(0.11, abs=0.005)
    (dr,) = named(found, "dutch-roll")
    assert dr.natural_frequency_rad_s == pytest.approx(2.44, abs=0.02)
    assert dr.damping == pytest.approx(0.19, abs=0.01)
    (roll,) = named(found, "roll")
    assert roll.eigenvalue == pytest.approx(-6.84, abs=0.02)
    assert roll.time_constant_s == pytest.approx(1 / 6.84, rel=0.01)
    assert roll.period_s is None and roll.damping == 1.0
    assert roll.time_to_half_s == pytest.approx(math.log(2) / 6.84, rel=0.01)
    (spiral,) = named(found, "spiral")
    assert -0.1 < spiral.eigenvalue.real < 0.0  # a slowly convergent spiral
    # the propeller speed, altitude, heading and position states are "other"
    assert len(named(found, "other")) == 5
    assert [m.name for m in found][:5] == [
        "short-period",
        "phugoid",
        "dutch-roll",
        "roll",
        "spiral",
    ]
    # a light aircraft (class I) in cruise (category B): level 1 throughout
    assert [m.level for m in found[:5]] == [1, 1, 1, 1, 1]
    assert all(m.level is None for m in named(found, "other"))
    # neutral states (heading, position) have no time figures
    neutral = [m for m in found if m.natural_frequency_rad_s < 1e-6]
    assert neutral and all(m.time_to_double_s is None and m.damping == 0 for m in neutral)


def test_the_json_of_a_mode(c172p_model: LinearModel) -> None:
    (dr,) = named(modes(c172p_model), "dutch-roll")
    data = dr.to_json()
    assert list(data) == [
        "name", "eigenvalue_real", "eigenvalue_imag", "damping", "natural_frequency_rad_s",
        "period_s", "time_constant_s", "time_to_half_s", "time_to_double_s", "level",
    ]  # fmt: skip
    assert data["name"] == "dutch-roll" and data["time_constant_s"] is None
    assert data["eigenvalue_imag"] == pytest.approx(2.397, abs=0.005)


@pytest.mark.parametrize(
    ("aircraft", "alt", "kcas", "expect"),
    [
        ("737", 20000, 280, ("short-period", "phugoid", "dutch-roll", "roll", "spiral")),
        ("f16", 10000, 300, ("short-period", "phugoid", "dutch-roll", "spiral")),
        ("T37", 10000, 180, ("short-period", "phugoid", "dutch-roll", "roll", "spiral")),
    ],
)
def test_labels_are_plausible_on_other_aircraft(
    aircraft: str, alt: float, kcas: float, expect: tuple[str, ...]
) -> None:
    with Simulation(aircraft, InitialConditions(altitude_ft=alt, kcas=kcas), record=None) as sim:
        sim.trim()
        found = modes(sim.linearize())
    names = {m.name for m in found}
    assert set(expect) <= names
    sp = named(found, "short-period")
    ph = named(found, "phugoid")
    assert len(ph) == 1 and ph[0].oscillatory
    # the short period is much faster than the phugoid, on every aircraft
    assert min(m.natural_frequency_rad_s for m in sp) > 5 * ph[0].natural_frequency_rad_s
    assert 10.0 < ph[0].period_s < 150.0  # textbook phugoid periods
    dr = named(found, "dutch-roll")
    assert len(dr) == 1 and dr[0].oscillatory and dr[0].damping > 0.0
    for mode in found:
        if mode.name == "short-period":
            assert mode.participation["alpha"] + mode.participation["q"] > 0.5
    if aircraft == "737":
        (sp737,) = sp
        assert 1.0 < sp737.natural_frequency_rad_s < 3.0 and 0.3 < sp737.damping < 0.8
        assert named(found, "roll")[0].eigenvalue.real == pytest.approx(-1.4, abs=0.2)
    if aircraft == "f16":  # its flight control system splits the short period in two roots
        assert len(sp) == 2 and all(not m.oscillatory for m in sp)
        assert sp[0].level == sp[1].level is not None


def test_labels_do_not_depend_on_units(c172p_model: LinearModel) -> None:
    """Airspeed in knots instead of ft/s, angles in degrees: the same labels and values."""
    scale = np.ones(len(c172p_model.states))
    scale[c172p_model.states.index("vt")] = 1 / 1.6878
    for angle in ("alpha", "theta", "beta", "phi", "q", "p", "r"):
        scale[c172p_model.states.index(angle)] = 180 / math.pi
    t = np.diag(scale)
    scaled = replace(c172p_model, A=t @ c172p_model.A @ np.linalg.inv(t))
    before = [(m.name, m.eigenvalue) for m in modes(c172p_model)]
    after = [(m.name, m.eigenvalue) for m in modes(scaled)]
    assert [n for n, _ in after] == [n for n, _ in before]
    np.testing.assert_allclose([v for _, v in after], [v for _, v in before], rtol=1e-6, atol=1e-9)


def test_levels_follow_the_class_and_category(c172p_model: LinearModel) -> None:
    approach_fighter = modes(c172p_model, "IV", "C")
    (roll,) = named(approach_fighter, "roll")
    assert roll.level == 1  # 0.15 s is within 1.0 s
    with pytest.raises(ConfigError, match="aircraft class 'V'"):
        modes(c172p_model, "V")
    with pytest.raises(ConfigError, match="flight-phase category 'D'"):
        modes(c172p_model, "I", "D")


@pytest.mark.parametrize(
    ("zeta", "category", "level"),
    [(0.5, "B", 1), (0.3, "B", 1), (0.29, "B", 2), (0.34, "A", 2), (1.5, "C", 2), (0.16, "B", 3),
     (0.1, "B", 4), (2.5, "B", 3)],
)  # fmt: skip
def test_short_period_damping_table(zeta: float, category: str, level: int) -> None:
    assert handling.short_period_level(zeta, category) == level


def test_c172p_short_period_frequency(c172p_sim: Simulation, c172p_model: LinearModel) -> None:
    """n/alpha = -V A[alpha, alpha] / g: 16.6 g/rad at 4000 ft / 100 KCAS, i.e. qS/W times
    a lift-curve slope (plus CD) of 5.3 1/rad, a 172 wing's; CAP 2.96, level 1."""
    (sp,) = named(modes(c172p_model), "short-period")
    assert sp.n_alpha_g_per_rad == pytest.approx(16.6, abs=0.1)
    qs_over_w = (
        c172p_sim["aero/qbar-psf"] * c172p_sim["metrics/Sw-sqft"] / c172p_sim["inertia/weight-lbs"]
    )
    assert 4.8 < sp.n_alpha_g_per_rad / qs_over_w < 5.8  # [1/rad]
    assert sp.cap == pytest.approx(sp.natural_frequency_rad_s**2 / sp.n_alpha_g_per_rad)
    assert sp.cap == pytest.approx(2.96, abs=0.02)
    assert sp.level == 1
    (sp_a,) = named(modes(c172p_model, "I", "A"), "short-period")
    assert sp_a.level == 1  # 0.28 <= 2.96 <= 3.6, wn 7.0 >= 1.0 rad/s
    (ph,) = named(modes(c172p_model), "phugoid")
    assert ph.n_alpha_g_per_rad is None and ph.cap is None


def test_short_period_level_is_the_worse_of_damping_and_frequency(c172p_model: LinearModel) -> None:
    """Same eigenvalues (damping level 1), a 20 times slower trimmed speed: n/alpha
    0.83 g/rad, CAP 59, above the level 2 bound of 10: level 3."""
    x0 = c172p_model.x0.copy()
    x0[c172p_model.states.index("vt")] /= 20.0
    (sp,) = named(modes(replace(c172p_model, x0=x0)), "short-period")
    assert handling.short_period_level(sp.damping, "B") == 1
    assert sp.n_alpha_g_per_rad == pytest.approx(16.6 / 20, abs=0.01)
    assert sp.cap == pytest.approx(59.0, rel=0.01)
    assert sp.level == 3


@pytest.mark.parametrize(
    ("wn", "n_alpha", "cls", "category", "level"),
    [
        # category A: CAP 0.28-3.6 and wn >= 1.0 (level 1), 0.16-10 and wn >= 0.6 (level 2)
        (3.0, 10.0, "I", "A", 1), (1.7, 10.0, "I", "A", 1), (1.6, 10.0, "I", "A", 2),
        (6.1, 10.0, "I", "A", 2), (10.0, 10.0, "I", "A", 2), (10.1, 10.0, "I", "A", 3),
        (1.2, 10.0, "I", "A", 3), (0.95, 2.0, "I", "A", 2), (0.55, 1.0, "I", "A", 3),
        # category B: 0.085-3.6 (level 1), 0.038-10 (level 2), no frequency minimum
        (1.0, 10.0, "I", "B", 1), (0.9, 10.0, "I", "B", 2), (0.6, 10.0, "I", "B", 3),
        (6.1, 10.0, "I", "B", 2), (0.3, 1.0, "I", "B", 1), (0.2, 1.0, "I", "B", 2),
        # category C: 0.16-3.6 (level 1), 0.096-10 (level 2); wn >= 0.87 / 0.6 rad/s for
        # classes I and IV, 0.7 / 0.4 for II (taken as II-L) and III
        (1.3, 10.0, "I", "C", 1), (1.2, 10.0, "I", "C", 2), (0.8, 4.0, "I", "C", 2),
        (0.8, 4.0, "III", "C", 1), (0.5, 2.5, "IV", "C", 3), (0.5, 2.5, "II", "C", 2),
    ],
)  # fmt: skip
def test_short_period_frequency_figures(
    wn: float, n_alpha: float, cls: str, category: str, level: int
) -> None:
    assert handling.short_period_frequency_level(wn, n_alpha, cls, category) == level


def test_other_tables() -> None:
    # phugoid: zeta >= 0.04 level 1, >= 0 level 2, T2 >= 55 s level 3
    assert handling.phugoid_level(0.05, None) == 1
    assert handling.phugoid_level(0.01, None) == 2
    assert handling.phugoid_level(-0.01, 60.0) == 3
    assert handling.phugoid_level(-0.05, 20.0) == 4
    # Dutch roll, class I category B: zeta 0.08, zeta*wn 0.15, wn 0.4
    assert handling.dutch_roll_level(0.19, 2.44, "I", "B") == 1
    assert handling.dutch_roll_level(0.05, 2.0, "I", "B") == 2  # zeta too low for level 1
    assert handling.dutch_roll_level(0.19, 0.9, "I", "A") == 2  # wn below 1.0 in category A
    assert handling.dutch_roll_level(-0.01, 1.0, "I", "B") == 4
    # roll mode time constant, class I category C: 1.0 / 1.4 / 10 s
    assert [handling.roll_level(t, "I", "C") for t in (0.5, 1.2, 5.0, 12.0)] == [1, 2, 3, 4]
    assert handling.roll_level(1.2, "III", "C") == 1  # 1.4 s for heavy aircraft
    # spiral: time to double >= 20 / 8 / 4 s (class I category A: 12 s)
    assert handling.spiral_level(None, "I", "B") == 1
    assert [handling.spiral_level(t, "I", "B") for t in (25.0, 10.0, 5.0, 3.0)] == [1, 2, 3, 4]
    assert handling.spiral_level(15.0, "I", "A") == 1
    assert handling.default_class(2300.0) == "I" and handling.default_class(90_000.0) == "II"
