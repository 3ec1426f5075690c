"""From an :class:`AircraftSpec` to a complete flight model: masses, geometry, aerodynamics,
propulsion, gear and controls, each estimated by a textbook method named in its docstring.

SI units throughout (m, m², kg, kg·m², N, W, rad). Positions are in JSBSim's
structural frame with the origin at the nose: x aft, y right, z up, with the
fuselage centre line at z = 0. The aerodynamic reference point is put at the
CG and the pitching moment is modelled about it. Every value the spec left
out, and the key derived numbers, are recorded as :class:`Note` for the
documentation comments of the generated files.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from flightsim.atmosphere import RHO0, Air, isa
from flightsim.design import aero
from flightsim.design.classes import CLASS_DATA, ClassData
from flightsim.design.spec import (
    PROPELLER_ENGINES,
    AircraftSpec,
    WrittenUnits,
    propeller_bounds,
)
from flightsim.errors import ConfigError
from flightsim.units import G0_M_S2, HP_W, KT_M_S, LB_KG

DEG = math.pi / 180.0
MIN_CN_BETA = 0.03
"""Least directional stability Cnβ [1/rad] (0.0005/deg) an estimated fin is sized to give:
below the 0.03-0.04 of the class-sized fins of gliders, the least stable of the fleet."""
FEED_TANK_KG = 0.001
"""Contents [kg] of an electric aircraft's feed tank (JSBSim's turbine model, which models
the motor, starves without one; the FCS freezes it full): 1 g, taken out of the payload so
the aircraft still weighs its MTOW."""
INERTIA_MARGIN = 0.02
"""Generated principal moments of inertia are at most 1 - this times the sum of the other
two (:func:`realisable_inertias`): the F-16's Izz is 0.966 of Ixx + Iyy."""
STATIC_FRICTION_HP = 1.5
"""JSBSim's piston model's default static friction [hp] (``<static-friction>``): a fixed
loss, whatever the engine's size, set for the 180-200 hp engine its defaults describe."""
BEST_POWER_MIXTURE = 1.144
"""The generated piston's automatic mixture per unit pressure ratio δ (``atmosphere/delta``),
capped at 1. JSBSim's piston model burns at an equivalence ratio of 1.3 × mixture / δ, and
its power, fuel flow times its default mixture-efficiency correlation, peaks at a fuel/air
ratio of 0.101 (equivalence 1.487, mixture 1.487/1.3 δ). The δ^0.6 used before ran richer
with height (fuel/air 0.12, efficiency 0.5 at 20,000 ft): a 180 hp engine gave 33 hp there
and nothing from 23,000 ft; at best power it gives 82 hp, and power lasts to 46,000 ft."""
STEADY_STATE_STEP_S = 0.5
"""Time step [s] of JSBSim's engine steady-state solver (``FGPropulsion::GetSteadyState``,
run when the engines are started in the air and at every throttle setting the trim
tries): explicit Euler on the propeller's spin, ω += (Q_engine - Q_prop) / Ixx · 0.5 s."""


@dataclass(frozen=True)
class Note:
    """One documented number: what, its value with unit, how it was obtained."""

    label: str
    value: str
    source: str


@dataclass(frozen=True)
class Contact:
    """A ground contact: position [m], spring [N/m] and damping [N s/m]."""

    name: str
    kind: str
    position: tuple[float, float, float]
    spring: float
    damping: float
    steer_deg: float = 0.0
    brake: str = "NONE"
    retractable: bool = False


@dataclass(frozen=True)
class Propeller:
    """A fixed-pitch propeller and its thrust and power coefficient curves."""

    diameter: float
    blades: int
    ixx: float
    rpm: float
    thrust: tuple[tuple[float, float], ...]
    power: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Propulsion:
    """Engines of one kind: positions [m], power per engine [W] or thrust [N]."""

    kind: str
    positions: tuple[tuple[float, float, float], ...]
    power: float = 0.0
    thrust: float = 0.0
    max_rpm: float = 0.0
    displacement_in3: float = 0.0
    static_friction_hp: float = STATIC_FRICTION_HP
    bypass_ratio: float = 0.0
    tsfc: float = 0.0
    thrust_table: tuple[tuple[float, ...], ...] = ()
    propeller: Propeller | None = None
    tanks: tuple[tuple[tuple[float, float, float], float], ...] = ()


@dataclass
class Model:
    """Everything the writer needs; ``coefficients`` maps names (CLq, Cmα...) to values."""

    spec: AircraftSpec
    mtow: float
    empty: float
    fuel: float
    payload: float
    feed_tank: float
    inertia: tuple[float, float, float]
    span: float
    area: float
    mac: float
    x_cg: float
    x_np: float
    htail_area: float
    htail_arm: float
    vtail_area: float
    vtail_arm: float
    eyepoint: tuple[float, float, float]
    lift_table: tuple[tuple[float, float], ...]
    alpha_limits: tuple[float, float]
    cd0: float
    induced_k: float
    mach_drag: tuple[tuple[float, float], ...]
    ground_lift: tuple[tuple[float, float], ...]
    ground_drag: tuple[tuple[float, float], ...]
    coefficients: dict[str, float]
    control_limits: dict[str, float]
    contacts: tuple[Contact, ...]
    propulsion: Propulsion | None
    best_glide_speed: float
    clmax: float
    notes: list[Note] = field(default_factory=list)


def shown(value: float) -> str:
    """A mass [kg] or an inertia [kg m²] for the files' notes and header: whole units from
    10, else three significant digits (a 0.75 kg drone's masses are not "1 kg", "0 kg")."""
    return f"{value:.0f}" if abs(value) >= 10.0 else f"{value:.3g}"


def empty_mass(aircraft_class: str, mtow: float) -> float:
    """Empty mass [kg] from Raymer's statistical fit We/W0 = A W0^C, W0 in lb (Table 3.1)."""
    data = CLASS_DATA[aircraft_class]
    w0_lb = mtow / LB_KG
    return float(mtow * data.empty_a * w0_lb**data.empty_c)


def inertias(
    mass: float, span: float, length: float, radii: tuple[float, float, float]
) -> tuple[float, float, float]:
    """Moments of inertia [kg m²] from radii of gyration (Roskam, *Airplane Design* Part V).

    Ixx = m (b R̄x / 2)², Iyy = m (L R̄y / 2)², Izz = m ((b + L)/2 · R̄z / 2)².
    """
    rx, ry, rz = radii
    return (
        mass * (span * rx / 2.0) ** 2,
        mass * (length * ry / 2.0) ** 2,
        mass * ((span + length) / 2.0 * rz / 2.0) ** 2,
    )


def realisable_inertias(
    moments: tuple[float, float, float], margin: float = INERTIA_MARGIN
) -> tuple[float, float, float]:
    """The principal moments [kg m²] closest to ``moments`` that a mass distribution can have.

    With the planar second moments Sx = Σ m x², Sy = Σ m y², Sz = Σ m z²,
    Ixx = Sy + Sz, Iyy = Sx + Sz, Izz = Sx + Sy (Goldstein, *Classical Mechanics*,
    Ch. 5): none is negative, so no moment exceeds the sum of the other two. Radii of
    gyration estimated axis by axis can break that (an F-104's long fuselage on a short
    span gets Iyy above Ixx + Izz, a C-17's wide span Izz above Ixx + Iyy). Ixx and Iyy,
    each from one dimension (span, length), are kept; Izz, from their mean, is put in the
    band where every moment is at most (1 - ``margin``) times the sum of the other two
    (an F-16's Izz is 0.966 of Ixx + Iyy). Only a span under about a fifth of the
    length also needs the smaller of Ixx, Iyy raised to margin/(1 - margin) of the other.
    """
    ixx, iyy, izz = moments
    keep = 1.0 - margin
    ixx, iyy = max(ixx, iyy * margin / keep), max(iyy, ixx * margin / keep)
    lowest = max(iyy / keep - ixx, ixx / keep - iyy)
    return ixx, iyy, min(max(izz, lowest), keep * (ixx + iyy))


def spin_inertia(rated: float, cruise: float, rpm: float, design_x: float) -> float:
    """The least rotating inertia [kg m²] of a fixed-pitch propeller and its piston engine
    (``rated`` and ``cruise`` power [W], ``rpm`` at the design point, ``design_x`` the design
    J over the CP curve's zero-power J) that JSBSim's engine steady-state solver turns
    without overshoot.

    The solver steps the spin ω by explicit Euler with Δt = :data:`STEADY_STATE_STEP_S`;
    a disturbance shrinks by (1 - Δt S / Ixx) per step, S = d(Q_prop - Q_engine)/dω the
    spin's stiffness (Hairer, Nørsett and Wanner, *Solving ODEs I*, §I.7, Euler's
    stability region), so Ixx ≥ Δt S keeps every step short of the balance. A propeller's
    torque Q = CP ρ n² D⁵ / 2π with CP = CP0 (1 - (J/Jz)³) gives S = (P/ω²) (2 + x³) /
    (1 - x³) at x = J/Jz (the engine's torque is nearly flat in rpm): whatever the
    diameter, S is fixed by the power and the rpm. At cruise (x = ``design_x``) the power is
    the ``cruise`` power; at take-off (J = 0) the propeller absorbs the ``rated`` power at
    the rpm where CP0 ρ0 n³ D⁵ = P, at least (1 - x³)^(1/3) of the design rpm (the density
    ratio over the lapse is at least 1): S ≤ 2 P / ω² / (1 - x³)^(2/3). A small propeller's
    blades (0.15 kg m² for 30 in) fall far short: the solver overshot to 0 rpm, where the
    piston stops and static friction holds it (Ixx 1.2 kg m² stopped a 200 hp engine at
    6,000 ft, 1.5 kg m² ran).
    """
    omega = 2.0 * math.pi * rpm / 60.0
    cubed = design_x**3
    cruising = cruise * (2.0 + cubed) / (1.0 - cubed)
    take_off = 2.0 * rated / (1.0 - cubed) ** (2.0 / 3.0)
    return float(STEADY_STATE_STEP_S * max(cruising, take_off) / omega**2)


def positions_for_props(
    count: int,
    x_le_root: float,
    root: float,
    diameter: float,
    prop_d: float,
    span: float,
    units: WrittenUnits | None = None,
) -> tuple[tuple[float, float, float], ...]:
    """Propeller hubs: on the nose for one engine, else on the wing clear of the fuselage
    and of each other, an odd one on the nose (Ju 52, Trislander's on the fin is not
    modelled) [m]; ConfigError when the outermost disc reaches past the wing tip
    (quoted in the spec's ``units``, else SI)."""
    if count == 1:
        return ((0.0, 0.0, 0.0),)
    offsets = [diameter / 2.0 + 0.65 * prop_d + i * 1.1 * prop_d for i in range(count // 2)]
    if offsets and offsets[-1] + prop_d / 2.0 > span / 2.0:
        units = units or WrittenUnits()
        raise ConfigError(
            f"propulsion.count: {count} propellers of "
            f"{units.convert('propulsion.propeller_diameter', prop_d)}, side by side clear of "
            "the fuselage, need a span of "
            f"{units.convert('wing.span', 2.0 * (offsets[-1] + prop_d / 2.0))}; the wing's is "
            f"{units.show('wing.span', span)} (give fewer or smaller propellers)"
        )
    ys = sorted([-y for y in offsets] + offsets)
    wing = tuple((x_le_root - 0.6 * root, y, 0.0) for y in ys)
    return ((0.0, 0.0, 0.0), *wing) if count % 2 else wing  # an odd one on the nose


def turbofan_positions(
    aircraft_class: str,
    count: int,
    fan: float,
    length: float,
    diameter: float,
    span: float,
    x_wing: float,
) -> tuple[tuple[float, float, float], ...]:
    """Turbofan positions [m] by class, ``fan`` the estimated fan diameter [m].

    One engine exhausts at the tail (0.9 of the ``length``), as does a fighter's every
    engine, side by side 1.1 fans apart (buried in the fuselage: T-38, F-15); a business
    jet's hang in pairs on the rear fuselage (0.75 of the length), the first 0.7 fans
    from its side, any odd one in the tail cone (Falcon 900, 7X); every other layout in
    pairs under the wing at ``x_wing``, spread over 34-60% of the semi-span, an odd one on
    the centre line.
    """
    odd = [0.0] if count % 2 else []
    pairs = count // 2
    if count == 1 or aircraft_class == "fighter":
        ys = [(i - (count - 1) / 2.0) * 1.1 * fan for i in range(count)]
        return tuple((0.9 * length, y, 0.0) for y in ys)
    if aircraft_class == "business-jet":
        sides = [diameter / 2.0 + 0.7 * fan + i * 1.1 * fan for i in range(pairs)]
        rear = tuple((0.75 * length, y, 0.0) for y in sorted([-y for y in sides] + sides))
        return rear + tuple((0.9 * length, y, 0.0) for y in odd)
    fractions = [0.34 + 0.26 * i / max(pairs - 1, 1) for i in range(pairs)]
    ys = sorted([-f * span / 2.0 for f in fractions] + [f * span / 2.0 for f in fractions] + odd)
    return tuple((x_wing, y, 0.0) for y in ys)


def estimate(spec: AircraftSpec) -> Model:
    """The flight model of ``spec``; raises ConfigError when the spec cannot fly as given."""
    return _Estimator(spec).model()


class _Estimator:
    """Works through the estimates in order (each step uses the earlier ones)."""

    def __init__(self, spec: AircraftSpec):
        self.spec = spec
        self.data: ClassData = CLASS_DATA[spec.aircraft_class]
        self.notes: list[Note] = []
        self.units = spec.units()

    def note(self, label: str, value: str, source: str) -> None:
        self.notes.append(Note(label, value, source))

    def given(
        self, value: float | None, default: float, label: str, shown: str, source: str
    ) -> float:
        """``value`` when the spec gives it, else ``default`` (noted as estimated)."""
        if value is not None:
            return value
        self.note(label, shown, f"estimated: {source}")
        return default

    # -- the steps -------------------------------------------------------------
    def model(self) -> Model:
        s, d = self.spec, self.data
        w = s.wing
        # masses
        mtow = s.mass.mtow
        est_empty = empty_mass(s.aircraft_class, mtow)
        empty = self.given(
            s.mass.empty,
            est_empty,
            "empty mass",
            f"{shown(est_empty)} kg",
            "Raymer Table 3.1, We/W0 = A W0^C",
        )
        if empty >= mtow:
            raise ConfigError(
                f"mass.mtow: the estimated empty mass {self.units.convert('mass.mtow', empty)} "
                f"is not below MTOW {self.units.show('mass.mtow', mtow)}; give mass.empty"
            )
        if s.propulsion.engine in ("none", "electric"):  # nothing burns fuel: no fuel
            fuel = 0.0
        else:
            est_fuel = min(d.fuel_fraction * mtow, 0.9 * (mtow - empty))
            fuel = self.given(
                s.mass.fuel,
                est_fuel,
                "usable fuel",
                f"{shown(est_fuel)} kg",
                "class fuel fraction of MTOW (Raymer Ch. 3 mission fractions, typical)",
            )
        feed = min(FEED_TANK_KG, 0.5 * (mtow - empty)) if s.propulsion.engine == "electric" else 0.0
        payload = mtow - empty - fuel - feed
        # wing geometry
        area, span = w.area, w.span
        aspect = span**2 / area
        if w.root_chord is not None:
            taper = w.taper if w.taper is not None else 2.0 * area / (span * w.root_chord) - 1.0
            if not 0.0 <= taper <= 1.5:
                raise ConfigError(
                    f"wing.root_chord: {self.units.show('wing.root_chord', w.root_chord)} gives "
                    f"a taper of {taper:.2f} with this span and area (tip/root chord 0..1.5: a "
                    f"root chord of {self.units.convert('wing.root_chord', area / span * 0.8)} "
                    f"to {self.units.convert('wing.root_chord', 2.0 * area / span)})"
                )
        else:
            taper = self.given(
                w.taper, d.taper, "taper ratio", f"{d.taper:g}", "class typical (Raymer §4.3)"
            )
        sweep = (
            self.given(
                w.sweep,
                d.sweep_deg,
                "quarter-chord sweep",
                f"{d.sweep_deg:g} deg",
                "class typical (Raymer Fig. 4.20)",
            )
            * DEG
        )
        dihedral = (
            self.given(
                w.dihedral,
                d.dihedral_deg,
                "dihedral",
                f"{d.dihedral_deg:g} deg",
                "class typical (Raymer Table 4.2)",
            )
            * DEG
        )
        incidence = (
            self.given(
                w.incidence,
                d.incidence_deg,
                "wing incidence",
                f"{d.incidence_deg:g} deg",
                "class typical (Raymer §4.4)",
            )
            * DEG
        )
        tc = self.given(
            w.thickness,
            d.thickness,
            "thickness ratio t/c",
            f"{d.thickness:g}",
            "class typical (Raymer Fig. 4.14)",
        )
        position = w.position or d.position
        if w.position is None:
            self.note("wing position", position, "estimated: class typical")
        root = 2.0 * area / (span * (1.0 + taper))
        mac = 2.0 / 3.0 * root * (1.0 + taper + taper**2) / (1.0 + taper)
        y_mac = span / 6.0 * (1.0 + 2.0 * taper) / (1.0 + taper)
        tan_le = math.tan(sweep) + (1.0 - taper) / (aspect * (1.0 + taper))
        tan_c2 = math.tan(sweep) - (1.0 - taper) / (aspect * (1.0 + taper))
        # fuselage and wing placement
        length = s.fuselage.length
        diameter = self.given(
            s.fuselage.diameter,
            length / d.fineness,
            "fuselage diameter",
            f"{length / d.fineness:.2f} m",
            f"fineness ratio {d.fineness:g} (Raymer Ch. 6, fuselage fineness)",
        )
        x_le_root = d.wing_apex * length
        x_ac_w = x_le_root + y_mac * tan_le + 0.25 * mac
        # tail sizing by volume coefficients (arms first taken from the wing's aerodynamic centre)
        t = s.tail
        arm_h0 = self.given(
            t.htail_arm,
            d.tail_arm * length,
            "horizontal tail arm",
            f"{d.tail_arm * length:.2f} m",
            f"{d.tail_arm:g} x fuselage length (Raymer §6.4)",
        )
        arm_v0 = self.given(
            t.vtail_arm,
            d.tail_arm * length,
            "vertical tail arm",
            f"{d.tail_arm * length:.2f} m",
            f"{d.tail_arm:g} x fuselage length (Raymer §6.4)",
        )
        sh_est, sv_est = d.vh * area * mac / arm_h0, d.vv * area * span / arm_v0
        s_h = self.given(
            t.htail_area,
            sh_est,
            "horizontal tail area",
            f"{sh_est:.2f} m2",
            f"volume coefficient {d.vh:g} (Raymer Table 6.4)",
        )
        s_v = self.given(
            t.vtail_area,
            sv_est,
            "vertical tail area",
            f"{sv_est:.2f} m2",
            f"volume coefficient {d.vv:g} (Raymer Table 6.4)",
        )
        x_ac_h, x_ac_v = x_ac_w + arm_h0, x_ac_w + arm_v0
        for key, given_arm in (("tail.htail_arm", t.htail_arm), ("tail.vtail_arm", t.vtail_arm)):
            if given_arm is not None:
                self.check_tail_arm(key, given_arm, mac, x_ac_w, length)
        # cruise condition
        perf = s.performance
        air = isa(perf.cruise_altitude)
        mach = perf.cruise_speed / air.speed_of_sound
        weight = mtow * G0_M_S2
        q_cruise = 0.5 * air.density * perf.cruise_speed**2
        cl_cruise = weight / (q_cruise * area)
        # lift slopes and neutral point (Nelson Ch. 2)
        a_w = aero.lift_curve_slope(aspect, math.atan(tan_c2), mach)
        exposed = max(area - root * diameter, 0.5 * area)
        a_wb = a_w * min(aero.fuselage_lift_factor(diameter, span) * exposed / area, 1.0)
        a_h = aero.lift_curve_slope(d.htail_aspect, sweep, mach)
        a_v = aero.lift_curve_slope(1.55 * d.vtail_aspect, sweep, mach)
        deps = aero.downwash_gradient(a_w, aspect)
        eta = d.tail_efficiency
        tail_lift = eta * a_h * s_h / area * (1.0 - deps)
        cl_alpha = a_wb + tail_lift
        cm_fus = aero.fuselage_pitch_slope(diameter, length, area, mac, x_le_root + 0.25 * root)
        x_np = (a_wb * x_ac_w + tail_lift * x_ac_h - cm_fus * mac) / cl_alpha
        x_cg = x_np - d.static_margin * mac
        arm_h, arm_v = x_ac_h - x_cg, x_ac_v - x_cg
        vh = s_h * arm_h / (area * mac)
        z_wing = {"high": -0.4, "mid": 0.0, "low": 0.4}[position] * diameter
        volume = 0.75 * math.pi * diameter**2 / 4.0 * length

        def cn_beta(fin: float) -> float:
            """Cnβ [1/rad]: the fin's (DATCOM sidewash) less the fuselage's -1.3 Vol/(S b)."""
            side = aero.sidewash_factor(fin / area, sweep, z_wing, diameter, aspect)
            return fin * arm_v / (area * span) * a_v * side - 1.3 * volume / (area * span)

        s_v = self.directional_fin(s_v, t.vtail_area is not None, cn_beta)
        vv = s_v * arm_v / (area * span)
        cm_alpha = -cl_alpha * d.static_margin
        self.note(
            "lift-curve slope CLα",
            f"{cl_alpha:.3f} /rad (wing {a_w:.3f}, tail {a_h:.3f})",
            "Helmbold/DATCOM 4.1.3.2, downwash 2CLα/(πA) (Nelson eq. 2.23)",
        )
        self.note(
            "neutral point",
            f"{x_np:.3f} m aft of the nose ({(x_np - x_ac_w) / mac + 0.25:.3f} MAC)",
            "Nelson Ch. 2: wing, tail and fuselage (Gilruth-White, Raymer eq. 16.25)",
        )
        self.note(
            "CG and reference point",
            f"{x_cg:.3f} m aft of the nose, static margin {d.static_margin:g} MAC",
            "placed at the class static margin (Raymer §16.3)",
        )
        # drag
        cd0 = self.parasite_drag(
            aspect,
            area,
            span,
            root,
            taper,
            sweep,
            tc,
            length,
            diameter,
            s_h,
            s_v,
            air,
            mach,
            weight,
        )
        e = aero.oswald_efficiency(aspect, math.atan(tan_le), cd0, diameter, span, d.laminar)
        k = 1.0 / (math.pi * aspect * e)
        self.note(
            "Oswald efficiency e",
            f"{e:.3f} (k = {k:.4f})",
            "Raymer eqs. 12.48/12.49"
            if aspect <= 12.0
            else "Kroo, 1/e = 1/(0.99 (1 - 2(d/b)²)) + 0.38 CD0 (1 - laminar) π A"
            + (", blended with Raymer eq. 12.48 below A 16" if aspect < 16.0 else ""),
        )
        # elevator neutral at the best-range lift coefficient (Breguet): propeller
        # aircraft and gliders at L/Dmax, jets at sqrt(CD0/(3k)) (Raymer eqs. 17.11, 17.13)
        jet = s.propulsion.engine == "turbofan"
        cl_design = math.sqrt(cd0 / ((3.0 if jet else 1.0) * k))
        # lift curve
        alpha0, cm0 = self.trim_design(
            d.alpha0_deg * DEG,
            incidence,
            aspect,
            sweep,
            cl_design,
            cl_alpha,
            cm_alpha,
            eta * a_h * s_h / area,
            mac / arm_h,
        )
        alpha_cruise = alpha0 + cl_cruise / cl_alpha
        tau_e = 1.0 if s.aircraft_class == "fighter" else aero.flap_effectiveness(0.35)
        cl_de = eta * a_h * s_h / area * tau_e
        cm_de = -eta * a_h * vh * tau_e
        de_max = 25.0 * DEG
        stall = perf.stall_speed
        cl_req = 2.0 * weight / (RHO0 * stall**2 * area)
        if not 0.6 <= cl_req <= 2.4:
            fast, slow = (math.sqrt(2.0 * weight / (RHO0 * cl * area)) for cl in (0.6, 2.4))
            key = "performance.stall_speed"
            raise ConfigError(
                f"{key}: {self.units.show(key, stall)} needs a clean CLmax of {cl_req:.3g} "
                "with this wing area and MTOW; clean wings reach 0.6..2.4, a stall speed of "
                f"{self.units.convert(key, slow)} to {self.units.convert(key, fast)} here "
                "(give the clean stall speed at MTOW)"
            )
        lift_table, alpha_peak = self.lift_curve(
            cl_alpha, alpha0, cl_req, cl_de, cm_alpha, cm_de, cm0
        )
        de_stall = -(cm0 + cm_alpha * alpha_peak) / cm_de
        if abs(de_stall) > de_max:
            raise ConfigError(
                "tail.htail_area: the elevator cannot trim at the stall "
                f"(needs {de_stall / DEG:.0f} deg); "
                "give a larger horizontal tail"
            )
        self.note(
            "clean CLmax (trimmed)",
            f"{cl_req:.3f} at alpha {alpha_peak / DEG:.1f} deg",
            "from the stall speed at MTOW, CL = 2W/(ρ0 Vs² S)",
        )
        self.note(
            "cruise CL and alpha",
            f"{cl_cruise:.3f} at {alpha_cruise / DEG:.2f} deg",
            "W/(q S) at cruise speed and altitude",
        )
        mcrit = aero.critical_mach(
            tc, sweep, cl_cruise, 0.95 if s.aircraft_class == "airliner" else 0.87
        )
        top_mach = 2.0 if s.aircraft_class == "fighter" else 1.2
        machs = [
            0.0,
            *[round(mcrit + x, 3) for x in (0.0, 0.05, 0.1, 0.15, 0.2) if mcrit + x < top_mach],
            top_mach,
        ]
        mach_drag = tuple((m, round(aero.wave_drag(m, mcrit), 5)) for m in sorted(set(machs)))
        self.note("critical Mach", f"{mcrit:.3f}", "Korn equation with Lock's 20 (M - Mcrit)^4")
        ld_max = 0.5 / math.sqrt(cd0 * k)
        cl_glide = math.sqrt(cd0 / k)
        v_glide = math.sqrt(2.0 * weight / (RHO0 * area * cl_glide))
        best_glide = perf.best_glide_speed or v_glide
        self.note(
            "maximum L/D",
            f"{ld_max:.1f} at {v_glide / KT_M_S:.0f} KEAS (MTOW)",
            "CD0 + kCL² polar: L/Dmax = 1/(2 sqrt(CD0 k))",
        )
        # dynamic and control derivatives
        c: dict[str, float] = {}
        c["CLde"], c["Cmde"] = cl_de, cm_de
        c["CLq"] = 2.0 * eta * a_h * vh
        c["Cmq"] = -2.2 * eta * a_h * vh * arm_h / mac
        c["CLadot"] = 2.0 * eta * a_h * vh * deps
        c["Cmadot"] = -2.0 * eta * a_h * vh * arm_h / mac * deps
        c["Cmalpha"], c["Cm0"] = cm_alpha, cm0
        side = aero.sidewash_factor(s_v / area, sweep, z_wing, diameter, aspect)
        h_v = math.sqrt(s_v * d.vtail_aspect)
        z_v = diameter / 2.0 + 0.4 * h_v
        cy_beta_v = -a_v * s_v / area * side
        c["CYbeta"] = cy_beta_v
        gamma_eff = dihedral + {"high": 2.0, "mid": 0.0, "low": -2.0}[position] * DEG
        c["Clbeta"] = (
            aero.dihedral_effect(a_w, taper, gamma_eff)
            - cl_cruise * math.tan(sweep) * (1.0 + 2.0 * taper) / (6.0 * (1.0 + taper))
            + cy_beta_v * z_v / span
        )
        c["Clp"] = aero.roll_damping(a_w, taper)
        c["Clr_per_CL"] = 0.25
        c["Cnbeta"] = cn_beta(s_v)
        c["Cnr"] = -2.0 * eta * vv * arm_v / span * a_v - cd0 / 4.0
        c["Cnp_per_CL"] = -0.125
        tau_a, tau_r = aero.flap_effectiveness(0.25), aero.flap_effectiveness(0.35)
        inner = 0.5 if s.aircraft_class == "glider" else 0.6
        c["Clda"] = aero.aileron_roll_power(a_w, tau_a, area, span, root, taper, inner, 0.95)
        c["Cnda_per_CL"] = -0.15 * c["Clda"]
        c["CYdr"] = eta * a_v * s_v / area * tau_r
        c["Cndr"] = -eta * vv * a_v * tau_r
        c["Cldr"] = c["CYdr"] * z_v / span
        self.note(
            "static derivatives",
            f"Cmα {cm_alpha:.3f}, Cnβ {c['Cnbeta']:.4f}, Clβ {c['Clbeta']:.4f} /rad",
            "Nelson Ch. 2-3 (DATCOM sidewash, Perkins-Hage fuselage, strip-theory dihedral)",
        )
        self.note(
            "damping derivatives",
            f"Cmq {c['Cmq']:.2f}, Clp {c['Clp']:.3f}, Cnr {c['Cnr']:.4f} /rad",
            "Nelson Ch. 3-5 (tail volume and strip theory; Cmq +10% for the fuselage)",
        )
        self.note(
            "control derivatives",
            f"Cmδe {cm_de:.3f}, Clδa {c['Clda']:.4f}, Cnδr {c['Cndr']:.4f} /rad",
            "Glauert flap effectiveness, aileron strip integration (Nelson Ch. 2)",
        )
        # ground effect: effective aspect ratio A/φ (McCormick)
        heights = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1.1)
        ground_drag = tuple(
            (h, round(aero.ground_effect_induced(max(h, 0.02)), 4)) for h in heights
        )
        ground_lift = tuple(
            (
                h,
                round(
                    aero.lift_curve_slope(aspect / max(phi, 0.05), math.atan(tan_c2), 0.0)
                    / aero.lift_curve_slope(aspect, math.atan(tan_c2), 0.0),
                    4,
                ),
            )
            for h, phi in ground_drag
        )
        # masses and inertias
        radii = inertias(mtow, span, length, d.radii)
        inertia = realisable_inertias(radii)
        self.note(
            "inertias at MTOW",
            f"Ixx {shown(inertia[0])}, Iyy {shown(inertia[1])}, Izz {shown(inertia[2])} kg m2",
            f"Roskam Part V radii of gyration {d.radii}"
            + (
                f" gave Ixx {shown(radii[0])}, Iyy {shown(radii[1])}, Izz {shown(radii[2])} "
                "kg m2, which no mass distribution has; made realisable, each moment at most "
                f"{1.0 - INERTIA_MARGIN:g} times the sum of the other two"
                if inertia != radii
                else ""
            ),
        )
        propulsion = self.propulsion(x_cg, x_le_root, root, span, diameter, length, air, fuel, feed)
        if propulsion is not None:
            drag = q_cruise * area * (cd0 + k * cl_cruise**2 + aero.wave_drag(mach, mcrit))
            self.check_cruise(propulsion, drag, air, mach)
        gear_height = self.gear_height(diameter, propulsion)
        contacts = self.contacts(x_cg, length, span, dihedral, gear_height, mtow)
        return Model(
            spec=s,
            mtow=mtow,
            empty=empty,
            fuel=fuel,
            payload=payload,
            feed_tank=feed,
            inertia=inertia,
            span=span,
            area=area,
            mac=mac,
            x_cg=x_cg,
            x_np=x_np,
            htail_area=s_h,
            htail_arm=arm_h,
            vtail_area=s_v,
            vtail_arm=arm_v,
            eyepoint=(
                0.25 * length
                if propulsion is None or propulsion.positions[0][0] > 1.0
                else 0.3 * length,
                -0.3 * diameter if s.propulsion.count == 1 else 0.0,
                0.3 * diameter,
            ),
            lift_table=lift_table,
            alpha_limits=(min(alpha0 - 3.0 * DEG, -5.0 * DEG), alpha_peak),
            cd0=cd0,
            induced_k=k,
            mach_drag=mach_drag,
            ground_lift=ground_lift,
            ground_drag=ground_drag,
            coefficients=c,
            control_limits={"elevator": de_max, "aileron": 20.0 * DEG, "rudder": 25.0 * DEG},
            contacts=contacts,
            propulsion=propulsion,
            best_glide_speed=best_glide,
            clmax=cl_req,
            notes=self.notes,
        )

    def directional_fin(self, fin: float, given: bool, cn_beta: Callable[[float], float]) -> float:
        """The fin area [m²]: ``fin`` when it gives Cnβ of at least :data:`MIN_CN_BETA`,
        else (estimated) the area that does, found by bisection; a given fin that leaves the
        aircraft directionally unstable (Cnβ <= 0) is refused. The class's volume coefficient
        sizes a fin for a typical fuselage; a long fuselage on a short span (an F-104: 16.7 m
        on a 6.6 m span, whose -1.3 Vol/(S b) (Perkins and Hage) outweighs such a fin) needs
        more."""
        if cn_beta(fin) >= MIN_CN_BETA or (given and cn_beta(fin) > 0.0):
            return fin
        if given:
            raise ConfigError(
                f"tail.vtail_area: {self.units.show('tail.vtail_area', fin)} leaves the "
                "aircraft directionally unstable "
                f"(Cnβ {cn_beta(fin):.3f} /rad: the fuselage's destabilising moment outweighs "
                "the fin's); give a larger fin, or leave vtail_area out to have one sized"
            )
        low, high = fin, 2.0 * fin
        while cn_beta(high) < MIN_CN_BETA:
            low, high = high, 2.0 * high
        for _ in range(40):
            middle = 0.5 * (low + high)
            low, high = (middle, high) if cn_beta(middle) < MIN_CN_BETA else (low, middle)
        self.note(
            "vertical tail area enlarged",
            f"{high:.2f} m2 (the volume coefficient's {fin:.2f} m2 gave Cnβ {cn_beta(fin):.3f})",
            f"sized for Cnβ {MIN_CN_BETA:g} /rad against the fuselage (Perkins and Hage)",
        )
        return high

    def check_tail_arm(
        self, key: str, arm: float, mac: float, x_ac_w: float, length: float
    ) -> None:
        """Refuse a tail arm [m] that puts the tail on the wing (under one mean chord behind
        its aerodynamic centre) or far behind the fuselage (past 1.25 times its length)."""
        show, convert = self.units.show, self.units.convert
        if arm < mac:
            raise ConfigError(
                f"{key}: {show(key, arm)} is less than the wing's mean chord, "
                f"{convert(key, mac)}: the tail would sit on the wing (the arm runs from the "
                "wing's aerodynamic centre, at a quarter of its mean chord, to the tail's)"
            )
        if x_ac_w + arm > 1.25 * length:
            raise ConfigError(
                f"{key}: {show(key, arm)} puts the tail {convert(key, x_ac_w + arm - length)} "
                f"behind the end of the {show('fuselage.length', length)} fuselage (the wing's "
                f"aerodynamic centre is {convert(key, x_ac_w)} from the nose; the arm is at "
                f"most {convert(key, 1.25 * length - x_ac_w)}): give the arm from the wing's "
                "aerodynamic centre to the tail's"
            )

    def trim_design(
        self,
        alpha0_airfoil: float,
        incidence: float,
        aspect: float,
        sweep: float,
        cl_design: float,
        cl_alpha: float,
        cm_alpha: float,
        tail_slope: float,
        chord_over_arm: float,
    ) -> tuple[float, float]:
        """The zero-lift angle [rad] and Cm0 of the whole aircraft; notes the tail incidence.

        Angles are of the fuselage axis. The wing-body lifts from
        α_w0 = α0_airfoil - i_w; the tail sees α_t = α + i_t - ε with
        ε = dε/dα (α - α_w0) (Nelson eqs. 2.19-2.23), so about the CG
        Cm = Cm_ac + Cmα (α - α_w0) - V_H η a_t (α_w0 + i_t) and
        CL = CLα (α - α_w0) + η a_t S_t/S (α_w0 + i_t). The tail incidence is
        set so the elevator is neutral (no trim drag, Sadraey, *Aircraft
        Design*, §6.8) at the lift coefficient ``cl_design``; then the tail's lift at trim
        balances the wing's camber moment Cm_ac (thin-airfoil theory, DATCOM
        4.1.4.1) and the lift's moment about the CG, and the wing carries the
        difference (here the tail's load enters the lift, not only the moment).
        """
        alpha_w0 = alpha0_airfoil - incidence
        cm_ac = aero.wing_moment_at_ac(alpha0_airfoil, aspect, sweep)
        # u = α - α_w0 at the design point: CL_design = CLα u + (c̄/l_t)(Cm_ac + Cmα u)
        u = (cl_design - chord_over_arm * cm_ac) / (cl_alpha + chord_over_arm * cm_alpha)
        tail_angle = (cm_ac + cm_alpha * u) / (tail_slope / chord_over_arm)
        alpha0 = alpha_w0 - tail_slope * tail_angle / cl_alpha
        cm0 = cm_ac - cm_alpha * alpha_w0 - tail_slope / chord_over_arm * tail_angle
        self.note(
            "wing Cm_ac",
            f"{cm_ac:.4f}",
            "thin-airfoil cm_ac = (π/2) α0 of the section, DATCOM 4.1.4.1 finite-wing factor",
        )
        self.note(
            "tail incidence and Cm0",
            f"{(tail_angle - alpha_w0) / DEG:.2f} deg to the fuselage axis, Cm0 {cm0:.4f}, "
            f"zero-lift alpha {alpha0 / DEG:.2f} deg; elevator neutral at CL {cl_design:.3f}",
            "elevator neutral at the best-range CL (Sadraey §6.8, Raymer eqs. 17.11/17.13), "
            "downwash Nelson eq. 2.23",
        )
        return alpha0, cm0

    def lift_curve(
        self,
        cl_alpha: float,
        alpha0: float,
        cl_req: float,
        cl_de: float,
        cm_alpha: float,
        cm_de: float,
        cm0: float,
    ) -> tuple[tuple[tuple[float, float], ...], float]:
        """The lift table CL(α) [rad] whose trimmed maximum is ``cl_req``; and its peak α.

        Linear (slope CLα) to 0.8 CLmax, then a parabola tangent to the line with
        its vertex at CLmax, a drop to 0.75 CLmax within 6 deg past the peak and
        a flat-plate-like decay to 0 at 90 deg (the classic post-stall shape,
        e.g. McCormick Ch. 4). The elevator's lift at the trimmed deflection
        δe = -(Cm0 + Cmα α)/Cmδe lowers the lift the aircraft can hold steady,
        so the table's peak is raised until the trimmed maximum equals the lift
        coefficient of the specified stall speed.
        """

        def table(clmax: float) -> tuple[list[tuple[float, float]], float]:
            cl1 = 0.8 * clmax
            a1 = alpha0 + cl1 / cl_alpha
            peak = a1 + 2.0 * (clmax - cl1) / cl_alpha
            curv = cl_alpha / (2.0 * (peak - a1))
            neg = alpha0 - 0.8 * clmax / cl_alpha
            points = [
                (-math.pi / 2, 0.0),
                (min(-0.6, neg - 0.2), -0.6 * clmax),
                (neg, -0.8 * clmax),
            ]
            points += [(alpha0, 0.0), (a1, cl1)]
            for f in (0.25, 0.5, 0.75, 1.0, 1.25):
                a = a1 + f * (peak - a1)
                points.append((a, clmax - curv * (a - peak) ** 2))
            points += [
                (peak + 6.0 * DEG, 0.75 * clmax),
                (max(peak + 0.3, 0.7), 0.7 * clmax),
                (math.pi / 2, 0.0),
            ]
            return [(round(a, 4), round(v, 4)) for a, v in points], peak

        def trimmed_max(points: list[tuple[float, float]], peak: float) -> float:
            grid = [peak - 0.2 + 0.001 * i for i in range(300)]
            pts = tuple(points)
            return max(
                aero.interpolate(pts, a) - cl_de * (cm0 + cm_alpha * a) / cm_de for a in grid
            )

        clmax = cl_req
        for _ in range(8):
            points, peak = table(clmax)
            clmax *= cl_req / trimmed_max(points, peak)
        points, peak = table(clmax)
        self.note(
            "lift table CLmax (untrimmed)",
            f"{clmax:.3f}",
            "raised so the trimmed CLmax meets the stall speed",
        )
        return tuple(points), round(peak, 4)

    def parasite_drag(
        self,
        aspect: float,
        area: float,
        span: float,
        root: float,
        taper: float,
        sweep: float,
        tc: float,
        length: float,
        diameter: float,
        s_h: float,
        s_v: float,
        air: Air,
        mach: float,
        weight: float,
    ) -> float:
        """Zero-lift drag CD0 by component build-up (Raymer §12.5, eq. 12.24).

        CD0 = Σ Cf FF Q S_wet / S + ΔCD (fixed gear, cooling) + leakage and
        protuberances; skin friction at the cruise Reynolds number of each
        component's length. Laminar sections (a class with laminar flow: gliders) have
        their maximum thickness at 40% of the chord, not the 30% of the form factor's
        low-speed sections (NACA 6-series 63- to 65-: 35-45%, Abbott and von Doenhoff,
        *Theory of Wing Sections*; Raymer eq. 12.30's (x/c)m).
        """
        s, d = self.spec, self.data
        speed = s.performance.cruise_speed
        per_m = air.density * speed / air.viscosity
        mac = 2.0 / 3.0 * root * (1.0 + taper + taper**2) / (1.0 + taper)
        lam = d.laminar
        x_max_t = 0.4 if lam > 0.0 else 0.3
        parts: dict[str, float] = {}
        exposed = max(area - root * diameter, 0.5 * area)
        cf = aero.skin_friction(per_m * mac, mach, lam)
        parts["wing"] = (
            cf
            * aero.wing_form_factor(tc, mach, sweep, x_max_t)
            * aero.wing_wetted_area(exposed, tc)
        )
        for name, tail_area, aspect_t in (
            ("htail", s_h, d.htail_aspect),
            ("vtail", s_v, d.vtail_aspect),
        ):
            chord = math.sqrt(tail_area / aspect_t)
            cf_t = aero.skin_friction(per_m * chord, mach, lam)
            parts[name] = (
                cf_t
                * aero.wing_form_factor(0.1, mach, sweep, x_max_t)
                * 1.04
                * aero.wing_wetted_area(tail_area, 0.1)
            )
        cf_f = aero.skin_friction(per_m * length, mach, 0.5 * lam)
        parts["fuselage"] = (
            cf_f
            * aero.body_form_factor(length / diameter)
            * aero.body_wetted_area(diameter, length)
        )
        prop = s.propulsion
        wing_nacelles = (
            prop.count
            if prop.engine != "none" and not (prop.count == 1 and prop.engine != "turbofan")
            else 0
        )
        if s.aircraft_class == "fighter":
            wing_nacelles = 0
        if wing_nacelles:
            if prop.engine == "turbofan":
                d_n = 0.005 * math.sqrt(prop.thrust or 0.0) + 0.2
            else:
                d_n = 0.03 * math.sqrt((prop.power or 0.0) / 1000.0) + 0.2
            l_n = 3.0 * d_n
            cf_n = aero.skin_friction(per_m * l_n, mach)
            parts["nacelles"] = (
                wing_nacelles
                * cf_n
                * aero.nacelle_form_factor(3.0)
                * 1.3
                * aero.body_wetted_area(d_n, l_n)
            )
        if not s.gear.retractable and s.gear.type != "skid":
            legs = 3
            parts["fixed gear"] = legs * 0.032 * (s.mass.mtow / 1100.0) ** (2.0 / 3.0)
        if prop.engine == "piston":
            t_rankine = air.temperature * 1.8
            speed_fps = speed / 0.3048
            dq_ft2 = (
                4.9e-7
                * (prop.power or 0.0)
                / HP_W
                * prop.count
                * t_rankine**2
                / (air.sigma * speed_fps)
            )
            parts["engine cooling"] = dq_ft2 * 0.3048**2
        total = sum(parts.values()) / area * (1.0 + d.leakage)
        detail = ", ".join(f"{k} {v / area:.4f}" for k, v in parts.items())
        self.note(
            "zero-lift drag CD0",
            f"{total:.4f} ({detail}; leakage {d.leakage:g})",
            "component build-up, Raymer §12.5 (eqs. 12.24-12.32, cooling eq. 12.40)",
        )
        return total

    def propulsion(
        self,
        x_cg: float,
        x_le_root: float,
        root: float,
        span: float,
        diameter: float,
        length: float,
        air: Air,
        fuel: float,
        feed: float,
    ) -> Propulsion | None:
        """Engine positions and parameters, propeller or fan, and fuel tanks ([kg]: ``fuel``
        in two, or an electric aircraft's ``feed`` tank)."""
        s = self.spec
        p = s.propulsion
        if p.engine == "none":
            return None
        n = p.count
        tanks: tuple[tuple[tuple[float, float, float], float], ...] = ()
        if fuel > 0:
            y_tank = 0.0 if s.aircraft_class == "fighter" else 0.2 * span / 2.0
            tanks = (((x_cg, -y_tank, 0.0), fuel / 2.0), ((x_cg, y_tank, 0.0), fuel / 2.0))
            self.note(
                "fuel tanks",
                f"2 x {shown(fuel / 2.0)} kg at the CG station",
                "placed so fuel burn leaves the CG",
            )
        if p.engine == "electric":  # JSBSim's turbine model needs a tank to feed from
            tanks = (((x_cg, 0.0, 0.0), feed),)
            self.note(
                "feed tank",
                f"{shown(feed)} kg at the CG, frozen by the FCS (propulsion/fuel_freeze), "
                "within MTOW (taken from the payload); an electric motor burns no fuel",
                "a token tank: JSBSim's turbine model starves without one",
            )
        if p.engine in ("turboprop", "electric"):
            return self.turboprop(n, x_le_root, root, diameter, span, air, tanks)
        if p.engine in PROPELLER_ENGINES:
            power = p.power or 0.0
            hp = power / HP_W
            blades = 2 if hp < 250 else (3 if hp < 600 else 4)
            prop_d = self.propeller_diameter(power, {2: 1.7, 3: 1.6, 4: 1.5}[blades], blades)
            positions = positions_for_props(n, x_le_root, root, diameter, prop_d, span, self.units)
            rpm = 2700.0 if hp < 300 else 2575.0
            propeller = self.propeller(power, prop_d, blades, rpm, air)
            friction = min(STATIC_FRICTION_HP, 0.01 * hp)
            if friction < STATIC_FRICTION_HP:
                self.note(
                    "static friction",
                    f"{friction:.3g} hp",
                    "1% of the rated power (JSBSim's fixed 1.5 hp is under 1% of the 180-200 hp "
                    "it was set for, and is the whole output of a 1.5 hp engine)",
                )
            return Propulsion(
                kind=p.engine,
                positions=positions,
                power=power,
                max_rpm=rpm,
                displacement_in3=2.0 * hp,
                static_friction_hp=friction,
                propeller=propeller,
                tanks=tanks,
            )
        thrust = p.thrust or 0.0
        bpr = {"airliner": 6.0, "business-jet": 4.0, "fighter": 0.4}.get(s.aircraft_class, 2.0)
        tsfc = {"airliner": 0.36, "business-jet": 0.45, "fighter": 0.75}.get(s.aircraft_class, 0.5)
        self.note(
            "turbofan",
            f"bypass ratio {bpr:g}, static TSFC {tsfc:g} lb/(lbf h)",
            "class typical (Raymer Table 3.3)",
        )
        fan = 0.005 * math.sqrt(thrust) + 0.2
        positions = turbofan_positions(
            s.aircraft_class, n, fan, length, diameter, span, x_cg - 0.5 * root
        )
        top = 2.0 if s.aircraft_class == "fighter" else 1.0
        machs = [round(top * i / 5.0, 3) for i in range(6)]
        alts = [-10000.0, 0.0, 10000.0, 20000.0, 30000.0, 40000.0, 50000.0, 60000.0]
        k_m = 0.45 * bpr / (1.0 + bpr)
        ram = 0.25 / (1.0 + bpr)
        rows = [tuple(alts)]
        for m in machs:
            row = [m]
            for h_ft in alts:
                sigma = isa(h_ft * 0.3048).sigma
                row.append(round(sigma**0.75 * max(1.0 - k_m * m + ram * m * m, 0.1), 4))
            rows.append(tuple(row))
        self.note(
            "thrust lapse",
            f"σ^0.75 (1 - {k_m:.3f} M + {ram:.3f} M²)",
            "simplified installed-thrust trend (Raymer §10.3, Mattingly Ch. 2)",
        )
        return Propulsion(
            kind="turbofan",
            positions=positions,
            thrust=thrust,
            bypass_ratio=bpr,
            tsfc=tsfc,
            thrust_table=tuple(rows),
            tanks=tanks,
        )

    def propeller_diameter(self, power: float, k_p: float, blades: int) -> float:
        """The spec's propeller diameter [m], else Raymer's D = K_p P^0.25 (ft, hp) for
        ``power`` [W], brought within the bounds a given one is held to
        (:func:`flightsim.design.spec.propeller_bounds`: the 0.75 kg Disco's 150 W motor had
        been given 0.33 m, more than half its 0.58 m fuselage)."""
        d_raymer = k_p * (power / HP_W) ** 0.25 * 0.3048
        smallest, largest = propeller_bounds(self.spec, power)
        d_est = min(max(d_raymer, smallest), largest)
        kept = "" if d_est == d_raymer else f", brought within {smallest:.2f}..{largest:.2f} m"
        return self.given(
            self.spec.propulsion.propeller_diameter,
            d_est,
            "propeller diameter",
            f"{d_est:.2f} m",
            f"Raymer eq. 10.21, D = {k_p} P^0.25 (ft, hp), {blades} blades{kept}",
        )

    def turboprop(
        self,
        count: int,
        x_le_root: float,
        root: float,
        fuselage_diameter: float,
        span: float,
        air: Air,
        tanks: tuple[tuple[tuple[float, float, float], float], ...],
    ) -> Propulsion:
        """A turboprop as the thrust its propeller delivers (JSBSim turbine model, direct thrust).

        Thrust T = min(T0, η P / V) with η = 0.8 (Raymer §5.4, T = η P / V);
        static thrust from momentum theory with a figure of merit of 0.75,
        T0 = (2 ρ A)^(1/3) (0.75 P)^(2/3) (McCormick Ch. 6); shaft power
        flat-rated to the altitude where 1.5 σ^0.75 falls below 1 (typical
        thermodynamic margin of a flat-rated turboshaft, Raymer §10.4). Fuel
        flow from a power-specific consumption of 0.6 lb/(hp h) at cruise.
        An electric motor is modelled the same way
        with its shaft power at every altitude and no fuel flow (JSBSim's electric
        engine cannot be trimmed from a standing propeller).
        """
        s = self.spec
        electric = s.propulsion.engine == "electric"
        power = s.propulsion.power or 0.0
        hp = power / HP_W
        blades = 4 if hp > 600 else 3
        diameter = self.propeller_diameter(power, {3: 1.6, 4: 1.5}[blades], blades)
        positions = positions_for_props(
            count, x_le_root, root, fuselage_diameter, diameter, span, self.units
        )
        disk = math.pi * diameter**2 / 4.0
        static = (2.0 * RHO0 * disk) ** (1.0 / 3.0) * (0.75 * power) ** (2.0 / 3.0)
        machs = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
        alts = [-10000.0, 0.0, 10000.0, 20000.0, 30000.0, 40000.0, 50000.0, 60000.0]
        rows: list[tuple[float, ...]] = [tuple(alts)]
        for m in machs:
            row = [m]
            for h_ft in alts:
                a = isa(h_ft * 0.3048)
                shaft = power * (1.0 if electric else min(1.0, 1.5 * a.sigma**0.75))
                speed = max(m * a.speed_of_sound, 1.0)
                row.append(round(min(static, 0.8 * shaft / speed) / static, 4))
            rows.append(tuple(row))
        cruise_thrust = 0.8 * power * min(1.0, 1.5 * air.sigma**0.75) / s.performance.cruise_speed
        tsfc = 0.0 if electric else 0.6 * hp / (cruise_thrust / 4.4482216)
        self.note(
            s.propulsion.engine,
            f"{hp:.0f} shp, static thrust {static / 1000.0:.1f} kN, propeller {diameter:.2f} m",
            "T = min(T0, 0.8 P/V), momentum-theory T0 (Raymer §5.4, McCormick Ch. 6)",
        )
        return Propulsion(
            kind=s.propulsion.engine,
            positions=positions,
            power=power,
            thrust=static,
            tsfc=round(tsfc, 4),
            thrust_table=tuple(rows),
            tanks=tanks,
        )

    def propeller(
        self, power: float, diameter: float, blades: int, rpm: float, air: Air
    ) -> Propeller:
        """A fixed-pitch propeller matched to absorb full power at cruise and rated rpm.

        Coefficient curves CT = CT0 (1 - x²), CP = CP0 (1 - (x/1.08)³) with
        x = J/Jz (Jz: the zero-thrust advance ratio, close to the geometric
        pitch over the diameter, McCormick Ch. 6). The design point (cruise
        true airspeed, rated rpm) sits at x = 0.75 where the efficiency peaks at
        0.83; CP0 is set so the propeller absorbs the power available at the
        cruise altitude there (piston lapse (1.132 σ - 0.132), Gagg and Ferrar).
        """
        s = self.spec
        n = rpm / 60.0
        j_design = s.performance.cruise_speed / (n * diameter)
        jz = j_design / 0.75
        lapse = 1.132 * air.sigma - 0.132 if s.propulsion.engine == "piston" else 1.0
        cp_design = power * lapse / (air.density * n**3 * diameter**5)
        cp0 = cp_design / (1.0 - (0.75 / 1.08) ** 3)
        ct0 = 1.69 * cp0 / jz
        xs = [0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 1.0, 1.08, 1.2, 1.4]
        thrust = tuple((round(x * jz, 4), round(ct0 * (1.0 - x * x), 5)) for x in xs)
        power_t = tuple((round(x * jz, 4), round(cp0 * (1.0 - (x / 1.08) ** 3), 5)) for x in xs)
        radius_ft = diameter / 2.0 / 0.3048
        ixx_slugft2 = 0.085 * blades * radius_ft**2 * (radius_ft / 3.125)
        blades_ixx = ixx_slugft2 * 14.593903 * 0.3048**2
        ixx = max(blades_ixx, spin_inertia(power, lapse * power, rpm, 0.75 / 1.08))
        self.note(
            "propeller",
            f"{diameter:.2f} m, {blades} blades, pitch ratio ~{jz:.2f}, "
            f"CT0 {ct0:.4f}, CP0 {cp0:.4f}",
            "fixed pitch matched at cruise, J = V/(nD) = 0.75 Jz (McCormick Ch. 6)",
        )
        if ixx > blades_ixx:
            self.note(
                "propeller and engine inertia",
                f"{ixx:.3g} kg m2 (the blades' {blades_ixx:.3g} kg m2)",
                "the least rotating inertia that keeps JSBSim's engine steady-state solver "
                f"({STEADY_STATE_STEP_S:g} s explicit steps) from overshooting the rpm; the "
                "engine's crankshaft and reduction parts turn with the propeller",
            )
        return Propeller(diameter, blades, ixx, rpm, thrust, power_t)

    def check_cruise(self, prop: Propulsion, drag: float, air: Air, mach: float) -> None:
        """Refuse a cruise speed the engines cannot hold: drag [N] against the thrust available.

        Available thrust at the cruise condition, full throttle, by the same
        models the engine files use: piston η P (1.132 σ - 0.132) / V with η =
        0.83 (the matched propeller); turboprop and electric min(T0, 0.8 P/V);
        turbofan the lapse table's value. 10% is kept in hand (bleed, table interpolation, trim).
        """
        speed = self.spec.performance.cruise_speed
        count = len(prop.positions)
        if prop.kind == "piston":
            available = 0.83 * prop.power * (1.132 * air.sigma - 0.132) / speed
        elif prop.kind == "turbofan":
            k_m = 0.45 * prop.bypass_ratio / (1.0 + prop.bypass_ratio)
            ram = 0.25 / (1.0 + prop.bypass_ratio)
            available = prop.thrust * air.sigma**0.75 * max(1.0 - k_m * mach + ram * mach**2, 0.1)
        else:
            lapse = 1.0 if prop.kind == "electric" else min(1.0, 1.5 * air.sigma**0.75)
            available = min(prop.thrust, 0.8 * prop.power * lapse / speed)
        available *= count
        if drag > 0.9 * available:
            aspirated = (
                f" (the piston model is normally aspirated: {1.132 * air.sigma - 0.132:.0%} of "
                "its rated power there; a supercharged or turbocharged engine is not modelled, "
                "give its cruise at a lower altitude)"
                if prop.kind == "piston"
                else ""
            )
            units, altitude = self.units, self.spec.performance.cruise_altitude
            raise ConfigError(
                f"performance.cruise_speed: {units.show('performance.cruise_speed', speed)} "
                f"(true airspeed) at {units.show('performance.cruise_altitude', altitude)}"
                f" needs {units.force(drag)} of thrust (estimated drag), more than 90% of the "
                f"{units.force(available)} the engines give there at full throttle: "
                f"lower the cruise speed or altitude, or give more power or thrust{aspirated}"
            )
        self.note(
            "cruise thrust",
            f"drag {drag:.0f} N of {available:.0f} N available at full throttle",
            "drag polar against the engine model at the cruise condition",
        )

    def gear_height(self, diameter: float, propulsion: Propulsion | None) -> float:
        """Height of the contact points below the fuselage centre line [m].

        The class's leg length below the fuselage, raised so a nose propeller
        clears the ground by 9 in (0.23 m, Raymer §10.3).
        """
        extra = {
            "light-single": 0.35,
            "light-twin": 0.4,
            "turboprop": 0.6,
            "business-jet": 0.45,
            "airliner": 1.2,
            "glider": 0.15,
            "fighter": 0.9,
        }[self.spec.aircraft_class]
        height = 0.5 * diameter + extra
        if (
            propulsion is not None
            and propulsion.propeller is not None
            and propulsion.positions[0][1] == 0.0
        ):
            height = max(height, propulsion.propeller.diameter / 2.0 + 0.23)
        return height

    def contacts(
        self,
        x_cg: float,
        length: float,
        span: float,
        dihedral: float,
        height: float,
        mtow: float,
    ) -> tuple[Contact, ...]:
        """Gear contact points and spring/damper constants from the weight on each leg.

        Tricycle: mains 15 deg behind the CG seen from the contact (tip-back
        angle), nose wheel carrying ~10% (Raymer §11.2); taildragger: mains
        16 deg ahead; spring k = static load / stroke, damping 0.6 of critical
        (c = 1.2 sqrt(k m)).
        """
        s, d = self.spec, self.data
        z = -height
        kind = s.gear.type
        track = max(0.8 * height, 0.3 * s.fuselage.length / 8.0 + 0.5)
        if kind == "tricycle":
            x_main = x_cg + math.tan(15.0 * DEG) * height
            x_other = max(x_main - (x_main - x_cg) / 0.10, 0.05 * length)
            z_other = z
        elif kind == "taildragger":
            x_main = x_cg - math.tan(16.0 * DEG) * height
            x_other = 0.92 * length
            z_other = z + (x_other - x_main) * math.tan(12.0 * DEG)
        else:
            x_main = x_cg + 0.1
            x_other = 0.95 * length
            z_other = z + (x_other - x_main) * math.tan(10.0 * DEG)
        share_other = abs(x_cg - x_main) / abs(x_other - x_main)
        loads = {"main": (1.0 - share_other) / 2.0 * mtow, "other": share_other * mtow}

        def spring(mass: float) -> tuple[float, float]:
            k = mass * G0_M_S2 / d.gear_stroke_m
            return k, 1.2 * math.sqrt(k * mass)

        retract = s.gear.retractable
        k_m, c_m = spring(loads["main"])
        k_o, c_o = spring(max(loads["other"], 0.05 * mtow))
        other_name = {"tricycle": "NOSE", "taildragger": "TAIL", "skid": "TAIL_SKID"}[kind]
        contacts = [
            Contact(
                other_name,
                "BOGEY",
                (x_other, 0.0, z_other),
                k_o,
                c_o,
                steer_deg=10.0 if kind != "skid" else 0.0,
                retractable=retract and kind == "tricycle",
            ),
            Contact(
                "LEFT_MAIN",
                "BOGEY",
                (x_main, -track if kind != "skid" else 0.0, z),
                k_m,
                c_m,
                brake="LEFT",
                retractable=retract,
            ),
        ]
        if kind != "skid":
            contacts.append(
                Contact(
                    "RIGHT_MAIN",
                    "BOGEY",
                    (x_main, track, z),
                    k_m,
                    c_m,
                    brake="RIGHT",
                    retractable=retract,
                )
            )
        else:
            contacts.append(
                Contact("NOSE_SKID", "STRUCTURE", (0.15 * length, 0.0, z + 0.15), k_m, c_m)
            )
        z_tip = span / 2.0 * math.tan(dihedral)
        for side, y in (("LEFT_WING_TIP", -span / 2.0), ("RIGHT_WING_TIP", span / 2.0)):
            contacts.append(Contact(side, "STRUCTURE", (x_cg, y, z_tip), 10.0 * k_m, 3.0 * c_m))
        self.note(
            "gear",
            f"{kind}, contacts {height:.2f} m below the fuselage axis, main spring {k_m:.0f} N/m",
            "tip-back 15 deg, 10% on the nose wheel (Raymer §11.2); k from the static load",
        )
        return tuple(contacts)
