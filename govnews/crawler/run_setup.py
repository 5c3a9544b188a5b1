"""Opening a crawl for the spider, in one place: the clock pinned, the profiles chosen, the run's session begun
(the store opened, its lock taken, the run id chosen or the interrupted run resumed), the frontier built, and
the settings that follow from them applied while Scrapy still allows it.

``govnews crawl`` begins the session itself (its folder and log must exist before Scrapy starts) and
hands it over; ``scrapy crawl govnews`` (e.g. under Scrapyd) lets :func:`open_run` begin it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..extraction.tags import warm_up
from ..profiles import ProfileError, SiteProfile, select_profiles
from ..runs import clock
from ..runs.session import RunSession, SessionError
from .frontier import Frontier


class SetupError(Exception):
    """The crawl cannot start; the message is one line saying why."""


@dataclass
class CrawlRun:
    """What the spider routes with, and what the pipelines and extensions record into."""

    profiles: dict[str, SiteProfile]
    session: RunSession
    frontier: Frontier
    max_pages: int
    distributed: bool = False

    @property
    def run_id(self) -> str:
        return self.session.run_id


def open_run(crawler: Any, site_patterns: list[str] | None, session: RunSession | None = None,
             max_pages: int | None = None) -> CrawlRun:
    """Everything a crawl needs before its first request; :class:`SetupError` when it cannot start.

    ``site_patterns`` None means every site; an empty list (a ``site`` argument naming nothing) is an error.
    """
    settings = crawler.settings
    if site_patterns == []:
        settings.set("FEEDS", {}, priority="spider")
        raise SetupError("site: no site named; give site ids or globs such as demo-*")
    try:
        if settings.get("GOVNEWS_NOW"):
            clock.pin(settings.get("GOVNEWS_NOW"))
        patterns = site_patterns if site_patterns is not None else ["*"]
        profiles = select_profiles(patterns, settings.get("GOVNEWS_PROFILES_DIR") or None,
                                   settings.get("GOVNEWS_DEMO_URL"), check_all=True)
        session = session or RunSession.begin(db=settings.get("GOVNEWS_DB") or None, out=settings.get("GOVNEWS_OUT") or "output",
                                              profiles=profiles, run_id=settings.get("GOVNEWS_RUN_ID") or None)
    except (LookupError, ProfileError, SessionError, clock.ClockError) as exc:
        settings.set("FEEDS", {}, priority="spider")  # no run, no feed file
        raise SetupError(str(exc).strip("'\"")) from None
    warm_up()  # jieba's dictionary loads before the crawl clock starts
    run = CrawlRun({p.id: p for p in profiles}, session, _frontier(settings, session),
                   max_pages or settings.getint("GOVNEWS_MAX_PAGES"), bool(settings.get("GOVNEWS_DISTRIBUTED")))
    _apply_settings(settings, run)
    return run


def _frontier(settings: Any, session: RunSession) -> Frontier:
    refresh, full = settings.getbool("GOVNEWS_REFRESH"), settings.getbool("GOVNEWS_FULL")
    return Frontier(session.store, session.run_id, clock.now(), revisit_days=settings.getint("GOVNEWS_REVISIT_DAYS"),
                    stop_after=settings.getint("GOVNEWS_STOP_AFTER_KNOWN"), refresh=refresh or full, full=full)


def _apply_settings(settings: Any, run: CrawlRun) -> None:
    """The run id for the feed's file name; one process also resumes through JOBDIR and keeps per-host slots
    (a cluster shares its frontier in Redis, and its politeness holds cluster-wide instead)."""
    settings.set("GOVNEWS_RUN_ID", run.run_id, priority="spider")
    if run.distributed:
        return
    settings.set("JOBDIR", str(run.session.folder / "job"), priority="spider")
    if not settings.getbool("GOVNEWS_NO_DELAY"):
        settings.set("DOWNLOAD_SLOTS", download_slots(list(run.profiles.values())), priority="spider")


def download_slots(profiles: list[SiteProfile]) -> dict[str, dict[str, Any]]:
    """One download slot per host, with the strictest delay and concurrency of the profiles on it."""
    slots: dict[str, dict[str, Any]] = {}
    for profile in profiles:
        for host in profile.allowed_domains:
            slot = slots.setdefault(host, {"delay": profile.delay, "concurrency": profile.concurrency, "jitter": 0.5})
            slot["delay"] = max(slot["delay"], profile.delay)
            slot["concurrency"] = min(slot["concurrency"], profile.concurrency)
    return slots
