#!/usr/bin/env python3
"""Sampling audit: precision of the coder on news nobody annotated, judged by reading each event's sentence.

    .venv/bin/python scripts/audit.py draw --seed 20261206 --n 100 -o eval/audit/2026-12-06.tsv
    (fill the `verdict` column: y = correct, n = wrong; `note` says why)
    .venv/bin/python scripts/audit.py report eval/audit/2026-12-06.tsv
    .venv/bin/python scripts/audit.py code -o /tmp/coded.jsonl       (every asserted event, one a line)
    .venv/bin/python scripts/audit.py diff /tmp/before.jsonl /tmp/after.jsonl   (events lost and gained)

`draw` codes ../shared/corpus/wikinews-2019-2020.jsonl (272 Wikinews articles with no gold) and draws asserted
events at random with a fixed seed. An event is correct when its type, actor code and recipient code are what
../shared/eval/README.md's guidelines give for that sentence (sectors and modes are not judged, as in score.py).
`report` prints precision by event type as a Markdown table, for docs/accuracy.md. `code` writes every asserted
event of the corpus, to read the coder's output or to compare two versions of it with `diff`, which prints the
(article, type, actor, recipient, sentence) rows only one side has: a change to coding is read on the events it
removes and adds.
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
        rows.append({"n": number, **event_row(event), "verdict": "", "note": ""})
    return rows


def event_row(event: dict) -> dict:
    """The fields of an event that the audit judges, flat."""
    return {"article": event["article"], "event": event["event"], "actor": _codes(event.get("actor")),
            "recipient": _codes(event.get("recipient")),
            "trigger": (event.get("trigger") or {}).get("text", ""), "pattern": event.get("pattern", ""),
            "sentence": " ".join(event.get("text", "").split())}


def diff(before: list[dict], after: list[dict]) -> tuple[list[dict], list[dict]]:
    """Events only in `before` (lost) and only in `after` (gained), by article, type, codes and sentence."""
    def key(row: dict) -> tuple:
        return row["article"], row["event"], row["actor"], row["recipient"], row["sentence"]

    old = {key(r): r for r in before}
    new = {key(r): r for r in after}
    return [old[k] for k in old if k not in new], [new[k] for k in new if k not in old]


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
    code_cmd = sub.add_parser("code", help="code the corpus and write every asserted event, one JSON a line")
    code_cmd.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "wikinews-2019-2020.jsonl")
    code_cmd.add_argument("--model", default="md")
    code_cmd.add_argument("-o", "--out", type=Path, required=True)
    diff_cmd = sub.add_parser("diff", help="events that only one of two `code` outputs has")
    diff_cmd.add_argument("before", type=Path)
    diff_cmd.add_argument("after", type=Path)
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
    if args.command == "code":
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("w", encoding="utf-8") as fh:
            for event in coded_events(args.corpus, args.model):
                fh.write(json.dumps(event_row(event), ensure_ascii=False) + "\n")
        return 0
    if args.command == "diff":
        def load(path: Path) -> list[dict]:
            return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]

        lost, gained = diff(load(args.before), load(args.after))
        for sign, rows in (("-", lost), ("+", gained)):
            for r in rows:
                print(f"{sign} {r['article']}\t{r['event']}\t{r['actor']}>{r['recipient']}\t[{r['trigger']}]"
                      f"\t{r['sentence'][:200]}")
        print(f"{len(lost)} lost, {len(gained)} gained", file=sys.stderr)
        return 0
    with args.sheet.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    print(report(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
