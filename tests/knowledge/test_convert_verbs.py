"""The CAMEO verb dictionary converter on a small fixture in TABARI syntax."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from dragoman.coding.patterns import PatternBook
from dragoman.knowledge import convert_verbs as convert_verbs_module

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
SCRIPT = Path(convert_verbs_module.__file__)


@pytest.fixture(scope="module")
def convert_verbs():
    return convert_verbs_module


@pytest.fixture(scope="module")
def converted(convert_verbs, tmp_path_factory):
    root = tmp_path_factory.mktemp("resources")
    (root / "petrarch2").mkdir()
    (root / "plover").mkdir()
    (root / "petrarch2" / "CAMEO.2.0.txt").write_text((FIXTURES / "verbs.txt").read_text())
    (root / "plover" / "CAMEO2PLOVER-2021.txt").write_text((FIXTURES / "plover.txt").read_text())
    out = tmp_path_factory.mktemp("data")
    assert convert_verbs.main(["--resources", str(root), "--out", str(out),
                               "--rules", str(FIXTURES / "rules.toml")]) == 0
    lines = [l for l in (out / "cameo_verbs.tsv").read_text().splitlines() if not l.startswith("#")]
    header = lines[0].split("\t")
    return out, [dict(zip(header, l.split("\t"))) for l in lines[1:]]


def rows_for(rows, verb):
    return [r for r in rows if r["verb"] == verb]


def test_generated_file_carries_both_licence_notices(converted):
    out, _ = converted
    head = (out / "cameo_verbs.tsv").read_text().split("\nid\t")[0]
    assert "MIT" in head and "CC BY-SA 4.0" in head


def test_prepositional_pattern_becomes_preposition_and_object(converted):
    _, rows = converted
    blame = [r for r in rows_for(rows, "blame") if r["preposition"] == "for"]
    assert blame and blame[0]["objects"] == "attack" and blame[0]["event"] == "ACCUSE"
    assert blame[0]["cameo"] == "1124" and blame[0]["mode"] == "allege"
    assert blame[0]["id"] == "cameo:1124:blame:for"


def test_phrase_object_and_synonym_set_expand(converted):
    _, rows = converted
    accuse = [r for r in rows_for(rows, "accuse") if r["preposition"] == "of"]
    assert accuse[0]["objects"] == "ethnic cleansing"
    condemn = {o for r in rows_for(rows, "condemn") for o in r["objects"].split("|")}
    assert {"troop", "killing"} <= condemn
    assert "soldier" not in condemn  # the exclusion removed that object word only


def test_pattern_applies_only_to_the_verb_its_comment_names(converted):
    _, rows = converted
    assert not any(r["objects"] == "attack" for r in rows_for(rows, "accuse"))
    assert not any(r["preposition"] == "in" for r in rows_for(rows, "blame"))
    assert any(r["preposition"] == "in" and r["event"] == "COERCE" for r in rows_for(rows, "charge"))


def test_uncommented_pattern_applies_to_every_verb_of_its_block(converted):
    _, rows = converted
    for verb in ("halt", "stop"):
        assert any("talks" in r["objects"].split("|") and r["event"] == "SANCTION" for r in rows_for(rows, verb))


def test_multiword_verb_gives_verb_and_particle(converted):
    _, rows = converted
    call = rows_for(rows, "call")
    assert call and call[0]["particle"] == "off" and call[0]["event"] == "SANCTION"


def test_pattern_naming_an_inflected_or_particle_form_goes_to_its_verb(converted):
    _, rows = converted
    assert any(r["objects"].startswith("sanctions") and r["event"] == "SANCTION" for r in rows_for(rows, "stop"))
    set_up = [r for r in rows_for(rows, "set") if "talks" in r["objects"].split("|")]
    assert set_up and set_up[0]["particle"] == "up" and set_up[0]["event"] == "CONSULT"
    assert not rows_for(rows, "killed")  # "KILLED_AND": no particle, no verb of the block


def test_a_code_from_target_to_source_gives_a_reversed_row(converted, tmp_path):
    out, rows = converted
    row = next(r for r in rows_for(rows, "stop") if r["objects"].startswith("criticism"))
    assert row["reverse"] == "yes" and row["recipient"] == "from" and row["event"] == "ACCUSE"
    assert not any(r["reverse"] for r in rows if r is not row and "accord" not in r["objects"])
    from importlib import resources
    for name in ("events.toml", "plover.toml"):
        (tmp_path / name).write_text(resources.files("dragoman").joinpath("data").joinpath(name).read_text())
    (tmp_path / "cameo_verbs.tsv").write_text((out / "cameo_verbs.tsv").read_text())
    assert any(p.reverse and p.id == row["id"] for p in PatternBook.load(tmp_path).patterns)


def test_what_the_model_cannot_express_is_skipped(converted):
    _, rows = converted
    assert not rows_for(rows, "say")  # 010 has no PLOVER type; the pattern has a $ slot
    assert not rows_for(rows, "reclose")
    assert not any(r["objects"] == "visit" for r in rows)  # found under CONCLUDE, not in this block
    assert all(r["reverse"] == "yes" for r in rows if "accord" in r["objects"])  # "[:160]": target to source
    assert not any(r["objects"] == "statement" for r in rows)  # 010
    assert not rows_for(rows, "charge") or all(r["preposition"] for r in rows_for(rows, "charge"))  # no own code
    assert not any(r["cameo"] == "173" for r in rows_for(rows, "condemn"))  # "- COURT *": subject words


def test_report_counts_by_reason(convert_verbs):
    rules = tomllib.loads((FIXTURES / "rules.toml").read_text())
    entries, report = convert_verbs.convert(FIXTURES / "verbs.txt", FIXTURES / "plover.txt", rules)
    assert report.skipped["words before the verb (subject constraints)"] == 1
    assert report.skipped["CAMEO code with no PLOVER type (01 statements; 02 appeals unless same_as maps them)"] == 2
    assert report.skipped["null code"] == 0
    assert report.converted == 14  # 3 verbs with their own code, +CALL_OFF, 10 patterns (2 named by inflected
    # forms, 2 coded from target to source)
    assert report.excluded == 0 and len(entries) == 15  # the uncommented TALKS pattern serves HALT and STOP


def test_plural_objects_also_match_their_singular(converted):
    _, rows = converted
    assert {"talks", "talk"} <= {o for r in rows_for(rows, "halt") for o in r["objects"].split("|")}


def test_converted_file_loads_into_the_pattern_book(converted, tmp_path):
    out, _ = converted
    from importlib import resources
    for name in ("events.toml", "plover.toml"):
        (tmp_path / name).write_text(resources.files("dragoman").joinpath("data").joinpath(name).read_text())
    (tmp_path / "cameo_verbs.tsv").write_text((out / "cameo_verbs.tsv").read_text())
    book = PatternBook.load(tmp_path)
    halt = [p for p, _ in book.by_verb["halt"] if p.source == "cameo_verbs.tsv" and not p.reverse]
    assert halt and halt[0].objects >= {"talk"}
    assert book.by_verb["blame"][0][0].source == "events.toml"  # hand-written first


def test_malformed_source_is_refused_with_its_reason(convert_verbs, tmp_path):
    bad = tmp_path / "verbs.txt"
    bad.write_text("&X\n+A\n\nno section header here\n")
    with pytest.raises(convert_verbs.ConversionError, match="VERB PATTERNS"):
        convert_verbs.convert(bad, FIXTURES / "plover.txt", {})


def test_malformed_dictionary_row_is_refused(tmp_path):
    from importlib import resources
    from dragoman.coding.patterns import PatternError
    for name in ("events.toml", "plover.toml"):
        (tmp_path / name).write_text(resources.files("dragoman").joinpath("data").joinpath(name).read_text())
    (tmp_path / "cameo_verbs.tsv").write_text(
        "id\tverb\tparticle\tpreposition\tobjects\tevent\tmode\tcameo\trecipient\n"
        "cameo:999:hug\thug\t\t\t\tHUG\t\t999\tdobj\n")
    with pytest.raises(PatternError, match="cameo_verbs.tsv line 2"):
        PatternBook.load(tmp_path)


def test_listed_verbs_inherit_their_block_code(convert_verbs):
    rules = tomllib.loads((FIXTURES / "rules.toml").read_text())
    entries, _ = convert_verbs.convert(FIXTURES / "verbs.txt", FIXTURES / "plover.txt", rules)
    assert not any(e.verb == "charge" and not e.preposition for e in entries)
    rules["inherit"] = ["charge"]
    entries, _ = convert_verbs.convert(FIXTURES / "verbs.txt", FIXTURES / "plover.txt", rules)
    bare = [e for e in entries if e.verb == "charge" and not (e.preposition or e.objects)]
    assert bare and bare[0].cameo == "112" and bare[0].event == "ACCUSE"


def test_a_family_the_table_leaves_out_takes_its_parallel_family(convert_verbs, tmp_path):
    """same_as "02" = "10": an appeal for aid (023) is coded as a demand for aid (103), a REQUEST."""
    verbs = tmp_path / "verbs.txt"
    verbs.write_text((FIXTURES / "verbs.txt").read_text().replace(
        "######## TRANSFORMATIONS", "---  PLEAD   [020]  ---\nPLEAD\n- * (FOR AID)    [023]    # PLEAD\n\n"
        "######## TRANSFORMATIONS"))
    plover = tmp_path / "plover.txt"
    plover.write_text((FIXTURES / "plover.txt").read_text() + "10: REQUEST\n103: REQUEST, assist,  # Demand aid\n")
    rules = tomllib.loads((FIXTURES / "rules.toml").read_text())
    entries, _ = convert_verbs.convert(verbs, plover, rules)
    assert not any(e.verb == "plead" for e in entries)
    rules["same_as"] = {"02": "10"}
    entries, _ = convert_verbs.convert(verbs, plover, rules)
    plead = {(e.preposition, e.objects, e.cameo, e.event, e.mode) for e in entries if e.verb == "plead"}
    assert plead == {("", (), "020", "REQUEST", ""), ("for", ("aid",), "023", "REQUEST", "assist")}


def test_bare_exclusion_with_a_particle_drops_the_phrasal_verb_alone(convert_verbs):
    rules = tomllib.loads((FIXTURES / "rules.toml").read_text())
    rules["exclude"].append({"verb": "call", "particle": "off", "bare": True, "reason": "test"})
    entries, report = convert_verbs.convert(FIXTURES / "verbs.txt", FIXTURES / "plover.txt", rules)
    assert not any(e.verb == "call" for e in entries) and report.excluded == 1


def test_committed_table_matches_a_fresh_conversion(convert_verbs, shared, tmp_path):
    """The generated file is committed: it must be what the converter makes from the sources and the rules."""
    assert convert_verbs.main(["--resources", str(shared / "resources"), "--out", str(tmp_path)]) == 0
    committed = SCRIPT.parents[1] / "data" / "cameo_verbs.tsv"
    assert (tmp_path / "cameo_verbs.tsv").read_text() == committed.read_text()


def test_a_malformed_pattern_is_named_and_the_rest_converted(convert_verbs, tmp_path, capsys):
    text = (FIXTURES / "verbs.txt").read_text().replace(
        "- * KILLING                                           [111]         # CONDEMN",
        "- * (KILLING                                          [111]         # CONDEMN")
    bad = tmp_path / "verbs.txt"
    bad.write_text(text)
    rules = tomllib.loads((FIXTURES / "rules.toml").read_text())
    entries, report = convert_verbs.convert(bad, FIXTURES / "plover.txt", rules)
    assert report.skipped["malformed pattern"] == 1
    assert "verbs.txt line" in capsys.readouterr().err
    assert any(e.verb == "blame" and e.preposition == "for" for e in entries)
