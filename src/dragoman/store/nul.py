"""NUL characters out of everything the store writes: PostgreSQL refuses them in text (SQLite keeps them), so one
NUL in a record's URL used to fail that record on one backend only. The readers already drop them at the edge;
this keeps the store safe from any other caller.

Metadata (id, title, date, source, URL, origin) loses its NULs; the text and everything read from it (sentences,
names, figures) has each NUL replaced by U+FFFD, one character for one, so every offset stays true.
"""
from __future__ import annotations

import dataclasses
from typing import Any

from dragoman.records import Article, ArticleResult, InputError

NUL, REPLACEMENT = "\x00", "\ufffd"


def strip(value: str | None) -> str | None:
    return value.replace(NUL, "") if value and NUL in value else value


def _replaced(value: Any) -> Any:
    """The value with NUL replaced in every string inside it (dataclasses, lists, tuples, dicts); the very same
    object when it holds none, so clean records cost a walk and no copy."""
    if isinstance(value, str):
        return value.replace(NUL, REPLACEMENT) if NUL in value else value
    if isinstance(value, (list, tuple)):
        items = [_replaced(v) for v in value]
        return value if all(a is b for a, b in zip(items, value)) else type(value)(items)
    if isinstance(value, dict):
        pairs = {_replaced(k): _replaced(v) for k, v in value.items()}
        same = len(pairs) == len(value) and all(k in value and value[k] is v for k, v in pairs.items())
        return value if same else pairs
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            if f.init:
                old = getattr(value, f.name)
                new = _replaced(old)
                if new is not old:
                    changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value


def clean_article(article: Article) -> Article:
    metadata = {name: strip(getattr(article, name)) for name in ("id", "title", "date", "source", "url", "origin")}
    if all(metadata[name] is getattr(article, name) for name in metadata) and NUL not in article.text:
        extra = _replaced(article.extra)
        return article if extra is article.extra else dataclasses.replace(article, extra=extra)
    return dataclasses.replace(_replaced(article), **metadata)


def clean(item: ArticleResult | Article | InputError) -> ArticleResult | Article | InputError:
    """A batch item as the store writes it: without NUL characters."""
    if isinstance(item, InputError):
        return InputError(strip(item.origin) or "", strip(item.reason) or "", strip(item.article_id))
    if isinstance(item, Article):
        return clean_article(item)
    article = clean_article(item.article)
    result = _replaced(item)
    if article is item.article and result is item:
        return item
    return dataclasses.replace(result, article=article)
