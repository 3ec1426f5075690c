"""Units: JSBSim's unit table, conversions and parsing of user input."""

import math

import pytest

from flightsim.design.spec import WrittenUnits
from flightsim.errors import UnitError
from flightsim.units import (
    JSBSIM_UNITS,
    convert,
    lookup_unit,
    parse_quantity,
    property_unit,
)


def test_table_holds_every_unit_jsbsim_knows() -> None:
    assert len(JSBSIM_UNITS) == 64
    assert JSBSIM_UNITS["LBS"].dimensions == {"mass", "force"}
    assert JSBSIM_UNITS["FT2"].dimensions == {"area"}


@pytest.mark.parametrize(
    ("value", "src", "dst", "expected"),
    [
        (1.0, "FT", "M", 0.3048),
        (100.0, "KTS", "FT/SEC", 168.78098571011957),
        (1.0, "SLUG", "KG", 14.593902937206364),
        (1.0, "SLUG*FT2", "KG*M2", 1.3558179483314003),
        (1.0, "LBS", "KG", 0.45359237),
        (1.0, "LBS", "N", 4.4482216152605),
        (180.0, "DEG", "RAD", math.pi),
        (1.0, "ATM", "PSF", 2116.2166236367),
        (1.0, "HP", "WATTS", 745.6998715822702),
        (1.0, "GAL", "LTR", 3.785411784),
    ],
)
def test_conversions_match_definitions(value: float, src: str, dst: str, expected: float) -> None:
    assert convert(value, src, dst) == pytest.approx(expected, rel=1e-9)


def test_conversion_across_dimensions_is_refused() -> None:
    with pytest.raises(UnitError, match="cannot convert LBS .* to FT2"):
        convert(1.0, "LBS", "FT2")


def test_unknown_unit_suggests_close_name() -> None:
    with pytest.raises(UnitError, match="unknown unit 'SQFT'"):
        lookup_unit("SQFT")
    with pytest.raises(UnitError, match="Did you mean: .*ft2"):
        lookup_unit("FT22")


def test_a_suggestion_names_each_unit_once_whatever_its_case() -> None:
    with pytest.raises(UnitError) as caught:
        lookup_unit("kft")  # 'ft' and JSBSim's 'FT' are one unit
    suggested = str(caught.value).split("Did you mean: ")[1].rstrip("?").split(", ")
    assert "ft" in suggested
    assert len({name.casefold() for name in suggested}) == len(suggested)


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("1000 m", "FT", 3280.839895013123),
        ("4000 ft", "FT", 4000.0),
        ("51.44444 m/s", "KTS", 100.0),
        ("185.2 km/h", "KTS", 100.0),
        (" 30 deg ", "RAD", math.pi / 6),
        ("2.5e3", "FT", 2500.0),
        (12, "FT", 12.0),
        ("10.9m", "FT", 35.76115485564304),
    ],
)
def test_parse_quantity_accepts_si_and_imperial(text: str, unit: str, expected: float) -> None:
    assert parse_quantity(text, unit) == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "nan", "fast", "", True])
def test_parse_quantity_rejects_non_numbers(bad: object) -> None:
    with pytest.raises(UnitError, match="altitude"):
        parse_quantity(bad, "FT", name="altitude")  # type: ignore[arg-type]


def test_parse_quantity_rejects_wrong_dimension() -> None:
    with pytest.raises(UnitError, match="altitude: cannot convert KG"):
        parse_quantity("100 kg", "FT", name="altitude")


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("position/h-sl-ft", "ft"),
        ("velocities/vc-kts", "kt"),
        ("velocities/p-rad_sec", "rad/s"),
        ("accelerations/udot-ft_sec2", "ft/s^2"),
        ("fcs/throttle-cmd-norm[0]", "norm"),
        ("fcs/elevator-cmd-norm", "norm"),
        ("propulsion/engine[0]/thrust-lbs", "lbf"),
        ("velocities/mach", "-"),
        ("simulation/sim-time-sec", "s"),
        ("accelerations/Nz", "g"),
        ("position/distance-from-start-lon-mt", "m"),
        ("propulsion/engine/fuel-flow-rate-pps", "lb/s"),
        ("propulsion/total-fuel-lbs", "lb"),
        ("propulsion/tank[0]/contents-lbs", "lb"),
        ("forces/fbx-prop-lbs", "lbf"),
        ("inertia/weight-lbs", "lbf"),
        ("propulsion/engine/prop-induced-velocity_fps", "ft/s"),  # these three had none
        ("atmosphere/density-altitude", "ft"),
        ("atmosphere/pressure-altitude", "ft"),
    ],
)
def test_property_unit_from_suffix(name: str, unit: str) -> None:
    assert property_unit(name) == unit


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("100 kn", "KTS", 100.0),
        ("100 KN", "KTS", 100.0),
        ("90°", "DEG", 90.0),
        ("90 °", "DEG", 90.0),
    ],
)
def test_knot_symbol_and_degree_sign(text: str, unit: str, expected: float) -> None:
    assert parse_quantity(text, unit) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("16.87 kN", "N", 16870.0),  # a force: the kilonewton
        ("16.87 KN", "LBS", 16870.0 / 4.4482216152605),
        ("2 kilonewtons", "N", 2000.0),
        ("100 kN", "KTS", 100.0),  # a speed: the knot
        ("1500 daN", "N", 15000.0),
        ("250 g", "KG", 0.25),
        ("640 t", "KG", 640000.0),
        ("2 tonnes", "LBS", 2000.0 / 0.45359237),
        ("100 PS", "HP", 100.0 * 735.49875 / 745.69987158227),
        ("3 MW", "kW", 3000.0),
    ],
)
def test_units_a_designer_writes_are_read_by_the_quantity_wanted(
    text: str, unit: str, expected: float
) -> None:
    # a spec's thrust = "16.87 kN" had been refused (kn is the knot, input is case-folded);
    # "250 g", "640 t", "100 PS" and "1500 daN" had been unknown units
    assert parse_quantity(text, unit) == pytest.approx(expected, rel=1e-12)


def test_kn_is_a_force_only_where_a_force_is_wanted() -> None:
    with pytest.raises(UnitError) as caught:
        parse_quantity("10 kN", "FT", name="cruise.altitude")
    assert str(caught.value) == "cruise.altitude: cannot convert KTS (velocity) to FT (length)"


def test_parse_quantity_is_linear_on_hostile_input() -> None:
    hostile = "1" * 5000 + "x" * 3 + " " * 5000 + "y"
    with pytest.raises(UnitError, match="cannot read"):
        parse_quantity(hostile, "FT", name="altitude")


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [("2 min", "s", 120.0), ("500 ms", "s", 0.5), ("1.5 h", "s", 5400.0), ("90", "s", 90.0),
     ("10 Hz", "Hz", 10.0), ("120 hz", "Hz", 120.0)],
)  # fmt: skip
def test_times_and_rates_are_input_quantities(text: str, unit: str, expected: float) -> None:
    assert parse_quantity(text, unit) == expected


def test_a_time_is_no_speed_and_a_rate_no_time() -> None:
    with pytest.raises(
        UnitError, match=r"^duration: cannot convert KTS \(velocity\) to s \(time\)"
    ):
        parse_quantity("5 kt", "s", name="duration")
    with pytest.raises(UnitError, match=r"cannot convert s \(time\) to Hz \(frequency\)"):
        parse_quantity("0.1 s", "Hz")


def test_numpy_numbers_are_numbers_and_flags_are_not() -> None:
    import numpy as np

    from flightsim import InitialConditions, Simulation
    from flightsim.errors import ConfigError
    from flightsim.units import as_number

    assert as_number(np.int64(4000)) == 4000 and type(as_number(np.int64(4000))) is int
    assert as_number(np.uint8(7)) == 7
    assert as_number(np.float32(0.5)) == 0.5 and type(as_number(np.float32(0.5))) is float
    assert type(as_number(np.float64(1.5))) is float  # a float subclass, made plain
    assert as_number(np.array(3.25)) == 3.25 and as_number(np.array(3)) == 3
    for flag_or_not in (True, np.bool_(True), np.array(True), np.array([1.0]), "5", None, 1j):
        assert as_number(flag_or_not) is None, flag_or_not
    assert math.isnan(as_number(np.float64("nan")) or 0.0)  # the caller refuses NaN
    assert parse_quantity(np.float32(100.0), "FT") == 100.0
    assert parse_quantity(np.array(100), "KTS", name="kcas") == 100.0
    for flag in (True, np.bool_(False)):
        with pytest.raises(UnitError, match=r"^kcas: expected a number, got "):
            parse_quantity(flag, "KTS", name="kcas")  # type: ignore[arg-type]
    # these had been "expected a number, got np.int64(4000)" and "duration_s must be a
    # finite number > 0, got np.int64(1)"
    ic = InitialConditions(altitude_ft=np.int64(4000), kcas=np.float32(100))  # type: ignore[arg-type]
    assert (ic.altitude_ft, ic.kcas) == (4000.0, 100.0)
    assert type(ic.altitude_ft) is float
    assert InitialConditions.from_user(mach=np.float64(0.2), altitude=np.int64(9000)).mach == 0.2
    with pytest.raises(ConfigError, match="initial condition kcas: expected a number, got True"):
        InitialConditions(kcas=True)
    with pytest.raises(ConfigError, match=r"initial condition kcas: expected a number"):
        InitialConditions(kcas=np.bool_(True))  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="mach: cannot read True as a number"):
        InitialConditions.from_user(mach=True)
    with Simulation("c172p", ic, record=["position/h-sl-ft"]) as sim:
        assert len(sim.run(np.int64(1))) == 121  # 120 steps of 1/120 s, and the start
        assert sim.run(np.array(0.5)).time_s[-1] == pytest.approx(1.5)
        with pytest.raises(ConfigError, match=r"duration_s must be a finite number > 0, got True"):
            sim.run(True)
        with pytest.raises(ConfigError, match=r"duration_s must be a finite number > 0"):
            sim.run(np.float64("inf"))
    # step counts too: record_every=np.int64(2) and step(np.int64(3)) had been refused as
    # "not a whole number"; a numpy bool and a whole float still are
    with Simulation("c172p", ic, record=["position/h-sl-ft"], record_every=np.int64(2)) as sim:
        assert type(sim.options.record_every) is int
        sim.step(np.int64(4))
        assert sim["simulation/sim-time-sec"] == pytest.approx(4 / 120)
        for not_a_count in (np.bool_(True), 2.0, np.float64(2.0)):
            with pytest.raises(ConfigError, match="a step count must be a whole number"):
                sim.step(not_a_count)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "advice"),
    [
        ("7,255 lb", "write '7255 lb' (or '7.255 lb' if the comma is a decimal point)"),
        ("1,5 kg", "write '1.5 kg'"),
        ("0,75 m", "write '0.75 m'"),
        ("1,234,567 N", "write '1234567 N'"),
        ("12 000 ft", "write '12000 ft'"),
        ("12'000 ft", "write '12000 ft'"),
        # no one rewrite is sure: had been told to write '1.234.5 kg', '1.5.3 m', '5.6 ft'
        ("1.234,5 kg", "write the number with digits and at most one decimal point"),
        ("1.5,3 m", "write the number with digits and at most one decimal point"),
        ("5'6 ft", "write the number with digits and at most one decimal point"),
    ],
)
def test_a_separator_inside_a_number_is_refused_saying_what_to_write(
    text: str, advice: str
) -> None:
    # "7,255 lb" had been "unknown unit ',255 lb'", and "12 000 ft" "unknown unit '000 ft'"
    with pytest.raises(UnitError) as caught:
        parse_quantity(text, "KG", name="mass.mtow")
    message = str(caught.value)
    assert message.startswith(f"mass.mtow: cannot read {text!r}: a separator inside a number")
    assert message.endswith(advice), message


@pytest.mark.parametrize(
    ("text", "unit", "suggested"),
    [
        ("3 hps", "kW", " Did you mean: ps, hp, shp?"),  # "3 MW" had been offered "w, m"
        ("2 tonns", "KG", " Did you mean: tonnes, tonne?"),  # "2 t" had been offered "kt, ft"
        ("174 KTAS", "KTS", " Did you mean: kts, kt, knots?"),
    ],
)
def test_an_unknown_unit_suggests_units_of_the_wanted_kind_only(
    text: str, unit: str, suggested: str
) -> None:
    with pytest.raises(UnitError) as caught:
        parse_quantity(text, unit, name="key")
    given = text.split(" ", 1)[1]
    assert str(caught.value) == f"key: unknown unit '{given}'.{suggested}"


def test_a_force_is_quoted_back_in_kilonewtons_and_tonnes_as_written() -> None:
    # convert() had looked 'kN' up as the knot: every message quoting a force in a spec
    # whose thrust is in kN raised "cannot convert N (force) to KTS (velocity)"
    written = WrittenUnits({"propulsion.thrust": (120.0, "kN"), "mass.mtow": (640.0, "t")})
    assert written.force(5e4) == "50 kN"
    assert written.convert("mass.mtow", 2.5e5) == "250 t"
    assert convert(4000.0, "N", "kN") == pytest.approx(4.0)
    assert convert(100.0, "KTS", "kn") == pytest.approx(100.0)  # a speed: still the knot
