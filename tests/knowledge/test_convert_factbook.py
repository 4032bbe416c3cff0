"""convert_factbook on two invented Factbook snapshots (tests/knowledge/fixtures/factbook): office holders with
dated roles, lists, dependencies, names two countries claim and names the hand files give."""
from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from dragoman.knowledge import convert_factbook
from dragoman.knowledge.convert_factbook import holders, parse_date, split_name
from dragoman.knowledge.tables import Knowledge

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "factbook"
SNAPSHOTS = (("2021-06-30", None), ("2023-06-30", None))
HAND = ("countries.tsv", "organisations.tsv", "actors.tsv", "sectors.tsv", "name_words.tsv")


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> Path:
    """The hand files and what the converter makes of the two invented snapshots, in one data folder."""
    out = tmp_path_factory.mktemp("data")
    for name in HAND:
        shutil.copy(ROOT / "src" / "dragoman" / "data" / name, out / name)
    convert_factbook.convert(FIXTURES, out, SNAPSHOTS)
    return out


def _table(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text().splitlines() if not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:]]


@pytest.fixture(scope="module")
def rows(converted) -> dict[str, list[dict[str, str]]]:
    found: dict[str, list[dict[str, str]]] = {}
    for row in _table(converted / "leaders.tsv"):
        found.setdefault(row["name"], []).append(row)
    return found


@pytest.fixture(scope="module")
def party_rows(converted) -> dict[str, dict[str, str]]:
    return {row["name"]: row for row in _table(converted / "parties.tsv")}


@pytest.mark.parametrize("text, expected", [
    ("14 May 2017", "2017-05-14"), ("February 2018", "2018-02"), ("2014", "2014"), ("the 2019 election", ""),
])
def test_since_dates_keep_their_precision(text, expected):
    assert parse_date(text) == expected


def test_a_title_and_an_all_caps_surname_split_into_role_and_name():
    assert split_name("Vice President Joao Manuel SILVANO") == ("Vice President", ["Joao", "Manuel", "SILVANO"])
    assert split_name("President ISSA Mahamane") == ("President", ["ISSA", "Mahamane"])
    assert split_name("Ambassador (vacant)") is None
    in_title = split_name("President of the Swiss Confederation Ulla MEIER", lambda t: t == "Swiss Confederation")
    assert in_title == ("President of the Swiss Confederation", ["Ulla", "MEIER"])


def test_every_member_of_a_list_holds_the_office_and_notes_name_no_one():
    text = ("Prime Minister Tomas VERA (since 2 May 2020); Deputy Prime Ministers Lina ORT, Piet DAHL and Mona "
            "KELL (since June 2021); note - the cabinet was reshuffled in 2022")
    found = list(holders(text, "NOR", "head of government"))
    assert [(h.name, h.role, h.start) for h in found] == [
        ("Tomas Vera", "Prime Minister", "2020-05-02"), ("Lina Ort", "Deputy Prime Minister", "2021-06"),
        ("Piet Dahl", "Deputy Prime Minister", "2021-06"), ("Mona Kell", "Deputy Prime Minister", "2021-06")]


def test_holders_get_their_country_start_and_an_end_when_a_later_snapshot_drops_them(rows):
    (pm,) = rows["Ousmane Kafaro"]
    assert (pm["code"], pm["sector"], pm["role"], pm["start"], pm["end"]) == ("NER", "GOV", "Prime Minister",
                                                                             "2021-02", "2023-06")
    (president,) = rows["Amadou Tanko Ziberi"]
    assert president["end"] == "" and president["aliases"] == "Amadou Ziberi"
    assert rows["Ali Moussa Lawan Zeini"][0]["start"] == "2023-08-08"
    assert {r["name"] for r in (*rows["Aicha Bello"], *rows["Idrissa Sani Maiga"], *rows["Fati Zada"])} == {
        "Aicha Bello", "Idrissa Sani Maiga", "Fati Zada"}
    assert rows["Hamid Oumarou"][0]["role"].startswith("Charg")
    assert rows["Kiari Abba Tinga"][0]["role"] == "Ambassador to the US"


def test_a_country_named_only_in_its_long_form_and_a_rank_after_the_name(rows):
    assert rows["Mahamat Idriss Koulamallah"][0]["code"] == "TCD"
    assert rows["Albert Djimra Kode"][0]["code"] == "TCD"


def test_a_country_in_the_title_is_not_part_of_the_name(rows):
    assert rows["Anna Maria Musterli"][0]["code"] == "CHE"
    assert rows["Alain Bersili"][0]["role"] == "President of the Swiss Confederation"


def test_dependencies_names_two_countries_claim_and_hand_names_are_left_out(rows):
    assert "Peter Ferbank" not in rows and "Ian Corder" not in rows  # Guernsey's officials act for another state
    assert "Henri Duval" not in rows  # head of state of France and co-prince of Andorra: no evidence of either
    assert "Vladimir Putin" not in rows  # actors.tsv gives him
    assert rows["Xavier Espa Moreno"][0]["code"] == "AND"


def test_knowledge_resolves_a_leader_from_the_converted_file(converted):
    knowledge = Knowledge.load(converted)
    found = knowledge.fallback_actor("Ousmane Kafaro", datetime.date(2022, 3, 1))
    assert found is not None and (found.code, found.sector) == ("NER", "GOV")
    assert knowledge.fallback_actor("Amadou Ziberi", datetime.date(2024, 1, 1)).code == "NER"


def test_without_a_clone_the_committed_file_is_left_alone(tmp_path, capsys):
    assert convert_factbook.main(["--factbook", str(tmp_path / "absent"), "--out", str(tmp_path)]) == 0
    assert not (tmp_path / "leaders.tsv").exists() and "git clone" in capsys.readouterr().err


def test_parties_are_organisations_of_their_country_without_abbreviations_or_notes(party_rows):
    party = party_rows["Party for Renewal and Progress"]
    assert (party["code"], party["sector"], party["kind"], party["aliases"]) == ("NER", "PTY", "party", "")
    assert party_rows["Patriotic Union"]["code"] == "NER"
    assert not any(name.startswith(("none", "note")) for name in party_rows)


def test_a_party_name_two_countries_use_is_no_evidence_of_either(party_rows):
    assert "Labour Party" not in party_rows
    assert "Law and Justice Party" not in party_rows and "Law and Justice" not in party_rows


def test_party_leaders_act_for_the_party_country_unless_they_hold_an_office(rows):
    (leader,) = rows["Moussa Kandi"]
    assert (leader["code"], leader["sector"], leader["role"], leader["end"]) == (
        "NER", "PTY", "Leader of Party for Renewal and Progress", "2023-06")
    assert all(r["sector"] == "GOV" for r in rows["Amadou Tanko Ziberi"])


def test_knowledge_finds_a_party_by_its_whole_name(converted):
    found = Knowledge.load(converted).fallback_organisation("Party for Renewal and Progress")
    assert found is not None and (found.code, found.sector, found.kind) == ("NER", "PTY", "party")
