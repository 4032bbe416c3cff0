"""The pipeline: articles in, ArticleResults out, streaming over nlp.pipe batches.

Stages, each its own module: readers -> nlp -> actors -> events (+ dates, places) -> figures -> commitments.
The coding stages are the spaCy components of dragoman.components, made by their factories from the same config a
user's pipeline would give them, and run after parsing once the article's publication date is on the Doc.
Per-article error policy: with Options.raise_errors the first failure raises (tests); otherwise it becomes an
InputError naming the article and the reason, and the batch goes on.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from dragoman.components import load_resources
from dragoman.language import LanguageDetector
from dragoman.nlp import load_model
from dragoman.options import Options
from dragoman.records import Article, ArticleResult, InputError
from dragoman.timeouts import time_limit


class Pipeline:
    """Loads the NLP model and the knowledge files once; processes any number of articles."""

    def __init__(self, options: Options | None = None, nlp=None) -> None:
        self.options = options or Options()
        self.nlp = nlp if nlp is not None else load_model(self.options.model, self.options.max_article_chars,
                                                            self.options.max_sentence_tokens)
        data_dir = str(self.options.data_dir) if self.options.data_dir else None
        actor_files = [str(f) for f in self.options.actor_files]
        self.stages = make_stages(self.nlp, data_dir, actor_files)
        resources = load_resources(data_dir, tuple(actor_files))
        self.knowledge, self.gazetteer, self.units = resources.knowledge, resources.gazetteer, resources.units
        self.book = resources.book
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
        """Run the coding components on one parsed article, dated by its publication date."""
        doc._.published = article.date
        for stage in self.stages:
            doc = stage(doc)
        return ArticleResult(article=article, actors=doc._.actors, events=doc._.events, figures=doc._.figures,
                             commitments=doc._.commitments)


def stage_configs(data_dir: str | None, actor_files: list[str]) -> dict[str, dict]:
    """The config of each coding component, as a config.cfg would give it."""
    shared = {"data_dir": data_dir, "actor_files": actor_files}
    return {"dragoman_actors": shared, "dragoman_events": shared, "dragoman_figures": {"data_dir": data_dir},
            "dragoman_commitments": {}}


def make_stages(nlp: Language, data_dir: str | None, actor_files: list[str]) -> list:
    """The coding components, made by their spaCy factories but kept out of ``nlp``, which stays a parser."""
    return [nlp.create_pipe(name, config=config) for name, config in stage_configs(data_dir, actor_files).items()]
