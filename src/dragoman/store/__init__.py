"""The event store: a database that grows as news arrives, one record per real-world event.

    from dragoman.store import Store
    with Store.open("dragoman.db") as store:          # or "postgresql://user@host/db", or $DRAGOMAN_DB
        store.ingest(results)                          # one transaction per batch
        store.events(actor="RUS", recipient="TJK", since="2025-01-01")
        store.dyad("RUS", "TJK", by="month")
        store.search("debt forgiveness")
        store.export("gdelt", "events.tsv", since="2025-01-01")

See docs/store.md for the schema and the merge rule.
"""
from dragoman.store.config import StoreConfig
from dragoman.store.core import Store
from dragoman.store.db import StoreMissing
from dragoman.store.migrate import SchemaError
from dragoman.store.queries import EventFilter
from dragoman.store.write import BatchReport, Outcome

__all__ = ["Store", "StoreConfig", "EventFilter", "BatchReport", "Outcome", "SchemaError", "StoreMissing"]
