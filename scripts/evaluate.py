#!/usr/bin/env python3
"""Score the coder on the tune and check halves of the gold (eval/split.tsv) and on the PLOVER gold sentences.

    .venv/bin/python scripts/evaluate.py [--shared ../shared] [--out out/eval] [--model md] [--json] [--reuse]

Extracts the dev corpus, the dev-more corpus and the PLOVER sentences once, in one process, then runs
../shared/eval/score.py on each half, on all 47 articles, per gold folder and on the PLOVER sentences. Tune on the
tune half; report both halves with every change to coding. The PLOVER sentences are split the same way:
`plover-odd` (1st, 3rd, ... line of sentences.jsonl) is the half to read errors on, `plover-even` the check half.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SPLIT = REPO / "eval" / "split.tsv"
CORPORA = {"dev": "corpus/articles.jsonl", "dev-more": "corpus/dev-more.jsonl"}


def read_split(path: Path = SPLIT) -> list[tuple[str, str, str, str]]:
    """(id, gold folder, source, half) rows of the split file."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            article_id, folder, source, half = line.split("\t")
            rows.append((article_id, folder, source, half))
    return rows


def extract(inputs: list[Path], out: Path, model: str) -> None:
    from dragoman.options import Options
    from dragoman.pipeline import Pipeline
    from dragoman.io.readers import read_inputs
    from dragoman.records import InputError

    pipeline = Pipeline(Options(model=model, article_timeout=None))
    with out.open("w", encoding="utf-8") as fh:
        for path in inputs:
            for result in pipeline.process(read_inputs([str(path)], pipeline.options)):
                if isinstance(result, InputError):
                    print(f"not coded: {result}", file=sys.stderr)
                    continue
                fh.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")


def score(shared: Path, gold: Path, output: Path, *extra: str) -> dict:
    proc = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(gold), str(output), "--json",
                           *extra], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def gold_folder(shared: Path, rows, work: Path, name: str) -> Path:
    """A folder holding copies of the gold files of the given split rows."""
    folder = work / f"gold-{name}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for article_id, source_folder, _, _ in rows:
        shutil.copy(shared / "eval" / source_folder / f"{article_id}.json", folder / f"{article_id}.json")
    return folder


def plover_halves(shared: Path, work: Path) -> dict[str, Path]:
    """Gold folders of the PLOVER sentences at odd (1st, 3rd, ...) and even positions of sentences.jsonl."""
    lines = (shared / "eval" / "plover-gsr" / "sentences.jsonl").read_text(encoding="utf-8").splitlines()
    ids = [json.loads(line)["id"] for line in lines if line.strip()]
    folders = {}
    for name, start in (("plover-odd", 0), ("plover-even", 1)):
        folder = work / f"gold-{name}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for sentence_id in ids[start::2]:
            shutil.copy(shared / "eval" / "plover-gsr" / "gold" / f"{sentence_id}.json", folder / f"{sentence_id}.json")
        folders[name] = folder
    return folders


def evaluate(shared: Path, work: Path, model: str = "md", reuse: bool = False) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    articles = work / "articles.jsonl"
    gsr = work / "gsr.jsonl"
    if not (reuse and articles.exists() and gsr.exists()):
        extract([shared / CORPORA["dev"], shared / CORPORA["dev-more"]], articles, model)
        extract([shared / "eval" / "plover-gsr" / "sentences.jsonl"], gsr, model)
    rows = read_split()
    report = {}
    for name, subset in (("tune", [r for r in rows if r[3] == "tune"]),
                         ("check", [r for r in rows if r[3] == "check"]),
                         ("all", rows),
                         ("dev", [r for r in rows if r[1] == "dev"]),
                         ("dev-more", [r for r in rows if r[1] == "dev-more"])):
        report[name] = score(shared, gold_folder(shared, subset, work, name), articles)
    report["plover"] = score(shared, shared / "eval" / "plover-gsr" / "gold", gsr, "--layers", "events")
    for name, folder in plover_halves(shared, work).items():
        report[name] = score(shared, folder, gsr, "--layers", "events")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=REPO / "out" / "eval")
    parser.add_argument("--model", default="md")
    parser.add_argument("--reuse", action="store_true", help="score the last extraction again")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    report = evaluate(args.shared, args.out, args.model, args.reuse)
    if args.json:
        print(json.dumps(report, indent=1))
        return 0
    print(f"{'set':11} {'events P/R/F1':>22} {'actors F1':>10} {'figures F1':>11}")
    for name, summary in report.items():
        ev = summary["events"]
        actors = summary.get("actors", {}).get("f1")
        figures = summary.get("figures", {}).get("f1")
        print(f"{name:11} {ev['precision']:6.3f} {ev['recall']:6.3f} {ev['f1']:6.3f} "
              f"{'' if actors is None else format(actors, '10.3f'):>10} "
              f"{'' if figures is None else format(figures, '11.3f'):>11}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
