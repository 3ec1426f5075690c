"""MIL-F-8785C flying-qualities levels of the classical modes.

Source: MIL-F-8785C, *Military Specification: Flying Qualities of Piloted
Airplanes* (5 November 1980), paragraphs 3.2.1.2 (phugoid stability),
3.2.2.1.1 (short-period frequency, figures 1-3), 3.2.2.1.2 (short-period
damping, table IV), 3.3.1.1 (lateral-directional
oscillations, table VI), 3.3.1.2 (roll mode, table VII) and 3.3.1.3 (spiral
stability, table VIII); the same tables are reprinted in Nelson, *Flight
Stability and Automatic Control* (2nd ed., ch. 4-5) and Cook, *Flight Dynamics
Principles* (3rd ed., ch. 10).

Aircraft classes: I small light airplanes; II medium weight, low-to-medium
manoeuvrability; III large, heavy, low-to-medium manoeuvrability; IV high
manoeuvrability. Flight-phase categories: A non-terminal, rapid manoeuvring
or precise tracking (combat, formation); B non-terminal, gradual manoeuvres
(climb, cruise, descent); C terminal (take-off, approach, landing).

Level 1 is clearly adequate for the mission, Level 2 adequate with some
increase in pilot workload, Level 3 controllable. A mode that meets no level
gets level 4 ("worse than Level 3").

Short-period frequency (3.2.2.1.1): figures 1-3 bound the natural frequency
wn [rad/s] against n/alpha [g/rad], the steady normal load factor per angle of
attack, by straight lines of constant Control Anticipation Parameter
CAP = wn**2 / (n/alpha) [1/(g s**2)] (Bihrle's parameter; Cook, *Flight
Dynamics Principles*, 3rd ed., section 10.4; Hodgkinson, *Aircraft Handling
Qualities*, ch. 3), together with minimum frequencies (:data:`CAP_BOUNDS`,
:func:`short_period_frequency_minimum`). The figures give level 1 and level 2
regions only: a short period outside the level 2 region is level 3 on
frequency (level 3 is then set by the damping, table IV). The short period's
level is the worse of its damping and frequency levels. The bounds are those
of the figures' straight lines (also tabulated in MIL-STD-1797A, appendix A,
4.2.1.2). Not evaluated here: the roll-spiral coupled oscillation and the
Dutch-roll phi/beta-dependent bound.
"""

from __future__ import annotations

from flightsim.errors import ConfigError

CLASSES = ("I", "II", "III", "IV")
CATEGORIES = ("A", "B", "C")
CLASS_I_MAX_WEIGHT_LBF = 12_500.0
"""Weight [lbf] up to which :func:`default_class` calls an aircraft class I (light)."""

SHORT_PERIOD_DAMPING: dict[str, tuple[tuple[float, float], ...]] = {
    "A": ((0.35, 1.30), (0.25, 2.00), (0.15, float("inf"))),
    "B": ((0.30, 2.00), (0.20, 2.00), (0.15, float("inf"))),
    "C": ((0.35, 1.30), (0.25, 2.00), (0.15, float("inf"))),
}
"""Table IV: short-period damping ratio (minimum, maximum) for levels 1, 2, 3 by category."""

CAP_BOUNDS: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "A": ((0.28, 3.6), (0.16, 10.0)),
    "B": ((0.085, 3.6), (0.038, 10.0)),
    "C": ((0.16, 3.6), (0.096, 10.0)),
}
"""Figures 1-3: CAP = wn**2 / (n/alpha) [1/(g s**2)] (minimum, maximum) for levels 1, 2."""


def short_period_frequency_minimum(aircraft_class: str, category: str) -> tuple[float, float]:
    """Figures 1 and 3: smallest short-period wn [rad/s] for levels 1 and 2 (category B: none).

    Category C gives 0.87 and 0.6 rad/s for classes I, II-C (carrier) and IV,
    0.7 and 0.4 rad/s for classes II-L (land-based) and III; class II is taken
    as II-L here.
    """
    if category == "A":
        return (1.0, 0.6)
    if category == "C":
        return (0.87, 0.6) if aircraft_class in ("I", "IV") else (0.7, 0.4)
    return (0.0, 0.0)


PHUGOID_LEVELS = (("damping", 0.04), ("damping", 0.0), ("time_to_double_s", 55.0))
"""3.2.1.2: level 1 zeta >= 0.04, level 2 zeta >= 0, level 3 time to double >= 55 s."""


def _dutch_roll_level1(aircraft_class: str, category: str) -> tuple[float, float, float]:
    """Table VI, level 1 minima: (zeta, zeta*wn [rad/s], wn [rad/s])."""
    if category == "A":
        return (0.19, 0.35, 1.0 if aircraft_class in ("I", "IV") else 0.4)
    if category == "B":
        return (0.08, 0.15, 0.4)
    return (0.08, 0.15, 1.0 if aircraft_class in ("I", "IV") else 0.4)


DUTCH_ROLL_LOWER_LEVELS = ((0.02, 0.05, 0.4), (0.0, -float("inf"), 0.4))
"""Table VI, levels 2 and 3 minima: (zeta, zeta*wn [rad/s], wn [rad/s]), every class."""


def roll_time_constant_max(aircraft_class: str, category: str) -> tuple[float, float, float]:
    """Table VII: largest roll-mode time constant [s] for levels 1, 2, 3."""
    if aircraft_class in ("I", "IV") and category in ("A", "C"):
        return (1.0, 1.4, 10.0)
    return (1.4, 3.0, 10.0)


def spiral_time_to_double_min(aircraft_class: str, category: str) -> tuple[float, float, float]:
    """Table VIII: shortest time to double amplitude [s] of a divergent spiral, levels 1-3."""
    if aircraft_class in ("I", "IV") and category == "A":
        return (12.0, 8.0, 4.0)
    return (20.0, 8.0, 4.0)


def check_class(aircraft_class: str, category: str) -> tuple[str, str]:
    """Normalise and check an aircraft class (I-IV) and flight-phase category (A-C)."""
    cls = str(aircraft_class).strip().upper()
    cat = str(category).strip().upper()
    if cls not in CLASSES:
        raise ConfigError(
            f"aircraft class {aircraft_class!r}: choose one of {', '.join(CLASSES)} "
            "(I light, II medium, III heavy, IV high manoeuvrability)"
        )
    if cat not in CATEGORIES:
        raise ConfigError(
            f"flight-phase category {category!r}: choose A (manoeuvring), "
            "B (climb, cruise, descent) or C (take-off, approach, landing)"
        )
    return cls, cat


def default_class(weight_lbf: float) -> str:
    """Class I up to :data:`CLASS_I_MAX_WEIGHT_LBF`, else II (give III or IV explicitly)."""
    return "I" if weight_lbf <= CLASS_I_MAX_WEIGHT_LBF else "II"


def short_period_level(damping: float, category: str) -> int:
    """Level (1-3, 4 when none is met) of a short-period damping ratio."""
    for level, (low, high) in enumerate(SHORT_PERIOD_DAMPING[category], start=1):
        if low <= damping <= high:
            return level
    return 4


def control_anticipation_parameter(frequency_rad_s: float, n_alpha_g_per_rad: float) -> float:
    """CAP = wn**2 / (n/alpha) [1/(g s**2)] from wn [rad/s] and n/alpha [g/rad] (> 0)."""
    return frequency_rad_s**2 / n_alpha_g_per_rad


def short_period_frequency_level(
    frequency_rad_s: float, n_alpha_g_per_rad: float, aircraft_class: str, category: str
) -> int:
    """Level (1-3) of a short-period wn [rad/s] at n/alpha [g/rad] (figures 1-3)."""
    cap = control_anticipation_parameter(frequency_rad_s, n_alpha_g_per_rad)
    minima = short_period_frequency_minimum(aircraft_class, category)
    for level, ((low, high), least) in enumerate(
        zip(CAP_BOUNDS[category], minima, strict=True), start=1
    ):
        if low <= cap <= high and frequency_rad_s >= least:
            return level
    return 3


def phugoid_level(damping: float, time_to_double_s: float | None) -> int:
    """Level of a phugoid from its damping ratio and, when unstable, time to double [s]."""
    if damping >= 0.04:
        return 1
    if damping >= 0.0:
        return 2
    if time_to_double_s is not None and time_to_double_s >= 55.0:
        return 3
    return 4


def dutch_roll_level(
    damping: float, frequency_rad_s: float, aircraft_class: str, category: str
) -> int:
    """Level of a Dutch roll from its damping ratio and natural frequency [rad/s]."""
    limits = (_dutch_roll_level1(aircraft_class, category), *DUTCH_ROLL_LOWER_LEVELS)
    for level, (zeta, zeta_wn, wn) in enumerate(limits, start=1):
        if damping >= zeta and damping * frequency_rad_s >= zeta_wn and frequency_rad_s >= wn:
            return level
    return 4


def roll_level(time_constant_s: float, aircraft_class: str, category: str) -> int:
    """Level of a roll mode from its time constant [s] (an unstable roll mode: 4)."""
    if time_constant_s <= 0.0:
        return 4
    for level, most in enumerate(roll_time_constant_max(aircraft_class, category), start=1):
        if time_constant_s <= most:
            return level
    return 4


def spiral_level(time_to_double_s: float | None, aircraft_class: str, category: str) -> int:
    """Level of a spiral mode: stable (None) is level 1, else by its time to double [s]."""
    if time_to_double_s is None:
        return 1
    for level, least in enumerate(spiral_time_to_double_min(aircraft_class, category), start=1):
        if time_to_double_s >= least:
            return level
    return 4
