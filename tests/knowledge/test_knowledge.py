"""The knowledge files parse, hold what the pipeline relies on, and the lookups behave as documented."""
from __future__ import annotations

import dataclasses
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

try:
    import dragoman.knowledge.tables  # noqa: F401
except ModuleNotFoundError:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from dragoman.knowledge.tables import Knowledge, KnowledgeError

DATA = Path(__file__).resolve().parents[2] / "src" / "dragoman" / "data"
ACTOR_HEADER = "name\taliases\tcode\tsector\trole\tstart\tend\n"


@pytest.fixture(scope="module")
def k() -> Knowledge:
    return Knowledge.load()


def _rows(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]
    return rows[1:]


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


# --- the bundled files

def test_every_bundled_file_parses_with_breadth(k: Knowledge) -> None:
    assert len(k.countries) >= 250
    assert len(k.organisations) >= 300
    assert len(k.actors) >= 500
    assert len(k.sector_words) >= 300


def test_iso3_codes_are_three_capitals_and_unique() -> None:
    codes = [row[0] for row in _rows("countries.tsv")]
    assert all(len(c) == 3 and c.isalpha() and c.isupper() for c in codes)
    assert len(codes) == len(set(codes))
    iso2 = [row[1] for row in _rows("countries.tsv")]
    assert len(iso2) == len(set(iso2))
    assert {"HKG", "TWN", "MAC", "XKX", "PSE", "RUS", "USA", "TJK"} <= set(codes)


def test_every_code_used_is_a_known_country_or_special(k: Knowledge) -> None:
    known = set(k.countries) | {"IGO", "NGO", "MNC"}
    assert {o.name for o in k.organisations if o.code is not None and o.code not in known} == set()
    assert {a.name for a in k.actors if a.code not in known} == set()


def test_no_ethnic_terms_that_span_countries(k: Knowledge) -> None:
    for word in ("Kurdish", "Kurds", "Arab", "Arabs", "Korean", "Tamil"):
        assert k.country_by_adjective(word) is None


# --- countries

@pytest.mark.parametrize("text, iso3", [
    ("Russian Federation", "RUS"), ("the Russian Federation", "RUS"), ("Russia", "RUS"), ("RUSSIA", "RUS"),
    ("the United States", "USA"), ("U.S.", "USA"), ("US", "USA"), ("USA", "USA"), ("America", "USA"),
    ("UK", "GBR"), ("Britain", "GBR"), ("Great Britain", "GBR"),
    ("Czechia", "CZE"), ("Czech Republic", "CZE"), ("Türkiye", "TUR"), ("Turkiye", "TUR"),
    ("Ivory Coast", "CIV"), ("Côte d\u2019Ivoire", "CIV"), ("Cote d'Ivoire", "CIV"), ("Burma", "MMR"),
    ("North Korea", "PRK"), ("DPRK", "PRK"), ("South Korea", "KOR"), ("Republic of Korea", "KOR"),
    ("UAE", "ARE"), ("Hong Kong", "HKG"), ("Taiwan", "TWN"), ("Macau", "MAC"), ("Kosovo", "XKX"),
    ("Palestine", "PSE"), ("Guinea\u2013Bissau", "GNB"), ("  United   Kingdom ", "GBR"), ("Russia's", "RUS"),
])
def test_country_names(k: Knowledge, text: str, iso3: str) -> None:
    found = k.country(text)
    assert found is not None and found.iso3 == iso3


@pytest.mark.parametrize("text", ["us", "Us", "uk", "dprk", "uae", "Korea", "Arabia", ""])
def test_country_non_matches(k: Knowledge, text: str) -> None:
    assert k.country(text) is None


def test_country_record(k: Knowledge) -> None:
    tjk = k.countries["TJK"]
    assert tjk.name == "Tajikistan" and "Dushanbe" in tjk.capitals and "Tajik" in tjk.adjectives


@pytest.mark.parametrize("text, iso3", [
    ("Tajik", "TJK"), ("Tajiks", "TJK"), ("Tajikistani", "TJK"), ("Russian", "RUS"), ("Russians", "RUS"),
    ("American", "USA"), ("British", "GBR"), ("Britons", "GBR"), ("Chinese", "CHN"), ("Emirati", "ARE"),
    ("Saudi", "SAU"), ("Saudis", "SAU"), ("Filipino", "PHL"), ("Philippine", "PHL"), ("North Korean", "PRK"),
])
def test_adjectives(k: Knowledge, text: str, iso3: str) -> None:
    found = k.country_by_adjective(text)
    assert found is not None and found.iso3 == iso3


def test_adjectives_must_be_capitalised(k: Knowledge) -> None:
    assert k.country_by_adjective("russian") is None
    assert k.country_by_adjective("tajik") is None


@pytest.mark.parametrize("text, iso3", [
    ("Moscow", "RUS"), ("Dushanbe", "TJK"), ("Washington", "USA"), ("Beijing", "CHN"), ("Peking", "CHN"),
    ("Kyiv", "UKR"), ("Kiev", "UKR"), ("Ankara", "TUR"), ("Cairo", "EGY"), ("Tehran", "IRN"), ("Riyadh", "SAU"),
    ("The Hague", "NLD"),
])
def test_capitals(k: Knowledge, text: str, iso3: str) -> None:
    found = k.country_by_capital(text)
    assert found is not None and found.iso3 == iso3


@pytest.mark.parametrize("text, iso3", [
    ("Kremlin", "RUS"), ("the Kremlin", "RUS"), ("White House", "USA"), ("Pentagon", "USA"),
    ("Downing Street", "GBR"), ("Élysée", "FRA"), ("Elysee", "FRA"), ("Zhongnanhai", "CHN"), ("Blue House", "KOR"),
])
def test_metonyms(k: Knowledge, text: str, iso3: str) -> None:
    found = k.country_by_metonym(text)
    assert found is not None and found.iso3 == iso3


def test_metonyms_and_capitals_must_be_capitalised(k: Knowledge) -> None:
    assert k.country_by_metonym("pentagon") is None
    assert k.country_by_capital("moscow") is None


def test_iso3_from_iso2(k: Knowledge) -> None:
    assert k.iso3_from_iso2("TJ") == "TJK"
    assert k.iso3_from_iso2("GB") == "GBR"
    assert k.iso3_from_iso2("XK") == "XKX"
    assert k.iso3_from_iso2("ZZ") is None


# --- organisations

@pytest.mark.parametrize("text, code, sector", [
    ("NATO", "IGO", "MIL"), ("North Atlantic Treaty Organization", "IGO", "MIL"), ("Nato", "IGO", "MIL"),
    ("UN", "IGO", None), ("the United Nations", "IGO", None), ("IMF", "IGO", None), ("CIS", "IGO", None),
    ("ICJ", "IGO", "JUD"), ("G7", "IGO", None), ("G-7", "IGO", None),
    ("Rosatom", "RUS", "BUS"), ("Gazprom", "RUS", "BUS"), ("Boeing", "USA", "BUS"), ("Airbus", "MNC", "BUS"),
    ("Saudi Aramco", "SAU", "BUS"), ("Reuters", "GBR", "MED"), ("BBC", "GBR", "MED"), ("Xinhua", "CHN", "MED"),
    ("Greenpeace", "NGO", "CVL"), ("Hamas", "PSE", "REB"), ("Houthis", "YEM", "REB"), ("PKK", "TUR", "REB"),
    ("IRGC", "IRN", "MIL"), ("Afreximbank", "IGO", "BUS"), ("African Export\u2013Import Bank", "IGO", "BUS"),
])
def test_organisations(k: Knowledge, text: str, code: str, sector: str | None) -> None:
    org = k.organisation(text)
    assert org is not None and org.code == code and org.sector == sector


def test_stateless_armed_groups_have_no_code(k: Knowledge) -> None:
    for text in ("ISIS", "Islamic State", "al-Qaeda", "Al Qaeda", "al-Qaida"):
        org = k.organisation(text)
        assert org is not None and org.code is None and org.sector == "REB" and org.kind == "armed-group"


def test_organisation_abbreviations_are_case_sensitive(k: Knowledge) -> None:
    assert k.organisation("un") is None
    assert k.organisation("who") is None
    assert k.organisation("WHO").name == "World Health Organization"


# --- sector words

@pytest.mark.parametrize("text, sector, title", [
    ("president", "GOV", True), ("Deputy Prime Minister", "GOV", True), ("troops", "MIL", False),
    ("soldiers", "MIL", False), ("authorities", "GOV", False), ("prime ministers", "GOV", True),
    ("spokesmen", "GOV", True), ("spokespeople", "GOV", True), ("companies", "BUS", False),
    ("police", "COP", False), ("secretary general", "GOV", True), ("Secretary-General", "GOV", True),
    ("asylum seekers", "REF", False), ("lawmakers", "LEG", True), ("judge", "JUD", True), ("rebels", "REB", False),
])
def test_sector_words(k: Knowledge, text: str, sector: str, title: bool) -> None:
    word = k.sector_word(text)
    assert word is not None and (word.sector, word.title) == (sector, title)


def test_titles_longest_first(k: Knowledge) -> None:
    titles = k.titles()
    assert "deputy prime minister" in titles and "minister" in titles and "army" not in titles
    assert titles.index("deputy prime minister") < titles.index("prime minister") < titles.index("minister")
    assert [len(t) for t in titles] == sorted((len(t) for t in titles), reverse=True)


# --- known actors

def test_putin_today(k: Knowledge) -> None:
    putin = k.known_actor("Putin", date(2025, 10, 9))
    assert putin is not None and (putin.name, putin.code, putin.sector) == ("Vladimir Putin", "RUS", "GOV")
    assert putin.role == "President" and putin.end is None


def test_role_bounded_by_dates(k: Knowledge) -> None:
    first = k.known_actor("Donald Trump", date(2019, 6, 1))
    between = k.known_actor("Donald Trump", date(2022, 6, 1))
    assert first is not None and first.end == date(2021, 1, 20)
    assert between is not None and between.start == date(2025, 1, 20) and between.end is None  # latest
    assert k.known_actor("Putin", date(2010, 1, 1)).role == "Prime Minister"


def test_alias_shared_by_two_people(k: Knowledge) -> None:
    assert k.known_actor("Clinton") is None  # Bill or Hillary: ambiguous without a date
    assert k.known_actor("Clinton", date(1998, 1, 1)).name == "Bill Clinton"
    assert k.known_actor("Clinton", date(2011, 1, 1)).name == "Hillary Clinton"


def test_actor_spelling_variants(k: Knowledge) -> None:
    assert k.known_actor("Erdogan").code == "TUR"
    assert k.known_actor("Kim Jong-un").name == "Kim Jong Un"
    assert k.known_actor("Emomali Rahmonov").code == "TJK"
    assert k.known_actor("Nobody Inparticular") is None


def test_user_actors_file_overrides_bundled(tmp_path: Path) -> None:
    extra = tmp_path / "mine.tsv"
    extra.write_text(ACTOR_HEADER
                     + "Vladimir Putin\tPutin\tRUS\tELI\tTest role\t2024-01-01\t\n"
                     + "Jane Roe\tRoe\tTJK\tBUS\tChief executive\t2020\t\n", encoding="utf-8")
    k = Knowledge.load(actor_files=[extra])
    putin = k.known_actor("Putin", date(2025, 10, 9))
    assert putin is not None and (putin.sector, putin.role) == ("ELI", "Test role")
    assert k.known_actor("Roe").start == date(2020, 1, 1)
    assert k.known_actor("Lavrov") is not None  # the rest of the bundled file still loads


def test_data_dir_override(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    with (data / "organisations.tsv").open("a", encoding="utf-8") as out:
        out.write("Barky Textile Works\tBTW\tTJK\tBUS\tcompany\n")
    k = Knowledge.load(data_dir=data)
    assert k.organisation("BTW").code == "TJK"


# --- errors

@pytest.mark.parametrize("bad_line, reason", [
    ("Jane Roe\t\tTJK\tGOV\tMinister\t2020-13-01\t\n", "month"),
    ("Jane Roe\t\tTJK\tNOPE\tMinister\t\t\n", "sector"),
    ("Jane Roe\t\tTajikistan\tGOV\tMinister\t\t\n", "code"),
    ("Jane Roe\t\tTJK\tGOV\tMinister\t2021-01-01\t2020-01-01\n", "before"),
    ("Jane Roe\t\tTJK\tGOV\tMinister\t\t\textra\n", "fields"),
])
def test_malformed_actor_row_names_file_and_line(tmp_path: Path, bad_line: str, reason: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("# a comment\n" + ACTOR_HEADER + "John Doe\t\tTJK\tGOV\tMinister\t\t\n" + bad_line,
                    encoding="utf-8")
    with pytest.raises(KnowledgeError, match=rf"bad\.tsv:4: .*{reason}"):
        Knowledge.load(actor_files=[path])


def test_malformed_bundled_row_names_file_and_line(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    lines = (data / "countries.tsv").read_text(encoding="utf-8").splitlines(keepends=True)
    lines.append("Rus\tRU\tNowhere\t\t\t\t\n")
    (data / "countries.tsv").write_text("".join(lines), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=rf"countries\.tsv:{len(lines)}:"):
        Knowledge.load(data_dir=data)


def test_name_given_to_two_entries_is_an_error(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    with (data / "organisations.tsv").open("a", encoding="utf-8") as out:
        out.write("Not the UN\tUN\tNGO\t\tngo\n")
    with pytest.raises(KnowledgeError, match="UN"):
        Knowledge.load(data_dir=data)


def test_missing_column_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("name\tcode\nJohn Doe\tTJK\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"bad\.tsv:1: header lacks"):
        Knowledge.load(actor_files=[path])
    assert issubclass(KnowledgeError, ValueError)


def test_knowledge_is_immutable(k: Knowledge) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        k.countries = {}  # type: ignore[misc]
    with pytest.raises(TypeError):
        k.countries["XXX"] = k.countries["RUS"]  # type: ignore[index]


# --- the converted dictionaries (docs/knowledge.md, "Actor dictionaries")
def test_converted_dictionaries_answer_behind_the_hand_files(k: Knowledge) -> None:
    assert k.fallback_actor("Laisenia Qarase").code == "FJI"
    assert k.known_actor("Laisenia Qarase") is None  # the hand lookup stays hand-only
    assert k.fallback_organisation("American Friends Service Committee").code == "NGO"
    assert k.organisation("American Friends Service Committee") is None
    assert k.place("Anjouan") == "COM" and k.place("anjouan") is None
    assert k.company_country("Dropbox") == "USA"
    assert k.sector_word("paramount ruler").sector == "GOV"
    assert k.country_by_adjective("Burkinan").iso3 == "BFA"


def test_hand_rows_win_over_converted_ones(k: Knowledge) -> None:
    assert k.fallback_actor("Vladimir Putin") is None  # actors.tsv has him, so the converter left him out
    assert k.fallback_organisation("NATO") is None
    assert k.sector_word("president").title  # sectors.tsv's row, with its title flag


def test_name_words_say_what_a_name_is(k: Knowledge) -> None:
    assert k.name_kind("Liberty Square") == "place"
    assert k.name_kind("Friends of the Earth Cymru") == "ngo"  # the head before "of"
    assert k.name_kind("Bank of England") is None
    assert k.descriptor_kind("rights group") == "ngo"


def test_knowledge_loads_without_the_converted_files(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    for name in ("phoenix_actors.tsv", "phoenix_organisations.tsv", "phoenix_places.tsv", "companies.tsv",
                 "agents.tsv", "country_variants.tsv"):
        (data / name).unlink()
    k = Knowledge.load(data)
    assert k.fallback_actor("Laisenia Qarase") is None and k.company_country("Dropbox") is None


def test_a_bad_converted_row_names_its_file_and_line(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    (data / "companies.tsv").write_text("keys\tname\tcode\nacme\tAcme\tXX1\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"companies.tsv:2: "):
        Knowledge.load(data).company_country("Acme")


def test_peoples_spanning_states_list_their_countries(k: Knowledge) -> None:
    assert k.peoples["Tamil"][0] == "LKA" and k.peoples["Tamils"] == k.peoples["Tamil"]
    assert "SYR" in k.peoples["Kurds"]
    assert k.country_by_adjective("Tamil") is None  # still no single country


def test_a_people_with_an_unknown_country_is_an_error(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    (data / "peoples.tsv").write_text("name\tcountries\nGaul\tGAU\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"peoples.tsv:2: "):
        Knowledge.load(data)


def test_a_converted_role_long_over_is_taken_for_a_namesake(k: Knowledge) -> None:
    assert k.fallback_actor("Laisenia Qarase", date(2010, 1, 1)).code == "FJI"  # ended 2006: within the horizon
    assert k.fallback_actor("Laisenia Qarase", date(2019, 1, 1)) is None


@pytest.mark.parametrize("on", [date(1, 1, 1), date(4, 2, 29), date(9999, 12, 31)])
def test_converted_people_can_be_looked_up_at_the_calendars_ends(k: Knowledge, on: date) -> None:
    """The fallback's horizon (a role over for years is a namesake's) must not step outside the calendar."""
    assert k.fallback_actor("Nur Mohammad Taraki") is not None
    k.fallback_actor("Nur Mohammad Taraki", on)
