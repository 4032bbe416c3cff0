"""Server-rendered pages (Jinja2, autoescaped): overview, dyad, actor, article, event, network, search.

Each handler gathers plain dicts from the store's library API (dragoman.store.Store; display names and the
aggregates' cache from dragoman.web.reads) and renders a template.
Charts and the network are drawn in the browser from JSON embedded as ``<script type="application/json">``
(data, never executed; the CSP allows no inline script).
"""
from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from dragoman.store import EventFilter, Store
from dragoman.store.dates import parse_bound
from dragoman.web import highlight, reads
from dragoman.web.api import MAX_ID
from dragoman.web.security import SESSION_COOKIE, can_read, read_tokens, same, session_value

_CODE = re.compile(r"^[A-Za-z0-9]{2,8}$")
_TYPE = re.compile(r"^[A-Za-z]{3,16}$")
NETWORK_EDGES = 500  # the network page draws the strongest pairs only (all of them are in /api/network)


def readable(request: Request) -> None:
    if not can_read(request.app.state.settings, request.headers, request.cookies):
        from dragoman.web.app import LoginRequired

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


def fill_periods(rows: list[dict[str, Any]], by: str) -> list[dict[str, Any]]:
    """Years or months with no events as zero rows, so the time axis is even; undated rows last."""
    dated = [r for r in rows if r["period"] != "undated"]
    if by not in ("year", "month") or len(dated) < 2:
        return rows
    have = {r["period"]: r for r in dated}
    empty = {"events": 0, **{q: 0 for q in reads.QUADS}, "score": 0.0}
    out = []
    if by == "year":
        for year in range(int(dated[0]["period"]), int(dated[-1]["period"]) + 1):
            out.append(have.get(f"{year:04d}", {"period": f"{year:04d}", **empty}))
    else:
        y, m = map(int, dated[0]["period"].split("-"))
        y2, m2 = map(int, dated[-1]["period"].split("-"))
        while (y, m) <= (y2, m2):
            label = f"{y:04d}-{m:02d}"
            out.append(have.get(label, {"period": label, **empty}))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out + [r for r in rows if r["period"] == "undated"]


def auto_period(lo: int | None, hi: int | None) -> str:
    if lo is None or hi is None:
        return "month"
    return "year" if hi // 10000 - lo // 10000 >= 4 else "month"


# -- pages ---------------------------------------------------------------------------------------------------

@guarded.get("/", response_class=HTMLResponse)
def overview(request: Request, store: Store = Depends(store_of),
             by: Annotated[str | None, Query(pattern=r"^(year|month)?$")] = None) -> HTMLResponse:
    cache = request.app.state.aggregates
    stats = reads.cached_stats(cache, store)
    lo, hi = reads.cached_span(cache, store)
    by = by or auto_period(lo, hi)
    series = fill_periods(reads.cached_timeline(cache, store, by), by)
    dyads = reads.cached_network(cache, store, max_edges=10)["edges"]
    recent = store.events(limit=12)
    return render(request, "overview.html", title="Overview", nav="overview", stats=stats, by=by,
                  chart={"periods": series, "by": by}, dyads=dyads, recent=recent)


@guarded.get("/dyad/{a}/{b}", response_class=HTMLResponse)
def dyad(request: Request, a: Annotated[str, Path(pattern=r"^[A-Za-z0-9]{2,8}$")],
         b: Annotated[str, Path(pattern=r"^[A-Za-z0-9]{2,8}$")], store: Store = Depends(store_of),
         type: Text = None, since: Text = None, until: Text = None,  # noqa: A002 - the form field's name
         by: Annotated[str | None, Query(pattern=r"^(day|week|month|year)?$")] = None,
         directed: Annotated[str | None, Query(pattern=r"^(1|on|true)?$")] = None,
         page: PageNo = 1) -> HTMLResponse:
    a, b = a.upper(), b.upper()
    event_type, since, until = opt_type(type), opt_date(since, "since"), opt_date(until, "until")
    is_directed = bool(directed)
    pager = Pager(request, page)
    if not by:
        rows = store.timeline("year", since, until, event_type, a, b, is_directed)
        years = [int(r["period"]) for r in rows if r["period"] != "undated"]
        by = "year" if years and years[-1] - years[0] >= 4 else "month"
    if event_type:
        series = store.timeline(by, since, until, event_type, a, b, is_directed)
    else:
        series = store.dyad(a, b, by=by, since=since, until=until, directed=is_directed)
    f = EventFilter(event_type=event_type, since=since, until=until, limit=pager.size + 1, offset=pager.offset)
    events = pager.take(store.events_between(a, b, f, directed=is_directed, sources=True))
    totals = {q: sum(r[q] for r in series) for q in (*reads.QUADS, "events")}
    score = sum(r["score"] for r in series)
    totals["mean_score"] = round(score / totals["events"], 2) if totals["events"] else None
    for ev in events:
        for src in ev["sources"]:
            src["parts"] = split_trigger(src.get("sentence_text"), src.get("trigger_text"))
    return render(request, "dyad.html", title=f"{a} – {b}", nav="dyad", a=a, b=b, event_type=event_type,
                  since=since, until=until, by=by, directed=is_directed, chart={"periods": fill_periods(series, by),
                                                                             "by": by},
                  totals=totals, events=events, pager=pager)


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
          store: Store = Depends(store_of)) -> HTMLResponse:
    if key.isdigit():  # a named actor's id; codes are letters
        found = reads.actor(store, int(key))
        if found is None:
            raise HTTPException(404, f"no actor {key}")
        return render(request, "actor.html", title=found["name"], nav="actor", actor=found)
    code = key.upper()
    cache = request.app.state.aggregates
    counterparts = cache.get(("counterparts", code, 25), lambda: reads.counterparts(store, code, limit=25))
    lo, hi = reads.cached_span(cache, store)
    by = auto_period(lo, hi)
    series = fill_periods(reads.cached_timeline(cache, store, by, party=code), by)
    as_actor = store.events(actor=code, limit=15)
    as_recipient = store.events(recipient=code, limit=15)
    named = store.actors(country=code, limit=40)
    if not (as_actor or as_recipient or named):
        raise HTTPException(404, f"nothing is stored about {code}")
    return render(request, "code.html", title=reads.country_names().get(code, code), nav="actor", code=code,
                  counterparts=counterparts, as_actor=as_actor, as_recipient=as_recipient, named=named,
                  chart={"periods": series, "by": by})


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
            at: Annotated[int | None, Query(ge=0)] = None) -> HTMLResponse:
    found = store.article(doc_id)
    if found is None:
        raise HTTPException(404, f"no article {doc_id!r}")
    selected = highlight.selected_ranges(found, event, mention, at)
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
    return render(request, "articles.html", title="Articles", nav="articles", rows=rows, pager=pager,
                  since=since, until=until, source=source or "")


@guarded.get("/events", response_class=HTMLResponse)
def events(request: Request, store: Store = Depends(store_of), actor: Text = None, recipient: Text = None,
           party: Text = None, type: Text = None, since: Text = None, until: Text = None,  # noqa: A002
           country: Text = None, page: PageNo = 1) -> HTMLResponse:
    f = dict(actor=opt_code(actor, "actor"), recipient=opt_code(recipient, "recipient"),
             party=opt_code(party, "party"), event_type=opt_type(type), since=opt_date(since, "since"),
             until=opt_date(until, "until"), country=opt_code(country, "country"))
    pager = Pager(request, page)
    rows = pager.take(store.events(EventFilter(**f, limit=pager.size + 1, offset=pager.offset)))
    return render(request, "events.html", title="Events", nav="events", rows=rows, pager=pager, f=f)


@guarded.get("/network", response_class=HTMLResponse)
def network(request: Request, store: Store = Depends(store_of), type: Text = None,  # noqa: A002
            since: Text = None, until: Text = None,
            min_events: Annotated[int, Query(ge=1, le=10_000)] = 1) -> HTMLResponse:
    event_type, since, until = opt_type(type), opt_date(since, "since"), opt_date(until, "until")
    graph = reads.cached_network(request.app.state.aggregates, store, since, until, event_type, min_events,
                                 NETWORK_EDGES)
    return render(request, "network.html", title="Network", nav="network", graph=graph, event_type=event_type,
                  since=since, until=until, min_events=min_events)


@guarded.get("/search", response_class=HTMLResponse)
def search(request: Request, store: Store = Depends(store_of), q: Annotated[str, Query(max_length=500)] = "",
           page: PageNo = 1) -> HTMLResponse:
    pager = Pager(request, page)
    rows: list[dict[str, Any]] = []
    if q.strip():
        rows = pager.take(store.search(q, limit=pager.size + 1, offset=pager.offset))
        for row in rows:
            row["parts"] = snippet_parts(row.get("snippet") or "")
    return render(request, "search.html", title=f"Search: {q}" if q else "Search", nav="search", q=q, rows=rows,
                  pager=pager)


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
