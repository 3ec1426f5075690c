"""JSBSim's XML vocabulary as frozen records, parsed once from :mod:`.vocabulary_data`.

:func:`vocabulary` returns the :class:`Vocabulary`; ``vocab.child(parent_spec,
tag)`` gives the :class:`ElementSpec` of an element below its parent (specs
may depend on the parent: ``form/length`` is in feet, ``tank/length`` in
inches; inside a ``<function>`` the operators have their own namespace, so a
``<switch>`` there is the function operator, not the FCS component).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from flightsim.config import vocabulary_data as data
from flightsim.config.caches import on_clear
from flightsim.units import JSBSIM_UNITS


@dataclass(frozen=True, slots=True)
class ElementSpec:
    """What JSBSim accepts for one element.

    ``children`` is None for free-form content; ``repeatable`` lists the
    children that may appear more than once; ``unit`` is the unit JSBSim
    converts to (and assumes when the ``unit`` attribute is missing) and
    ``dimension`` its dimension (``"length"``, ``"mass"`` ...).
    """

    key: str
    tag: str
    attributes: frozenset[str] | None
    required_attributes: tuple[str, ...]
    children: frozenset[str] | None
    repeatable: frozenset[str]
    required_children: tuple[str, ...]
    text: str | None
    unit: str | None
    dimensions: frozenset[str]
    surprising_default: bool
    enums: dict[str, tuple[str, ...]]
    in_function: bool
    operands: tuple[int, int | None] | None = None
    """(minimum, maximum) operations below a function operation (None: not an operation)."""
    accepted_units: frozenset[str] = frozenset()
    """The JSBSim unit names of the right dimension (every unit when no dimension is set)."""
    ignored: str | None = None
    """Why JSBSim does not use this element although it accepts it (None: it is used)."""
    number_attributes: tuple[str, ...] = ()
    """Attributes whose value JSBSim reads as a number."""
    checks_unit: bool = False
    """True when the ``unit`` attribute is converted (a JSBSim unit of some dimension)."""
    checks_text: bool = False
    """True when the text must be checked (a number, a number-or-property, an enumeration)."""
    checks_attributes: bool = False
    """True when attributes are required, enumerated or numbers (checked even on an element
    without attributes)."""
    checks_content: bool = False
    """True when the text or unit is checked, or the element is ignored (FS114)."""
    units: tuple[str, ...] = ()
    """Every unit JSBSim may convert this element to (``unit`` first; two for an
    element read in either of two dimensions, by an attribute: ``damping_coeff``)."""
    lower_bound: float | None = None
    """The least value that makes physical sense (None: any), from the entry's ``range``."""
    lower_bound_exclusive: bool = False
    """True when ``lower_bound`` itself is excluded (``range`` ``>0``: positive)."""
    child_specs: dict[str, ElementSpec | None] = field(
        default_factory=dict, compare=False, repr=False
    )
    """Each child's spec (None: JSBSim does not read that child here), resolved on first
    lookup: ``child_specs[tag]`` never raises."""

    @property
    def enum_text(self) -> tuple[str, ...] | None:
        """Allowed values of the text when it is an enumeration."""
        if self.text and self.text.startswith("enum:"):
            return tuple(self.text[5:].split("|"))
        return None


_FUNCTION_CONTEXT = "fn:"


_Names = tuple[frozenset[str], frozenset[str], tuple[str, ...]]


def _parse_names(text: str, known: dict[str, _Names]) -> _Names:
    """Names, the ones marked ``*`` (repeatable) and the ones marked ``!`` (required, in
    order); memoised in ``known`` (many entries share the same lists)."""
    parsed = known.get(text)
    if parsed is None:
        words = text.split()
        names = [word.rstrip("*!") for word in words]
        parsed = known[text] = (
            frozenset(names),
            frozenset(name for word, name in zip(words, names, strict=True) if "*" in word),
            tuple(name for word, name in zip(words, names, strict=True) if "!" in word),
        )
    return parsed


def _accepted_units(
    dimensions: frozenset[str], known: dict[frozenset[str], frozenset[str]]
) -> frozenset[str]:
    """The unit names of the given dimensions (every unit for none), memoised in ``known``."""
    units = known.get(dimensions)
    if units is None:
        units = known[dimensions] = frozenset(
            name
            for name, unit in JSBSIM_UNITS.items()
            if not dimensions or dimensions & unit.dimensions
        )
    return units


def _parse_spec(table: SpecTable, key: str, fields: dict[str, str]) -> ElementSpec:
    """One vocabulary entry of ``table`` as a spec (the table memoises the unit sets by
    dimensions and the parsed name lists)."""
    units, lists = table._units, table._lists
    tag = key.rsplit("/", 1)[-1].removeprefix(_FUNCTION_CONTEXT)
    unit = None
    dimensions: set[str] = set()
    targets: list[str] = []
    for index, choice in enumerate(filter(None, fields.get("unit", "").split("|"))):
        name, _, dimension = choice.partition(":")
        unit = unit if index else name
        targets.append(name)
        known = JSBSIM_UNITS[name].dimensions
        if (dimension and dimension not in known) or (len(known) > 1 and not dimension):
            raise ValueError(f"vocabulary entry {key}: ambiguous or wrong unit {choice}")
        dimensions.add(dimension or next(iter(known)))
    attr_text = fields.get("attrs", "")
    attributes: frozenset[str] | None
    required_attrs: tuple[str, ...] = ()
    if attr_text.strip() == "ANY":
        attributes = None
    else:
        attributes, _, required_attrs = _parse_names(attr_text, lists)
        if unit:
            attributes |= {"unit"}
    child_text = fields.get("children", "")
    children: frozenset[str] | None
    repeat: frozenset[str] = frozenset()
    required_children: tuple[str, ...] = ()
    if child_text.strip() == "ANY":
        children = None
    else:
        children, repeat, required_children = _parse_names(child_text, lists)
    text = fields.get("text", "")
    enums: dict[str, tuple[str, ...]] = {}
    for item in filter(None, fields.get("enums", "").split(";")):
        attr, _, values = item.partition("=")
        enums[attr] = tuple(values.split("|"))
    checks_unit = unit is not None or (
        attributes is not None and "unit" in attributes and "unit" not in enums
    )
    checks_text = text in ("number", "value", "condition", "property") or text.startswith("enum:")
    numbers = tuple(fields.get("numbers", "").split())
    bound = fields.get("range", "")
    operands = (
        data.OPERAND_COUNTS.get(tag)
        if key.startswith(_FUNCTION_CONTEXT) or key == "function"
        else None
    )
    return ElementSpec(
        key=key,
        tag=tag,
        attributes=attributes,
        required_attributes=required_attrs,
        children=children,
        repeatable=repeat,
        required_children=required_children,
        text=text or None,
        unit=unit,
        dimensions=frozenset(dimensions),
        surprising_default=fields.get("surprising") == "yes",
        enums=enums,
        in_function=key.startswith(_FUNCTION_CONTEXT) or tag == "function",
        accepted_units=_accepted_units(frozenset(dimensions), units),
        ignored=fields.get("ignored"),
        number_attributes=numbers,
        checks_unit=checks_unit,
        checks_text=checks_text,
        operands=operands,
        checks_attributes=bool(required_attrs or enums or numbers),
        checks_content=checks_text or checks_unit or "ignored" in fields,
        units=tuple(targets),
        lower_bound=float(bound.lstrip(">=")) if bound else None,
        lower_bound_exclusive=bound.startswith(">") and not bound.startswith(">="),
        child_specs=_ChildSpecs(table, key),
    )


class SpecTable:
    """Every element spec by key (``tag``, ``parent/tag``, ``fn:tag`` or ``/tag`` for
    roots), each parsed from :data:`~flightsim.config.vocabulary_data.VOCABULARY` on first
    use: a validation parses the few hundred it meets, not all."""

    def __init__(self) -> None:
        self._parsed: dict[str, ElementSpec] = {}
        self._units: dict[frozenset[str], frozenset[str]] = {}
        self._lists: dict[str, _Names] = {}

    def get(self, key: str) -> ElementSpec | None:
        """The spec of ``key``, None when the vocabulary has no such entry."""
        spec = self._parsed.get(key)
        if spec is None:
            fields = data.VOCABULARY.get(key)
            if fields is None:
                return None
            spec = self._parsed[key] = _parse_spec(self, key, fields)
        return spec

    def __getitem__(self, key: str) -> ElementSpec:
        spec = self.get(key)
        if spec is None:
            raise KeyError(key)
        return spec

    def values(self) -> list[ElementSpec]:
        """Every spec (all parsed)."""
        return [self[key] for key in data.VOCABULARY]


class _ChildSpecs(dict[str, "ElementSpec | None"]):
    """A spec's children, each resolved on its first lookup."""

    def __init__(self, table: SpecTable, key: str) -> None:
        super().__init__()
        self.table = table
        self.key = key

    def __missing__(self, tag: str) -> ElementSpec | None:
        parent = self.table[self.key]
        found = None
        if parent.children is None or tag in parent.children:
            found = _resolve(self.table, parent, tag)
        self[tag] = found
        return found


@dataclass(frozen=True)
class Vocabulary:
    """Every element spec, by key, and the root element of each kind of file."""

    specs: SpecTable
    file_roots: dict[str, str]

    def root(self, tag: str) -> ElementSpec | None:
        """The spec of a file's root element, None when no JSBSim file has that root."""
        if tag not in self.file_roots:
            return None
        return self.specs.get("/" + tag) or self.specs.get(tag)

    def child(self, parent: ElementSpec, tag: str) -> ElementSpec | None:
        """The spec of ``tag`` below ``parent`` (None for an element JSBSim does not read there)."""
        if parent.children is not None and tag not in parent.children:
            return None
        return parent.child_specs[tag] if parent.key else _resolve(self.specs, parent, tag)


def _resolve(specs: SpecTable, parent: ElementSpec, tag: str) -> ElementSpec | None:
    """The spec of ``tag`` below ``parent``: ``parent/tag``, then ``fn:tag`` inside a
    function, then ``tag``."""
    spec = specs.get(f"{parent.tag}/{tag}")
    if spec is None and parent.in_function:
        spec = specs.get(_FUNCTION_CONTEXT + tag)
    return spec or specs.get(tag)


def holding(root: ElementSpec) -> ElementSpec:
    """The spec of a document whose one child is the root element ``root`` (a walk that
    checks each element in its parent's loop starts from it)."""
    return ElementSpec(
        key="",
        tag="",
        attributes=frozenset(),
        required_attributes=(),
        children=frozenset({root.tag}),
        repeatable=frozenset({root.tag}),
        required_children=(),
        text=None,
        unit=None,
        dimensions=frozenset(),
        surprising_default=False,
        enums={},
        in_function=False,
        child_specs={root.tag: root},
    )


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary (its specs parsed as they are met)."""
    return Vocabulary(SpecTable(), dict(data.FILE_ROOTS))


@on_clear
def clear_cache() -> None:
    """Forget the parsed vocabulary (the next validation starts cold)."""
    vocabulary.cache_clear()
