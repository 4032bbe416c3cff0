"""What an attacker would try, route by route and parameter by parameter.

The routes are enumerated from the app itself (``app.routes``: every API endpoint, page and static mount with its
path and query parameters, including those of shared dependencies such as paging), so a new route or parameter
is attacked without anyone adding it here. Each GET route also gets one unknown query parameter (``zz``), which
reaches the pages only through the links they build from the query string.

Families (what each request must get; the counts of a run are in docs/hardening-web.md):

- SQL injection (``SQL``) through every path and query parameter: a normal answer or a clean 4xx (JSON under
  /api, an HTML page elsewhere), never a 500, never SQL or driver text in the answer, and the database unchanged
  (the rows of every table, and the tables themselves, counted before and after).
- Malformed values (``MALFORMED``): empty, huge and negative numbers, floats, non-ASCII digits, overlong strings.
- Reflected script (``XSS``) through every parameter: pages stay inert (no tag, attribute, event handler, URL
  scheme or script the templates do not make; embedded JSON cannot close its script element; no template
  evaluation); JSON answers are served as JSON with ``nosniff``.
- Stored script through actor names (a user actors file whose names and an alias carry markup, coded by the
  real pipeline from an article posted with the token) and through search terms that hit hostile text.
- Path traversal through every path parameter (quoted, in-process) and, over a real socket to `dragoman serve`,
  with the raw bytes (``..``, ``%2e%2e``, ``%2f``, ``..%5c``, absolute paths, overlong names) against every
  route with a path parameter and the static mount: nothing outside the static folder is ever served.
- Body size: 413 with and without Content-Length (chunked) on every route a body can be sent to, before the
  token is looked at; over the socket, a huge Content-Length is refused without the body being sent.
- Tokens: every write route answers 401 without a token and 403 with a wrong one, whatever the header's shape;
  the read cookie never writes; private reads need a token on every route; tokens are compared only through
  ``hmac.compare_digest`` (checked on the code path, not by timing).
- CORS: no ``Access-Control-Allow-Origin`` for a foreign origin on any route, preflights refused; named origins
  get GET only, never credentials.
"""
from __future__ import annotations

import ast
import hashlib
import json
import re
import shutil
import socket
import time
import typing
from collections import Counter
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pytest
from markupsafe import escape

from dragoman.web import Settings, create_app, security

from .conftest import READ_TOKEN, REPO, SEED_ID, TOKEN, load_harness, make_client
from .test_api import pg_client  # noqa: F401, F811 - the PostgreSQL fixture (skips without $DRAGOMAN_TEST_PG_URL)

pytestmark = pytest.mark.model
AUTH = {"Authorization": f"Bearer {TOKEN}"}
WEB = REPO / "src" / "dragoman" / "web"
TRIED: Counter[str] = Counter()  # requests sent per family, for the report at the end

# -- the routes, from the app ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    name: str
    where: str  # path | query
    kind: str  # str | int | bool


@dataclass(frozen=True)
class Endpoint:
    path: str  # the path format: /api/articles/{doc_id}
    methods: frozenset[str]
    params: tuple[Param, ...]

    @property
    def api(self) -> bool:  # answers errors in JSON
        return self.path.startswith("/api/") or self.path == "/openapi.json"

    @property
    def id(self) -> str:
        return f"{'/'.join(sorted(self.methods))} {self.path}"


def _kind(annotation: object) -> str:
    args = typing.get_args(annotation) or (annotation,)
    return "bool" if bool in args else "int" if int in args else "str"


def _params(dependant: object) -> list[Param]:
    out = [Param(f.alias, "path", _kind(f.field_info.annotation)) for f in dependant.path_params]
    out += [Param(f.alias, "query", _kind(f.field_info.annotation)) for f in dependant.query_params]
    for sub in dependant.dependencies:  # shared dependencies: paging
        out += _params(sub)
    return out


def _contexts(app: object) -> list[object]:
    try:  # FastAPI >= 0.160 includes routers lazily; this walks them
        from fastapi.routing import iter_route_contexts
    except ImportError:  # pragma: no cover - older FastAPI: the routes are flat
        return list(app.routes)
    return list(iter_route_contexts(app.routes))


def enumerate_app(app: object) -> tuple[list[Endpoint], list[tuple[str, Path]]]:
    """(endpoints, static mounts as (prefix, folder))."""
    from starlette.routing import Mount
    from starlette.staticfiles import StaticFiles

    endpoints, mounts = [], []
    for ctx in _contexts(app):
        route = getattr(ctx, "original_route", ctx)
        if isinstance(route, Mount) and isinstance(route.app, StaticFiles):
            mounts.append((route.path, Path(route.app.directory)))
            continue
        dependant = getattr(ctx, "dependant", None)
        params: list[Param] = []
        if dependant is not None:
            seen = set()
            for p in _params(dependant):
                if (p.name, p.where) not in seen:
                    seen.add((p.name, p.where))
                    params.append(p)
        if ctx.methods and ctx.path_format:
            endpoints.append(Endpoint(ctx.path_format, frozenset(ctx.methods) - {"HEAD"}, tuple(params)))
    return endpoints, mounts


ENDPOINTS, MOUNTS = enumerate_app(create_app(Settings()))
EXTRA = Param("zz", "query", "str")  # a parameter no route declares
GETS = [e for e in ENDPOINTS if "GET" in e.methods]
ATTACKED = [(e, p) for e in GETS for p in (*e.params, EXTRA)]
WRITES = [e for e in ENDPOINTS if e.methods & {"POST", "PUT", "PATCH", "DELETE"}]
API_WRITES = [e for e in WRITES if e.api]
NAMED = [(e, p) for e in GETS for p in e.params if p.where == "path"]  # routes that take a name, code or id

# valid values, so that an attack changes one parameter of a request that otherwise works
BASE = {"a": "RUS", "b": "TJK", "key": "RUS", "doc_id": SEED_ID, "q": "Putin", "since": "2019", "until": "2026",
        "by": "month", "type": "CONSULT", "actor": "RUS", "recipient": "TJK", "party": "RUS", "country": "TJK",
        "source": "Wikinews", "status": "coded", "kind": "person", "name": "Putin", "limit": "5", "offset": "0",
        "page": "1", "min_sources": "1", "min_events": "1", "directed": "1", "all": "false", "sources": "true",
        "include_background": "true", "at": "0", "next": "/", "format": "json", "quad": "1", "with": "TJK",
        "sort": "newest", "score": "sum", "range": "all", "group": "place", "corrected": "true"}


def base_for(store) -> dict[str, str]:  # noqa: ANN001
    event = store.events(actor="RUS", recipient="TJK", event_type="CONSULT")[-1]
    putin = store.actors(name="Vladimir Putin")[0]
    return {**BASE, "event_id": str(event["id"]), "event": str(event["id"]), "actor_id": str(putin["id"])}


@pytest.fixture(scope="module")
def base(store) -> dict[str, str]:  # noqa: ANN001
    return base_for(store)


def build(endpoint: Endpoint, values: dict[str, str], only: set[str] | None = None,
          verbatim: dict[str, str] | None = None) -> str:
    """The URL of ``endpoint`` with ``values`` (path parameters quoted whole, or put in as they are from
    ``verbatim``; query parameters not in ``values`` left out, or not in ``only``). Unknown path parameters get
    a code, so a new route still gets a well-formed URL."""
    path = endpoint.path
    for p in endpoint.params:
        if p.where == "path":
            value = (verbatim or {}).get(p.name)
            path = path.replace("{" + p.name + "}", value if value is not None else
                                quote(values.get(p.name, "RUS"), safe=""))
    query = [(p.name, values[p.name]) for p in (*endpoint.params, EXTRA)
             if p.where == "query" and p.name in values and (only is None or p.name in only)]
    return path + ("?" + urlencode(query, quote_via=quote) if query else "")


def attack_url(endpoint: Endpoint, param: Param, payload: str, base: dict[str, str]) -> str:
    """The route's valid request with one parameter replaced by the payload."""
    return build(endpoint, {**base, param.name: payload})


# -- what a clean answer is --------------------------------------------------------------------------------

ALLOWED = {200, 301, 307, 400, 404, 405, 422}  # 301/307: the favicon and /static redirect
LEAKS = re.compile(r"sqlalchemy|sqlite3|sqlalche\.me|OperationalError|ProgrammingError|IntegrityError|"
                   r"DataError|InterfaceError|psycopg|Traceback|\[SQL:|\[parameters:|articles_fts|bm25\(|"
                   r"syntax error|unterminated|no such (?:table|column)|unrecognized token|fts5|File \"/", re.I)


def clean(r, endpoint: Endpoint, what: str) -> None:  # noqa: ANN001
    assert r.status_code < 500, (what, r.status_code, r.text[:300])
    assert r.status_code in ALLOWED, (what, r.status_code, r.text[:300])
    assert r.headers.get("content-security-policy") == security.CSP, what
    text = r.text
    if r.status_code == 200 and r.headers["content-type"].startswith("application/json"):
        body = r.json()
        if isinstance(body, dict):  # /api/stats names the database it serves (password hidden): not a leak here
            body.pop("database", None)
        text = json.dumps(body)
    assert not LEAKS.search(text), (what, LEAKS.search(text).group(0), text[:300])
    if r.status_code >= 400:
        if endpoint.api:
            assert r.headers["content-type"].startswith("application/json"), what
            body = r.json()
            assert body["status"] == r.status_code and body["error"] and body["message"], what
        else:
            assert r.headers["content-type"].startswith("text/html"), what
            assert f"<title>{r.status_code} " in r.text, what


def snapshot(store) -> dict[str, int]:  # noqa: ANN001
    """Rows per table, and the tables themselves."""
    from sqlalchemy import text

    from dragoman.store import schema

    with store.engine.connect() as conn:
        counts = {t.name: conn.execute(text(f'SELECT count(*) FROM "{t.name}"')).scalar_one()
                  for t in schema.metadata.sorted_tables}
        if conn.dialect.name == "sqlite":
            counts["articles_fts"] = conn.execute(text("SELECT count(*) FROM articles_fts")).scalar_one()
            counts["(schema objects)"] = conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
    return counts


@pytest.fixture
def unchanged(store):  # noqa: ANN001
    before = snapshot(store)
    yield
    assert snapshot(store) == before


# -- SQL injection and malformed values --------------------------------------------------------------------

SQL = ("'", '"', "`", "\\", "' OR 1=1 --", "' OR '1'='1", '" OR ""="', "1 OR 1=1", "RUS' OR 'a'='a",
       "RUS'; DROP TABLE events; --", "; DROP TABLE events; --", "1; DELETE FROM articles",
       "'); DELETE FROM actors; --",
       "' UNION SELECT doc_id, text FROM articles --", "1 UNION SELECT sql FROM sqlite_master",
       "' UNION SELECT NULL, version() --", "'||(SELECT sqlite_version())||'", "') OR ('a'='a",
       "RUS\u2019 OR \u20181\u2019=\u20181", "\uff07 OR 1=1 --", "\u02bc OR 1=1 --", "\x00", "RUS\x00' OR 1=1 --",
       "%' OR 1=1 --", "%", "_", "*", "NEAR(a b)", '"a" OR "b"', "$1", ":q", "?", "1' AND SLEEP(5) --",
       "1; SELECT pg_sleep(5) --", "' AND randomblob(100) --", "/* */", "-- ", "RUS;", "0x52555", "char(39)")
MALFORMED = ("", " ", "-1", "0", "+1", "1.5", "1e3", "0x10", "1_000", "99999999999999999999", "9223372036854775808",
             "-9223372036854775809", "NaN", "Infinity", "\u0661\u0662", "true", "[]", "{}", "null", "%00",
             "\ud7ff", "\u202e", "A" * 3000)


@pytest.mark.parametrize("endpoint", GETS, ids=[e.id for e in GETS])
def test_sql_injection_and_malformed_values(client, base, endpoint, unchanged):  # noqa: ANN001
    inject(client, base, endpoint)


def test_sql_injection_on_postgresql(pg_client):  # noqa: ANN001
    """The same on PostgreSQL (with $DRAGOMAN_TEST_PG_URL): it refuses what SQLite takes (a NUL in a string,
    an integer over 64 bits), so its answers must be clean too."""
    before = snapshot(pg_client.store)
    for endpoint in GETS:
        inject(pg_client, base_for(pg_client.store), endpoint)
    assert snapshot(pg_client.store) == before


def inject(client, base: dict[str, str], endpoint: Endpoint) -> None:  # noqa: ANN001
    baseline = client.get(build(endpoint, base))
    assert baseline.status_code in (200, 301, 307), (endpoint.id, baseline.status_code, baseline.text[:300])
    for param in (*endpoint.params, EXTRA):
        for family, payloads in (("sql", SQL), ("malformed", MALFORMED)):
            for payload in payloads:
                url = attack_url(endpoint, param, payload, base)
                r = client.get(url)
                TRIED[family] += 1
                clean(r, endpoint, f"{endpoint.id} {param.name}={payload!r}")
                if r.status_code == 200 and r.headers["content-type"].startswith("application/json"):
                    body = r.json()
                    if param.name in ("actor", "recipient", "party", "country", "source", "status") and family == "sql":
                        found = body.get("items", body.get("periods", body.get("edges")))
                        assert found == [], (url, "an exact-match filter matched an injection")


# -- script injection ----------------------------------------------------------------------------------------

XSS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>",
       "javascript:alert(1)", "</title><script>alert(1)</script>", "</script><script>alert(1)</script>",
       '<a href="javascript:alert(1)">x</a>', "{{7*'7'}}", "{% print 7*7777 %}", "<iframe src=//evil.example>",
       '" autofocus onfocus=alert(1) x="', "' onmouseover='alert(1)", "<!--", "]]><script>alert(1)</script>",
       "<style>*{display:none}</style>", "<base href=//evil.example/>",
       '<meta http-equiv="refresh" content="0;url=//evil.example">', "\u003cscript\u003ealert(1)\u003c/script\u003e",
       "&lt;script&gt;alert(1)&lt;/script&gt;", "<scr<script>ipt>alert(1)</script>",
       "%3Cscript%3Ealert(1)%3C/script%3E")
TEMPLATE_TAGS = frozenset(re.findall(r"<([a-z][a-z0-9]*)", "".join(
    p.read_text(encoding="utf-8") for p in [*sorted((WEB / "templates").glob("*.html")), WEB / "highlight.py"])))
URL_ATTRS = {"href", "src", "action", "formaction", "data", "xlink:href", "srcset", "poster", "background"}


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.data_blocks: list[str] = []
        self._in_json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_json = tag == "script" and dict(attrs).get("type") == "application/json"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self._in_json = False

    def handle_data(self, data: str) -> None:
        if self._in_json:
            self.data_blocks.append(data)


def inert(html: str, what: str, payload: str | None = None) -> None:
    """Nothing in the page runs or loads what the templates did not put there."""
    parser = Tags()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag in TEMPLATE_TAGS, (what, f"<{tag}> is not made by any template")
        named = dict(attrs)
        if tag == "script":
            assert (named.get("src") or "").startswith("/static/") or named.get("type") == "application/json", \
                (what, attrs)
        for name, value in attrs:
            assert not name.startswith("on") and name != "style", (what, tag, name, value)
            if name in URL_ATTRS and value:
                scheme = re.sub(r"[\x00-\x20]", "", unescape(value)).lower()
                assert not scheme.startswith(("javascript:", "vbscript:", "data:")), (what, tag, name, value)
    for block in parser.data_blocks:
        assert "</" not in block and "<!--" not in block, (what, block[:200])
        json.loads(block)
    assert "7777777" not in html and "54439" not in html, (what, "a template expression was evaluated")
    if payload and "<" in payload:
        assert payload not in html, (what, "the payload is in the page as it was sent")


@pytest.mark.parametrize("endpoint", GETS, ids=[e.id for e in GETS])
def test_reflected_script_is_inert(client, base, endpoint, unchanged):  # noqa: ANN001
    for param in (*endpoint.params, EXTRA):
        for payload in XSS:
            r = client.get(attack_url(endpoint, param, payload, base))
            TRIED["xss"] += 1
            what = f"{endpoint.id} {param.name}={payload!r}"
            assert r.status_code < 500, (what, r.text[:300])
            kind = r.headers.get("content-type", "")
            assert r.headers["x-content-type-options"] == "nosniff", what
            if r.is_redirect:
                assert r.headers["location"].startswith("/") and not r.headers["location"].startswith("//"), what
            elif kind.startswith("text/html"):
                inert(r.text, what, payload)
            else:
                assert kind.startswith(("application/json", "text/css", "application/javascript",
                                        "text/javascript", "image/")), (what, kind)


HOSTILE_NAMES = ("Jean <script>alert('actor')</script> Dupont", "Mark <img src=x onerror=alert('img')> Rutte",
                 "Sam javascript:alert(4) Smith", 'Anna "><svg onload=alert(3)> Berg', "Li &lt;b&gt; Wei",
                 "Olga {{7*'7'}} Ivanova")
HOSTILE_ALIAS = "Jean <i onclick=alert(6)>D</i>"  # a later mention of the first name: stored as its alias


@pytest.fixture(scope="module")
def actors_client(tmp_path_factory, databases, pipeline):  # noqa: ANN001
    """An app over a copy of the sample store whose pipeline knows six actors with markup in their names (a
    user actors file), after POST /api/articles (with the token) stored an article naming them."""
    from dragoman.options import Options
    from dragoman.pipeline import Pipeline
    from dragoman.store import Store

    folder = tmp_path_factory.mktemp("attacks-actors")
    shutil.copyfile(databases["sample"], folder / "store.db")
    rows = ["name\taliases\tcode\tsector\trole\tstart\tend",
            f"{HOSTILE_NAMES[0]}\tDupont|{HOSTILE_ALIAS}\tFRA\tGOV\tForeign Minister\t2020\t"]
    rows += [f"{name}\t\t{code}\tGOV\tMinister\t2020\t"
             for name, code in zip(HOSTILE_NAMES[1:], ("NLD", "GBR", "SWE", "CHN", "RUS"))]
    (folder / "actors.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    coder = Pipeline(Options(raise_errors=True, actor_files=(folder / "actors.tsv",)), nlp=pipeline.nlp)
    n = HOSTILE_NAMES
    article = {"id": "hostile-actors", "date": "2024-03-05", "source": "Wire <b onclick=alert(5)>",
               "title": f"{n[0]} meets {n[1]} <script>alert('title')</script>",
               "url": "javascript:alert('url')",
               "text": (f"French Foreign Minister {n[0]} met Dutch Prime Minister {n[1]} in Paris on Monday. "
                        f"British Minister {n[2]} accused Swedish Minister {n[3]} of lying. "
                        f"Chinese Minister {n[4]} praised Russian Minister {n[5]} on Tuesday. "
                        f"Later {HOSTILE_ALIAS} thanked the Netherlands.")}
    with Store.open(folder / "store.db") as store:
        with make_client(create_app(Settings(token=TOKEN), store=store, pipeline=coder)) as c:
            r = c.post("/api/articles", json=article, headers=AUTH)
            TRIED["stored-xss"] += 1
            assert r.status_code == 200 and r.json()["stored"] == 1, r.text
            c.store = store
            yield c


def test_actor_names_with_markup_are_shown_escaped(actors_client):  # noqa: ANN001
    c = actors_client
    body = c.get("/api/articles/hostile-actors").json()
    names = {a["name"] for a in body["actors"]}
    assert set(HOSTILE_NAMES) <= names, names  # stored verbatim: escaping is the page's job, not the store's
    ids = {a["name"]: a["actor_id"] for a in body["actors"]}
    events = {i for ev in body["events"] for i in ev["event_ids"]}
    assert len(events) >= 3
    pages = {"/article/hostile-actors": (*HOSTILE_NAMES, HOSTILE_ALIAS), "/": (), "/events": (), "/articles": (),
             "/network": (),
             "/events?party=FRA": (), "/dyad/FRA/NLD": (), "/dyad/GBR/SWE": (), "/actor/FRA": (HOSTILE_NAMES[0],),
             "/actor/CHN": (HOSTILE_NAMES[4],), "/search?q=Dupont": (), "/search?q=onerror": (),
             "/search?q=script": (), "/search?q=javascript": ()}
    for name in HOSTILE_NAMES:
        pages[f"/actor/{ids[name]}"] = (name,)
        pages["/api/actors?name=" + quote(name[:4])] = ()
    for event_id in sorted(events):
        record = c.get(f"/api/events/{event_id}").json()
        pages[f"/event/{event_id}"] = tuple(n for n in (record["actor_name"], record["recipient_name"]) if n)
        pages[f"/article/hostile-actors?event={event_id}"] = ()
    for path, shown in pages.items():
        r = c.get(path)
        TRIED["stored-xss"] += 1
        assert r.status_code == 200, (path, r.status_code)
        if path.startswith("/api/"):
            assert r.headers["content-type"].startswith("application/json")
            continue
        inert(r.text, path)
        for name in shown:
            assert str(escape(name)) in r.text, (path, name)
            assert name not in r.text or "<" not in name and '"' not in name, (path, name)
    assert HOSTILE_ALIAS in c.get(f"/api/actors/{ids[HOSTILE_NAMES[0]]}").json()["aliases"]
    for name in HOSTILE_NAMES:  # roles and aliases as the store holds them, escaped on the actor's page
        record = c.get(f"/api/actors/{ids[name]}").json()
        page = c.get(f"/actor/{ids[name]}").text
        for value in (*record["roles"], *record["aliases"]):
            assert str(escape(value)) in page, (name, value)
    event_names = {e["actor_name"] for e in c.get("/api/events?party=FRA&limit=500").json()["items"]}
    assert HOSTILE_NAMES[0] in event_names  # the merged events carry the names too, and /event pages show them


def test_search_terms_that_hit_hostile_text_are_escaped(client):  # noqa: ANN001
    # the hostile article (conftest) holds <script>, <img onerror>, <svg onload> and javascript: in its text
    for q in ("script", "onerror", "onload", "javascript", "xss", "img", '"window"', "alert OR svg", "-summit xss"):
        page = client.get("/search", params={"q": q})
        TRIED["stored-xss"] += 1
        assert page.status_code == 200
        inert(page.text, f"/search?q={q}")
        api = client.get("/api/search", params={"q": q})
        assert api.headers["content-type"].startswith("application/json")
    hits = client.get("/search", params={"q": "script"}).text
    assert "hostile-1" in hits and "&lt;script&gt;" in hits


# -- path traversal ------------------------------------------------------------------------------------------

TRAVERSAL = ("../../etc/passwd", "..%2f..%2fetc%2fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%5c..%5cetc%5cpasswd",
             "..\\..\\etc\\passwd", "/etc/passwd", "//etc/passwd", "....//....//etc/passwd",
             "..%252f..%252fetc%252fpasswd", "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", "..;/..;/etc/passwd",
             "file:///etc/passwd", "/proc/self/environ", "../../src/dragoman/web/settings.py",
             "../static/../../settings.py", "C:\\Windows\\win.ini", "../" * 300 + "etc/passwd", "A" * 5000,
             "%2e", "~root", "$HOME", "..%00/etc/passwd")
DOTS = (".", "..", "./", "../", "..%2f")  # dot segments: an HTTP client would normalise them, so over the socket only
STATIC_TRAVERSAL = ("../settings.py", "../templates/base.html", "..%2fsettings.py", "%2e%2e/settings.py",
                    "%2e%2e%2fsettings.py", ".%2e/settings.py", "..%5csettings.py", "..\\settings.py",
                    "css/../../settings.py", "css/..%2f..%2fsettings.py", "....//settings.py",
                    "%252e%252e/settings.py", "/etc/passwd", "%2fetc%2fpasswd", "../../../../../../../../etc/passwd",
                    "%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "vendor/../../settings.py",
                    "css/app.css/../../settings.py", "..%00/settings.py", "css/app.css%00.txt", "../__init__.py",
                    "../../store/db.py", "%c0%ae%c0%ae/settings.py", "css/../css/app.css", "./css/app.css",
                    "A" * 5000)
STATIC_DOTS = ("..", "../", "css/..", "css/../..", "./..")
SECRETS = ("root:x:0:0", "root:*:0:", "class Settings", "MIN_TOKEN_CHARS", "{% extends", "[project]", "import ",
           TOKEN, "DRAGOMAN_API_TOKEN=", "PATH=")


def static_digests() -> set[str]:
    return {hashlib.sha256(p.read_bytes()).hexdigest() for _, folder in MOUNTS for p in folder.rglob("*")
            if p.is_file()}


def no_secret(body: bytes, what: str) -> None:
    text = body.decode("utf-8", "replace")
    for secret in SECRETS:
        assert secret not in text, (what, secret)


@pytest.mark.parametrize("endpoint,param", NAMED, ids=[f"{e.id} {p.name}" for e, p in NAMED])
def test_path_traversal_through_names(client, base, endpoint, param, unchanged):  # noqa: ANN001
    for payload in TRAVERSAL:
        r = client.get(attack_url(endpoint, param, payload, base))
        TRIED["traversal"] += 1
        what = f"{endpoint.id} {param.name}={payload[:40]!r}"
        clean(r, endpoint, what)
        assert r.status_code != 200, what  # no such name, code or id: nothing is served for it
        no_secret(r.content, what)


def test_path_traversal_through_static_files(client):  # noqa: ANN001
    digests = static_digests()
    assert MOUNTS, "the app serves static files"
    for prefix, _folder in MOUNTS:
        for payload in STATIC_TRAVERSAL:
            r = client.get(f"{prefix}/{payload}")
            TRIED["traversal"] += 1
            what = f"{prefix}/{payload[:40]}"
            assert r.status_code in (200, 400, 404, 405), (what, r.status_code)
            no_secret(r.content, what)
            if r.status_code == 200:  # only a file of the static folder (a path that normalises into it)
                assert hashlib.sha256(r.content).hexdigest() in digests, what


# -- the real server: raw bytes on the socket ----------------------------------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory, databases):  # noqa: ANN001
    """`dragoman serve` over a copy of the sample store, with the write token and a 64 KiB body limit."""
    folder = tmp_path_factory.mktemp("attacks-server")
    shutil.copyfile(databases["sample"], folder / "store.db")
    with load_harness().serve(folder / "store.db", "--max-body", "65536",
                               env={"DRAGOMAN_API_TOKEN": TOKEN}) as (base_url, _proc):
        yield base_url.rsplit(":", 1)[1]


def raw(port: str, request: bytes, body_chunks: tuple[bytes, ...] = (), timeout: float = 5.0) -> tuple[int, bytes]:
    """Send bytes as they are (no client normalises the path); (status, whole answer). Bounded in time and
    size; status 0 when the server closed without answering."""
    with socket.create_connection(("127.0.0.1", int(port)), timeout=timeout) as s:
        s.sendall(request)
        for chunk in body_chunks:
            try:
                s.sendall(chunk)
            except OSError:  # the server answered and closed while the body was still coming: fine
                break
        data = b""
        deadline = time.monotonic() + timeout
        while len(data) < 4_000_000 and time.monotonic() < deadline:
            try:
                part = s.recv(65536)
            except (ConnectionResetError, TimeoutError):
                break
            if not part:
                break
            data += part
    match = re.match(rb"HTTP/1\.[01] (\d{3})", data)
    return (int(match.group(1)) if match else 0), data


def get_raw(port: str, target: str) -> tuple[int, bytes]:
    return raw(port, f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode("latin-1"))


def test_path_traversal_over_the_wire(server, base):  # noqa: ANN001
    digests = static_digests()
    targets = []
    for endpoint, param in NAMED:
        for payload in (*TRAVERSAL, *DOTS):
            for value in (payload, quote(payload, safe="")):  # the raw bytes, and quoted whole
                targets.append((build(endpoint, base, only=set(), verbatim={param.name: value}), False))
    for prefix, _folder in MOUNTS:
        targets += [(f"{prefix}/{payload}", True) for payload in (*STATIC_TRAVERSAL, *STATIC_DOTS)]
    for target, static in targets:
        status, answer = get_raw(server, target)
        TRIED["traversal"] += 1
        what = f"{target[:80]} -> {status}"
        assert status in (200, 307, 400, 404, 405, 414, 422, 431), what  # h11 refuses an overlong line itself
        head, _, body = answer.partition(b"\r\n\r\n")
        no_secret(body, what)
        if status == 307:  # the router's trailing-slash redirect: to this server, never elsewhere
            location = re.search(rb"\r\nlocation: ([^\r]*)", head, re.I).group(1).decode("latin-1")
            assert urlsplit(location).hostname in (None, "127.0.0.1") and not location.startswith("//"), what
        if status == 200:
            assert static, what  # a name never opens a file; the static folder serves its own files only
            assert hashlib.sha256(body).hexdigest() in digests, what


def test_body_limit_over_the_wire(server):  # noqa: ANN001
    limit = 65536
    for path in ("/api/articles", "/login", "/logout", "/api/stats"):
        # a huge Content-Length: refused at once, the body never sent
        started = time.monotonic()
        status, _ = raw(server, (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                 f"Content-Length: {10**12}\r\n\r\n").encode())
        TRIED["body"] += 1
        assert status == 413 and time.monotonic() - started < 5, (path, status)
        # chunked, no Content-Length: refused once the bytes pass the limit, without a token
        chunk = b"x" * 4096  # one chunk more than the limit, then the end (nothing left unread to reset the line)
        framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
        chunks = (framed,) * (limit // 4096 + 1) + (b"0\r\n\r\n",)
        status, _ = raw(server, (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                 "Transfer-Encoding: chunked\r\n\r\n").encode(), chunks)
        TRIED["body"] += 1
        assert status == 413, (path, status)
    # a malformed or negative length is refused before anything reads it
    for length in ("-1", "1e9", "0x10", "abc"):
        status, _ = raw(server, (f"POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {length}\r\n"
                                 "\r\n").encode())
        TRIED["body"] += 1
        assert status in (400, 413), (length, status)


# -- body size in the app ------------------------------------------------------------------------------------

@pytest.fixture
def limited(store, pipeline):  # noqa: ANN001
    with make_client(create_app(Settings(token=TOKEN, max_body_bytes=4096), store=store, pipeline=pipeline)) as c:
        yield c


@pytest.mark.parametrize("path", sorted({e.path for e in WRITES} | {"/api/stats", "/"}))
def test_oversized_bodies_get_413_everywhere(limited, path, unchanged):  # noqa: ANN001
    over = b"[" + b" " * 4096 + b"]"
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        for headers in ({}, AUTH, {"Authorization": "Bearer wrong-token-0000000000"}):
            r = limited.request(method, path, content=over, headers={**headers, "Content-Type": "application/json"})
            TRIED["body"] += 1
            assert r.status_code == 413 and r.json()["status"] == 413, (method, path, r.status_code)

            def chunks():  # noqa: ANN202 - no Content-Length: chunked
                for _ in range(5):
                    yield b" " * 1000

            r = limited.request(method, path, content=chunks(), headers={**headers, "Content-Type": "application/json"})
            TRIED["body"] += 1
            assert r.status_code == 413, (method, path, "chunked", r.status_code)
        at_limit = limited.request(method, path, content=b" " * 4096, headers={"Content-Type": "application/json"})
        TRIED["body"] += 1
        assert at_limit.status_code != 413 and at_limit.status_code < 500, (method, path, at_limit.status_code)


def test_hostile_json_bodies_are_clean_errors(empty_client):  # noqa: ANN001
    c = empty_client
    bodies = (b"[" * 100_000 + b"]" * 100_000, b'{"id": "x", "text": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
              b'{"id": NaN, "text": "Russia met Tajikistan."}', b'{"id": "x", "text": "\\ud800"}',
              b'{"__proto__": {"admin": true}}', b"\xff\xfe{}", b"null", b"1e999", b'"just a string"',
              b'[{"id": "a", "text": "' + b"x" * 100 + b'"}, 7]', b'{"id": 1, "text": 2}', b"{}" * 3)
    for body in bodies:
        r = c.post("/api/articles", content=body, headers={**AUTH, "Content-Type": "application/json"})
        TRIED["body"] += 1
        assert r.status_code in (200, 207, 400, 413, 422), (body[:40], r.status_code, r.text[:200])
        assert r.headers["content-type"].startswith("application/json")
        assert not LEAKS.search(r.text), (body[:40], r.text[:300])
    # whatever was taken (the JSON reader reads NaN as a missing value, as in a file) reads back cleanly
    for item in c.get("/api/articles").json()["items"]:
        assert c.get("/api/articles/" + quote(item["doc_id"], safe="")).status_code == 200
        assert c.get("/article/" + quote(item["doc_id"], safe="")).status_code == 200


def test_sql_in_posted_records_is_stored_as_text(empty_client):  # noqa: ANN001
    c = empty_client
    record = {"id": "x'; DROP TABLE events; --", "title": "' OR 1=1 --", "source": "Robert'); DROP TABLE articles;--",
              "date": "2024-03-05", "url": "https://example.org/?q=' UNION SELECT 1 --",
              "text": "Russian President Vladimir Putin met Tajik President Emomali Rahmon in Dushanbe on Tuesday. "
                      "' UNION SELECT text FROM articles; -- They signed an agreement on energy cooperation."}
    r = c.post("/api/articles", json=record, headers=AUTH)
    TRIED["sql"] += 1
    assert r.status_code == 200 and r.json()["stored"] == 1, r.text
    stored = c.get("/api/articles/" + quote(record["id"], safe="")).json()
    assert {k: stored[k] for k in ("doc_id", "title", "source", "url", "text")} == \
        {"doc_id": record["id"], **{k: record[k] for k in ("title", "source", "url", "text")}}
    counts = snapshot(c.store)
    assert counts["articles"] == 1 and counts["events"] >= 1 and counts["(schema objects)"] > 10
    assert c.get("/article/" + quote(record["id"], safe="")).status_code == 200
    assert c.get("/api/articles", params={"source": record["source"]}).json()["items"][0]["doc_id"] == record["id"]


# -- tokens --------------------------------------------------------------------------------------------------

def _wrong_headers() -> list[tuple[dict[str, str], int]]:
    from dragoman.web.security import session_value

    return [({}, 401), ({"Authorization": ""}, 401), ({"Authorization": "Bearer"}, 401),
            ({"Authorization": "Bearer "}, 401), ({"Authorization": f"Basic {TOKEN}"}, 401),
            ({"Authorization": f"Token {TOKEN}"}, 401), ({"Authorization": TOKEN}, 401),
            ({"Authorization": f"Bearer{TOKEN}"}, 401), ({"X-Api-Token": TOKEN}, 401),
            ({"Cookie": f"{security.SESSION_COOKIE}={session_value(TOKEN)}"}, 401),  # the read cookie never writes
            ({"Cookie": f"token={TOKEN}"}, 401),
            ({"Authorization": f"Bearer {TOKEN}x"}, 403), ({"Authorization": f"Bearer {TOKEN[:-1]}"}, 403),
            ({"Authorization": f"Bearer {TOKEN.upper()}"}, 403), ({"Authorization": f"Bearer {TOKEN} {TOKEN}"}, 403),
            ({"Authorization": f"Bearer {READ_TOKEN}"}, 403), ({"Authorization": "Bearer ' OR '1'='1"}, 403),
            ({"Authorization": "Bearer " + "x" * 20_000}, 403),
            ({"Authorization": b"Bearer " + TOKEN.encode() + b"\xe9"}, 403),
            ({"Authorization": f"Bearer {session_value(TOKEN)}"}, 403)]


@pytest.mark.parametrize("endpoint", API_WRITES, ids=[e.id for e in API_WRITES])
def test_writes_need_the_token(store, pipeline, endpoint, unchanged):  # noqa: ANN001
    app = create_app(Settings(token=TOKEN, read_token=READ_TOKEN), store=store, pipeline=pipeline)
    with make_client(app) as c:
        for method in sorted(endpoint.methods):
            for headers, expected in _wrong_headers():
                for query in ("", f"?token={TOKEN}", f"?access_token={TOKEN}"):
                    r = c.request(method, endpoint.path + query, json={"id": "t", "text": "Russia met Tajikistan."},
                                  headers=headers)
                    TRIED["token"] += 1
                    assert r.status_code == expected, (method, headers, query, r.status_code)
                    assert TOKEN not in r.text and READ_TOKEN not in r.text
                    if expected == 401:
                        assert r.headers["www-authenticate"] == "Bearer"
            # the right token passes the check (a body of the wrong type then stops the request before any write)
            for scheme in ("Bearer", "bearer", "BEARER"):
                r = c.request(method, endpoint.path, content=b"id=1", headers={"Authorization": f"{scheme} {TOKEN}",
                                                                                "Content-Type": "text/plain"})
                TRIED["token"] += 1
                assert r.status_code == 415, (scheme, r.status_code)


def test_private_reads_need_a_token_on_every_route(store, pipeline, base):  # noqa: ANN001
    public = {"/login", "/favicon.ico", "/openapi.json"}  # a form, a redirect to a static file, the schema
    app = create_app(Settings(token=TOKEN, read_token=READ_TOKEN, private=True), store=store, pipeline=pipeline)
    with make_client(app) as c:
        for endpoint in GETS:
            url = build(endpoint, base)
            for headers in ({}, {"Authorization": "Bearer wrong-token-0000000000"},
                            {"Cookie": f"{security.SESSION_COOKIE}=forged"}, {"Authorization": f"Basic {READ_TOKEN}"}):
                r = c.get(url, headers=headers, follow_redirects=False)
                TRIED["token"] += 1
                if endpoint.path in public:
                    assert r.status_code in (200, 301), (url, r.status_code)
                elif endpoint.api:
                    assert r.status_code == 401 and r.json()["status"] == 401, (url, headers, r.status_code)
                else:
                    assert r.status_code == 303 and r.headers["location"].startswith("/login?next="), (url, headers)
            ok = c.get(url, headers={"Authorization": f"Bearer {READ_TOKEN}"}, follow_redirects=False)
            TRIED["token"] += 1
            assert ok.status_code in (200, 301, 307), (url, ok.status_code)


def test_tokens_are_compared_only_with_compare_digest(store, pipeline, monkeypatch):  # noqa: ANN001
    real = security.hmac.compare_digest
    calls: list[tuple[bytes, bytes]] = []

    def recording(a, b):  # noqa: ANN001, ANN202
        calls.append((a, b))
        return real(a, b)

    app = create_app(Settings(token=TOKEN, read_token=READ_TOKEN, private=True), store=store, pipeline=pipeline)
    probes = (lambda c: c.post("/api/articles", content=b"x", headers={"Authorization": "Bearer nope",
                                                                       "Content-Type": "text/plain"}),
              lambda c: c.post("/api/articles", content=b"x", headers={**AUTH, "Content-Type": "text/plain"}),
              lambda c: c.get("/api/stats", headers={"Authorization": f"Bearer {READ_TOKEN}"}),
              lambda c: c.get("/api/stats", headers={"Authorization": "Bearer nope"}),
              lambda c: c.get("/", headers={"Cookie": f"{security.SESSION_COOKIE}=forged"}, follow_redirects=False),
              lambda c: c.post("/login", data={"token": "nope", "next": "/"}, follow_redirects=False),
              lambda c: c.post("/login", data={"token": READ_TOKEN, "next": "/"}, follow_redirects=False))
    with make_client(app) as c:
        monkeypatch.setattr(security.hmac, "compare_digest", recording)
        for probe in probes:
            calls.clear()
            c.cookies.clear()
            probe(c)
            TRIED["token"] += 1
            assert calls, "a token was checked without hmac.compare_digest"
            assert all(isinstance(a, bytes) and len(a) == len(b) == 32 for a, b in calls)  # digests: no length leak
        # the decision is compare_digest's alone: forced false, the right token fails (here already as a reader:
        # reads are private); forced true, a wrong one passes both checks
        monkeypatch.setattr(security.hmac, "compare_digest", lambda a, b: False)
        assert c.post("/api/articles", content=b"x", headers={**AUTH, "Content-Type": "text/plain"}).status_code == 401
        assert c.get("/api/stats", headers={"Authorization": f"Bearer {READ_TOKEN}"}).status_code == 401
        monkeypatch.setattr(security.hmac, "compare_digest", lambda a, b: True)
        assert c.post("/api/articles", content=b"x", headers={"Authorization": "Bearer nope",
                                                               "Content-Type": "text/plain"}).status_code == 415
        assert c.get("/api/stats", headers={"Authorization": "Bearer nope"}).status_code == 200
        TRIED["token"] += 4


SECRET_NAMES = re.compile(r"token|cookie|session|secret|password|given|expected", re.I)


def test_no_token_is_compared_with_an_operator():
    """No ==, !=, in or is between a token-like value and anything else in the web package (the timing of those
    depends on where the strings differ)."""
    offenders = []
    for path in sorted(WEB.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Compare):
                continue
            if not any(isinstance(op, (ast.Eq, ast.NotEq, ast.In, ast.NotIn, ast.Is, ast.IsNot)) for op in node.ops):
                continue  # an ordering is a length check (len(token) < MIN_TOKEN_CHARS), not a comparison of values
            sides = [node.left, *node.comparators]
            if any(isinstance(s, ast.Constant) and s.value is None for s in sides):
                continue  # "is None" checks presence, not the value
            names = [ast.unparse(s) for s in sides if not isinstance(s, ast.Constant)]
            if any(SECRET_NAMES.search(n) for n in names):
                offenders.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
    assert offenders == [], offenders


# -- CORS ----------------------------------------------------------------------------------------------------

FOREIGN = ("https://evil.example", "null", "http://127.0.0.1.evil.example", "http://localhost:1")


def test_cors_is_closed_on_every_route(client, base):  # noqa: ANN001
    for endpoint in ENDPOINTS:
        url = build(endpoint, base)
        for origin in FOREIGN:
            if "GET" in endpoint.methods:
                r = client.get(url, headers={"Origin": origin}, follow_redirects=False)
                TRIED["cors"] += 1
                assert "access-control-allow-origin" not in r.headers, (url, origin)
                assert "access-control-allow-credentials" not in r.headers, (url, origin)
            for method in sorted(endpoint.methods):
                pre = client.options(url, headers={"Origin": origin, "Access-Control-Request-Method": method,
                                                   "Access-Control-Request-Headers": "authorization, content-type"})
                TRIED["cors"] += 1
                assert "access-control-allow-origin" not in pre.headers, (url, origin, method)
                assert "access-control-allow-methods" not in pre.headers, (url, origin, method)
                assert pre.status_code in (400, 404, 405), (url, origin, method, pre.status_code)


def test_named_origins_get_reads_only(store, pipeline, base):  # noqa: ANN001
    app = create_app(Settings(token=TOKEN, cors_origins=("https://dash.example",)), store=store, pipeline=pipeline)
    with make_client(app) as c:
        for endpoint in GETS:
            url = build(endpoint, base)
            ok = c.get(url, headers={"Origin": "https://dash.example"}, follow_redirects=False)
            TRIED["cors"] += 1
            assert ok.headers.get("access-control-allow-origin") == "https://dash.example", url
            assert "access-control-allow-credentials" not in ok.headers, url
            for origin in FOREIGN:
                other = c.get(url, headers={"Origin": origin}, follow_redirects=False)
                TRIED["cors"] += 1
                assert "access-control-allow-origin" not in other.headers, (url, origin)
        for method in ("POST", "PUT", "DELETE", "PATCH"):
            pre = c.options("/api/articles", headers={"Origin": "https://dash.example",
                                                      "Access-Control-Request-Method": method})
            TRIED["cors"] += 1
            assert pre.status_code == 400 and method not in pre.headers.get("access-control-allow-methods", ""), \
                (method, pre.status_code, pre.headers)
        pre = c.options("/api/stats", headers={"Origin": "https://dash.example", "Access-Control-Request-Method": "GET",
                                               "Access-Control-Request-Headers": "x-evil"})
        TRIED["cors"] += 1
        assert pre.status_code == 400
        pre = c.options("/api/stats", headers={"Origin": "https://dash.example",
                                               "Access-Control-Request-Method": "GET"})
        assert pre.status_code == 200 and "access-control-allow-credentials" not in pre.headers


# -- coverage --------------------------------------------------------------------------------------------------

def test_the_app_is_enumerated_whole():
    paths = {e.path for e in ENDPOINTS}
    assert {"/api/events", "/api/articles/{doc_id}", "/api/dyads/{a}/{b}", "/dyad/{a}/{b}", "/article/{doc_id}",
            "/actor/{key}", "/search", "/login"} <= paths
    assert any(p.name == "limit" for e in GETS for p in e.params)  # parameters of shared dependencies too
    assert [prefix for prefix, _ in MOUNTS] == ["/static"]
    unknown = sorted({p.name for e in GETS for p in e.params} - set(BASE) - {"event_id", "actor_id", "event",
                                                                              "mention"})
    assert unknown == [], f"give these parameters a valid value in BASE: {unknown}"


def test_report_what_was_tried(capsys):  # noqa: ANN001
    """Last in the file: the numbers of requests per family in this run (shown with -s)."""
    params = len(ATTACKED)
    with capsys.disabled():
        print(f"\nweb attacks: {len(ENDPOINTS)} endpoints ({len(GETS)} GET), {params} parameters "
              f"(with one unknown per GET route), {len(NAMED)} path parameters, {len(MOUNTS)} static mount; "
              f"payloads: {len(SQL)} SQL, {len(MALFORMED)} malformed, {len(XSS)} script, {len(TRAVERSAL)} + "
              f"{len(STATIC_TRAVERSAL)} traversal; requests: {dict(sorted(TRIED.items()))}, "
              f"total {sum(TRIED.values())}")
