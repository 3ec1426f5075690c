"""Textbook aerodynamic estimates: lift slopes, drag build-up, derivatives, ground effect.

Every function names its method and source. SI units; angles in radians unless
a name says ``_deg``. Coefficients are referred to the wing area, the mean
aerodynamic chord (pitch) and the span (roll, yaw).
"""

from __future__ import annotations

import itertools
import math


def lift_curve_slope(
    aspect: float, sweep_half_chord: float, mach: float, kappa: float = 0.95
) -> float:
    """Lift-curve slope of a finite wing [1/rad], Helmbold's equation as in USAF DATCOM 4.1.3.2.

    CLα = 2πA / (2 + sqrt(4 + A²β²/κ² (1 + tan²Λc/2 / β²))), β² = 1 - M²
    (Raymer eq. 12.6 without the fuselage factors); κ is the section lift slope
    over 2π. Mach is capped at 0.95 (the formula is subsonic).
    """
    beta2 = 1.0 - min(mach, 0.95) ** 2
    root = math.sqrt(
        4.0 + aspect**2 * beta2 / kappa**2 * (1.0 + math.tan(sweep_half_chord) ** 2 / beta2)
    )
    return 2.0 * math.pi * aspect / (2.0 + root)


def fuselage_lift_factor(diameter: float, span: float) -> float:
    """Fuselage lift factor F = 1.07 (1 + d/b)² (Raymer eq. 12.9)."""
    return 1.07 * (1.0 + diameter / span) ** 2


def downwash_gradient(wing_slope: float, aspect: float) -> float:
    """dε/dα at the tail ≈ 2 CLα_w / (π A) (Nelson, *Flight Stability*, eq. 2.23)."""
    return 2.0 * wing_slope / (math.pi * aspect)


_KF = ((0.1, 0.005), (0.2, 0.0065), (0.3, 0.009), (0.4, 0.013), (0.5, 0.019), (0.6, 0.030))


def fuselage_pitch_slope(
    diameter: float, length: float, area: float, mac: float, x_c4: float
) -> float:
    """Fuselage Cmα [1/rad] (destabilising): K_f d² L / (S c̄) per degree.

    Gilruth and White's empirical method (Raymer eq. 16.25, Perkins & Hage);
    K_f read from Raymer Fig. 16.14 against the wing root quarter-chord
    position x_c4 / L (interpolated).
    """
    ratio = min(max(x_c4 / length, _KF[0][0]), _KF[-1][0])
    kf = interpolate(_KF, ratio)
    return kf * diameter**2 * length / (area * mac) * (180.0 / math.pi)


def wing_moment_at_ac(alpha0_airfoil: float, aspect: float, sweep_c4: float) -> float:
    """Pitching moment about the wing's aerodynamic centre, Cm_ac (untwisted wing).

    Section: thin-airfoil theory for a parabolic camber line gives
    cm_ac = (π/2) α0 from the section's zero-lift angle α0 [rad] (Anderson,
    *Fundamentals of Aerodynamics*, §4.8; NACA 2412: α0 -2.1 deg, cm_ac -0.05 as
    measured by Abbott and von Doenhoff). Wing: DATCOM 4.1.4.1's
    Cm_ac = cm_ac A cos²Λ / (A + 2 cos Λ) (Raymer eq. 16.14).
    """
    cos_sweep = math.cos(sweep_c4)
    return math.pi / 2.0 * alpha0_airfoil * aspect * cos_sweep**2 / (aspect + 2.0 * cos_sweep)


def interpolate(points: tuple[tuple[float, float], ...], x: float) -> float:
    """Linear interpolation in a table of (x, y) with increasing x, clamped at the ends."""
    if x <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return points[-1][1]


def skin_friction(reynolds: float, mach: float, laminar: float = 0.0) -> float:
    """Flat-plate skin friction coefficient, mixed laminar/turbulent.

    Turbulent: Cf = 0.455 / (log10 Re)^2.58 / (1 + 0.144 M²)^0.65 (Raymer eq.
    12.27, Schlichting); laminar: Cf = 1.328 / sqrt(Re) (Blasius, Raymer eq.
    12.25); weighted by the laminar fraction (Raymer §12.5.3).
    """
    turbulent = 0.455 / (math.log10(reynolds) ** 2.58 * (1.0 + 0.144 * mach**2) ** 0.65)
    return float(laminar * 1.328 / math.sqrt(reynolds) + (1.0 - laminar) * turbulent)


def wing_form_factor(
    thickness: float, mach: float, sweep_max_t: float, x_max_t: float = 0.3
) -> float:
    """Form factor of a wing or tail (Raymer eq. 12.30)."""
    return float(
        (1.0 + 0.6 / x_max_t * thickness + 100.0 * thickness**4)
        * (1.34 * max(mach, 0.05) ** 0.18 * math.cos(sweep_max_t) ** 0.28)
    )


def body_form_factor(fineness: float) -> float:
    """Form factor of a fuselage, 1 + 60/f³ + f/400 (Raymer eq. 12.31)."""
    return 1.0 + 60.0 / fineness**3 + fineness / 400.0


def nacelle_form_factor(fineness: float) -> float:
    """Form factor of a nacelle, 1 + 0.35/f (Raymer eq. 12.32)."""
    return 1.0 + 0.35 / fineness


def wing_wetted_area(exposed_area: float, thickness: float) -> float:
    """Wetted area of a wing or tail, S_exp (1.977 + 0.52 t/c) (Raymer eq. 7.11)."""
    return exposed_area * (1.977 + 0.52 * thickness)


def body_wetted_area(diameter: float, length: float) -> float:
    """Wetted area of a body of revolution, π d L (1 - 2/f)^(2/3) (1 + 1/f²) (Torenbeek, App. F)."""
    fineness = length / diameter
    return float(
        math.pi
        * diameter
        * length
        * (1.0 - 2.0 / fineness) ** (2.0 / 3.0)
        * (1.0 + 1.0 / fineness**2)
    )


def oswald_efficiency(
    aspect: float,
    sweep_le: float,
    cd0: float,
    fuselage_diameter: float,
    span: float,
    laminar: float = 0.0,
) -> float:
    """Oswald span efficiency e of the polar CD = CD0 + CL²/(π A e).

    Raymer's fits (eqs. 12.48, 12.49) for aspect ratios up to 12, the range of the
    aircraft they were fitted to: straight wings e = 1.78 (1 - 0.045 A^0.68) - 0.64;
    swept (Λ_LE > 30°, as Raymer applies them) e = 4.61 (1 - 0.045 A^0.68)
    (cos Λ_LE)^0.15 - 3.1; kept within 0.6..0.9. The straight-wing fit falls with A
    and gave a 15 m sailplane (A 21) 0.71 and an L/D of 32 against its published 43.
    From A = 16 (sailplanes, motor gliders, high-aspect-ratio UAVs) Kroo's estimate,
    valid at any aspect ratio: 1/e = 1/(u s) + K CD0 π A, with the inviscid planform
    efficiency u = 0.99, the fuselage's loss s = 1 - 2 (d/b)² and the viscous drag
    due to lift K CD0, K = 0.38 (I. Kroo, *Aircraft Design: Synthesis and Analysis*,
    Stanford, 2001, on drag due to lift; also Nita and Scholz, *Estimating the
    Oswald factor from basic aircraft geometrical parameters*, DLRK 2012). That
    viscous term is the profile drag's rise with lift, which the ``laminar`` fraction of
    the flow, on laminar sections inside their low-drag bucket, does not have (Abbott
    and von Doenhoff, *Theory of Wing Sections*): K CD0 (1 - laminar). Between
    A = 12 and 16 the two estimates are blended linearly, so e does not jump.
    """
    a = min(aspect, 12.0)
    if math.degrees(sweep_le) > 30.0:
        fit = 4.61 * (1.0 - 0.045 * a**0.68) * math.cos(sweep_le) ** 0.15 - 3.1
    else:
        fit = 1.78 * (1.0 - 0.045 * a**0.68) - 0.64
    fit = min(max(fit, 0.6), 0.9)
    weight = min(max((aspect - 12.0) / 4.0, 0.0), 1.0)
    if weight == 0.0:
        return float(fit)
    fuselage = 1.0 - 2.0 * (fuselage_diameter / span) ** 2
    kroo = 1.0 / (1.0 / (0.99 * fuselage) + 0.38 * cd0 * (1.0 - laminar) * math.pi * aspect)
    return float((1.0 - weight) * fit + weight * kroo)


def critical_mach(thickness: float, sweep_c4: float, lift: float, kappa_a: float) -> float:
    """Critical Mach number from Korn's equation with Lock's offset.

    M_dd = κ_A / cos Λ - (t/c) / cos² Λ - CL / (10 cos³ Λ) (Korn, as extended by
    Mason); M_crit = M_dd - (0.1/80)^(1/3), the Mach number where Lock's wave
    drag 20 (M - M_crit)^4 reaches 20 counts at M_dd.
    """
    c = math.cos(sweep_c4)
    mdd = kappa_a / c - thickness / c**2 - lift / (10.0 * c**3)
    return float(mdd - (0.1 / 80.0) ** (1.0 / 3.0))


def wave_drag(mach: float, mach_crit: float, cap: float = 0.05) -> float:
    """Compressibility drag ΔCD = 20 (M - M_crit)^4 above M_crit (Lock), capped at ``cap``."""
    return 0.0 if mach <= mach_crit else min(20.0 * (mach - mach_crit) ** 4, cap)


def flap_effectiveness(chord_ratio: float, viscous: float = 0.8) -> float:
    """Control-surface effectiveness τ = dα/dδ from thin-airfoil theory (Glauert).

    τ = 1 - (θ_f - sin θ_f)/π with cos θ_f = 2 c_f/c - 1, times a viscous
    correction (0.8; McCormick, *Aerodynamics, Aeronautics and Flight
    Mechanics*, §3).
    """
    theta = math.acos(2.0 * chord_ratio - 1.0)
    return viscous * (1.0 - (theta - math.sin(theta)) / math.pi)


def sidewash_factor(
    vtail_ratio: float, sweep_c4: float, z_wing: float, diameter: float, aspect: float
) -> float:
    """η_v (1 + dσ/dβ) = 0.724 + 3.06 (S_v/S)/(1 + cos Λ) + 0.4 z_w/d + 0.009 A.

    USAF DATCOM, as given by Nelson (*Flight Stability*, eq. 2.64); z_w is the
    wing root quarter chord below the fuselage centre line [m].
    """
    return (
        0.724
        + 3.06 * vtail_ratio / (1.0 + math.cos(sweep_c4))
        + 0.4 * z_wing / diameter
        + 0.009 * aspect
    )


def roll_damping(wing_slope: float, taper: float) -> float:
    """Clp = -CLα (1 + 3λ) / (12 (1 + λ)) (strip theory; Nelson, *Flight Stability*, Ch. 5)."""
    return -wing_slope * (1.0 + 3.0 * taper) / (12.0 * (1.0 + taper))


def dihedral_effect(wing_slope: float, taper: float, dihedral: float) -> float:
    """Clβ of wing dihedral, -CLα Γ (1 + 2λ) / (6 (1 + λ)) (strip theory, Nelson §3.4)."""
    return -wing_slope * dihedral * (1.0 + 2.0 * taper) / (6.0 * (1.0 + taper))


def aileron_roll_power(
    wing_slope: float,
    tau: float,
    area: float,
    span: float,
    root_chord: float,
    taper: float,
    inner: float,
    outer: float,
) -> float:
    """Clδa [1/rad] by strip integration (Nelson, *Flight Stability*, Ch. 2, roll control).

    Clδa = 2 CLα τ / (S b) ∫ c(y) y dy from ``inner`` to ``outer`` (fractions of
    the semi-span), with the chord c(y) = c_r (1 - (1 - λ) 2y/b) of a
    trapezoidal wing.
    """

    def integral(y: float) -> float:
        return root_chord * (y**2 / 2.0 - (1.0 - taper) * 2.0 * y**3 / (3.0 * span))

    y1, y2 = inner * span / 2.0, outer * span / 2.0
    return 2.0 * wing_slope * tau / (area * span) * (integral(y2) - integral(y1))


def ground_effect_induced(height_over_span: float) -> float:
    """Induced-drag factor in ground effect, φ = (16 h/b)² / (1 + (16 h/b)²) (McCormick)."""
    x = (16.0 * height_over_span) ** 2
    return x / (1.0 + x)
