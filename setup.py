"""The compiled part of flightsim: the runner's step loop (flightsim/sim/_steploop.c).

Everything else about the package is in pyproject.toml.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("flightsim.sim._steploop", ["flightsim/sim/_steploop.c"]),
    ]
)
