"""Event coding on sentences written for the tests (not from the sample corpus)."""
from __future__ import annotations

import pytest

from dragoman.records import Article

pytestmark = pytest.mark.model


def coded(pipeline, text, date="2024-05-02"):
    data = pipeline.process_one(Article(id="t", text=text, date=date)).to_json()
    return data


def triples(events):
    out = set()
    for e in events:
        actors = e["actor"] if isinstance(e["actor"], list) else [e["actor"]]
        recips = e["recipient"] if isinstance(e["recipient"], list) else [e["recipient"]]
        for a in actors:
            for r in recips:
                out.add((e["event"], a["code"], r["code"] if r else None))
    return out


def test_visit_codes_visitor_as_actor_and_host_as_recipient(pipeline):
    data = coded(pipeline, "French President Emmanuel Macron visited Hanoi on Tuesday.")
    assert ("CONSULT", "FRA", "VNM") in triples(data["events"])
    visit = next(e for e in data["events"] if e["event"] == "CONSULT")
    assert visit["date"] == "2024-04-30"
    assert visit["pattern"].startswith("consult.visit")


def test_passive_agent_is_the_actor(pipeline):
    data = coded(pipeline, "The proposal was rejected by Argentina.")
    assert any(t[0] == "REJECT" and t[1] == "ARG" for t in triples(data["events"]))


def test_compound_actor_gives_every_pair(pipeline):
    data = coded(pipeline, "Chile and Peru agreed to expand trade.")
    found = triples(data["events"])
    assert ("AGREE", "CHL", "PER") in found or ("AGREE", "PER", "CHL") in found


def test_refusal_is_not_a_signing(pipeline):
    data = coded(pipeline, "Poland refused to sign the treaty with Belarus.")
    assert not any(t[0] == "SUPPORT" for t in triples(data["events"]))
    assert any(e["event"] == "SUPPORT" and e.get("negated") for e in data["unasserted_events"])


def test_modal_event_is_hypothetical(pipeline):
    data = coded(pipeline, "Analysts say Serbia might attack Kosovo.")
    assert not any(t[0] == "ASSAULT" for t in triples(data["events"]))
    assert any(e["event"] == "ASSAULT" and e.get("hypothetical") for e in data["unasserted_events"])


def test_light_verb_with_aid_noun(pipeline):
    data = coded(pipeline, "Japan provides substantial humanitarian assistance to Myanmar.")
    aid = [e for e in data["events"] if e["event"] == "AID"]
    assert aid and aid[0]["mode"] == "humanitarian"
    assert ("AID", "JPN", "MMR") in triples(aid)


def test_event_carries_offsets_cameo_and_score(pipeline):
    text = "Quiet week. Egypt accused Ethiopia of violating the accord."
    data = coded(pipeline, text)
    accuse = next(e for e in data["events"] if e["event"] == "ACCUSE")
    assert text[accuse["start"]:accuse["end"]] == accuse["text"]
    assert text[accuse["trigger"]["start"]:accuse["trigger"]["end"]] == "accused"
    assert accuse["cameo"].startswith("11") and accuse["quad_class"] == 3 and accuse["score"] < 0


def test_ban_on_own_territory_is_coercion(pipeline):
    data = coded(pipeline, "Police in Nairobi arrested dozens of demonstrators.", date="2024-03-01")
    assert ("COERCE", "KEN", "KEN") in triples(data["events"])


def test_wire_dateline_neither_blocks_coding_nor_becomes_an_actor(pipeline):
    text = ("NAIROBI, March 3 (Reuters) - Kenyan President William Ruto held talks with Ugandan President "
            "Yoweri Museveni on Tuesday.")
    data = coded(pipeline, text, date="2024-03-03")
    assert ("CONSULT", "KEN", "UGA") in triples(data["events"]) or ("CONSULT", "UGA", "KEN") in triples(data["events"])
    assert not any(a["name"] == "NAIROBI" for a in data["actors"])


def test_reported_pronoun_is_its_reporter(pipeline):
    data = coded(pipeline, "Bolivia says it will not accept any more refugees from Paraguay.")
    assert any(t[0] == "REJECT" and t[1] == "BOL" for t in triples(data["events"]))


def test_definite_noun_links_to_the_organisation_named_before(pipeline):
    text = ("Officials met at the Japanese Embassy in Lima. Later the embassy rejected the request from Peru.")
    data = coded(pipeline, text)
    assert ("REJECT", "JPN", "PER") in triples(data["events"])


def test_group_reference_after_a_compound_actor(pipeline):
    text = "Ghana and Togo signed a border treaty. They called on Burkina Faso to join it."
    found = triples(coded(pipeline, text)["events"])
    assert ("REQUEST", "GHA", "BFA") in found and ("REQUEST", "TGO", "BFA") in found
