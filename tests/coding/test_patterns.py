"""The event pattern files: format checks and what the loader refuses."""
from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from dragoman.coding.patterns import PLOVER_TYPES, PatternBook, PatternError


def test_bundled_patterns_cover_every_plover_type_with_unique_ids():
    book = PatternBook.load()
    ids = [p.id for p in book.patterns]
    assert len(ids) == len(set(ids))
    assert {p.event for p in book.patterns} == set(PLOVER_TYPES)
    assert set(book.types) == set(PLOVER_TYPES)
    assert all(1 <= info.quad <= 4 and -10 <= info.score <= 10 for info in book.types.values())


def test_phrasal_verbs_and_multiword_nouns_are_indexed():
    book = PatternBook.load()
    assert any(particle == "on" for _, particle in book.by_verb["call"])
    assert any(words == ("hunger", "strike") for _, words in book.by_noun["strike"])


def _copy_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    for name in ("events.toml", "plover.toml"):
        shutil.copy(resources.files("dragoman").joinpath("data").joinpath(name), data / name)
    return data


def test_unknown_event_type_is_refused(tmp_path):
    data = _copy_data(tmp_path)
    with open(data / "events.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[[pattern]]\nid = "bad"\nevent = "HUG"\nverbs = ["hug"]\n')
    with pytest.raises(PatternError, match="HUG"):
        PatternBook.load(data)


def test_broken_toml_is_refused(tmp_path):
    data = _copy_data(tmp_path)
    (data / "events.toml").write_text("[[pattern]\nid = ", encoding="utf-8")
    with pytest.raises(PatternError):
        PatternBook.load(data)
