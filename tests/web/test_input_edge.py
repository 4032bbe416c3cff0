"""The REST API's record intake passes the readers' edge (issue 11 items 1, 11, 12): ids bounded and reachable,
control characters out of the metadata, and an id with '/' (a file found in a subfolder) reachable by its pages."""
from __future__ import annotations

import pytest

from .conftest import TOKEN

pytestmark = pytest.mark.model

AUTH = {"Authorization": f"Bearer {TOKEN}"}
TEXT = "Germany accused Russia of cyber attacks on its parliament."


def test_posted_records_get_the_readers_id_and_metadata_checks(empty_client):  # noqa: ANN001
    records = [{"id": "wire/2020/index", "text": TEXT, "date": "2020-05-13", "url": "http://x.example/a\u0000b",
                "source": "Wire\u0000", "license": "CC\u0000 BY"},
               {"id": "line\nbreak", "text": TEXT}, {"id": "x" * 100_000, "text": TEXT}]
    r = empty_client.post("/api/articles", json=records, headers=AUTH)
    assert r.status_code == 207, r.text
    outcomes = r.json()["articles"]
    assert [o["status"] for o in outcomes] == ["stored", "failed", "failed"]
    assert outcomes[1]["reason"] == "id 'line\\nbreak' holds a line break or control character (U+000A)"
    assert outcomes[2]["reason"] == f"id {'x' * 40 + '...'!r} is 100,000 characters, over the limit of 512"
    stored = empty_client.get("/api/articles/wire/2020/index")
    assert stored.status_code == 200, stored.text
    body = stored.json()
    assert (body["url"], body["source"]) == ("http://x.example/ab", "Wire")
    page = empty_client.get("/article/wire/2020/index")
    assert page.status_code == 200 and "cyber attacks" in page.text, page.text[:3000]
    listing = empty_client.get("/articles").text
    assert 'href="/article/wire/2020/index"' in listing
