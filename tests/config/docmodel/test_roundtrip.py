"""Every XML file bundled with jsbsim is written back byte for byte, unedited.

The files are read through the document model (the same elements the builder
makes) and written back; a second check edits one value and compares the
result line by line: only that line differs.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from lxml import etree

from flightsim.config.docmodel import AircraftDocument, XmlFile
from flightsim.errors import ConfigError
from flightsim.paths import jsbsim_root, list_aircraft

ROOT = jsbsim_root()
FILES = sorted(
    p
    for folder in ("aircraft", "engine", "systems", "scripts")
    for p in (ROOT / folder).rglob("*.xml")
)


def test_the_bundle_is_all_there() -> None:
    assert len(FILES) > 350
    assert len([p for p in FILES if p.parts[-3] == "aircraft"]) >= 55


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_unedited_file_is_written_back_byte_for_byte(path: Path) -> None:
    assert XmlFile.read(path).to_bytes() == path.read_bytes()


def test_every_bundled_aircraft_opens_with_its_files_and_writes_back(tmp_path: Path) -> None:
    opened = 0
    for location in list_aircraft():
        if not location.folder.is_relative_to(ROOT):
            continue
        if location.name == "blank":  # JSBSim 0.x format: <FDM_CONFIG>
            with pytest.raises(ConfigError, match=r"<FDM_CONFIG>, not <fdm_config>"):
                AircraftDocument.open(location.main_file)
            continue
        doc = AircraftDocument.open(location.main_file)
        main = doc.to_folder(tmp_path / location.name)
        assert main.read_bytes() == location.main_file.read_bytes(), location.name
        for key, xml in doc.files.items():
            assert xml.path is not None and not xml.modified
            if not Path(key).is_absolute():
                assert (tmp_path / location.name / key).read_bytes() == xml.path.read_bytes()
        opened += 1
    assert opened >= 55


def _diff(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]


def test_one_edit_changes_one_line_only() -> None:
    path = ROOT / "aircraft" / "c172p" / "c172p.xml"
    xml = XmlFile.read(path)
    assert xml.root is not None
    xml.root.metrics.wingarea = "16.2 m2"
    after = xml.to_text()
    assert _diff(path.read_text(), after) == [
        '-        <wingarea unit="FT2"> 174 </wingarea>',
        '+        <wingarea unit="FT2"> 174.375348751 </wingarea>',
    ]
    tree = etree.fromstring(after.encode())
    assert float(tree.findtext("metrics/wingarea")) == pytest.approx(16.2 / 0.3048**2)


def test_an_attribute_edit_changes_that_attribute_only() -> None:
    path = ROOT / "aircraft" / "c172p" / "c172p.xml"
    xml = XmlFile.read(path)
    assert xml.root is not None
    contact = xml.root.ground_reactions.find("contact", name="NOSE")
    contact.set("name", "NOSE_GEAR")
    changed = _diff(path.read_text(), xml.to_text())
    assert len(changed) == 2
    assert changed[0].startswith("-") and changed[1].startswith("+")
    assert changed[0][1:].replace('"NOSE"', '"NOSE_GEAR"') == changed[1][1:]


def test_a_latin1_file_keeps_its_encoding(tmp_path: Path) -> None:
    source = tmp_path / "latin.xml"
    data = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\r\n'
        '<system name="Süd">\r\n  <!-- café -->\r\n  <property>a/b</property>\r\n</system>\r\n'
    ).encode("latin-1")
    source.write_bytes(data)
    xml = XmlFile.read(source)
    assert xml.to_bytes() == data
    assert xml.root is not None and xml.root.get("name") == "Süd"
    xml.root.add("property", "c/d")
    assert xml.to_bytes() == data.replace(
        b"a/b</property>\r\n", b"a/b</property>\r\n  <property>c/d</property>\r\n"
    )
