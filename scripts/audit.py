#!/usr/bin/env python3
"""Sampling audit: precision of the coder on news nobody annotated, judged by reading each event's sentence.

    .venv/bin/python scripts/audit.py draw --seed 20261206 --n 100 -o eval/audit/2026-12-06.tsv
    (fill the `verdict` column: y = correct, n = wrong; `note` says why)
    .venv/bin/python scripts/audit.py report eval/audit/2026-12-06.tsv

`draw` codes ../shared/corpus/wikinews-2019-2020.jsonl (272 Wikinews articles with no gold) and draws asserted
events at random with a fixed seed. An event is correct when its type, actor code and recipient code are what
../shared/eval/README.md's guidelines give for that sentence (sectors and modes are not judged, as in score.py).
`report` prints precision by event type as a Markdown table, for docs/accuracy.md.
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COLUMNS = ("n", "article", "event", "actor", "recipient", "trigger", "pattern", "sentence", "verdict", "note")


def _codes(party) -> str:
    if party is None:
        return "-"
    parties = party if isinstance(party, list) else [party]
    return "+".join(f"{p.get('code') or '?'}{('/' + p['sector']) if p.get('sector') else ''}" for p in parties)


def coded_events(corpus: Path, model: str) -> list[dict]:
    from dragoman.options import Options
    from dragoman.pipeline import Pipeline
    from dragoman.io.readers import read_inputs
    from dragoman.records import InputError

    pipeline = Pipeline(Options(model=model, article_timeout=None))
    events = []
    for result in pipeline.process(read_inputs([str(corpus)], pipeline.options)):
        if isinstance(result, InputError):
            print(f"skipped: {result}", file=sys.stderr)
            continue
        record = result.to_json()
        for event in record.get("events", []):
            events.append({"article": record["id"], **event})
    return events


def draw(events: list[dict], seed: int, n: int) -> list[dict]:
    rng = random.Random(seed)
    chosen = rng.sample(events, min(n, len(events)))
    rows = []
    for number, event in enumerate(chosen, 1):
        rows.append({"n": number, "article": event["article"], "event": event["event"],
                     "actor": _codes(event.get("actor")), "recipient": _codes(event.get("recipient")),
                     "trigger": (event.get("trigger") or {}).get("text", ""), "pattern": event.get("pattern", ""),
                     "sentence": " ".join(event.get("text", "").split()), "verdict": "", "note": ""})
    return rows


def report(rows: list[dict]) -> str:
    judged = [r for r in rows if r["verdict"].strip().lower() in ("y", "n")]
    by_type: dict[str, Counter] = {}
    for row in judged:
        by_type.setdefault(row["event"], Counter())[row["verdict"].strip().lower()] += 1
    lines = ["| event type | judged | correct | precision |", "|---|---|---|---|"]
    total = Counter()
    for event_type in sorted(by_type, key=lambda t: -sum(by_type[t].values())):
        counts = by_type[event_type]
        total.update(counts)
        judged_n = counts["y"] + counts["n"]
        lines.append(f"| {event_type} | {judged_n} | {counts['y']} | {counts['y'] / judged_n:.2f} |")
    judged_n = total["y"] + total["n"]
    if judged_n:
        lines.append(f"| **all** | {judged_n} | {total['y']} | **{total['y'] / judged_n:.2f}** |")
    unjudged = len(rows) - len(judged)
    if unjudged:
        lines.append(f"\n{unjudged} rows not judged yet.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    draw_cmd = sub.add_parser("draw", help="code the corpus and draw events to judge")
    draw_cmd.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "wikinews-2019-2020.jsonl")
    draw_cmd.add_argument("--seed", type=int, required=True)
    draw_cmd.add_argument("--n", type=int, default=100)
    draw_cmd.add_argument("--model", default="md")
    draw_cmd.add_argument("-o", "--out", type=Path, required=True)
    report_cmd = sub.add_parser("report", help="precision by event type of a judged sheet")
    report_cmd.add_argument("sheet", type=Path)
    args = parser.parse_args(argv)
    if args.command == "draw":
        rows = draw(coded_events(args.corpus, args.model), args.seed, args.n)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, COLUMNS, delimiter="\t", lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        print(f"{len(rows)} events drawn into {args.out}", file=sys.stderr)
        return 0
    with args.sheet.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    print(report(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
