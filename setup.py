"""The compiled parts of flightsim: the runner's step loop (flightsim/sim/_steploop.c) and
the validator's tree walks (flightsim/config/_vocabscan.c, the vocabulary prefilter, and
_propscan.c, the property collector's walk, built against lxml's public C API, hence lxml
in the build requirements) and the table rule's fast path (_tablescan.c).

Everything else about the package is in pyproject.toml.
"""

import shutil
from pathlib import Path

import lxml
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
        *(
            Extension(
                f"flightsim.config.{name}",
                [f"flightsim/config/{name}.c"],
                include_dirs=lxml.get_include(),
                depends=["flightsim/config/_lxmltree.h", "flightsim/config/_decimal.h"],
            )
            for name in ("_vocabscan", "_propscan")
        ),
        Extension(
            "flightsim.config._tablescan",
            ["flightsim/config/_tablescan.c"],
            depends=["flightsim/config/_decimal.h"],
        ),
    ],
)
