"""Writing one batch of pipeline results in one transaction: articles, actors and their mentions, event
mentions merged into events, figures, commitments and failures. Each article gets a savepoint, so a record
the database refuses fails alone and is reported, while the rest of the batch commits."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from dragoman.records import Article, ArticleResult, Event, InputError, Party
from dragoman.store import dedup, merge, nul
from dragoman.store import schema as t
from dragoman.store.config import StoreConfig
from dragoman.store.dates import parse_when
from dragoman.store.db import lock_for_writing
from dragoman.store.origins import conflict_reason, same_input

# What happened to each article of a batch.
STORED, REPLACED, SKIPPED, MERGED, PENDING, FAILED = "stored", "replaced", "skipped", "merged", "pending", "failed"


@dataclass
class Outcome:
    origin: str
    doc_id: str | None
    status: str
    reason: str | None = None  # why it failed, or which article it is a copy of
    events: int = 0  # event mentions stored
    merged: int = 0  # ... of which joined an event that another mention had made


@dataclass
class BatchReport:
    outcomes: list[Outcome] = field(default_factory=list)
    events_created: int = 0
    events_deleted: int = 0

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


def content_hash(article: Article) -> str:
    """What makes an article 'the same' for an incremental ingest: its text and the metadata that code it."""
    payload = json.dumps([article.text, article.title, article.date, article.source, article.url],
                         ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def source_key(article: Article) -> str:
    """The outlet, for counting distinct sources: the source name, else the URL's host, else the document."""
    if article.source and article.source.strip():
        return article.source.strip().casefold()[:512]
    if article.url:
        host = urlsplit(article.url).hostname or ""
        if host:
            return host.removeprefix("www.")[:512]
    return f"doc:{article.id}"[:512]


def _insert_ignore(conn: Connection, table, rows: list[dict], keys: list[str]) -> None:
    if not rows:
        return
    module = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(module.insert(table).on_conflict_do_nothing(index_elements=keys), rows)


def write_batch(conn: Connection, items: Iterable[ArticleResult | Article | InputError], config: StoreConfig,
                now: datetime | None = None) -> BatchReport:
    """Store a batch inside the caller's transaction. An ``Article`` alone means 'not coded': stored as a
    near-duplicate when it is one, else kept as pending for the next run to code."""
    now = now or datetime.now(timezone.utc)
    lock_for_writing(conn)
    report = BatchReport()
    affected: set[int] = set()
    for item in map(nul.clean, items):
        if isinstance(item, InputError):
            _record_failure(conn, item.origin, item.article_id, item.reason, now)
            report.outcomes.append(Outcome(item.origin, item.article_id, FAILED, item.reason))
            continue
        article, result = (item, None) if isinstance(item, Article) else (item.article, item)
        touched: set[int] = set()
        try:
            with conn.begin_nested():
                outcome, created = _write_article(conn, article, result, config, now, touched)
        except Exception as exc:  # the savepoint is rolled back; the batch goes on
            if config.raise_errors:
                raise
            reason = f"store: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            _record_failure(conn, article.origin or article.id, article.id, reason, now)
            report.outcomes.append(Outcome(article.origin or article.id, article.id, FAILED, reason))
            continue
        affected |= touched
        report.events_created += created
        report.outcomes.append(outcome)
    report.events_deleted = merge.refresh(conn, affected, now)
    return report


def _record_failure(conn: Connection, origin: str, doc_id: str | None, reason: str, now: datetime) -> None:
    f = t.failures
    conn.execute(delete(f).where(f.c.origin == origin))
    conn.execute(f.insert().values(origin=origin, article_doc_id=doc_id, reason=reason, created_at=now))


def _clear_failures(conn: Connection, doc_id: str, origin: str) -> None:
    """The article is stored: its earlier failures from the same input are settled (those of another input
    that was refused this id stay on record)."""
    f = t.failures
    settled = [pk for pk, failed_origin in conn.execute(select(f.c.id, f.c.origin).where(f.c.article_doc_id == doc_id))
               if same_input(failed_origin, origin)]
    if settled:
        conn.execute(delete(f).where(f.c.id.in_(settled)))


def _write_article(conn: Connection, article: Article, result: ArticleResult | None, config: StoreConfig,
                   now: datetime, touched: set[int]) -> tuple[Outcome, int]:
    a = t.articles
    origin = article.origin or article.id
    digest = content_hash(article)
    row = conn.execute(select(a.c.id, a.c.content_hash, a.c.status, a.c.duplicate_of, a.c.origin)
                       .where(a.c.doc_id == article.id)).first()
    if row is not None and row.content_hash == digest and (row.status != PENDING or result is None):
        return Outcome(origin, article.id, SKIPPED), 0
    if row is not None and not same_input(row.origin, article.origin):  # another input's article: keep it
        reason = conflict_reason(article.id, row.origin, origin)
        _record_failure(conn, origin, article.id, reason, now)
        return Outcome(origin, article.id, FAILED, reason), 0
    if row is None:
        same = conn.execute(select(a.c.doc_id).where(a.c.content_hash == digest, a.c.status != PENDING)
                            .limit(1)).scalar()
        if same is not None:
            return Outcome(origin, article.id, SKIPPED, f"same content as {same}"), 0

    if row is not None:  # a changed article replaces its own records
        touched |= merge.events_of_articles(conn, [row.id] + ([row.duplicate_of] if row.duplicate_of else []))
        for table in (t.mentions, t.article_actors, t.figures, t.commitments, t.article_bands):
            conn.execute(delete(table).where(table.c.article_id == row.id))
    minhash = dedup.signature(article.text, config)
    published = parse_when(article.date)
    match = dedup.find_near_duplicate(conn, minhash, row.id if row is not None else None,
                                      published.lo if published and published.precision == "day" else None,
                                      config)
    status = MERGED if match else (PENDING if result is None else STORED)
    values = {
        "content_hash": digest, "title": article.title or "", "text": article.text, "date": article.date,
        "day": published.day if published else None, "source": article.source,
        "source_key": source_key(article), "url": article.url, "origin": article.origin or "",
        "extra": article.extra or None, "status": {MERGED: "duplicate", PENDING: PENDING}.get(status, "coded"),
        "duplicate_of": match.article_id if match else None, "similarity": match.similarity if match else None,
        "minhash": dedup.to_bytes(minhash) if minhash is not None else None, "updated_at": now,
    }
    if row is None:
        article_id = conn.execute(a.insert().returning(a.c.id),
                                  {"doc_id": article.id, "ingested_at": now, **values}).scalar_one()
    else:
        article_id = row.id
        conn.execute(update(a).where(a.c.id == article_id).values(**values))
        # copies of this article now follow what it became
        conn.execute(update(a).where(a.c.duplicate_of == article_id).values(
            duplicate_of=match.article_id if match else article_id))
    dedup.store_bands(conn, article_id, minhash, config)
    _clear_failures(conn, article.id, origin)

    if match:
        touched |= merge.events_of_articles(conn, [match.article_id])
        return Outcome(origin, article.id, MERGED, f"copy of article #{match.article_id}"), 0
    if result is None:
        return Outcome(origin, article.id, PENDING), 0
    _write_actors(conn, article_id, result)
    _write_figures(conn, article_id, result)
    stored, merged_count, created = _write_events(conn, article_id, article, result, config, now, touched)
    replaced = row is not None and row.status != PENDING
    outcome = Outcome(origin, article.id, REPLACED if replaced else STORED, None, stored, merged_count)
    return outcome, created


def _write_actors(conn: Connection, article_id: int, result: ArticleResult) -> None:
    if not result.actors:
        return
    idents = {}
    for actor in result.actors:
        idents[actor.key] = f"{actor.kind}|{actor.code or ''}|{actor.name.casefold()}"[:700]
    _insert_ignore(conn, t.actors, [
        {"ident": idents[x.key], "name": x.name, "kind": x.kind, "code": x.code} for x in result.actors
    ], ["ident"])
    ids = dict(conn.execute(select(t.actors.c.ident, t.actors.c.id).where(
        t.actors.c.ident.in_(sorted(set(idents.values()))))).all())
    seen: set[str] = set()
    rows = []
    for actor in result.actors:
        if actor.key in seen:
            continue
        seen.add(actor.key)
        rows.append({"article_id": article_id, "actor_id": ids[idents[actor.key]], "key": actor.key,
                     "sector": actor.sector, "role": actor.role, "source": actor.source,
                     "aliases": list(actor.aliases) or None})
    conn.execute(t.article_actors.insert(), rows)
    by_key = dict(conn.execute(select(t.article_actors.c.key, t.article_actors.c.id).where(
        t.article_actors.c.article_id == article_id)).all())
    mentions = [{"article_actor_id": by_key[m.actor_key if m.actor_key in by_key else actor.key],
                 "article_id": article_id, "start": m.start, "end": m.end, "text": m.text}
                for actor in result.actors for m in actor.mentions]
    if mentions:
        conn.execute(t.actor_mentions.insert(), mentions)


def _write_figures(conn: Connection, article_id: int, result: ArticleResult) -> None:
    if result.figures:
        conn.execute(t.figures.insert(), [
            {"article_id": article_id, "value": f.value, "unit": f.unit, "kind": f.kind, "qualifier": f.qualifier,
             "measured": f.measured, "start": f.span.start, "end": f.span.end, "text": f.span.text}
            for f in result.figures])
    if result.commitments:
        conn.execute(t.commitments.insert(), [
            {"article_id": article_id, "horizon": c.horizon, "relation": c.relation, "what": c.what,
             "span_start": c.span.start, "span_end": c.span.end, "span_text": c.span.text,
             "sentence_start": c.sentence.start, "sentence_end": c.sentence.end, "sentence_text": c.sentence.text}
            for c in result.commitments])


def _party_json(party: Party) -> dict[str, Any]:
    return {"code": party.code, "sector": party.sector, "name": party.name, "actor_key": party.actor_key,
            "text": party.text}


def mention_row(article_id: int, seq: int, event: Event, article: Article) -> dict[str, Any]:
    when = parse_when(event.date) or parse_when(article.date)
    first_paragraph_end = article.text.find("\n")
    place = event.place
    return {
        "article_id": article_id, "seq": seq, "event_type": event.event, "mode": event.mode,
        "context": list(event.context) or None, "negated": bool(event.negated),
        "hypothetical": bool(event.hypothetical), "background": bool(event.background),
        "date": when.text if when else None,
        "date_text": event.date_text, "day": when.day if when else None, "day_hi": when.day_hi if when else None,
        "place_name": place.name if place else None, "place_country": place.country if place else None,
        "place_lat": place.lat if place else None, "place_lon": place.lon if place else None,
        "place_feature": place.feature if place else None, "cameo": event.cameo,
        "quad_class": event.quad_class, "score": event.score, "confidence": event.confidence,
        "pattern": event.pattern,
        "is_root": first_paragraph_end < 0 or event.sentence.start <= first_paragraph_end,
        "sentence_start": event.sentence.start, "sentence_end": event.sentence.end,
        "sentence_text": event.sentence.text, "trigger_start": event.trigger.start if event.trigger else None,
        "trigger_end": event.trigger.end if event.trigger else None,
        "trigger_text": event.trigger.text if event.trigger else None,
        "actor": [_party_json(p) for p in event.actor], "recipient": [_party_json(p) for p in event.recipient],
    }


def pairs(event: Event, when, where: merge.Where) -> list[merge.Pair]:
    """Every actor-recipient pair the event names, once per pair of codes."""
    actors = list(event.actor) or [Party(code=None)]
    recipients: list[Party | None] = list(event.recipient) or [None]
    out: dict[tuple, merge.Pair] = {}
    for actor in actors:
        for recipient in recipients:
            key = (actor.code, recipient.code if recipient else None)
            if key in out:
                continue
            out[key] = merge.Pair(event.event, actor.code, key[1], actor.sector,
                                  recipient.sector if recipient else None, bool(event.negated),
                                  bool(event.hypothetical), when, where)
    return list(out.values())


def _write_events(conn: Connection, article_id: int, article: Article, result: ArticleResult,
                  config: StoreConfig, now: datetime, touched: set[int]) -> tuple[int, int, int]:
    stored = merged = created = 0
    for seq, event in enumerate(result.events):
        row = mention_row(article_id, seq, event, article)
        mention_id = conn.execute(_INSERT_MENTION, row).scalar_one()
        stored += 1
        when = parse_when(row["date"])
        where = merge.Where(row["place_name"], row["place_country"], row["place_lat"], row["place_lon"],
                            row["place_feature"])
        links = []
        found = []
        for pair in pairs(event, when, where):
            event_id = merge.find_event(conn, pair, config)
            if event_id is None:
                event_id = merge.create_event(conn, pair, row, now)
                created += 1
            else:
                found.append(event_id)
            links.append((event_id, mention_id, article_id))
            touched.add(event_id)
        merge.link(conn, links)
        if found and not row["background"]:
            merge.promote(conn, found, now)
        merged += bool(found)
    return stored, merged, created


_INSERT_MENTION = t.mentions.insert().returning(t.mentions.c.id)
