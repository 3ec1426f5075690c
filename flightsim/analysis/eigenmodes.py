"""Dynamic modes of a linear model, named the way a flight-test engineer names them.

:func:`modes` takes a :class:`~flightsim.analysis.linear.LinearModel` and
returns one :class:`Mode` per real eigenvalue and per complex-conjugate pair,
labelled ``short-period``, ``phugoid``, ``dutch-roll``, ``roll``, ``spiral``
or ``other`` (engine speed, heading, position and altitude states), with its
frequency, damping, period or time constant, time to half or double amplitude
and its MIL-F-8785C level (:mod:`flightsim.analysis.handling`).

Labels come from the modes' *participation factors*, not from their size:
``p_ki = |v_ki w_ik|`` with ``v`` the right and ``w`` the left eigenvectors
(Pérez-Arriaga, Verghese & Schweppe, IEEE Trans. PAS-101, 1982), which do not
depend on the states' units. A mode whose participation lies mostly in alpha
and q is the short period; in airspeed and pitch attitude the phugoid; in
sideslip and yaw rate (with roll rate) the Dutch roll; in roll rate the roll
subsidence; in bank angle the spiral (Etkin & Reid, *Dynamics of Flight*, ch. 6
and 9; Nelson, *Flight Stability and Automatic Control*, ch. 4-5). A heavily
damped short period or Dutch roll splits into two real roots; each keeps the
label, and the level is that of the equivalent pair
(``wn = sqrt(l1 l2)``, ``zeta = -(l1 + l2) / 2 wn``).

The short period's frequency criterion needs n/alpha [g/rad], the steady
normal load factor per radian of angle of attack at the trimmed point
(:func:`n_alpha`). It comes from the linear model's alpha row:
``alpha' = (Z_alpha / V) alpha + ...`` with ``Z_alpha / V`` [1/s] the
``A[alpha, alpha]`` entry, so ``n/alpha = -V A[alpha, alpha] / g``
(``-Z_alpha / V = 1 / T_theta2 = q S (CL_alpha + CD) / (m V)``: Hodgkinson,
*Aircraft Handling Qualities*, section 3.2, ``n/alpha = V / (g T_theta2)``;
Cook, *Flight Dynamics Principles*, 3rd ed., section 10.4). It counts the
drag (and thrust) terms with the lift slope, as the short-period
approximation does; for the c172p at 4000 ft / 100 KCAS it gives
16.6 g/rad, against q S CL_alpha / W = 3.13 g per unit CL times a lift slope
of about 5 1/rad.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from flightsim.analysis import handling
from flightsim.analysis.linear import LinearModel
from flightsim.units import G0_FT_S2

__all__ = ["MODE_NAMES", "Mode", "modes", "n_alpha"]

MODE_NAMES = ("short-period", "phugoid", "dutch-roll", "roll", "spiral", "other")
"""Mode labels, in the order :func:`modes` lists them."""

_GROUPS: dict[str, frozenset[str]] = {
    "fast": frozenset({"alpha", "q"}),
    "slow": frozenset({"vt", "theta"}),
    "lateral": frozenset({"beta", "r", "p", "phi"}),
    "engine": frozenset({f"rpm{i}" for i in range(4)}),
    "navigation": frozenset({"psi", "latitude", "longitude", "altitude"}),
}
_KEY_STATES: dict[str, frozenset[str]] = {
    "short-period": frozenset({"alpha", "q"}),
    "phugoid": frozenset({"vt", "theta"}),
    "dutch-roll": frozenset({"beta", "r"}),
    "roll": frozenset({"p"}),
    "spiral": frozenset({"phi"}),
}
_ZERO = 1e-6  # [1/s]: an eigenvalue this small is a neutral (heading, position) state


@dataclass(frozen=True)
class Mode:
    """One mode: a real eigenvalue or a complex pair (``eigenvalue`` has imag >= 0).

    ``damping`` is the damping ratio (1 for a stable real root, -1 unstable, 0
    for a neutral one: modulus below 1e-6 1/s, with no time figures),
    ``natural_frequency_rad_s`` the eigenvalue's modulus [rad/s]; ``period_s``
    the damped period (None when aperiodic), ``time_constant_s`` 1/|real part|
    of an aperiodic mode [s]; ``time_to_half_s`` (stable) or
    ``time_to_double_s`` (unstable) of the amplitude [s]; ``level`` the
    MIL-F-8785C level (1-3, 4 when worse than level 3, None without a
    criterion); ``participation`` each state's share in the mode (sums to 1).
    Short period only (else None): ``n_alpha_g_per_rad``, the load factor per
    angle of attack [g/rad] (:func:`n_alpha`), and ``cap``, the Control
    Anticipation Parameter wn**2 / (n/alpha) [1/(g s**2)] of its (equivalent)
    natural frequency; its ``level`` is the worse of its damping and
    frequency levels.
    """

    name: str
    eigenvalue: complex
    damping: float
    natural_frequency_rad_s: float
    period_s: float | None
    time_constant_s: float | None
    time_to_half_s: float | None
    time_to_double_s: float | None
    level: int | None
    participation: dict[str, float] = field(default_factory=dict)
    n_alpha_g_per_rad: float | None = None
    cap: float | None = None

    @property
    def oscillatory(self) -> bool:
        """True for a complex pair."""
        return self.eigenvalue.imag > 0.0

    def to_json(self) -> dict[str, str | float | int | None]:
        """The mode as a JSON object (the keys of ``flightsim analyze --json``).

        A short period also has ``n_alpha_g_per_rad`` and ``cap``.
        """
        data: dict[str, str | float | int | None] = {
            "name": self.name,
            "eigenvalue_real": self.eigenvalue.real,
            "eigenvalue_imag": self.eigenvalue.imag,
            "damping": self.damping,
            "natural_frequency_rad_s": self.natural_frequency_rad_s,
            "period_s": self.period_s,
            "time_constant_s": self.time_constant_s,
            "time_to_half_s": self.time_to_half_s,
            "time_to_double_s": self.time_to_double_s,
            "level": self.level,
        }
        if self.name == "short-period":
            data["n_alpha_g_per_rad"] = self.n_alpha_g_per_rad
            data["cap"] = self.cap
        return data


@dataclass
class _Root:
    value: complex
    share: dict[str, float]
    label: str = "other"

    def score(self, label: str) -> float:
        return sum(self.share.get(s, 0.0) for s in _KEY_STATES[label])


def modes(model: LinearModel, aircraft_class: str | None = None, category: str = "B") -> list[Mode]:
    """The labelled modes of ``model`` (see the module docstring).

    ``aircraft_class`` (I-IV; None: from the weight, see
    :func:`~flightsim.analysis.handling.default_class`) and ``category`` (A, B
    cruise, C approach/landing) select the MIL-F-8785C criteria.
    """
    weight = model.point.get("weight_lbf", 0.0)
    cls = aircraft_class or handling.default_class(float(weight))
    cls, cat = handling.check_class(cls, category)
    roots = _roots(model)
    _label(roots)
    pairs = _equivalent_pairs(roots)
    load = n_alpha(model)
    out = [_mode(root, cls, cat, pairs.get(root.label), load) for root in roots]
    order = {name: i for i, name in enumerate(MODE_NAMES)}
    return sorted(out, key=lambda m: (order[m.name], -abs(m.eigenvalue)))


def n_alpha(model: LinearModel) -> float | None:
    """n/alpha [g/rad] at the trimmed point: ``-V A[alpha, alpha] / g`` (module docstring).

    None when the model has no ``alpha`` or ``vt`` state, or when the result is
    not positive (lift not growing with alpha: no frequency criterion applies).
    """
    if "alpha" not in model.states or "vt" not in model.states:
        return None
    i = model.states.index("alpha")
    speed_ft_s = float(model.x0[model.states.index("vt")])
    value = -speed_ft_s * float(model.A[i, i]) / G0_FT_S2
    return value if value > 0.0 else None


def _roots(model: LinearModel) -> list[_Root]:
    values, right = np.linalg.eig(model.A)
    left = np.linalg.inv(right)
    factors = np.abs(right * left.T)
    factors = factors / np.maximum(factors.sum(axis=0), 1e-300)
    roots = []
    for i, value in enumerate(values):
        value = complex(value)
        if abs(value.imag) <= 1e-9 * max(1.0, abs(value)):
            value = complex(value.real, 0.0)
        elif value.imag < 0.0:
            continue  # its conjugate stands for the pair
        share = {name: float(factors[k, i]) for k, name in enumerate(model.states)}
        roots.append(_Root(value, share))
    return roots


def _label(roots: list[_Root]) -> None:
    """Give each root its candidate label, then keep the best candidates of each label."""
    for root in roots:
        if abs(root.value) < _ZERO:
            continue
        groups = {g: sum(root.share.get(s, 0.0) for s in names) for g, names in _GROUPS.items()}
        dominant = max(groups, key=lambda g: groups[g])
        complex_root = root.value.imag > 0.0
        if dominant == "fast":
            root.label = "short-period"
        elif dominant == "slow" and complex_root:
            root.label = "phugoid"
        elif dominant == "lateral":
            lateral = {s: root.share.get(s, 0.0) for s in _GROUPS["lateral"]}
            top = max(lateral, key=lambda s: lateral[s])
            if complex_root or top in ("beta", "r"):
                root.label = "dutch-roll"
            else:
                root.label = "roll" if top == "p" else "spiral"
    for label in _KEY_STATES:
        candidates = [r for r in roots if r.label == label]
        pairs = [r for r in candidates if r.value.imag > 0.0]
        if pairs:
            keep = sorted(pairs, key=lambda r: -r.score(label))[:1]
        else:
            most = 2 if label in ("short-period", "dutch-roll") else 1
            keep = sorted(candidates, key=lambda r: -r.score(label))[:most]
        for root in candidates:
            if not any(root is k for k in keep):
                root.label = "other"


def _equivalent_pairs(roots: list[_Root]) -> dict[str, tuple[float, float]]:
    """(natural frequency, damping) of each oscillatory mode, also when split in two roots."""
    out: dict[str, tuple[float, float]] = {}
    for label in ("short-period", "phugoid", "dutch-roll"):
        found = [r.value for r in roots if r.label == label]
        if len(found) == 1 and found[0].imag > 0.0:
            wn = abs(found[0])
            out[label] = (wn, -found[0].real / wn)
        elif len(found) == 2:
            product = found[0].real * found[1].real
            if product > 0.0:
                wn = math.sqrt(product)
                out[label] = (wn, -(found[0].real + found[1].real) / (2.0 * wn))
    return out


def _mode(
    root: _Root,
    cls: str,
    cat: str,
    pair: tuple[float, float] | None,
    load: float | None,
) -> Mode:
    value = root.value
    sigma, omega = value.real, value.imag
    wn = abs(value)
    if wn < _ZERO:  # neutral: heading, position (numerically zero)
        return Mode(root.label, value, 0.0, wn, None, None, None, None, None, root.share)
    damping = -sigma / wn if wn > 0.0 else 0.0
    period = 2.0 * math.pi / omega if omega > 0.0 else None
    time_constant = 1.0 / abs(sigma) if omega == 0.0 and sigma != 0.0 else None
    half = math.log(2.0) / -sigma if sigma < 0.0 else None
    double = math.log(2.0) / sigma if sigma > 0.0 else None
    short = root.label == "short-period"
    cap = None
    if short and pair is not None and load is not None:
        cap = handling.control_anticipation_parameter(pair[0], load)
    return Mode(
        name=root.label,
        eigenvalue=value,
        damping=damping,
        natural_frequency_rad_s=wn,
        period_s=period,
        time_constant_s=time_constant,
        time_to_half_s=half,
        time_to_double_s=double,
        level=_level(root.label, sigma, double, pair, cls, cat, load),
        participation=root.share,
        n_alpha_g_per_rad=load if short else None,
        cap=cap,
    )


def _level(
    label: str,
    sigma: float,
    double: float | None,
    pair: tuple[float, float] | None,
    cls: str,
    cat: str,
    load: float | None,
) -> int | None:
    if label == "roll":
        return handling.roll_level(-1.0 / sigma if sigma < 0.0 else 0.0, cls, cat)
    if label == "spiral":
        return handling.spiral_level(double, cls, cat)
    if pair is None:
        return None
    wn, zeta = pair
    if label == "short-period":
        level = handling.short_period_level(zeta, cat)
        if load is None:
            return level
        return max(level, handling.short_period_frequency_level(wn, load, cls, cat))
    if label == "phugoid":
        return handling.phugoid_level(zeta, double)
    if label == "dutch-roll":
        return handling.dutch_roll_level(zeta, wn, cls, cat)
    return None
