"""Coverage-guided fuzzing of the extractor with atheris (libFuzzer): the real Pipeline (spaCy md model) on
fuzzed article texts and publication dates.

    .venv/bin/python fuzz/fuzz_extract.py [CORPUS_DIR] -max_total_time=60 -rss_limit_mb=4096

Inputs are at most 1,024 bytes unless -max_len says otherwise.
Every text must give an ArticleResult whose offsets point into the text and whose JSON is strict (no NaN or
infinity) and valid UTF-8; the pipeline runs with raise_errors=True, so any exception in any stage is a crash.
Only dragoman's modules are instrumented. Loading the model takes a few seconds before fuzzing starts.
See docs/hardening.md.
"""
from __future__ import annotations

import json
import math
import sys

import atheris

with atheris.instrument_imports(include=["dragoman"]):
    from dragoman.options import Options
    from dragoman.pipeline import Pipeline
    from dragoman.records import Article

DATES = (None, "2025-10-09", "0001-01-01", "9999-12-31", "2024-02-29", "1970-01-01")
PIPELINE = Pipeline(Options(raise_errors=True, skip_non_english=False))  # every text reaches every stage


def check(result, text: str) -> None:
    data = result.to_json()
    json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")
    for key in ("events", "background_events", "unasserted_events"):
        for event in data[key]:
            assert text[event["start"]:event["end"]] == event["text"], event
            assert text[event["trigger"]["start"]:event["trigger"]["end"]] == event["trigger"]["text"], event
    for actor in data["actors"]:
        for m in actor["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"], m
    for figure in data["figures"]:
        assert math.isfinite(figure["value"]) and text[figure["start"]:figure["end"]] == figure["text"], figure


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    date = DATES[fdp.ConsumeIntInRange(0, len(DATES) - 1)]
    text = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
    [result] = PIPELINE.process([Article(id="fuzz", text=text, date=date)])
    check(result, text)


def main() -> None:
    argv = list(sys.argv)
    if not any(arg.startswith("-max_len=") for arg in argv):
        argv.append("-max_len=1024")  # news sentences, not whole articles: about 60 parses a second instead of 4
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
