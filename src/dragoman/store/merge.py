"""One event, many sources: the merge rule, and keeping merged events in step with their mentions.

The rule (docs/store.md): a coded event record (a *mention*) joins an existing event when
  1. the PLOVER type is the same, and so are the actor and recipient codes (a missing recipient only
     matches a missing recipient); the actor code is known;
  2. both are negated, or neither; both hypothetical, or neither;
  3. their dates are known to the day, the week or the month, and no more than ``merge_window_days`` apart
     (a date is the interval of days it may mean: "last week" is seven days, "in October" thirty-one; a date
     known only to the year never merges);
  4. their places are compatible: either is unknown; or both in the same country and either is the whole
     country, or both within ``merge_radius_km`` of each other (by coordinates), or (no coordinates) the same
     place name;
  5. for an event within one country (actor code = recipient code), the sectors agree when both are known.
Among several candidates the nearest in date wins, then a matching place, then the best-attested event,
then the oldest. A merge never moves an event: the date window is measured from the event's anchor (its first
mention), so a daily series of clashes does not chain into one event. The event's date is its anchor's, narrowed
to the most precise date of a mention inside it ("last week" and "Thursday": that Thursday).

Backdrop mentions ("after a jet shot down a helicopter, ...": ``background``) merge by the same rule, with
main-event mentions too: a recalled event is the same real-world event. An event is ``background`` while
every mention of it is a backdrop; its anchor is its first main-event mention when it has one (a backdrop
without a date of its own carries its article's date), so the first report of the event itself moves the
anchor once, to a mention within the window.

Counts are derived from the set of linked mentions, never incremented: NumMentions is the number of
mentions, NumArticles the number of distinct articles (including wire copies linked as near-duplicates of
those articles), NumSources the number of distinct outlets among them; backdrop mentions count (an article
recalling the event reports it too).
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, delete, select, update
from sqlalchemy.engine import Connection

from dragoman.store import schema as t
from dragoman.store.config import StoreConfig
from dragoman.store.dates import When, gap_days, parse_when, shift


@dataclass(frozen=True)
class Where:
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature: str | None = None

    @property
    def known(self) -> bool:
        return bool(self.name or self.country or self.lat is not None)


def distance_km(a: Where, b: Where) -> float:
    """Great-circle distance."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def places_compatible(a: Where | None, b: Where | None, radius_km: float) -> bool:
    if a is None or b is None or not a.known or not b.known:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if a.feature == "country" or b.feature == "country":
        return True
    if None not in (a.lat, a.lon, b.lat, b.lon):
        return distance_km(a, b) <= radius_km
    if a.name and b.name:
        return a.name.casefold() == b.name.casefold()
    return True


def dates_compatible(a: When | None, b: When | None, window_days: int) -> bool:
    if a is None or b is None or "year" in (a.precision, b.precision):
        return False
    return gap_days(a, b) <= window_days


def sectors_compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


@dataclass(frozen=True)
class Pair:
    """One actor-recipient pair of a mention: the unit that merges."""

    event_type: str
    actor_code: str | None
    recipient_code: str | None
    actor_sector: str | None
    recipient_sector: str | None
    negated: bool
    hypothetical: bool
    when: When | None
    where: Where | None


def can_merge(mention: Pair, event: Pair, config: StoreConfig) -> bool:
    """The whole rule, on two plain values: the database search below only narrows the candidates."""
    if (mention.event_type, mention.actor_code, mention.recipient_code, mention.negated, mention.hypothetical) != (
            event.event_type, event.actor_code, event.recipient_code, event.negated, event.hypothetical):
        return False
    if mention.actor_code is None:
        return False
    if mention.actor_code == mention.recipient_code and not (
            sectors_compatible(mention.actor_sector, event.actor_sector)
            and sectors_compatible(mention.recipient_sector, event.recipient_sector)):
        return False
    return (dates_compatible(mention.when, event.when, config.merge_window_days)
            and places_compatible(mention.where, event.where, config.merge_radius_km))


def _rank(mention: Pair, event: Pair, num_sources: int, event_id: int) -> tuple:
    assert mention.when is not None and event.when is not None
    place_match = 0 if (mention.where and event.where and mention.where.known and event.where.known) else 1
    return gap_days(mention.when, event.when), place_match, -num_sources, event_id


def _event_pair(row: Any) -> Pair:
    return Pair(row.event_type, row.actor_code, row.recipient_code, row.actor_sector, row.recipient_sector,
                bool(row.negated), bool(row.hypothetical), parse_when(row.date, row.date_precision),
                Where(row.place_name, row.place_country, row.place_lat, row.place_lon, row.place_feature))


def _candidates_query(null_recipient: bool) -> Select:
    e = t.events
    recipient = e.c.recipient_code.is_(None) if null_recipient else e.c.recipient_code == bindparam("recipient")
    return select(e.c.id, e.c.event_type, e.c.actor_code, e.c.recipient_code, e.c.actor_sector,
                  e.c.recipient_sector, e.c.negated, e.c.hypothetical, e.c.date, e.c.date_precision, e.c.place_name,
                  e.c.place_country, e.c.place_lat, e.c.place_lon, e.c.place_feature, e.c.num_sources).where(
        e.c.actor_code == bindparam("actor"), recipient, e.c.certain == bindparam("certain"),
        e.c.day <= bindparam("day_max"), e.c.day_hi >= bindparam("day_min"),
        e.c.event_type == bindparam("event_type"), e.c.negated == bindparam("negated"),
        e.c.hypothetical == bindparam("hypothetical"))


# Built once (immutable statements, so SQLAlchemy compiles and caches each a single time).
_CANDIDATES = {True: _candidates_query(True), False: _candidates_query(False)}


def find_event(conn: Connection, pair: Pair, config: StoreConfig) -> int | None:
    """The id of the stored event this pair merges into, or None."""
    if pair.actor_code is None or pair.when is None or pair.when.precision == "year":
        return None
    window = config.merge_window_days
    params = {"actor": pair.actor_code, "certain": not pair.negated and not pair.hypothetical,
              "day_max": shift(pair.when.day_hi, window), "day_min": shift(pair.when.day, -window),
              "event_type": pair.event_type, "negated": pair.negated, "hypothetical": pair.hypothetical}
    if pair.recipient_code is not None:
        params["recipient"] = pair.recipient_code
    best: tuple | None = None
    for row in conn.execute(_CANDIDATES[pair.recipient_code is None], params):
        other = _event_pair(row)
        if can_merge(pair, other, config):
            rank = _rank(pair, other, row.num_sources, row.id)
            if best is None or rank < best:
                best = rank
    return None if best is None else best[-1]


def create_event(conn: Connection, pair: Pair, mention: dict[str, Any], now: datetime) -> int:
    """A new event anchored on this mention; refresh() fills in the rest."""
    when = pair.when
    row = {
        "event_type": pair.event_type, "actor_code": pair.actor_code, "recipient_code": pair.recipient_code,
        "actor_sector": pair.actor_sector, "recipient_sector": pair.recipient_sector,
        "negated": pair.negated, "hypothetical": pair.hypothetical,
        "certain": not pair.negated and not pair.hypothetical, "background": mention["background"],
        "date": when.text if when else None, "date_precision": when.precision if when else None,
        "day": when.day if when else None, "day_hi": when.day_hi if when else None,
        "place_name": mention["place_name"], "place_country": mention["place_country"],
        "place_lat": mention["place_lat"], "place_lon": mention["place_lon"],
        "place_feature": mention["place_feature"], "cameo": mention["cameo"],
        "quad_class": mention["quad_class"], "score": mention["score"], "mode": mention["mode"],
        "context": mention["context"], "is_root": mention["is_root"],
        "num_mentions": 0, "num_articles": 0, "num_sources": 0, "created_at": now, "updated_at": now,
    }
    return conn.execute(_INSERT_EVENT, row).scalar_one()


_INSERT_EVENT = t.events.insert().returning(t.events.c.id)


def link(conn: Connection, links: Iterable[tuple[int, int, int]]) -> None:
    rows = [{"event_id": e, "mention_id": m, "article_id": a} for e, m, a in links]
    if rows:
        conn.execute(t.event_links.insert(), rows)


def narrowest_date(anchor: When | None, others: Iterable[When | None]) -> When | None:
    """The anchor's date, or the shortest date of another mention lying wholly inside it: one report says
    "last week", another "Thursday", and the event happened that Thursday. Only dates the text gives count
    (not a publication date standing in for none). Ties keep the anchor's."""
    if anchor is None:
        return None
    best = anchor
    for when in others:
        if when is not None and anchor.lo <= when.lo and when.hi <= anchor.hi and (
                (when.hi - when.lo) < (best.hi - best.lo)):
            best = when
    return best


def _party(parties: list[dict] | None, code: str | None) -> dict:
    for party in parties or []:
        if party.get("code") == code:
            return party
    return {}


def refresh(conn: Connection, event_ids: Iterable[int], now: datetime) -> int:
    """Recompute every derived field of these events from their linked mentions; drop events left with none.

    Returns the number of events deleted.
    """
    ids = sorted(set(event_ids))
    deleted = 0
    for start in range(0, len(ids), 500):
        deleted += _refresh_chunk(conn, ids[start:start + 500], now)
    return deleted


def _refresh_chunk(conn: Connection, ids: list[int], now: datetime) -> int:
    m, a, el, e = t.mentions, t.articles, t.event_links, t.events
    rows = conn.execute(
        select(el.c.event_id, m, a.c.source_key, a.c.url, a.c.doc_id)
        .select_from(el.join(m, m.c.id == el.c.mention_id).join(a, a.c.id == el.c.article_id))
        .where(el.c.event_id.in_(ids)).order_by(el.c.event_id, m.c.id)).all()
    by_event: dict[int, list] = defaultdict(list)
    for row in rows:
        by_event[row.event_id].append(row)
    article_ids = {row.article_id for row in rows}
    copies: dict[int, list[str]] = defaultdict(list)  # canonical article id -> outlets of its wire copies
    if article_ids:
        for dup in conn.execute(select(a.c.duplicate_of, a.c.source_key).where(
                a.c.duplicate_of.in_(sorted(article_ids)), a.c.status == "duplicate")):
            copies[dup.duplicate_of].append(dup.source_key)
    events = {row.id: row for row in conn.execute(
        select(e.c.id, e.c.actor_code, e.c.recipient_code).where(e.c.id.in_(ids)))}
    gone = [i for i in ids if i in events and i not in by_event]
    updates: list[dict[str, Any]] = []
    if gone:
        conn.execute(delete(e).where(e.c.id.in_(gone)))
    for event_id, links in by_event.items():
        event = events[event_id]
        anchor = next((row for row in links if not row.background), links[0])
        articles = {row.article_id for row in links}
        outlets = {row.source_key for row in links}
        n_copies = 0
        for article_id in articles:
            n_copies += len(copies.get(article_id, ()))
            outlets.update(copies.get(article_id, ()))
        actor = _party(anchor.actor, event.actor_code)
        recipient = _party(anchor.recipient, event.recipient_code)
        actor_sector = actor.get("sector") or next(
            (p.get("sector") for r in links for p in [_party(r.actor, event.actor_code)] if p.get("sector")), None)
        recipient_sector = recipient.get("sector") or next(
            (p.get("sector") for r in links for p in [_party(r.recipient, event.recipient_code)]
             if p.get("sector")), None)
        when = narrowest_date(parse_when(anchor.date, anchor.date_precision),
                              [parse_when(row.date, row.date_precision) for row in links if row.date_text])
        updates.append({
            "b_id": event_id, "background": all(row.background for row in links), "num_mentions": len(links),
            "num_articles": len(articles) + n_copies, "num_sources": len(outlets), "anchor_mention_id": anchor.id,
            "source_url": anchor.url or anchor.doc_id,
            "actor_sector": actor_sector, "actor_name": actor.get("name"),
            "recipient_sector": recipient_sector, "recipient_name": recipient.get("name"),
            "date": when.text if when else None, "date_precision": when.precision if when else None,
            "day": when.day if when else None, "day_hi": when.day_hi if when else None, "mode": anchor.mode, "context": anchor.context,
            "place_name": anchor.place_name, "place_country": anchor.place_country, "place_lat": anchor.place_lat,
            "place_lon": anchor.place_lon, "place_feature": anchor.place_feature, "cameo": anchor.cameo,
            "quad_class": anchor.quad_class, "score": anchor.score, "is_root": anchor.is_root, "updated_at": now})
    if updates:
        conn.execute(_UPDATE_EVENT, updates)
    return len(gone)


_REFRESHED = ("background", "num_mentions", "num_articles", "num_sources", "anchor_mention_id", "source_url",
              "actor_sector", "actor_name", "recipient_sector", "recipient_name", "date", "date_precision", "day", "day_hi", "mode",
              "context", "place_name", "place_country", "place_lat", "place_lon", "place_feature", "cameo",
              "quad_class", "score", "is_root", "updated_at")
_UPDATE_EVENT = (update(t.events).where(t.events.c.id == bindparam("b_id"))
                 .values({c: bindparam(c) for c in _REFRESHED}))


def promote(conn: Connection, event_ids: Iterable[int], now: datetime) -> None:
    """A main-event mention joined these events: those that were backdrop-only take it as their anchor now, not
    at the end of the batch, so the next mention is measured from the same anchor whatever the batch size."""
    ids = sorted(set(event_ids))
    if ids:
        e = t.events
        refresh(conn, conn.execute(select(e.c.id).where(e.c.id.in_(ids), e.c.background.is_(True))).scalars().all(),
                now)


def events_of_articles(conn: Connection, article_ids: Iterable[int]) -> set[int]:
    ids = sorted(set(article_ids))
    if not ids:
        return set()
    el = t.event_links
    return set(conn.execute(select(el.c.event_id).where(el.c.article_id.in_(ids)).distinct()).scalars())


__all__ = ["Pair", "Where", "can_merge", "places_compatible", "dates_compatible", "narrowest_date", "find_event",
           "create_event", "link", "refresh", "promote", "events_of_articles"]
