"""convert_actors.py on small fixtures in the Phoenix, NGEC and FinanceDatabase formats (tests/knowledge/fixtures)."""
from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from dragoman.knowledge import convert_actors
from dragoman.knowledge.tabari import display, parse_code, read_actors
from dragoman.knowledge.tables import Knowledge

ROOT = Path(__file__).resolve().parents[2]

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HAND = ("countries.tsv", "organisations.tsv", "actors.tsv", "sectors.tsv", "name_words.tsv")


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("data")
    for name in HAND:
        shutil.copy(ROOT / "src" / "dragoman" / "data" / name, target / name)
    convert_actors.convert(FIXTURES, target, with_variants=False)
    return target


def rows(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t") + [""] * len(header))) for line in lines[1:]]


def test_tabari_codes_and_dates():
    assert parse_code("AFGGOV >011222").start == datetime.date(2001, 12, 22)
    code = parse_code("FJIGOV 000704-061205")
    assert (code.code, code.start, code.end) == ("FJIGOV", datetime.date(2000, 7, 4), datetime.date(2006, 12, 5))
    assert parse_code("CHNELI 19110101-350108").start == datetime.date(1911, 1, 1)
    assert parse_code("USAGOV <061231").end == datetime.date(2006, 12, 31)
    with pytest.raises(ValueError):
        parse_code("FJIGOV 9008223-911221")


def test_tabari_entries_and_display_names():
    entries = {e.name: e for e in read_actors(FIXTURES / "petrarch2" / "Phoenix.Countries.actors.txt")}
    qarase = entries["LAISENIA_QARASE_"]
    assert len(qarase.codes) == 3 and qarase.country == "FJI"
    assert entries["BROKEN_DATES_PERSON_"].bad_dates == 1
    assert display("PEOPLE'S_LIBERATION_ARMY_") == "People's Liberation Army"
    assert display("HAMAD_BIN_ISA_AL_KHALIFA_") == "Hamad bin Isa al Khalifa"
    assert display("IAEA_") == "IAEA" and display("GAZPROM_") == "Gazprom"


def test_people_keep_dated_roles_and_skip_what_the_hand_file_knows(out):
    people = rows(out / "phoenix_actors.tsv")
    qarase = [r for r in people if r["name"] == "Laisenia Qarase"]
    assert {(r["code"], r["sector"], r["start"], r["end"]) for r in qarase} == {
        ("FJI", "ELI", "1941-01-01", "2000-07-04"), ("FJI", "GOV", "2000-07-04", "2006-12-05")}
    assert qarase[0]["aliases"] == ""  # no surname-only alias, no "Prime Minister ..." form
    names = {r["name"] for r in people}
    assert "Vladimir Putin" not in names  # actors.tsv has him: the hand list wins
    assert "Kamalesh Sharma" in names and "Broken Dates Person" not in names
    assert not any("Coffee" in n for n in names)  # an undated company entry is no person


def test_organisations_get_codes_kinds_and_sectors(out):
    orgs = {r["name"]: r for r in rows(out / "phoenix_organisations.tsv")}
    assert (orgs["American Friends Service Committee"]["code"], orgs["American Friends Service Committee"]["kind"]) \
        == ("NGO", "ngo")
    assert (orgs["Example Motors Corporation"]["code"], orgs["Example Motors Corporation"]["sector"]) == ("JPN", "BUS")
    assert orgs["Green Hills Coffee Roasters"]["code"] == "MNC"
    army = orgs["Republic of Fiji Military Forces"]
    assert (army["code"], army["sector"], army["aliases"]) == ("FJI", "MIL", "Fiji Army")
    aden = orgs["Aden Abyan Islamic Army"]
    assert (aden["code"], aden["sector"], aden["kind"]) == ("YEM", "REB", "armed-group")
    assert "AAIA" in aden["aliases"].split("|")
    assert orgs["Anarchist Faction"]["code"] == ""  # an international militant group: the story places it
    assert "North Atlantic Treaty Organization" not in orgs and "Commonwealth of Nations" not in orgs
    assert "Fiji" not in orgs  # a country's own entry is no organisation


def test_places_agents_and_companies(out):
    assert {r["name"]: r["code"] for r in rows(out / "phoenix_places.tsv")} == {"Nadi": "FJI", "Lautoka": "FJI"}
    agents = {r["phrase"]: r["sector"] for r in rows(out / "agents.tsv")}
    assert agents["textile magnate"] == "BUS" and agents["ferryman"] == "BUS" and agents["paramount ruler"] == "GOV"
    assert "robber" not in agents  # a criminal has no PLOVER sector
    assert "dockworker" not in agents  # two sources disagree
    assert "president" not in agents  # sectors.tsv has it
    companies = {r["name"]: r["code"] for r in rows(out / "companies.tsv")}
    assert companies["Velmora Automobiles SA"] == "FRA" and companies["Velmora Automobiles"] == "FRA"
    assert not any(n.startswith("Twin Name") for n in companies)  # two home countries: no evidence
    assert not any(n.startswith("Tiny Shell") for n in companies)  # a nano-cap listing is left out
    licences = (out / "LICENSES-actor-dictionaries.txt").read_text(encoding="utf-8")
    assert "Open Event Data" in licences and "FinanceDatabase" in licences


def test_generated_files_load_behind_the_hand_files(out):
    k = Knowledge.load(out)
    assert k.fallback_actor("Laisenia Qarase", datetime.date(2003, 1, 1)).sector == "GOV"
    assert k.fallback_actor("laisenia qarase").code == "FJI"
    assert k.fallback_organisation("Islamic Army of Aden").code == "YEM"
    assert k.fallback_organisation("aaia") is None  # an all-caps alias matches only in capitals
    assert k.place("Lautoka") == "FJI" and k.place("lautoka") is None
    assert k.company_country("Velmora Automobiles") == "FRA"
    assert k.sector_word("textile magnates").sector == "BUS"
    assert k.sector_word("president").title  # the hand row, not a converted one
