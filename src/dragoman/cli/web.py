"""`dragoman serve`: the web app (FastAPI under uvicorn) over the event store. ``register(subparsers,
common_parent)`` adds it to the main CLI. Tokens come from the environment (DRAGOMAN_API_TOKEN,
DRAGOMAN_READ_TOKEN), never from the command line, where `ps` would show them."""
from __future__ import annotations

import argparse
import ipaddress
import sys
from typing import Any

EXIT_ERROR = 1


def register(subparsers: argparse._SubParsersAction, common_parent: argparse.ArgumentParser | None = None) -> None:
    # the common (pipeline) options give the spaCy model used for POST /api/articles
    parents = [common_parent] if common_parent is not None else []
    p = subparsers.add_parser(
        "serve", parents=parents, conflict_handler="resolve",
        help="Serve the web app and REST API over the event store",
        description="Serve the web pages and the REST API (OpenAPI at /docs) over the event store. Set "
                    "DRAGOMAN_API_TOKEN to allow ingesting through POST /api/articles; --private makes reads "
                    "need a token too (DRAGOMAN_READ_TOKEN for a read-only one).")
    p.add_argument("--db", metavar="URL", default=None,
                   help="SQLite path or URL, or postgresql://...; default $DRAGOMAN_DB, else ./dragoman.db")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--private", action="store_true", help="reads need a token too (API: Bearer; pages: sign in)")
    p.add_argument("--max-body", type=int, default=None, metavar="BYTES",
                   help="largest request body accepted (default 8 MiB); larger ones get 413")
    p.add_argument("--cors-origin", action="append", default=[], metavar="ORIGIN",
                   help="allow cross-origin GET requests from this origin (repeatable; none by default)")
    p.add_argument("--cache-seconds", type=float, default=None, metavar="SECONDS",
                   help="reuse corpus-wide figures (statistics, networks) this long (default 10; 0: never)")
    p.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"))
    p.set_defaults(func=cmd_serve)


def settings_from(args: argparse.Namespace, environ: Any = None) -> Any:
    """The web Settings, built here at the edge."""
    from dragoman.web.settings import Settings

    return Settings.from_env(environ, db=args.db, private=args.private, max_body_bytes=args.max_body,
                             cors_origins=tuple(args.cors_origin) or None, cache_seconds=args.cache_seconds)


def options_from(args: argparse.Namespace) -> Any:
    """The pipeline Options for POST /api/articles, from the main CLI's common options when present."""
    from dragoman.cli.store import options_from_args

    return options_from_args(args)


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        settings = settings_from(args)
    except ValueError as exc:
        print(f"dragoman serve: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if not _loopback(args.host) and not settings.private:
        print(f"dragoman serve: warning: binding {args.host} makes the data readable from the network; "
              "use --private to require a token", file=sys.stderr)
    import uvicorn

    from sqlalchemy.exc import SQLAlchemyError

    from dragoman.store import SchemaError, Store
    from dragoman.web import create_app

    try:
        # here, so a bad URL or schema fails before the server starts; without a token nothing is ingested, so the
        # database must exist and is opened read-only (a mistyped path is an error, not a new empty database)
        store = Store.open(settings.db, read_only=not settings.token)
    except (SchemaError, SQLAlchemyError, ValueError, OSError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(f"dragoman serve: error: {message}", file=sys.stderr)
        return EXIT_ERROR
    with store:
        app = create_app(settings, store=store, options=options_from(args))
        print(f"dragoman: serving {store!r} {'with ingest' if settings.token else 'read-only'}"
              f"{', private' if settings.private else ''} on http://{_hostport(args.host, args.port)}/",
              file=sys.stderr)
        config = uvicorn.Config(app, host=args.host, port=args.port, log_level=args.log_level,
                                server_header=False, proxy_headers=False)
        server = uvicorn.Server(config)
        server.run()
        if not server.started:  # the port was taken, or the address is not ours
            return EXIT_ERROR
    return 0


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _hostport(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
