"""The one profile-driven spider: it walks each column's listing pages and hands article pages to extraction.

All site knowledge is in profiles and family presets; this module only routes requests. What the
store already knows decides what is fetched again (govnews/crawler/frontier.py).

    scrapy crawl govnews -a site=demo-trs-xingfu,demo-hanweb-*  [-a since=2026-01-01] [-a max_pages=5]
"""

from __future__ import annotations

from datetime import date
from typing import Any, AsyncIterator

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from ..extraction import ListingHints, Page, extract_article
from ..extraction.sniff import not_html_reason
from ..extraction.tags import warm_up
from ..listing import Entry, ListingPage, ListingRequest, paginator_for
from ..listing.dates import entry_day
from ..profiles import Column, ProfileError, SiteProfile, host_of, select_profiles
from ..runs import clock
from ..runs.resume import part_feed, records_to_replay, repair_partial_feed
from ..runs.session import RunSession, SessionError
from .failures import LOST_PAGE_REASONS, failure_reason
from .frontier import Frontier
from .stats import column_key, site_key


class GovnewsSpider(scrapy.Spider):
    name = "govnews"

    def __init__(self, site: str = "", since: str | None = None, max_pages: str | int | None = None,
                 session: RunSession | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.site_patterns = [s.strip() for s in str(site).split(",") if s.strip()]
        self.since: date | None = date.fromisoformat(since) if since else None
        self.max_pages = int(max_pages) if max_pages else None
        self.session = session
        self.profiles: dict[str, SiteProfile] = {}
        self.setup_error: str | None = None
        self.requested: set[str] = set()
        self.revisits_scheduled = False
        self.distributed = False

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> "GovnewsSpider":
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        try:
            if settings.get("GOVNEWS_NOW"):
                clock.pin(settings.get("GOVNEWS_NOW"))
            profiles = select_profiles(spider.site_patterns or ["*"], settings.get("GOVNEWS_PROFILES_DIR") or None, settings.get("GOVNEWS_DEMO_URL"))
            spider.session = spider.session or RunSession.begin(
                db=settings.get("GOVNEWS_DB") or None, out=settings.get("GOVNEWS_OUT") or "output",
                profiles=profiles, run_id=settings.get("GOVNEWS_RUN_ID") or None)
        except (LookupError, ProfileError, SessionError, clock.ClockError) as exc:
            spider.setup_error = str(exc).strip("'\"")
            crawler.settings.set("FEEDS", {}, priority="spider")
            return spider
        warm_up()  # jieba's dictionary and the date parser load before the crawl clock starts
        spider.profiles = {p.id: p for p in profiles}
        spider.out_dir, spider.run_id = spider.session.out, spider.session.run_id
        spider.allowed_domains = sorted({d for p in profiles for d in p.allowed_domains})
        spider.max_pages = spider.max_pages or settings.getint("GOVNEWS_MAX_PAGES")
        spider.frontier = Frontier(
            spider.session.store, spider.run_id, clock.now(),
            revisit_days=settings.getint("GOVNEWS_REVISIT_DAYS"), stop_after=settings.getint("GOVNEWS_STOP_AFTER_KNOWN"),
            refresh=settings.getbool("GOVNEWS_REFRESH") or settings.getbool("GOVNEWS_FULL"), full=settings.getbool("GOVNEWS_FULL"))
        crawler.settings.set("GOVNEWS_RUN_ID", spider.run_id, priority="spider")
        spider.distributed = bool(settings.get("GOVNEWS_DISTRIBUTED"))
        if spider.distributed:  # the shared frontier lives in Redis; cluster-wide politeness replaces the slots
            return spider
        crawler.settings.set("JOBDIR", str(spider.session.folder / "job"), priority="spider")
        if not settings.getbool("GOVNEWS_NO_DELAY"):
            crawler.settings.set("DOWNLOAD_SLOTS", download_slots(profiles), priority="spider")
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        return spider

    async def start(self) -> AsyncIterator[Any]:
        if self.setup_error:
            self.logger.error("cannot crawl: %s", self.setup_error)
            return
        if self.distributed:
            return  # `govnews seed` put the start requests into the shared frontier
        if self.session.resumed:
            self.logger.info("resuming the interrupted run %s", self.run_id)
            for record in records_to_replay(self.session.store, self.run_id, repair_partial_feed(part_feed(self.session.folder))):
                yield record
        for profile in self.profiles.values():
            for column in profile.columns:
                yield self._listing_request(profile, column, self._paginator(profile, column).first(column.url))

    # --- listing pages -----------------------------------------------------------------------

    def _paginator(self, profile: SiteProfile, column: Column):
        return paginator_for(column.pagination.kind, column.pagination.params, profile.listing_selectors, profile.family, clock.now())

    def _listing_request(self, profile: SiteProfile, column: Column, req: ListingRequest) -> scrapy.Request:
        meta = {"govnews": {"site": profile.id, "column": column.name, "kind": "listing", "listing": req}}
        # One process re-walks listings after a kill (JOBDIR's dupefilter would hide them); a cluster dedupes in Redis.
        common = dict(callback=self.parse_listing, errback=self.on_error, meta=meta, priority=10,
                      dont_filter=not self.distributed)
        if req.method == "POST":
            return scrapy.FormRequest(req.url, formdata=dict(req.formdata or {}), headers=dict(req.headers), **common)
        return scrapy.Request(req.url, headers=dict(req.headers) or None, **common)

    def parse_listing(self, response: Response):
        try:
            yield from self._parse_listing(response)
        finally:
            self._ack(response.request)

    def _parse_listing(self, response: Response):
        info = response.meta["govnews"]
        profile = self.profiles[info["site"]]
        column = next(c for c in profile.columns if c.name == info["column"])
        request: ListingRequest = info["listing"]
        self._inc(profile.id, "listing_pages")
        self._mark(response.url, "listing", str(response.status), profile.id)
        paginator = self._paginator(profile, column)
        page = ListingPage(response.url, response.body, _headers(response), request)
        try:
            entries = paginator.entries(page)
        except ValueError as exc:  # an API answer that is not the JSON it should be
            self._error(profile.id, "bad_listing", f"{response.url}: {exc}")
            return
        if not entries and request.page == 1:
            self._blocked(profile.id, column.name, "empty_listing")
            return
        in_scope, older = self._in_scope(profile, entries)
        self._remember_listing(profile.id, column.name, in_scope)
        decision = self.frontier.decide(in_scope)
        for entry, reason in decision.to_fetch:
            if entry.url not in self.requested:
                yield self._article_request(profile.id, column.name, entry, reason)
        limit = column.max_pages or self.max_pages
        if older or decision.stop or (limit and request.page >= limit):
            return
        if nxt := paginator.next(page, request, entries):
            yield self._listing_request(profile, column, nxt)

    def _remember_listing(self, site: str, column: str, entries: list[Entry]) -> None:
        """What the listing showed (for noticing articles that leave it), and how many entries it had."""
        now = clock.now()
        rows = [(e.url, day.isoformat() if (day := entry_day(e, now)) else None, e.pinned) for e in entries]
        self.session.store.note_listing(site, column, self.run_id, rows)
        self._inc(site, "entries", len(entries))

    def _in_scope(self, profile: SiteProfile, entries: list[Entry]) -> tuple[list[Entry], bool]:
        """Entries on the profile's hosts and not older than ``--since``; and whether older ones appeared."""
        kept, older, now = [], False, clock.now()
        for entry in entries:
            if self.since and not entry.pinned and (day := entry_day(entry, now)) and day < self.since:
                older = True
            elif host_of(entry.url) not in profile.allowed_domains:
                self.crawler.stats.inc_value("govnews/offsite_entries")
            else:
                kept.append(entry)
        return kept, older

    # --- article pages -----------------------------------------------------------------------

    def _article_request(self, site: str, column: str | None, entry: Entry, reason: str) -> scrapy.Request:
        self.requested.add(entry.url)
        hints = ListingHints(date=entry.date, title=entry.title, pinned=entry.pinned, column=column)
        meta = {"govnews": {"site": site, "column": column, "kind": "article", "hints": hints, "reason": reason}}
        self.crawler.stats.inc_value(f"govnews/fetch/{reason}")
        return scrapy.Request(entry.url, callback=self.parse_article, errback=self.on_error, meta=meta,
                              dont_filter=not self.distributed)

    def parse_article(self, response: Response):
        info = response.meta["govnews"]
        profile = self.profiles[info["site"]]
        self._inc(profile.id, "article_pages")
        if reason := not_html_reason(response.body):
            self._error(profile.id, "not_html", f"{response.url}: {reason}")
            self._ack(response.request)
            return
        page = Page(response.body, response.url, clock.now(), _headers(response), response.status)
        yield extract_article(page, profile, info["hints"])

    def on_idle(self) -> None:
        """Once the listings are done: fetch known recent articles no listing showed (edited or removed?)."""
        if self.revisits_scheduled or self.setup_error or self.distributed:
            return  # a cluster schedules revisits once, through its worker extension
        if self.schedule_revisits():
            raise DontCloseSpider

    def schedule_revisits(self) -> int:
        self.revisits_scheduled = True
        scheduled = 0
        for site in self.profiles:
            for url in self.session.store.recent_article_urls(site, self.frontier.revisit_since):
                if url not in self.requested:
                    self.crawler.engine.crawl(self._article_request(site, None, Entry(url), "revisit"))
                    scheduled += 1
        return scheduled

    # --- accounting --------------------------------------------------------------------------

    def on_error(self, failure: Failure) -> None:
        self._ack(failure.request)
        request = failure.request
        info = request.meta.get("govnews", {})
        site = info.get("site", "?")
        reason = failure_reason(failure)
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            if reason == "robots":  # remembered, so that it never looks new again
                self._mark(request.url, "blocked", "robots", site)
                self.crawler.stats.inc_value("govnews/robots_forbidden")
            if reason not in LOST_PAGE_REASONS:
                return  # challenge pages are counted where they are recognised; offsite is no loss
        if failure.check(HttpError):
            status = failure.value.response.status
            if status in (404, 410) and info.get("kind") == "article" and self._gone(request.url, status, site):
                return
        self._error(site, reason, f"{request.url}: {failure.getErrorMessage()}")

    def _gone(self, url: str, status: int, site: str) -> bool:
        """A known article that now answers 404/410 was taken down: recorded as gone, not as an error."""
        if self.session.store.url_info(url) is None:
            return False
        self.session.store.mark_gone(url, str(status), self.run_id, clock.utc_iso())
        self._inc(site, "gone")
        self._inc(site, "article_pages")
        self.logger.info("%s: %s is gone (HTTP %s)", site, url, status)
        return True

    def _ack(self, request) -> None:
        """In a cluster, the request is done: it leaves this worker's in-flight set."""
        if self.distributed:
            self.crawler.govnews_scheduler.ack(request)

    def _mark(self, url: str, kind: str, status: str, site: str) -> None:
        self.session.store.mark_url(url, kind=kind, status=status, site=site, run_id=self.run_id,
                                    seen_at=clock.utc_iso())

    def _inc(self, site: str, name: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(site_key(site, name), count)

    def _error(self, site: str, reason: str, detail: str) -> None:
        self._inc(site, "errors")
        self._inc(site, f"error/{reason}")
        self.logger.warning("%s: %s (%s)", site, reason, detail)

    def _blocked(self, site: str, column: str, kind: str) -> None:
        self._inc(site, "blocked")
        self.crawler.stats.inc_value(column_key(site, column, f"blocked/{kind}"))
        self.crawler.stats.inc_value(f"govnews/blocked/{kind}")
        self.logger.warning("%s: column %s blocked (%s)", site, column, kind)


def _headers(response: Response) -> dict[str, str]:
    return {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}


def download_slots(profiles: list[SiteProfile]) -> dict[str, dict[str, Any]]:
    """One download slot per host, with the strictest delay and concurrency of the profiles on it."""
    slots: dict[str, dict[str, Any]] = {}
    for profile in profiles:
        for host in profile.allowed_domains:
            slot = slots.setdefault(host, {"delay": profile.delay, "concurrency": profile.concurrency, "jitter": 0.5})
            slot["delay"] = max(slot["delay"], profile.delay)
            slot["concurrency"] = min(slot["concurrency"], profile.concurrency)
    return slots
