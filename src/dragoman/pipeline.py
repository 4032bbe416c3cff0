"""The pipeline: articles in, ArticleResults out, streaming over nlp.pipe batches.

Stages, each its own module: readers -> nlp -> actors -> events (+ dates, places) -> figures -> commitments.
The coding stages are the spaCy components of dragoman.components, made by their factories from the same config a
user's pipeline would give them, and run after parsing once the article's publication date is on the Doc.
Per-article error policy: with Options.raise_errors the first failure raises (tests); otherwise it becomes an
InputError naming the article and the reason, and the batch goes on.
"""
from __future__ import annotations

import itertools
import time
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from dragoman.components import load_resources
from dragoman.io.language import LanguageDetector
from dragoman.nlp import load_model, parse_cost_problem
from dragoman.options import Options
from dragoman.records import Article, ArticleResult, InputError
from dragoman.scale.timeouts import memory_ceiling_mb, time_limit


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
        """Process a single article, raising on failure (ValueError for one over the parsing limits)."""
        reason = parse_cost_problem(self.nlp.tokenizer, article.text, self.options.max_article_tokens,
                                    self.options.max_word_chars)
        if reason is not None:
            raise ValueError(reason)
        doc = self.nlp(article.text)
        return self.analyse(article, doc)

    def _process_batch(self, batch: list[Article | InputError]) -> Iterator[ArticleResult | InputError]:
        if self.options.skip_non_english:
            batch = [self._check_language(item) for item in batch]
        batch = [self._check_cost(item) for item in batch]
        articles = [a for a in batch if isinstance(a, Article)]
        docs = self._parse(articles)
        for item in batch:
            if isinstance(item, InputError):
                yield item
                continue
            doc, parse_seconds = docs[id(item)]
            if isinstance(doc, Exception):
                yield InputError(item.origin or item.id, f"parsing failed: {self._describe(doc)}", item.id)
                continue
            try:
                with time_limit(*self._extraction_limit(item, parse_seconds)):
                    result = self.analyse(item, doc)
                yield result
            except Exception as exc:
                if self.options.raise_errors:
                    raise
                yield InputError(item.origin or item.id, f"extraction failed: {self._describe(exc)}", item.id)

    def _parse(self, articles: list[Article]) -> dict[int, tuple[Doc | Exception, float]]:
        """Each article's Doc (or why it could not be parsed) and the seconds its parsing took. The batch is
        parsed together within one article's time limit; when that fails (an error, the limit, memory), each
        article is parsed alone under its own limit, so only the article at fault fails."""
        limit = None if self.options.raise_errors else self.options.article_timeout
        docs: dict[int, tuple[Doc | Exception, float]] = {}
        started = time.monotonic()
        try:
            with time_limit(limit, "parsing a batch"):
                parsed = list(self.nlp.pipe((a.text for a in articles), batch_size=len(articles) or 1))
            share = (time.monotonic() - started) / (len(articles) or 1)
            return {id(article): (doc, share) for article, doc in zip(articles, parsed)}
        except Exception as exc:  # one bad text must not sink the batch: parse one by one
            if self.options.raise_errors:
                raise
            del exc
        for article in articles:
            started = time.monotonic()
            try:
                with time_limit(limit, f"{article.id}, parsing"):
                    docs[id(article)] = (self.nlp(article.text), time.monotonic() - started)
            except Exception as inner:  # noqa: BLE001 - recorded per article
                docs[id(article)] = (inner, time.monotonic() - started)
        return docs

    def _extraction_limit(self, article: Article, parse_seconds: float) -> tuple[float | None, str]:
        """The article's time limit less what its parsing took: parsing and extraction share one limit."""
        limit = self.options.article_timeout
        if self.options.raise_errors or not limit:
            return None, article.id
        left = max(round(limit - parse_seconds, 1), min(1.0, limit))
        return left, article.id if left >= limit else f"{article.id}, with {parse_seconds:.1f} s of parsing"

    def _describe(self, exc: Exception) -> str:
        """A failure as the error message gives it; running out of memory names the ceiling that was hit."""
        ceiling = memory_ceiling_mb() if isinstance(exc, MemoryError) else None
        if ceiling is not None:
            return f"MemoryError: over this worker's memory ceiling of {ceiling:,} MB (Options.max_worker_memory_mb)"
        return f"{type(exc).__name__}: {exc}"

    def _check_cost(self, item: Article | InputError) -> Article | InputError:
        """An article whose parsing would cost more than one article may (too many tokens, a huge run without a
        space) is refused before parsing, with the limit it breaks."""
        if isinstance(item, InputError):
            return item
        reason = parse_cost_problem(self.nlp.tokenizer, item.text, self.options.max_article_tokens,
                                    self.options.max_word_chars)
        return item if reason is None else InputError(item.origin or item.id, reason, item.id)

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
