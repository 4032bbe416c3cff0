"""The one options object, built once at the edge (CLI, API) and passed down to every stage."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MODELS = ("md", "sm")


@dataclass(frozen=True)
class Options:
    model: str = "md"  # which spaCy English pipeline: md (en_core_web_md 3.7.1) or sm (en_core_web_sm 3.8.0)
    batch_size: int = 16  # articles per nlp.pipe batch
    default_date: str | None = None  # publication date for inputs that carry none (YYYY-MM-DD)
    max_article_chars: int = 2_000_000  # longer articles are rejected with an error
    max_sentence_tokens: int = 400  # longer runs are split before parsing
    max_article_tokens: int = 50_000  # more is refused before parsing (parsing memory grows ~17 MB per 1,000 words)
    max_word_chars: int = 2_000  # a longer run without a space is refused before parsing (the longest URLs pass)
    max_worker_memory_mb: int | None = 2_048  # data-segment ceiling of each --workers process (None: none)
    data_dir: Path | None = None  # override the bundled knowledge files
    actor_files: tuple[Path, ...] = field(default_factory=tuple)  # user actors files with date-bounded roles
    include_hypothetical: bool = True  # report negated / hypothetical events (flagged), or drop them
    skip_non_english: bool = True  # articles detected as another language are reported as skipped, not coded
    article_timeout: float | None = 60.0  # seconds of parsing and extraction per article in batch runs (None: none)
    raise_errors: bool = False  # tests raise; batch runs record, count and continue

    def __post_init__(self) -> None:
        if self.model not in MODELS:
            raise ValueError(f"unknown model {self.model!r}; choose one of {', '.join(MODELS)}")
        if self.batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        for name in ("max_article_tokens", "max_word_chars", "max_sentence_tokens"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.max_worker_memory_mb is not None and self.max_worker_memory_mb < 1:
            raise ValueError("max_worker_memory_mb must be at least 1, or None for no ceiling")
