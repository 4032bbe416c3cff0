"""Where a story is set (coding/setting.py) and the places that decide it, on sentences written for the tests."""
from __future__ import annotations

import pytest

from dragoman.records import Article

pytestmark = pytest.mark.model


def actors_of(pipeline, text: str) -> dict:
    result = pipeline.process_one(Article(id="t", text=text, date="2024-05-02"))
    return {a.name: a for a in result.actors}


def test_a_region_only_the_phoenix_lists_know_sets_the_story(pipeline):
    actors = actors_of(pipeline, "Police in Kerala detained three fishermen on Tuesday. "
                                 "A district official, Ravi Menon, said the boats had been seized.")
    assert actors["Ravi Menon"].code == "IND"


def test_a_town_name_the_model_reads_as_something_else_sets_no_story(pipeline):
    actors = actors_of(pipeline, "Forest officials said a tiger had been seen near the village on Monday. "
                                 "Indian wildlife experts, led by Anil Rao, said the animal was healthy.")
    assert actors["Anil Rao"].code != "BEL"


def test_a_town_the_model_tags_as_a_place_still_sets_the_story(pipeline):
    actors = actors_of(pipeline, "Protesters gathered outside the town hall, Mayor Pierre Dumas said. "
                                 "Dumas told reporters Lyon would not back down.")
    assert actors["Pierre Dumas"].code == "FRA"


def test_an_acronym_the_model_reads_as_no_place_sets_no_story(pipeline):
    actors = actors_of(pipeline, "Most of the new SIG proposals came from volunteers, said Maria Lopes. "
                                 "Lopes said the Brazilian team would review them.")
    assert actors["Maria Lopes"].code == "BRA"


def test_a_short_dateline_city_is_the_setting_not_an_actor(pipeline):
    result = pipeline.process_one(Article(id="t", text="DOHA (AFP) - Qatari police arrested two Indian workers, "
                                                       "officials said.", date="2024-05-02"))
    assert "DOHA" not in {a.name for a in result.actors}


@pytest.mark.parametrize("name", ["Second Thomas Shoal", "Scarborough Reef", "Golan Heights", "Lachin Corridor"])
def test_a_name_ending_in_a_landform_is_a_place_not_an_actor(pipeline, name):
    actors = actors_of(pipeline, f"Coast guard ships of two countries were seen near {name} on Tuesday, "
                                 "officials said.")
    assert name not in actors


def test_no_word_of_a_two_word_dateline_city_is_an_actor(pipeline):
    result = pipeline.process_one(Article(id="t", text="ADDIS ABABA (Reuters) - The African Union suspended Mali "
                                                       "on Tuesday.", date="2024-05-02"))
    assert not {"ABABA", "ADDIS ABABA"} & {a.name for a in result.actors}


def test_a_foreign_city_in_passing_does_not_set_a_story_about_another_country(pipeline):
    actors = actors_of(pipeline, "Floods hit Malawi on Monday. Malawi said 20 people had died, and aid workers in "
                                 "Lusaka said supplies were ready. Malawi asked donors for help. A district "
                                 "official, John Banda, said roads were cut.")
    assert actors["John Banda"].code == "MWI"


def test_a_city_in_a_country_the_story_names_still_sets_it(pipeline):
    actors = actors_of(pipeline, "Floods hit Malawi on Monday. Malawi said 20 people had died, and Zambian aid "
                                 "workers in Lusaka said supplies were ready. Malawi asked donors for help. A "
                                 "spokesman, John Banda, said roads were cut.")
    assert actors["John Banda"].code == "ZMB"
