"""The review loop in the store: judgements kept beside the coder's record, the corrected view, reviewed precision
and gold files that the project's scorer reads; on SQLite and PostgreSQL."""
from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from dragoman.store import EventFilter
from dragoman.store.review import Judgement, ReviewError

from .conftest import Ev, make_result

VISIT = Ev(event="CONSULT", actor="RUS", recipient="TJK", sentence="Putin held talks with Rahmon in Dushanbe.",
           date="2025-10-09")
AID = Ev(event="AID", actor="RUS", recipient="TJK", sentence="Russia sent 40 tonnes of flour to Tajikistan.",
         date="2025-10-09", quad_class=2, score=7.0, cameo="070", mode=None)
LISTED = Ev(event="COOPERATE", actor="RUS", recipient="USA", sentence="Dow Jones and NASDAQ listed the shares.",
            date="2025-10-09", quad_class=2, score=6.0, cameo="060", mode=None)
NOTICE = Ev(event="COOPERATE", actor="USA", recipient="IRN", sentence="Interpol notices name Trump.",
            date="2025-10-09", quad_class=2, score=6.0, cameo="060", mode=None)


@pytest.fixture
def coded(store):
    store.ingest([make_result("doc-1", [VISIT, AID, LISTED]), make_result("doc-2", [NOTICE], source="Outlet B"),
                  make_result("doc-3", [Ev(event="ASSAULT", actor="AZE", recipient="ARM", quad_class=4,
                                           date="2025-10-09")], source="Outlet C")])
    return store, {e["event"] + ">" + e["recipient_code"]: e["id"] for e in store.events()}


def test_a_judgement_is_stored_beside_the_coders_record(coded):
    store, ids = coded
    before = store.event(ids["COOPERATE>USA"])
    stored = store.judge(ids["COOPERATE>USA"], Judgement("corrected", "ana", actor="usa", recipient="igo",
                                                         note="exchanges, not Russian firms"))
    assert (stored["verdict"], stored["actor_code"], stored["recipient_code"]) == ("corrected", "USA", "IGO")
    assert stored["reviewer"] == "ana" and stored["created_at"]
    assert store.event(ids["COOPERATE>USA"]) == before  # the coder's record is untouched
    store.judge(ids["COOPERATE>USA"], Judgement("wrong", "ben"))
    history = store.judgements(ids["COOPERATE>USA"])
    assert [(j["verdict"], j["reviewer"]) for j in history] == [("wrong", "ben"), ("corrected", "ana")]
    assert history[0]["coded_type"] == "COOPERATE"


def test_the_corrected_view_drops_wrong_events_and_applies_corrections(coded):
    store, ids = coded
    store.judge(ids["COOPERATE>IRN"], Judgement("wrong", "ana", note="Interpol notices are not cooperation"))
    store.judge(ids["AID>TJK"], Judgement("correct", "ana"))
    store.judge(ids["COOPERATE>USA"], Judgement("corrected", "ana", event_type="SUPPORT", actor="USA",
                                                no_recipient=True))
    coder = {e["id"]: e for e in store.events()}
    view = {e["id"]: e for e in store.events(corrected=True)}
    assert set(coder) - set(view) == {ids["COOPERATE>IRN"]}
    assert view[ids["AID>TJK"]]["verdict"] == "correct"
    assert view[ids["CONSULT>TJK"]]["verdict"] is None
    fixed = view[ids["COOPERATE>USA"]]
    assert (fixed["event"], fixed["actor_code"], fixed["recipient_code"]) == ("SUPPORT", "USA", None)
    assert (fixed["quad_class"], fixed["score"], fixed["cameo"]) == (1, 3.5, "05")  # plover.toml's SUPPORT
    assert fixed["actor_sector"] is None and fixed["recipient_sector"] is None  # the coder's sides are gone
    assert coder[ids["COOPERATE>USA"]]["event"] == "COOPERATE"
    # filters read the corrected values
    assert [e["id"] for e in store.events(EventFilter(event_type="SUPPORT"), corrected=True)] == [
        ids["COOPERATE>USA"]]
    assert store.events(EventFilter(actor="RUS", recipient="USA"), corrected=True) == []
    assert len(store.events(EventFilter(limit=2, offset=1), corrected=True)) == 2


def test_the_latest_judgement_counts(coded):
    store, ids = coded
    store.judge(ids["CONSULT>TJK"], Judgement("wrong", "ana"))
    assert ids["CONSULT>TJK"] not in {e["id"] for e in store.events(corrected=True)}
    store.judge(ids["CONSULT>TJK"], Judgement("correct", "ben"))
    [back] = [e for e in store.events(corrected=True) if e["id"] == ids["CONSULT>TJK"]]
    assert (back["verdict"], back["reviewer"]) == ("correct", "ben")


@pytest.mark.parametrize("judgement, message", [
    (Judgement("maybe", "ana"), "verdict must be one of"),
    (Judgement("correct", " "), "reviewer"),
    (Judgement("correct", "ana", event_type="SUPPORT"), "takes no corrections"),
    (Judgement("corrected", "ana"), "needs at least one"),
    (Judgement("corrected", "ana", event_type="HUG"), "unknown event type"),
    (Judgement("corrected", "ana", actor="Russia"), "known code"),
    (Judgement("corrected", "ana", recipient="ZZZ"), "known code"),
    (Judgement("corrected", "ana", recipient="USA", no_recipient=True), "not both"),
    (Judgement("wrong", "ana", note="x" * 2001), "note"),
])
def test_malformed_judgements_are_refused_with_the_reason(coded, judgement, message):
    store, ids = coded
    with pytest.raises(ReviewError, match=message):
        store.judge(ids["AID>TJK"], judgement)
    assert store.judgements() == []


def test_a_judgement_on_a_missing_event_is_refused(store):
    with pytest.raises(LookupError, match="no event 99"):
        store.judge(99, Judgement("correct", "ana"))


def test_reviewed_precision_by_event_type(coded):
    store, ids = coded
    assert store.review_precision()["reviewed"] == 0
    store.judge(ids["COOPERATE>IRN"], Judgement("wrong", "ana"))
    store.judge(ids["COOPERATE>USA"], Judgement("corrected", "ana", actor="USA"))
    store.judge(ids["AID>TJK"], Judgement("correct", "ana"))
    store.judge(ids["AID>TJK"], Judgement("correct", "ben"))  # judged twice: counted once
    found = store.review_precision()
    assert (found["judgements"], found["reviewed"], found["correct"], found["precision"]) == (4, 3, 1, 0.3333)
    by_type = {row["event"]: row for row in found["by_type"]}
    assert set(by_type) == {"COOPERATE", "AID"}
    assert (by_type["COOPERATE"]["precision"], by_type["COOPERATE"]["type_precision"]) == (0.0, 0.5)
    assert by_type["AID"]["precision"] == 1.0


def test_gold_files_for_reviewed_articles_score_with_the_projects_scorer(coded, tmp_path, shared):
    store, ids = coded
    store.judge(ids["AID>TJK"], Judgement("correct", "ana"))
    store.judge(ids["COOPERATE>USA"], Judgement("corrected", "ana", actor="USA", recipient="RUS"))
    store.judge(ids["COOPERATE>IRN"], Judgement("wrong", "ana"))
    gold_dir = tmp_path / "gold"
    assert store.export_gold(gold_dir) == 2  # doc-3 was not reviewed
    gold = {p.stem: json.loads(p.read_text()) for p in gold_dir.glob("*.json")}
    assert set(gold) == {"doc-1", "doc-2"}
    assert gold["doc-2"] == {"id": "doc-2", "published": "2025-10-09", "events": []}
    events = {(g["event"], g["actor"], g["recipient"]): g for g in gold["doc-1"]["events"]}
    assert set(events) == {("AID", "RUS", "TJK"), ("COOPERATE", "USA", "RUS"), ("CONSULT", "RUS", "TJK")}
    assert events[("AID", "RUS", "TJK")]["required"] and events[("COOPERATE", "USA", "RUS")]["required"]
    assert events[("CONSULT", "RUS", "TJK")]["required"] is False  # not reviewed: optional
    assert events[("AID", "RUS", "TJK")]["text"] == AID.sentence

    # the coder's own output, scored against its reviewers' gold: the wrong and the miscoded triples count
    system = tmp_path / "system.jsonl"
    system.write_text("\n".join(json.dumps({"id": doc, "events": [
        {"event": e["event"], "actor": {"code": e["actor_code"]}, "recipient": {"code": e["recipient_code"]}}
        for e in store.events() if doc in {s["article"] for s in store.event(e["id"])["sources"]}]})
        for doc in ("doc-1", "doc-2")) + "\n")
    scored = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(gold_dir), str(system), "--layers", "events",
                             "--json"], capture_output=True, text=True, check=True)
    totals = json.loads(scored.stdout)["events"]
    # CONSULT (unreviewed, optional: not counted against), AID (right), COOPERATE RUS>USA (the reviewer's
    # USA>RUS, and COOPERATE is scored in either direction), COOPERATE USA>IRN (judged wrong: a false positive)
    assert (totals["system"], totals["gold"]) == (4, 2)
    assert totals["precision"] == 0.75 and totals["recall"] == 1.0


def test_gold_after_the_event_changes_kind(coded, tmp_path):
    """A corrected type shows in the gold with the reviewer's type, and the wrong ones never do."""
    store, ids = coded
    store.judge(ids["CONSULT>TJK"], Judgement("corrected", "ana", event_type="AGREE", mode="intent to consult"))
    store.export_gold(tmp_path)
    [doc] = [json.loads(p.read_text()) for p in tmp_path.glob("doc-1.json")]
    [fixed] = [g for g in doc["events"] if g["event_id"] == ids["CONSULT>TJK"]]
    assert (fixed["event"], fixed["mode"], fixed["verdict"], fixed["required"]) == (
        "AGREE", "intent to consult", "corrected", True)


def test_gold_file_names_are_safe_and_distinct(store, tmp_path):
    store.ingest([make_result("feeds/a:1", [VISIT]), make_result("feeds_a_1", [AID], source="Outlet B"),
                  make_result("../up", [NOTICE], source="Outlet C")])
    for event in store.events():
        store.judge(event["id"], Judgement("correct", "ana"))
    assert store.export_gold(tmp_path / "gold") == 3
    files = sorted((tmp_path / "gold").iterdir())
    assert len(files) == 3 and all(f.parent == tmp_path / "gold" for f in files)
    assert sorted(json.loads(f.read_text())["id"] for f in files) == ["../up", "feeds/a:1", "feeds_a_1"]
    assert (tmp_path / "gold" / "feeds_a_1.json").exists()  # a safe id is its own name


def test_the_cli_judges_lists_the_corrected_view_prints_precision_and_exports_gold(coded, store_url, tmp_path,
                                                                                   capsys):
    from dragoman.cli.store import main_for_tests

    store, ids = coded

    def run(*argv: str) -> tuple[int, str]:
        out = io.StringIO()
        return main_for_tests(list(argv), out), out.getvalue()

    code, text = run("judge", "--db", store_url, str(ids["COOPERATE>IRN"]), "wrong", "--reviewer", "ana", "--json")
    assert code == 0 and json.loads(text)[0]["verdict"] == "wrong"
    code, _ = run("judge", "--db", store_url, str(ids["AID>TJK"]), "corrected", "--type", "SUPPORT",
                  "--no-recipient")
    assert code == 0
    assert run("judge", "--db", store_url, "999", "correct")[0] == 1
    assert "no event 999" in capsys.readouterr().err
    assert run("judge", "--db", store_url, str(ids["AID>TJK"]), "correct", "--actor", "USA")[0] == 1
    assert "takes no corrections" in capsys.readouterr().err

    code, text = run("events", "--db", store_url, "--corrected", "--json", "--limit", "0")
    view = {e["id"]: e for e in json.loads(text)}
    assert ids["COOPERATE>IRN"] not in view
    assert (view[ids["AID>TJK"]]["event"], view[ids["AID>TJK"]]["recipient_code"]) == ("SUPPORT", None)
    code, text = run("events", "--db", store_url, "--corrected")
    assert text.splitlines()[0].split()[-1] == "verdict" and "corrected" in text
    code, text = run("stats", "--db", store_url)
    assert "reviewed precision by event type" in text and "COOPERATE" in text
    code, text = run("stats", "--db", store_url, "--json")
    assert json.loads(text)["review"]["reviewed"] == 2
    code, _ = run("export", "--db", store_url, "--format", "gold", "-o", str(tmp_path / "gold"))
    assert code == 0 and sorted(p.name for p in (tmp_path / "gold").iterdir()) == ["doc-1.json", "doc-2.json"]
