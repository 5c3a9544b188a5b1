"""The ``govnews`` command: subcommands for parsing, crawling, the demo portal, diffs and more.

Exit statuses (documented in the README):
0 success; 1 finished with problems (a file or site failed, or was blocked);
2 bad input or configuration (usage, unknown site, invalid profile); 3 could not run
(another run holds the store, output folder unwritable, store unreachable); 4 degraded
(only with ``--fail-on-degraded``).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys

from .. import __version__
from ..runs import clock
from .errors import EXIT_OK, EXIT_USAGE, CliError

SUBCOMMANDS = ("parse", "sites", "crawl", "demo", "portal", "export", "selftest", "diff", "seed", "worker", "finish",
               "regions", "listing", "profile", "reparse")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="govnews", description="Crawl Chinese local-government news into clean JSON records.")
    parser.add_argument("--version", action="version", version=f"govnews {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    logging.raiseExceptions = False  # a log that cannot be written (full disk) must not print tracebacks
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        clock.pin_from_environment()
        return args.run(args)
    except clock.ClockError as exc:
        print(f"govnews {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CliError as exc:
        print(f"govnews {args.command}: {exc}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        print(f"govnews {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, as command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
