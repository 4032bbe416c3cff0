"""Actor resolution on sentences written for the tests (not from the sample corpus)."""
from __future__ import annotations

import pytest

from dragoman.records import Article

pytestmark = pytest.mark.model


def actors_of(pipeline, text, date="2024-05-02"):
    result = pipeline.process_one(Article(id="t", text=text, date=date))
    return {a.name: a for a in result.actors}


def test_title_and_nationality_give_code_and_sector(pipeline):
    found = actors_of(pipeline, "Kazakh President Kassym-Jomart Tokayev received Uzbek Foreign Minister "
                                "Bakhtiyor Saidov in Astana on Monday.")
    saidov = found["Bakhtiyor Saidov"]
    assert (saidov.code, saidov.sector) == ("UZB", "GOV")


def test_apposition_with_capital_gives_country(pipeline):
    found = actors_of(pipeline, "Ivan Petrovsky, the Mayor of Minsk, opened the new bridge. Petrovsky said it cost "
                                "less than planned.")
    assert found["Ivan Petrovsky"].code == "BLR"
    assert "Petrovsky" not in found  # the later surname mention links to the full name


def test_company_in_apposition_is_an_organisation(pipeline):
    found = actors_of(pipeline, "Kyrgyzstan's state gas company, Kyrgyzgazprom Holding, signed a supply contract.")
    org = next(a for a in found.values() if a.kind == "organization" and "gazprom" in a.name.lower())
    assert org.code == "KGZ"


def test_gazetteer_organisation(pipeline):
    found = actors_of(pipeline, "NATO held a summit while Gazprom cut deliveries.")
    assert found["North Atlantic Treaty Organization"].code == "IGO" or found.get("NATO", None) is not None
    assert any(a.code == "RUS" and a.kind == "organization" for a in found.values())


def test_capital_as_actor_is_country_government(pipeline):
    found = actors_of(pipeline, "Ankara condemned the decision.")
    assert any(a.kind == "country" and a.code == "TUR" for a in found.values())


def test_story_is_set_where_things_happen_not_where_a_trip_was_planned(pipeline):
    found = actors_of(pipeline, "Officials said the minister's planned trip to Lisbon was cancelled. Speaking in "
                                "Ottawa on Monday, spokesman Jonas Marlowe said talks would resume.")
    assert found["Jonas Marlowe"].code == "CAN"


def test_story_without_a_city_is_set_in_the_country_named_as_a_place(pipeline):
    found = actors_of(pipeline, "Armenia said its forces would respond. Azerbaijani units pushed into Georgia on "
                                "Monday, and fighting continued in Georgia. Spokesman Levan Beridze said Armenia and "
                                "Azerbaijan must stop.")
    assert found["Levan Beridze"].code == "GEO"


# ---- evidence in the text before the dictionaries, and the dictionaries before the setting (issue 10)
def test_nationality_in_apposition_gives_a_company_its_country(pipeline):
    found = actors_of(pipeline, "Speaking in Nairobi, Velmorax, the French carmaker, said it would build a plant.")
    assert found["Velmorax"].code == "FRA"


def test_diplomat_at_a_foreign_embassy_acts_for_the_embassy_country(pipeline):
    found = actors_of(pipeline, "Ana Quiroga, first secretary at the Chilean embassy in Lima, was summoned by "
                                "the Peruvian foreign ministry on Monday.")
    assert found["Ana Quiroga"].code == "CHL"


def test_nationality_of_the_body_a_role_belongs_to(pipeline):
    found = actors_of(pipeline, "The Kenyan delegation's spokesman, Otieno Wambua, said the talks in Geneva "
                                "went well.")
    assert found["Otieno Wambua"].code == "KEN"


def test_copular_role_is_evidence_like_an_apposition(pipeline):
    found = actors_of(pipeline, "Israeli officials met in Jerusalem. Samir Haddadin is a senior Hamas official "
                                "in Gaza.")
    assert found["Samir Haddadin"].code == "PSE"


def test_a_name_beside_a_titled_name_gives_it_no_country(pipeline):
    found = actors_of(pipeline, "Speaking in Manama, in an interview with Der Spiegel, King Faisal bin Omar "
                                "Al Tamimi denied there was a crisis.")
    assert found["Faisal bin Omar Al Tamimi"].code != "DEU"


def test_civil_society_head_word_makes_an_ngo_whatever_country_its_name_carries(pipeline):
    found = actors_of(pipeline, "The Oslo Palestine Solidarity Association and the Danish Refugee Friends "
                                "Society protested in Copenhagen.")
    ngos = [a for a in found.values() if a.kind == "organization" and a.code == "NGO"]
    assert any("Solidarity Association" in a.name for a in ngos)


def test_a_person_heading_an_ngo_acts_for_it(pipeline):
    found = actors_of(pipeline, "\"We will appeal,\" said Mairead Quinlan, head of the Galway Palestine "
                                "Solidarity Campaign, in Jerusalem.")
    assert found["Mairead Quinlan"].code == "NGO"


def test_described_as_a_rights_group_is_an_ngo(pipeline):
    found = actors_of(pipeline, "Two members of the London-based rights group Freedom Watch Bahrain were "
                                "deported from Manama.")
    org = next(a for a in found.values() if a.kind == "organization" and "Freedom" in a.name)
    assert org.code == "NGO"


def test_a_square_or_a_town_is_no_actor(pipeline):
    found = actors_of(pipeline, "Protesters returned to Liberty Square in Manama, and police cleared Pearl "
                                "Roundabout before dawn.")
    assert not any(a.kind in ("person", "organization") and ("Square" in a.name or "Roundabout" in a.name)
                   for a in found.values())


def test_a_person_of_the_phoenix_lists_keeps_his_country_against_the_setting(pipeline):
    found = actors_of(pipeline, "Speaking in Canberra on Monday, Laisenia Qarase said the talks had failed.",
                      date="2005-03-01")
    assert found["Laisenia Qarase"].code == "FJI"


def test_a_body_of_the_phoenix_lists_is_coded_by_its_whole_name(pipeline):
    found = actors_of(pipeline, "The American Friends Service Committee said in Amman that aid had stopped.")
    assert found["American Friends Service Committee"].code == "NGO"


def test_a_listed_company_gets_its_home_country_when_the_text_gives_none(pipeline):
    found = actors_of(pipeline, "Officials in Nairobi said Dropbox would help the project.")
    assert found["Dropbox"].code == "USA"


# ---- recipients: the owner of what is acted on, peoples, lists (issue 10)
def events_of(pipeline, text, date="2024-05-02"):
    result = pipeline.process_one(Article(id="t", text=text, date=date))
    return [(e.event, [(p.code, p.sector) for p in e.actor], [(p.code, p.sector) for p in e.recipient])
            for e in result.events]


def test_raid_on_a_foreign_consulate_is_towards_its_country(pipeline):
    found = events_of(pipeline, "Bolivian police raided the Chilean consulate in La Paz on Monday.")
    assert ("COERCE", [("BOL", "COP")], [("CHL", "GOV")]) in found


def test_refugees_named_by_nationality_are_that_country_ref(pipeline):
    found = events_of(pipeline, "Lebanese police arrested 45 Syrian refugees in Beirut.")
    assert ("COERCE", [("LBN", "COP")], [("SYR", "REF")]) in found


def test_a_people_spanning_states_takes_the_story_country_and_the_of_phrase_sector(pipeline):
    found = events_of(pipeline, "Police in Colombo detained three Tamil members of parliament on Tuesday.")
    assert ("COERCE", [("LKA", "COP")], [("LKA", "LEG")]) in found


def test_a_people_outside_its_countries_takes_its_first_country(pipeline):
    found = events_of(pipeline, "In Berlin, police questioned two Tamil activists.")
    assert any(rec and rec[0][0] == "LKA" for _, _, rec in found)


def test_a_group_joined_by_listed_members_acts_as_each_member(pipeline):
    found = events_of(pipeline, "A maritime task force joined by France, Italy, Spain and Greece attacked a "
                                "Libyan ship.")
    event = next(e for e in found if e[0] == "ASSAULT")
    assert {code for code, _ in event[1]} == {"FRA", "ITA", "ESP", "GRC"} and event[2][0][0] == "LBY"


def test_a_coalition_including_members_acts_as_each_member(pipeline):
    found = events_of(pipeline, "A coalition including Kenya, Uganda and Ethiopia attacked Somali militants.")
    event = next(e for e in found if e[0] == "ASSAULT")
    assert {code for code, _ in event[1]} == {"KEN", "UGA", "ETH"}


def test_the_country_a_story_is_about_outranks_a_capital_named_in_passing(pipeline):
    found = actors_of(pipeline, "The coup in the island nation of Tuvalu drew condemnation. Canberra said it was "
                                "watching Tuvalu closely, and Tuvalu's neighbours called for calm. Spokesman "
                                "Sione Taufa said order would return soon.")
    assert found["Sione Taufa"].code == "TUV"


def test_a_border_crossing_name_is_not_a_person(pipeline):
    found = actors_of(pipeline, "Israel reopened the Kerem Shalom crossing on Sunday, and trucks entered Gaza.")
    assert not any(a.kind == "person" for a in found.values())


def test_the_president_of_a_regional_commission_acts_for_an_igo(pipeline):
    found = events_of(pipeline, "The president of a regional commission condemned the coup in Niger.")
    assert any(event == "ACCUSE" and actor[0][0] == "IGO" for event, actor, _ in found)


def test_the_regional_bloc_is_an_igo_not_a_crowd(pipeline):
    found = events_of(pipeline, "The regional bloc imposed sanctions on Mali.")
    assert ("SANCTION", [("IGO", "GOV")], [("MLI", "GOV")]) in found


def test_the_portfolio_of_a_ministers_title_is_no_organisation(pipeline):
    found = actors_of(pipeline, "Kenyan Minister of the Interior Joseph Otieno issued a statement in Nairobi.")
    assert not any(a.kind == "organization" and a.name == "Interior" for a in found.values())
    assert found["Joseph Otieno"].code == "KEN"



@pytest.mark.parametrize("text, place", [
    ("Colonel Omar Bakari has been spotted in the village of Sadanpoini, officials said.", "Sadanpoini"),
    ("The army took the airport and Anjouan's capital, Mutsamudu, on Tuesday.", "Mutsamudu"),
    ("Drones struck the Khurais oil field before dawn.", "Khurais"),
])
def test_a_name_beside_a_place_noun_is_a_place(pipeline, text, place):
    found = actors_of(pipeline, text)
    assert not (place in found and found[place].kind in ("person", "organization"))


def test_the_town_of_a_title_before_a_name_is_not_part_of_the_name(pipeline):
    found = actors_of(pipeline, "Mayor of Koszalin Piotr Jedlinski has declared a day of mourning.")
    assert ("Piotr Jedlinski" in found and found["Piotr Jedlinski"].code == "POL"
            and "Koszalin Piotr Jedlinski" not in found)


def test_a_conflict_act_on_a_foreign_countrys_property_is_towards_it(pipeline):
    found = events_of(pipeline, "Officials in Moscow said on Monday that a Russian submarine had entered "
                                "Norwegian territorial waters.")
    assert any(event == "MOBILIZE" and actor[0][0] == "RUS" and recipient and recipient[0][0] == "NOR"
               for event, actor, recipient in found)


def test_the_people_acted_on_keep_the_nationality_they_were_introduced_with(pipeline):
    found = events_of(pipeline, "Speaking in Tehran, officials said 12 Azerbaijani fishermen were detained last "
                                "week. Iran released the fishermen on Monday.")
    assert any(event == "RETREAT" and actor[0][0] == "IRN" and recipient and recipient[0][0] == "AZE"
               for event, actor, recipient in found)


def test_a_document_is_no_organisation(pipeline):
    found = actors_of(pipeline, "Today the president signed a new Executive Order that widens sanctions on Belarus.")
    assert not any(a.kind == "organization" and "Order" in a.name for a in found.values())


def test_a_bare_description_is_no_named_actor_but_still_a_recipient(pipeline):
    text = "The Eritrean government continued its ban against NGO activities in the country."
    assert not any(a.kind == "organization" and a.name == "NGO" for a in actors_of(pipeline, text).values())
    assert any(recipient and recipient[0][0] == "NGO" for _, _, recipient in events_of(pipeline, text))


def test_a_name_compounded_with_temple_is_a_place(pipeline):
    found = actors_of(pipeline, "The two armies clashed near the 900-year-old Preah Vihear temple.")
    assert not any(a.kind in ("person", "organization") for a in found.values())


def test_a_recipient_found_inside_a_phrase_brings_its_conjuncts(pipeline):
    found = events_of(pipeline, "Venezuelan officials chastised the West, particularly Spain and Portugal.")
    event = next(e for e in found if e[0] == "ACCUSE")
    assert {code for code, _ in event[2]} == {"ESP", "PRT"}


def test_they_after_a_list_of_reporters_is_every_one_of_them(pipeline):
    found = events_of(pipeline, "On Monday, Mali, Niger and Chad said they had cut relations with France.")
    event = next(e for e in found if e[0] == "SANCTION")
    assert {code for code, _ in event[1]} == {"MLI", "NER", "TCD"} and event[2][0][0] == "FRA"


def test_a_person_at_an_institution_named_after_a_place_takes_its_country(pipeline):
    found = actors_of(pipeline, "Speaking in Tehran, Maria Lopez, a professor at the University of Miami, said the "
                                "study was sound.")
    assert found["Maria Lopez"].code == "USA"


def test_a_leader_named_only_in_his_administration_is_no_person_but_gives_its_country(pipeline):
    text = "Critics in Jakarta said the Obama administration had pledged too little."
    assert not any(a.kind == "person" for a in actors_of(pipeline, text).values())
    assert any(actor and actor[0][0] == "USA" for _, actor, _ in events_of(pipeline, text))


@pytest.mark.parametrize("text, name, code", [
    ("Israel has freed prisoners. But as Daniel Levin reports from VOA's Jerusalem bureau, reaction is mixed.",
     "Daniel Levin", "USA"),
    ("In Nairobi, Jane Mwangi, who works for the African Union, said the talks had failed.", "Jane Mwangi", "IGO"),
])
def test_whom_a_person_reports_or_works_for_gives_the_code(pipeline, text, name, code):
    assert actors_of(pipeline, text)[name].code == code


def test_a_descriptor_noun_keeps_the_nationality_it_was_introduced_with(pipeline):
    found = actors_of(pipeline, "The Nepali team arrived in Washington. \"We are happy,\" team member Sita Gurung "
                                "said.")
    assert found["Sita Gurung"].code == "NPL"


def test_a_us_state_named_after_a_country_is_the_state(pipeline):
    found = actors_of(pipeline, "Former New Mexico governor Gary Johnson spoke in Ottawa on Monday.")
    assert found["Gary Johnson"].code == "USA"


def test_a_namesake_with_another_role_does_not_take_the_phoenix_role(pipeline):
    found = actors_of(pipeline, "Kamloops RCMP Constable Gary Gray said fentanyl had become a popular drug in "
                                "Canada.", date="2020-07-01")
    assert found["Gary Gray"].code == "CAN"


@pytest.mark.parametrize("text, name", [
    ("Next, we tested the washing water that the artefacts had been kept in.", "Next"),
    ("He appeared in Avengers: Infinity War and later in other films in Los Angeles.", "Avengers"),
])
def test_common_words_are_no_listed_company_or_armed_group(pipeline, text, name):
    found = actors_of(pipeline, text)
    assert name not in found or found[name].code in (None, "USA")


# ---- second round (issue 10, part 2): peers in a list, causes in a name, facilities


def test_listed_peer_does_not_lend_its_country(pipeline):
    found = actors_of(pipeline, "In Ottawa, the Ireland Palestine Solidarity Campaign and the Maple Leaf Peace "
                                "Network held a vigil.")
    assert found["Maple Leaf Peace Network"].code == "CAN"


def test_country_a_body_works_for_is_not_its_own(pipeline):
    found = actors_of(pipeline, "In Ottawa, the Coordination of Committees and Associations for Palestine held a "
                                "vigil.")
    body = next(a for a in found.values() if a.kind == "organization" and "Coordination" in a.name)
    assert body.code == "CAN"


def test_power_plant_abbreviation_is_a_facility_not_a_body(pipeline):
    found = actors_of(pipeline, "The President said the Sarband HPP would be finished soon. The Sarband HPP will "
                                "supply the capital.")
    assert not any("HPP" in a.name for a in found.values() if a.kind in ("person", "organization"))



def test_storm_name_is_no_actor_in_any_mention(pipeline):
    found = actors_of(pipeline, "Tropical Storm Humberto strengthened on Sunday, the National Hurricane Center said. "
                                "Humberto is expected to pass west of Bermuda, forecaster Anna Kowal said.")
    assert not any("Humberto" in name or "Storm" in name for name in found)
    assert "National Hurricane Center" in found and "Anna Kowal" in found


def test_movement_named_after_a_date_keeps_the_date(pipeline):
    found = actors_of(pipeline, "A march by the April 6 Youth Movement to Tahrir Square in Cairo was blocked.")
    assert "April 6 Youth Movement" in found and "Youth Movement" not in found


def test_body_whose_members_are_states_is_intergovernmental(pipeline):
    found = actors_of(pipeline, "Trade dominated talks between heads of state of the Tumen Group in Vladivostok on "
                                "Friday. Member states of the Santiago Group met in Lima.")
    assert found["Tumen Group"].code == "IGO"
    assert found["Santiago Group"].code == "IGO"  # a capital in its name makes it no body of that country


def test_town_after_in_is_a_place_not_a_person(pipeline):
    found = actors_of(pipeline, "At least 56 people died in a stampede in Kerman on Tuesday, state television said.")
    assert "Kerman" not in found


def test_first_name_alone_links_to_the_person_introduced(pipeline):
    found = actors_of(pipeline, "Kenyan runner Wanjiru Kemboi won the race in Chicago. \"It was hard,\" Wanjiru said "
                                "after the finish.")
    assert "Wanjiru Kemboi" in found and "Wanjiru" not in found


def test_shorter_form_of_a_full_name_links_to_it(pipeline):
    found = actors_of(pipeline, "Police in Pretoria said Pieter van Rensburg was injured on his farm. Van Rensburg "
                                "was taken to hospital.")
    assert "Pieter van Rensburg" in found and "Van Rensburg" not in found


def test_agent_noun_at_a_sentence_start_is_no_part_of_the_name(pipeline):
    found = actors_of(pipeline, "Farmer Pieter van Rensburg was injured near Pretoria. Christian Wulff said nothing.")
    assert "Pieter van Rensburg" in found and "Christian Wulff" in found


def test_first_name_of_a_person_introduced_beats_a_leader_of_that_surname(pipeline):
    found = actors_of(pipeline, "In Chicago, Maria Lopez came dressed as the comic hero Abe Sapien. \"Abe was hard to "
                                "build,\" she said.", date="2019-06-01")
    assert "Shinzo Abe" not in found and found["Abe Sapien"].code == "USA"


def test_word_with_an_editors_bracket_is_no_name(pipeline):
    found = actors_of(pipeline, "\"W]e will win in Pittsburg[h and everywhere,\" said Senator Mary Kline of Ohio.")
    assert not any("[" in name or "]" in name for name in found)


# ---- evidence from the text, namesakes and doerless acts (issue 10, second round)
def test_surname_of_a_person_met_is_that_person_not_a_town(pipeline):
    found = actors_of(pipeline, "Dutch envoy Pieter Essen arrived on Monday. Essen, who is in Brussels for the "
                                "summit, said the talks went well. Spokesman Jan Vos said more talks would follow.")
    assert found["Pieter Essen"].code == "NLD" and "Essen" not in found
    assert found["Jan Vos"].code == "BEL"  # the story is set in Brussels, not in the German city of Essen


def test_person_of_a_foreign_embassy_acts_for_its_country(pipeline):
    found = actors_of(pipeline, "Lukas Novotny of the Slovak embassy in Budapest said the talks would continue.")
    assert found["Lukas Novotny"].code == "SVK"


def test_spokesman_for_a_body_acts_for_it(pipeline):
    found = events_of(pipeline, "A spokesman for Hamas criticised Egypt on Monday.")
    assert any(e == "ACCUSE" and [c for c, _ in a] == ["PSE"] and [r[0] for r in rs] == ["EGY"] for e, a, rs in found)
    found = events_of(pipeline, "An envoy for Yemen criticised Saudi Arabia on Monday.")  # a country is no employer
    assert not any(e == "ACCUSE" and [c for c, _ in a] == ["YEM"] for e, a, _ in found)


def test_us_state_named_like_a_country_is_the_state_in_an_american_story(pipeline):
    found = actors_of(pipeline, "A Georgia senator, Paul Hendry, criticised the new tariffs. The U.S. Senate will "
                                "vote on Friday.")
    assert found["Paul Hendry"].code == "USA"
    events = events_of(pipeline, "Georgia accused Russia of moving the border fence near Tbilisi.")
    assert ("ACCUSE", [("GEO", "GOV")], [("RUS", "GOV")]) in events


def test_doerless_arrest_is_done_by_the_authorities_of_the_place(pipeline):
    found = events_of(pipeline, "Two journalists were arrested in Cairo on Monday.")
    assert any(e == "COERCE" and [c for c, _ in a] == ["EGY"] for e, a, _ in found)
    assert not any(e == "COERCE" for e, _, _ in events_of(pipeline, "Two tourists were kidnapped near Cairo."))


def test_one_word_name_with_no_evidence_is_listed_as_no_person(pipeline):
    found = actors_of(pipeline, "\"We are ready,\" Tamer told reporters in Omsk. Governor Ivan Petrov welcomed "
                                "the verdict.")
    assert "Tamer" not in found and found["Ivan Petrov"].code == "RUS"


def test_where_a_correspondent_reports_from_is_not_the_setting(pipeline):
    found = actors_of(pipeline, "In Lisbon, Reuters' Anna Cole reports the two presidents met in Luanda on Monday. "
                                "Spokesman Jan Kowal said it was a good day.")
    assert found["Jan Kowal"].code == "AGO"


def test_his_government_is_the_government_of_the_person_meant(pipeline):
    found = events_of(pipeline, "President Ivan Dorin of Moldova criticised Romania, adding his government would "
                                "not cooperate with Bucharest.")
    assert ("REJECT", [("MDA", "GOV")], [("ROU", "GOV")]) in found


def test_rejecting_the_allegations_answers_the_accuser(pipeline):
    found = events_of(pipeline, "Chile accused Peru of moving troops to the border. Peru called the allegations "
                                "baseless.")
    assert any(e == "REJECT" and [c for c, _ in a] == ["PER"] and [c for c, _ in r] == ["CHL"] for e, a, r in found)


def test_a_listed_person_named_with_a_middle_name_is_found(pipeline):
    found = actors_of(pipeline, "Robert Gabriel Mugabe spoke to reporters in Nairobi on Monday.", date="2010-05-04")
    assert found["Robert Gabriel Mugabe"].code == "ZWE"


def test_a_town_or_state_before_a_title_gives_its_country(pipeline):
    found = actors_of(pipeline, "Florida Governor Ron Hale declared a state of emergency as Cuba braced for the "
                                "storm. Lagos police commissioner Musa Bello said the roads were closed.")
    assert found["Ron Hale"].code == "USA" and found["Musa Bello"].code == "NGA"


def test_a_call_for_a_ceasefire_goes_to_both_sides_of_the_fight(pipeline):
    found = events_of(pipeline, "Armenian troops shelled Azerbaijani positions on Sunday. The UN Secretary-General "
                                "called for a cease-fire.")
    request = next(r for e, a, r in found if e == "REQUEST")
    assert sorted(c for c, _ in request) == ["ARM", "AZE"]


def test_civilians_banded_for_a_cause_are_an_ngo(pipeline):
    found = actors_of(pipeline, "The group Nurses for Clean Air said the plant in Lyon must close. Baltic Voice for "
                                "Peace criticised the new law.")
    assert found["Nurses for Clean Air"].code == "NGO" and found["Baltic Voice for Peace"].code == "NGO"


def test_a_country_right_after_a_name_gives_its_code(pipeline):
    found = actors_of(pipeline, "The silver medal was won by Lena Brook from the United States, who finished in "
                                "Doha.")
    assert found["Lena Brook"].code == "USA"


def test_a_body_named_after_a_us_state_is_american(pipeline):
    found = actors_of(pipeline, "Researchers from the Ohio Institute of Marine Science said the reef off Fiji was "
                                "dying.")
    assert found["Ohio Institute of Marine Science"].code == "USA"


def test_a_spokesperson_of_a_national_body_acts_for_its_country(pipeline):
    found = actors_of(pipeline, "Pakistani Foreign Office spokesperson Zahid Hafeez Chaudhri rejected the claims "
                                "made in New Delhi.")
    assert found["Zahid Hafeez Chaudhri"].code == "PAK"


def test_two_sides_meeting_abroad_meet_each_other_not_the_host(pipeline):
    found = events_of(pipeline, "Russian and Ukrainian negotiators met in Istanbul on Tuesday.")
    assert found and all(["TUR"] != [c for c, _ in r] for e, a, r in found if e == "CONSULT")
    assert any(e == "CONSULT" and {c for c, _ in a + r} == {"RUS", "UKR"} for e, a, r in found)


def test_a_region_is_not_a_foreign_town_of_a_similar_alternate_name(pipeline):
    found = events_of(pipeline, "Suspected Boko Haram fighters killed nine villagers in Borno state on Tuesday.")
    assert found and all(c == "NGA" for _, a, r in found for c, _ in a + r)


def test_a_titled_person_of_the_lists_keeps_his_country_after_his_listed_roles_end(pipeline):
    found = actors_of(pipeline, "President Macky Sall opened the new airport near Abidjan on Monday.",
                      date="2021-03-10")
    assert found["Macky Sall"].code == "SEN"


def test_a_portfolio_word_before_a_title_is_no_organisation(pipeline):
    found = actors_of(pipeline, "Interior Minister Joachim Kowal said the police would stay. Defence Secretary Ana "
                                "Lopez agreed.")
    assert "Interior" not in found and "Defence" not in found and "Joachim Kowal" in found


def test_words_of_a_title_are_neither_bodies_nor_part_of_the_name(pipeline):
    found = actors_of(pipeline, "Kenyan Cabinet Secretary for Interior Fred Matiangi met Saudi Crown Prince Mohammed "
                                "bin Salman in Riyadh. Nigerian Chief of Army Staff Lt. Gen. Tukur Buratai stayed home.")
    assert not {"Kenyan Cabinet", "Interior", "Army", "Crown Prince Mohammed bin Salman"} & set(found)
    assert found["Fred Matiangi"].code == "KEN" and found["Mohammed bin Salman"].code == "SAU"
    assert found["Tukur Buratai"].code == "NGA"


def test_a_body_named_with_of_keeps_its_head_word(pipeline):
    found = actors_of(pipeline, "The Ministry of Coastal Affairs said on Monday that the Union of Fishing Crews "
                                "had ended its strike in Varna.")
    assert "Ministry of Coastal Affairs" in found and "Coastal Affairs" not in found
    assert "Union of Fishing Crews" in found and "Fishing Crews" not in found


def test_a_name_cut_after_a_lower_case_particle_is_extended(pipeline):
    found = actors_of(pipeline, "The Abu Bakr ibn Umar Brigades claimed the attack on the army post near Homs.")
    assert "Abu Bakr ibn Umar Brigades" in found and "Umar Brigades" not in found
    assert found["Abu Bakr ibn Umar Brigades"].kind == "organization"


def test_a_company_abbreviation_keeps_its_full_stop(pipeline):
    found = actors_of(pipeline, "Shares of Westvale Holdings Inc. fell after the Danish regulator fined it.")
    assert "Westvale Holdings Inc." in found


def test_a_lower_case_kind_noun_after_a_long_name_is_no_part_of_it(pipeline):
    found = actors_of(pipeline, "The Popular Front for Coastal Renewal party won the vote in Tirana on Sunday.")
    assert "Popular Front for Coastal Renewal" in found


def test_a_name_modifying_a_weapon_noun_is_no_actor(pipeline):
    found = actors_of(pipeline, "KYIV — Ukraine has asked Washington for more Patriot missiles to defend Kyiv.")
    assert "Patriot" not in found


def test_a_person_in_apposition_to_a_person_noun_stays_a_person(pipeline):
    found = actors_of(pipeline, "Iran released Liang Wen, a Chinese-American graduate student at Princeton "
                                "University, on Saturday.")
    assert found["Liang Wen"].kind == "person"


def test_a_nationality_in_a_relative_clause_gives_the_code(pipeline):
    found = actors_of(pipeline, "JAKARTA — Police in Jakarta detained Tan Wei Ming, who is Malaysian, on Tuesday.")
    assert found["Tan Wei Ming"].code == "MYS"


def test_a_lower_case_phrase_or_another_script_is_no_person(pipeline):
    found = actors_of(pipeline, '"Здесь всё хорошо," said Ivan Petrov, a farmer near Omsk. Одной рукой покачивала '
                                'ребенка, said his wife.')
    listed = [n for n, a in found.items() if a.kind in ("person", "organization")]
    assert "Ivan Petrov" in listed and not [n for n in listed if any(ord(ch) > 0x400 for ch in n)]


def test_particles_keep_a_name_a_person(pipeline):
    found = actors_of(pipeline, "Egyptian President Abdel Fattah el-Sisi met Dutch envoy Jan de Vries in Cairo.")
    assert found["Abdel Fattah el-Sisi"].kind == "person"


def test_a_body_named_of_a_town_belongs_to_the_town_s_country(pipeline):
    found = actors_of(pipeline, "STOCKHOLM — A team from the University of Geneva said on Monday that the glacier "
                                "near Kiruna had shrunk.")
    assert found["University of Geneva"].code == "CHE"


def test_names_listed_with_weapons_or_plural_acronyms_are_no_actors(pipeline):
    found = actors_of(pipeline, "KYIV — The United States will send JDAMs and HIMARS to Ukraine, the Pentagon said. "
                                "Washington also agreed to sell AWACS and Patriot systems to Poland.")
    assert not {"JDAMs", "HIMARS", "AWACS", "Patriot"} & set(found)
    assert "United States" in found


def test_an_office_title_after_a_region_is_no_organisation(pipeline):
    found = actors_of(pipeline, "MOGADISHU — Speaking to reporters, Gedo Governor said militants had attacked a base "
                                "in Garbaharey. The Office of the Governor later confirmed it.")
    assert "Gedo Governor" not in found


def test_two_bodies_sharing_a_plural_head_are_two_organisations(pipeline):
    found = actors_of(pipeline, "NAIROBI — The Foreign and Defence Ministries said the drills would go ahead near "
                                "Mombasa. Shanghai Airlines and Xiamen Airlines ordered new jets.")
    assert found["Foreign Ministry"].sector == "GOV" and "Defence Ministry" in found
    assert "Foreign and Defence Ministries" not in found
    assert "Shanghai Airlines" in found and "Xiamen Airlines" in found


def test_a_generational_suffix_keeps_its_full_stop(pipeline):
    found = actors_of(pipeline, "The fatal police shooting of Walter Wallace Jr., a mentally ill man, drew protests "
                                "in Philadelphia.")
    assert "Walter Wallace Jr." in found


def test_a_body_name_after_an_indefinite_article_is_a_member_or_a_product(pipeline):
    found = actors_of(pipeline, "MOSCOW — Paul Whelan, a former US Marine, was jailed by a Russian court on Monday.")
    assert "US Marine" not in found and found["Paul Whelan"].code == "USA"


def test_a_name_beside_a_body_noun_or_with_members_is_a_body(pipeline):
    found = actors_of(pipeline, "CAIRO — Al-Azhar, Egypt's top Islamic institution, condemned the attack. In Dhaka "
                                "police arrested 12 suspected members of Jamaat-ul-Mujahideen Bangladesh.")
    assert found["Al-Azhar"].kind == "organization"
    assert found["Jamaat-ul-Mujahideen Bangladesh"].kind == "organization"


def test_every_word_of_a_dateline_city_is_the_setting_not_an_actor(pipeline):
    found = actors_of(pipeline, "ADDIS ABABA — The Tigray People's Liberation Front said its forces had captured "
                                "the town of Alamata.")
    assert "ABABA" not in found and "ADDIS ABABA" not in found


def test_a_body_name_cut_after_and_is_joined_back(pipeline):
    found = actors_of(pipeline, "The President authorized $6 million from the U.S. Emergency Refugee and Migration "
                                "Assistance Fund to help refugees. Russia and Gazprom agreed to the deal.")
    assert "U.S. Emergency Refugee and Migration Assistance Fund" in found
    assert "Gazprom" in found and found["Russia"].kind == "country"


def test_a_town_of_several_words_taken_for_a_body_is_a_place(pipeline):
    found = actors_of(pipeline, "HAVANA — The billboards outside the mission show photos of the Abu Ghraib prisoner "
                                "abuses, officials from the University of Texas said.")
    assert not [n for n, a in found.items() if "Ghraib" in n and a.kind == "organization"]
    assert found["University of Texas"].kind == "organization"
