"""Near-duplicate articles: wire copies are linked to the stored original, not coded twice."""
from __future__ import annotations

import dataclasses

from sqlalchemy import select

from dragoman.store import StoreConfig
from dragoman.store import schema as t
from dragoman.store.dedup import band_keys, from_bytes, shingles, signature, to_bytes

from .conftest import Ev, filler, make_result

WIRE = ("Russian President Vladimir Putin arrived in Dushanbe on Thursday for a state visit, the first of his "
        "current term, and held talks with Tajik President Emomali Rahmon on security on the Afghan border, "
        "labour migration and energy. The leaders signed agreements on a hydropower plant and on the Russian "
        "military base, whose lease runs until 2042. Putin also attended the Central Asia - Russia summit and "
        "a meeting of the CIS Heads of State Council held in the Tajik capital the same week. ")


def reprint(text: str) -> str:
    """What an outlet does to a wire story: its own first line, a changed word, a dropped last sentence."""
    body = text.replace("Thursday", "Thursday, 9 October").replace(
        "Putin also attended the Central Asia - Russia summit and a meeting of the CIS Heads of State Council held "
        "in the Tajik capital the same week.", "Putin also attended the summit.")
    return "From our correspondents. " + body


def test_signature_roundtrip_and_similarity():
    config = StoreConfig()
    a = signature(WIRE + filler("x"), config)
    b = signature(reprint(WIRE + filler("x")), config)
    c = signature(filler("unrelated", 120), config)
    assert from_bytes(to_bytes(a), config).jaccard(a) == 1.0
    assert a.jaccard(b) >= 0.7 > 0.1 > a.jaccard(c)
    assert len(band_keys(a, config)) == config.lsh_bands
    assert signature("Too short to compare.", config) is None
    assert len(shingles("a b c d", 3)) == 2


def test_wire_copy_is_linked_not_coded_and_counts_as_a_source(store):
    original = make_result("tass", [Ev(date="2025-10-09")], source="TASS", body=WIRE + filler("w"))
    store.ingest([original])
    text = reprint(original.article.text)
    copy = make_result("asia", [Ev(date="2025-10-09"), Ev(event="AID", actor="RUS", recipient="TJK")],
                       source="Asia-Plus", body="")
    copy = dataclasses.replace(copy, article=dataclasses.replace(copy.article, text=text))
    report = store.ingest([copy])
    assert report.outcomes[0].status == "merged"
    with store.engine.connect() as conn:
        rows = {r.doc_id: r for r in conn.execute(select(t.articles))}
        assert conn.execute(select(t.mentions).where(t.mentions.c.article_id == rows["asia"].id)).first() is None
    assert rows["asia"].status == "duplicate" and rows["asia"].duplicate_of == rows["tass"].id
    assert rows["asia"].similarity >= 0.7
    [event] = store.events(sources=True)  # the copy's own coding (an AID) is not stored
    assert event["event"] == "CONSULT"
    assert (event["num_sources"], event["num_articles"], event["num_mentions"]) == (2, 2, 1)
    assert [s["copy_of"] for s in event["sources"]] == [None, "tass"]
    assert store.stats()["articles_duplicate"] == 1


def test_uncoded_copy_is_linked_and_a_copy_of_a_copy_points_to_the_original(store):
    original = make_result("orig", [Ev()], body=WIRE + filler("o"))
    store.ingest([original])
    first = dataclasses.replace(original.article, id="copy1", source="B", text=reprint(original.article.text))
    second = dataclasses.replace(original.article, id="copy2", source="C",
                                 text=first.text.replace("From our correspondents.", "Agencies report."))
    assert [o.status for o in store.ingest([first, second]).outcomes] == ["merged", "merged"]
    with store.engine.connect() as conn:
        ids = dict(conn.execute(select(t.articles.c.doc_id, t.articles.c.duplicate_of)).all())
        orig_id = conn.execute(select(t.articles.c.id).where(t.articles.c.doc_id == "orig")).scalar_one()
    assert ids["copy1"] == ids["copy2"] == orig_id
    assert store.events()[0]["num_sources"] == 3


def test_copies_in_one_batch_are_caught(store):
    original = make_result("o1", [Ev()], body=WIRE + filler("batch"))
    copy = make_result("o2", [Ev()], source="Other")
    copy = dataclasses.replace(copy, article=dataclasses.replace(copy.article, text=reprint(original.article.text)))
    report = store.ingest([original, copy])
    assert [o.status for o in report.outcomes] == ["stored", "merged"]
    assert store.events()[0]["num_articles"] == 2


def test_unrelated_and_distant_stories_are_not_copies(store):
    store.ingest([make_result("n1", [Ev()], body=WIRE + filler("a"))])
    unrelated = make_result("n2", [Ev(event="AID")], body=filler("b", 200), source="B")
    a_year_later = make_result("n3", [Ev(date="2026-10-09")], body=WIRE + filler("a"), date="2026-10-09",
                               source="C")
    assert [o.status for o in store.ingest([unrelated, a_year_later]).outcomes] == ["stored", "stored"]


def test_threshold_is_configurable(open_store):
    store = open_store(near_duplicate_threshold=1.0)
    original = make_result("s1", [Ev()], body=WIRE + filler("t"))
    copy = dataclasses.replace(original.article, id="s2", text=reprint(original.article.text))
    assert [o.status for o in store.ingest([original, copy]).outcomes] == ["stored", "pending"]
