"""The International Standard Atmosphere (ICAO Doc 7488) up to 20 km, in SI units."""

from __future__ import annotations

import math
from dataclasses import dataclass

from flightsim.units import G0_M_S2

R_AIR = 287.05287
"""Specific gas constant of air [J/(kg K)]."""
GAMMA = 1.4
"""Ratio of specific heats of air."""
RHO0 = 1.225
"""Sea-level standard density [kg/m³]."""


@dataclass(frozen=True)
class Air:
    """Standard air at one altitude: T [K], p [Pa], ρ [kg/m³], a [m/s], μ [Pa s]."""

    temperature: float
    pressure: float
    density: float
    speed_of_sound: float
    viscosity: float

    @property
    def sigma(self) -> float:
        """Density ratio ρ/ρ0."""
        return self.density / RHO0


def isa(altitude_m: float) -> Air:
    """Standard air at a geopotential altitude [m] (troposphere and lower stratosphere).

    Source: ICAO Doc 7488 (lapse rate 6.5 K/km to 11 km, isothermal above);
    viscosity by Sutherland's law (μ = 1.458e-6 T^1.5 / (T + 110.4)).
    """
    h = min(max(altitude_m, -1000.0), 20000.0)
    if h <= 11000.0:
        temperature = 288.15 - 0.0065 * h
        pressure = 101325.0 * (temperature / 288.15) ** (G0_M_S2 / (0.0065 * R_AIR))
    else:
        temperature = 216.65
        p11 = 101325.0 * (216.65 / 288.15) ** (G0_M_S2 / (0.0065 * R_AIR))
        pressure = p11 * math.exp(-G0_M_S2 * (h - 11000.0) / (R_AIR * temperature))
    density = pressure / (R_AIR * temperature)
    return Air(
        temperature,
        pressure,
        density,
        math.sqrt(GAMMA * R_AIR * temperature),
        1.458e-6 * temperature**1.5 / (temperature + 110.4),
    )
