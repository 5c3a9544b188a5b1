"""The one profile-driven spider: it walks each column's listing pages and hands article pages to extraction.

All site knowledge is in profiles and family presets; this module only routes requests. What the
store already knows decides what is fetched again (govnews/crawler/frontier.py).

    scrapy crawl govnews -a site=demo-trs-xingfu,demo-hanweb-*  [-a since=2026-01-01] [-a max_pages=5]
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import date
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from ..distributed.scheduler import scheduler_of
from ..extraction import ListingHints, Page, extract_article
from ..extraction.sniff import not_html_reason
from ..listing import Entry, ListingPage, ListingRequest, entry_day, paginator_for
from ..profiles import Column, SiteProfile, host_of
from ..runs import clock
from ..runs.folder import part_feed
from ..runs.resume import records_to_replay, repair_partial_feed
from ..runs.session import RunSession
from .archiving import capture_of
from .failures import LOST_PAGE_REASONS, failure_reason
from .run_setup import CrawlRun, SetupError, open_run
from .scraped import ScrapedRecord
from .stats import column_key, site_key


class GovnewsSpider(scrapy.Spider):
    name = "govnews"

    def __init__(self, site: str | None = None, since: str | None = None, max_pages: str | int | None = None,
                 session: RunSession | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # no ``-a site``: every site; a ``site`` that names nothing (an unset variable) is an error, not every site
        self.site_patterns = None if site is None else [s.strip() for s in str(site).split(",") if s.strip()]
        self.since: date | None = date.fromisoformat(since) if since else None
        self.max_pages = int(max_pages) if max_pages else None
        self.given_session = session  # `govnews crawl` begins the session before Scrapy starts
        self.run: CrawlRun | None = None
        self.out_dir = self.run_id = ""  # the feed's URI is filled from these (FEEDS in settings)
        self.setup_error: str | None = None
        self.allowed_domains: list[str] = []  # the profiles' hosts, once the run is open (Scrapy's offsite filter)
        self.requested: set[str] = set()
        self.revisits_scheduled = False

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> GovnewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        try:
            spider.run = open_run(crawler, spider.site_patterns, spider.given_session, spider.max_pages)
        except SetupError as exc:
            spider.setup_error = str(exc)
            return spider
        spider.out_dir, spider.run_id = spider.run.session.out, spider.run.run_id
        spider.allowed_domains = sorted({d for p in spider.run.profiles.values() for d in p.allowed_domains})
        if not spider.run.distributed:
            crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        return spider

    def opened_run(self) -> CrawlRun:
        """The open run; only requests of an opened run ever reach the callbacks. (A method, not a property:
        Scrapy serialises requests by looking through the spider's members, which evaluates properties.)"""
        if self.run is None:
            raise RuntimeError("the crawl was not opened")
        return self.run

    async def start(self) -> AsyncIterator[Any]:
        if self.setup_error:
            self.logger.error("cannot crawl: %s", self.setup_error)
            return
        run = self.opened_run()
        if run.distributed:
            return  # `govnews seed` put the start requests into the shared frontier
        if run.session.resumed:
            self.logger.info("resuming the interrupted run %s", run.run_id)
            present = repair_partial_feed(part_feed(run.session.folder))
            for kind, record in records_to_replay(run.session.store, run.run_id, present):
                yield ScrapedRecord(record, outcome=kind, replayed=True)
        for request in self.first_listing_requests(run.profiles.values()):
            yield request

    def first_listing_requests(self, profiles: Iterable[SiteProfile]) -> Iterator[scrapy.Request]:
        """The first listing request of every column of ``profiles`` (also what `govnews seed` queues)."""
        for profile in profiles:
            for column in profile.columns:
                yield self._listing_request(profile, column, self._paginator(profile, column).first(column.url))

    # --- listing pages -----------------------------------------------------------------------

    def _paginator(self, profile: SiteProfile, column: Column):
        pagination = column.pagination
        return paginator_for(pagination.kind, pagination.params, profile.listing_selectors, profile.family, clock.now())

    def _listing_request(self, profile: SiteProfile, column: Column, req: ListingRequest) -> scrapy.Request:
        meta = {"govnews": {"site": profile.id, "column": column.name, "kind": "listing", "listing": req}}
        # One process re-walks listings after a kill (JOBDIR's dupefilter would hide them); a cluster dedupes in Redis.
        dont_filter = not self._distributed
        if req.method == "POST":
            return scrapy.FormRequest(req.url, formdata=dict(req.formdata or {}), headers=dict(req.headers),
                                      callback=self.parse_listing, errback=self.on_error, meta=meta, priority=10,
                                      dont_filter=dont_filter)
        return scrapy.Request(req.url, headers=dict(req.headers) or None, callback=self.parse_listing,
                              errback=self.on_error, meta=meta, priority=10, dont_filter=dont_filter)

    def parse_listing(self, response: Response):
        if not self._distributed:
            yield from self._parse_listing(response)
            return
        # In a cluster the listing leaves the in-flight set only once its follow-ups are in the shared queue. Scrapy
        # drains a callback's output before it schedules any of it (Scraper.handle_spider_output_async), so an ack
        # after the last yield came before the requests were queued: a worker killed in between lost them.
        try:
            for request in self._parse_listing(response):
                self.crawler.engine.crawl(request)
        finally:
            self._ack(response.request)

    def _parse_listing(self, response: Response):
        info = response.meta["govnews"]
        profile = self.opened_run().profiles[info["site"]]
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
        decision = self.opened_run().frontier.decide(in_scope)
        for entry, reason in decision.to_fetch:
            if entry.url not in self.requested:
                yield self._article_request(profile.id, column.name, entry, reason)
        limit = column.max_pages or self.opened_run().max_pages
        if older or decision.stop or (limit and request.page >= limit):
            return
        if nxt := paginator.next(page, request, entries):
            yield self._listing_request(profile, column, nxt)

    def _remember_listing(self, site: str, column: str, entries: list[Entry]) -> None:
        """What the listing showed (for noticing articles that leave it), and how many entries it had."""
        now = clock.now()
        rows = [(e.url, day.isoformat() if (day := entry_day(e, now)) else None, e.pinned) for e in entries]
        self.opened_run().session.store.note_listing(site, column, self.opened_run().run_id, rows)
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

    def _article_request(self, site: str, column: str | None, entry: Entry, reason: str,
                         region_column: str | None = None) -> scrapy.Request:
        self.requested.add(entry.url)
        hints = ListingHints(date=entry.date, title=entry.title, pinned=entry.pinned, column=column)
        meta = {"govnews": {"site": site, "column": column, "kind": "article", "hints": hints, "reason": reason,
                            "region_column": region_column or column}}
        self.crawler.stats.inc_value(f"govnews/fetch/{reason}")
        return scrapy.Request(entry.url, callback=self.parse_article, errback=self.on_error, meta=meta,
                              dont_filter=not self._distributed)

    def parse_article(self, response: Response):
        info = response.meta["govnews"]
        profile = self.opened_run().profiles[info["site"]]
        self._inc(profile.id, "article_pages")
        if reason := not_html_reason(response.body):
            self._error(profile.id, "not_html", f"{response.url}: {reason}")
            self._ack(response.request)
            return
        capture = capture_of(response)
        fetched_at = capture.fetched_at if capture else clock.now()  # the archived fetch's WARC-Date, to the microsecond
        page = Page(response.body, response.url, fetched_at, _headers(response), response.status)
        # A column may have its own place (one column per 街道 of a district portal): its region goes on the record.
        record = extract_article(page, profile.for_column(info.get("region_column")), info["hints"])
        record["capture"] = capture.field() if capture else None  # beside extraction's output: extraction is pure
        yield ScrapedRecord(record)

    def on_idle(self) -> None:
        """Once the listings are done: fetch known recent articles no listing showed (edited or removed?)."""
        if self.revisits_scheduled or self.run is None or self.run.distributed:
            return  # a cluster schedules revisits once, through its worker extension
        if self.schedule_revisits():
            raise DontCloseSpider

    def schedule_revisits(self) -> int:
        self.revisits_scheduled = True
        scheduled, run = 0, self.opened_run()
        for site in run.profiles:
            store = run.session.store
            for url in store.recent_article_urls(site, run.frontier.revisit_since):
                if url not in self.requested:
                    column = store.listing_column(site, url)
                    self.crawler.engine.crawl(self._article_request(site, None, Entry(url), "revisit", column))
                    scheduled += 1
        return scheduled

    # --- accounting --------------------------------------------------------------------------

    def on_error(self, failure: Failure) -> None:
        request: scrapy.Request = failure.request  # type: ignore[attr-defined]  # Scrapy attaches it to errbacks' failures
        self._ack(request)
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
        store = self.opened_run().session.store
        if store.url_info(url) is None:
            return False
        store.mark_gone(url, str(status), self.opened_run().run_id, clock.utc_iso())
        self._inc(site, "gone")
        self._inc(site, "article_pages")
        self.logger.info("%s: %s is gone (HTTP %s)", site, url, status)
        return True

    def _ack(self, request) -> None:
        """In a cluster, the request is done: it leaves this worker's in-flight set."""
        if self._distributed:
            scheduler_of(self.crawler).ack(request)

    def _mark(self, url: str, kind: str, status: str, site: str) -> None:
        self.opened_run().session.store.mark_url(url, kind=kind, status=status, site=site, run_id=self.opened_run().run_id,
                                          seen_at=clock.utc_iso())

    @property
    def _distributed(self) -> bool:
        return self.run is not None and self.run.distributed

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

