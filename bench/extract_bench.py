"""Extraction benchmark: pipeline throughput against bare spaCy nlp.pipe, same texts, same model, same run.

    .venv/bin/python bench/extract_bench.py [--articles 500] [--model md] [--batch-size 16]

Prints articles/s for bare `nlp.pipe` and for the full pipeline (parsing plus actors, events, dates, places,
figures, commitments), their ratio (target >= 0.8), and the time spent in each post-parsing stage.
"""
from __future__ import annotations

import argparse
import itertools
import json
import platform
import time
from collections import Counter
from pathlib import Path

from dragoman.components import STAGES
from dragoman.nlp import describe_model, load_model
from dragoman.options import Options
from dragoman.pipeline import Pipeline
from dragoman.io.readers import read_inputs

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "articles.jsonl"


def articles(n: int, options: Options):
    base = [a for a in read_inputs([str(SAMPLE)], options) if not hasattr(a, "reason")]
    return list(itertools.islice(itertools.cycle(base), n))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--model", default="md", choices=("md", "sm"))
    ap.add_argument("--batch-size", type=int, default=16)
    args = ap.parse_args()
    options = Options(model=args.model, batch_size=args.batch_size)
    items = articles(args.articles, options)
    texts = [a.text for a in items]

    bare = load_model(args.model, options.max_article_chars)
    bare.remove_pipe("dragoman_sentence_guard")
    for _ in bare.pipe(texts[:8]):
        pass  # warm-up
    t0 = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=args.batch_size):
        pass
    bare_s = time.perf_counter() - t0

    pipeline = Pipeline(options)
    list(pipeline.process(items[:8]))
    t0 = time.perf_counter()
    n_events = sum(len(r.events) for r in pipeline.process(items))
    full_s = time.perf_counter() - t0

    # where the post-parsing time goes, on parsed docs
    stages: Counter[str] = Counter()
    for article, doc in zip(items[:100], pipeline.nlp.pipe(texts[:100], batch_size=args.batch_size)):
        doc._.published = article.date
        for name, stage in zip(STAGES, pipeline.stages):
            t = time.perf_counter()
            doc = stage(doc)
            stages[name.removeprefix("dragoman_")] += time.perf_counter() - t
    report = {
        "machine": f"{platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}",
        "model": describe_model(args.model),
        "articles": len(items),
        "bare_spacy_articles_per_s": round(len(items) / bare_s, 2),
        "pipeline_articles_per_s": round(len(items) / full_s, 2),
        "ratio_pipeline_to_bare": round(bare_s / full_s, 3),
        "events": n_events,
        "post_parse_ms_per_article": {k: round(v * 1000 / min(100, len(items)), 2) for k, v in stages.items()},
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
