"""``govnews demo``: start the bundled portal on a free port and crawl every demo site, offline."""

from __future__ import annotations

import os
import sys

from .common import pick_profiles
from .errors import EXIT_CANNOT_RUN, EXIT_OK, CliError
from .output import ensure_writable


def register(sub) -> None:
    p = sub.add_parser("demo", help="crawl the bundled demo portal (no network needed) and print a summary")
    p.add_argument("--out", default=os.path.join("output", "demo"), help="output folder (default: output/demo)")
    p.add_argument("--day", type=int, choices=(1, 2), default=2, help="the portal as of yesterday (1) or today (2)")
    p.add_argument("--progress", choices=("auto", "on", "off"), default="auto")
    p.add_argument("--no-archive", action="store_true", help="keep no WARC archive of the fetched pages")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..crawler.process import CrawlOptions, RunFailed, run_crawl
    from ..demo.server import DemoPortal
    from ..demo.world import DemoWorld
    from ..runs import clock
    from .crawl import archive_max_bytes, begin_session, report

    ensure_writable(args.out)
    archive_max_bytes()
    world = DemoWorld(clock.china_today(), args.day)
    portal = _portal(DemoPortal, world)
    try:
        os.environ["GOVNEWS_DEMO_URL"] = portal.base_url
        profiles = pick_profiles(["demo-*"], portal.base_url, check_all=True)
        print(f"demo portal at {portal.base_url}; crawling {len(profiles)} demo sites into {args.out}", file=sys.stderr)
        options = CrawlOptions(sites=[p.id for p in profiles], out=args.out, no_delay=True, progress=args.progress,
                               extra_settings={"GOVNEWS_DEMO_URL": portal.base_url,
                                               **({"GOVNEWS_ARCHIVE": False} if args.no_archive else {})})
        session = begin_session(options, profiles)
        try:
            manifest = run_crawl(options, session)
        except RunFailed as exc:
            raise CliError(f"run {session.run_id} stopped: {exc}; run the demo again to resume it", EXIT_CANNOT_RUN) from None
    finally:
        portal.stop()
    report(manifest, args.out, quiet=False)
    return EXIT_OK  # blocked stubs are part of the demo: they are reported, not failures


def _portal(portal_class, world):
    """The demo portal on its usual port when free (so repeated demos share URLs), else any free port."""
    try:
        return portal_class(world, port=8765).start()
    except OSError:
        return portal_class(world).start()
