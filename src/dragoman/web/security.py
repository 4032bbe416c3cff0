"""Safety at the edge: response headers (a Content-Security-Policy with no inline scripts), the request body
limit (413), and the tokens (constant-time comparison) for ingest and for private reads."""
from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dragoman.web.settings import Settings

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)
SESSION_COOKIE = "dragoman_session"
_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class LoginRequired(Exception):
    """A page was asked for while reads are private and the browser has no session."""


class SecurityHeaders:
    """Adds the headers above to every HTTP response (pages, API, static files, errors)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [(k, v) for k, v in HEADERS if k not in present]
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyLimit:
    """Refuses a request body over ``limit`` bytes with 413 and a JSON message: at once when Content-Length says
    so, else (chunked) as soon as the bytes read pass the limit. The body is read before the app sees it."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        length = _header(scope, b"content-length")
        if length is not None:
            if not length.isdigit():
                await _json(send, 400, "Bad Request", "invalid Content-Length")
                return
            if int(length) > self.limit:
                await _json(send, 413, "Payload Too Large", f"request body is over {self.limit:,} bytes")
                return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await _json(send, 413, "Payload Too Large", f"request body is over {self.limit:,} bytes")
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1").strip()
    return None


async def _json(send: Send, status: int, error: str, message: str) -> None:
    body = json.dumps({"status": status, "error": error, "message": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close"), *HEADERS]})
    await send({"type": "http.response.body", "body": body})


def no_nul(request: Request) -> None:
    """A NUL character in the path or the query string is refused (400) before any handler runs: no name, code,
    date or search term has one, and PostgreSQL refuses one in a bound string (which would be a 500)."""
    query = request.scope.get("query_string", b"")
    if "\x00" in request.scope.get("path", "") or b"\x00" in query or b"%00" in query:
        raise HTTPException(400, "NUL characters are not allowed in the path or the query")


# -- tokens ------------------------------------------------------------------------------------------------

def same(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison (of SHA-256 digests, so not even the length leaks)."""
    if not given or not expected:
        return False
    return hmac.compare_digest(hashlib.sha256(given.encode()).digest(), hashlib.sha256(expected.encode()).digest())


def bearer(headers: Any) -> str | None:
    value = headers.get("authorization") or ""
    scheme, _, token = value.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def session_value(token: str) -> str:
    """What the login cookie holds: derived from the token, never the token itself."""
    return hmac.new(token.encode(), b"dragoman read session v1", hashlib.sha256).hexdigest()


def read_tokens(settings: Settings) -> list[str]:
    return [t for t in (settings.token, settings.read_token) if t]


def can_read(settings: Settings, headers: Any, cookies: Any) -> bool:
    if not settings.private:
        return True
    given = bearer(headers)
    cookie = cookies.get(SESSION_COOKIE)
    return any(same(given, token) or same(cookie, session_value(token)) for token in read_tokens(settings))


def write_denial(settings: Settings, headers: Any, action: str = "ingest") -> tuple[int, str] | None:
    """None when the request may write (``action``: ingest, review); else (status, message): 401 without a token,
    403 with a wrong one or when the operator set no write token."""
    if not settings.token:
        return 403, f"{action} is disabled: the operator has set no API token (DRAGOMAN_API_TOKEN)"
    given = bearer(headers)
    if given is None:
        return 401, f"{action} needs a token: send 'Authorization: Bearer <token>'"
    if not same(given, settings.token):
        return 403, f"this token may not {action}"
    return None
