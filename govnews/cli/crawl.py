"""``govnews crawl``: crawl sites by id or glob, write the run's feed and manifest."""

from __future__ import annotations

import sys

from .common import parse_date_arg, pick_profiles
from .errors import EXIT_CANNOT_RUN, EXIT_OK, EXIT_PROBLEMS, CliError
from .output import ensure_writable


def register(sub) -> None:
    p = sub.add_parser("crawl", help="crawl sites: OUT/runs/<run_id>/articles.jsonl and manifest.json")
    add_crawl_options(p)
    p.add_argument("--site", action="append", required=True, metavar="ID",
                   help="site id or glob (demo-*); repeat or separate with commas")
    p.set_defaults(run=run)


def add_crawl_options(p) -> None:
    p.add_argument("--out", default="output", help="output folder (default: output/)")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="stop a column's pagination once listing dates fall below this day")
    p.add_argument("--max-pages", type=int, metavar="N", help="at most N listing pages per column")
    p.add_argument("--max-depth", type=int, metavar="N", help="Scrapy's DEPTH_LIMIT")
    p.add_argument("--no-delay", action="store_true", help="turn delays off (local test servers only)")
    p.add_argument("--quiet", action="store_true", help="print nothing on success (for cron); problems still go to stderr")
    p.add_argument("--progress", choices=("auto", "on", "off"), default="auto", help="live lines per site (default: when on a terminal)")


def options_from(args, sites: list[str]):
    from ..crawl import CrawlOptions

    if args.since:
        parse_date_arg(args.since, "--since")
    for name in ("max_pages", "max_depth"):
        value = getattr(args, name)
        if value is not None and value < 1:
            raise CliError(f"--{name.replace('_', '-')}: expected a whole number of at least 1, not {value}")
    ensure_writable(args.out)
    return CrawlOptions(sites=sites, out=args.out, since=args.since, max_pages=args.max_pages,
                        max_depth=args.max_depth, no_delay=args.no_delay, progress="off" if args.quiet else args.progress)


def run(args) -> int:
    from ..crawl import run_crawl

    patterns = [p for value in args.site for p in value.split(",") if p.strip()]
    profiles = pick_profiles(patterns)
    options = options_from(args, [p.id for p in profiles])
    manifest = run_crawl(options)
    return report(manifest, args.quiet)


def report(manifest: dict, quiet: bool) -> int:
    from ..crawl import summary_lines

    totals = manifest["totals"]
    problems = totals["blocked"] or totals["errors"]
    if manifest.get("finish_reason") not in ("finished", None):
        print(f"govnews crawl: the run ended early ({manifest['finish_reason']})", file=sys.stderr)
        return EXIT_CANNOT_RUN
    if not quiet or problems:
        stream = sys.stdout if not quiet else sys.stderr
        print(f"run {manifest['run_id']}", file=stream)
        for line in summary_lines(manifest):
            print(line, file=stream)
    return EXIT_PROBLEMS if problems else EXIT_OK
