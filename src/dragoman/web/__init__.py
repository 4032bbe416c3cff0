"""The web app: a REST API under /api and server-rendered pages over the event store.

    from dragoman.web import Settings, create_app
    app = create_app(Settings(db="dragoman.db"))          # serve with uvicorn; `dragoman serve` does

See docs/web.md. Everything the app shows comes from dragoman.store queries (and dragoman.web.reads).
"""
from dragoman.web.app import create_app
from dragoman.web.settings import Settings

__all__ = ["create_app", "Settings"]
