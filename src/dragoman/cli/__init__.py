"""Command line: a thin layer over the library (readers, Pipeline, the store, the web app).

Takes arguments; gives exit codes and output files. `extract` is here; `store` has the store commands (ingest,
queries, export, judge), `web` has `serve`, and `common` the options every command shares.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from typing import TextIO

from dragoman.cli.common import common_parser, options_from
from dragoman.records import ArticleResult, InputError

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    common = common_parser()
    parser = argparse.ArgumentParser(prog="dragoman", description="Political event data from international news.")
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", parents=[common], help="extract actors, events, figures and commitments")
    ex.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or - for standard input")
    ex.add_argument("-o", "--output", metavar="OUT.jsonl", help="write JSON Lines here (default: standard output)")
    ex.add_argument("--format", choices=("jsonl", "table"), default=None,
                    help="jsonl (default for a pipe) or a readable table (with -o, the table goes to the terminal "
                         "and JSON Lines to the file)")
    from dragoman.scale.parallel import add_arguments as add_scale_arguments

    add_scale_arguments(ex)
    ex.set_defaults(func=cmd_extract)
    try:
        from dragoman.cli import store as cli_store
    except ImportError:
        cli_store = None
    if cli_store is not None:
        cli_store.register(sub, common)
    try:
        from dragoman.cli import web as cli_web
    except ImportError:
        cli_web = None
    if cli_web is not None:
        cli_web.register(sub, common)
    return parser


def cmd_extract(args: argparse.Namespace) -> int:
    from dragoman.scale.runner import open_runner

    options = options_from(args)
    fmt = args.format or ("jsonl" if args.output or not sys.stdout.isatty() else "table")
    show_table = fmt == "table"
    runner = open_runner(options, getattr(args, "workers", 1), getattr(args, "dask", None),
                         dask_read=getattr(args, "dask_read", "workers"))
    out: TextIO = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    counts: Counter[str] = Counter()
    started = time.perf_counter()
    try:
        for item in runner.process_inputs(args.paths, stdin=sys.stdin.buffer):
            if isinstance(item, InputError):
                counts["failed"] += 1
                print(f"dragoman: error: {item}", file=sys.stderr)
                continue
            counts["articles"] += 1
            counts["events"] += len(item.to_json()["events"])
            if args.output or not show_table:
                out.write(json.dumps(item.to_json(), ensure_ascii=False) + "\n")
            if show_table:
                sys.stdout.write(render_table(item))
    finally:
        runner.close()
        if args.output:
            out.close()
    elapsed = time.perf_counter() - started
    print(f"dragoman: {counts['articles']} articles, {counts['events']} events, {counts['failed']} failed, "
          f"{elapsed:.1f} s" + (f" -> {args.output}" if args.output else ""), file=sys.stderr)
    if runner.stats.mode != "in-process":
        print(f"dragoman: {runner.stats.summary()}", file=sys.stderr)
    return EXIT_SOME_FAILED if counts["failed"] else EXIT_OK


def render_table(result: ArticleResult) -> str:
    """A readable summary of one article's extraction, for people at a terminal."""
    data = result.to_json()
    lines = [f"== {data['id']}  {data.get('date') or ''}  {data.get('title') or ''}".rstrip()]
    actors = [a for a in data["actors"] if a["kind"] in ("person", "organization")]
    if actors:
        lines.append("  actors:")
        for a in actors:
            lines.append(f"    {a['name']:<34} {a['kind']:<12} {a['code'] or '-':<4} {a['sector'] or '-':<4} {a['role'] or ''}")
    if data["events"]:
        lines.append("  events:")
        for e in data["events"]:
            lines.append(f"    {e['event']:<9} {_codes(e['actor'])}->{_codes(e['recipient'])}  {e['date'] or ''}  "
                         f"[{e['pattern']}] \"{e['trigger']['text']}\"")
    if data["figures"]:
        lines.append("  figures: " + "; ".join(f"{f['text']} = {_number(f['value'])} {f['unit']}" for f in data["figures"]))
    if data["commitments"]:
        lines.append("  commitments: " + "; ".join(f"{c['what']} {c['relation']} {c['horizon']}" for c in data["commitments"]))
    return "\n".join(lines) + "\n\n"


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def _codes(party) -> str:
    if party is None:
        return "-"
    if isinstance(party, list):
        return "+".join(p.get("code") or "?" for p in party)
    return party.get("code") or "?"


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("dragoman: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK

