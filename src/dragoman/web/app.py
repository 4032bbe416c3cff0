"""The app factory: ``create_app(settings)`` builds the FastAPI app (REST API under /api, server-rendered pages,
static files) over one Store. Thin: every query is a dragoman.store call or a dragoman.web.reads function."""
from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from dragoman.options import Options
from dragoman.store import SchemaError, Store
from dragoman.web import api, pages, reads
from dragoman.web.assets import Assets
from dragoman.web.intake import Intake
from dragoman.web.security import HEADERS as SECURITY_HEADERS
from dragoman.web.security import BodyLimit, LoginRequired, SecurityHeaders, no_nul
from dragoman.web.settings import Settings

log = logging.getLogger("dragoman.web")
HERE = Path(str(resources.files("dragoman.web")))
NO_TELEMETRY = {"tracing": False, "metrics": False, "logs": False, "operation_spans": False,
                "auto_configure": False}
DESCRIPTION = """PLOVER political event data coded from English news, with every event traced to its sentences.

Reads are open unless the operator made them private (then send `Authorization: Bearer <token>`). Ingesting
(`POST /api/articles`) always needs the operator's token. Lists take `limit` and `offset` and answer
`{"items", "limit", "offset", "next_offset"}`; errors are `{"status", "error", "message"}`."""


def create_app(settings: Settings, *, store: Store | None = None, pipeline: Any = None,
               options: Options | None = None) -> FastAPI:
    """The web app. ``store``: an open Store to serve (tests share one); else ``settings.db`` is opened at
    start-up and closed at shutdown. ``pipeline``: a loaded dragoman.pipeline.Pipeline for POST /api/articles;
    else one is made from ``options`` (default Options()) on the first POST."""
    options = options or (pipeline.options if pipeline is not None else Options())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = app.state.store is None
        if own:
            app.state.store = Store.open(settings.db)
        app.state.intake = Intake(app.state.store, options, pipeline)
        try:
            yield
        finally:
            if own:
                app.state.store.close()
                app.state.store = None

    app = FastAPI(title=settings.title, version=_version(), description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json", telemetry=NO_TELEMETRY,
                  swagger_ui_oauth2_redirect_url=None, dependencies=[Depends(no_nul)])
    app.state.settings = settings
    app.state.store = store
    assets = Assets(HERE / "static")
    app.state.jinja = environment(assets)
    # corpus-wide aggregates: small ones, and whole networks (a few MB each at 100,000 events), kept apart
    app.state.aggregates = reads.Aggregates(settings.cache_seconds, size=256)
    app.state.networks = reads.Aggregates(settings.cache_seconds, size=8)
    app.state.codes = reads.CodeNames(options.data_dir, options.actor_files)  # names typed in forms -> codes
    if store is not None:  # usable without the lifespan too (TestClient without a with-block)
        app.state.intake = Intake(store, options, pipeline)

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", assets, name="static")
    _error_handlers(app)
    # outermost last: headers on everything, then the body limit, then CORS (closed unless origins are named)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET"],
                           allow_headers=["Authorization"], allow_credentials=False)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app


def environment(assets: Assets) -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True))
    env.globals["static"] = assets.url  # content-hashed URLs of static files
    env.filters["score"] = lambda v: "" if v is None else f"{v:+.1f}" if v else "0"
    env.globals.update(vendor=vendor_versions, types=reads.plover_types(), quad_names=reads.QUAD_NAMES,
                       names=reads.country_names())
    return env


def vendor_versions() -> dict[str, str]:
    """The front-end libraries copied by frontend/build.sh (empty when set-up has not run)."""
    path = HERE / "static" / "vendor" / "versions.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("dragoman")
    except Exception:  # noqa: BLE001 - not installed: a source checkout
        return "0"


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/api" or path == "/openapi.json"


def error_response(request: Request, status: int, message: str, details: Any = None,
                   headers: dict[str, str] | None = None) -> Response:
    error = _reason(status)
    # a 500 is answered outside the middleware stack: give it the security headers here
    headers = {**{k.decode(): v.decode() for k, v in SECURITY_HEADERS}, **(headers or {})}
    if wants_json(request):
        body: dict[str, Any] = {"status": status, "error": error, "message": message}
        if details is not None:
            body["details"] = details
        return JSONResponse(body, status_code=status, headers=headers)
    html = request.app.state.jinja.get_template("error.html").render(
        title=f"{status} {error}", status=status, error=error, message=message, settings=request.app.state.settings,
        request=request)
    return HTMLResponse(html, status_code=status, headers=headers)


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error_response(request, exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        details = [{"where": ".".join(str(p) for p in err.get("loc", ())), "message": err.get("msg", "")}
                   for err in exc.errors()]
        message = "; ".join(f"{d['where']}: {d['message']}" for d in details) or "invalid request"
        return error_response(request, 422, message, details)

    @app.exception_handler(ValueError)
    async def bad_value(request: Request, exc: ValueError) -> Response:
        return error_response(request, 400, str(exc).splitlines()[0] if str(exc) else "invalid value")

    @app.exception_handler(LoginRequired)
    async def login(request: Request, exc: LoginRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        from urllib.parse import quote

        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(SchemaError)
    async def schema(request: Request, exc: SchemaError) -> Response:
        return error_response(request, 503, str(exc))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("error serving %s", request.url.path)
        return error_response(request, 500, "internal error; the server log has the details")
