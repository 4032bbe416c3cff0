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
