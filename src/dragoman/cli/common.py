"""What every command-line module shares: the pipeline options every coding command takes, and how they become
the one Options object. Kept apart so the subcommand modules never import the main command (no import circle)."""
from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from dragoman.options import MODELS, Options


def iso_date(text: str) -> str:
    """``--date``: a YYYY-MM-DD calendar date, checked while the command line is parsed, so a bad one is a usage
    error (exit status 2) like any other bad option."""
    try:
        return dt.date.fromisoformat(text).isoformat() if len(text) == 10 else _not_a_date(text)
    except ValueError:
        return _not_a_date(text)


def _not_a_date(text: str) -> str:
    raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD")


def common_parser() -> argparse.ArgumentParser:
    """The parent parser of every command that runs the pipeline."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--model", choices=MODELS, default="md", help="spaCy English pipeline (default: md)")
    common.add_argument("--date", dest="default_date", metavar="YYYY-MM-DD", type=iso_date,
                        help="publication date for inputs that carry none")
    common.add_argument("--actors", dest="actor_files", action="append", default=[], metavar="FILE",
                        help="extra actors file with date-bounded roles (repeatable)")
    common.add_argument("--batch-size", type=int, default=16, help="articles per parsing batch")
    return common


def options_from(args: argparse.Namespace) -> Options:
    """The one options object, built here at the edge."""
    return Options(model=args.model, batch_size=args.batch_size, default_date=args.default_date,
                   actor_files=tuple(Path(p) for p in args.actor_files))
