"""Coverage-guided fuzzing of the input readers with atheris (libFuzzer).

    .venv/bin/python fuzz/fuzz_readers.py [CORPUS_DIR] -max_total_time=60

The first byte of each input picks how it is read (.txt, .html, .jsonl or .json file, or standard input); the
rest is the content. Every record must come out as an Article or an InputError, and every Article must be
writable as strict JSON in UTF-8. Any exception is a crash: libFuzzer saves the input as crash-<sha1> and stops.
Only dragoman's modules are instrumented (coverage guidance stays on our code; trafilatura and lxml still run).
See docs/hardening.md.
"""
from __future__ import annotations

import io
import json
import os
import sys
import tempfile

import atheris

with atheris.instrument_imports(include=["dragoman"]):
    from dragoman.options import Options
    from dragoman.io.readers import read_inputs
    from dragoman.records import Article, InputError

KINDS = (".txt", ".html", ".jsonl", ".json", "-")
OPTIONS = Options(max_article_chars=50_000)
WORKDIR = tempfile.mkdtemp(prefix="dragoman-atheris-")


def check(items: list) -> None:
    ids = set()
    for item in items:
        if isinstance(item, InputError):
            assert item.reason and "\n" not in item.reason, item
            continue
        assert isinstance(item, Article), item
        assert item.id not in ids and item.text and len(item.text) <= OPTIONS.max_article_chars
        ids.add(item.id)
        for value in (item.id, item.text, item.title, item.source or "", item.url or ""):
            value.encode("utf-8")
        json.dumps(item.extra, ensure_ascii=False, allow_nan=False).encode("utf-8")


def test_one_input(data: bytes) -> None:
    if not data:
        return
    kind, body = KINDS[data[0] % len(KINDS)], data[1:]
    if kind == "-":
        items = list(read_inputs(["-"], OPTIONS, stdin=io.BytesIO(body)))
    else:
        path = os.path.join(WORKDIR, "input" + kind)
        with open(path, "wb") as handle:
            handle.write(body)
        items = list(read_inputs([path], OPTIONS))
    check(items)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
