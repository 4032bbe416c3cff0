"""Safety: untrusted text escaped, tokens (401/403), private reads, body limits (413), parameters bound (never
spliced into SQL), CORS closed, security headers everywhere."""
from __future__ import annotations

import re
from html import unescape
from urllib.parse import quote

import pytest

from dragoman.web import Settings, create_app, security

from .conftest import HOSTILE, READ_TOKEN, TOKEN, make_client

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def app_with(store, pipeline):  # noqa: ANN001
    """Apps over the shared corpus store with other settings (read-only use)."""
    clients = []

    def make(**settings):  # noqa: ANN003, ANN202
        client = make_client(create_app(Settings(**settings), store=store, pipeline=pipeline))
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.mark.model
class TestEscaping:
    def test_hostile_article_page_is_inert(self, client):  # noqa: ANN001
        html = client.get("/article/hostile-1").text
        tags = re.findall(r"<[a-zA-Z][^>]*>", html)
        assert not [t for t in tags if re.match(r"<(img|svg|b )", t) or re.search(r"\son\w+=", t)]
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert len(scripts) == 2
        assert re.fullmatch(r'<script src="/static/js/article\.[0-9a-f]{10}\.js">', scripts[0])
        assert re.fullmatch(r'<script src="/static/js/review\.[0-9a-f]{10}\.js">', scripts[1])
        assert "&lt;script&gt;window.__xss = &#39;body&#39;&lt;/script&gt;" in html
        assert "&lt;img src=x onerror=" in html and "&lt;/script&gt;&lt;svg onload=alert(1)&gt;" in html
        assert 'href="javascript:' not in html and "javascript:" not in "".join(tags)
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert "<" not in title and unescape(title).startswith(HOSTILE["title"])
        assert "&lt;b onmouseover=" in html  # the source

    def test_hostile_article_everywhere_it_is_shown(self, client, store):  # noqa: ANN001
        events = [e for e in store.events(limit=None, sources=True)
                  if any(s["article"] == "hostile-1" for s in e["sources"])]
        assert events, "the hostile article's events were coded"
        pages = ["/articles", f"/event/{events[0]['id']}", "/search?q=Evil+Wire", "/search?q=summit",
                 f"/dyad/{events[0]['actor_code']}/{events[0]['recipient_code'] or events[0]['actor_code']}"]
        for path in pages:
            html = client.get(path).text
            tags = re.findall(r"<[a-zA-Z][^>]*>", html)
            assert not [t for t in tags if re.match(r"<(img|svg)", t) or re.search(r"\son\w+=", t)], path
            assert "javascript:" not in "".join(tags), path

    def test_reflected_parameters_are_escaped(self, client):  # noqa: ANN001
        probe = "<script>alert(1)</script>"
        for path in (f"/search?q={probe}", f"/article/{probe}", f"/events?actor={probe}",
                     f"/dyad/RUS/TJK?since={probe}", f"/login?next={probe}"):
            html = client.get(path).text
            assert probe not in html and "<script>alert" not in html, path
        login = client.get("/login?next=//evil.example/x").text
        assert 'name="next" value="/"' in login
        assert client.get(f"/api/articles/{probe}").json()["message"] == f"no article {probe!r}"  # JSON, not HTML

    def test_embedded_json_cannot_close_its_script(self, client):  # noqa: ANN001
        html = client.get("/network").text
        for block in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.S):
            assert "<" not in block and ">" not in block


@pytest.mark.model
class TestTokens:
    def test_ingest_needs_the_token(self, client):  # noqa: ANN001
        doc = {"id": "t", "text": "Russia met Tajikistan."}
        missing = client.post("/api/articles", json=doc)
        assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
        assert missing.json()["message"].startswith("ingest needs a token")
        wrong = client.post("/api/articles", json=doc, headers={"Authorization": f"Bearer {TOKEN}x"})
        assert wrong.status_code == 403 and wrong.json()["error"] == "Forbidden"
        assert client.post("/api/articles", json=doc, headers={"Authorization": f"Basic {TOKEN}"}).status_code == 401

    def test_no_token_set_means_no_ingest(self, app_with):  # noqa: ANN001
        c = app_with()
        r = c.post("/api/articles", json={"id": "t", "text": "x"}, headers=AUTH)
        assert r.status_code == 403 and "disabled" in r.json()["message"]

    def test_read_token_cannot_ingest(self, app_with):  # noqa: ANN001
        c = app_with(token=TOKEN, read_token=READ_TOKEN, private=True)
        r = c.post("/api/articles", json={"id": "t", "text": "x"}, headers={"Authorization": f"Bearer {READ_TOKEN}"})
        assert r.status_code == 403

    def test_tokens_are_compared_in_constant_time(self, client, monkeypatch):  # noqa: ANN001
        calls = []
        real = security.hmac.compare_digest
        monkeypatch.setattr(security.hmac, "compare_digest", lambda a, b: calls.append((a, b)) or real(a, b))
        client.post("/api/articles", json={"id": "t", "text": "x"}, headers={"Authorization": "Bearer nope"})
        assert calls and all(len(a) == len(b) == 32 for a, b in calls)  # digests: not even the length leaks

    def test_settings_refuse_weak_configurations(self):
        with pytest.raises(ValueError):
            Settings(token="short")
        with pytest.raises(ValueError):
            Settings(private=True)
        with pytest.raises(ValueError):
            Settings(cors_origins=("*",))


@pytest.mark.model
class TestPrivateReads:
    def test_api_needs_a_bearer_token(self, app_with):  # noqa: ANN001
        c = app_with(token=TOKEN, read_token=READ_TOKEN, private=True)
        r = c.get("/api/stats")
        assert r.status_code == 401 and r.json()["message"].startswith("reads are private")
        assert c.get("/api/stats", headers={"Authorization": f"Bearer {READ_TOKEN}"}).status_code == 200
        assert c.get("/api/stats", headers=AUTH).status_code == 200
        assert c.get("/api/events", headers={"Authorization": "Bearer wrong-token-000000"}).status_code == 401
        assert c.get("/openapi.json").status_code == 200  # the schema describes, it holds no data

    def test_pages_need_a_session(self, app_with):  # noqa: ANN001
        c = app_with(token=TOKEN, read_token=READ_TOKEN, private=True)
        r = c.get("/dyad/RUS/TJK?by=year", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login?next=%2Fdyad%2FRUS%2FTJK%3Fby%3Dyear"
        assert c.get("/docs", follow_redirects=False).status_code == 303
        assert c.get("/static/css/app.css").status_code == 200
        bad = c.post("/login", data={"token": "wrong", "next": "/dyad/RUS/TJK"}, follow_redirects=False)
        assert bad.status_code == 401 and "not valid" in bad.text
        ok = c.post("/login", data={"token": READ_TOKEN, "next": "/dyad/RUS/TJK"}, follow_redirects=False)
        assert ok.status_code == 303 and ok.headers["location"] == "/dyad/RUS/TJK"
        cookie = ok.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
        assert READ_TOKEN not in cookie
        assert c.get("/dyad/RUS/TJK").status_code == 200  # the client keeps the cookie
        assert c.get("/api/stats").status_code == 200
        c.post("/logout")
        assert c.get("/", follow_redirects=False).status_code == 303

    def test_open_redirects_are_refused(self, app_with):  # noqa: ANN001
        c = app_with(token=TOKEN, private=True)
        for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
            r = c.post("/login", data={"token": TOKEN, "next": target}, follow_redirects=False)
            assert r.headers["location"] == "/", target


@pytest.mark.model
class TestBodyLimit:
    def test_oversized_bodies_get_413(self, app_with):  # noqa: ANN001
        c = app_with(token=TOKEN, max_body_bytes=4096)
        big = {"id": "big", "text": "word " * 2000}
        r = c.post("/api/articles", json=big, headers=AUTH)
        assert r.status_code == 413 and r.json() == {"status": 413, "error": "Payload Too Large",
                                                     "message": "request body is over 4,096 bytes"}
        unauthenticated = c.post("/api/articles", json=big)
        assert unauthenticated.status_code == 413  # refused before anything reads it

        def chunks():  # no Content-Length: chunked transfer
            for _ in range(10):
                yield b"x" * 1000

        chunked = c.post("/api/articles", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
        assert chunked.status_code == 413
        assert c.post("/api/articles", content=b"[]", headers={**AUTH, "Content-Type": "application/json",
                                                               "Content-Length": "nope"}).status_code == 400

    def test_too_many_articles_get_413(self, client):  # noqa: ANN001
        r = client.post("/api/articles", json=[{"id": str(i), "text": "x"} for i in range(201)], headers=AUTH)
        assert r.status_code == 413 and "at most 200" in r.json()["message"]


@pytest.mark.model
class TestParametersAreBound:
    ATTACKS = ("' OR '1'='1", "RUS'; DROP TABLE events; --", '" OR ""="', "%' OR 1=1 --", "1; DELETE FROM articles",
               'NEAR("a" "b") OR *', "\x00", "') UNION SELECT doc_id, text FROM articles --")

    def test_injection_through_every_parameter(self, client, store):  # noqa: ANN001
        before = store.stats()
        for attack in self.ATTACKS:
            for path, params in (("/api/events", {"actor": attack}), ("/api/events", {"type": attack}),
                                 ("/api/events", {"since": attack}), ("/api/actors", {"name": attack}),
                                 ("/api/articles", {"source": attack}), ("/api/search", {"q": attack}),
                                 ("/search", {"q": attack}), ("/events", {"actor": attack}),
                                 ("/articles", {"source": attack}), ("/network", {"type": attack})):
                r = client.get(path, params=params)
                assert r.status_code in (200, 400, 422), (path, attack, r.status_code, r.text[:200])
                if path in ("/api/events", "/api/articles") and r.status_code == 200:  # exact-match filters
                    assert r.json()["items"] == [], (path, attack)
            quoted = quote(attack, safe="")
            for path in (f"/api/articles/{quoted}", f"/article/{quoted}", f"/api/dyads/{quoted}/TJK"):
                assert client.get(path).status_code in (400, 404, 422), (path, attack)  # 400: a NUL
        assert store.stats() == before

    def test_name_filter_is_a_literal_substring(self, client):  # noqa: ANN001
        # LIKE wildcards in the name are escaped (store.queries.actors: contains(..., autoescape=True))
        for wildcard in ("%", "_", "%%", "Vladimir%Putin", "Vladimir_Putin", "\\"):
            assert client.get("/api/actors", params={"name": wildcard}).json()["items"] == [], wildcard
        assert client.get("/api/actors", params={"name": "putin"}).json()["items"][0]["name"] == "Vladimir Putin"


@pytest.mark.model
class TestHeadersAndCors:
    def test_security_headers_on_every_kind_of_response(self, client):  # noqa: ANN001
        for path in ("/", "/api/stats", "/static/css/app.css", "/api/nothing", "/nothing", "/docs"):
            r = client.get(path)
            assert r.headers["content-security-policy"] == security.CSP, path
            assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"
            assert "server" not in r.headers or "uvicorn" not in r.headers["server"]

    def test_cors_is_closed_by_default(self, client):  # noqa: ANN001
        r = client.get("/api/stats", headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in r.headers
        pre = client.options("/api/stats", headers={"Origin": "https://elsewhere.example",
                                                    "Access-Control-Request-Method": "GET"})
        assert "access-control-allow-origin" not in pre.headers

    def test_cors_opens_only_to_named_origins(self, app_with):  # noqa: ANN001
        c = app_with(cors_origins=("https://dash.example",))
        ok = c.get("/api/stats", headers={"Origin": "https://dash.example"})
        assert ok.headers["access-control-allow-origin"] == "https://dash.example"
        other = c.get("/api/stats", headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers

    def test_server_errors_are_json_with_headers(self, store, pipeline, monkeypatch):  # noqa: ANN001
        c = make_client(create_app(Settings(), store=store, pipeline=pipeline))
        monkeypatch.setattr(type(store), "stats", lambda self: 1 / 0)
        r = c.get("/api/stats")
        assert r.status_code == 500 and r.json()["message"].startswith("internal error")
        assert "ZeroDivision" not in r.text and r.headers["content-security-policy"] == security.CSP
        page = c.get("/")
        assert page.status_code == 500 and "internal error" in page.text


def test_serve_binds_to_localhost_by_default():
    from dragoman.cli import build_parser
    from dragoman.cli.web import settings_from

    args = build_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1" and args.port == 8000 and not args.private
    settings = settings_from(args, environ={"DRAGOMAN_API_TOKEN": TOKEN})
    assert settings.token == TOKEN and settings.cors_origins == () and settings.read_token is None
    with pytest.raises(ValueError):
        settings_from(build_parser().parse_args(["serve", "--private"]), environ={})


def test_serve_fails_cleanly_without_a_database(capsys):  # noqa: ANN001
    from dragoman.cli import main

    assert main(["serve", "--db", "postgresql://nobody@127.0.0.1:1/none"]) == 1
    assert capsys.readouterr().err.startswith("dragoman serve: error: ")
