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


def test_host_named_with_its_guests_is_the_recipient_not_an_actor(pipeline):
    text = ("Foreign Minister Amina Odhiambo of Kenya and her Ugandan and Tanzanian counterparts gathered in "
            "Nairobi on Monday.")
    found = triples(coded(pipeline, text)["events"])
    assert ("CONSULT", "UGA", "KEN") in found and ("CONSULT", "TZA", "KEN") in found
    assert ("CONSULT", "KEN", "KEN") not in found


def test_purpose_of_a_coded_act_is_not_a_second_act(pipeline):
    data = coded(pipeline, "Students staged a rally in Lagos to demand lower fees.")
    assert {t[0] for t in triples(data["events"])} == {"PROTEST"}
    assert any(e["event"] == "REQUEST" and e.get("hypothetical") for e in data["unasserted_events"])


def test_civilians_gathering_with_no_place_named_protest_at_home(pipeline):
    found = triples(coded(pipeline, "Thousands of Kenyans gathered outside the parliament on Friday.")["events"])
    assert found == {("PROTEST", "KEN", "KEN")}


def test_gathering_verb_with_an_object_is_no_meeting(pipeline):
    data = coded(pipeline, "Workers in Hungary assembled rifles under a Czech licence.")
    assert not data["events"]


def test_condition_on_the_threatened_act_gives_the_recipient(pipeline):
    found = triples(coded(pipeline, "Bolivia threatened to close the border unless Chile lifted its tariffs.")["events"])
    assert ("THREATEN", "BOL", "CHL") in found and ("THREATEN", "BOL", "BOL") not in found


def test_act_promised_unless_a_condition_is_met_is_a_threat(pipeline):
    text = "Norway announced it will withdraw its observers from Sudan unless the fighting stops."
    found = triples(coded(pipeline, text)["events"])
    assert ("THREATEN", "NOR", "SDN") in found and not any(t[0] == "AGREE" for t in found)


def test_mutual_act_of_a_compound_actor_pairs_its_members(pipeline):
    found = triples(coded(pipeline, "Chile and Peru upgraded their diplomatic ties.")["events"])
    assert ("SUPPORT", "CHL", "PER") in found or ("SUPPORT", "PER", "CHL") in found
    assert not any(t[2] is None for t in found)


def test_what_is_agreed_to_is_not_reported_as_happening(pipeline):
    found = triples(coded(pipeline, "Israel agreed to Egyptian mediation.")["events"])
    assert ("AGREE", "ISR", "EGY") in found and not any(t[0] == "CONSULT" for t in found)


def test_discussed_topic_is_not_a_recipient(pipeline):
    found = triples(coded(pipeline, "Kenya and Uganda discussed Somalia.")["events"])
    assert ("CONSULT", "KEN", "UGA") in found or ("CONSULT", "UGA", "KEN") in found
    assert not any(t[2] == "SOM" for t in found)


def test_relative_pronoun_recipient_is_its_antecedent(pipeline):
    found = triples(coded(pipeline, "Serbia sent envoys to Kosovo, which Belgrade does not recognize.")["events"])
    assert ("REJECT", "SRB", "XKX") in found


def test_country_named_after_its_adjective_is_still_a_party(pipeline):
    found = triples(coded(pipeline, "Cypriot fishermen protested in Athens on Monday. Turkey condemned Cyprus.")["events"])
    assert ("ACCUSE", "TUR", "CYP") in found and ("ACCUSE", "TUR", "GRC") not in found


def test_they_means_the_last_body_that_acted_not_one_person(pipeline):
    body = "Ghana and Togo met in Lome. The Nigerian Foreign Ministry condemned the meeting. They invited Benin to talks."
    assert ("AGREE", "NGA", "BEN") in triples(coded(pipeline, body)["events"])
    person = ("Egypt and Jordan held talks in Cairo. The Libyan minister joined the talks. "
              "They called on Israel to halt the raids.")
    found = triples(coded(pipeline, person)["events"])
    assert ("REQUEST", "EGY", "ISR") in found and ("REQUEST", "JOR", "ISR") in found
    assert ("REQUEST", "LBY", "ISR") not in found


def test_what_someone_needs_to_do_is_not_reported_as_done(pipeline):
    data = coded(pipeline, "Kenya said Uganda needs to support the plan.")
    found = triples(data["events"])
    assert ("REQUEST", "KEN", "UGA") in found and not any(t[0] == "SUPPORT" for t in found)


def test_speaker_of_a_coordinated_speech_verb(pipeline):
    found = triples(coded(pipeline, "The Kenyan president toured Kampala and said Uganda must open its border.")["events"])
    assert ("REQUEST", "KEN", "UGA") in found


def test_leaders_of_member_states_act_for_the_organisation(pipeline):
    found = triples(coded(pipeline, "Leaders of ASEAN member states met in Hanoi on Monday.")["events"])
    assert found == {("CONSULT", "IGO", "VNM")}


def test_people_listed_after_a_title_each_act(pipeline):
    text = "Presidents Anna Kovac of Croatia and Marko Horvat of Slovenia signed the accord on Sunday."
    found = triples(coded(pipeline, text)["events"])
    assert ("SUPPORT", "HRV", "SVN") in found or ("SUPPORT", "SVN", "HRV") in found


def test_ethnic_group_acts_for_the_country_it_lives_in(pipeline):
    found = triples(coded(pipeline, "Hundreds of ethnic Hungarians demonstrated in Romania on Sunday.")["events"])
    assert found == {("PROTEST", "ROU", "ROU")}


def test_acknowledging_an_own_attack_is_a_concession(pipeline):
    text = "Officials in Tehran acknowledged that their air defences had shot down a Canadian airliner."
    found = triples(coded(pipeline, text)["events"])
    assert ("CONCEDE", "IRN", "CAN") in found and not any(t[0] == "SUPPORT" for t in found)
    other = triples(coded(pipeline, "Ecuador acknowledged that Colombian rebels had attacked the border post.")["events"])
    assert ("ASSAULT", "COL", "ECU") in other and not any(t[0] in ("SUPPORT", "CONCEDE") for t in other)
    plain = triples(coded(pipeline, "The Peruvian minister acknowledged the contribution of Chilean investors.")["events"])
    assert ("SUPPORT", "PER", "CHL") in plain


def test_possessive_pronoun_means_the_subject_of_its_clause(pipeline):
    found = triples(coded(pipeline, "The African Union reiterated its demand that Sudan release the prisoners.")["events"])
    assert ("REQUEST", "IGO", "SDN") in found


def test_supporters_of_a_leader_are_civilians(pipeline):
    found = triples(coded(pipeline, "Supporters of the former president blocked roads in Algiers on Sunday.")["events"])
    assert ("PROTEST", "DZA", "DZA") in found and not any(t[0] == "COERCE" for t in found)


def test_withdrawing_from_a_treaty_rejects_it(pipeline):
    found = triples(coded(pipeline, "Last year Brazil withdrew from a fisheries treaty with Argentina.")["events"])
    assert found == {("REJECT", "BRA", "ARG")}


def test_what_is_ceded_goes_to_the_recipient(pipeline):
    found = triples(coded(pipeline, "Portugal relinquished control of Macau to China on Monday.")["events"])
    assert found == {("RETREAT", "PRT", "CHN")}


def test_participle_telling_more_of_a_coded_act_is_not_a_second_act(pipeline):
    found = triples(coded(pipeline, "Thousands of Chileans marched in Santiago on Sunday, calling for lower fares.")["events"])
    assert found == {("PROTEST", "CHL", "CHL")}


def test_purpose_of_an_act_with_an_object_is_its_intent(pipeline):
    data = coded(pipeline, "Nigeria summoned the Ghanaian ambassador to complain about the border raids.")
    assert triples(data["events"]) == {("ACCUSE", "NGA", "GHA")}


def test_participle_describing_a_noun_is_background(pipeline):
    data = coded(pipeline, "Sudan shortened the nightly curfew imposed in Khartoum last month.")
    assert {t[0] for t in triples(data["events"])} == {"CONCEDE"}
    assert data["background_events"]


def test_relative_clause_is_background_but_a_where_clause_is_news(pipeline):
    data = coded(pipeline, "Chile condemned the Bolivian rebels, who attacked a Chilean border post in 2019.")
    assert triples(data["events"]) == {("ACCUSE", "CHL", "BOL")}
    assert ("ASSAULT", "BOL", "CHL") in triples(data["background_events"])
    summit = coded(pipeline, "Leaders met in Accra for a summit where Ghana and Togo signed a border treaty.")
    assert ("SUPPORT", "GHA", "TGO") in triples(summit["events"]) or \
        ("SUPPORT", "TGO", "GHA") in triples(summit["events"])


def test_what_an_act_answers_is_its_backdrop(pipeline):
    data = coded(pipeline, "Armenia shelled Azerbaijani positions in retaliation for the Azerbaijani raid on "
                           "Armenian villages.")
    assert triples(data["events"]) == {("ASSAULT", "ARM", "AZE")}
    answered = [e for e in data["background_events"] if e["trigger"]["text"] == "raid"]
    assert answered and not any(e["trigger"]["text"] == "raid" for e in data["events"])
    reply = coded(pipeline, "Peru recalled its ambassador in response to the Chilean sanctions.")
    assert not any(e["trigger"]["text"] == "sanctions" for e in reply["events"])
    assert any(e["trigger"]["text"] == "sanctions" for e in reply["background_events"])


def test_demand_with_no_addressee_has_no_recipient(pipeline):
    found = triples(coded(pipeline, "Greek opposition leader Nikos Andreou demanded immediate elections.")["events"])
    assert found == {("REQUEST", "GRC", None)}


@pytest.mark.parametrize("text", [
    "Chinese President Xi Jinping's planned visit to Hanoi was discussed on Monday.",
    "The upcoming visit of Chilean President Gabriel Boric to Peru was announced.",
    "The proposed summit between Peru and Chile was discussed on Friday.",
])
def test_a_planned_or_proposed_event_is_hypothetical(pipeline, text):
    data = coded(pipeline, text)
    assert not any(t[0] == "CONSULT" for t in triples(data["events"]))
    assert any(e["event"] == "CONSULT" and e.get("hypothetical") for e in data["unasserted_events"])


@pytest.mark.parametrize("text", [
    "Chile planned to visit Peru next month.",
    "The Kenyan government is seeking to host talks with Uganda.",
])
def test_an_act_someone_plans_or_seeks_is_hypothetical(pipeline, text):
    data = coded(pipeline, text)
    assert not any(t[0] == "CONSULT" for t in triples(data["events"]))
    assert any(e["event"] == "CONSULT" and e.get("hypothetical") for e in data["unasserted_events"])


def test_the_same_event_noun_unmodified_is_asserted(pipeline):
    data = coded(pipeline, "Chinese President Xi Jinping's visit to Hanoi was discussed on Monday.")
    assert any(t[0] == "CONSULT" and t[1] == "CHN" for t in triples(data["events"]))


def test_a_common_region_word_does_not_make_a_foreign_country(pipeline):
    """"the North" once resolved to North Salt Lake, and the rebels there became American."""
    data = coded(pipeline, "Sudanese troops attacked rebels in the North on Monday.")
    assert not any("USA" in t for t in triples(data["events"]))



PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


def test_event_rules_file_holds_plover_types_and_sectors():
    """The type sets and data/event_rules.toml's readings name PLOVER types, its sector list PLOVER sectors."""
    from dragoman.coding import event_rules as rules

    for types in (rules.CIVIL_ACTS, rules.ADDRESSED, rules.SYMMETRIC, rules.CONFLICT, rules.PLACE_TARGETED,
                  rules.REFUSABLE, rules.DOMESTIC_DEFAULT):
        assert types and types <= PLOVER_TYPES
    assert all(r.event in PLOVER_TYPES and r.to in PLOVER_TYPES | {""} for r in rules.READINGS)
    assert rules.CIVILIAN <= {"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "PTY", "REB", "OPP", "BUS", "CVL", "MED",
                               "EDU", "REL", "LAB", "REF", "ELI"}
    assert "ban" in rules.RESTRICTIVE and "insist" in rules.DEMAND_FRAMES
