"""Types of the property collector's compiled tree walk (flightsim/config/_propscan.c)."""

from collections.abc import Set as AbstractSet

from lxml import etree

def events(
    root: etree._Element,
    declaring: AbstractSet[str],
    components: AbstractSet[str],
    binding: AbstractSet[str],
    not_parameters: AbstractSet[str],
    with_elements: bool,
    /,
) -> list[tuple[int, str, str, str | None, etree._Element | None]]:
    """What the collector needs of the tree, as (op, tag, text, extra, element) tuples."""
