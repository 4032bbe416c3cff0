"""The review loop: analysts' judgements on merged events, the corrected view, reviewed precision, gold files.

A judgement never changes the coder's record: it is a row of its own (verdict, corrections, reviewer, time),
and the latest judgement of an event is the one that counts. Queries read the coder's events unless asked for
the corrected view, where events judged wrong are dropped and corrected fields replace the coder's. The gold
export turns a team's judgements into evaluation files in the scorer's format (../shared/eval/README.md).
"""
from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnClause
from sqlalchemy.sql.visitors import replacement_traverse

from dragoman.store import queries
from dragoman.store import schema as t
from dragoman.store.queries import EventFilter

VERDICTS = ("correct", "wrong", "corrected")
CODE = re.compile(r"^[A-Z]{3}$")  # ISO-3, or IGO, NGO, MNC
MAX_NOTE, MAX_REVIEWER, MAX_MODE = 2000, 200, 64


class ReviewError(ValueError):
    """A judgement that cannot be stored as given, with the reason."""


@dataclass(frozen=True)
class Judgement:
    """An analyst's verdict on one merged event: ``correct``, ``wrong``, or ``corrected`` with the fields that
    replace the coder's (type, mode, actor or recipient code; ``no_recipient`` when the act has none)."""

    verdict: str
    reviewer: str
    event_type: str | None = None
    mode: str | None = None
    actor: str | None = None
    recipient: str | None = None
    no_recipient: bool = False
    note: str | None = None

    def checked(self) -> Judgement:
        """The same judgement with codes and type upper-cased, or ReviewError naming what is wrong."""
        if self.verdict not in VERDICTS:
            raise ReviewError(f"verdict must be one of {', '.join(VERDICTS)}, not {self.verdict!r}")
        reviewer = (self.reviewer or "").strip()
        if not reviewer or len(reviewer) > MAX_REVIEWER:
            raise ReviewError(f"reviewer must be 1 to {MAX_REVIEWER} characters")
        if self.note is not None and len(self.note) > MAX_NOTE:
            raise ReviewError(f"note must be at most {MAX_NOTE} characters")
        event_type = self.event_type.strip().upper() if self.event_type else None
        if event_type is not None and event_type not in plover_types():
            raise ReviewError(f"unknown event type {self.event_type!r}: use one of {', '.join(plover_types())}")
        mode = self.mode.strip() if self.mode else None
        if mode is not None and len(mode) > MAX_MODE:
            raise ReviewError(f"mode must be at most {MAX_MODE} characters")
        actor, recipient = (c.strip().upper() if c else None for c in (self.actor, self.recipient))
        for side, code in (("actor", actor), ("recipient", recipient)):
            if code is not None and (not CODE.match(code) or code not in known_codes()):
                raise ReviewError(f"{side} must be a known code (ISO 3166 alpha-3, IGO, NGO, MNC), not {code!r}")
        if recipient is not None and self.no_recipient:
            raise ReviewError("give a recipient or no_recipient, not both")
        corrects = any((event_type, mode, actor, recipient, self.no_recipient))
        if self.verdict == "corrected" and not corrects:
            raise ReviewError("a corrected verdict needs at least one of event, mode, actor, recipient")
        if self.verdict != "corrected" and corrects:
            raise ReviewError(f"a {self.verdict} verdict takes no corrections (use verdict 'corrected')")
        note = self.note.strip() if self.note and self.note.strip() else None
        return Judgement(self.verdict, reviewer, event_type, mode, actor, recipient, self.no_recipient, note)


@dataclass(frozen=True)
class TypeInfo:
    cameo: str
    quad: int
    score: float


@lru_cache(maxsize=1)
def plover_table() -> dict[str, TypeInfo]:
    """PLOVER type -> CAMEO root, quad class and score, from data/plover.toml (what a corrected type takes)."""
    text = resources.files("dragoman").joinpath("data/plover.toml").read_text(encoding="utf-8")
    return {name: TypeInfo(str(row["cameo"]), int(row["quad"]), float(row["score"]))
            for name, row in tomllib.loads(text).items()}


def plover_types() -> tuple[str, ...]:
    return tuple(plover_table())


@lru_cache(maxsize=1)
def known_codes() -> frozenset[str]:
    """The codes an actor may take: every ISO-3 code of data/countries.tsv, and the group codes."""
    text = resources.files("dragoman").joinpath("data/countries.tsv").read_text(encoding="utf-8")
    codes = {line.split("\t", 1)[0] for line in text.splitlines() if line and not line.startswith("#")}
    return frozenset(c for c in codes if CODE.match(c)) | {"IGO", "NGO", "MNC"}


# -- writing -----------------------------------------------------------------------------------------------

def judge(conn: Connection, event_id: int, judgement: Judgement, now: datetime | None = None) -> dict[str, Any]:
    """Store a judgement on an event (inside the caller's transaction); LookupError when there is no such
    event, ReviewError when the judgement is malformed."""
    j = judgement.checked()
    if conn.execute(select(t.events.c.id).where(t.events.c.id == event_id)).first() is None:
        raise LookupError(f"no event {event_id}")
    row = {"event_id": event_id, "verdict": j.verdict, "event_type": j.event_type, "mode": j.mode,
           "actor_code": j.actor, "recipient_code": j.recipient, "no_recipient": j.no_recipient, "note": j.note,
           "reviewer": j.reviewer, "created_at": now or datetime.now(timezone.utc)}
    judgement_id = conn.execute(t.judgements.insert().returning(t.judgements.c.id), row).scalar_one()
    return _judgement_dict({**row, "id": judgement_id})


def _judgement_dict(row: Any) -> dict[str, Any]:
    out = dict(row._mapping) if hasattr(row, "_mapping") else dict(row)
    out["no_recipient"] = bool(out["no_recipient"])
    created = out["created_at"]
    out["created_at"] = created.isoformat() if isinstance(created, datetime) else created
    return out


# -- reading -----------------------------------------------------------------------------------------------

def judgements(conn: Connection, event_id: int | None = None, limit: int | None = None, offset: int = 0
               ) -> list[dict[str, Any]]:
    """Judgements newest first (every one kept: the history of an event's review), with the coder's type."""
    j, e = t.judgements, t.events
    query = (select(j, e.c.event_type.label("coded_type"), e.c.actor_code.label("coded_actor"),
                    e.c.recipient_code.label("coded_recipient"))
             .select_from(j.join(e, e.c.id == j.c.event_id)).order_by(j.c.id.desc()))
    if event_id is not None:
        query = query.where(j.c.event_id == event_id)
    if limit:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    return [_judgement_dict(row) for row in conn.execute(query)]


def latest_judgements():  # noqa: ANN201 - a SQLAlchemy subquery
    """The latest judgement of each judged event (the highest id: ids grow with time)."""
    j = t.judgements
    newest = select(func.max(j.c.id)).group_by(j.c.event_id)
    return select(j).where(j.c.id.in_(newest)).subquery("latest_judgement")


def corrected_events_table():  # noqa: ANN201 - a SQLAlchemy subquery with the columns of ``events``
    """``events`` as the reviewers left them: wrong ones dropped, corrected fields in place of the coder's, and
    the judgement's verdict, reviewer and time. A corrected type takes its CAMEO root, quad class and score
    from plover.toml; a corrected actor or recipient code drops the coder's sector for that side."""
    e, j = t.events, latest_judgements()
    table = plover_table()
    retyped = and_(j.c.event_type.is_not(None), j.c.event_type != e.c.event_type)
    new_actor = and_(j.c.actor_code.is_not(None), j.c.actor_code != e.c.actor_code)
    new_recipient = or_(j.c.no_recipient.is_(True),
                        and_(j.c.recipient_code.is_not(None), j.c.recipient_code != e.c.recipient_code))

    def by_type(attribute: str, column):  # noqa: ANN001, ANN202
        values = {name: getattr(info, attribute) for name, info in table.items()}
        return case((retyped, case(values, value=j.c.event_type, else_=column)), else_=column)

    replaced = {
        "event_type": func.coalesce(j.c.event_type, e.c.event_type),
        "mode": func.coalesce(j.c.mode, e.c.mode),
        "actor_code": func.coalesce(j.c.actor_code, e.c.actor_code),
        "actor_sector": case((new_actor, None), else_=e.c.actor_sector),
        "recipient_code": case((j.c.no_recipient.is_(True), None),
                               else_=func.coalesce(j.c.recipient_code, e.c.recipient_code)),
        "recipient_sector": case((new_recipient, None), else_=e.c.recipient_sector),
        "recipient_name": case((j.c.no_recipient.is_(True), None), else_=e.c.recipient_name),
        "cameo": by_type("cameo", e.c.cameo),
        "quad_class": by_type("quad", e.c.quad_class),
        "score": by_type("score", e.c.score),
    }
    columns = [replaced[c.name].label(c.name) if c.name in replaced else c for c in e.c]
    columns += [j.c.verdict.label("verdict"), j.c.reviewer.label("reviewer"), j.c.created_at.label("judged_at")]
    return (select(*columns).select_from(e.outerjoin(j, j.c.event_id == e.c.id))
            .where(or_(j.c.verdict.is_(None), j.c.verdict != "wrong")).subquery("corrected_events"))


def corrected_select(f: EventFilter) -> tuple[Select, Any]:
    """``queries.event_select()`` with the filter's conditions over the corrected view, plus the verdict, and
    the view (to order by its columns)."""
    view = corrected_events_table()

    def on_view(element):  # noqa: ANN001, ANN202 - the same expression over the view's column of that name
        return replacement_traverse(element, {}, lambda node: view.c[node.name] if (
            isinstance(node, ColumnClause) and node.table is t.events) else None)

    columns = [on_view(c) for c in queries.event_select().selected_columns]
    query = select(*columns, view.c.verdict, view.c.reviewer, view.c.judged_at)
    return query.where(*(on_view(c) for c in queries.event_conditions(f))), view


def corrected_events(conn: Connection, f: EventFilter) -> list[dict[str, Any]]:
    """As ``queries.events`` (filters, newest first, limit, offset) over the corrected view; each event carries
    the ``verdict`` that shaped it (null when nobody judged it), its reviewer and time."""
    query, view = corrected_select(f)
    query = query.order_by(view.c.day.desc(), view.c.id.desc())
    if f.limit:
        query = query.limit(f.limit)
    if f.offset:
        query = query.offset(f.offset)
    out = []
    for row in conn.execute(query):
        item = queries.event_dict(row)
        if isinstance(item.get("judged_at"), datetime):
            item["judged_at"] = item["judged_at"].isoformat()
        out.append(item)
    return out


def precision(conn: Connection) -> dict[str, Any]:
    """Reviewed precision per coded event type: of the events a reviewer judged (latest judgement), how many
    were exactly right (``precision``), and how many had the right type (right, or corrected in another field:
    ``type_precision``). Only what was reviewed counts; unreviewed events say nothing either way."""
    e, j = t.events, latest_judgements()
    rows = conn.execute(select(e.c.event_type, j.c.verdict, j.c.event_type.label("new_type"), func.count())
                        .select_from(e.join(j, j.c.event_id == e.c.id))
                        .group_by(e.c.event_type, j.c.verdict, j.c.event_type)).all()
    by_type: dict[str, dict[str, int]] = defaultdict(lambda: {"reviewed": 0, "correct": 0, "corrected": 0,
                                                              "wrong": 0, "type_right": 0})
    for coded, verdict, new_type, n in rows:
        cell = by_type[coded]
        cell["reviewed"] += n
        cell[verdict] += n
        if verdict == "correct" or (verdict == "corrected" and new_type in (None, coded)):
            cell["type_right"] += n
    types = [_rates({"event": name, **cell}) for name, cell in sorted(by_type.items(),
                                                                        key=lambda kv: (-kv[1]["reviewed"], kv[0]))]
    total = {k: sum(cell[k] for cell in by_type.values())
             for k in ("reviewed", "correct", "corrected", "wrong", "type_right")}
    judged = conn.execute(select(func.count()).select_from(t.judgements)).scalar_one()
    return {"judgements": judged, **_rates(total), "by_type": types}


def _rates(cell: dict[str, Any]) -> dict[str, Any]:
    n = cell["reviewed"]
    return {**cell, "precision": round(cell["correct"] / n, 4) if n else None,
            "type_precision": round(cell["type_right"] / n, 4) if n else None}


# -- gold files ----------------------------------------------------------------------------------------------

def gold(conn: Connection) -> list[dict[str, Any]]:
    """One gold record per reviewed article (an article with a judged event), in the format of the project's
    evaluation files: ``{"id", "published", "events": [...]}``. Among the article's asserted events, those
    judged correct or corrected are required (optional when this article only recalls them as a backdrop),
    with the corrected type and codes; those judged wrong are left out (so coding them again is a false
    positive); unjudged ones are optional, neither needed nor counted against precision."""
    e, el, m, a, j = t.events, t.event_links, t.mentions, t.articles, latest_judgements()
    reviewed = (select(el.c.article_id).distinct().select_from(el.join(j, j.c.event_id == el.c.event_id))
                .scalar_subquery())
    view = corrected_events_table()
    rows = conn.execute(
        select(a.c.doc_id, a.c.date.label("published"), e.c.id, e.c.certain, m.c.background, m.c.sentence_text,
               m.c.id.label("mention_id"), j.c.verdict, view.c.event_type, view.c.mode, view.c.actor_code,
               view.c.recipient_code)
        .select_from(el.join(a, a.c.id == el.c.article_id).join(m, m.c.id == el.c.mention_id)
                     .join(e, e.c.id == el.c.event_id).outerjoin(j, j.c.event_id == e.c.id)
                     .outerjoin(view, view.c.id == e.c.id))
        .where(el.c.article_id.in_(reviewed), e.c.certain.is_(True))
        .order_by(a.c.doc_id, m.c.id, e.c.id)).all()
    articles: dict[str, dict[str, Any]] = {}
    seen: set[tuple[str, int]] = set()
    for row in rows:
        record = articles.setdefault(row.doc_id, {"id": row.doc_id, "published": row.published, "events": []})
        if row.verdict == "wrong" or (row.doc_id, row.id) in seen:
            continue
        seen.add((row.doc_id, row.id))
        required = row.verdict in ("correct", "corrected") and not row.background
        item = {"event": row.event_type, "actor": row.actor_code, "recipient": row.recipient_code,
                "required": required, "text": row.sentence_text, "event_id": row.id, "verdict": row.verdict}
        if row.mode:
            item["mode"] = row.mode
        record["events"].append(item)
    return list(articles.values())


def write_gold(conn: Connection, directory: Path) -> int:
    """Write ``<id>.json`` per reviewed article into ``directory``; returns the number of files."""
    directory.mkdir(parents=True, exist_ok=True)
    records = gold(conn)
    for record in records:
        (directory / f"{_file_name(record['id'])}.json").write_text(
            json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(records)


def _file_name(doc_id: str) -> str:
    """An article id as a file name: the id itself when it is safe, else with path separators and other unsafe
    characters as ``_`` and a hash of the id, so two ids never share a file (the id inside is the real one)."""
    name = re.sub(r"[^\w.\-]", "_", doc_id).lstrip(".")
    if name == doc_id and len(name) <= 200:
        return name
    return f"{name[:180]}-{hashlib.sha256(doc_id.encode('utf-8')).hexdigest()[:12]}"


__all__ = ["VERDICTS", "Judgement", "ReviewError", "judge", "judgements", "latest_judgements",
           "corrected_events_table", "corrected_events", "precision", "gold", "write_gold", "plover_types"]
