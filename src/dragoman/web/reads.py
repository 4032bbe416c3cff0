"""What the web layer adds to the store's library API (dragoman.store.Store): display names for codes, the
PLOVER type list for forms, statistics without the database's address, and a cache for corpus-wide aggregates.

The queries themselves are Store methods (dragoman.store.browse, dragoman.store.queries); the helpers here call
them and add names, so the API and the pages show the same dicts.
"""
from __future__ import annotations

import logging
import threading
import time
import tomllib
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import lru_cache
from importlib import resources
from typing import Any, TypeVar

from dragoman.store.queries import QUADS

T = TypeVar("T")
log = logging.getLogger("dragoman.web")
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
__all__ = ["QUADS", "QUAD_NAMES", "Aggregates", "actor", "cached_network", "cached_span", "cached_stats",
           "cached_timeline", "CodeNames", "counterparts", "country_names", "network", "plover_types", "public_stats"]


def public_stats(store: Any) -> dict[str, Any]:
    """The store's figures without where the database lives: a site's readers need not know its path or host."""
    return {k: v for k, v in store.stats().items() if k != "database"}


@lru_cache(maxsize=1)
def plover_types() -> tuple[str, ...]:
    """The 16 PLOVER event types, in the order of plover.toml."""
    text = resources.files("dragoman").joinpath("data/plover.toml").read_text(encoding="utf-8")
    return tuple(tomllib.loads(text))


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO-3 code -> English short name, from the bundled countries.tsv (plus the group codes)."""
    names = {"IGO": "intergovernmental organisations", "NGO": "non-governmental organisations",
             "MNC": "multinational companies"}
    text = resources.files("dragoman").joinpath("data/countries.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            cells = line.split("\t")
            if len(cells) > 2 and len(cells[0]) == 3 and cells[0].isupper():
                names[cells[0]] = cells[2]
    return names


class CodeNames:
    """Actor codes for what people type in a form: a code as such (rus -> RUS), else a country's name,
    adjective, capital or metonym from the knowledge files the app codes with ("Russia", "tajik", "Kremlin").
    One per app, built from its Options' data folder; lookups are cached (bounded)."""

    def __init__(self, data_dir: Any = None, actor_files: Any = ()) -> None:
        from dragoman.knowledge.tables import Knowledge

        self.knowledge = Knowledge.load(data_dir, actor_files)
        self.code_for = lru_cache(maxsize=4096)(self._code_for)

    def _code_for(self, text: str) -> str | None:
        """The code ``text`` means, or None when it names nothing known."""
        text = " ".join(text.split())
        if text.upper() in country_names():
            return text.upper()
        k = self.knowledge
        for form in dict.fromkeys((text, text.title(), text[:1].upper() + text[1:])):
            for lookup in (k.country, k.country_by_adjective, k.country_by_capital, k.country_by_metonym):
                hit = lookup(form)
                if hit is not None:
                    return hit.iso3
        return None


def _named(item: dict[str, Any], code_key: str) -> dict[str, Any]:
    """The dict with ``name`` (the code's display name, else the code) right after its code."""
    names = country_names()
    out: dict[str, Any] = {}
    for key, value in item.items():
        out[key] = value
        if key == code_key:
            out["name"] = names.get(value, value)
    return out


def network(store: Any, since: str | None = None, until: str | None = None, event_type: str | None = None,
            min_events: int = 1, max_edges: int | None = None) -> dict[str, Any]:
    """Store.network with each node's display name."""
    graph = store.network(since, until, event_type, min_events, max_edges)
    graph["nodes"] = [_named(node, "id") for node in graph["nodes"]]
    return graph


def counterparts(store: Any, code: str, limit: int = 20) -> list[dict[str, Any]]:
    """Store.counterparts with each code's display name."""
    return [_named(row, "code") for row in store.counterparts(code, limit)]


def actor(store: Any, actor_id: int) -> dict[str, Any] | None:
    """Store.actor with the display names of its code (``code_name``) and of its counterparts."""
    found = store.actor(actor_id)
    if found is None:
        return None
    out: dict[str, Any] = {}
    for key, value in found.items():
        out[key] = value
        if key == "code":
            out["code_name"] = country_names().get(value or "", None)
    out["counterparts"] = [_named(row, "code") for row in found["counterparts"]]
    return out


# -- corpus-wide aggregates, computed once for many requests -------------------------------------------------

class Aggregates:
    """A small cache for the corpus-wide aggregates (statistics, whole-store timelines, networks, a code's
    counterparts): each scans the events table, which at 100,000 events takes 50-300 ms, and the overview
    alone needs four. A value is fresh for ``seconds``; after that, requests still get it while a background
    thread computes the new one, so no request waits for a refresh and an ingest by another process shows
    within about ``seconds``. ``clear()`` (called after an ingest through this app) drops every value at once.
    At most ``size`` values, the least recently used dropped first. A key is computed by one thread at a time:
    requests that find no value at all wait for it rather than scan the table side by side. Values are shared:
    callers must not change them."""

    def __init__(self, seconds: float = 10.0, size: int = 256) -> None:
        self.seconds = seconds
        self.size = size
        self._values: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()  # key -> (fresh until, value)
        self._locks: dict[Hashable, threading.Lock] = {}  # held while the key is being computed
        self._lock = threading.Lock()
        self._generation = 0  # bumped by clear(): a computation begun before it is not kept

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        if self.seconds <= 0:
            return compute()
        with self._lock:
            hit = self._values.get(key)
            if hit is not None:
                self._values.move_to_end(key)
                if hit[0] >= time.monotonic():
                    return hit[1]
            key_lock = self._locks.setdefault(key, threading.Lock())
        if hit is not None:  # stale: refresh it in the background (unless that is under way) and answer now
            if key_lock.acquire(blocking=False):
                threading.Thread(target=self._refresh, args=(key, compute, key_lock), daemon=True,
                                 name="dragoman-aggregates").start()
            return hit[1]
        with key_lock:
            with self._lock:
                again = self._values.get(key)
                if again is not None:
                    return again[1]  # computed while this request waited
            return self._compute(key, compute)

    def _compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            generation = self._generation
        result = compute()
        with self._lock:
            if generation == self._generation:
                self._values[key] = (time.monotonic() + self.seconds, result)
                self._values.move_to_end(key)
                while len(self._values) > self.size:
                    old, _ = self._values.popitem(last=False)
                    self._locks.pop(old, None)
        return result

    def _refresh(self, key: Hashable, compute: Callable[[], Any], key_lock: threading.Lock) -> None:
        try:
            self._compute(key, compute)
        except Exception:  # noqa: BLE001 - the stale value stays; the next request tries again
            log.exception("refreshing %r failed", key)
        finally:
            key_lock.release()

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._locks.clear()
            self._generation += 1


# One key formula per aggregate, so the API and the pages share what either computed.

def cached_stats(cache: Aggregates, store: Any) -> dict[str, Any]:
    return cache.get(("stats",), lambda: public_stats(store))


def cached_span(cache: Aggregates, store: Any) -> tuple[int | None, int | None]:
    return cache.get(("span",), store.date_span)


def cached_timeline(cache: Aggregates, store: Any, by: str, since: str | None = None, until: str | None = None,
                    event_type: str | None = None, party: str | None = None, include_uncertain: bool = False,
                    include_background: bool = False) -> list[dict[str, Any]]:
    party = party.upper() if party else None
    return cache.get(("timeline", by, since, until, event_type, party, include_uncertain, include_background),
                     lambda: store.timeline(by, since, until, event_type, party,
                                            include_uncertain=include_uncertain,
                                            include_background=include_background))


def cached_network(cache: Aggregates, store: Any, since: str | None = None, until: str | None = None,
                   event_type: str | None = None, min_events: int = 1, max_edges: int | None = None
                   ) -> dict[str, Any]:
    return cache.get(("network", since, until, event_type, min_events, max_edges),
                     lambda: network(store, since, until, event_type, min_events, max_edges))
