"""The validator on aircraft it has never seen: each class of false or missed finding
met on third-party aircraft, shown by a small aircraft of our own."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flightsim.config import Severity, validate

FAULTS = Path(__file__).parent / "faults"


def base_text() -> str:
    """The clean aircraft of the fault corpus (FS404's file without its planted line)."""
    text = (FAULTS / "FS404_wingarea_twice.xml").read_text()
    return re.sub(r"\n\s*<wingarea unit=\"FT2\"> 180.0 </wingarea>.*", "", text, count=1)


def make_aircraft(folder: Path, text: str | None = None, **files: str) -> Path:
    """An aircraft folder ``folder`` (main file ``<name>.xml``), with ``files`` beside it
    (``Systems__x_xml`` names ``Systems/x.xml``)."""
    folder.mkdir(parents=True, exist_ok=True)
    main = folder / f"{folder.name}.xml"
    main.write_text(base_text() if text is None else text)
    for name, content in files.items():
        path = folder / name.replace("__", "/").replace("_xml", ".xml")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    return main


def with_system(text: str, system: str) -> str:
    """``text`` with ``<system file="system"/>`` before its flight control."""
    return text.replace("  <flight_control", f'  <system file="{system}"/>\n  <flight_control', 1)


def _generated_system(undefined: int, defined: int) -> str:
    """A system declaring ``defined`` properties and reading ``undefined`` others."""
    lines = ['<?xml version="1.0"?>', '<system name="generated">']
    lines += [f"  <property>systems/gen/known-{i}</property>" for i in range(defined)]
    lines.append('  <channel name="reads">')
    for i in range(undefined):
        lines.append(
            f'    <fcs_function name="systems/gen/out-{i}"><function><sum>'
            f"<property>systems/gen/unknown-{i}</property><property>systems/gen/known-{i % 7}"
            "</property></sum></function></fcs_function>"
        )
    lines += ["  </channel>", "</system>", ""]
    return "\n".join(lines)


def test_an_aircraft_with_1800_undefined_properties_validates_in_seconds(tmp_path: Path) -> None:
    main = make_aircraft(
        tmp_path / "big",
        with_system(base_text(), "generated"),
        generated_xml=_generated_system(1800, 2000),
    )
    start = time.perf_counter()
    found = validate(main)
    spent = time.perf_counter() - start
    undefined = [d for d in found if d.code == "FS501"]
    assert len(undefined) == 1800
    assert "systems/gen/unknown-17" in undefined[17].message
    assert spent < 10.0, f"{spent:.1f} s"


def test_findings_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    """The same files give the same findings in any process (no id()-based dedup)."""
    main = make_aircraft(
        tmp_path / "seeded",
        with_system(base_text(), "generated"),
        generated_xml=_generated_system(300, 50),
    )
    code = (
        "import json, sys\nfrom flightsim.config import validate\n"
        "print(json.dumps([str(d) for d in validate(sys.argv[1])]))"
    )
    outputs = []
    for seed in ("1", "4242"):
        run = subprocess.run(
            [sys.executable, "-c", code, str(main)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            timeout=300,
        )
        outputs.append(json.loads(run.stdout))
    assert len(outputs[0]) >= 300
    assert outputs[0] == outputs[1]
    assert all(d.severity is not Severity.ERROR or d.code == "FS501" for d in validate(main))


def test_bundled_scripts_are_found_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    """`flightsim validate c1721` validates the bundled script, as `flightsim script` runs it."""
    from flightsim.cli import main
    from flightsim.config.validator import resolve_target
    from flightsim.paths import jsbsim_root

    assert resolve_target("c1721") == jsbsim_root() / "scripts" / "c1721.xml"
    assert resolve_target("c172x") == jsbsim_root() / "aircraft" / "c172x" / "c172x.xml"
    assert main(["validate", "c1721"]) == 0
    assert "1 target checked" in capsys.readouterr().out
    assert main(["validate", "c1722x"]) == 2
    err = capsys.readouterr().err
    assert "Nor is it a script bundled with JSBSim. Did you mean: c1722" in err
