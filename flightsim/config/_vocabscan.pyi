"""Types of the vocabulary walk's compiled prefilter (flightsim/config/_vocabscan.c)."""

from lxml import etree

def compile(entries: list[tuple[object, ...]], comparisons: tuple[str, ...], /) -> object:
    """The specs as C records (an opaque capsule); entry fields: see the C source."""

def scan(
    compiled: object, root: etree._Element, spec_index: int, every: bool, /
) -> list[tuple[etree._Element, int]]:
    """The elements whose children need the Python checks, with their spec index."""
