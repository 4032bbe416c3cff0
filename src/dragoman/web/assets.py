"""Static files with content-hashed names, gzip and long cache lifetimes.

Templates ask ``static("css/app.css")`` for a URL such as ``/static/css/app.3f9a1c0e2b.css``: the name carries
a hash of the content, so the browser may keep it a year (``immutable``) and a changed file gets a new URL.
The plain name still answers (for bookmarks and libraries that load siblings), with ``no-cache`` and an ETag.
Text files go out gzipped to clients that accept it. Files are read and compressed once, on first request.
"""
from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from starlette.responses import PlainTextResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

HASHED = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{10})(?P<ext>\.[A-Za-z0-9]+)$")
IMMUTABLE = "public, max-age=31536000, immutable"
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")
MIN_GZIP = 256  # smaller bodies gain nothing from compression


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes | None
    media_type: str
    digest: str  # the first 10 hex digits of the SHA-256 of the content


class Assets(StaticFiles):
    """The ASGI app mounted at /static, and ``url(path)`` for templates. One per app. A StaticFiles (its
    ``directory`` is the root) whose responses are served from memory, hashed names and gzip added."""

    def __init__(self, root: Path, prefix: str = "/static") -> None:
        super().__init__(directory=root)
        self.root = root.resolve()
        self.prefix = prefix
        self._loaded: dict[str, Asset] = {}
        self._lock = threading.Lock()

    def url(self, path: str) -> str:
        """The content-hashed URL of a file under the root (the plain URL if the file is missing)."""
        asset = self._get(path)
        if asset is None:
            return f"{self.prefix}/{path}"
        stem, dot, ext = path.rpartition(".")
        return f"{self.prefix}/{stem}.{asset.digest}.{ext}" if dot else f"{self.prefix}/{path}"

    def _get(self, path: str) -> Asset | None:
        """The file's content, read once; only files that exist are kept (a request for a made-up name must
        not grow the cache)."""
        with self._lock:
            if path in self._loaded:
                return self._loaded[path]
        asset = self._load(path)
        if asset is not None:
            with self._lock:
                self._loaded[path] = asset
        return asset

    def _load(self, path: str) -> Asset | None:
        if not path or path.startswith("/") or "\\" in path or any(p in ("", ".", "..") for p in path.split("/")):
            return None
        try:
            file = (self.root / path).resolve()
            if not file.is_relative_to(self.root) or not file.is_file():
                return None
            body = file.read_bytes()
        except (OSError, ValueError):  # a name too long for the file system, a NUL byte
            return None
        media_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if media_type.startswith("text/") or media_type == "application/javascript":
            media_type += "; charset=utf-8"
        gzipped = (gzip.compress(body, 9, mtime=0)
                   if len(body) >= MIN_GZIP and media_type.startswith(COMPRESSIBLE) else None)
        return Asset(body, gzipped, media_type, hashlib.sha256(body).hexdigest()[:10])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        if scope["method"] not in ("GET", "HEAD"):
            await PlainTextResponse("Method Not Allowed", 405, headers={"Allow": "GET, HEAD"})(scope, receive, send)
            return
        path = scope["path"][len(scope.get("root_path", "")):] if scope["path"].startswith(
            scope.get("root_path", "") + "/") else scope["path"]
        path = path.lstrip("/")
        if path.startswith(self.prefix.lstrip("/") + "/"):
            path = path[len(self.prefix):]
        path = path.lstrip("/")
        asset, cache = self._get(path), "no-cache"
        match = HASHED.match(path)
        if asset is None and match:
            plain = match["stem"] + match["ext"]
            found = self._get(plain)
            if found is not None and found.digest == match["hash"]:
                asset, cache = found, IMMUTABLE
        if asset is None:
            await PlainTextResponse("Not Found", 404)(scope, receive, send)
            return
        headers = {"Cache-Control": cache, "ETag": f'"{asset.digest}"', "Vary": "Accept-Encoding"}
        request_headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if request_headers.get("if-none-match") == f'"{asset.digest}"':
            await Response(status_code=304, headers=headers)(scope, receive, send)
            return
        body = asset.body
        if asset.gzipped is not None and "gzip" in request_headers.get("accept-encoding", ""):
            body = asset.gzipped
            headers["Content-Encoding"] = "gzip"
        response = Response(body if scope["method"] == "GET" else b"", media_type=asset.media_type, headers=headers)
        response.headers["Content-Length"] = str(len(body))
        await response(scope, receive, send)
