"""No module shares its name with something its package exports (``import
flightsim.config.validate`` once gave the function, not the module)."""

from __future__ import annotations

import importlib
import pkgutil
import types

import flightsim


def test_no_module_is_shadowed_by_an_export() -> None:
    packages = [flightsim]
    packages += [
        importlib.import_module(m.name)
        for m in pkgutil.walk_packages(flightsim.__path__, "flightsim.")
        if m.ispkg
    ]
    assert len(packages) > 3
    shadowed = []
    for package in packages:
        for module in pkgutil.iter_modules(package.__path__):
            value = getattr(package, module.name, None)
            if value is not None and not isinstance(value, types.ModuleType):
                shadowed.append(f"{package.__name__}.{module.name}")
    assert shadowed == []


def test_the_validator_module_is_a_module() -> None:
    module = importlib.import_module("flightsim.config.validator")
    assert isinstance(module, types.ModuleType)
    assert module.validate is flightsim.config.validate
