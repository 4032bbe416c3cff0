"""Server-rendered pages (Jinja2, autoescaped): overview, dyad, actor, article, event, network, search.

Each handler gathers plain dicts from the store's library API (dragoman.store.Store; display names and the
aggregates' cache from dragoman.web.reads) and renders a template.
Charts and the network are drawn in the browser from JSON embedded as ``<script type="application/json">``
(data, never executed; the CSP allows no inline script).
"""
from __future__ import annotations

import re
from typing import Annotated, Any
from dataclasses import replace
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from dragoman.store import EventFilter, Store
from dragoman.store.dates import parse_bound
from dragoman.web import charts, highlight, reads
from dragoman.web.forms import SORT_NAMES, read_event_form
from dragoman.web.api import MAX_ID
from dragoman.web.security import SESSION_COOKIE, LoginRequired, can_read, read_tokens, same, session_value

_CODE = re.compile(r"^[A-Za-z0-9]{2,8}$")
_TYPE = re.compile(r"^[A-Za-z]{3,16}$")
NETWORK_EDGES = 500  # the network page draws the strongest pairs only (all of them are in /api/network)


def readable(request: Request) -> None:
    if not can_read(request.app.state.settings, request.headers, request.cookies):
        raise LoginRequired()


router = APIRouter(include_in_schema=False)
guarded = APIRouter(include_in_schema=False, dependencies=[Depends(readable)])


def store_of(request: Request) -> Store:
    return request.app.state.store


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = request.app.state.jinja.get_template(template).render(
        request=request, settings=request.app.state.settings, **context)
    return HTMLResponse(html, status_code=status)


# -- parameters from forms: an empty field means no filter ---------------------------------------------------

def opt_code(value: str | None, what: str = "code") -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if not _CODE.match(value):
        raise HTTPException(400, f"{what} must be a code such as RUS, IGO or NGO")
    return value.upper()


def opt_date(value: str | None, what: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    parse_bound(value)  # ValueError -> 400 with the store's message
    return value


def opt_type(value: str | None) -> str | None:
    value = (value or "").strip().upper()
    if not value:
        return None
    if not _TYPE.match(value) or value not in reads.plover_types():
        raise HTTPException(400, f"unknown event type {value!r}")
    return value


Text = Annotated[str | None, Query(max_length=200)]
PageNo = Annotated[int, Query(ge=1, le=100_000)]


class Pager:
    """?page=N over a list query with limit and offset; knows whether a next page exists."""

    def __init__(self, request: Request, page: int) -> None:
        self.request = request
        self.page = page
        self.size = request.app.state.settings.default_limit
        self.offset = (page - 1) * self.size
        if self.offset > request.app.state.settings.max_offset:
            raise HTTPException(400, "page is too deep; narrow the filters instead")
        self.more = False

    def take(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``rows`` fetched with limit = size + 1 at this offset."""
        self.more = len(rows) > self.size
        return rows[:self.size]

    def link(self, page: int) -> str:
        params = [(k, v) for k, v in self.request.query_params.multi_items() if k != "page" and v != ""]
        params.append(("page", str(page)))
        return f"{self.request.url.path}?{urlencode(params)}"


# -- pages ---------------------------------------------------------------------------------------------------

ScoreKind = Annotated[str, Query(pattern=r"^(sum|mean)$")]
FLAG = r"^(1|on|true|0|off|false)?$"  # a checkbox's value, or a link's


def is_on(value: str | None) -> bool:
    return (value or "") in ("1", "on", "true")

Everything = Annotated[str | None, Query(alias="range", pattern=r"^(all)?$")]


@guarded.get("/", response_class=HTMLResponse)
def overview(request: Request, store: Store = Depends(store_of),
             by: Annotated[str | None, Query(pattern=r"^(year|month)?$")] = None, score: ScoreKind = "sum",
             everything: Everything = None, uncertain: Annotated[str | None, Query(alias="all", pattern=FLAG)] = None,
             include_background: Annotated[str | None, Query(pattern=FLAG)] = None) -> HTMLResponse:
    cache = request.app.state.aggregates
    stats = reads.cached_stats(cache, store)
    rng = charts.reporting_range(cache, store, None, None, bool(everything))
    by = by or charts.auto_period(rng.since, rng.until)
    asked = {"include_uncertain": is_on(uncertain), "include_background": is_on(include_background)}
    series = reads.cached_timeline(cache, store, by, rng.since, rng.until, **asked)
    dyads = reads.cached_network(cache, store, max_edges=10)["edges"]
    recent = store.events(limit=12)
    return render(request, "overview.html", title="Overview", nav="overview", stats=stats, by=by, rng=rng,
                  score=score, chart=charts.chart(series, by, rng, score), dyads=dyads, recent=recent, asked=asked,
                  geojson="/api/events?format=geojson&group=place")


def known_code(store: Store, code: str) -> str:
    """The code, upper-case, if it names a country or group or any stored event has it; else 404."""
    code = code.upper()
    if code in reads.country_names() or store.count_events(
            EventFilter(party=code, include_uncertain=True, include_background=True)):
        return code
    raise HTTPException(404, f"unknown actor code {code!r}: use an ISO-3 country code (RUS) or IGO, NGO, MNC")


@guarded.get("/dyad/{a}/{b}", response_class=HTMLResponse)
def dyad(request: Request, a: Annotated[str, Path(pattern=r"^[A-Za-z0-9]{2,8}$")],
         b: Annotated[str, Path(pattern=r"^[A-Za-z0-9]{2,8}$")], store: Store = Depends(store_of),
         type: Text = None, since: Text = None, until: Text = None,  # noqa: A002 - the form field's name
         by: Annotated[str | None, Query(pattern=r"^(day|week|month|year)?$")] = None,
         directed: Annotated[str | None, Query(pattern=r"^(1|on|true)?$")] = None,
         score: ScoreKind = "sum", everything: Everything = None, page: PageNo = 1,
         uncertain: Annotated[str | None, Query(alias="all", pattern=FLAG)] = None,
         include_background: Annotated[str | None, Query(pattern=FLAG)] = None) -> HTMLResponse:
    a, b = known_code(store, a), known_code(store, b)
    event_type, since, until = opt_type(type), opt_date(since, "since"), opt_date(until, "until")
    is_directed = bool(directed)
    pager = Pager(request, page)
    asked = {"include_uncertain": is_on(uncertain), "include_background": is_on(include_background)}
    reported = EventFilter(event_type=event_type, **asked)  # the articles reporting this pair's events
    rng = charts.reporting_range(request.app.state.aggregates, store, since, until, bool(everything),
                                 ("dyad", a, b, is_directed, event_type, *asked.values()),
                                 lambda: store.article_span(reported, (a, b), is_directed))
    by = by or charts.auto_period(rng.since, rng.until)
    series = store.timeline(by, rng.since, rng.until, event_type, a, b, is_directed, **asked)
    f = EventFilter(event_type=event_type, since=since, until=until, **asked)
    total = store.count_events(f, (a, b), is_directed)
    events = pager.take(store.events_between(a, b, replace(f, limit=pager.size + 1, offset=pager.offset),
                                             directed=is_directed, sources=True))
    # the totals follow the filters, not the chart's range
    overall = store.timeline("all", since, until, event_type, a, b, is_directed, **asked)
    totals = {q: sum(r[q] for r in overall) for q in (*reads.QUADS, "events")}
    summed = sum(r["score"] for r in overall)
    totals["mean_score"] = round(summed / totals["events"], 2) if totals["events"] else None
    for ev in events:
        for src in ev["sources"]:
            src["parts"] = split_trigger(src.get("sentence_text"), src.get("trigger_text"))
    by_type = store.type_counts(f, (a, b), is_directed)
    same = [("actor", a), ("recipient", b)] if is_directed else [("party", a), ("with", b)]
    same += [(k, v) for k, v in (("since", since), ("until", until),
                                 ("all", "true" if asked["include_uncertain"] else None),
                                 ("include_background", "true" if asked["include_background"] else None)) if v]
    events_link = "/events?" + urlencode(same + ([("type", event_type)] if event_type else []))
    api = urlencode([(k, v) for k, v in (("type", event_type), ("since", since), ("until", until),
                                         ("directed", "true" if is_directed else None),
                                         ("all", "true" if asked["include_uncertain"] else None),
                                         ("include_background", "true" if asked["include_background"] else None))
                     if v])
    return render(request, "dyad.html", title=f"{a} – {b}", nav="dyad", a=a, b=b, event_type=event_type,
                  since=since, until=until, by=by, directed=is_directed, score=score, rng=rng, asked=asked,
                  chart=charts.chart(series, by, rng, score), totals=totals, total=total, events=events,
                  pager=pager, by_type=by_type, same=urlencode(same), events_link=events_link,
                  api=f"/api/dyads/{a}/{b}/events?{api}", geojson=f"/api/dyads/{a}/{b}/events?{api}"
                  + ("&" if api else "") + "format=geojson&group=place")


def split_trigger(sentence: str | None, trigger: str | None) -> list[tuple[str, bool]]:
    """The sentence (trimmed) in pieces, the trigger word flagged (its first whole-word occurrence)."""
    sentence = (sentence or "").strip()
    if not sentence:
        return []
    if trigger:
        match = re.search(rf"(?<!\w){re.escape(trigger)}(?!\w)", sentence)
        if match:
            return [(sentence[:match.start()], False), (match.group(0), True), (sentence[match.end():], False)]
    return [(sentence, False)]


@guarded.get("/actor/{key}", response_class=HTMLResponse)
def actor(request: Request, key: Annotated[str, Path(pattern=r"^([0-9]{1,12}|[A-Za-z0-9]{2,8})$")],
          store: Store = Depends(store_of), uncertain: Annotated[str | None, Query(alias="all", pattern=FLAG)] = None,
          include_background: Annotated[str | None, Query(pattern=FLAG)] = None) -> HTMLResponse:
    if key.isdigit():  # a named actor's id; codes are letters
        found = reads.actor(store, int(key))
        if found is None:
            raise HTTPException(404, f"no actor {key}")
        return render(request, "actor.html", title=found["name"], nav="actor", actor=found)
    code = key.upper()
    cache = request.app.state.aggregates
    counterparts = cache.get(("counterparts", code, 25), lambda: reads.counterparts(store, code, limit=25))
    rng = charts.reporting_range(cache, store, None, None, key=("party", code),
                                 span=lambda: store.article_span(EventFilter(party=code)))
    by = charts.auto_period(rng.since, rng.until)
    asked = {"include_uncertain": is_on(uncertain), "include_background": is_on(include_background)}
    series = reads.cached_timeline(cache, store, by, rng.since, rng.until, party=code, **asked)
    as_actor = store.events(actor=code, limit=15)
    as_recipient = store.events(recipient=code, limit=15)
    named = store.actors(country=code, limit=40)
    if not (as_actor or as_recipient or named):
        raise HTTPException(404, f"nothing is stored about {code}")
    return render(request, "code.html", title=reads.country_names().get(code, code), nav="actor", code=code,
                  counterparts=counterparts, as_actor=as_actor, as_recipient=as_recipient, named=named, asked=asked,
                  chart=charts.chart(series, by, rng, "sum"), rng=rng, by_type=store.type_counts(EventFilter(party=code)),
                  geojson=f"/api/events?party={code}&format=geojson&group=place")


@guarded.get("/event/{event_id}", response_class=HTMLResponse)
def event(request: Request, event_id: Annotated[int, Path(ge=1, le=MAX_ID)],
          store: Store = Depends(store_of)) -> HTMLResponse:
    found = store.event(event_id)
    if found is None:
        raise HTTPException(404, f"no event {event_id}")
    found.update(store.event_details(event_id) or {})
    for src in found["sources"]:
        src["parts"] = split_trigger(src.get("sentence_text"), src.get("trigger_text"))
    point = ({"lat": found["lat"], "lon": found["lon"], "name": found["place"] or ""}
             if found.get("lat") is not None and found.get("lon") is not None else None)
    title = f"{found['event']}: {found['actor_code'] or '?'} → {found['recipient_code'] or '–'}"
    latest = store.judgements(event_id, limit=1)
    return render(request, "event.html", title=title, nav="event", event=found, point=point,
                  review_choices=[(event_id, title)], latest=latest[0] if latest else None)


@guarded.get("/article/{doc_id:path}", response_class=HTMLResponse)
def article(request: Request, doc_id: str, store: Store = Depends(store_of),
            event: Annotated[int | None, Query(ge=1)] = None,
            mention: Annotated[int | None, Query(ge=1)] = None,
            at: Annotated[int | None, Query(ge=0)] = None,
            q: Annotated[str | None, Query(max_length=500)] = None) -> HTMLResponse:
    found = store.article(doc_id)
    if found is None:
        raise HTTPException(404, f"no article {doc_id!r}")
    selected = highlight.selected_ranges(found, event, mention, at)
    if q and not selected:  # from a search hit: the words found, the first one scrolled to
        selected = highlight.search_ranges(found["text"], q)
    body = highlight.render(found["text"], highlight.marks_for(found), selected)
    # kept apart as in the pipeline's output: a negated or hypothetical backdrop is listed as not asserted
    unasserted = [e for e in found["events"] if e["negated"] or e["hypothetical"]]
    backdrop = [e for e in found["events"] if e["background"] and not (e["negated"] or e["hypothetical"])]
    asserted = [e for e in found["events"] if not (e["negated"] or e["hypothetical"] or e["background"])]
    strong = {(s, e) for s, e, chosen in selected if chosen}
    chosen = {m["id"] for m in found["events"] if (event in m["event_ids"] or m["id"] == mention)
              and (m["sentence"]["start"], m["sentence"]["end"]) in strong}
    return render(request, "article.html", title=found["title"] or found["doc_id"], nav="article", article=found,
                  body=body, asserted=asserted, backdrop=backdrop, unasserted=unasserted, chosen=chosen,
                  selected_event=event, url=safe_url(found["url"]), review_choices=review_choices(store, found))


def review_choices(store: Store, found: dict[str, Any]) -> list[tuple[int, str]]:
    """The merged events an article's records joined, as (id, "TYPE A → B") for the review panel's list."""
    ids = sorted({i for m in found["events"] for i in m["event_ids"]})
    choices = []
    for event_id in ids[:200]:
        ev = store.event(event_id)
        if ev is not None:
            choices.append((event_id, f"{ev['event']} {ev['actor_code'] or '?'} → {ev['recipient_code'] or '–'}"))
    return choices


def safe_url(url: str | None) -> str | None:
    """Only http(s) links from article metadata (a javascript: URL would run when clicked)."""
    if url and re.match(r"^https?://[^\s\"'<>]+$", url, re.I):
        return url
    return None


@guarded.get("/articles", response_class=HTMLResponse)
def articles(request: Request, store: Store = Depends(store_of), since: Text = None, until: Text = None,
             source: Text = None, page: PageNo = 1) -> HTMLResponse:
    since, until = opt_date(since, "since"), opt_date(until, "until")
    pager = Pager(request, page)
    rows = pager.take(store.articles(since, until, (source or "").strip() or None, None, pager.size + 1,
                                     pager.offset))
    api = urlencode([(k, v) for k, v in (("since", since), ("until", until), ("source", (source or "").strip()))
                     if v])
    return render(request, "articles.html", title="Articles", nav="articles", rows=rows, pager=pager,
                  since=since, until=until, source=source or "", api=api)


@guarded.get("/events", response_class=HTMLResponse)
def events(request: Request, store: Store = Depends(store_of), page: PageNo = 1) -> HTMLResponse:
    form = read_event_form(request.query_params, request.app.state.codes.code_for)
    pager = Pager(request, page)
    rows: list[dict[str, Any]] = []
    total = 0
    if not form.errors:
        total = store.count_events(form.filter)
        rows = pager.take(store.events(replace(form.filter, limit=pager.size + 1, offset=pager.offset)))
    return render(request, "events.html", title="Events", nav="events",
                  rows=rows, pager=pager, form=form, v=form.values, errors=form.errors, total=total,
                  sorts=SORT_NAMES, api=form.api_query())


@guarded.get("/network", response_class=HTMLResponse)
def network(request: Request, store: Store = Depends(store_of), type: Text = None,  # noqa: A002
            since: Text = None, until: Text = None,
            min_events: Annotated[int, Query(ge=1, le=10_000)] = 1, page: PageNo = 1) -> HTMLResponse:
    event_type, since, until = opt_type(type), opt_date(since, "since"), opt_date(until, "until")
    graph = reads.cached_network(request.app.state.aggregates, store, since, until, event_type, min_events,
                                 NETWORK_EDGES)
    pager = Pager(request, page)
    every = reads.cached_network(request.app.state.networks, store, since, until, event_type, min_events)["edges"]
    pairs = pager.take(every[pager.offset:pager.offset + pager.size + 1])
    api = urlencode([(k, v) for k, v in (("type", event_type), ("since", since), ("until", until),
                                         ("min_events", str(min_events) if min_events > 1 else None)) if v])
    return render(request, "network.html", title="Network", nav="network", graph=graph, event_type=event_type,
                  since=since, until=until, min_events=min_events, pairs=pairs, pair_count=len(every), pager=pager,
                  api=api)


@guarded.get("/search", response_class=HTMLResponse)
def search(request: Request, store: Store = Depends(store_of), q: Annotated[str, Query(max_length=500)] = "",
           page: PageNo = 1) -> HTMLResponse:
    pager = Pager(request, page)
    rows: list[dict[str, Any]] = []
    actors: list[dict[str, Any]] = []
    found_events: list[dict[str, Any]] = []
    total = 0
    if q.strip():
        total = store.search_count(q)
        rows = pager.take(store.search(q, limit=pager.size + 1, offset=pager.offset))
        for row in rows:
            row["parts"] = snippet_parts(row.get("snippet") or "")
        if page == 1:
            actors = store.actors(name=q.strip(), limit=12)
            code = request.app.state.codes.code_for(q.strip())
            found_events = store.search_events(q, limit=12)
            if code:  # a country by name or code: its code's page, rather than the country as a named actor
                actors = [{"code": code, "name": reads.country_names().get(code, code), "kind": "code"},
                          *(x for x in actors if not (x.get("kind") == "country" and x.get("code") == code))]
    return render(request, "search.html", title=f"Search: {q}" if q else "Search", nav="search", q=q, rows=rows,
                  pager=pager, total=total, actors=actors, found_events=found_events,
                  api=urlencode([("q", q)]))


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """The store's snippet marks hits with [brackets]: pieces of text, hits flagged (escaped in the template)."""
    parts: list[tuple[str, bool]] = []
    pos = 0
    for match in re.finditer(r"\[([^\[\]]*)\]", snippet):
        parts.append((snippet[pos:match.start()], False))
        parts.append((match.group(1), True))
        pos = match.end()
    parts.append((snippet[pos:], False))
    return [p for p in parts if p[0]]


@guarded.get("/review", response_class=HTMLResponse)
def review(request: Request, store: Store = Depends(store_of), page: PageNo = 1) -> HTMLResponse:
    """Reviewed precision per coded type, and the judgements, newest first (each beside the coder's coding)."""
    pager = Pager(request, page)
    rows = pager.take(store.judgements(None, pager.size + 1, pager.offset))
    return render(request, "review.html", title="Review", nav="review", precision=store.review_precision(),
                  rows=rows, pager=pager)


@guarded.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    return render(request, "docs.html", title="API", nav="docs")


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: Annotated[str, Query(max_length=2000)] = "/") -> HTMLResponse:  # noqa: A002
    return render(request, "login.html", title="Sign in", nav="login", next=local_path(next), failed=False)


@router.post("/login")
async def login(request: Request) -> Response:
    form = parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=10)
    token = (form.get("token") or [""])[0]
    target = local_path((form.get("next") or ["/"])[0])
    settings = request.app.state.settings
    match = next((t for t in read_tokens(settings) if same(token, t)), None)
    if match is None:
        return render(request, "login.html", status=401, title="Sign in", nav="login", next=target, failed=True)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(SESSION_COOKIE, session_value(match), httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/", max_age=12 * 3600)
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def local_path(target: str) -> str:
    """Redirect only within this site (no //host or scheme)."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    return RedirectResponse("/static/favicon.svg", status_code=301)


router.include_router(guarded)
