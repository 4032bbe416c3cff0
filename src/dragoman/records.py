"""Typed records that flow between the pipeline stages, and their JSON form.

Every span carries character offsets into the article's body text (``Article.text``).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Article:
    """One input document: body text plus the metadata its reader found."""

    id: str
    text: str
    title: str = ""
    date: str | None = None  # publication date, ISO YYYY-MM-DD
    source: str | None = None
    url: str | None = None
    origin: str = ""  # where it was read from: "path" or "path:line"
    extra: dict[str, Any] = field(default_factory=dict)  # other input fields, kept as given (licence, ...)


@dataclass(frozen=True)
class InputError:
    """A record that could not be read or processed, and why."""

    origin: str  # "path" or "path:line"
    reason: str
    article_id: str | None = None

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass(frozen=True)
class Span:
    """A stretch of the article text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Place:
    """A location resolved offline: name, country and coordinates."""

    name: str
    country: str | None  # ISO 3166 alpha-3
    lat: float | None = None
    lon: float | None = None
    feature: str = "city"  # country | capital | city | region


@dataclass(frozen=True)
class Mention:
    """One occurrence of an actor in the text."""

    start: int
    end: int
    text: str
    actor_key: str  # Actor.key of the actor it refers to


@dataclass
class Actor:
    """A person, organisation, country or group, listed once under its canonical name."""

    key: str  # stable within an article, e.g. "person:emomali-rahmon"
    name: str
    kind: str  # person | organization | country | group
    code: str | None  # ISO-3, IGO, NGO or MNC
    sector: str | None = None  # PLOVER sector: GOV, MIL, LEG, BUS, ...
    role: str | None = None  # "President", "Mayor of Dushanbe", ...
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    source: str = "text"  # what resolved it: text | gazetteer | actors-file | model


@dataclass(frozen=True)
class Party:
    """The actor or recipient side of an event."""

    code: str | None
    sector: str | None = None
    name: str | None = None  # canonical actor name, when a named actor
    actor_key: str | None = None
    text: str = ""  # the words in the sentence that name it


@dataclass
class Event:
    """A PLOVER 0.8 event with everything a user needs to check why it was coded."""

    event: str  # PLOVER type: AGREE, CONSULT, ...
    actor: list[Party]
    recipient: list[Party]
    sentence: Span
    trigger: Span
    pattern: str  # id of the pattern that fired
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    negated: bool = False
    hypothetical: bool = False
    background: bool = False  # the backdrop of the sentence's main event ("after a jet shot down ...")
    date: str | None = None  # resolved ISO date (or YYYY-MM / YYYY; a week as its Monday)
    date_text: str | None = None
    date_precision: str | None = None  # day | week | month | year: how much of ``date`` the text supports
    place: Place | None = None
    cameo: str | None = None
    quad_class: int | None = None  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    score: float | None = None  # cooperation-conflict (Goldstein-style), -10..10
    confidence: float = 0.5


@dataclass(frozen=True)
class Figure:
    """A number that matters, normalised to a value and a unit."""

    value: float
    unit: str  # ISO 4217 code, %, ha, m2, km2, m3, km, t, bbl, MW, GW, kWh, GWh, count
    kind: str  # money | percent | area | volume | distance | mass | energy | power | count
    span: Span
    qualifier: str | None = None  # over, nearly, approximately, ...
    measured: str | None = None  # the thing measured: "Russian companies", "stake"


@dataclass(frozen=True)
class Commitment:
    """A dated commitment the article states: something lasting until, or done by, a horizon."""

    horizon: str  # ISO date or year, "2042"
    relation: str  # until | by
    what: str  # the commitment in words: "its mandate has been extended"
    span: Span  # the horizon phrase: "until 2042"
    sentence: Span


@dataclass
class ArticleResult:
    """Everything extracted from one article."""

    article: Article
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The output contract of ../shared/eval/README.md, with every extra field users expect."""
        return result_to_json(self)


def as_dict(record: Any) -> dict[str, Any]:
    """A plain dict of a record, for JSON."""
    return asdict(record)


# -- the JSON form --------------------------------------------------------------------------------------
# Asserted events go under "events" (what the scorer reads); negated and hypothetical ones under
# "unasserted_events", so "refused to sign" never reads as a signing; the backdrop a sentence gives its main
# event ("after a jet shot down a helicopter") under "background_events".

SCORED_KINDS = {"person", "organization"}


def party_json(party: Party) -> dict[str, Any]:
    out: dict[str, Any] = {"code": party.code}
    if party.sector:
        out["sector"] = party.sector
    if party.name:
        out["name"] = party.name
    if party.text:
        out["text"] = party.text
    return out


def event_json(event: Event, article_id: str) -> dict[str, Any]:
    """A PLOVER record: event, mode, context, actor, recipient, date, location, text, and why it was coded."""
    actor: Any = [party_json(p) for p in event.actor]
    recipient: Any = [party_json(p) for p in event.recipient]
    out: dict[str, Any] = {
        "event": event.event,
        "mode": event.mode,
        "context": event.context,
        "actor": actor[0] if len(actor) == 1 else actor,
        "recipient": (recipient[0] if len(recipient) == 1 else recipient) if recipient else None,
        "date": event.date,
        "date_text": event.date_text,
        "date_precision": event.date_precision,
        "event_loc": asdict(event.place) if event.place else None,
        "text": event.sentence.text,
        "start": event.sentence.start,
        "end": event.sentence.end,
        "trigger": {"text": event.trigger.text, "start": event.trigger.start, "end": event.trigger.end},
        "pattern": event.pattern,
        "cameo": event.cameo,
        "quad_class": event.quad_class,
        "score": event.score,
        "confidence": event.confidence,
        "article_id": article_id,
    }
    if event.negated:
        out["negated"] = True
    if event.hypothetical:
        out["hypothetical"] = True
    if event.background:
        out["background"] = True
    return out


def result_to_json(result: ArticleResult) -> dict[str, Any]:
    art = result.article
    return {
        "id": art.id,
        "title": art.title,
        "date": art.date,
        "source": art.source,
        "url": art.url,
        **{k: v for k, v in art.extra.items() if k not in ("id", "title", "date", "source", "url", "text")},
        "actors": [
            {"name": a.name, "kind": a.kind, "code": a.code, "sector": a.sector, "role": a.role,
             "aliases": a.aliases, "resolved_by": a.source,
             "mentions": [{"text": m.text, "start": m.start, "end": m.end} for m in a.mentions]}
            for a in result.actors
        ],
        "events": [event_json(e, art.id) for e in result.events
                   if not (e.negated or e.hypothetical or e.background)],
        "background_events": [event_json(e, art.id) for e in result.events
                              if e.background and not (e.negated or e.hypothetical)],
        "unasserted_events": [event_json(e, art.id) for e in result.events if e.negated or e.hypothetical],
        "figures": [
            {"value": f.value, "unit": f.unit, "kind": f.kind, "qualifier": f.qualifier, "measured": f.measured,
             "text": f.span.text, "start": f.span.start, "end": f.span.end}
            for f in result.figures
        ],
        "commitments": [
            {"horizon": c.horizon, "relation": c.relation, "what": c.what, "text": c.span.text,
             "start": c.span.start, "end": c.span.end, "sentence": c.sentence.text}
            for c in result.commitments
        ],
    }
