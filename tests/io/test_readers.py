"""Tests of the input readers: every format, folders, standard input and every kind of bad input."""
from __future__ import annotations

import io
import json
import os
import sys
import tracemalloc
import unicodedata
from pathlib import Path

import pytest

try:
    import dragoman  # noqa: F401
except ImportError:  # running from a checkout that is not installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from dragoman.io import readers
from dragoman.options import Options
from dragoman.io.readers import parse_date, read_inputs
from dragoman.records import Article, InputError

BODY = "The president met the prime minister in Paris.\n\nThey agreed to talk again in May."


def read(paths, options=None, stdin=None):
    return list(read_inputs([str(p) for p in paths], options or Options(), stdin))


def articles(items):
    return [item for item in items if isinstance(item, Article)]


def errors(items):
    return [item for item in items if isinstance(item, InputError)]


def write_jsonl(path: Path, records) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), "utf-8")
    return path


def record(**fields):
    return {"id": "a1", "title": "Talks", "date": "2019-08-24", "source": "Wire", "url": "https://x.org/1",
            "text": BODY, **fields}


# --- formats ------------------------------------------------------------------------------------


def test_txt_title_and_body(tmp_path):
    path = tmp_path / "story-1.txt"
    path.write_text("\n\n  Leaders meet  \n" + BODY + "\n", "utf-8")
    [art] = read([path], Options(default_date="2020-01-01"))
    assert art.id == "story-1"
    assert art.title == "Leaders meet"
    assert art.text == BODY  # paragraphs kept
    assert art.date == "2020-01-01"
    assert art.origin == str(path)


def test_txt_single_line_is_text_not_title(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text("Only one line of text here.\n", "utf-8")
    [art] = read([path])
    assert (art.title, art.text) == ("", "Only one line of text here.")


def test_html_text_and_metadata(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("""<!DOCTYPE html><html><head><title>Leaders meet | Example News</title>
<meta property="og:title" content="Leaders meet in Paris">
<meta property="og:site_name" content="Example News">
<meta property="og:url" content="https://example.org/news/paris">
<meta property="article:published_time" content="2019-08-24T10:00:00Z">
</head><body><nav>Home | World | Sport</nav><article><h1>Leaders meet in Paris</h1>
<p>The French president met the German chancellor on Saturday in Paris to discuss trade and climate.</p>
<p>They agreed to hold another meeting in Berlin next month, officials said after the talks ended.</p>
</article><footer>Copyright 2019 Example News</footer></body></html>""", "utf-8")
    [art] = read([path])
    assert art.id == "page"
    assert art.title == "Leaders meet in Paris"
    assert art.date == "2019-08-24"
    assert art.url == "https://example.org/news/paris"
    assert art.source == "Example News"
    assert art.text.startswith("The French president met")
    assert "\n" in art.text and "Home | World" not in art.text


def test_html_small_page_and_htm(tmp_path):
    path = tmp_path / "tiny.htm"
    path.write_text("<html><body><p>Rebels seized the town.</p></body></html>", "utf-8")
    [art] = read([path], Options(default_date="2021-02-03"))
    assert art.id == "tiny" and "Rebels seized the town." in art.text
    assert art.date == "2021-02-03"


def test_jsonl_fields_extra_and_default_id(tmp_path):
    path = write_jsonl(tmp_path / "batch.jsonl", [
        record(license="CC BY 2.5", lang="en"),
        "",
        {"title": "No id", "text": "Second article text."},
    ])
    first, second = read([path])
    assert (first.id, first.title, first.date, first.source, first.url) == (
        "a1", "Talks", "2019-08-24", "Wire", "https://x.org/1")
    assert first.extra == {"license": "CC BY 2.5", "lang": "en"}
    assert first.text == BODY and first.origin == f"{path}:1"
    assert second.id == "batch-3" and second.origin == f"{path}:3"


def test_json_single_object_and_list(tmp_path):
    one = tmp_path / "one.json"
    one.write_text(json.dumps(record(id=None, license="CC0")), "utf-8")
    many = tmp_path / "many.json"
    many.write_text(json.dumps([record(id="m1"), {"text": "Untitled."}, 5]), "utf-8")
    items = read([one, many])
    assert [type(i).__name__ for i in items] == ["Article", "Article", "Article", "InputError"]
    assert items[0].id == "one" and items[0].extra == {"license": "CC0"}
    assert items[1].id == "m1" and items[2].id == "many-2" and items[2].origin == f"{many}#2"
    assert items[3].origin == f"{many}#3" and "not a JSON object" in items[3].reason


def test_numbers_coerced_to_strings(tmp_path):
    path = write_jsonl(tmp_path / "n.jsonl", [record(id=42, date=20190824, source=7)])
    [art] = read([path])
    assert (art.id, art.date, art.source) == ("42", "2019-08-24", "7")


# --- folders ------------------------------------------------------------------------------------


def test_folder_recursive_sorted_skips_hidden_and_unsupported(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "c").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Z title\nZ body.", "utf-8")
    (tmp_path / "b" / "c" / "y.txt").write_text("Y title\nY body.", "utf-8")
    (tmp_path / "a.txt").write_text("A title\nA body.", "utf-8")
    (tmp_path / "c.TXT").write_text("C title\nC body.", "utf-8")
    (tmp_path / ".secret.txt").write_text("S\nhidden", "utf-8")
    (tmp_path / ".hidden" / "h.txt").write_text("H\nhidden", "utf-8")
    (tmp_path / "notes.md").write_text("# not read", "utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00\x00")
    write_jsonl(tmp_path / "b" / "d.jsonl", [record(id="d1")])
    items = read([tmp_path])
    assert [i.id for i in items] == ["a", "b/c/y", "d1", "b/z", "c"]  # b/c/ sorts before b/d.jsonl
    assert not errors(items)


def test_files_of_the_same_name_in_different_folders_get_different_ids(tmp_path):
    """Issue 11 item 1: the id was the bare stem, so s/a/index.txt and s/b/index.txt clashed and one was lost."""
    for sub in ("a", "b"):
        (tmp_path / "s" / sub).mkdir(parents=True)
        (tmp_path / "s" / sub / "index.txt").write_text(f"{sub} title\n{sub} body.", "utf-8")
        write_jsonl(tmp_path / "s" / sub / "wire.jsonl", [record(id=None), record(id="kept")] if sub == "a"
                    else [record(id=None)])
    (tmp_path / "s" / "top.txt").write_text("Top\nBody.", "utf-8")
    items = read([tmp_path / "s"])
    assert [(i.id, i.title) for i in items] == [("a/index", "a title"), ("a/wire-1", "Talks"), ("kept", "Talks"),
                                                ("b/index", "b title"), ("b/wire-1", "Talks"), ("top", "Top")]
    assert [i.id for i in read([tmp_path / "s" / "a" / "index.txt"])] == ["index"]  # a file given: its stem
    assert [i.id for i in read([tmp_path / "s" / "a"])][0] == "index"  # relative to the folder given


def test_ids_must_be_one_reachable_line_of_bounded_length(tmp_path):
    """Issue 11 item 12: ids with a line break or of 100,000 characters were stored but unreachable."""
    long_id = "x" * 100_000
    path = write_jsonl(tmp_path / "ids.jsonl", [record(id="a\nb"), record(id=long_id), record(id="x" * 512),
                                                record(id="left\u202eright"), record(id="a/../b"),
                                                record(id="  spaced  "), record(id="a/b c")])
    items = read([path])
    assert [i.reason for i in errors(items)] == [
        "id 'a\\nb' holds a line break or control character (U+000A)",
        f"id {('x' * 40 + '...')!r} is 100,000 characters, over the limit of 512",
        "id 'left\\u202eright' holds a line break or control character (U+202E)",
        "id 'a/../b' has a '.' or '..' path segment, which a web address cannot keep"]
    assert [e.origin for e in errors(items)] == [f"{path}:1", f"{path}:2", f"{path}:4", f"{path}:5"]
    assert [a.id for a in articles(items)] == ["x" * 512, "spaced", "a/b c"]
    (tmp_path / "bad\nname.txt").write_text("T\nBody.", "utf-8")
    [error] = read([tmp_path / "bad\nname.txt"])
    assert "holds a line break" in error.reason


def test_control_characters_are_removed_from_metadata(tmp_path):
    """Issue 11 item 11: a NUL in url (or any metadata) was kept; PostgreSQL then refused the record."""
    path = write_jsonl(tmp_path / "m.jsonl", [record(id="m\u0000", url="http://x.example/\u0000a\tb\n",
                                                     source="Wire\u0000 \u0007\nService", date="2019-08-24\u0000",
                                                     license="CC\u0000 BY", tags=["a\u0000", {"k\u0001": "v\u0000"}])])
    [art] = read([path])
    assert (art.id, art.url, art.source, art.date) == ("m", "http://x.example/ab", "Wire Service", "2019-08-24")
    assert art.extra == {"license": "CC BY", "tags": ["a", {"k": "v"}]}
    page = tmp_path / "p.html"
    page.write_text('<html><head><title>T</title><link rel="canonical" href="http://y.example/p&#0;q">'
                    f"</head><body><article><p>{BODY}</p></article></body></html>", "utf-8")
    [html] = read([page])
    assert "\x00" not in (html.url or "") and all("\x00" not in str(v) for v in html.extra.values())


@pytest.mark.parametrize("depth", [300, 1000, 5000])
def test_html_nested_deeper_than_lxml_keeps_its_text(tmp_path, depth):
    """Issue 11 item 10: below 256 levels lxml drops the content, and the page was refused as having no text."""
    body = "<p>Russia condemned Ukraine on Monday after the talks in Geneva collapsed.</p><p>Second paragraph.</p>"
    page = tmp_path / "deep.html"
    page.write_text("<html><head><title>Deep page</title><script>var x = 1;</script></head><body>"
                    + "<div>" * depth + body + "</div>" * depth + "</body></html>", "utf-8")
    [art] = read([page])
    assert isinstance(art, Article), art
    assert art.text == "Russia condemned Ukraine on Monday after the talks in Geneva collapsed.\nSecond paragraph."
    assert art.title == "Deep page"
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body>" + "<div>" * depth + "</div>" * depth + "</body></html>", "utf-8")
    [error] = read([empty])
    assert error.reason == f"no article text found in the HTML (nested {depth + 2:,} levels deep)"


def test_folder_is_streamed(tmp_path):
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(f"T{n}\nBody {n}.", "utf-8")
    stream = read_inputs([str(tmp_path)], Options())
    assert next(stream).id == "0"
    (tmp_path / "0.txt").unlink()
    (tmp_path / "2.txt").write_text("Changed\nLater body.", "utf-8")  # read lazily, after the first
    assert [a.text for a in stream] == ["Body 1.", "Later body."]


# --- standard input -----------------------------------------------------------------------------


def test_stdin_jsonl(tmp_path):
    data = "\n".join(json.dumps(r) for r in (record(id="s1"), {"text": "No id here."})).encode()
    items = read(["-"], stdin=io.BytesIO(b"  \n" + data))
    assert [i.id for i in items] == ["s1", "stdin-3"]
    assert items[0].origin == "<stdin>:2"


def test_stdin_jsonl_across_sniff_boundary():
    lines = [json.dumps(record(id=f"r{n}", text="word " * 700)) for n in range(10)]
    items = read(["-"], stdin=io.BytesIO("\n".join(lines).encode()))
    assert [i.id for i in items] == [f"r{n}" for n in range(10)]


def test_stdin_html():
    html = b"<html><head><title>Strike</title></head><body><p>Workers went on strike in Lagos.</p></body></html>"
    [art] = read(["-"], stdin=io.BytesIO(html))
    assert art.id == "stdin" and "Workers went on strike" in art.text


def test_stdin_text():
    [art] = read(["-"], stdin=io.BytesIO(("Headline\n" + BODY).encode()))
    assert (art.id, art.title, art.text, art.origin) == ("stdin", "Headline", BODY, "<stdin>")


def test_stdin_json_list_with_bom():
    data = b"\xef\xbb\xbf" + json.dumps([record(id="j1"), {"text": "Second."}]).encode()
    items = read(["-"], stdin=io.BytesIO(data))
    assert [(i.id, i.origin) for i in items] == [("j1", "<stdin>#1"), ("stdin-2", "<stdin>#2")]


def test_stdin_defaults_to_sys_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Headline\nBody text.")))
    [art] = read(["-"])
    assert (art.id, art.title, art.text) == ("stdin", "Headline", "Body text.")


def test_stdin_too_big_and_empty():
    [err] = read(["-"], Options(max_article_chars=100), stdin=io.BytesIO(b"x" * 1000))
    assert err.reason == "article is 1,000 characters, over the limit of 100"
    [err] = read(["-"], stdin=io.BytesIO(b" \n "))
    assert err.reason == "empty file"


# --- normalisation and dates --------------------------------------------------------------------


def test_text_normalised_nfc_newlines_controls(tmp_path):
    decomposed = "Cafe\u0301 in Montre\u0301al"
    path = write_jsonl(tmp_path / "u.jsonl", [record(text=f"  {decomposed}\r\nline\x07 two\tend\x00\n\n")])
    [art] = read([path])
    assert art.text == "Café in Montréal\nline two\tend"
    assert unicodedata.is_normalized("NFC", art.text)


def test_txt_crlf_and_bom(tmp_path):
    path = tmp_path / "w.txt"
    path.write_bytes(b"\xef\xbb\xbfTitle\r\nBody one.\r\n\r\nBody two.\r\n")
    [art] = read([path])
    assert (art.title, art.text) == ("Title", "Body one.\n\nBody two.")


@pytest.mark.parametrize("raw,expected", [
    ("2019-08-24", "2019-08-24"), ("2019-08-24T10:00:00Z", "2019-08-24"), ("24 August 2019", "2019-08-24"),
    ("August 24, 2019", "2019-08-24"), ("Sat, 24 Aug 2019 10:00:00 +0000", "2019-08-24"),
    ("Sept. 3, 2020", "2020-09-03"), ("2019/08/24", "2019-08-24"), ("yesterday", None), ("2019-02-30", None),
])
def test_parse_date(raw, expected):
    assert parse_date(raw) == expected


def test_unparseable_date_kept_raw(tmp_path):
    path = write_jsonl(tmp_path / "d.jsonl", [record(date="last Tuesday"), record(id="b", date=None)])
    first, second = read([path], Options(default_date="2024-05-01"))
    assert first.date == "2024-05-01" and first.extra["date_raw"] == "last Tuesday"
    assert second.date == "2024-05-01" and "date_raw" not in second.extra


# --- bad input ----------------------------------------------------------------------------------


def test_bad_jsonl_lines_do_not_stop_the_file(tmp_path):
    path = write_jsonl(tmp_path / "bad.jsonl", [
        record(id="ok1"),
        "{not json",
        record(id="nt", text=None) | {"text": None},
        {"id": "e", "text": "   "},
        {"id": "l", "text": ["a", "list"]},
        ["not", "an", "object"],
        record(id=["x"]),
        record(id="t", title={"a": 1}),
        record(id="ok2"),
    ])
    items = read([path])
    assert [a.id for a in articles(items)] == ["ok1", "ok2"]
    errs = {e.origin.rsplit(":", 1)[1]: e for e in errors(items)}
    assert errs["2"].reason.startswith("not JSON: ")
    assert str(errs["2"]).startswith(f"{path}:2: not JSON")
    assert errs["3"].reason == "record has no text" and errs["3"].article_id == "nt"
    assert errs["4"].reason.startswith("record has no text")
    assert errs["5"].reason == "record has no text: 'text' is a list, not a string"
    assert errs["6"].reason == "record is a list, not a JSON object"
    assert errs["7"].reason == "field 'id' is a list, expected a string"
    assert errs["8"].reason == "field 'title' is an object, expected a string"


def test_jsonl_invalid_utf8_line(tmp_path):
    path = tmp_path / "enc.jsonl"
    good = json.dumps(record(id="g")).encode() + b"\n"
    path.write_bytes(good + b'{"id": "bad", "text": "caf\xe9"}\n' + json.dumps(record(id="h")).encode() + b"\n")
    items = read([path])
    assert [a.id for a in articles(items)] == ["g", "h"]
    [err] = errors(items)
    assert err.origin == f"{path}:2"
    assert err.reason == f"not valid UTF-8 at byte {len(good) + 26}"


def test_bad_files_do_not_stop_the_batch(tmp_path):
    good1 = tmp_path / "good1.txt"
    good1.write_text("T\nFirst good.", "utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.jsonl"
    blank.write_text("\n  \n", "utf-8")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 10)
    binary_jsonl = tmp_path / "bin.jsonl"
    binary_jsonl.write_bytes(bytes(range(256)) * 10)
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Title\nLe café est fermé.".encode("latin-1"))
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{oops", "utf-8")
    scalar_json = tmp_path / "scalar.json"
    scalar_json.write_text('"just a string"', "utf-8")
    missing = tmp_path / "missing.txt"
    unsupported = tmp_path / "notes.md"
    unsupported.write_text("# notes", "utf-8")
    good2 = tmp_path / "good2.txt"
    good2.write_text("T\nSecond good.", "utf-8")
    paths = [good1, empty, blank, binary, binary_jsonl, latin1, bad_json, scalar_json, missing, unsupported, good2]
    items = read(paths)
    assert [a.id for a in articles(items)] == ["good1", "good2"]
    reasons = {e.origin: e.reason for e in errors(items)}
    assert reasons == {
        str(empty): "empty file",
        str(blank): "empty file",
        str(binary): "binary file, not text",
        str(binary_jsonl): "binary file, not text",
        str(latin1): "not valid UTF-8 at byte 12",  # "Title\nLe caf" is 12 bytes
        str(bad_json): reasons[str(bad_json)],
        str(scalar_json): "record is a string, not a JSON object",
        str(missing): "no such file or directory",
        str(unsupported): "unsupported file type .md: expected .txt, .html, .htm, .json or .jsonl",
    }
    assert reasons[str(bad_json)].startswith("not JSON: ")


def test_unreadable_file(tmp_path, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text("T\nBody.", "utf-8")
    good = tmp_path / "good.txt"
    good.write_text("T\nGood body.", "utf-8")

    def guarded_open(path, *args, **kwargs):  # works when the tests run as root, unlike chmod
        if os.fspath(path) == str(secret):
            raise PermissionError(13, "Permission denied", str(path))
        return open(path, *args, **kwargs)

    monkeypatch.setattr(readers, "open", guarded_open, raising=False)
    items = read([secret, good])
    assert items[0] == InputError(str(secret), "cannot read file: permission denied")
    assert items[1].id == "good"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs file permissions (not root)")
def test_unreadable_file_chmod(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("T\nBody.", "utf-8")
    secret.chmod(0)
    try:
        [err] = read([secret])
    finally:
        secret.chmod(0o600)
    assert err == InputError(str(secret), "cannot read file: permission denied")


def test_utf16_with_bom_and_html_declared_charset(tmp_path):
    utf16 = tmp_path / "u16.txt"
    utf16.write_bytes(b"\xff\xfe" + "Titre\nLe café est fermé.".encode("utf-16-le"))
    page = tmp_path / "latin.html"
    page.write_bytes(b'<html><head><meta charset="iso-8859-1"><title>Caf\xe9</title></head>'
                     b"<body><p>Le caf\xe9 est ferm\xe9 depuis lundi.</p></body></html>")
    first, second = read([utf16, page])
    assert (first.title, first.text) == ("Titre", "Le café est fermé.")
    assert "Le café est fermé depuis lundi." in second.text


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_folder_symlink_loop_read_once(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("T\nBody.", "utf-8")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    assert [i.id for i in read([tmp_path])] == ["sub/a"]


def test_huge_text_file_rejected_quickly_by_size(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * (20 * 1024 * 1024))
    good = tmp_path / "z.txt"
    good.write_text("T\nFine.", "utf-8")
    tracemalloc.start()
    try:
        items = read([path, good])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024  # the file is counted in chunks, never held whole
    assert items[0] == InputError(str(path), "article is 20,971,520 characters, over the limit of 2,000,000")
    assert items[1].id == "z"


def test_long_article_rejected_in_every_format(tmp_path):
    options = Options(max_article_chars=50)
    txt = tmp_path / "long.txt"
    txt.write_text("T\n" + "é" * 60, "utf-8")  # 122 bytes: under 4 x 50, decoded and counted
    html = tmp_path / "long.html"
    html.write_text("<html><body><p>" + "word " * 100 + "</p></body></html>", "utf-8")
    jsonl = write_jsonl(tmp_path / "long.jsonl", [record(text="x" * 51), record(id="short", text="short")])
    items = read([txt, html, jsonl], options)
    assert [a.id for a in articles(items)] == ["short"]
    reasons = [e.reason for e in errors(items)]
    assert reasons[0] == "article is 60 characters, over the limit of 50"
    size = html.stat().st_size
    assert reasons[1] == f"HTML file is {size:,} bytes, over the limit of 200 bytes (4 x max_article_chars)"
    assert reasons[2] == "article is 51 characters, over the limit of 50"


def test_duplicate_ids(tmp_path):
    first = write_jsonl(tmp_path / "a.jsonl", [record(id="x"), record(id="y"), record(id="x")])
    second = tmp_path / "x.txt"
    second.write_text("T\nBody.", "utf-8")
    items = read([first, second])
    assert [type(i).__name__ for i in items] == ["Article", "Article", "InputError", "InputError"]
    assert items[2] == InputError(f"{first}:3", f"duplicate id 'x', first seen at {first}:1", "x")
    assert items[3].reason == f"duplicate id 'x', first seen at {first}:1"


def test_same_file_twice_is_duplicate(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("T\nBody.", "utf-8")
    items = read([path, path])
    assert isinstance(items[0], Article) and items[1].reason == f"duplicate id 'a', first seen at {path}"


# --- the real corpus ----------------------------------------------------------------------------


def test_real_corpus(shared):
    items = read([shared / "corpus" / "articles.jsonl"])
    assert not errors(items)
    assert len(items) == 33
    assert len({a.id for a in items}) == 33
    for art in items:
        assert art.id and art.text and art.title
        assert len(art.date) == 10 and parse_date(art.date) == art.date
        assert "license" in art.extra and art.source
    wn = next(a for a in items if a.id == "wn-001")
    assert wn.source == "Wikinews" and wn.url.startswith("https://en.wikinews.org/")
