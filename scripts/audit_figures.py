#!/usr/bin/env python3
"""Sampling audit of figures: precision on news nobody annotated, judged by reading each figure's sentence.

    PYTHONPATH=src .venv/bin/python -m dragoman.cli extract ../shared/corpus/wikinews-2019-2020.jsonl -o /tmp/wn.jsonl
    .venv/bin/python scripts/audit_figures.py draw /tmp/wn.jsonl --seed 20261208 --n 100 -o eval/audit/figures-X.tsv
    (fill `verdict`: y = right value, right unit and a figure the guidelines want; n = not; `note` gives the class)
    .venv/bin/python scripts/audit_figures.py report eval/audit/figures-X.tsv
    .venv/bin/python scripts/audit_figures.py articles /tmp/wn.jsonl --seed 20261208 --n 10   (full texts to read)

Figures are drawn from the extract output with a fixed seed; the sheet shows the figure's words and its sentence
(cut from the corpus text at the figure's offsets) so a reader can judge it against ../shared/eval/README.md.
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import re
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "wikinews-2019-2020.jsonl"
COLUMNS = ("n", "article", "value", "unit", "text", "measured", "sentence", "verdict", "note")


def _texts(corpus: Path) -> dict[str, str]:
    return {r["id"]: r["text"] for r in map(json.loads, corpus.read_text(encoding="utf-8").splitlines())}


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around [start, end): cut at the last sentence end before and the first after."""
    left = max([text.rfind("\n", 0, start)] + [m.end() - 1 for m in re.finditer(r"[.!?][\"”]?\s", text[:start])])
    right = re.search(r"[.!?][\"”]?(\s|$)|\n", text[end:])
    return " ".join(text[left + 1:end + (right.end() if right else len(text))].split())


def draw(output: Path, corpus: Path, seed: int, n: int) -> list[dict]:
    texts = _texts(corpus)
    figures = [(r["id"], f) for r in map(json.loads, output.read_text(encoding="utf-8").splitlines())
               for f in r.get("figures", [])]
    rows = []
    for number, (article, f) in enumerate(random.Random(seed).sample(figures, min(n, len(figures))), 1):
        rows.append({"n": number, "article": article, "value": f"{f['value']:g}", "unit": f["unit"],
                     "text": f["text"], "measured": f.get("measured") or "",
                     "sentence": _sentence(texts[article], f["start"], f["end"]), "verdict": "", "note": ""})
    return rows


def report(rows: list[dict]) -> str:
    judged = [r for r in rows if r["verdict"].strip().lower() in ("y", "n")]
    right = sum(r["verdict"].strip().lower() == "y" for r in judged)
    classes = Counter(r["note"].split(":")[0].strip() for r in judged if r["verdict"].strip().lower() == "n")
    lines = [f"judged {len(judged)}, right {right}, precision {right / max(1, len(judged)):.2f}", "",
             "| error class | figures |", "|---|---|"]
    lines += [f"| {name or '(no note)'} | {count} |" for name, count in classes.most_common()]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draw")
    d.add_argument("output", type=Path, help="extract output (JSON Lines) of the corpus")
    d.add_argument("--corpus", type=Path, default=CORPUS)
    d.add_argument("--seed", type=int, required=True)
    d.add_argument("--n", type=int, default=100)
    d.add_argument("-o", "--sheet", type=Path, required=True)
    r = sub.add_parser("report")
    r.add_argument("sheet", type=Path)
    a = sub.add_parser("articles")
    a.add_argument("output", type=Path)
    a.add_argument("--corpus", type=Path, default=CORPUS)
    a.add_argument("--seed", type=int, required=True)
    a.add_argument("--n", type=int, default=10)
    args = parser.parse_args()
    if args.command == "draw":
        with args.sheet.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, COLUMNS, delimiter="\t")
            writer.writeheader()
            writer.writerows(draw(args.output, args.corpus, args.seed, args.n))
    elif args.command == "report":
        with args.sheet.open(encoding="utf-8", newline="") as fh:
            print(report(list(csv.DictReader(fh, delimiter="\t"))))
    else:
        texts = _texts(args.corpus)
        found = {r["id"]: r.get("figures", []) for r in map(json.loads, args.output.read_text().splitlines())}
        for article in random.Random(args.seed).sample(sorted(found), min(args.n, len(found))):
            print(f"=== {article}\n{texts[article]}\n--- coder: "
                  + "; ".join(f"{f['text']} = {f['value']:g} {f['unit']}" for f in found[article]) + "\n")


if __name__ == "__main__":
    main()
