"""Fixtures for the store tests: a factory of ArticleResult records, and stores on both real backends.

Every test that takes ``store_url``/``store``/``open_store`` runs on SQLite (a temporary file) and on
PostgreSQL (a fresh schema of the server named by $DRAGOMAN_TEST_PG_URL; skipped when it is unset).
"""
from __future__ import annotations

import os
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
if str(SRC) not in sys.path:  # the package may not be installed into the environment yet
    sys.path.insert(0, str(SRC))


from dragoman.records import (Actor, Article, ArticleResult, Commitment, Event, Figure, Mention,  # noqa: E402
                              Party, Place, Span)
from dragoman.store import Store, StoreConfig, migrate  # noqa: E402
from dragoman.store.db import make_engine, resolve_url  # noqa: E402
from dragoman.store.write import write_batch  # noqa: E402

PG_ENV = "DRAGOMAN_TEST_PG_URL"

WORDS = ("minister delegation agreement border trade energy pipeline summit treaty security cooperation "
         "investment railway water dam harvest parliament election customs tariff migration labour bank loan "
         "grain port corridor mining uranium gold cotton aluminium hydropower tunnel highway airport cargo "
         "festival museum university scholarship hospital vaccine drought flood earthquake relief army drill "
         "exercise garrison patrol frontier smuggling narcotics court verdict appeal newspaper broadcast").split()

DUSHANBE = Place("Dushanbe", "TJK", 38.5598, 68.7870, "capital")
MOSCOW = Place("Moscow", "RUS", 55.7558, 37.6173, "capital")


def filler(seed: str, n: int = 60) -> str:
    """Distinct prose per seed, so unrelated test articles never look like near-duplicates."""
    rng = random.Random(seed)
    sentences = []
    for _ in range(max(1, n // 10)):
        words = [rng.choice(WORDS) for _ in range(10)]
        sentences.append(" ".join(words).capitalize() + ".")
    return " ".join(sentences)


@dataclass
class Ev:
    """What a test says about an event; make_result turns it into a records.Event inside the article text."""

    event: str = "CONSULT"
    actor: str | list[str] | None = "RUS"
    recipient: str | list[str] | None = "TJK"
    sentence: str | None = None
    date: str | None = None
    date_precision: str | None = None  # "week" makes date the Monday of a seven-day window
    date_text: str | None = None  # the words the date came from (None: the publication date stands in)
    place: Place | None = None
    actor_sector: str | None = "GOV"
    recipient_sector: str | None = "GOV"
    actor_name: str | None = None
    recipient_name: str | None = None
    quad_class: int = 1
    score: float = 1.0
    cameo: str = "040"
    mode: str | None = "meet"
    negated: bool = False
    hypothetical: bool = False
    background: bool = False
    context: list[str] = field(default_factory=list)


def _parties(codes, sector, name) -> list[Party]:  # noqa: ANN001
    if codes is None:
        return []
    codes = [codes] if isinstance(codes, str) else codes
    return [Party(code=c, sector=sector, name=name, text=c) for c in codes]


def make_result(doc_id: str, events: list[Ev] | None = None, *, date: str | None = "2025-10-09",
                source: str | None = "Outlet A", url: str | None = None, title: str | None = None,
                body: str | None = None, actors: list[Actor] | None = None, figures: bool = False,
                commitments: bool = False, origin: str | None = None) -> ArticleResult:
    """An ArticleResult whose text holds each event's sentence (offsets are real) plus distinct filler."""
    events = events or []
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    offset = 0
    for i, ev in enumerate(events):
        sentence = ev.sentence or f"{ev.actor} and {ev.recipient} officials held talks, report {i} of {doc_id}."
        spans.append((offset, offset + len(sentence), sentence))
        parts.append(sentence)
        offset += len(sentence) + 1
    text = "\n".join(parts + [body if body is not None else filler(doc_id)])
    records = []
    for ev, (start, end, sentence) in zip(events, spans):
        records.append(Event(
            event=ev.event, actor=_parties(ev.actor, ev.actor_sector, ev.actor_name),
            recipient=_parties(ev.recipient, ev.recipient_sector, ev.recipient_name),
            sentence=Span(start, end, sentence), trigger=Span(start, start + 3, sentence[:3]), pattern="test",
            mode=ev.mode, context=list(ev.context), negated=ev.negated, hypothetical=ev.hypothetical,
            background=ev.background, date=ev.date, date_text=ev.date_text, date_precision=ev.date_precision,
            place=ev.place, cameo=ev.cameo, quad_class=ev.quad_class,
            score=ev.score))
    article = Article(id=doc_id, text=text, title=title if title is not None else f"Story {doc_id}", date=date,
                      source=source, url=url, origin=origin or f"test:{doc_id}")
    result = ArticleResult(article=article, events=records, actors=list(actors or []))
    if figures:
        i = text.find("report") if "report" in text else 0
        result.figures.append(Figure(7.2e9, "USD", "money", Span(i, i + 6, text[i:i + 6]), "over", "investment"))
    if commitments:
        result.commitments.append(Commitment("2042", "until", "the base lease is extended", Span(0, 4, text[:4]),
                                             Span(0, 10, text[:10])))
    return result


def write_at_revision(store_url: str, revision: str, batches: list[list]) -> None:
    """A database at an older schema revision holding data: written at head by today's writer (which cannot write
    an older schema), then migrated down to ``revision``, which keeps every row."""
    engine = make_engine(resolve_url(store_url))
    try:
        migrate.upgrade(engine)
        for batch in batches:
            with engine.begin() as conn:
                write_batch(conn, batch, StoreConfig(raise_errors=True))
        migrate.downgrade(engine, revision)
        with engine.connect() as conn:
            assert migrate.current_revision(conn) == revision
    finally:
        engine.dispose()


def rahmon(text: str = "Emomali Rahmon") -> Actor:
    return Actor(key="person:emomali-rahmon", name="Emomali Rahmon", kind="person", code="TJK", sector="GOV",
                 role="President", aliases=["Rahmon"], mentions=[Mention(0, 5, text[:5], "person:emomali-rahmon")])


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request) -> str:  # noqa: ANN001
    if request.param == "postgresql" and not os.environ.get(PG_ENV):
        pytest.skip(f"{PG_ENV} is not set (scripts/pg-throwaway.sh start prints one)")
    return request.param


@pytest.fixture
def store_url(backend, request, tmp_path):  # noqa: ANN001
    """A URL of an empty database on the backend under test."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("fresh_pg_url")


@pytest.fixture
def open_store(store_url):  # noqa: ANN001
    """Open stores on the test database (each with its own config); all are closed at the end."""
    opened: list[Store] = []

    def _open(**config) -> Store:
        config.setdefault("raise_errors", True)
        store = Store.open(store_url, StoreConfig(**config))
        opened.append(store)
        return store

    yield _open
    for store in opened:
        store.close()


@pytest.fixture
def store(open_store) -> Store:  # noqa: ANN001
    return open_store()
