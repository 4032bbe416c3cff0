"""Word lists kept as TOML data files (clauses.toml, places.toml): read once, checked, lower-cased.

Stages that decide by a closed set of words load them here, so the words are data a user can read and change.
"""
from __future__ import annotations

import tomllib
from collections.abc import Sequence
from importlib import resources
from typing import Any


def data_table(file_name: str) -> dict[str, Any]:
    """The TOML file `dragoman/data/<file_name>`; bad TOML is an error naming the file."""
    text = resources.files("dragoman").joinpath("data").joinpath(file_name).read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{file_name}: {exc}") from exc


def lists_in(raw: dict[str, Any], file_name: str, names: Sequence[str], upper: bool = False
             ) -> dict[str, frozenset[str]]:
    """The named lists of a table read from `file_name`, lower-cased (upper-cased for codes); a missing list is an
    error naming the file."""
    missing = [k for k in names if not isinstance(raw.get(k), list)]
    if missing:
        raise ValueError(f"{file_name}: missing word list(s) {', '.join(missing)}")
    fold = str.upper if upper else str.lower
    return {k: frozenset(fold(str(w)) for w in raw[k]) for k in names}


def word_lists(file_name: str, names: Sequence[str]) -> dict[str, frozenset[str]]:
    """The named lists of `dragoman/data/<file_name>`; a missing list or bad TOML is an error naming the file."""
    return lists_in(data_table(file_name), file_name, names)
