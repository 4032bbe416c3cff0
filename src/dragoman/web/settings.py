"""The web app's settings: one frozen object, built at the edge (``dragoman serve``, tests) and passed down."""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

TOKEN_ENV = "DRAGOMAN_API_TOKEN"  # the write token (POST /api/articles); also opens private reads
READ_TOKEN_ENV = "DRAGOMAN_READ_TOKEN"  # an optional token that opens private reads only
MIN_TOKEN_CHARS = 16


@dataclass(frozen=True)
class Settings:
    db: str | None = None  # SQLite path or URL, postgresql://...; None: $DRAGOMAN_DB, else ./dragoman.db
    token: str | None = None  # required to ingest (POST /api/articles); no token: ingest is disabled
    read_token: str | None = None  # with private reads: opens reads (pages and GET /api) but not writes
    private: bool = False  # reads need a token too (the API as Bearer, pages through /login)
    max_body_bytes: int = 8 * 1024 * 1024  # larger request bodies are refused with 413
    default_limit: int = 50  # rows per page of a list
    max_limit: int = 500  # a client may ask for at most this many rows at once
    max_offset: int = 100_000  # deeper pages are refused (narrow the filters instead)
    cors_origins: tuple[str, ...] = ()  # closed by default: no cross-origin reads
    cache_seconds: float = 10.0  # corpus-wide aggregates (statistics, networks) are reused this long; 0: never
    title: str = "Dragoman"

    def __post_init__(self) -> None:
        for name in ("token", "read_token"):
            value = getattr(self, name)
            if value is not None and len(value) < MIN_TOKEN_CHARS:
                raise ValueError(f"{name} must be at least {MIN_TOKEN_CHARS} characters")
        if self.private and not (self.token or self.read_token):
            raise ValueError("private reads need a token (set DRAGOMAN_API_TOKEN or DRAGOMAN_READ_TOKEN)")
        if self.max_body_bytes < 1024:
            raise ValueError("max_body_bytes must be at least 1024")
        if not 1 <= self.default_limit <= self.max_limit:
            raise ValueError("default_limit must be between 1 and max_limit")
        if self.cache_seconds < 0:
            raise ValueError("cache_seconds must be 0 or more")
        if any(o == "*" for o in self.cors_origins):
            raise ValueError("CORS origin '*' is not allowed: name the origins")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Tokens from the environment (never from the command line, where `ps` shows them)."""
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {"token": environ.get(TOKEN_ENV) or None,
                                     "read_token": environ.get(READ_TOKEN_ENV) or None}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
