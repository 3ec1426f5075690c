"""The validator's caches: one bounded cache type, and one call that empties them all.

:class:`BoundedCache` is a thread-safe dict of at most ``capacity`` items that
drops the least recently used first. The parsed files (:data:`PARSED`, by path,
size and modification time, so a shared engine or system file is parsed once
however many aircraft use it), what a rule computes per parsed file
(:class:`FileMemo`) and the folder listings of the file search are kept in such
caches. Caches of another shape (the vocabulary, the property catalog, the
collector's name maps, read on every element and kept as plain dicts) register
the function that empties them with :func:`on_clear`. :func:`clear_all` empties
everything: the next validation starts as cold as in a new process. Parsed trees
are shared: rules must not modify them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Generic, TypeVar

from lxml import etree

from flightsim.config.safexml import XMLReadError, parse_xml, read_bytes, stat_file
from flightsim.config.source import SourceText

if TYPE_CHECKING:
    from flightsim.config.document import ConfigFile

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
T = TypeVar("T")

_CLEARS: list[Callable[[], None]] = []


def on_clear(clear: Callable[[], None]) -> Callable[[], None]:
    """Have :func:`clear_all` call ``clear`` (returned, to be used as a decorator)."""
    _CLEARS.append(clear)
    return clear


def clear_all() -> None:
    """Empty every cache of the validator."""
    for clear in _CLEARS:
        clear()


class BoundedCache(Generic[K, V]):
    """A thread-safe dict of at most ``capacity`` items, least recently used dropped
    first; emptied by :func:`clear_all`."""

    def __init__(self, capacity: int):
        self._capacity = capacity
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()
        on_clear(self.clear)

    def get(self, key: K) -> V | None:
        """The value kept for ``key``, None when there is none."""
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        """Keep ``value`` for ``key``, dropping the oldest items beyond the capacity."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._capacity:
                self._items.popitem(last=False)

    def clear(self) -> None:
        """Forget every item."""
        with self._lock:
            self._items.clear()


Parsed = tuple[etree._Element, SourceText]
"""A parsed file: its root element and its text."""


class ParseCache:
    """Parsed files (root and text, or the XML error) by (path, size, mtime). A file
    that cannot be read at all is not kept: the error is raised."""

    def __init__(self, capacity: int = 1024):
        self._items: BoundedCache[tuple[str, int, int], Parsed | XMLReadError]
        self._items = BoundedCache(capacity)

    def get(self, path: str) -> Parsed:
        """The parsed file at the absolute ``path``.

        Raises NotFoundError or UnreadableFileError when it cannot be read, an
        XMLReadError (kept, raised again next time) when it is not usable XML.
        """
        stat = stat_file(path)
        key = (path, stat.st_size, stat.st_mtime_ns)
        cached = self._items.get(key)
        if cached is None:
            data = read_bytes(path)
            try:
                cached = (parse_xml(data, path), SourceText(data))
            except XMLReadError as exc:
                cached = exc
            self._items.put(key, cached)
        if isinstance(cached, XMLReadError):
            raise cached.with_traceback(None)
        return cached


PARSED = ParseCache()


class FileMemo(Generic[T]):
    """Values computed once per parsed file: ``memo.get(config, *args)`` calls
    ``compute(config, *args)`` the first time only.

    Keyed by the parsed root (kept, to check identity), the display name and
    ``args``: a shared engine or system file is handled once however many
    aircraft use it.
    """

    def __init__(self, compute: Callable[..., T], capacity: int = 1024):
        self._compute = compute
        self._items: BoundedCache[tuple[object, ...], tuple[etree._Element, T]]
        self._items = BoundedCache(capacity)

    def get(self, config: ConfigFile, *args: object) -> T:
        """The value for ``config`` (and ``args``), computed when not known yet."""
        key = (id(config.root), config.display, *args)
        item = self._items.get(key)
        if item is not None and item[0] is config.root:
            return item[1]
        value = self._compute(config, *args)
        self._items.put(key, (config.root, value))
        return value
