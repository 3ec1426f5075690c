"""The validator's caches: bounded, shared across aircraft, and all emptied at once."""

from __future__ import annotations

import threading
from pathlib import Path

from flightsim.config import file_property_uses, file_search, property_catalog
from flightsim.config.caches import PARSED, BoundedCache, FileMemo
from flightsim.config.document import load_file
from flightsim.config.validator import clear_caches, validate
from flightsim.config.vocabulary import vocabulary


def test_bounded_cache_drops_the_least_recently_used() -> None:
    cache: BoundedCache[str, int] = BoundedCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "a" is now the most recent
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)


def test_bounded_cache_is_safe_across_threads() -> None:
    cache: BoundedCache[int, int] = BoundedCache(64)

    def work(offset: int) -> None:
        for i in range(2000):
            cache.put((i + offset) % 100, i)
            cache.get(i % 100)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(cache._items) == 64


def test_a_file_is_parsed_once_until_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "s.xml"
    path.write_text('<system name="a"/>')
    first = load_file(path).root
    assert load_file(path).root is first
    path.write_text('<system name="bb"/>')  # another size: parsed again
    assert load_file(path).root.get("name") == "bb"


def test_file_memo_computes_once_per_parsed_file(tmp_path: Path) -> None:
    path = tmp_path / "s.xml"
    path.write_text('<system name="a"/>')
    calls: list[str] = []
    memo = FileMemo(lambda config: calls.append(config.display) or len(calls))
    config = load_file(path)
    assert memo.get(config) == memo.get(config) == 1
    assert len(calls) == 1


def test_clear_caches_leaves_nothing_cached() -> None:
    """After clear_caches the next validation starts as cold as a new process."""
    validate("c172x")
    assert vocabulary.cache_info().currsize == 1
    assert property_catalog.catalog.cache_info().currsize == 1
    assert file_property_uses._NAMES
    assert PARSED._items._items and file_search._LISTINGS._items._items
    clear_caches()
    assert vocabulary.cache_info().currsize == 0
    assert property_catalog.catalog.cache_info().currsize == 0
    assert not file_property_uses._NAMES and not file_property_uses._DEFINED
    assert not PARSED._items._items and not file_search._LISTINGS._items._items
