"""The vocabulary walk's C prefilter: the same findings as checking every element.

The prefilter (flightsim/config/_vocabscan.c) hands Python only the elements
whose children are not plainly fine. Each case below plants what a C shortcut
could get wrong (namespaces, non-ASCII text, text in several nodes, numbers
Python reads differently...) and asserts both the finding and that the
prefilter agrees with the every-element walk.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from importlib.metadata import version
from pathlib import Path

import pytest
from lxml import etree

from flightsim.config.compiled import _vocabscan
from flightsim.config.document import load_aircraft, load_file
from flightsim.config.rules.vocabulary_rules import walk
from flightsim.config.vocabulary import vocabulary
from flightsim.paths import list_aircraft

FAULTS = Path(__file__).parent / "faults"


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
    """The walk's rule ids for ``text``, after checking the prefilter agrees."""
    path = tmp_path / "case.xml"
    path.write_text(text, encoding="utf-8")
    config = load_file(path)
    fast, reference = walk(config), walk(config, every=True)
    assert Counter(map(str, fast)) == Counter(map(str, reference))
    return sorted(d.code for d in fast)


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
    ("required child", _metrics('<location unit="IN"><x>1</x><y>2</y></location>'), ["FS122"]),
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
        ["FS131"],
    ),
]


@pytest.mark.parametrize(("text", "codes"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_prefilter_finds_what_every_element_finds(text: str, codes: list[str], tmp_path: Path):
    assert _codes(text, tmp_path) == codes


def test_prefilter_agrees_on_every_bundled_file_and_fault() -> None:
    """Over the 236 bundled files and the fault corpus the two walks find the same."""
    configs = {}
    for location in list_aircraft():
        if location.is_bundled:
            for config in load_aircraft(location.main_file, None).files:
                configs[config.display] = config
    for path in sorted(FAULTS.glob("*.xml")):
        try:
            configs[str(path)] = load_file(path)
        except Exception:  # malformed on purpose (FS101/FS102): nothing to walk
            continue
    assert len(configs) > 250
    handed = 0
    for config in configs.values():
        assert Counter(map(str, walk(config))) == Counter(map(str, walk(config, every=True)))
        spec = vocabulary().root(str(config.root.tag))
        scanner = vocabulary().scanner
        assert scanner is not None
        if spec is not None:
            handed += len(scanner.parents(config.root, spec))
    assert handed > 0


def test_clean_files_hand_almost_nothing_to_python() -> None:
    """The point of the prefilter: of c172x's ~1,000 elements with children, a few reach
    Python."""
    vocab = vocabulary()
    assert vocab.scanner is not None
    every = fast = 0
    for config in load_aircraft(
        next(a for a in list_aircraft() if a.name == "c172x").main_file, None
    ).files:
        spec = vocab.root(str(config.root.tag))
        assert spec is not None
        every += len(vocab.scanner.parents(config.root, spec, every=True))
        fast += len(vocab.scanner.parents(config.root, spec))
    assert every > 300
    assert fast <= every // 50


def test_c_module_refuses_bad_arguments() -> None:
    with pytest.raises(TypeError, match="compile"):
        _vocabscan.compile("entries", ())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="spec entry"):
        _vocabscan.compile([(None,)], ())
    good = (
        {"a": 0},
        (0,),
        (0,),
        (),
        None,
        (),
        (),
        (),
        0,
        frozenset(),
        False,
        frozenset(),
        False,
        False,
        -1,
        -1,
    )
    with pytest.raises(ValueError, match="child_specs holds 5, out of range"):
        _vocabscan.compile([(good[0], (5,), *good[2:])], ())
    compiled = _vocabscan.compile([good], ("==",))
    with pytest.raises(TypeError, match="lxml element"):
        _vocabscan.scan(compiled, "<a/>", 0, False)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="spec_index"):
        _vocabscan.scan(compiled, etree.fromstring("<a/>"), 3, False)
    root = etree.fromstring("<a><a/><b/></a>")
    assert [(e.tag, i) for e, i in _vocabscan.scan(compiled, root, 0, False)] == [("a", 0)]
    assert [
        e.tag for e, _ in _vocabscan.scan(compiled, etree.fromstring("<a><a/></a>"), 0, True)
    ] == ["a", "a"]


def test_missing_compiled_modules_say_what_to_do() -> None:
    """Without its C modules (a checkout never built) the validator's import says how to
    build them, naming the installed lxml."""
    code = (
        "import sys; sys.modules['flightsim.config._propscan'] = None\n"
        "from flightsim.config import validate\n"
        "validate('c172x')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 1
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("ImportError: flightsim's compiled validator modules")
    assert f"installed lxml {version('lxml')}" in last
    assert "pip install -e ." in last


def test_deep_trees_raise_recursion_error_not_crash(tmp_path: Path) -> None:
    """A tree built in Python has no depth limit (a file has: libxml2 stops at 256)."""
    path = tmp_path / "s.xml"
    path.write_text('<system name="s"/>')
    config = load_file(path)
    node = etree.SubElement(config.root, "function", name="f")
    for _ in range(30_000):
        node = etree.SubElement(node, "sum")
        etree.SubElement(node, "value").text = "1"
    with pytest.raises(RecursionError, match="vocabulary walk"):
        walk(config)
