"""The REST API under /api: JSON over the store's library API (dragoman.store.Store; names via dragoman.web.reads).

Every list is paginated the same way: ``limit`` (default 50, at most the settings' max_limit) and ``offset``;
the answer is ``{"items": [...], "limit", "offset", "next_offset"}`` with ``next_offset`` null on the last page.
Errors are ``{"status", "error", "message"}``.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPBearer
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import JSONResponse

from dragoman.store import EventFilter, Store
from dragoman.store.queries import EVENT_COLUMNS, SORTS
from dragoman.store.review import Judgement, ReviewError
from dragoman.web import downloads, reads
from dragoman.web.intake import MAX_ARTICLES
from dragoman.web.security import (SESSION_COOKIE, bearer, can_read, read_tokens, same, session_value,
                                   write_denial)

CODE = r"^[A-Za-z0-9]{2,8}$"
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
PERIOD = r"^(day|week|month|year|all)$"
MAX_ID = 2**63 - 1  # the largest integer either database stores: larger ones are refused (422), not an overflow

Code = Annotated[str, Path(pattern=CODE, description="actor code: ISO-3 (RUS), IGO, NGO, MNC")]
Since = Annotated[str | None, Query(pattern=DATE, description="YYYY-MM-DD, YYYY-MM or YYYY, inclusive")]
Until = Annotated[str | None, Query(pattern=DATE, description="inclusive: 2025 runs to 31 December")]
OptCode = Annotated[str | None, Query(pattern=CODE)]
EventType = Annotated[str | None, Query(alias="type", pattern=r"^[A-Za-z]{3,16}$",
                                        description="PLOVER type: AGREE, CONSULT, ...")]

Background = Annotated[bool, Query(description="include events only ever recalled as the backdrop of another "
                                               "('after a jet shot down ...'), dated by the recalling articles")]

Format = Annotated[str, Query(pattern=r"^(json|csv)$", description="json (paged) or csv (every row, streamed)")]
EventFormat = Annotated[str, Query(pattern=r"^(json|csv|geojson)$",
                                   description="json (paged), csv (every event, streamed) or geojson (a "
                                               "FeatureCollection of every located event)")]
EventTypes = Annotated[list[str] | None, Query(alias="type", description="PLOVER types: AGREE, CONSULT, ... "
                                                                         "(repeat for several)")]
Quads = Annotated[list[int] | None, Query(alias="quad", description="quad classes 1-4 (repeat for several)")]
Sort = Annotated[str, Query(pattern="^(" + "|".join(SORTS) + ")$", description="order: " + ", ".join(SORTS))]

Group = Annotated[str | None, Query(pattern=r"^place$", description="with format=geojson: one feature per place "
                                                                    "and quad class, with its number of events")]

bearer_scheme = HTTPBearer(auto_error=False, description="the operator's API token (DRAGOMAN_API_TOKEN)")


def store_of(request: Request) -> Store:
    return request.app.state.store


def readable(request: Request) -> None:
    """Reads are open unless the operator made them private; then a Bearer token (or the login cookie)."""
    if not can_read(request.app.state.settings, request.headers, request.cookies):
        raise HTTPException(401, "reads are private: send 'Authorization: Bearer <token>'",
                            headers={"WWW-Authenticate": "Bearer"})


router = APIRouter(prefix="/api", dependencies=[Depends(readable), Depends(bearer_scheme)])


class Page:
    """limit and offset, checked against the settings."""

    def __init__(self, request: Request, limit: Annotated[int | None, Query(ge=1)] = None,
                 offset: Annotated[int, Query(ge=0)] = 0) -> None:
        settings = request.app.state.settings
        # over the settings' bounds: the same 422 as FastAPI's own check of limit=0 or offset=-1
        if limit is not None and limit > settings.max_limit:
            raise out_of_range("limit", settings.max_limit)
        if offset > settings.max_offset:
            raise out_of_range("offset", settings.max_offset, "; narrow the filters instead")
        self.limit = limit or settings.default_limit
        self.offset = offset

    def fetch(self, query: Callable[[int, int], list[dict[str, Any]]]) -> dict[str, Any]:
        """Run ``query(limit, offset)`` for one more row than asked, to know whether a next page exists."""
        rows = query(self.limit + 1, self.offset)
        more = len(rows) > self.limit
        return {"items": rows[:self.limit], "limit": self.limit, "offset": self.offset,
                "next_offset": self.offset + self.limit if more else None}


def check_types(types: list[str] | None) -> tuple[str, ...]:
    return tuple(t for t in (check_type(x) for x in types or () if x) if t)


def check_quads(quads: list[int] | None) -> tuple[int, ...]:
    if any(q not in (1, 2, 3, 4) for q in quads or ()):
        raise HTTPException(400, "quad must be 1 (verbal cooperation), 2 (material cooperation), 3 (verbal "
                                 "conflict) or 4 (material conflict)")
    return tuple(sorted(set(quads or ())))


def out_of_range(name: str, most: int, advice: str = "") -> RequestValidationError:
    """A query parameter over a bound the settings set, in the shape of FastAPI's validation errors."""
    return RequestValidationError([{"type": "less_than_equal", "loc": ("query", name), "input": None,
                                    "msg": f"Input should be less than or equal to {most}{advice}",
                                    "ctx": {"le": most}}])


def check_type(event_type: str | None) -> str | None:
    if event_type is None:
        return None
    if event_type.upper() not in reads.plover_types():
        raise HTTPException(400, f"unknown event type {event_type!r}: use one of {', '.join(reads.plover_types())}")
    return event_type.upper()


@router.get("/stats", tags=["corpus"], summary="What the database holds")
def stats(request: Request, store: Store = Depends(store_of)) -> dict[str, Any]:
    return reads.cached_stats(request.app.state.aggregates, store)


def holds_token(request: Request) -> bool:
    """Whether the reader sent the operator's token or the read token (or has the login cookie): only they see
    where the server read an article (``origin``, a path on the server)."""
    settings = request.app.state.settings
    given, cookie = bearer(request.headers), request.cookies.get(SESSION_COOKIE)
    return any(same(given, token) or same(cookie, session_value(token)) for token in read_tokens(settings))


def _without_origin(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "origin"}


# a path as a server prints it: "/" after a space, quote or the start, up to the last "/" of the path
_DIRECTORIES = re.compile(r"(?<![\w.~:/-])/(?:[^/\s'\"]+/)+")


def without_directories(text: str | None) -> str | None:
    """A failure's origin or reason with the server's folders left out: '/srv/news/feed.jsonl:3' -> 'feed.jsonl:3'."""
    return _DIRECTORIES.sub("", text) if text else text


@router.get("/articles", tags=["articles"], summary="Articles, newest first",
            description="`origin` (where the server read each article) only for holders of a token.")
def list_articles(request: Request, page: Page = Depends(), store: Store = Depends(store_of), since: Since = None,
                  until: Until = None, source: Annotated[str | None, Query(max_length=200)] = None,
                  status: Annotated[str | None, Query(pattern=r"^(coded|duplicate|pending)$")] = None,
                  format: Format = "json") -> Any:  # noqa: A002 - the parameter's public name
    shown = (lambda row: row) if holds_token(request) else _without_origin
    if format == "csv":
        rows = [shown(row) for row in store.articles(since, until, source, status, None, 0)]
        return downloads.csv_response(rows, downloads.columns_of(rows, ("doc_id",)), "articles")
    body = page.fetch(lambda limit, offset: store.articles(since, until, source, status, limit, offset))
    body["items"] = [shown(row) for row in body["items"]]
    return body


@router.get("/articles/{doc_id:path}", tags=["articles"],
            summary="One article: text, actors, event records, figures and commitments with offsets",
            description="`origin` (where the server read it) only for holders of a token.")
def get_article(request: Request, doc_id: str, store: Store = Depends(store_of)) -> dict[str, Any]:
    found = store.article(doc_id)
    if found is None:
        raise HTTPException(404, f"no article {doc_id!r}")
    return found if holds_token(request) else _without_origin(found)


@router.post("/articles", tags=["articles"], status_code=200,
             summary="Code and store articles (needs the operator's token)",
             description="A JSON record or a list of them, as in a .json input file: `id`, `title`, `date`, "
                         "`source`, `url`, `text` (other fields kept). Articles stored unchanged are skipped; a "
                         f"changed one is replaced. At most {MAX_ARTICLES} per request; the body size is limited "
                         "(413).")
async def post_articles(request: Request) -> JSONResponse:
    denial = write_denial(request.app.state.settings, request.headers)
    if denial is not None:
        raise HTTPException(denial[0], denial[1], headers={"WWW-Authenticate": "Bearer"} if denial[0] == 401 else None)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise HTTPException(415, "send the articles as application/json")
    try:
        value = json.loads(await request.body())
    except (ValueError, RecursionError) as exc:
        raise HTTPException(400, f"body is not JSON: {exc}") from None
    records = value if isinstance(value, list) else [value]
    if not records:
        raise HTTPException(400, "no articles in the body")
    if len(records) > MAX_ARTICLES:
        raise HTTPException(413, f"at most {MAX_ARTICLES} articles per request")
    if not all(isinstance(r, dict) for r in records):
        raise HTTPException(400, "each article must be a JSON object")
    result = await run_in_threadpool(request.app.state.intake.ingest, records)
    request.app.state.aggregates.clear()  # statistics and networks include what was just stored
    request.app.state.networks.clear()
    status = 200 if not result["failed"] else 422 if result["failed"] == len(records) else 207
    return JSONResponse(result, status_code=status)


@router.get("/actors", tags=["actors"], summary="Actors, most reported first")
def list_actors(page: Page = Depends(), store: Store = Depends(store_of), country: OptCode = None,
                kind: Annotated[str | None, Query(pattern=r"^(person|organization|country|group)$")] = None,
                name: Annotated[str | None, Query(max_length=200)] = None,
                format: Format = "json") -> Any:  # noqa: A002
    if format == "csv":
        rows = store.actors(country=country, kind=kind, name=name)
        return downloads.csv_response(rows, downloads.columns_of(rows, ("id", "name")), "actors")
    return page.fetch(lambda limit, offset: store.actors(country=country, kind=kind, name=name, limit=limit,
                                                          offset=offset))


@router.get("/actors/{actor_id}", tags=["actors"],
            summary="One named actor: code, sectors, roles, aliases, articles, events, counterparts")
def get_actor(actor_id: Annotated[int, Path(ge=1, le=MAX_ID)], store: Store = Depends(store_of)) -> dict[str, Any]:
    found = reads.actor(store, actor_id)
    if found is None:
        raise HTTPException(404, f"no actor {actor_id}")
    return found


ListFormat = Annotated[str, Query(pattern=r"^(json|csv)$", description="json (default) or csv")]


@router.get("/actors/{actor_id}/events", tags=["actors"],
            summary="The events a named actor is a party to, newest first, each with its side (actor or recipient)")
def actor_events(actor_id: Annotated[int, Path(ge=1, le=MAX_ID)], store: Store = Depends(store_of),
                 format: ListFormat = "json") -> Any:  # noqa: A002
    found = store.actor(actor_id)
    if found is None:
        raise HTTPException(404, f"no actor {actor_id}")
    sides = {ev["id"]: "actor" for ev in found["events_as_actor"]}
    sides.update({ev["id"]: "recipient" for ev in found["events_as_recipient"] if ev["id"] not in sides})
    rows = sorted({ev["id"]: ev for ev in found["events_as_actor"] + found["events_as_recipient"]}.values(),
                  key=lambda ev: (ev["date"] or "", ev["id"]), reverse=True)
    items = [{"side": sides[ev["id"]], **ev} for ev in rows]
    if format == "csv":
        return downloads.csv_response(items, ["side", *EVENT_COLUMNS], f"actor-{actor_id}-events")
    return {"actor": {"id": found["id"], "name": found["name"], "code": found["code"]}, "items": items}


@router.get("/events", tags=["events"], summary="Merged events, newest first (filters as in `dragoman events`)")
def list_events(page: Page = Depends(), store: Store = Depends(store_of), actor: OptCode = None,
                recipient: OptCode = None, party: OptCode = None,
                counterpart: Annotated[str | None, Query(alias="with", pattern=CODE,
                                                         description="with party: events between the two")] = None,
                event_types: EventTypes = None, quads: Quads = None, since: Since = None,
                until: Until = None, country: OptCode = None,
                min_sources: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
                include_uncertain: Annotated[bool, Query(alias="all",
                                                         description="include negated and hypothetical events")] = False,
                include_background: Background = False,
                sources: Annotated[bool, Query(description="add every source article and sentence")] = False,
                corrected: Annotated[bool, Query(description="the reviewers' corrected view: events judged wrong "
                                                             "left out, corrected fields applied, each with its "
                                                             "verdict (JSON only)")] = False,
                sort: Sort = "newest", format: EventFormat = "json", group: Group = None) -> Any:  # noqa: A002
    if counterpart and not party:
        raise HTTPException(400, "'with' needs 'party': the events between party and with, either direction")
    f = EventFilter(actor=actor, recipient=recipient, party=party, counterpart=counterpart,
                    event_types=check_types(event_types), quad_classes=check_quads(quads), since=since, until=until,
                    country=country, min_sources=min_sources, include_uncertain=include_uncertain,
                    include_background=include_background, sort=sort)
    if format == "csv":
        return downloads.csv_response(store.stream_events(f), EVENT_COLUMNS, "events")
    if format == "geojson" and group:
        return downloads.place_collection(store.place_counts(f))
    if format == "geojson":
        return downloads.geojson_response(store.stream_events(f), "events")
    return page.fetch(lambda limit, offset: store.events(replace(f, limit=limit, offset=offset), sources=sources,
                                                         corrected=corrected))


@router.get("/events/{event_id}", tags=["events"], summary="One event with every source article and sentence")
def get_event(event_id: Annotated[int, Path(ge=1, le=MAX_ID)], store: Store = Depends(store_of)) -> dict[str, Any]:
    found = store.event(event_id)
    if found is None:
        raise HTTPException(404, f"no event {event_id}")
    found.update(store.event_details(event_id) or {})
    return found


class JudgementIn(BaseModel):
    """An analyst's verdict on an event; corrections only with verdict ``corrected``."""

    model_config = ConfigDict(extra="forbid")

    verdict: Literal["correct", "wrong", "corrected"]
    event: str | None = Field(None, max_length=16, description="the right PLOVER type")
    mode: str | None = Field(None, max_length=64, description="the right mode")
    actor: str | None = Field(None, max_length=8, description="the right actor code (ISO-3, IGO, NGO, MNC)")
    recipient: str | None = Field(None, max_length=8,
                                  description="the right recipient code; null (given) when the act has none")
    note: str | None = Field(None, max_length=2000)
    reviewer: str | None = Field(None, max_length=200, description="who judges (default: the token's holder)")


def may_review(request: Request) -> None:
    """The token, then a JSON body: checked before the path and the body are (an anonymous caller learns nothing
    about what a valid judgement looks like)."""
    denial = write_denial(request.app.state.settings, request.headers, "review")
    if denial is not None:
        raise HTTPException(denial[0], denial[1], headers={"WWW-Authenticate": "Bearer"} if denial[0] == 401 else None)
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise HTTPException(415, "send the judgement as application/json")


@router.post("/events/{event_id}/judgement", tags=["review"], status_code=201, dependencies=[Depends(may_review)],
             summary="Judge an event: correct, wrong, or corrected (needs the operator's token)",
             description="Stored beside the coder's record, never over it, with the time and the reviewer; the "
                         "latest judgement of an event is the one `corrected=true` applies.")
def post_judgement(event_id: Annotated[int, Path(ge=1, le=MAX_ID)], body: JudgementIn,
                   store: Store = Depends(store_of)) -> dict[str, Any]:
    judgement = Judgement(body.verdict, body.reviewer or "token holder", body.event, body.mode, body.actor,
                          body.recipient, no_recipient="recipient" in body.model_fields_set and body.recipient is None,
                          note=body.note)
    try:
        return store.judge(event_id, judgement)
    except LookupError:
        raise HTTPException(404, f"no event {event_id}") from None
    except ReviewError as exc:
        raise HTTPException(400, f"event {event_id}: {exc}") from None


@router.get("/events/{event_id}/judgements", tags=["review"], summary="An event's judgements, newest first")
def event_judgements(event_id: Annotated[int, Path(ge=1, le=MAX_ID)], page: Page = Depends(),
                     store: Store = Depends(store_of)) -> dict[str, Any]:
    return page.fetch(lambda limit, offset: store.judgements(event_id, limit, offset))


@router.get("/judgements", tags=["review"], summary="Every judgement, newest first")
def list_judgements(page: Page = Depends(), store: Store = Depends(store_of)) -> dict[str, Any]:
    return page.fetch(lambda limit, offset: store.judgements(None, limit, offset))


@router.get("/review", tags=["review"], summary="Reviewed precision, overall and per coded event type")
def review_precision(store: Store = Depends(store_of)) -> dict[str, Any]:
    return store.review_precision()


@router.get("/dyads/{a}/{b}", tags=["dyads"],
            summary="Events between two actors per period: counts per quad class and summed score")
def dyad(a: Code, b: Code, store: Store = Depends(store_of),
         by: Annotated[str, Query(pattern=PERIOD)] = "month", since: Since = None, until: Until = None,
         directed: bool = False, event_type: EventType = None, include_background: Background = False
         ) -> dict[str, Any]:
    event_type = check_type(event_type)
    if event_type:
        rows = store.timeline(by, since, until, event_type, a, b, directed, include_background)
    else:
        rows = store.dyad(a, b, by=by, since=since, until=until, directed=directed,
                          include_background=include_background)
    return {"a": a.upper(), "b": b.upper(), "by": by, "directed": directed, "periods": rows}


@router.get("/dyads/{a}/{b}/events", tags=["dyads"], summary="The events between two actors, newest first")
def dyad_events(a: Code, b: Code, page: Page = Depends(), store: Store = Depends(store_of), since: Since = None,
                until: Until = None, event_type: EventType = None, directed: bool = False,
                include_uncertain: Annotated[bool, Query(alias="all")] = False,
                include_background: Background = False, sources: bool = False,
                format: EventFormat = "json", group: Group = None) -> Any:  # noqa: A002
    f = EventFilter(event_type=check_type(event_type), since=since, until=until,
                    include_uncertain=include_uncertain, include_background=include_background)
    if format == "geojson" and group:
        return downloads.place_collection(store.place_counts(f, (a, b), directed))
    if format in ("csv", "geojson"):
        rows = store.stream_events(f, (a, b), directed)
        name = f"events-{a.upper()}-{b.upper()}"
        return (downloads.csv_response(rows, EVENT_COLUMNS, name) if format == "csv"
                else downloads.geojson_response(rows, name))
    return page.fetch(lambda limit, offset: store.events_between(
        a, b, replace(f, limit=limit, offset=offset), directed=directed, sources=sources))


@router.get("/timeline", tags=["corpus"], summary="Events per period and quad class over the whole store")
def timeline(request: Request, store: Store = Depends(store_of), by: Annotated[str, Query(pattern=PERIOD)] = "year",
             since: Since = None, until: Until = None, event_type: EventType = None, party: OptCode = None
             ) -> dict[str, Any]:
    event_type = check_type(event_type)
    rows = reads.cached_timeline(request.app.state.aggregates, store, by, since, until, event_type, party)
    return {"by": by, "periods": rows}


@router.get("/network", tags=["corpus"],
            summary="Codes as nodes; an edge per pair weighted by events, with the mean score")
def network(request: Request, store: Store = Depends(store_of), since: Since = None, until: Until = None,
            event_type: EventType = None, min_events: Annotated[int, Query(ge=1, le=10_000)] = 1,
            format: Annotated[str, Query(pattern=r"^(json|csv)$",  # noqa: A002
                                         description="json (nodes and edges) or csv (the pairs)")] = "json") -> Any:
    event_type = check_type(event_type)
    graph = reads.cached_network(request.app.state.networks, store, since, until, event_type, min_events)
    if format == "csv":
        return downloads.csv_response(graph["edges"], downloads.columns_of(graph["edges"], ("source", "target")),
                                      "pairs")
    return graph


@router.get("/search", tags=["articles"], summary='Full-text search: words, "phrases", OR, -excluded')
def search(request: Request, q: Annotated[str, Query(min_length=1, max_length=500)], page: Page = Depends(),
           store: Store = Depends(store_of), format: Format = "json") -> Any:  # noqa: A002
    if format == "csv":
        rows = store.search(q, limit=request.app.state.settings.max_offset, offset=0)
        return downloads.csv_response(rows, downloads.columns_of(rows, ("doc_id", "title")), "search")
    return page.fetch(lambda limit, offset: store.search(q, limit=limit, offset=offset))


@router.get("/failures", tags=["corpus"], summary="Inputs that could not be read, coded or stored, and why",
            description="Without a token, origins and reasons name files without the server's folders.")
def failures(request: Request, page: Page = Depends(), store: Store = Depends(store_of),
             format: Format = "json") -> Any:  # noqa: A002
    def shown(row: dict[str, Any]) -> dict[str, Any]:  # file names stay, the server's folders do not
        if holds_token(request):
            return row
        return {**row, "origin": without_directories(row["origin"]), "reason": without_directories(row["reason"])}

    if format == "csv":
        rows = [shown(row) for row in store.failures()]
        return downloads.csv_response(rows, downloads.columns_of(rows, ("origin", "reason")), "failures")
    body = page.fetch(lambda limit, offset: store.failures(limit=limit, offset=offset))
    body["items"] = [shown(row) for row in body["items"]]
    return body
