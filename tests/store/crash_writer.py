"""Run by test_crash.py in a child process: ingest a deterministic corpus in small batches, saying when each
batch is committed, so the parent can SIGKILL it mid-run."""
from __future__ import annotations

import sys
from pathlib import Path

if __package__:  # imported by the tests
    from .conftest import Ev, make_result
else:  # run as a script in the child process
    HERE = Path(__file__).resolve().parent
    sys.path[:0] = [str(HERE.parents[1] / "src"), str(HERE)]
    from conftest import Ev, make_result  # noqa: E402

from dragoman.store import Store, StoreConfig  # noqa: E402

ARTICLES, PER_BATCH = 60, 5
PAIRS = [("RUS", "TJK"), ("TJK", "RUS"), ("CHN", "TJK"), ("RUS", "UZB"), ("USA", "TJK"), ("TUR", "AZE")]


def corpus():
    """Articles whose events overlap in time, so later articles merge into events of earlier ones."""
    for i in range(ARTICLES):
        events = []
        for j in range(4):
            actor, recipient = PAIRS[(i + j) % len(PAIRS)]
            events.append(Ev(event=("CONSULT", "AID", "ACCUSE")[(i * j) % 3], actor=actor, recipient=recipient,
                             date=f"2025-{1 + i % 6:02d}-{1 + (i * 3 + j) % 27:02d}"))
        yield make_result(f"crash-{i:03d}", events, source=f"Outlet {i % 7}", date=f"2025-{1 + i % 6:02d}-28")


def main(url: str) -> None:
    items = list(corpus())
    with Store.open(url, StoreConfig(raise_errors=True)) as store:
        for start in range(0, len(items), PER_BATCH):
            report = store.ingest(items[start:start + PER_BATCH])
            print(f"committed {start // PER_BATCH} {report.count('stored')}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
