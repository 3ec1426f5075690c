"""Types of the property collector's compiled tree walk (flightsim/config/_propscan.c)."""

from lxml import etree

def events(
    root: etree._Element,
    declaring: frozenset[str] | set[str],
    components: frozenset[str] | set[str],
    binding: frozenset[str] | set[str],
    not_parameters: frozenset[str] | set[str],
    with_elements: bool,
    /,
) -> tuple[
    list[tuple[int, str, str, str | None, etree._Element | None]], set[str], set[str], set[str]
]:
    """What the collector needs of the tree: (op, tag, text, extra, element) events, and
    without elements the texts read, of parameters and declared (each once)."""
