"""``govnews crawl``: crawl sites by id or glob, write the run's feed and manifest."""

from __future__ import annotations

import os
import sys
from typing import Any

from ..record.ids import http_url_problem
from .common import parse_date_arg, pick_profiles, split_sites
from .errors import EXIT_CANNOT_RUN, EXIT_DEGRADED, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, CliError
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
    p.add_argument("--db", help="the store: a postgresql:// URL or a SQLite file (default: OUT/govnews.db, or GOVNEWS_DB)")
    p.add_argument("--refresh", action="store_true", help="fetch every listed article again, known or not")
    p.add_argument("--full", action="store_true", help="like --refresh, and walk every listing page (no early stop)")
    p.add_argument("--notify", metavar="URL", help="POST a summary of the run's changes to this webhook (or GOVNEWS_NOTIFY_URL)")
    p.add_argument("--notify-style", choices=("slack", "dingtalk", "wecom", "feishu", "json"), help="the webhook's body format")
    p.add_argument("--fail-on-degraded", action="store_true", help="exit with status 4 when a site is degraded")
    p.add_argument("--distributed", metavar="REDIS_URL", help="share the crawl with `govnews worker` processes through "
                   "this Redis (scrapy-redis scheduler and dupefilter); needs a postgresql:// --db")
    p.add_argument("--no-delay", action="store_true", help="turn delays off (local test servers only)")
    p.add_argument("--no-archive", action="store_true",
                   help="keep no WARC archive of the fetched pages (records get capture: null; see docs/archive.md)")
    p.add_argument("--quiet", action="store_true", help="print nothing on success (for cron); problems still go to stderr")
    p.add_argument("--progress", choices=("auto", "on", "off"), default="auto",
                   help="live lines per site (default: when on a terminal)")


def options_from(args, sites: list[str]):
    from ..crawler.process import CrawlOptions

    extra_settings = _extra_settings(args)
    if args.since:
        parse_date_arg(args.since, "--since")
    for name in ("max_pages", "max_depth"):
        value = getattr(args, name)
        if value is not None and value < 1:
            raise CliError(f"--{name.replace('_', '-')}: expected a whole number of at least 1, not {value}")
    ensure_writable(args.out)
    archive_max_bytes()
    return CrawlOptions(sites=sites, out=args.out, db=args.db or os.environ.get("GOVNEWS_DB") or None, since=args.since,
                        max_pages=args.max_pages, max_depth=args.max_depth, no_delay=args.no_delay,
                        refresh=args.refresh or args.full, full=args.full, progress="off" if args.quiet else args.progress,
                        extra_settings=extra_settings)


def archive_max_bytes() -> int:
    """``GOVNEWS_ARCHIVE_MAX_BYTES``, checked before anything starts."""
    value = os.environ.get("GOVNEWS_ARCHIVE_MAX_BYTES", "1000000000")
    if not value.strip().isdigit() or int(value) < 1:
        raise CliError(f"GOVNEWS_ARCHIVE_MAX_BYTES={value}: expected a size in bytes, such as 1000000000")
    return int(value)


def _extra_settings(args) -> dict:
    """Settings from the options: the archive, the webhook."""
    settings: dict = {"GOVNEWS_ARCHIVE": False} if getattr(args, "no_archive", False) else {}
    if args.notify:
        if problem := http_url_problem(args.notify):  # found now, not after an hour's crawl
            raise CliError(f"--notify: {problem}", EXIT_USAGE)
        settings["GOVNEWS_NOTIFY_URL"] = args.notify
    if args.notify_style:
        settings["GOVNEWS_NOTIFY_STYLE"] = args.notify_style
    return settings


def begin_session(options, profiles):
    from ..runs.session import RunSession, SessionError

    try:
        session = RunSession.begin(db=options.db, out=options.out, profiles=profiles)
    except SessionError as exc:
        raise CliError(str(exc), EXIT_CANNOT_RUN) from None
    if session.resumed:
        print(f"govnews crawl: resuming the interrupted run {session.run_id}", file=sys.stderr)
    return session


def run(args) -> int:
    from ..crawler.process import RunFailed, run_crawl

    profiles = pick_profiles(split_sites(args.site) or [], check_all=True)
    options = options_from(args, [p.id for p in profiles])
    if args.distributed:
        return run_distributed(args, options, profiles)
    session = begin_session(options, profiles)
    try:
        manifest = run_crawl(options, session)
    except RunFailed as exc:
        raise CliError(f"run {session.run_id} stopped: {exc}; the next crawl resumes it", EXIT_CANNOT_RUN) from None
    return report(manifest, args.out, args.quiet, args.fail_on_degraded)


def run_distributed(args, options, profiles) -> int:
    """Seed the run (unless one is open) and work on it; the last worker out reports."""
    import json

    from ..distributed.process import run_worker
    from ..distributed.seed import seed
    from ..runs.session import SessionError
    from .cluster import joined_run, redis_for

    redis = redis_for(args)
    args.db = options.db
    try:
        if not redis.get("govnews:current"):
            seed(redis, options.db, options.out, profiles)
    except SessionError as exc:
        raise CliError(str(exc), EXIT_CANNOT_RUN) from None
    session, joined = joined_run(args, redis)
    run_worker(options, session, joined, args.distributed, idle_timeout=15.0)
    manifest_path = session.folder / "manifest.json"
    if not manifest_path.exists():
        print(f"govnews crawl: run {session.run_id} goes on in other workers; the last one finishes it", file=sys.stderr)
        return EXIT_OK
    return report(json.loads(manifest_path.read_text("utf-8")), options.out, args.quiet, args.fail_on_degraded)


def report(manifest: dict, out: str, quiet: bool, fail_on_degraded: bool = False) -> int:
    totals = manifest["totals"]
    degraded = manifest.get("degraded_sites", [])
    after_run = manifest.get("after_run_problems", [])
    problems = totals["blocked"] or totals["errors"] or degraded or after_run
    for problem in after_run:  # the data is stored; what was not made or sent is said where it is seen
        print(f"govnews crawl: {problem}", file=sys.stderr)
    if manifest.get("finish_reason") != "finished":
        print(f"govnews crawl: run {manifest['run_id']} stopped early ({manifest['finish_reason']}); "
              "the next crawl resumes it", file=sys.stderr)
        return EXIT_CANNOT_RUN
    if not quiet or problems:
        stream = sys.stdout if not quiet else sys.stderr
        print(f"run {manifest['run_id']}", file=stream)
        for line in summary_lines(manifest, out):
            print(line, file=stream)
    if degraded and fail_on_degraded:
        return EXIT_DEGRADED
    return EXIT_PROBLEMS if problems else EXIT_OK


def summary_lines(manifest: dict[str, Any], out: str) -> list[str]:
    """A plain-text table per site, then one line per blocked column and per error reason; ``out`` is the output
    folder as the user gave it, so that the report's path can be opened from where the user stands."""
    header = ("site", "listing pages", "articles", "new", "updated", "unchanged", "duplicate urls", "gone", "blocked",
              "errors", "seconds")
    keys = ("listing_pages", "articles", "new", "updated", "unchanged", "duplicate_urls", "gone", "blocked", "errors")
    rows: list[tuple[str, ...]] = [header]
    for site, s in manifest["sites"].items():
        rows.append((site, *(str(s.get(k, 0)) for k in keys), f"{s.get('seconds', 0):.1f}"))
    rows.append(("total", *(str(manifest["totals"].get(k, 0)) for k in keys), ""))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))).rstrip()
             for r in rows]
    for site, s in manifest["sites"].items():
        for column, kinds in s.get("blocked_columns", {}).items():
            what = ", ".join(f"{k} ×{n}" for k, n in sorted(kinds.items()))
            lines.append(f"{site}: column {column} was blocked ({what}): this is not the same as no new posts")
        for reason, n in sorted(s.get("error_reasons", {}).items()):
            lines.append(f"{site}: {n} error(s): {reason}")
    for site in manifest.get("degraded_sites", []):
        lines.append(f"{site}: DEGRADED: {'; '.join(manifest['sites'][site].get('degraded_reasons', []))}")
    changes = manifest.get("changes")
    if changes:
        lines.append(f"changes: {changes['new']} new, {changes['updated']} updated, {changes['removed']} removed "
                     f"(report: {os.path.join(out, 'runs', manifest['run_id'], 'report.html')})")
    return lines
