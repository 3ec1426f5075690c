"""Safe reading: hostile XML gives a clear error quickly, never a hang or a file read."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from flightsim.config import validate, validate_file
from flightsim.config.safexml import UnreadableFileError, UnsafeXMLError, parse_xml, read_xml
from flightsim.errors import ConfigError, NotFoundError

FAULTS = Path(__file__).parent / "faults"


def test_billion_laughs_is_refused_quickly() -> None:
    start = time.process_time()  # CPU time: a busy shared machine does not fail it
    with pytest.raises(UnsafeXMLError, match="entit"):
        read_xml(FAULTS / "FS102_billion_laughs.xml")
    assert time.process_time() - start < 2.0


def test_external_entity_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    data = (
        f'<!DOCTYPE system [<!ENTITY s SYSTEM "file://{secret}">]>'
        "<system><description>&s;</description></system>"
    ).encode()
    with pytest.raises(UnsafeXMLError) as info:
        parse_xml(data, tmp_path / "x.xml")
    assert "TOP-SECRET-CONTENT" not in str(info.value)
    (tmp_path / "x.xml").write_bytes(data)
    found = validate_file(tmp_path / "x.xml")
    assert [d.code for d in found] == ["FS102"]
    assert all("TOP-SECRET" not in d.message for d in found)


def test_plain_internal_entities_are_expanded(tmp_path: Path) -> None:
    """JSBSim's own systems/GNCUtilities.xml style: <!ENTITY on "1">."""
    data = (
        b'<!DOCTYPE system [<!ENTITY on "1">]>'
        b'<system><property value="&on;">a/b</property></system>'
    )
    root = parse_xml(data, tmp_path / "x.xml")
    assert root.find("property").get("value") == "1"


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.xml"
    path.write_text("<system>" + " " * 5000 + "</system>")
    with pytest.raises(UnreadableFileError, match="more than the 1,000 bytes flightsim reads"):
        read_xml(path, max_bytes=1000)


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.xml"
    path.write_text("<system>" + "<a>" * 20000 + "</a>" * 20000 + "</system>")
    start = time.process_time()  # CPU time: a busy shared machine does not fail it
    found = validate_file(path)
    assert [d.code for d in found] == ["FS101"]
    assert time.process_time() - start < 5.0


def test_syntax_error_has_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_text("<system>\n  <channel name='a'>\n  </chanel>\n</system>\n")
    with pytest.raises(ConfigError) as info:
        read_xml(path)
    assert info.value.line == 3
    assert str(path) in str(info.value)


def test_missing_file_raises_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        validate(tmp_path / "nothing.xml")
    with pytest.raises(NotFoundError):
        validate_file(tmp_path / "nothing.xml")


def test_long_numbers_do_not_make_the_checks_slow(tmp_path: Path) -> None:
    """Number and table patterns are linear: no catastrophic backtracking on long tokens."""
    digits = "1" * 200_000
    path = tmp_path / "long.xml"
    path.write_text(
        "<propeller name='p'><ixx>" + digits + "x</ixx><diameter>1</diameter><numblades>2"
        "</numblades><table name='C_THRUST' type='internal'><tableData>0 "
        + digits
        + ",\n 1 2</tableData></table></propeller>"
    )
    start = time.process_time()  # CPU time: a busy shared machine does not fail it
    codes = {d.code for d in validate_file(path)}
    assert {"FS201", "FS302"} <= codes
    assert time.process_time() - start < 2.0
