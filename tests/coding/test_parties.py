"""Who acts on whom (coding/parties.py), on sentences written for the tests."""
from __future__ import annotations

import pytest

from dragoman.coding.parties import common_noun_tag
from dragoman.records import Article

pytestmark = pytest.mark.model


def _triples(pipeline, text: str) -> set[tuple[str, str, str | None]]:
    data = pipeline.process_one(Article(id="t", text=text, date="2024-05-02")).to_json()
    out = set()
    for e in data["events"]:
        actors = e["actor"] if isinstance(e["actor"], list) else [e["actor"]]
        recipients = e["recipient"] if isinstance(e["recipient"], list) else [e["recipient"]]
        out |= {(e["event"], a["code"], r["code"] if r else None) for a in actors for r in recipients}
    return out


@pytest.mark.parametrize("text, expected", [
    ("LUSAKA (AFP) - Police detained 14 miners after a strike at the copper mine.", ("COERCE", "ZMB", "ZMB")),
    ("Asuncion, 4 June (EFE).- Police detained 14 farmers near the border.", ("COERCE", "PRY", "PRY")),
    ("Dhaka, June 2 (IANS): Police detained 14 students after the rally.", ("COERCE", "BGD", "BGD")),
])
def test_an_agent_noun_after_a_dateline_acts_for_the_dateline_country(pipeline, text, expected):
    assert expected in _triples(pipeline, text)


def test_a_sentence_opening_noun_the_tagger_calls_a_name_is_a_common_noun(nlp):
    doc = nlp("QUITO (Reuters) - Soldiers blocked the road.")
    soldiers = next(t for t in doc if t.text == "Soldiers")
    assert common_noun_tag(soldiers) == "NNS"
    doc = nlp("Maria Lopez blocked the road.")
    assert common_noun_tag(doc[1]) is None  # a surname after a given name stays a name
    assert common_noun_tag(nlp("The police blocked the road.")[1]) == "NN"


@pytest.mark.parametrize("text, expected", [
    ("Chile's finance minister said the country had reached a deal with the World Bank.", ("AGREE", "CHL", "IGO")),
    ("Kenya hosted the summit. The country signed a trade deal with Uganda.", ("SUPPORT", "KEN", "UGA")),
])
def test_the_country_is_the_reporter_country_or_the_last_country_named(pipeline, text, expected):
    assert expected in _triples(pipeline, text)


def test_a_described_country_is_no_referent(pipeline):
    found = _triples(pipeline, "Kenya hosted the summit. A neighbouring country signed a trade deal with Uganda.")
    assert not any(actor == "KEN" and event == "SUPPORT" for event, actor, _ in found)


def test_a_meeting_place_of_several_countries_is_not_their_recipient(pipeline):
    triples = _triples(pipeline, "Greece, Cyprus and Egypt agreed to a future meeting on Crete.")
    assert ("AGREE", "CYP", "EGY") in triples or ("AGREE", "EGY", "CYP") in triples


def test_a_call_received_from_someone_is_a_call_with_them(pipeline):
    triples = _triples(pipeline, "Kenyan Foreign Minister Musalia Mudavadi received a phone call from his "
                                 "Ugandan counterpart on Monday.")
    assert ("CONSULT", "KEN", "UGA") in triples or ("CONSULT", "UGA", "KEN") in triples


def test_a_noun_trigger_under_a_second_verb_takes_the_first_verbs_subject(pipeline):
    triples = _triples(pipeline, "Chilean President Gabriel Boric visited the port on Monday and ordered the "
                                 "deployment of 800 soldiers to the border with Bolivia.")
    assert any(t[0] == "MOBILIZE" and t[1] == "CHL" for t in triples)
