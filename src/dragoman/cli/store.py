"""The store's subcommands (ingest, events, actors, dyad, search, stats, judge, export, failures): thin layers over
dragoman.store. ``register(subparsers, common_parent)`` adds them to the main CLI (the common pipeline options go
to ``ingest`` only); each sets ``func`` to a handler taking the parsed arguments and returning an exit code."""
from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import sys
from collections.abc import Callable, Sequence
from typing import IO, Any

EXIT_ERROR, EXIT_INTERRUPTED = 1, 130

EVENT_TABLE = ("id", "date", "event", "actor", "recipient", "place", "quad_class", "score", "num_sources",
               "num_articles")


def register(subparsers: argparse._SubParsersAction, common_parent: argparse.ArgumentParser | None = None) -> None:
    def add(name: str, help_text: str, handler: Callable[[argparse.Namespace, IO[str]], int],
            output: bool = True, pipeline: bool = False) -> argparse.ArgumentParser:
        # the common (pipeline) options only where the pipeline runs
        parents = [common_parent] if pipeline and common_parent is not None else []
        parser = subparsers.add_parser(name, help=help_text, description=help_text, parents=parents,
                                       conflict_handler="resolve")
        parser.add_argument("--db", metavar="URL", default=None,
                            help="SQLite path or URL, or postgresql://...; default $DRAGOMAN_DB, else ./dragoman.db")
        if output:
            fmt = parser.add_mutually_exclusive_group()
            fmt.add_argument("--json", action="store_const", const="json", dest="output", help="JSON for scripts")
            fmt.add_argument("--csv", action="store_const", const="csv", dest="output", help="CSV for scripts")
        parser.set_defaults(func=lambda args, out=None: _run(handler, args, out))
        return parser

    p = add("ingest", "Code articles and store them (skips what is stored unchanged; resumes after a stop)",
            _ingest, output=False, pipeline=True)
    p.add_argument("paths", nargs="+", metavar="PATH", help="input files or folders")
    p.add_argument("--batch", type=int, default=32, metavar="N", help="articles per transaction (default 32)")
    p.add_argument("--merge-window", type=int, default=None, metavar="DAYS",
                   help="days apart two reports of one event may date it (default 2)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="print the final report as JSON")
    from dragoman.scale.parallel import add_arguments as add_scale_arguments

    add_scale_arguments(p)  # --workers N, --dask URL|local, --dask-read

    p = add("events", "List merged events, newest first", _events)
    _event_filters(p)
    p.add_argument("--limit", type=int, default=100, help="at most this many (0: all; default 100)")
    p.add_argument("--sources", action="store_true", help="with every source article and sentence (JSON)")
    p.add_argument("--corrected", action="store_true",
                   help="as the reviewers left them: events judged wrong left out, corrections applied")

    p = add("actors", "List actors, most reported first", _actors)
    p.add_argument("--country", metavar="CODE", help="actors of this code (TJK, IGO, ...)")
    p.add_argument("--kind", help="person, organization, country, group")
    p.add_argument("--name", help="name contains")
    p.add_argument("--limit", type=int, default=100, help="at most this many (0: all; default 100)")

    p = add("dyad", "Events between two actors per period: counts per quad class and summed score", _dyad)
    p.add_argument("a", metavar="CODE")
    p.add_argument("b", metavar="CODE")
    p.add_argument("--by", choices=("day", "week", "month", "year", "all"), default="month")
    p.add_argument("--since", metavar="DATE")
    p.add_argument("--until", metavar="DATE")
    p.add_argument("--directed", action="store_true", help="only events from the first to the second")
    p.add_argument("--background", dest="include_background", action="store_true",
                   help="include events only ever recalled as the backdrop of another ('after a jet shot down ...')")

    p = add("search", "Full-text search over articles", _search)
    p.add_argument("query", help='words, "a phrase", OR, -excluded')
    p.add_argument("--limit", type=int, default=20)

    add("stats", "What the database holds (and reviewed precision by event type)", _stats)

    p = add("judge", "Judge a stored event: correct, wrong, or corrected (kept beside the coder's record)", _judge)
    p.add_argument("event_id", type=int, metavar="EVENT")
    p.add_argument("verdict", choices=("correct", "wrong", "corrected"))
    p.add_argument("--type", dest="event_type", metavar="TYPE", help="corrected: the right PLOVER type")
    p.add_argument("--mode", help="corrected: the right mode")
    p.add_argument("--actor", metavar="CODE", help="corrected: the right actor code")
    recipient = p.add_mutually_exclusive_group()
    recipient.add_argument("--recipient", metavar="CODE", help="corrected: the right recipient code")
    recipient.add_argument("--no-recipient", action="store_true", help="corrected: the act has no recipient")
    p.add_argument("--note")
    p.add_argument("--reviewer", default=None, help="who judges (default: $USER)")

    p = add("export", "Export events: PLOVER JSON Lines, CSV, Parquet, GDELT-style TSV, GraphML network, or the "
            "reviewed articles as gold files for the scorer", _export, output=False)
    p.add_argument("--format", required=True, choices=("plover", "csv", "parquet", "gdelt", "graphml", "gold"))
    p.add_argument("-o", "--output", dest="path", required=True, metavar="FILE",
                   help="a file, or - for standard output (gold: a folder, one <id>.json per reviewed article)")
    _event_filters(p)

    p = add("failures", "Articles that could not be read, coded or stored, and why", _failures)
    p.add_argument("--limit", type=int, default=0)


def _event_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--actor", metavar="CODE")
    p.add_argument("--recipient", metavar="CODE")
    p.add_argument("--party", metavar="CODE", help="either side")
    p.add_argument("--type", dest="event_type", metavar="TYPE", help="PLOVER type: CONSULT, AID, ...")
    p.add_argument("--since", metavar="DATE", help="YYYY-MM-DD, YYYY-MM or YYYY (inclusive)")
    p.add_argument("--until", metavar="DATE", help="inclusive")
    p.add_argument("--country", metavar="CODE", help="where it happened")
    p.add_argument("--min-sources", type=int, metavar="N")
    p.add_argument("--all", dest="include_uncertain", action="store_true",
                   help="include negated and hypothetical events")
    p.add_argument("--background", dest="include_background", action="store_true",
                   help="include events only ever recalled as the backdrop of another ('after a jet shot down ...')")


def _filters(args: argparse.Namespace, limit: int | None = None):  # noqa: ANN202
    from dragoman.store import EventFilter

    return EventFilter(actor=args.actor, recipient=args.recipient, party=args.party, event_type=args.event_type,
                       since=args.since, until=args.until, country=args.country, min_sources=args.min_sources,
                       include_uncertain=args.include_uncertain, include_background=args.include_background,
                       limit=limit or None)


def _run(handler: Callable[[argparse.Namespace, IO[str]], int], args: argparse.Namespace,
         out: IO[str] | None) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from dragoman.store import SchemaError

    out = out or sys.stdout
    try:
        return handler(args, out)
    except KeyboardInterrupt:
        print("\ninterrupted: committed batches are kept; run the same command again to resume", file=sys.stderr)
        return EXIT_INTERRUPTED
    except (ValueError, SchemaError, SQLAlchemyError, OSError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        command = getattr(args, "command", None)
        print(f"dragoman{' ' + command if isinstance(command, str) else ''}: error: {message}", file=sys.stderr)
        return EXIT_ERROR


def _open(args: argparse.Namespace, **config: Any):  # noqa: ANN202
    """The store for writing (ingest: created when new, upgraded when old)."""
    from dragoman.store import Store, StoreConfig

    return Store.open(args.db, StoreConfig(**config))


def _read(args: argparse.Namespace):  # noqa: ANN202
    """The store for the read commands: it must exist (a mistyped path is an error, not a new empty database),
    and a SQLite file is opened read-only, so reads work where the user cannot write."""
    from dragoman.store import Store

    return Store.open(args.db, read_only=True)


def options_from_args(args: argparse.Namespace):  # noqa: ANN201
    """The pipeline Options, built at the edge: by the main CLI's own builder when its common options are
    there, else from the arguments named like Options fields."""
    from dragoman.options import Options

    from dragoman.cli.common import options_from

    if all(hasattr(args, a) for a in ("model", "batch_size", "default_date",
                                                                    "actor_files")):
        return options_from(args)
    values = {}
    for f in dataclasses.fields(Options):
        value = getattr(args, f.name, None)
        if value is not None:
            values[f.name] = tuple(value) if isinstance(value, list) else value
    return Options(**values)


def _ingest(args: argparse.Namespace, out: IO[str]) -> int:
    from dragoman.scale.parallel import default_workers
    from dragoman.store.ingest import IngestReport, ingest_paths

    config: dict[str, Any] = {"batch_size": args.batch}
    if args.merge_window is not None:
        config["merge_window_days"] = args.merge_window
    report = IngestReport()
    interrupted = False
    with _open(args, **config) as store:
        try:
            ingest_paths(args.paths, store, options_from_args(args), progress=not args.no_progress, report=report,
                         workers=args.workers or default_workers(), dask=args.dask, dask_read=args.dask_read)
        except KeyboardInterrupt:
            interrupted = True
    if args.json:
        out.write(json.dumps({**report.as_dict(), "interrupted": interrupted}, indent=2) + "\n")
    else:
        out.write(report.summary() + "\n")
    if interrupted:
        print("interrupted: committed batches are kept; run the same command again to resume", file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_ERROR if report.failed else 0


def _events(args: argparse.Namespace, out: IO[str]) -> int:
    with _read(args) as store:
        rows = store.events(_filters(args, args.limit), sources=args.sources, corrected=args.corrected)
    if args.output is None:
        for row in rows:
            row["actor"] = _party(row["actor_code"], row["actor_sector"])
            row["recipient"] = _party(row["recipient_code"], row["recipient_sector"])
        _emit(rows, None, out, EVENT_TABLE + (("verdict",) if args.corrected else ()))
    else:
        _emit(rows, args.output, out)
    return 0


def _party(code: str | None, sector: str | None) -> str:
    return f"{code or '-'}{'/' + sector if sector else ''}"


def _actors(args: argparse.Namespace, out: IO[str]) -> int:
    with _read(args) as store:
        rows = store.actors(country=args.country, kind=args.kind, name=args.name, limit=args.limit or None)
    _emit(rows, args.output, out, ("name", "kind", "code", "sector", "role", "articles", "mentions"))
    return 0


def _dyad(args: argparse.Namespace, out: IO[str]) -> int:
    with _read(args) as store:
        rows = store.dyad(args.a, args.b, by=args.by, since=args.since, until=args.until, directed=args.directed,
                          include_background=args.include_background)
    _emit(rows, args.output, out)
    return 0


def _search(args: argparse.Namespace, out: IO[str]) -> int:
    with _read(args) as store:
        rows = store.search(args.query, limit=args.limit)
    _emit(rows, args.output, out, ("doc_id", "date", "source", "title", "snippet"))
    return 0


def _stats(args: argparse.Namespace, out: IO[str]) -> int:
    with _read(args) as store:
        stats = store.stats()
        stats["review"] = store.review_precision()
    if args.output == "json":
        out.write(json.dumps(stats, indent=2, default=str) + "\n")
    elif args.output == "csv":
        from dragoman.store.export import spreadsheet_safe

        writer = csv.writer(out)
        writer.writerow(["key", "value"])
        for key, value in stats.items():
            writer.writerow([key, spreadsheet_safe(json.dumps(value) if isinstance(value, (dict, list)) else value)])
    else:
        review = stats.pop("review")
        for key, value in stats.items():
            if isinstance(value, dict):
                value = ", ".join(f"{k} {v}" for k, v in value.items()) or "-"
            elif isinstance(value, list):
                value = ", ".join(f"{d['actor']}->{d['recipient'] or '-'} {d['events']}" for d in value) or "-"
            out.write(f"{key.replace('_', ' '):<22} {value}\n")
        out.write(f"{'judgements':<22} {review['judgements']}\n")
        if review["reviewed"]:
            out.write("\nreviewed precision by event type (exactly right; type right)\n")
            out.write(format_table([{**review, "event": "all"}] + review["by_type"],
                                   ("event", "reviewed", "correct", "corrected", "wrong", "precision",
                                    "type_precision")))
    return 0


def _judge(args: argparse.Namespace, out: IO[str]) -> int:
    import os

    from dragoman.store.review import Judgement

    judgement = Judgement(args.verdict, args.reviewer or os.environ.get("USER") or "cli", args.event_type, args.mode,
                          args.actor, args.recipient, args.no_recipient, args.note)
    with _open(args) as store:
        try:
            stored = store.judge(args.event_id, judgement)
        except LookupError as exc:
            raise ValueError(str(exc).strip("'\"")) from None
    _emit([stored], args.output, out, ("id", "event_id", "verdict", "event_type", "mode", "actor_code",
                                       "recipient_code", "no_recipient", "reviewer", "created_at"))
    return 0


def _export(args: argparse.Namespace, out: IO[str]) -> int:
    if args.format == "gold":
        if args.path == "-":
            raise ValueError("gold files go to a folder: give -o DIR")
        with _read(args) as store:
            n = store.export_gold(args.path)
        print(f"wrote {n} gold files (reviewed articles) to {args.path}", file=sys.stderr)
        return 0
    target: Any = args.path
    if args.path == "-":  # standard output: text, or its bytes for parquet
        target = out
        if args.format == "parquet":
            target = getattr(out, "buffer", None)
            if target is None:
                raise ValueError("parquet to standard output needs a binary stream")
    with _read(args) as store:
        n = store.export(args.format, target, filters=_filters(args))
    if args.path == "-":
        out.flush()
    unit = "edges" if args.format == "graphml" else "events"
    print(f"wrote {n} {unit} to {'standard output' if args.path == '-' else args.path}", file=sys.stderr)
    return 0


def _failures(args: argparse.Namespace, out: IO[str]) -> int:
    with _read(args) as store:
        rows = store.failures(limit=args.limit or None)
    _emit(rows, args.output, out, ("origin", "article_doc_id", "reason", "created_at"))
    return 0


def _emit(rows: list[dict[str, Any]], output: str | None, out: IO[str],
          columns: Sequence[str] | None = None) -> None:
    if output == "json":
        out.write(json.dumps(rows, indent=2, ensure_ascii=False, default=str) + "\n")
        return
    if output == "csv":
        from dragoman.store.export import spreadsheet_safe

        fields = list(rows[0]) if rows else list(columns or [])
        writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: spreadsheet_safe(json.dumps(v, default=str) if isinstance(v, (list, dict)) else v)
                             for k, v in row.items()})
        return
    columns = list(columns or (rows[0].keys() if rows else []))
    out.write(format_table(rows, columns))


def format_table(rows: list[dict[str, Any]], columns: Sequence[str], max_width: int = 48) -> str:
    if not rows:
        return "(none)\n"

    def cell(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, float):
            return f"{value:g}"
        text = " ".join(str(value).split())
        return text if len(text) <= max_width else text[:max_width - 1] + "…"

    cells = [[cell(row.get(c)) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in cells]
    return "\n".join(lines) + "\n"


def build_parser() -> argparse.ArgumentParser:
    """A parser with only the store's subcommands, as the main ``dragoman`` command registers them."""
    from dragoman.cli.common import common_parser

    parser = argparse.ArgumentParser(prog="dragoman")
    register(parser.add_subparsers(dest="command", required=True), common_parser())
    return parser


def main_for_tests(argv: Sequence[str], out: IO[str] | None = None) -> int:
    """Run one store subcommand as the ``dragoman`` command would; output goes to ``out`` (default stdout)."""
    args = build_parser().parse_args(list(argv))
    return args.func(args, out)


if __name__ == "__main__":
    sys.exit(main_for_tests(sys.argv[1:]))
