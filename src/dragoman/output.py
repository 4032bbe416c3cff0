"""The JSON form of a result: the contract of ../shared/eval/README.md plus every field users expect.

Asserted events go under "events" (what the scorer reads); negated and hypothetical ones under
"unasserted_events", so "refused to sign" never reads as a signing; the backdrop a sentence gives its main
event ("after a jet shot down a helicopter") under "background_events".
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from dragoman.records import ArticleResult, Event, Party

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
