"""The compiled part of flightsim: two optional accelerators with pure-Python twins.

The runner's step loop (flightsim/sim/_steploop.c) and the environments' agent step
(flightsim/envs/_stepkernel.c); without a C compiler both are skipped and the twins run.

Everything else about the package is in pyproject.toml.
"""

import shutil
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_py import build_py


class BuildPyWithAircraft(build_py):
    """Also ships the project's generated aircraft (aircraft/) as flightsim/data/aircraft."""

    def run(self) -> None:
        super().run()
        source = Path(__file__).resolve().parent / "aircraft"
        if source.is_dir() and not self.editable_mode:
            target = Path(self.build_lib) / "flightsim" / "data" / "aircraft"
            shutil.copytree(source, target, dirs_exist_ok=True)


setup(
    cmdclass={"build_py": BuildPyWithAircraft},
    ext_modules=[
        Extension("flightsim.sim._steploop", ["flightsim/sim/_steploop.c"], optional=True),
        Extension(
            "flightsim.envs._stepkernel",
            ["flightsim/envs/_stepkernel.c"],
            optional=True,
            # a * b + c stays two roundings, as in the Python twin (no fused multiply-add)
            extra_compile_args=[] if sys.platform == "win32" else ["-ffp-contract=off"],
        ),
    ],
)
