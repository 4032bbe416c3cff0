"""Near-duplicate articles (wire copies reprinted by several outlets): MinHash signatures of word shingles
(datasketch), banded for locality-sensitive hashing in the ``article_bands`` table, so the index lives in the
database, inside the same transactions as the articles, and is shared by every process that writes."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date

import numpy as np
from datasketch import MinHash
from sqlalchemy import select
from sqlalchemy.engine import Connection

from dragoman.store import schema as t
from dragoman.store.config import StoreConfig

_WORD = re.compile(r"\w+", re.UNICODE)
SCHEME = "affine32"  # datasketch's collision-free 32-bit permutations; stored as uint32


def shingles(text: str, k: int) -> set[bytes]:
    words = _WORD.findall(text.casefold())
    if len(words) < k:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + k]).encode() for i in range(len(words) - k + 1)}


def signature(text: str, config: StoreConfig) -> MinHash | None:
    """The MinHash of an article's text, or None when it is too short to compare this way."""
    grams = shingles(text, config.shingle_words)
    if len(grams) < config.min_shingles:
        return None
    minhash = MinHash(num_perm=config.num_perm, scheme=SCHEME)
    minhash.update_batch(sorted(grams))
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    return np.asarray(minhash.hashvalues, dtype=np.uint32).tobytes()


def from_bytes(data: bytes, config: StoreConfig) -> MinHash:
    values = np.frombuffer(data, dtype=np.uint32)
    return MinHash(num_perm=len(values), hashvalues=values, scheme=SCHEME)


def band_keys(minhash: MinHash, config: StoreConfig) -> list[int]:
    """One signed 64-bit key per band: articles with any key in common are candidates."""
    values = np.asarray(minhash.hashvalues, dtype=np.uint32)
    rows = config.num_perm // config.lsh_bands
    keys = []
    for band in range(config.lsh_bands):
        digest = hashlib.blake2b(values[band * rows:(band + 1) * rows].tobytes(), digest_size=8,
                                 person=band.to_bytes(2, "big") + b"dragoman").digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return sorted(set(keys))


@dataclass(frozen=True)
class Match:
    article_id: int  # the canonical article (never itself a duplicate)
    similarity: float


def find_near_duplicate(conn: Connection, minhash: MinHash | None, article_id: int | None,
                        published: date | None, config: StoreConfig) -> Match | None:
    """The stored coded article this text is a near-copy of, if any (the most similar one)."""
    if minhash is None:
        return None
    a, b = t.articles, t.article_bands
    keys = band_keys(minhash, config)
    candidates = select(b.c.article_id).where(b.c.band_key.in_(keys)).distinct().scalar_subquery()
    query = select(a.c.id, a.c.minhash, a.c.status, a.c.duplicate_of, a.c.date).where(
        a.c.id.in_(candidates), a.c.status.in_(("coded", "duplicate")), a.c.minhash.is_not(None))
    if article_id is not None:
        query = query.where(a.c.id != article_id)
    best: Match | None = None
    for row in conn.execute(query):
        if published and row.date and len(row.date) == 10:
            if abs((date.fromisoformat(row.date) - published).days) > config.near_duplicate_days:
                continue
        similarity = minhash.jaccard(from_bytes(row.minhash, config))
        if similarity < config.near_duplicate_threshold:
            continue
        canonical = row.duplicate_of if row.status == "duplicate" and row.duplicate_of else row.id
        if canonical == article_id:
            continue
        if best is None or (similarity, -canonical) > (best.similarity, -best.article_id):
            best = Match(canonical, similarity)
    return best


def store_bands(conn: Connection, article_id: int, minhash: MinHash | None, config: StoreConfig) -> None:
    if minhash is not None:
        conn.execute(t.article_bands.insert(),
                     [{"band_key": key, "article_id": article_id} for key in band_keys(minhash, config)])
