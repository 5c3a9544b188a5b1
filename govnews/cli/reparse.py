"""``govnews reparse``: re-extract every archived article page of chosen runs with today's code and profiles,
offline, as a run of its own (kind "reparse"): its feed holds the records whose content changed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .common import pick_profiles, split_sites
from .errors import EXIT_CANNOT_RUN, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, CliError


def register(sub) -> None:
    p = sub.add_parser("reparse", help="re-extract archived pages of earlier runs with today's code (no network)")
    p.add_argument("--run", action="append", dest="runs", metavar="RUN_ID",
                   help="a run whose archived pages to re-extract; repeat for more (default: every run with an archive)")
    p.add_argument("--site", action="append", metavar="ID", help="only these sites (ids or globs, repeat or use commas)")
    p.add_argument("--dir", default="output", help="the crawl output folder (default: output/)")
    p.add_argument("--db", help="the store: a postgresql:// URL or a SQLite file (default: DIR/govnews.db, or GOVNEWS_DB)")
    p.add_argument("--jobs", type=int, metavar="N",
                   help="processes extracting in parallel (default and most: the number of CPUs, as xz -T and zstd -T "
                        "cap theirs: more processes than cores only cost memory; never more than pages to extract)")
    p.add_argument("--quiet", action="store_true", help="print nothing on success (for cron); problems still go to stderr")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..archive.reextraction import Reparse, ReparseError, archived_runs, terminal_progress
    from ..runs.session import SessionError
    from ..store import StoreError

    if args.jobs is not None and args.jobs < 1:
        raise CliError(f"--jobs: expected a whole number of at least 1, not {args.jobs}")
    jobs = min(args.jobs or _cpus(), _cpus())
    runs = _runs(args, archived_runs(args.dir))
    patterns = split_sites(args.site)
    profiles = {p.id: p for p in pick_profiles(patterns or ["*"])}
    db = args.db or os.environ.get("GOVNEWS_DB") or None
    progress = terminal_progress(args.quiet)
    job = Reparse(args.dir, db, runs, profiles, frozenset(profiles) if patterns else None, jobs, progress)
    try:
        manifest = job.run(_settings())
    except SessionError as exc:
        raise CliError(str(exc), EXIT_CANNOT_RUN) from None
    except ReparseError as exc:
        raise CliError(f"{exc}; nothing was re-extracted", EXIT_CANNOT_RUN) from None
    except StoreError as exc:
        raise CliError(f"{exc}; run the reparse again to complete it", EXIT_CANNOT_RUN) from None
    finally:
        if progress:
            sys.stderr.write("\n")
    return _report(manifest, args.quiet)


def _runs(args, archived: list[str]) -> list[str]:
    if not Path(args.dir).is_dir():
        raise CliError(f"--dir {args.dir}: no such folder", EXIT_USAGE)
    for run_id in args.runs or []:
        if run_id not in archived:
            raise CliError(f"--run {run_id}: no archived pages in {Path(args.dir) / 'runs' / run_id} "
                           "(not a run of this folder, or crawled with --no-archive)", EXIT_USAGE)
    if not archived:
        raise CliError(f"--dir {args.dir}: no run here has archived pages (crawl first, without --no-archive)", EXIT_USAGE)
    return list(dict.fromkeys(args.runs)) if args.runs else archived


def _cpus() -> int:
    """The CPUs this process may run on (fewer than the machine's in a container or under taskset)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _settings():
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "govnews.settings")
    from scrapy.utils.project import get_project_settings

    return get_project_settings()


def _report(manifest: dict, quiet: bool) -> int:
    totals, reparse = manifest["totals"], manifest["reparse"]
    skipped = ", ".join(f"{n} {why}" for why, n in reparse["skipped"].items())
    damaged = reparse["unreadable_warcs"]
    lines = [f"reparse run {manifest['run_id']} of {', '.join(reparse['runs'])}: {reparse['pages']} archived article pages, "
             f"{totals['new']} new, {totals['updated']} updated, {totals['unchanged']} unchanged, {totals['errors']} errors"
             + (f"; skipped: {skipped}" if skipped else "")
             + (f"; INCOMPLETE: {len(damaged)} WARC file(s) damaged, the pages past the damage not re-extracted"
                if damaged else ""),
             f"feed: runs/{manifest['run_id']}/{manifest['feed']}"]
    for site, figures in manifest["sites"].items():
        for reason, n in sorted(figures.get("error_reasons", {}).items()):
            lines.append(f"{site}: {n} error(s): {reason} (the pages: runs/{manifest['run_id']}/reparse.log)")
    lines.extend(f"damaged WARC file: {line}" for line in damaged)
    if not quiet or totals["errors"] or damaged:
        stream = sys.stderr if quiet else sys.stdout
        print("\n".join(lines), file=stream)
    return EXIT_PROBLEMS if totals["errors"] or damaged else EXIT_OK
