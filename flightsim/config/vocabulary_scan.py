"""The vocabulary walk's compiled prefilter: which elements' children Python must check.

:class:`Scanner` hands the vocabulary's specs to the C module
``flightsim.config._vocabscan`` once; :meth:`Scanner.parents` then walks a
file's tree in C and returns the elements whose children are not all plainly
fine (an unknown or repeated child, an attribute, text or unit to look at, an
operand count or a required child off). The Python walk in
:mod:`flightsim.config.rules.vocabulary_rules` checks only those and writes
every diagnostic, so a file without findings costs ~0.1 us an element instead
of ~3.5 us. With ``every=True`` every element is handed over: the reference
the prefilter is tested against.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from lxml import etree

from flightsim.config.compiled import _vocabscan
from flightsim.config.vocabulary_data import COMPARISONS, FUNCTION_OPERATORS

if TYPE_CHECKING:
    from flightsim.config.vocabulary import ElementSpec

_REPEATABLE = 1
_OPERATOR = 2
_TEXT_KINDS = {"number": 1, "value": 2, "condition": 3}
_ENUM_TEXT = 4
_OPERATORS = frozenset(FUNCTION_OPERATORS.split())


_ChildFields = tuple[dict[str, int], tuple[int, ...], tuple[int, ...], tuple[int, ...]]


def _child_fields(spec: ElementSpec, index: dict[str, int]) -> _ChildFields:
    """The C record's fields about ``spec``'s children: positions by tag, each position's
    spec index and flags, the required positions."""
    tags = sorted(spec.child_specs)
    position = {tag: k for k, tag in enumerate(tags)}
    missing = [tag for tag in spec.required_children if tag not in position]
    if missing:
        raise ValueError(f"vocabulary entry {spec.key}: required child {missing[0]} has no spec")
    return (
        position,
        tuple(index[spec.child_specs[tag].key] for tag in tags),
        tuple(
            (_REPEATABLE if tag in spec.repeatable else 0) | (_OPERATOR if tag in _OPERATORS else 0)
            for tag in tags
        ),
        tuple(position[tag] for tag in spec.required_children),
    )


def _entry(spec: ElementSpec, children: _ChildFields) -> tuple[object, ...]:
    """The C record of ``spec`` (field order: see flightsim/config/_vocabscan.c)."""
    text = spec.text or ""
    kind = _ENUM_TEXT if text.startswith("enum:") else _TEXT_KINDS.get(text, 0)
    low, high = spec.operands if spec.operands is not None else (-1, -1)
    position, child_specs, child_flags, required = children
    return (
        position if spec.children is not None else None,
        child_specs,
        child_flags,
        required,
        spec.attributes,
        spec.required_attributes,
        tuple((name, frozenset(values)) for name, values in spec.enums.items()),
        spec.number_attributes,
        kind,
        frozenset(spec.enum_text or ()),
        spec.checks_unit,
        spec.accepted_units,
        spec.surprising_default,
        spec.ignored is not None,
        low,
        -1 if high is None else high,
    )


class Scanner:
    """The specs compiled for the C walk; one per vocabulary."""

    def __init__(self, specs: Iterable[ElementSpec]):
        self._specs = list(specs)
        self._index = {spec.key: i for i, spec in enumerate(self._specs)}
        # Specs with the same children (the function operations) share those fields.
        shared: dict[tuple[object, ...], _ChildFields] = {}
        entries = []
        for spec in self._specs:
            key = (
                tuple(s.key for s in spec.child_specs.values()),
                spec.repeatable,
                spec.required_children,
            )
            children = shared.get(key)
            if children is None:
                children = shared[key] = _child_fields(spec, self._index)
            entries.append(_entry(spec, children))
        self._compiled = _vocabscan.compile(entries, tuple(COMPARISONS.split()))

    def parents(
        self, root: etree._Element, spec: ElementSpec, every: bool = False
    ) -> list[tuple[etree._Element, ElementSpec]]:
        """The elements at or below ``root`` (read as ``spec``) whose children Python must
        check, each with its spec; with ``every``, every element the walk visits."""
        if spec.children is None:
            return []  # free-form content: nothing below is checked
        specs = self._specs
        found = _vocabscan.scan(self._compiled, root, self._index[spec.key], every)
        return [(element, specs[index]) for element, index in found]
