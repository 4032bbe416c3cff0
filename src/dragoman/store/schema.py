"""The store's tables (SQLAlchemy 2 Core). Migrations in ``migrations/versions`` build exactly this schema.

Days are integers ``YYYYMMDD``: ordered like dates, so ranges work on them, and a month is ``day // 100``.
"""
from __future__ import annotations

from sqlalchemy import (JSON, BigInteger, Boolean, Column, DateTime, Float, ForeignKey, Index, Integer,
                        LargeBinary, MetaData, String, Table, Text, UniqueConstraint, false)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

# 64-bit keys on PostgreSQL; INTEGER PRIMARY KEY (the rowid) on SQLite.
ID = BigInteger().with_variant(Integer(), "sqlite")


def _pk() -> Column:
    return Column("id", ID, primary_key=True, autoincrement=True)


def _fk(name: str, target: str, ondelete: str | None = "CASCADE", nullable: bool = False,
        primary_key: bool = False) -> Column:
    return Column(name, ID, ForeignKey(target, ondelete=ondelete), nullable=nullable, primary_key=primary_key)


articles = Table(
    "articles", metadata, _pk(),
    Column("doc_id", String(512), nullable=False, unique=True),
    Column("content_hash", String(64), nullable=False, index=True),
    Column("title", Text, nullable=False, default=""),
    Column("text", Text, nullable=False),
    Column("date", String(10)),
    Column("day", Integer),
    Column("source", Text),
    Column("source_key", String(512), nullable=False),  # the outlet, for NumSources
    Column("url", Text),
    Column("origin", Text, nullable=False, default=""),
    Column("extra", JSON),
    Column("status", String(16), nullable=False),  # coded | duplicate | pending
    _fk("duplicate_of", "articles.id", ondelete="SET NULL", nullable=True),
    Column("similarity", Float),
    Column("minhash", LargeBinary),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index(None, "duplicate_of"),
    Index(None, "day"),
)

# Locality-sensitive hashing bands of each article's MinHash: articles sharing a band are near-duplicate
# candidates. Kept in the database so the index is transactional and shared by every process.
article_bands = Table(
    "article_bands", metadata,
    Column("band_key", BigInteger, primary_key=True, autoincrement=False),
    _fk("article_id", "articles.id", primary_key=True),
    Index(None, "article_id"),
)

actors = Table(
    "actors", metadata, _pk(),
    Column("ident", String(700), nullable=False, unique=True),  # kind|code|lower(name)
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("code", String(8)),
    Index(None, "code"),
)

article_actors = Table(
    "article_actors", metadata, _pk(),
    _fk("article_id", "articles.id"),
    _fk("actor_id", "actors.id"),
    Column("key", String(512), nullable=False),
    Column("sector", String(8)),
    Column("role", Text),
    Column("source", String(32)),
    Column("aliases", JSON),
    UniqueConstraint("article_id", "key"),
    Index(None, "actor_id"),
)

actor_mentions = Table(
    "actor_mentions", metadata, _pk(),
    _fk("article_actor_id", "article_actors.id"),
    _fk("article_id", "articles.id"),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Index(None, "article_actor_id"),
    Index(None, "article_id"),
)

# One row per event record the pipeline coded in one article (a "mention" in GDELT's words).
mentions = Table(
    "mentions", metadata, _pk(),
    _fk("article_id", "articles.id"),
    Column("seq", Integer, nullable=False),
    Column("event_type", String(16), nullable=False),
    Column("mode", String(64)),
    Column("context", JSON),
    Column("negated", Boolean, nullable=False, default=False),
    Column("hypothetical", Boolean, nullable=False, default=False),
    # the backdrop of its sentence's main event ("after a jet shot down a helicopter, ..."): a re-mention
    Column("background", Boolean, nullable=False, default=False, server_default=false()),
    Column("date", String(10)),
    Column("date_text", Text),
    Column("date_precision", String(8)),  # day | week | month | year (a week's date is its Monday)
    Column("day", Integer),
    Column("day_hi", Integer),
    Column("place_name", Text),
    Column("place_country", String(8)),
    Column("place_lat", Float),
    Column("place_lon", Float),
    Column("place_feature", String(16)),
    Column("cameo", String(8)),
    Column("quad_class", Integer),
    Column("score", Float),
    Column("confidence", Float),
    Column("pattern", Text),
    Column("is_root", Boolean, nullable=False, default=False),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("sentence_text", Text, nullable=False),
    Column("trigger_start", Integer),
    Column("trigger_end", Integer),
    Column("trigger_text", Text),
    Column("actor", JSON),
    Column("recipient", JSON),
    UniqueConstraint("article_id", "seq"),
)

# One row per real-world event (per actor-recipient pair), however many sources report it.
events = Table(
    "events", metadata, _pk(),
    Column("event_type", String(16), nullable=False),
    Column("actor_code", String(8)),
    Column("actor_sector", String(8)),
    Column("actor_name", Text),
    Column("recipient_code", String(8)),
    Column("recipient_sector", String(8)),
    Column("recipient_name", Text),
    Column("negated", Boolean, nullable=False, default=False),
    Column("hypothetical", Boolean, nullable=False, default=False),
    Column("certain", Boolean, nullable=False, default=True),  # neither negated nor hypothetical
    # every mention is a backdrop: an old event recalled, dated by the articles that recall it
    Column("background", Boolean, nullable=False, default=False, server_default=false()),
    Column("date", String(10)),
    Column("date_precision", String(8)),
    Column("day", Integer),
    Column("day_hi", Integer),
    Column("mode", String(64)),
    Column("context", JSON),
    Column("place_name", Text),
    Column("place_country", String(8)),
    Column("place_lat", Float),
    Column("place_lon", Float),
    Column("place_feature", String(16)),
    Column("cameo", String(8)),
    Column("quad_class", Integer),
    Column("score", Float),
    Column("is_root", Boolean, nullable=False, default=False),
    Column("num_mentions", Integer, nullable=False, default=0),
    Column("num_articles", Integer, nullable=False, default=0),
    Column("num_sources", Integer, nullable=False, default=0),
    Column("anchor_mention_id", ID),
    Column("source_url", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # background after day: the merge search and dyad both seek on (codes, certain, day), and dyad filters on it
    Index("ix_events_dyad", "actor_code", "recipient_code", "certain", "day", "background", "quad_class", "score"),
    Index("ix_events_recipient_day", "recipient_code", "day"),
    Index("ix_events_type_day", "event_type", "day"),
    Index("ix_events_day", "day"),
    Index("ix_events_place_day", "place_country", "day"),
)

event_links = Table(
    "event_links", metadata,
    _fk("event_id", "events.id", primary_key=True),
    _fk("mention_id", "mentions.id", primary_key=True),
    _fk("article_id", "articles.id"),
    Index(None, "mention_id"),
    Index(None, "article_id"),
)

figures = Table(
    "figures", metadata, _pk(),
    _fk("article_id", "articles.id"),
    Column("value", Float, nullable=False),
    Column("unit", String(16), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("qualifier", Text),
    Column("measured", Text),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Index(None, "article_id"),
)

commitments = Table(
    "commitments", metadata, _pk(),
    _fk("article_id", "articles.id"),
    Column("horizon", String(16), nullable=False),
    Column("relation", String(16), nullable=False),
    Column("what", Text, nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("span_text", Text, nullable=False),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("sentence_text", Text, nullable=False),
    Index(None, "article_id"),
)

# An analyst's verdict on a merged event; the coder's record is never changed, and the latest judgement of an
# event is the one the corrected view applies (store/review.py). Corrections are null where not corrected.
judgements = Table(
    "judgements", metadata, _pk(),
    _fk("event_id", "events.id"),
    Column("verdict", String(16), nullable=False),  # correct | wrong | corrected
    Column("event_type", String(16)),
    Column("mode", String(64)),
    Column("actor_code", String(8)),
    Column("recipient_code", String(8)),
    Column("no_recipient", Boolean, nullable=False, default=False, server_default=false()),  # recipient removed
    Column("note", Text),
    Column("reviewer", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index(None, "event_id"),
)

failures = Table(
    "failures", metadata, _pk(),
    Column("origin", Text, nullable=False),
    Column("article_doc_id", String(512)),
    Column("reason", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index(None, "article_doc_id"),
)

# Full-text search is not in this metadata: migration 0002 adds it per dialect (a SQLite FTS5 table kept in
# step by triggers; a PostgreSQL GIN index over this expression, which queries repeat word for word).
PG_TSVECTOR = "to_tsvector('english'::regconfig, left(coalesce(title, '') || ' ' || coalesce(text, ''), 300000))"
SQLITE_FTS_TABLE = "articles_fts"
