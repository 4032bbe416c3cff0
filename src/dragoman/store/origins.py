"""Where a stored article came from, and whether a new version of it may replace it.

An article id names one input: the same id read again from the same file (edited, or its line moved) is a new
version of it; the same id from another file is another article, and replacing it would lose the first
silently. Origins are "path", "path:line" (JSON Lines), "path#n" (the nth record of a JSON list),
"<stdin>:line", or "api:<batch>#n" (POST /api/articles).
"""
from __future__ import annotations

import os
import re

API_PREFIX = "api:"
_RECORD = re.compile(r"(?:[:#]\d+)+$")  # ":12" of a JSON Lines line, "#3" of a JSON list item


def origin_file(origin: str) -> str:
    """The input an origin is part of: the file without its line or item number; every API batch is one."""
    base = _RECORD.sub("", origin) if origin else ""
    return "api" if base.startswith(API_PREFIX) else base


def same_input(stored: str | None, incoming: str | None) -> bool:
    """Whether two origins are the same input. Unknown origins (empty: stored before origins were kept, or
    written by a caller that gives none) never block an update. The same file named by another path (relative
    once, absolute later, or through a link) counts as the same while both paths reach it from here."""
    a, b = origin_file(stored or ""), origin_file(incoming or "")
    if not a or not b or a == b:
        return True
    if os.path.normpath(a) == os.path.normpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):  # a path that no longer exists, or one holding a NUL
        return False


def conflict_reason(doc_id: str, stored: str, incoming: str) -> str:
    """The failure message for an article refused because its id is taken by another input."""
    return (f"id {doc_id!r} is already stored from {stored}; not replaced by {incoming}, a different input "
            "(give one of them another id)")
