"""Typical values per aircraft class, used where a spec leaves a value out.

Sources: tail volume coefficients from Raymer, *Aircraft Design: A Conceptual
Approach* (6th ed.), Table 6.4; empty-weight fractions We/W0 = A·W0^C [lb] from
Raymer Table 3.1; non-dimensional radii of gyration after Roskam, *Airplane
Design* Part V, Ch. 2 (typical values by type); static margins, tail-arm and
fineness ratios, fuel fractions and wing geometry from the typical ranges Raymer
gives in Ch. 4-6 and 16 (class averages, rounded).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ClassData:
    """Typical values of one class (lengths as fractions, angles in deg)."""

    vh: float
    """Horizontal tail volume coefficient S_h l_h / (S c̄) (Raymer Table 6.4)."""
    vv: float
    """Vertical tail volume coefficient S_v l_v / (S b) (Raymer Table 6.4)."""
    tail_arm: float
    """Tail arm over fuselage length (Raymer §6.4: 0.60 front engine, 0.50-0.55 jets)."""
    wing_apex: float
    """Wing root leading edge over fuselage length from the nose."""
    fineness: float
    """Fuselage length over maximum diameter."""
    empty_a: float
    empty_c: float
    """Raymer Table 3.1 fit We/W0 = A·W0^C with W0 in lb."""
    fuel_fraction: float
    """Usable fuel over MTOW."""
    radii: tuple[float, float, float]
    """Roskam's non-dimensional radii of gyration R̄x, R̄y, R̄z."""
    static_margin: float
    """Static margin the CG is placed at, fraction of the MAC (Raymer §16.3: 5-15%)."""
    taper: float
    sweep_deg: float
    dihedral_deg: float
    incidence_deg: float
    thickness: float
    position: str
    alpha0_deg: float
    """Airfoil zero-lift angle [deg] (cambered sections -1 to -3, Abbott & von Doenhoff)."""
    htail_aspect: float
    vtail_aspect: float
    tail_efficiency: float
    """Dynamic pressure ratio at the tail, η_t (Nelson §2.3: 0.8-1.2, ~0.9 typical)."""
    leakage: float
    """Leakage and protuberance drag as a fraction of the parasite drag (Raymer §12.5.7)."""
    laminar: float
    """Fraction of the wetted area of wing and tails in laminar flow, half that of the
    fuselage (Raymer §12.5.3); gliders 0.5: their laminar sections keep it to the
    minimum-pressure point, 40-60% of the chord (Abbott and von Doenhoff, NACA 6-series)."""
    gear_stroke_m: float
    """Static deflection of a gear leg at MTOW [m], for the spring rate."""


# fmt: off
CLASS_DATA: dict[str, ClassData] = {
    "light-single": ClassData(
        0.70, 0.04, 0.55, 0.30, 7.0, 2.36, -0.18, 0.10, (0.25, 0.34, 0.39), 0.15,
        0.8, 0.0, 2.0, 1.5, 0.13, "high", -2.0, 4.5, 1.4, 0.90, 0.08, 0.0, 0.10,
    ),
    "light-twin": ClassData(
        0.80, 0.07, 0.55, 0.30, 7.0, 1.51, -0.10, 0.12, (0.34, 0.29, 0.44), 0.15,
        0.8, 0.0, 5.0, 1.5, 0.14, "low", -2.0, 4.5, 1.4, 0.90, 0.08, 0.0, 0.10,
    ),
    "turboprop": ClassData(
        0.90, 0.08, 0.50, 0.35, 9.0, 0.96, -0.05, 0.20, (0.30, 0.34, 0.45), 0.15,
        0.6, 0.0, 4.0, 1.5, 0.15, "low", -2.0, 4.5, 1.5, 0.90, 0.06, 0.0, 0.12,
    ),
    "business-jet": ClassData(
        0.70, 0.07, 0.45, 0.40, 8.0, 1.02, -0.06, 0.30, (0.30, 0.32, 0.43), 0.12,
        0.4, 20.0, 3.0, 1.5, 0.12, "low", -1.5, 4.0, 1.3, 0.95, 0.03, 0.0, 0.12,
    ),
    "airliner": ClassData(
        1.00, 0.09, 0.45, 0.38, 10.0, 1.02, -0.06, 0.25, (0.25, 0.38, 0.46), 0.12,
        0.25, 25.0, 5.0, 1.5, 0.12, "low", -1.5, 4.5, 1.6, 0.95, 0.03, 0.0, 0.15,
    ),
    "glider": ClassData(
        0.50, 0.02, 0.60, 0.30, 10.0, 0.86, -0.05, 0.0, (0.28, 0.30, 0.40), 0.12,
        0.5, 0.0, 3.0, 2.0, 0.16, "mid", -3.0, 6.0, 1.5, 0.95, 0.02, 0.5, 0.05,
    ),
    "fighter": ClassData(
        0.40, 0.07, 0.40, 0.40, 8.0, 2.34, -0.13, 0.25, (0.23, 0.38, 0.44), 0.06,
        0.25, 35.0, 0.0, 0.0, 0.04, "mid", 0.0, 3.0, 1.3, 0.95, 0.05, 0.0, 0.10,
    ),
}
# fmt: on
"""Typical values of every class of :data:`flightsim.design.spec.CLASSES`."""
