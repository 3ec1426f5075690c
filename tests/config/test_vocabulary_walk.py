"""The vocabulary walk on planted cases: what a shortcut could get wrong (namespaces,
non-ASCII text, text in several nodes, numbers Python reads differently...), and a host
program's element classes."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from flightsim.config import validate_file
from flightsim.config.document import load_file, single_file_document
from flightsim.config.rules.vocabulary_rules import vocabulary_walk
from flightsim.config.validator import clear_caches, validate_document


def _metrics(inner: str) -> str:
    """An aircraft file whose metrics hold ``inner`` (and what metrics need besides)."""
    if "<wingarea" not in inner:
        inner += '<wingarea unit="FT2">174</wingarea>'
    inner += '<wingspan unit="FT">36</wingspan><chord unit="FT">4.9</chord>'
    return (
        '<?xml version="1.0"?>\n<fdm_config name="t" version="2.0">'
        f"<metrics>{inner}</metrics></fdm_config>\n"
    )


def _system(inner: str) -> str:
    return f'<?xml version="1.0"?>\n<system name="t"><channel name="c">{inner}</channel></system>\n'


def _codes(text: str, tmp_path: Path) -> list[str]:
    """The walk's rule ids for ``text``."""
    path = tmp_path / "case.xml"
    path.write_text(text, encoding="utf-8")
    return sorted(d.code for d in vocabulary_walk(load_file(path)))


CASES = [
    ("plain", _metrics('<wingarea unit="FT2">174</wingarea>'), []),
    ("namespaced element", _metrics('<x:area xmlns:x="urn:x">1</x:area>'), ["FS110"]),
    ("namespaced attribute", _metrics('<wingarea xmlns:x="urn:x" x:u="1">1</wingarea>'), ["FS111"]),
    (
        "schema attribute",
        '<?xml version="1.0"?>\n<system name="t" xmlns:xsi="http://www.w3.org/2001/'
        'XMLSchema-instance" xsi:noNamespaceSchemaLocation="x.xsd"/>\n',
        [],
    ),
    ("non-ASCII space", _metrics('<wingarea unit="FT2">\u00a0174\u2003</wingarea>'), []),
    ("CDATA pieces", _metrics('<wingarea unit="FT2">1<![CDATA[74]]></wingarea>'), []),
    ("underscore", _metrics('<wingarea unit="FT2">1_74</wingarea>'), ["FS201"]),
    ("nan", _metrics('<wingarea unit="FT2">nan</wingarea>'), ["FS202"]),
    ("overflow", _metrics('<wingarea unit="FT2">1e999</wingarea>'), ["FS202"]),
    ("empty number", _metrics('<wingarea unit="FT2"> </wingarea>'), ["FS201"]),
    ("empty unit", _metrics('<wingarea unit="">174</wingarea>'), ["FS203"]),
    ("wrong dimension", _metrics('<wingarea unit="FT">174</wingarea>'), ["FS204"]),
    ("no unit, zero", _metrics("<wing_incidence>0</wing_incidence>"), []),
    ("no unit, non-zero", _metrics("<wing_incidence>0.1</wing_incidence>"), ["FS205"]),
    ("repeated", _metrics("<wingarea>1</wingarea><wingarea>2</wingarea>"), ["FS404"]),
    (
        "required child",
        _metrics('<location name="VRP" unit="IN"><x>1</x><y>2</y></location>'),
        ["FS122"],
    ),
    ("unknown child", _metrics("<wing_area>1</wing_area>"), ["FS110"]),
    (
        "property value",
        _system('<summer name="s"><input> fcs/a </input><bias>1e5</bias></summer>'),
        [],
    ),
    (
        "value nan",
        _system('<summer name="s"><input>a</input><bias>-NaN</bias></summer>'),
        ["FS202"],
    ),
    (
        "condition",
        _system(
            '<switch name="s"><default value="0"/><test value="1">a == 1\n\n b GT 2</test></switch>'
        ),
        [],
    ),
    (
        "condition operator",
        _system('<switch name="s"><default value="0"/><test value="1">a =! 1</test></switch>'),
        ["FS113"],
    ),
    (
        "condition words",
        _system('<switch name="s"><default value="0"/><test value="1">a == </test></switch>'),
        ["FS113"],
    ),
    (
        "number attribute",
        '<?xml version="1.0"?>\n<system name="t"><property value="1_0">a</property></system>\n',
        ["FS201"],
    ),
    (
        "enum attribute",
        _system(
            '<switch name="s"><default value="0"/><test logic="OR " value="1">a == 1'
            "</test></switch>"
        ),
        ["FS113"],
    ),
    (
        "blank required attribute",
        _system('<switch name="s"><default value=" \t"/></switch>'),
        ["FS112"],
    ),
    ("missing required attribute", _system('<switch name="s"><default/></switch>'), ["FS112"]),
    (
        "operands",
        '<?xml version="1.0"?>\n<system name="t"><function name="f"><product><v>1</v>'
        "</product></function></system>\n",
        ["FS132"],
    ),
]


@pytest.mark.parametrize(("text", "codes"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_walk_findings(text: str, codes: list[str], tmp_path: Path) -> None:
    assert _codes(text, tmp_path) == codes


class _Counting(etree.ElementBase):
    """An element class of a host program: counts the elements lxml makes of it."""

    made = 0

    def _init(self) -> None:
        _Counting.made += 1


def test_host_element_class_lookup_does_not_reach_the_validator(tmp_path: Path) -> None:
    """A host program's element classes given as the fallback of lxml's parser-based
    scheme (the global default) never reach the validator: its parser keeps lxml's
    default classes, so no Python callback runs per element."""
    path = tmp_path / "case.xml"
    path.write_text(_metrics("<wing_area>1</wing_area>"), encoding="utf-8")
    before = [str(d) for d in validate_file(path)]
    clear_caches()
    fallback = etree.ElementDefaultClassLookup(element=_Counting)
    etree.set_element_class_lookup(etree.ParserBasedElementClassLookup(fallback=fallback))
    try:
        assert isinstance(etree.fromstring("<a/>"), _Counting)  # the host's own parses use it
        made = _Counting.made
        assert type(load_file(path).root) is etree._Element
        assert [str(d) for d in validate_file(path)] == before
        assert _Counting.made == made
    finally:
        etree.set_element_class_lookup()
        clear_caches()


def test_host_global_lookup_leaves_the_findings_alone(tmp_path: Path) -> None:
    """A host that replaces lxml's whole lookup scheme decides every element's class,
    the validator's too (lxml consults no parser then): the findings stay the same."""
    path = tmp_path / "case.xml"
    path.write_text(_metrics("<wing_area>1</wing_area>"), encoding="utf-8")
    before = [str(d) for d in validate_file(path)]
    clear_caches()
    etree.set_element_class_lookup(etree.ElementDefaultClassLookup(element=_Counting))
    try:
        assert [str(d) for d in validate_file(path)] == before
    finally:
        etree.set_element_class_lookup()
        clear_caches()


def test_deep_trees_are_checked_by_every_rule(tmp_path: Path) -> None:
    """A tree built in Python has no depth limit (a file has: libxml2 stops at 256):
    every rule walks it without recursion, so a deep tree is checked, not a crash or a
    RecursionError."""
    path = tmp_path / "s.xml"
    path.write_text('<system name="s"/>')
    document = single_file_document(path)
    node = etree.SubElement(document.main.root, "function", name="f")
    for _ in range(3_000):  # three times Python's default recursion limit
        node = etree.SubElement(node, "sum")
        etree.SubElement(node, "value").text = "1"
    etree.SubElement(node, "bogus")
    etree.SubElement(node, "value").text = "2"
    found = validate_document(document)
    assert [d.code for d in found] == ["FS110"]
    assert "bogus" in found[0].message
    assert [d.code for d in vocabulary_walk(document.main)] == ["FS110"]
