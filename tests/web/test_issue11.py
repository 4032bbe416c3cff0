"""Issue 11, the API's side: a failure log that kept one failure, a lone surrogate that refused a whole batch,
server paths shown to anonymous readers, and limits answered with two statuses. Each test failed before its fix
(docs/hardening.md, "Store, API and export")."""
from __future__ import annotations

import pytest

from dragoman.records import InputError

from .conftest import CORPUS, READ_TOKEN, SEED_ID, TOKEN, make_client

pytestmark = pytest.mark.model
AUTH = {"Authorization": f"Bearer {TOKEN}"}
GOOD = {"id": "ok-1", "text": "Germany accused Russia of cyber attacks on its parliament.", "date": "2020-05-13"}


def test_every_failed_post_stays_in_the_failure_log(empty_client):  # noqa: ANN001
    for n in range(3):
        r = empty_client.post("/api/articles", json={"id": f"empty-{n}", "text": ""}, headers=AUTH)
        assert r.status_code == 422
    items = empty_client.get("/api/failures", headers=AUTH).json()["items"]
    assert [f["article_doc_id"] for f in items] == ["empty-0", "empty-1", "empty-2"]
    assert len({f["origin"] for f in items}) == 3 and all(f["origin"].startswith("api:") for f in items)


def test_a_lone_surrogate_does_not_refuse_the_batch(empty_client):  # noqa: ANN001
    body = ('[{"id": "ok-1", "text": "Germany accused Russia of cyber attacks on its parliament.", '
            '"date": "2020-05-13"}, {"id": "odd-1", "text": "France praised \\ud800 Germany for the agreement."}]')
    r = empty_client.post("/api/articles", content=body.encode("ascii"),
                          headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 200, r.text
    assert [(o["id"], o["status"]) for o in r.json()["articles"]] == [("ok-1", "stored"), ("odd-1", "stored")]
    assert empty_client.get("/api/articles/ok-1").json()["text"] == GOOD["text"]
    assert "\ufffd" in empty_client.get("/api/articles/odd-1").json()["text"]  # as the CLI stores it


def test_server_paths_are_only_for_token_holders(client, store):  # noqa: ANN001
    folder = str(CORPUS.parent)
    listing = client.get("/api/articles?limit=100")
    one = client.get(f"/api/articles/{SEED_ID}")
    assert all("origin" not in item for item in listing.json()["items"]) and "origin" not in one.json()
    assert folder not in listing.text and folder not in one.text
    assert client.get(f"/api/articles/{SEED_ID}", headers=AUTH).json()["origin"].startswith(folder)
    assert all(item["origin"] for item in client.get("/api/articles?limit=100", headers=AUTH).json()["items"])
    anonymous_again = client.get(f"/api/articles/{SEED_ID}", headers={"Authorization": "Bearer wrong-token-xxxx"})
    assert "origin" not in anonymous_again.json()


def test_failures_show_anonymous_readers_file_names_only(empty_client):  # noqa: ANN001
    empty_client.store.ingest([InputError("/srv/secret/news/feed.jsonl:3",
                                          "duplicate id 'x', first seen at /srv/secret/news/feed.jsonl:1", "x")])
    anonymous = empty_client.get("/api/failures")
    [row] = anonymous.json()["items"]
    assert row["origin"] == "feed.jsonl:3" and row["reason"] == "duplicate id 'x', first seen at feed.jsonl:1"
    assert "/srv/secret" not in anonymous.text
    [full] = empty_client.get("/api/failures", headers=AUTH).json()["items"]
    assert full["origin"] == "/srv/secret/news/feed.jsonl:3"


@pytest.mark.parametrize("path", ["/api/events", "/api/articles", "/api/actors", "/api/search?q=Russia",
                                  "/api/failures", "/api/dyads/RUS/TJK/events"])
def test_limits_out_of_range_answer_422_everywhere(client, path):  # noqa: ANN001
    sep = "&" if "?" in path else "?"
    for query, name in (("limit=0", "limit"), ("limit=501", "limit"), ("offset=-1", "offset"),
                        ("offset=100001", "offset")):
        r = client.get(f"{path}{sep}{query}")
        assert r.status_code == 422, (path, query, r.status_code)
        body = r.json()
        assert body["status"] == 422 and body["message"].startswith(f"query.{name}: ") and body["details"][0]["where"] == f"query.{name}"


def test_private_reads_see_origins_with_either_token(store, pipeline):  # noqa: ANN001
    from dragoman.web import Settings, create_app

    settings = Settings(token=TOKEN, read_token=READ_TOKEN, private=True)
    with make_client(create_app(settings, store=store, pipeline=pipeline)) as c:
        assert c.get(f"/api/articles/{SEED_ID}").status_code == 401
        for token in (TOKEN, READ_TOKEN):
            assert "origin" in c.get(f"/api/articles/{SEED_ID}", headers={"Authorization": f"Bearer {token}"}).json()


def test_dates_at_the_calendar_s_ends_post(empty_client):  # noqa: ANN001
    records = [{**GOOD, "id": "last", "date": "9999-12-31"}, {**GOOD, "id": "first", "date": "0001-01-01",
                                                               "text": GOOD["text"] + " Berlin protested."}]
    r = empty_client.post("/api/articles", json=records, headers=AUTH)
    assert r.status_code == 200, r.text
    assert [o["status"] for o in r.json()["articles"]] == ["stored", "stored"]


def test_serve_without_a_token_refuses_a_missing_database(tmp_path, monkeypatch, capsys):  # noqa: ANN001
    from dragoman.cli import main

    monkeypatch.delenv("DRAGOMAN_API_TOKEN", raising=False)
    monkeypatch.delenv("DRAGOMAN_READ_TOKEN", raising=False)
    assert main(["serve", "--db", str(tmp_path / "typo_dir" / "typo.db")]) == 1
    assert "does not exist" in capsys.readouterr().err and not (tmp_path / "typo_dir").exists()
