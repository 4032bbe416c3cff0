"""Event gating on sentences written for the tests: who may act, and questions (issue 10, precision)."""
from __future__ import annotations

import pytest

from dragoman.records import Article

pytestmark = pytest.mark.model


def events_of(pipeline, text):
    return pipeline.process_one(Article(id="t", text=text, date="2024-05-02")).to_json()["events"]


def codes(events):
    out = set()
    for e in events:
        for a in e["actor"] if isinstance(e["actor"], list) else [e["actor"]]:
            for r in e["recipient"] if isinstance(e["recipient"], list) else [e["recipient"]]:
                out.add((e["event"], a["code"], r["code"] if r else None))
    return out


MEMOIR = ("Dhaka residents marked the day in Bangladesh. Farida Khanum grew up in a village near the river. "
          "Farida Khanum helped her neighbours rebuild the school. ")


def test_private_person_of_the_setting_codes_no_event(pipeline):
    events = events_of(pipeline, MEMOIR)
    assert not [e for e in events if e["event"] == "AID"]


def test_person_with_a_role_still_acts(pipeline):
    text = "Dhaka residents marked the day in Bangladesh. Foreign Minister Farida Khanum condemned the attack on Myanmar."
    assert ("ACCUSE", "BGD", "MMR") in codes(events_of(pipeline, text))


def test_person_the_text_places_abroad_still_acts(pipeline):
    """A code the sentence gives ("a Kenyan activist") is evidence, not the setting's default."""
    text = "Dhaka residents marked the day in Bangladesh. Kenyan activist Wanjiru Otieno condemned Myanmar."
    assert any(e == "ACCUSE" and a == "KEN" for e, a, _ in codes(events_of(pipeline, text)))


def test_question_reports_nothing_done(pipeline):
    events = events_of(pipeline, "Did France condemn the attack on Mali?")
    assert not [e for e in events if e["event"] == "ACCUSE"]


def test_statement_after_a_question_is_still_coded(pipeline):
    events = events_of(pipeline, "Why now? France condemned the attack on Mali.")
    assert ("ACCUSE", "FRA", "MLI") in codes(events)


def test_act_towards_an_unnamed_me_codes_no_event(pipeline):
    """"They helped me pack": no recipient but a private "me", so no fallback recipient is made up."""
    text = "Dhaka residents marked the day in Bangladesh. The soldiers helped me pack my bags."
    assert not [e for e in events_of(pipeline, text) if e["event"] == "AID"]


def test_act_towards_us_of_a_political_speaker_is_kept(pipeline):
    text = '"Russia helped us rebuild the bridges," the Syrian foreign minister said.'
    assert any(e == "AID" and a == "RUS" for e, a, _ in codes(events_of(pipeline, text)))


def test_when_asked_does_not_make_the_subject_the_asker(pipeline):
    text = "When asked about the treaty, President Lula said nothing."
    assert not [e for e in events_of(pipeline, text) if e["event"] == "REQUEST"]


def test_conceded_nothing_is_a_refusal_not_a_concession(pipeline):
    events = events_of(pipeline, "The Chinese government has conceded nothing to Taiwan.")
    assert not [e for e in events if e["event"] == "CONCEDE" and not e.get("negated")]
    assert [e for e in events if e["event"] == "REJECT"]


def test_unnamed_civilians_cooperating_code_no_event(pipeline):
    """Villagers meeting or helping one another is private life; the same people protesting is an event."""
    text = "Dhaka residents marked the day in Bangladesh. The villagers discussed the harvest with the farmers."
    assert not [e for e in events_of(pipeline, text) if e["event"] == "CONSULT"]


def test_unnamed_civilians_protesting_still_code_protest(pipeline):
    text = "Dhaka residents marked the day in Bangladesh. Thousands of villagers protested against the new dam."
    assert [e for e in events_of(pipeline, text) if e["event"] == "PROTEST"]


def test_my_family_is_private(pipeline):
    text = "Dhaka residents marked the day in Bangladesh. My family condemned the attack on Myanmar."
    assert not [e for e in events_of(pipeline, text) if e["event"] == "ACCUSE"]


def test_our_government_of_a_political_speaker_still_acts(pipeline):
    text = '"Our government condemned the attack on Mali," the French foreign minister said.'
    assert any(e == "ACCUSE" and a == "FRA" for e, a, _ in codes(events_of(pipeline, text)))


def test_speaker_owned_by_our_does_not_recurse(pipeline):
    """"Our leaders said": the speaker is itself owned by "our", which must not be resolved through itself."""
    events = events_of(pipeline, "Our leaders said our army helped us and we thanked our allies.")
    assert isinstance(events, list)


def test_support_for_an_issue_with_no_one_addressed_is_an_opinion(pipeline):
    events = events_of(pipeline, "The Polish government has long supported press freedom.")
    assert not [e for e in events if e["event"] == "SUPPORT"]


def test_support_for_a_country_is_still_coded(pipeline):
    events = events_of(pipeline, "The Polish government has long supported Ukraine.")
    assert ("SUPPORT", "POL", "UKR") in codes(events)


def test_speaking_to_a_broadcaster_is_an_interview_not_a_meeting(pipeline):
    events = events_of(pipeline, "The Kenyan foreign minister spoke to the BBC on Monday about the border.")
    assert not [e for e in events if e["event"] == "CONSULT"]


def test_speaking_to_a_minister_is_still_a_meeting(pipeline):
    events = events_of(pipeline, "The Kenyan foreign minister spoke to the Ugandan president on Monday.")
    assert ("CONSULT", "KEN", "UGA") in codes(events)


def test_civilians_announcing_a_blockade_threaten(pipeline):
    """The civilian reading (PROTEST) is for the act done, not for one announced: that is a threat."""
    text = "Angry Polish truckers said on Monday they would blockade Warsaw from Thursday."
    found = {e for e, _, _ in codes(events_of(pipeline, text))}
    assert "THREATEN" in found and "PROTEST" not in found


def test_agreeing_to_a_deployment_is_agreement_not_threat(pipeline):
    text = "Norway agreed to send two frigates to the Baltic Sea."
    found = {e for e, _, _ in codes(events_of(pipeline, text))}
    assert "THREATEN" not in found


def test_readiness_for_a_hostile_act_is_still_a_threat(pipeline):
    text = "The Bolivian government said it was ready to impose a curfew on the protesters."
    assert "THREATEN" in {e for e, _, _ in codes(events_of(pipeline, text))}


def test_an_idea_of_an_invasion_is_no_invasion(pipeline):
    text = "The idea that Venezuela is about to invade Guyana is absurd, Brazil's foreign minister said."
    assert not [e for e in events_of(pipeline, text) if e["event"] == "ASSAULT"]


def test_fears_of_an_attack_are_no_attack(pipeline):
    text = "Estonia raised its alert level amid fears of a Russian attack."
    assert not [e for e in events_of(pipeline, text) if e["event"] == "ASSAULT"]


def test_an_offered_apology_is_a_concession_to_the_one_met(pipeline):
    """"Offered an apology" is the apology (CONCEDE), not a promise; a verb conjoined to a meeting with no
    recipient of its own is addressed to the one met."""
    text = "Chilean Foreign Minister Ana Soto met the Peruvian ambassador in Santiago and offered an apology."
    found = codes(events_of(pipeline, text))
    assert ("CONCEDE", "CHL", "PER") in found
    assert not {t for t in found if t[0] == "AGREE"}


def test_accepting_an_apology_is_not_apologising(pipeline):
    text = "Peru's president said he accepted Chile's apology."
    assert not [e for e in events_of(pipeline, text) if e["event"] == "CONCEDE" and e["actor"]["code"] == "PER"]


def types_of(pipeline, text):
    return {e["event"] for e in events_of(pipeline, text)}


def test_a_verbal_attack_for_something_is_an_accusation(pipeline):
    text = "Canadian Prime Minister Mark Lund attacked the Danish government for its fishing quotas."
    found = types_of(pipeline, text)
    assert "ACCUSE" in found and "ASSAULT" not in found


def test_a_politician_attacking_a_politician_is_words(pipeline):
    text = "Senator Maria Olsen attacked Governor Peter Hall during the televised debate."
    assert "ASSAULT" not in types_of(pipeline, text)


def test_an_attack_on_a_town_is_still_an_assault(pipeline):
    assert "ASSAULT" in types_of(pipeline, "Rebel fighters attacked the town of Goma on Sunday.")


def test_entering_a_country_is_travel_unless_soldiers_enter(pipeline):
    assert "MOBILIZE" not in types_of(pipeline, "Nigeria's health minister entered Ghana on Monday.")
    assert "MOBILIZE" in types_of(pipeline, "Russian troops entered Georgia on Monday.")


def test_talking_about_something_alone_is_no_meeting(pipeline):
    text = "Dutch Foreign Minister Anna de Vries talked about her childhood in Suriname."
    assert "CONSULT" not in types_of(pipeline, text)


def test_remembering_is_no_recall_of_an_envoy(pipeline):
    text = "German Chancellor Karl Weber recalled visiting Poland as a student."
    assert "SANCTION" not in types_of(pipeline, text)


def test_suggesting_a_fact_is_no_proposal(pipeline):
    text = "The Chilean Interior Ministry suggested the driver had fallen asleep."
    assert "AGREE" not in types_of(pipeline, text)


def test_fighting_a_disease_is_no_assault(pipeline):
    assert "ASSAULT" not in types_of(pipeline, "The Indian government said it was fighting the outbreak.")


def test_a_storm_warning_is_no_threat(pipeline):
    text = "Cuba's weather service issued a hurricane warning for the eastern provinces."
    assert "THREATEN" not in types_of(pipeline, text)


def test_suspending_a_campaign_is_no_sanction(pipeline):
    text = "Brazilian Senator Paulo Lima suspended his presidential campaign on Friday."
    assert "SANCTION" not in types_of(pipeline, text)


def test_a_ban_naming_no_one_binds_at_home(pipeline):
    """A ban with no one named it binds is domestic coercion, not a sanction on the story's setting."""
    text = "Dhaka residents marked the day in Bangladesh. The Egyptian government banned the wearing of masks."
    assert ("COERCE", "EGY", "EGY") in codes(events_of(pipeline, text))


def test_an_extended_curfew_is_coercion(pipeline):
    found = types_of(pipeline, "The Kenyan government extended the curfew in Nairobi.")
    assert "COERCE" in found and "SANCTION" not in found


def test_a_captured_town_is_taken_by_force(pipeline):
    found = types_of(pipeline, "Ethiopian troops captured the town of Shire on Saturday.")
    assert "ASSAULT" in found and "COERCE" not in found


def test_captured_people_are_still_coerced(pipeline):
    assert "COERCE" in types_of(pipeline, "Ethiopian troops captured three Eritrean soldiers on Saturday.")


def test_a_sanction_someone_would_impose_is_not_imposed(pipeline):
    """The noun object of a verb of its own type is that verb's act, with the verb's modality."""
    text = "Canberra said it would impose a sanction on Fiji if the coup went ahead."
    assert "SANCTION" not in types_of(pipeline, text)


def test_rejected_allegations_are_not_the_rejecters_accusation(pipeline):
    found = codes(events_of(pipeline, "Cambodia accused Thailand of shelling. Thailand called the allegations groundless."))
    assert ("ACCUSE", "THA", "THA") not in found and ("ACCUSE", "KHM", "THA") in found


def test_a_government_saying_it_may_expel_threatens(pipeline):
    found = types_of(pipeline, "The Kenyan government says it may expel the Somali diplomats.")
    assert "THREATEN" in found


def test_a_prediction_about_another_is_no_threat(pipeline):
    assert "THREATEN" not in types_of(pipeline, "Turkey said Iran could attack Iraq.")


def test_leaders_who_are_to_meet_have_agreed_to_meet(pipeline):
    found = codes(events_of(pipeline, "Ghanaian President Kofi Mensah and Togo's president are to meet on Friday in Lome."))
    assert any(e == "AGREE" for e, _, _ in found) and not any(e == "CONSULT" for e, _, _ in found)


def test_a_withdrawal_pressed_for_is_not_done(pipeline):
    text = "Pressure for a Syrian withdrawal from Lebanon has grown since the assassination."
    assert "RETREAT" not in types_of(pipeline, text)


def test_not_brave_enough_to_admit_is_neither_admission_nor_refusal(pipeline):
    text = "Iran's president said the British government was not brave enough to admit its mistake."
    found = types_of(pipeline, text)
    assert "CONCEDE" not in found and "REJECT" not in found


def test_a_suspension_naming_no_one_is_coercion_at_home(pipeline):
    text = "The Zambian government ordered the opposition newspaper to suspend publication."
    assert any(e == "COERCE" and a == r == "ZMB" for e, a, r in codes(events_of(pipeline, text)))


def test_sanctions_in_a_describing_clause_are_backdrop(pipeline):
    text = "Guinea, which was placed under ECOWAS sanctions after the coup, sent no observers to Mali."
    assert not [e for e in events_of(pipeline, text) if e["event"] == "SANCTION"]


def test_asking_whether_is_a_question_not_a_demand(pipeline):
    text = "Senator Ana Ruiz of Chile asked whether Peru had paid its debts."
    assert "REQUEST" not in types_of(pipeline, text)


def test_asking_someone_to_act_is_still_a_request(pipeline):
    assert "REQUEST" in types_of(pipeline, "Chile asked Peru to release the fishermen.")


def test_questioning_whether_is_doubt_not_accusation(pipeline):
    assert "ACCUSE" not in types_of(pipeline, "Kenyan officials questioned whether the virus caused the deaths.")


def test_declining_to_comment_rejects_no_one(pipeline):
    assert "REJECT" not in types_of(pipeline, "The Greek foreign ministry declined to comment on the report.")


def test_cancelling_ones_own_speech_rejects_no_one(pipeline):
    text = "French President Louis Martin cancelled an address he was to give in Lyon."
    assert "REJECT" not in types_of(pipeline, text)


def test_a_law_that_allows_is_no_concession(pipeline):
    text = "Until recently, Nigerian law allowed officials to hold two passports."
    assert "CONCEDE" not in types_of(pipeline, text)


def test_a_camera_capturing_an_arrival_seizes_nothing(pipeline):
    text = "Security cameras of the Ghanaian police captured their arrival at the embassy."
    found = types_of(pipeline, text)
    assert "COERCE" not in found and "PROTEST" not in found


def test_helping_to_broker_a_deal_is_no_aid(pipeline):
    text = "Qatari Foreign Minister Ali Thani helped broker a deal between Sudan and Chad."
    assert "AID" not in types_of(pipeline, text)


def test_a_guess_suggested_is_no_proposal(pipeline):
    text = "Mexican government scientists suggested the storm would weaken before landfall."
    assert "AGREE" not in types_of(pipeline, text)


def test_an_army_preparing_to_shell_mobilizes(pipeline):
    found = types_of(pipeline, "The Nigerian army prepared to resume shelling the rebel-held villages.")
    assert "MOBILIZE" in found and "ASSAULT" not in found


def test_the_purpose_of_an_act_asked_for_is_not_done(pipeline):
    text = "The Red Cross said Kenyan forces must secure the roads to allow food to reach Somalia."
    assert not [e for e in events_of(pipeline, text) if e["event"] == "CONCEDE"]


def test_insisting_on_a_fact_is_no_demand(pipeline):
    text = "The Turkish government insisted the unrest reflected old ethnic tensions."
    assert "REQUEST" not in types_of(pipeline, text)


def test_an_act_in_an_allegation_is_not_asserted(pipeline):
    text = "Ukraine's president rejected the allegation that his troops had shelled the Russian village."
    assert not [e for e in events_of(pipeline, text) if e["event"] == "ASSAULT"]


def test_calling_the_police_on_a_day_is_no_call_on(pipeline):
    """A preposition heading a date is no particle: "called ... on Sunday" is not "called on"."""
    assert "REQUEST" not in types_of(pipeline, "A Kenyan farmer called the police in Nakuru on Sunday.")


def test_an_act_dated_to_an_earlier_year_is_history(pipeline):
    text = "Eritrea and Ethiopia fought a war over the border town of Badme in 1998."
    assert "ASSAULT" not in types_of(pipeline, text)


def test_an_act_of_this_year_is_news(pipeline):
    text = "Eritrean troops attacked the Ethiopian town of Zalambessa in 2024."
    assert "ASSAULT" in types_of(pipeline, text)
