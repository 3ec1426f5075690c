"""The compiled parts of flightsim: the runner's step loop (flightsim/sim/_steploop.c) and
the validator's vocabulary prefilter (flightsim/config/_vocabscan.c, built against lxml's
public C API, hence lxml in the build requirements).

Everything else about the package is in pyproject.toml.
"""

import lxml
from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("flightsim.sim._steploop", ["flightsim/sim/_steploop.c"]),
        Extension(
            "flightsim.config._vocabscan",
            ["flightsim/config/_vocabscan.c"],
            include_dirs=lxml.get_include(),
        ),
    ]
)
