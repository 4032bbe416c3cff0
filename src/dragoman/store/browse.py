"""Read queries for browsing the store: article lists and details, a named actor's record, events between two
codes in either direction, a corpus-wide timeline, a code's counterparts and the network of codes.

Same style as store.queries (plain functions of a Connection returning JSON-ready dicts, bound parameters only);
a module of its own to keep queries.py short. They return codes, never display names: naming is the caller's.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.engine import Connection

from dragoman.store import schema as t
from dragoman.store.dates import parse_bound
from dragoman.store.queries import (GROUP_CODES, QUADS, EventFilter, check_period, event_conditions, event_dict,
                                    event_select, event_sources, events_query, pair_condition, period_counts)

ARTICLE_COLUMNS = ("doc_id", "title", "date", "source", "url", "status")


def events_between(conn: Connection, a: str, b: str, f: EventFilter, directed: bool = False,
                   sources: bool = False) -> list[dict[str, Any]]:
    """Events between two codes in either direction (or a->b only), newest first, with EventFilter's other
    filters (type, dates, country, sources, uncertain, backdrop) and its limit and offset."""
    rows = [event_dict(r) for r in conn.execute(events_query(f, (pair_condition(a, b, directed),)))]
    if sources and rows:
        found = event_sources(conn, [r["id"] for r in rows])
        for row in rows:
            row["sources"] = found.get(row["id"], [])
    return rows


def stream_events(conn: Connection, f: EventFilter, extra: tuple = (), batch: int = 1000
                  ) -> Iterator[dict[str, Any]]:
    """The events of ``events_query(f, extra)`` one at a time, fetched ``batch`` rows at a time (a server-side
    cursor on PostgreSQL), so an export of any size holds one batch in memory."""
    result = conn.execution_options(stream_results=True, yield_per=batch).execute(events_query(f, extra))
    for row in result:
        yield event_dict(row)


def type_counts(conn: Connection, f: EventFilter, extra: tuple = ()) -> list[dict[str, Any]]:
    """Events per PLOVER type with the counts per quad class and the mean score, most frequent first."""
    e = t.events
    rows = conn.execute(select(e.c.event_type, e.c.quad_class, func.count(), func.sum(e.c.score))
                        .where(*event_conditions(f), *extra).group_by(e.c.event_type, e.c.quad_class))
    out: dict[str, dict[str, Any]] = {}
    for kind, quad, n, score in rows:
        row = out.setdefault(kind, {"event": kind, "events": 0, **{q: 0 for q in QUADS}, "score": 0.0})
        row["events"] += n
        row["score"] += float(score or 0.0)
        if quad in (1, 2, 3, 4):
            row[QUADS[quad - 1]] += n
    for row in out.values():
        row["mean_score"] = round(row.pop("score") / row["events"], 2) if row["events"] else None
    return sorted(out.values(), key=lambda r: (-r["events"], r["event"]))


def place_counts(conn: Connection, f: EventFilter, extra: tuple = ()) -> list[dict[str, Any]]:
    """The located events ``f`` matches, counted per place and quad class (what a map draws, whatever the
    number of events): coordinates, place name and country, quad class, events, and the newest event's id."""
    e = t.events
    rows = conn.execute(
        select(e.c.place_lat, e.c.place_lon, e.c.place_name, e.c.place_country, e.c.quad_class, func.count(),
               func.max(e.c.id))
        .where(*event_conditions(f), *extra, e.c.place_lat.is_not(None), e.c.place_lon.is_not(None))
        .group_by(e.c.place_lat, e.c.place_lon, e.c.place_name, e.c.place_country, e.c.quad_class))
    out = [{"lat": lat, "lon": lon, "place": name, "place_country": country, "quad_class": quad, "events": n,
            "event_id": last} for lat, lon, name, country, quad, n, last in rows]
    return sorted(out, key=lambda r: (-r["events"], r["place"] or "", r["quad_class"] or 0, r["lat"], r["lon"]))


def article_span(conn: Connection, f: EventFilter | None = None, extra: tuple = ()) -> tuple[int | None, int | None]:
    """The first and last publication day (YYYYMMDD) of the stored articles (the span of the reporting), or,
    given a filter, of the articles that report the events it matches."""
    a = t.articles
    if f is None:
        lo, hi = conn.execute(select(func.min(a.c.day), func.max(a.c.day))).one()
        return lo, hi
    e, el = t.events, t.event_links
    lo, hi = conn.execute(select(func.min(a.c.day), func.max(a.c.day))
                          .select_from(e.join(el, el.c.event_id == e.c.id).join(a, a.c.id == el.c.article_id))
                          .where(*event_conditions(f), *extra)).one()
    return lo, hi


def search_count(conn: Connection, q: str) -> int:
    """How many articles the full-text search ``q`` matches (queries.search's condition)."""
    from sqlalchemy import text

    if conn.dialect.name == "sqlite":
        from dragoman.store.queries import fts5_query

        match = fts5_query(q)
        if match is None:
            return 0
        return conn.execute(text("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :q"),
                            {"q": match}).scalar_one()
    return conn.execute(text(f"SELECT count(*) FROM articles a, websearch_to_tsquery('english', :q) q "
                             f"WHERE {t.PG_TSVECTOR} @@ q"), {"q": q}).scalar_one()


def search_events(conn: Connection, q: str, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    """Events a word names: by PLOVER type ("assault"), or by a name of their actor, recipient or place
    (a literal substring, case-insensitive), newest first, with default filters."""
    e = t.events
    words = q.strip()
    if not words:
        return []
    needle = words.lower()
    cond = or_(e.c.event_type == words.upper(),
               *(func.lower(col).contains(needle, autoescape=True)
                 for col in (e.c.actor_name, e.c.recipient_name, e.c.place_name)))
    return [event_dict(r) for r in conn.execute(
        events_query(EventFilter(limit=limit, offset=offset), (cond,)))]


def event_details(conn: Connection, event_id: int) -> dict[str, Any] | None:
    """What Store.event leaves out: context, place feature, date span, first-paragraph flag, timestamps."""
    e = t.events
    row = conn.execute(select(e.c.context, e.c.place_feature, e.c.day, e.c.day_hi, e.c.is_root, e.c.certain,
                              e.c.created_at, e.c.updated_at).where(e.c.id == event_id)).first()
    if row is None:
        return None
    out = dict(row._mapping)
    out["context"] = list(out["context"] or [])
    for key in ("created_at", "updated_at"):
        out[key] = out[key].isoformat() if out[key] is not None else None
    return out


def timeline(conn: Connection, by: str = "month", since: str | None = None, until: str | None = None,
             event_type: str | None = None, a: str | None = None, b: str | None = None,
             directed: bool = False, include_background: bool = False, include_uncertain: bool = False
             ) -> list[dict[str, Any]]:
    """Events per period and quad class with the summed score: over the whole store, one party (``a``), or a
    pair (``a``, ``b``); the same rows as queries.dyad, which has no type filter. Backdrop-only, negated and
    hypothetical events only when asked."""
    check_period(by)
    conds = event_conditions(EventFilter(event_type=event_type, since=since, until=until,
                                         party=a if a and not b else None, include_background=include_background,
                                         include_uncertain=include_uncertain))
    if a and b:
        conds.append(pair_condition(a, b, directed))
    return period_counts(conn, conds, by)


def date_span(conn: Connection) -> tuple[int | None, int | None]:
    """The first and last day (YYYYMMDD) of the events the default filter shows."""
    e = t.events
    lo, hi = conn.execute(select(func.min(e.c.day), func.max(e.c.day))
                          .where(e.c.certain.is_(True), e.c.background.is_(False))).one()
    return lo, hi


def network(conn: Connection, since: str | None = None, until: str | None = None, event_type: str | None = None,
            min_events: int = 1, max_edges: int | None = None) -> dict[str, Any]:
    """Codes as nodes, one edge per pair of codes weighted by its events, with the events each way
    (``forward``: source -> target, ``backward``: target -> source), the mean score and the counts per quad
    class; events inside one code count towards the node as domestic. ``max_edges``: keep the strongest pairs
    only (``pairs`` says how many there were)."""
    e = t.events
    conds = event_conditions(EventFilter(event_type=event_type, since=since, until=until))
    # one row per directed pair with its counts per quad class, in the order of the dyad index (the database
    # groups without sorting); both directions are added up here, and dicts made for the edges kept only
    rows = conn.execute(
        select(e.c.actor_code, e.c.recipient_code, func.count(), func.sum(e.c.score),
               *(func.sum(case((e.c.quad_class == q, 1), else_=0)) for q in (1, 2, 3, 4)))
        .where(*conds, e.c.actor_code.is_not(None), e.c.recipient_code.is_not(None))
        .group_by(e.c.actor_code, e.c.recipient_code))
    pairs: dict[tuple[str, str], list] = {}  # (a, b) with a < b -> [events, score, q1, q2, q3, q4, a->b]
    involved: dict[str, int] = defaultdict(int)
    domestic: dict[str, int] = defaultdict(int)
    for actor_code, recipient_code, n, score, *quads in rows:
        involved[actor_code] += n
        if actor_code == recipient_code:
            domestic[actor_code] += n
            continue
        involved[recipient_code] += n
        key = (actor_code, recipient_code) if actor_code < recipient_code else (recipient_code, actor_code)
        acc = pairs.setdefault(key, [0, 0.0, 0, 0, 0, 0, 0])
        acc[0] += n
        if key[0] == actor_code:
            acc[6] += n
        acc[1] += float(score or 0.0)
        for i, q in enumerate(quads):
            acc[2 + i] += q or 0
    ranked = sorted((item for item in pairs.items() if item[1][0] >= max(1, min_events)),
                    key=lambda item: (-item[1][0], item[0]))
    total = len(ranked)
    if max_edges is not None:
        ranked = ranked[:max_edges]
    kept = [{"source": a, "target": b, "events": n, "forward": forward, "backward": n - forward,
             "score": round(score, 3), **dict(zip(QUADS, (int(q) for q in quads))), "mean_score": round(score / n, 2)}
            for (a, b), (n, score, *quads, forward) in ranked]
    linked = sorted({code for (a, b), _ in ranked for code in (a, b)})
    out: dict[str, Any] = {
        "nodes": [{"id": code, "kind": "group" if code in GROUP_CODES else "country", "events": involved[code],
                   "domestic": domestic[code]} for code in linked],
        "edges": kept}
    if max_edges is not None:
        out["pairs"] = total
    return out


def counterparts(conn: Connection, code: str, limit: int = 20) -> list[dict[str, Any]]:
    """The codes an actor code has events with (either direction): events, as actor, as recipient, mean score."""
    e = t.events
    code = code.upper()
    other = case((e.c.actor_code == code, e.c.recipient_code), else_=e.c.actor_code).label("other")
    rows = conn.execute(
        select(other, func.count().label("events"),
               func.sum(case((e.c.actor_code == code, 1), else_=0)).label("as_actor"),
               func.avg(e.c.score).label("mean_score"))
        .where(or_(e.c.actor_code == code, e.c.recipient_code == code), e.c.certain.is_(True),
               e.c.background.is_(False), e.c.actor_code.is_not(None), e.c.recipient_code.is_not(None),
               e.c.actor_code != e.c.recipient_code)
        .group_by(other).order_by(func.count().desc(), other).limit(limit))
    return [{"code": r.other, "events": r.events, "as_actor": int(r.as_actor or 0),
             "as_recipient": r.events - int(r.as_actor or 0), "mean_score": round(float(r.mean_score or 0.0), 2)}
            for r in rows]


# -- articles ----------------------------------------------------------------------------------------------

def articles(conn: Connection, since: str | None = None, until: str | None = None, source: str | None = None,
             status: str | None = None, limit: int | None = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Articles, newest first, with their numbers of event records."""
    a, m = t.articles, t.mentions
    events = select(func.count()).where(m.c.article_id == a.c.id).scalar_subquery()
    query = select(*(a.c[c] for c in ARTICLE_COLUMNS), a.c.origin, events.label("events"))
    if since:
        query = query.where(a.c.day >= parse_bound(since))
    if until:
        query = query.where(a.c.day <= parse_bound(until, upper=True))
    if source:
        query = query.where(func.lower(a.c.source) == source.lower())
    if status:
        query = query.where(a.c.status == status)
    query = query.order_by(a.c.day.desc(), a.c.id.desc())
    if limit:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    return [dict(r._mapping) for r in conn.execute(query)]


def article(conn: Connection, doc_id: str) -> dict[str, Any] | None:
    """One article with everything extracted from it, offsets into its text: actors with mentions, event
    records (with the merged events they joined), figures and commitments, and its wire copies."""
    a = t.articles
    row = conn.execute(select(a).where(a.c.doc_id == doc_id)).first()
    if row is None:
        return None
    art = row._mapping
    out: dict[str, Any] = {c: art[c] for c in ARTICLE_COLUMNS}
    out.update(text=art["text"], origin=art["origin"], extra=art["extra"] or {}, similarity=art["similarity"],
               ingested_at=art["ingested_at"].isoformat() if art["ingested_at"] else None)
    pk = art["id"]
    out["duplicate_of"] = (conn.execute(select(a.c.doc_id).where(a.c.id == art["duplicate_of"])).scalar()
                           if art["duplicate_of"] else None)
    out["copies"] = [dict(r._mapping) for r in conn.execute(
        select(a.c.doc_id, a.c.title, a.c.source, a.c.date).where(a.c.duplicate_of == pk).order_by(a.c.id))]
    out["actors"] = _article_actors(conn, pk)
    out["events"] = _article_mentions(conn, pk)
    f, c = t.figures, t.commitments
    out["figures"] = [dict(r._mapping) for r in conn.execute(
        select(f.c.id, f.c.value, f.c.unit, f.c.kind, f.c.qualifier, f.c.measured, f.c.start, f.c.end, f.c.text)
        .where(f.c.article_id == pk).order_by(f.c.start, f.c.id))]
    out["commitments"] = [dict(r._mapping) for r in conn.execute(
        select(c.c.id, c.c.horizon, c.c.relation, c.c.what, c.c.span_start.label("start"),
               c.c.span_end.label("end"), c.c.span_text.label("text"), c.c.sentence_text)
        .where(c.c.article_id == pk).order_by(c.c.span_start, c.c.id))]
    return out


def _article_actors(conn: Connection, article_pk: int) -> list[dict[str, Any]]:
    ac, aa, am = t.actors, t.article_actors, t.actor_mentions
    actors: dict[int, dict[str, Any]] = {}
    for r in conn.execute(select(aa.c.id, aa.c.key, aa.c.sector, aa.c.role, aa.c.aliases, aa.c.source,
                                 ac.c.id.label("actor_id"), ac.c.name, ac.c.kind, ac.c.code)
                          .select_from(aa.join(ac, ac.c.id == aa.c.actor_id))
                          .where(aa.c.article_id == article_pk).order_by(aa.c.id)):
        actors[r.id] = {"actor_id": r.actor_id, "key": r.key, "name": r.name, "kind": r.kind, "code": r.code,
                        "sector": r.sector, "role": r.role, "aliases": list(r.aliases or []),
                        "resolved_by": r.source, "mentions": []}
    for r in conn.execute(select(am.c.article_actor_id, am.c.start, am.c.end, am.c.text)
                          .where(am.c.article_id == article_pk).order_by(am.c.start)):
        if r.article_actor_id in actors:
            actors[r.article_actor_id]["mentions"].append({"start": r.start, "end": r.end, "text": r.text})
    return list(actors.values())


def _article_mentions(conn: Connection, article_pk: int) -> list[dict[str, Any]]:
    m, el = t.mentions, t.event_links
    links: dict[int, list[int]] = defaultdict(list)
    for mention_id, event_id in conn.execute(select(el.c.mention_id, el.c.event_id)
                                             .where(el.c.article_id == article_pk).order_by(el.c.event_id)):
        links[mention_id].append(event_id)
    out = []
    for r in conn.execute(select(m).where(m.c.article_id == article_pk).order_by(m.c.seq)):
        row = dict(r._mapping)
        out.append({"id": row["id"], "seq": row["seq"], "event": row["event_type"], "mode": row["mode"],
                    "context": list(row["context"] or []), "negated": bool(row["negated"]),
                    "hypothetical": bool(row["hypothetical"]), "background": bool(row["background"]),
                    "date": row["date"], "date_text": row["date_text"], "date_precision": row["date_precision"],
                    "place": row["place_name"], "place_country": row["place_country"], "lat": row["place_lat"],
                    "lon": row["place_lon"], "cameo": row["cameo"], "quad_class": row["quad_class"],
                    "score": row["score"], "confidence": row["confidence"], "pattern": row["pattern"],
                    "actor": _parties(row["actor"]), "recipient": _parties(row["recipient"]),
                    "sentence": {"start": row["sentence_start"], "end": row["sentence_end"],
                                 "text": row["sentence_text"]},
                    "trigger": ({"start": row["trigger_start"], "end": row["trigger_end"], "text": row["trigger_text"]}
                                if row["trigger_start"] is not None else None),
                    "event_ids": links.get(row["id"], [])})
    return out


def _parties(value: Any) -> list[dict[str, Any]]:
    if not value:
        return []
    return [value] if isinstance(value, dict) else list(value)


# -- actors ------------------------------------------------------------------------------------------------

def actor(conn: Connection, actor_id: int, max_articles: int = 200) -> dict[str, Any] | None:
    """A named actor across articles: code, kinds of sector and role it was given, aliases, the articles that
    name it (newest first, at most ``max_articles``), the events it is a party to in them and the codes on
    the other side of those events."""
    ac, aa, a = t.actors, t.article_actors, t.articles
    row = conn.execute(select(ac.c.id, ac.c.name, ac.c.kind, ac.c.code).where(ac.c.id == actor_id)).first()
    if row is None:
        return None
    out: dict[str, Any] = dict(row._mapping)
    sectors: dict[str, int] = defaultdict(int)
    roles: dict[str, int] = defaultdict(int)
    aliases: dict[str, None] = {}
    keys: dict[int, str] = {}
    arts = []
    for r in conn.execute(select(aa.c.article_id, aa.c.key, aa.c.sector, aa.c.role, aa.c.aliases, a.c.doc_id,
                                 a.c.title, a.c.date)
                          .select_from(aa.join(a, a.c.id == aa.c.article_id)).where(aa.c.actor_id == actor_id)
                          .order_by(a.c.day.desc(), a.c.id.desc()).limit(max_articles)):
        keys[r.article_id] = r.key
        arts.append({"doc_id": r.doc_id, "title": r.title, "date": r.date})
        if r.sector:
            sectors[r.sector] += 1
        if r.role:
            roles[r.role] += 1
        for alias in r.aliases or []:
            aliases.setdefault(alias)
    out["sectors"] = sorted(sectors, key=lambda s: -sectors[s])
    out["roles"] = sorted(roles, key=lambda s: -roles[s])
    out["aliases"] = [x for x in aliases if x != out["name"]]
    out["articles"] = arts
    as_actor, as_recipient = _actor_event_ids(conn, keys)
    by_id = {}
    ids = sorted(as_actor | as_recipient)
    if ids:
        e = t.events
        by_id = {r.id: event_dict(r) for r in conn.execute(event_select().where(e.c.id.in_(ids)))}
    order = sorted(by_id.values(), key=lambda ev: (ev["date"] or "", ev["id"]), reverse=True)
    out["events_as_actor"] = [ev for ev in order if ev["id"] in as_actor]
    out["events_as_recipient"] = [ev for ev in order if ev["id"] in as_recipient]
    counts: dict[str, dict[str, Any]] = {}
    for ev in order:
        side = "recipient_code" if ev["id"] in as_actor else "actor_code"
        other = ev[side]
        if other and other != out["code"]:
            counts.setdefault(other, {"code": other, "events": 0})["events"] += 1
    out["counterparts"] = sorted(counts.values(), key=lambda x: (-x["events"], x["code"]))
    return out


def _actor_event_ids(conn: Connection, keys: dict[int, str]) -> tuple[set[int], set[int]]:
    """Events whose coded mention names the actor (by its key in that article) as actor or as recipient."""
    if not keys:
        return set(), set()
    m, el, e = t.mentions, t.event_links, t.events
    as_actor: set[int] = set()
    as_recipient: set[int] = set()
    rows = conn.execute(select(m.c.article_id, m.c.actor, m.c.recipient, el.c.event_id, e.c.actor_code,
                               e.c.recipient_code)
                        .select_from(m.join(el, el.c.mention_id == m.c.id).join(e, e.c.id == el.c.event_id))
                        .where(m.c.article_id.in_(sorted(keys))))
    for article_id, actor_parties, recipient_parties, event_id, actor_code, recipient_code in rows:
        key = keys[article_id]
        # a compound side ("Russia and Turkey") makes one event per code: keep the one with this actor's code
        if any(p.get("actor_key") == key and p.get("code") == actor_code for p in _parties(actor_parties)):
            as_actor.add(event_id)
        if any(p.get("actor_key") == key and p.get("code") == recipient_code
               for p in _parties(recipient_parties)):
            as_recipient.add(event_id)
    return as_actor, as_recipient
