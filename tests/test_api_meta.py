"""Meta-tests over the whole package: documented, typed, no mutable defaults.

In the spirit of python-control's ``kwarg_test``/``docstrings_test``: every public
module, class and function says what it does, and no default argument is a
mutable object shared between calls.
"""

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from types import ModuleType

import pytest

import flightsim
import flightsim.errors as errors


def _modules() -> Iterator[ModuleType]:
    yield flightsim
    for info in pkgutil.walk_packages(flightsim.__path__, prefix="flightsim."):
        if info.name == "flightsim.__main__":
            continue
        yield importlib.import_module(info.name)


MODULES = list(_modules())


def _public_members(module: ModuleType) -> Iterator[tuple[str, object]]:
    for name, member in vars(module).items():
        if name.startswith("_") or getattr(member, "__module__", None) != module.__name__:
            continue
        if inspect.isfunction(member) or inspect.isclass(member):
            yield name, member


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_module_has_docstring(module: ModuleType) -> None:
    assert (module.__doc__ or "").strip(), f"{module.__name__} has no module docstring"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_public_functions_and_classes_are_documented(module: ModuleType) -> None:
    missing = [name for name, member in _public_members(module) if not inspect.getdoc(member)]
    assert not missing, f"{module.__name__}: undocumented {missing}"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_no_mutable_default_arguments(module: ModuleType) -> None:
    offenders = []
    for name, member in _public_members(module):
        functions = [member] if inspect.isfunction(member) else []
        if inspect.isclass(member):
            functions = [f for f in vars(member).values() if inspect.isfunction(f)]
        for function in functions:
            for param in inspect.signature(function).parameters.values():
                if isinstance(param.default, (list, dict, set)):
                    offenders.append(f"{name}.{function.__name__}({param.name}=...)")
    assert not offenders, f"{module.__name__}: mutable defaults {offenders}"


def test_errors_subclass_the_matching_builtins() -> None:
    assert issubclass(errors.ConfigError, ValueError)
    assert issubclass(errors.NotFoundError, LookupError)
    assert issubclass(errors.PropertyError, KeyError)
    assert issubclass(errors.SimulationError, RuntimeError)
    assert issubclass(errors.TrimError, errors.SimulationError)
    assert issubclass(errors.MissingExtraError, ImportError)
    for name in dir(errors):
        obj = getattr(errors, name)
        if (
            inspect.isclass(obj)
            and issubclass(obj, Exception)
            and obj.__module__ == errors.__name__
        ):
            assert issubclass(obj, errors.FlightsimError)


def test_property_error_reads_as_a_sentence() -> None:
    assert str(errors.PropertyError("unknown property 'x'")) == "unknown property 'x'"


def test_config_error_locates_the_fault() -> None:
    err = errors.ConfigError("bad number", file="a.xml", line=12)
    assert str(err) == "a.xml:12: bad number"
    assert (err.file, err.line) == ("a.xml", 12)


def test_require_extra_names_the_extra() -> None:
    with pytest.raises(errors.MissingExtraError, match=r"pip install 'flightsim\[rl\]'"):
        errors.require_extra("no_such_module_xyz", "rl")


def test_public_api_is_lazy_and_complete() -> None:
    code = (
        "import sys, flightsim\n"
        "assert 'jsbsim' not in sys.modules and 'matplotlib' not in sys.modules\n"
        "missing = [n for n in flightsim.__all__ if getattr(flightsim, n, None) is None]\n"
        "assert not missing, missing\n"
        "assert set(flightsim.__all__) - {'__version__'} == set(flightsim._EXPORTS)\n"
    )
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_unknown_public_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Simulator'"):
        flightsim.Simulator  # noqa: B018
