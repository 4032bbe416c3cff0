"""The store's settings: one frozen object, built at the edge (CLI, API, tests) and passed down."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StoreConfig:
    # merging event mentions into real-world events (docs/store.md, "The merge rule")
    merge_window_days: int = 2  # two reports of one event may date it this many days apart
    merge_radius_km: float = 100.0  # two geocoded places this close are the same place
    # near-duplicate articles (wire copies)
    near_duplicate_threshold: float = 0.7  # estimated Jaccard similarity of word shingles
    near_duplicate_days: int = 14  # copies further apart in publication date are separate stories
    shingle_words: int = 3
    num_perm: int = 128
    lsh_bands: int = 32  # num_perm / lsh_bands rows per band
    min_shingles: int = 12  # shorter texts are only compared by content hash
    # writing
    batch_size: int = 32  # articles per transaction when ingesting from files
    busy_timeout_ms: int = 30_000
    raise_errors: bool = False  # tests raise; batch runs record the failure and continue

    def __post_init__(self) -> None:
        if self.num_perm % self.lsh_bands:
            raise ValueError("num_perm must be a multiple of lsh_bands")
        if self.merge_window_days < 0 or self.batch_size < 1:
            raise ValueError("merge_window_days must be >= 0 and batch_size >= 1")
        if not 0 < self.near_duplicate_threshold <= 1:
            raise ValueError("near_duplicate_threshold must be in (0, 1]")
