"""What the readers' edge (issue 11, input side) means for the store on both backends: metadata with NUL
characters is stored (PostgreSQL refused such a record) and two files of the same name in different folders are
two articles (one replaced the other)."""
from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.model


def test_nul_metadata_and_same_named_files_are_stored_on_both_backends(store, pipeline, tmp_path):  # noqa: ANN001
    from dragoman.store.ingest import ingest_paths

    news = tmp_path / "news"
    for sub, country in (("a", "Peru"), ("b", "Chile")):
        (news / sub).mkdir(parents=True)
        (news / sub / "index.txt").write_text(f"Talks\n{country} thanked Bolivia for its help on Monday.\n", "utf-8")
    record = {"id": "nul-1", "text": "Germany accused Russia of cyber attacks on its parliament.",
              "date": "2020-05-13", "url": "http://x.example/a\u0000b", "source": "Wire\u0000",
              "license": "CC\u0000 BY", "tags": ["x\u0000"]}
    (news / "wire.jsonl").write_text(json.dumps(record) + "\n", "utf-8")
    report = ingest_paths([news], store, pipeline=pipeline, progress=False)
    assert (report.stored, report.failed) == (3, 0)
    assert {row["doc_id"] for row in store.articles(limit=None)} == {"a/index", "b/index", "nul-1"}
    stored = store.article("nul-1")
    assert (stored["url"], stored["source"]) == ("http://x.example/ab", "Wire")
