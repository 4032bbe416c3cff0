"""Command line: a thin layer over the library (readers, Pipeline, output)."""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import TextIO

from dragoman.options import MODELS, Options
from dragoman.records import ArticleResult, InputError

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--model", choices=MODELS, default="md", help="spaCy English pipeline (default: md)")
    common.add_argument("--date", dest="default_date", metavar="YYYY-MM-DD", type=iso_date,
                        help="publication date for inputs that carry none")
    common.add_argument("--actors", dest="actor_files", action="append", default=[], metavar="FILE",
                        help="extra actors file with date-bounded roles (repeatable)")
    common.add_argument("--batch-size", type=int, default=16, help="articles per parsing batch")
    parser = argparse.ArgumentParser(prog="dragoman", description="Political event data from international news.")
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", parents=[common], help="extract actors, events, figures and commitments")
    ex.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or - for standard input")
    ex.add_argument("-o", "--output", metavar="OUT.jsonl", help="write JSON Lines here (default: standard output)")
    ex.add_argument("--format", choices=("jsonl", "table"), default=None,
                    help="jsonl (default for a pipe) or a readable table (with -o, the table goes to the terminal "
                         "and JSON Lines to the file)")
    from dragoman.parallel import add_arguments as add_scale_arguments

    add_scale_arguments(ex)
    ex.set_defaults(func=cmd_extract)
    try:
        from dragoman import cli_store
    except ImportError:
        cli_store = None
    if cli_store is not None:
        cli_store.register(sub, common)
    try:
        from dragoman import cli_web
    except ImportError:
        cli_web = None
    if cli_web is not None:
        cli_web.register(sub, common)
    return parser


def iso_date(text: str) -> str:
    """``--date``: a YYYY-MM-DD calendar date, checked while the command line is parsed, so a bad one is a usage
    error (exit status 2) like any other bad option."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(text).isoformat() if len(text) == 10 else _not_a_date(text)
    except ValueError:
        return _not_a_date(text)


def _not_a_date(text: str) -> str:
    raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD")


def options_from(args: argparse.Namespace) -> Options:
    """The one options object, built here at the edge."""
    return Options(model=args.model, batch_size=args.batch_size, default_date=args.default_date,
                   actor_files=tuple(Path(p) for p in args.actor_files))


def cmd_extract(args: argparse.Namespace) -> int:
    from dragoman.parallel import open_runner

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


if __name__ == "__main__":
    sys.exit(main())
