"""Per-file caches of the validator: parsed files, and values computed per parsed file.

Parsed files are kept by path, size and modification time, so a shared engine
or system file is parsed once however many aircraft use it; a
:class:`FileMemo` keeps what a rule computes per file. :func:`clear_cache`
empties them all (the next validation starts as cold as in a new process).
Parsed trees are shared: rules must not modify them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from lxml import etree

from flightsim.config.safexml import XMLReadError, parse_xml, read_bytes, stat_file
from flightsim.config.source import SourceText

if TYPE_CHECKING:
    from flightsim.config.document import ConfigFile

Parsed = tuple[etree._Element, SourceText]
"""A parsed file: its root element and its text."""


class ParseCache:
    """Parsed files (root and text, or the XML error) by (path, size, mtime); bounded,
    thread-safe. A file that cannot be read at all is not kept: the error is raised."""

    def __init__(self, capacity: int = 1024):
        self._capacity = capacity
        self._items: OrderedDict[tuple[str, int, int], Parsed | XMLReadError] = OrderedDict()
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def get(self, path: str) -> Parsed:
        """The parsed file at the absolute ``path``.

        Raises NotFoundError or UnreadableFileError when it cannot be read, an
        XMLReadError (kept, raised again next time) when it is not usable XML.
        """
        stat = stat_file(path)
        key = (path, stat.st_size, stat.st_mtime_ns)
        with self._lock:
            cached = self._items.get(key)
            if cached is not None:
                self._items.move_to_end(key)
        if cached is None:
            data = read_bytes(path, size=stat.st_size)
            try:
                cached = (parse_xml(data, path), SourceText(data))
            except XMLReadError as exc:
                cached = exc
            with self._lock:
                self._items[key] = cached
                while len(self._items) > self._capacity:
                    self._items.popitem(last=False)
        if isinstance(cached, XMLReadError):
            raise cached.with_traceback(None)
        return cached


PARSED = ParseCache()

T = TypeVar("T")


class FileMemo(Generic[T]):
    """Values computed once per parsed file: ``memo.get(config, *args)`` calls
    ``compute(config, *args)`` the first time only; bounded, thread-safe.

    Keyed by the parsed root (kept, to check identity), the display name and
    ``args``: a shared engine or system file is handled once however many
    aircraft use it. Every memo is emptied by :func:`clear_cache`.
    """

    def __init__(self, compute: Callable[..., T], capacity: int = 1024):
        self._compute = compute
        self._capacity = capacity
        self._items: OrderedDict[tuple[object, ...], tuple[etree._Element, T]] = OrderedDict()
        self._lock = threading.Lock()
        _MEMOS.append(self)

    def clear(self) -> None:
        """Forget every value."""
        with self._lock:
            self._items.clear()

    def get(self, config: ConfigFile, *args: object) -> T:
        """The value for ``config`` (and ``args``), computed when not known yet."""
        key = (id(config.root), config.display, *args)
        with self._lock:
            item = self._items.get(key)
        if item is not None and item[0] is config.root:
            return item[1]
        value = self._compute(config, *args)
        with self._lock:
            self._items[key] = (config.root, value)
            while len(self._items) > self._capacity:
                self._items.popitem(last=False)
        return value


_MEMOS: list[FileMemo[Any]] = []


def clear_cache() -> None:
    """Forget every parsed file and every per-file value."""
    PARSED.clear()
    for memo in _MEMOS:
        memo.clear()
