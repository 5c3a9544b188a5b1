"""``govnews worker``: join the open distributed run and crawl from the shared frontier until it is empty."""

from __future__ import annotations

import sys

from .cluster import add_cluster_options, joined_run, redis_for
from .errors import EXIT_OK, CliError


def register(sub) -> None:
    p = sub.add_parser("worker", help="work on the open distributed run until its frontier has been empty a while")
    add_cluster_options(p)
    p.add_argument("--idle-timeout", type=float, default=15.0, metavar="SECONDS",
                   help="stop after the frontier has been empty this long (default 15)")
    p.add_argument("--no-delay", action="store_true", help="turn delays off (local test servers only)")
    p.add_argument("--progress", choices=("auto", "on", "off"), default="auto")
    p.add_argument("--no-archive", action="store_true", help="keep no WARC archive of the pages this worker fetches")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..crawler.process import CrawlOptions
    from ..distributed.process import run_worker
    from .crawl import archive_max_bytes

    archive_max_bytes()
    if not args.idle_timeout > 0:  # checked before Redis is asked: the option's problem is the one to name
        raise CliError(f"--idle-timeout: expected a number of seconds above 0, not {args.idle_timeout:g}")
    redis = redis_for(args)
    session, profiles = joined_run(args, redis)
    options = CrawlOptions(sites=[p.id for p in profiles], out=session.out,
                           no_delay=args.no_delay, progress=args.progress,
                           extra_settings={"GOVNEWS_ARCHIVE": False} if args.no_archive else {})
    worker = run_worker(options, session, profiles, args.distributed, args.idle_timeout)
    manifest = session.folder / "manifest.json"
    if session.finished_here:
        state = f"it was the last one out and finished the run: {manifest}"
    else:
        state = "the run was finished by another worker" if manifest.exists() else "other workers are still at it"
    print(f"worker {worker} done on run {session.run_id}; {state}", file=sys.stderr)
    return EXIT_OK
