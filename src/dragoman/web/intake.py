"""POST /api/articles: JSON records in, the same path as `dragoman ingest` out (readers -> Store.classify ->
Pipeline -> Store.ingest in one transaction), with a per-article report."""
from __future__ import annotations

import dataclasses
import io
import json
import threading
import uuid
from datetime import datetime, timezone
from typing import Any

from dragoman.options import Options
from dragoman.records import Article, InputError
from dragoman.store import Store
from dragoman.store.core import CODE, COPY, REFUSE, SKIP
from dragoman.store.ingest import IngestReport

MAX_ARTICLES = 200  # per request
API_ORIGIN = "api"  # posted records' origins are "api:<batch>#<n>": one origin family, as one input file


def api_origin() -> str:
    """A new batch's origin, unique (time and randomness), so each batch's failures are kept apart in the log."""
    return f"{API_ORIGIN}:{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


class Intake:
    """Codes posted articles with one pipeline, loaded on first use and shared under a lock (spaCy pipelines
    are not made for concurrent calls; ingests are serialised by the store's write lock anyway)."""

    def __init__(self, store: Store, options: Options, pipeline: Any = None) -> None:
        self.store = store
        self.options = options
        self._pipeline = pipeline
        self._lock = threading.Lock()

    def pipeline(self) -> Any:
        if self._pipeline is None:
            from dragoman.pipeline import Pipeline

            self._pipeline = Pipeline(self.options)
        return self._pipeline

    def ingest(self, records: list[dict[str, Any]]) -> dict[str, Any]:
        """Read the records as the JSON reader reads a file (same fields, same checks), code what is new or
        changed, and store the batch. Returns the ingest report plus one outcome per record."""
        # ASCII JSON: a lone surrogate ("\ud800") stays an escape, which the reader turns into U+FFFD for that
        # record alone, as it does for a file; encoding it as UTF-8 here would refuse the whole batch
        payload = json.dumps(records, ensure_ascii=True).encode("ascii")
        from dragoman.io.readers import read_inputs

        batch_origin = api_origin()
        items = []
        for n, item in enumerate(read_inputs(["-"], self.options, stdin=io.BytesIO(payload)), start=1):
            items.append(dataclasses.replace(item, origin=f"{batch_origin}#{n}"))
        report = IngestReport()
        skipped: list[dict[str, Any]] = []
        with self._lock:
            to_code: list[Article | InputError] = []
            copies: list[Article] = []
            for item in items:
                if isinstance(item, InputError):
                    to_code.append(item)
                    continue
                decision = self.store.classify(item)
                if decision == SKIP:
                    report.skipped += 1
                    skipped.append({"origin": item.origin, "id": item.id, "status": "skipped", "reason": None,
                                    "events": 0})
                elif decision in (COPY, REFUSE):  # written uncoded: linked as a copy, or refused
                    copies.append(item)
                else:
                    assert decision == CODE
                    to_code.append(item)
            coded = list(self.pipeline().process(to_code)) if to_code else []
            outcomes = []
            if coded or copies:
                batch = self.store.ingest([*coded, *copies])
                report.add(batch)
                outcomes = [{"origin": o.origin, "id": o.doc_id, "status": o.status, "reason": o.reason,
                             "events": o.events} for o in batch.outcomes]
        order = {f"{batch_origin}#{n}": n for n in range(1, len(items) + 1)}
        outcomes = sorted(outcomes + skipped, key=lambda o: order.get(o["origin"], 0))
        out = report.as_dict()
        for key in ("seconds", "articles_per_second", "events_per_second", "batches"):
            out.pop(key, None)
        out["articles"] = outcomes
        return out
