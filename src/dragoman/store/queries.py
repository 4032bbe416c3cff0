"""Read queries over the store: events, actors, dyads, full-text search, statistics, failures (the pages'
browsing queries are in store.browse).

Each returns plain dicts (JSON-ready) so the CLI and a web API are thin layers over them.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, func, literal_column, or_, select, text
from sqlalchemy.engine import Connection

from dragoman.store import schema as t
from dragoman.store.dates import from_day_int, parse_bound

PERIODS = ("day", "week", "month", "year", "all")
GROUP_CODES = frozenset({"IGO", "NGO", "MNC"})  # actor codes that name groups, not countries
QUADS = ("verbal_coop", "material_coop", "verbal_conflict", "material_conflict")  # quad classes 1 to 4
EVENT_COLUMNS = ("id", "date", "date_precision", "event", "mode", "actor_code", "actor_sector", "actor_name", "recipient_code",
                 "recipient_sector", "recipient_name", "cameo", "quad_class", "score", "place", "place_country",
                 "lat", "lon", "num_sources", "num_articles", "num_mentions", "negated", "hypothetical",
                 "background", "source_url")


@dataclass(frozen=True)
class EventFilter:
    actor: str | None = None  # actor code (RUS)
    recipient: str | None = None
    party: str | None = None  # either side
    event_type: str | None = None  # PLOVER type (CONSULT)
    since: str | None = None  # YYYY[-MM[-DD]], inclusive
    until: str | None = None  # inclusive: '2025' runs to 31 December
    country: str | None = None  # where it happened (place country)
    min_sources: int | None = None
    include_uncertain: bool = False  # also negated and hypothetical events
    include_background: bool = False  # also events only ever recalled as a backdrop (dated by the recalling articles)
    limit: int | None = None
    offset: int = 0
    event_types: tuple[str, ...] = ()  # any of these PLOVER types (with event_type, if given)
    quad_classes: tuple[int, ...] = ()  # any of these quad classes (1-4)
    counterpart: str | None = None  # with party: events between party and this code, either direction
    sort: str = "newest"  # one of SORTS


# Orders of an event list, each ending with the id so that pages never overlap.
SORTS = ("newest", "oldest", "sources", "conflict", "cooperation")


def event_select() -> Select:
    e = t.events
    return select(
        e.c.id, e.c.date, e.c.date_precision, e.c.event_type.label("event"), e.c.mode, e.c.actor_code, e.c.actor_sector,
        e.c.actor_name, e.c.recipient_code, e.c.recipient_sector, e.c.recipient_name, e.c.cameo, e.c.quad_class,
        e.c.score, e.c.place_name.label("place"), e.c.place_country, e.c.place_lat.label("lat"),
        e.c.place_lon.label("lon"), e.c.num_sources, e.c.num_articles, e.c.num_mentions, e.c.negated,
        e.c.hypothetical, e.c.background, e.c.source_url)


def event_conditions(f: EventFilter) -> list:
    e = t.events
    where = []
    if f.actor:
        where.append(e.c.actor_code == f.actor.upper())
    if f.recipient:
        where.append(e.c.recipient_code == f.recipient.upper())
    if f.party and f.counterpart:
        where.append(pair_condition(f.party, f.counterpart))
    elif f.party:
        where.append(or_(e.c.actor_code == f.party.upper(), e.c.recipient_code == f.party.upper()))
    types = {x.upper() for x in (f.event_type, *f.event_types) if x}
    if types:
        where.append(e.c.event_type.in_(sorted(types)))
    if f.quad_classes:
        where.append(e.c.quad_class.in_(sorted(set(f.quad_classes))))
    if f.since:
        where.append(e.c.day >= parse_bound(f.since))
    if f.until:
        where.append(e.c.day <= parse_bound(f.until, upper=True))
    if f.country:
        where.append(e.c.place_country == f.country.upper())
    if f.min_sources:
        where.append(e.c.num_sources >= f.min_sources)
    if not f.include_uncertain:
        where.append(e.c.certain.is_(True))
    if not f.include_background:
        where.append(e.c.background.is_(False))
    return where


def event_order(sort: str) -> tuple:
    """ORDER BY terms for one of SORTS; undated events last when newest or oldest come first."""
    e = t.events
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}")
    return {
        "newest": (e.c.day.desc(), e.c.id.desc()),
        "oldest": (e.c.day.is_(None), e.c.day.asc(), e.c.id.asc()),
        "sources": (e.c.num_sources.desc(), e.c.day.desc(), e.c.id.desc()),
        "conflict": (e.c.score.is_(None), e.c.score.asc(), e.c.day.desc(), e.c.id.desc()),
        "cooperation": (e.c.score.is_(None), e.c.score.desc(), e.c.day.desc(), e.c.id.desc()),
    }[sort]


def events_query(f: EventFilter, extra: tuple = ()) -> Select:
    """The select behind ``events``: EventFilter's conditions (and ``extra``), order, limit and offset."""
    query = event_select().where(*event_conditions(f), *extra).order_by(*event_order(f.sort))
    if f.limit:
        query = query.limit(f.limit)
    if f.offset:
        query = query.offset(f.offset)
    return query


def events(conn: Connection, f: EventFilter) -> list[dict[str, Any]]:
    return [event_dict(row) for row in conn.execute(events_query(f))]


def count_events(conn: Connection, f: EventFilter, extra: tuple = ()) -> int:
    """How many events the filter matches, whatever its limit and offset."""
    return conn.execute(select(func.count()).select_from(t.events)
                        .where(*event_conditions(f), *extra)).scalar_one()


def event_dict(row: Any) -> dict[str, Any]:
    out = dict(row._mapping)
    out["negated"] = bool(out["negated"])
    out["hypothetical"] = bool(out["hypothetical"])
    out["background"] = bool(out["background"])
    return out


def event_sources(conn: Connection, event_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Every article and sentence behind each event, and the wire copies of those articles."""
    el, m, a = t.event_links, t.mentions, t.articles
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not event_ids:
        return out
    article_events: dict[int, set[int]] = defaultdict(set)
    rows = conn.execute(
        select(el.c.event_id, a.c.id.label("article_pk"), a.c.doc_id, a.c.title, a.c.source, a.c.url, a.c.date,
               m.c.sentence_text, m.c.sentence_start, m.c.sentence_end, m.c.trigger_text, m.c.pattern,
               m.c.background)
        .select_from(el.join(m, m.c.id == el.c.mention_id).join(a, a.c.id == el.c.article_id))
        .where(el.c.event_id.in_(event_ids)).order_by(el.c.event_id, m.c.id))
    for row in rows:
        item = dict(row._mapping)
        item["background"] = bool(item["background"])  # this sentence recalls the event as a backdrop
        event_id = item.pop("event_id")
        article_events[item.pop("article_pk")].add(event_id)
        out[event_id].append({"article": item.pop("doc_id"), **item, "copy_of": None})
    if article_events:
        copies = conn.execute(select(a.c.duplicate_of, a.c.doc_id, a.c.title, a.c.source, a.c.url, a.c.date)
                              .where(a.c.duplicate_of.in_(sorted(article_events)), a.c.status == "duplicate")
                              .order_by(a.c.id))
        originals = dict(conn.execute(select(a.c.id, a.c.doc_id).where(a.c.id.in_(sorted(article_events)))).all())
        for row in copies:
            for event_id in article_events[row.duplicate_of]:
                out[event_id].append({"article": row.doc_id, "title": row.title, "source": row.source,
                                      "url": row.url, "date": row.date, "sentence_text": None,
                                      "sentence_start": None, "sentence_end": None, "trigger_text": None,
                                      "pattern": None, "background": None,
                                      "copy_of": originals[row.duplicate_of]})
    return out


def actors(conn: Connection, country: str | None = None, kind: str | None = None, name: str | None = None,
           limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Distinct actors, most reported first (ties by name, then id, so pages never overlap)."""
    ac, aa, am = t.actors, t.article_actors, t.actor_mentions
    mention_counts = (select(am.c.article_actor_id, func.count().label("n"))
                      .group_by(am.c.article_actor_id).subquery())
    query = (select(ac.c.id, ac.c.name, ac.c.kind, ac.c.code, func.max(aa.c.sector).label("sector"),
                    func.max(aa.c.role).label("role"), func.count(func.distinct(aa.c.article_id)).label("articles"),
                    func.coalesce(func.sum(mention_counts.c.n), 0).label("mentions"))
             .select_from(ac.join(aa, aa.c.actor_id == ac.c.id)
                          .outerjoin(mention_counts, mention_counts.c.article_actor_id == aa.c.id))
             .group_by(ac.c.id, ac.c.name, ac.c.kind, ac.c.code)
             .order_by(literal_column("articles").desc(), ac.c.name, ac.c.id))
    if country:
        query = query.where(ac.c.code == country.upper())
    if kind:
        query = query.where(ac.c.kind == kind)
    if name:
        # a literal substring: % and _ in the name are escaped, not wildcards
        query = query.where(func.lower(ac.c.name).contains(name.lower(), autoescape=True))
    if limit:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    return [dict(row._mapping) for row in conn.execute(query)]


def period_of(day: int | None, by: str) -> str:
    if day is None:
        return "undated"
    if by == "all":
        return "all"
    if by == "year":
        return f"{day // 10000:04d}"
    if by == "month":
        return f"{day // 10000:04d}-{day // 100 % 100:02d}"
    d = from_day_int(day)
    if by == "week":
        year, week, _ = d.isocalendar()
        return f"{year:04d}-W{week:02d}"
    return d.isoformat()


def group_label(key: int | None, by: str) -> str:
    if key is None:
        return "undated"
    if by == "month":  # key is YYYYMM
        return f"{key // 100:04d}-{key % 100:02d}"
    if by == "year":
        return f"{key:04d}"
    return period_of(key, by)


def pair_condition(a: str, b: str, directed: bool = False):  # noqa: ANN201
    """Events from code a to code b, and from b to a unless ``directed``."""
    e = t.events
    a, b = a.upper(), b.upper()
    cond = and_(e.c.actor_code == a, e.c.recipient_code == b)
    if not directed and a != b:
        cond = or_(cond, and_(e.c.actor_code == b, e.c.recipient_code == a))
    return cond


def dyad(conn: Connection, a: str, b: str, by: str = "month", since: str | None = None,
         until: str | None = None, directed: bool = False, include_background: bool = False
         ) -> list[dict[str, Any]]:
    """Events between two actors per period: counts per quad class and the summed cooperation-conflict score.

    Undirected by default (a->b and b->a); ``directed=True`` counts a->b only. Backdrop-only events are left
    out unless ``include_background``: counted at the recalling article's date, they would inflate later periods.
    """
    check_period(by)
    f = EventFilter(since=since, until=until, include_background=include_background)
    return period_counts(conn, [pair_condition(a, b, directed), *event_conditions(f)], by)


def check_period(by: str) -> None:
    if by not in PERIODS:
        raise ValueError(f"by must be one of {', '.join(PERIODS)}")


def period_counts(conn: Connection, conditions: list, by: str) -> list[dict[str, Any]]:
    """The events meeting ``conditions`` per period: counts per quad class and the summed score, periods in
    order with "undated" last. Months and years are grouped by the database (a YYYYMMDD integer divided);
    weeks are folded from days. ``by``: one of PERIODS (check_period)."""
    e = t.events
    key = {"month": e.c.day // 100, "year": e.c.day // 10000}.get(by, e.c.day).label("k")
    query = (select(key, e.c.quad_class, func.count().label("n"), func.sum(e.c.score).label("score"))
             .where(*conditions).group_by(key, e.c.quad_class))
    buckets: dict[str, dict[str, Any]] = {}
    for k, quad, n, score in conn.execute(query):
        label = group_label(None if k is None else int(k), by)
        bucket = buckets.setdefault(label, {"period": label, "events": 0, **{q: 0 for q in QUADS}, "score": 0.0})
        bucket["events"] += n
        if quad in (1, 2, 3, 4):
            bucket[QUADS[quad - 1]] += n
        bucket["score"] += float(score or 0.0)
    for bucket in buckets.values():
        bucket["score"] = round(bucket["score"], 3)
    return sorted(buckets.values(), key=lambda r: (r["period"] == "undated", r["period"]))


_FTS_TOKEN = re.compile(r'"([^"]*)"|(\S+)')


def fts5_query(q: str) -> str | None:
    """A web-search style query (words, "phrases", OR, -excluded) as a safe FTS5 query."""
    positives: list[str] = []
    negatives: list[str] = []
    pending_or = False
    for phrase, word in _FTS_TOKEN.findall(q.replace("\x00", " ")):  # FTS5 cannot take a NUL, even quoted
        if word == "OR":
            pending_or = bool(positives)
            continue
        negative = bool(word) and word.startswith("-") and len(word) > 1
        term = phrase if phrase else (word[1:] if negative else word)
        if not re.search(r"\w", term):
            continue
        quoted = '"' + term.replace('"', '""') + '"'
        if negative:
            negatives.append(quoted)
        elif pending_or and positives:
            positives[-1] = f"({positives[-1]} OR {quoted})"
        else:
            positives.append(quoted)
        pending_or = False
    if not positives:
        return None
    query = " AND ".join(positives)
    if negatives:
        query = f"({query}) NOT ({' OR '.join(negatives)})"
    return query


def search(conn: Connection, q: str, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    """Full text over articles' titles and bodies: SQLite FTS5 (bm25) or PostgreSQL full-text search, best
    first (ties by article, so pages never overlap)."""
    if conn.dialect.name == "sqlite":
        match = fts5_query(q)
        if match is None:
            return []
        sql = text(
            "SELECT a.doc_id, a.title, a.date, a.source, a.url, a.status, "
            "snippet(articles_fts, 1, '[', ']', '…', 16) AS snippet, bm25(articles_fts) AS rank "
            "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            "WHERE articles_fts MATCH :q ORDER BY rank, a.id LIMIT :limit OFFSET :offset")
        rows = conn.execute(sql, {"q": match, "limit": limit, "offset": offset})
        return [{**dict(r._mapping), "rank": round(-float(r.rank), 4)} for r in rows]
    sql = text(
        f"SELECT a.doc_id, a.title, a.date, a.source, a.url, a.status, "
        f"ts_headline('english', left(a.text, 300000), q, "
        f"'StartSel=[, StopSel=], MaxWords=24, MinWords=8, MaxFragments=1') AS snippet, "
        f"ts_rank({t.PG_TSVECTOR}, q) AS rank "
        f"FROM articles a, websearch_to_tsquery('english', :q) q "
        f"WHERE {t.PG_TSVECTOR} @@ q ORDER BY rank DESC, a.id LIMIT :limit OFFSET :offset")
    return [{**dict(r._mapping), "rank": round(float(r.rank), 4)}
            for r in conn.execute(sql, {"q": q, "limit": limit, "offset": offset})]


def stats(conn: Connection) -> dict[str, Any]:
    a, e, m = t.articles, t.events, t.mentions
    by_status = dict(conn.execute(select(a.c.status, func.count()).group_by(a.c.status)).all())
    counted = and_(e.c.certain.is_(True), e.c.background.is_(False))
    # One pass over the events for the totals, types, quad classes, uncertain and backdrop counts. (Grouping by
    # type alone led SQLite through the type index with a table lookup per row: 5-8 times slower at 100,000.)
    # The figures are those of the default event filter: neither uncertain nor backdrop-only events.
    groups = conn.execute(select(e.c.certain, e.c.background, e.c.event_type, e.c.quad_class, func.count(),
                                 func.sum(case((e.c.num_articles > 1, 1), else_=0)), func.min(e.c.day),
                                 func.max(e.c.day))
                          .group_by(e.c.certain, e.c.background, e.c.event_type, e.c.quad_class)).all()
    sure = [g[2:] for g in groups if g[0] and not g[1]]
    types: dict[str, int] = defaultdict(int)
    quads: dict[int | None, int] = defaultdict(int)
    for kind, quad, n, *_rest in sure:
        types[kind] += n
        quads[quad] += n
    by_type = dict(sorted(types.items(), key=lambda kv: (-kv[1], kv[0])))
    by_quad = {str(k): quads[k] for k in sorted(quads, key=lambda q: (q is not None, q or 0))}
    days = [d for g in sure for d in (g[4], g[5]) if d is not None]
    dyads = [{"actor": r[0], "recipient": r[1], "events": r[2]} for r in conn.execute(
        select(e.c.actor_code, e.c.recipient_code, func.count()).where(counted, e.c.actor_code.is_not(None))
        .group_by(e.c.actor_code, e.c.recipient_code)
        # ties in a fixed order on both backends (they sort NULL differently): codes, then a missing recipient last
        .order_by(func.count().desc(), e.c.actor_code, e.c.recipient_code.is_(None), e.c.recipient_code).limit(10))]

    def count(table) -> int:  # noqa: ANN001
        return conn.execute(select(func.count()).select_from(table)).scalar_one()

    return {
        "articles": sum(by_status.values()), "articles_coded": by_status.get("coded", 0),
        "articles_duplicate": by_status.get("duplicate", 0), "articles_pending": by_status.get("pending", 0),
        "events": sum(g[2] for g in sure), "events_multi_article": sum(g[3] or 0 for g in sure),
        "events_uncertain": sum(g[4] for g in groups if not g[0]),
        "events_background": sum(g[4] for g in groups if g[0] and g[1]),
        "mentions": count(m), "actors": conn.execute(select(func.count(func.distinct(t.article_actors.c.actor_id))))
        .scalar_one(), "figures": count(t.figures), "commitments": count(t.commitments),
        "failures": count(t.failures),
        "first_day": _iso(min(days, default=None)), "last_day": _iso(max(days, default=None)),
        "events_by_type": by_type, "events_by_quad_class": by_quad, "top_dyads": dyads,
    }


def _iso(day: int | None) -> str | None:
    return from_day_int(day).isoformat() if day else None


def failures(conn: Connection, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    f = t.failures
    query = select(f.c.origin, f.c.article_doc_id, f.c.reason, f.c.created_at).order_by(f.c.id)
    if limit:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    return [{**dict(r._mapping), "created_at": r.created_at.isoformat() if isinstance(r.created_at, date)
             else r.created_at} for r in conn.execute(query)]
