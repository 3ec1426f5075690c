"""One path for parsing and building: every bundled file, rebuilt through the checked
``add`` calls a user makes, gives the same tree, and the builder refuses nothing the
validator accepts without a word."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from lxml import etree

from flightsim.config import validate_file
from flightsim.config.docmodel import Element, XmlFile
from flightsim.errors import ConfigError
from flightsim.paths import jsbsim_root

ROOT = jsbsim_root()
FILES = sorted(
    p
    for pattern in ("aircraft/*/*.xml", "aircraft/*/*/*.xml", "engine/*.xml", "systems/*.xml")
    for p in ROOT.glob(pattern)
    if XmlFile.read(p).root.spec is not None  # type: ignore[union-attr]
)


def _own_text(element: etree._Element) -> list[str]:
    return ((element.text or "") + "".join(c.tail or "" for c in element)).split()


def _same_words(a: list[str], b: list[str], where: str) -> None:
    assert len(a) == len(b), where
    for x, y in zip(a, b, strict=True):
        try:
            fx, fy = float(x), float(y)
        except ValueError:
            assert x == y, where
            continue
        assert math.isclose(fx, fy, rel_tol=1e-11, abs_tol=1e-300), f"{where}: {x} != {y}"


def _same_tree(a: etree._Element, b: etree._Element, model: Element, where: str = "") -> None:
    """``a`` (the file) and ``b`` (its rebuild) hold the same elements, attributes and
    values; ``model`` is ``a`` in the document model (its spec says what JSBSim reads)."""
    where = f"{where}/{a.tag}"
    assert a.tag == b.tag == model.tag, where
    attributes = dict(b.attrib)
    if "unit" in attributes and "unit" not in a.attrib:
        attributes.pop("unit")  # the builder writes JSBSim's default unit out
    assert dict(a.attrib) == attributes, where
    reads_text = model.spec is None or model.spec.text is not None or model.spec.children is None
    if reads_text:
        _same_words(_own_text(a), _own_text(b), where)
    else:  # text JSBSim does not read (an old format, stray words) is not rebuilt
        assert _own_text(b) == [], where
    children_a = [c for c in a if isinstance(c.tag, str)]
    children_b = [c for c in b if isinstance(c.tag, str)]
    assert len(children_a) == len(children_b) == len(list(model.elements())), where
    for x, y, m in zip(children_a, children_b, model.elements(), strict=True):
        _same_tree(x, y, m, where)


def _unindexed(path: str) -> str:
    return re.sub(r"\[\d+\]", "", path)


def _tree(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(remove_comments=True, resolve_entities=True))


def test_the_rebuild_set_is_large() -> None:
    assert len(FILES) > 300


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_bundled_file_rebuilt_through_add_is_the_same_tree(path: Path) -> None:
    source = XmlFile.read(path)
    try:
        built = source.rebuild()
    except ConfigError as error:
        # a refusal is a finding of the validator about that element
        # (paths without indices: a partly built file has fewer siblings)
        where = _unindexed(str(error).split(": ", 1)[1].split(" (added)")[0])
        found = [d for d in validate_file(path) if _unindexed(d.path or "").startswith(where)]
        assert found, f"the builder refuses what the validator accepts: {error}"
        return
    assert source.root is not None
    _same_tree(_tree(path.read_bytes()), _tree(built.to_bytes()), source.root)
    reread = XmlFile.from_bytes(built.to_bytes())
    reread.base = path.parent  # where its file= references are found
    assert reread.rebuild().to_bytes() == built.to_bytes()  # the built layout is canonical
