"""The one profile-driven spider: it walks each column's listing pages and hands article pages to extraction.

All site knowledge is in profiles and family presets; this module only routes requests.

    scrapy crawl govnews -a site=demo-trs-xingfu,demo-hanweb-*  [-a since=2026-01-01] [-a max_pages=5]
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, AsyncIterator

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from ..extraction import ListingHints, Page, extract_article
from ..extraction.sniff import not_html_reason
from ..extraction.tags import warm_up
from ..listing import Entry, ListingPage, ListingRequest, paginator_for
from ..listing.dates import entry_day
from ..profiles import Column, ProfileError, SiteProfile, host_of, select_profiles
from ..runs import new_run_id
from ..stats import column_key, site_key


class GovnewsSpider(scrapy.Spider):
    name = "govnews"

    def __init__(self, site: str = "", since: str | None = None, max_pages: str | int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.site_patterns = [s.strip() for s in str(site).split(",") if s.strip()]
        self.since: date | None = date.fromisoformat(since) if since else None
        self.max_pages = int(max_pages) if max_pages else None
        self.profiles: dict[str, SiteProfile] = {}
        self.setup_error: str | None = None
        self.out_dir = "output"
        self.run_id = new_run_id()

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> "GovnewsSpider":
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        try:
            profiles = select_profiles(spider.site_patterns or ["*"], settings.get("GOVNEWS_PROFILES_DIR") or None, settings.get("GOVNEWS_DEMO_URL"))
        except (LookupError, ProfileError) as exc:
            spider.setup_error = str(exc).strip("'\"")
            return spider
        warm_up()  # jieba's dictionary and the date parser load before the crawl clock starts
        spider.profiles = {p.id: p for p in profiles}
        spider.out_dir = settings.get("GOVNEWS_OUT") or "output"
        spider.run_id = settings.get("GOVNEWS_RUN_ID") or new_run_id()
        crawler.settings.set("GOVNEWS_RUN_ID", spider.run_id, priority="spider")
        spider.allowed_domains = sorted({d for p in profiles for d in p.allowed_domains})
        spider.max_pages = spider.max_pages or settings.getint("GOVNEWS_MAX_PAGES")
        if not settings.getbool("GOVNEWS_NO_DELAY"):
            crawler.settings.set("DOWNLOAD_SLOTS", download_slots(profiles), priority="spider")
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.setup_error:
            self.logger.error("cannot crawl: %s", self.setup_error)
            return
        for profile in self.profiles.values():
            for column in profile.columns:
                paginator = self._paginator(profile, column, datetime.now(timezone.utc))
                yield self._listing_request(profile, column, paginator.first(column.url))

    # --- listing pages -----------------------------------------------------------------------

    def _paginator(self, profile: SiteProfile, column: Column, fetched_at: datetime):
        return paginator_for(column.pagination.kind, column.pagination.params, profile.listing_selectors, profile.family, fetched_at)

    def _listing_request(self, profile: SiteProfile, column: Column, req: ListingRequest) -> scrapy.Request:
        meta = {"govnews": {"site": profile.id, "column": column.name, "kind": "listing", "listing": req}}
        if req.method == "POST":
            return scrapy.FormRequest(req.url, formdata=dict(req.formdata or {}), headers=dict(req.headers),
                                      callback=self.parse_listing, errback=self.on_error, meta=meta, priority=10)
        return scrapy.Request(req.url, headers=dict(req.headers) or None, callback=self.parse_listing,
                              errback=self.on_error, meta=meta, priority=10)

    def parse_listing(self, response: Response):
        info = response.meta["govnews"]
        profile = self.profiles[info["site"]]
        column = next(c for c in profile.columns if c.name == info["column"])
        request: ListingRequest = info["listing"]
        self._inc(profile.id, "listing_pages")
        fetched_at = datetime.now(timezone.utc)
        paginator = self._paginator(profile, column, fetched_at)
        page = ListingPage(response.url, response.body, _headers(response), request)
        try:
            entries = paginator.entries(page)
        except ValueError as exc:  # an API answer that is not the JSON it should be
            self._error(profile.id, "bad_listing", f"{response.url}: {exc}")
            return
        if not entries and request.page == 1:
            self._blocked(profile.id, column.name, "empty_listing")
            return
        stop = False
        for entry in entries:
            if self.since and not entry.pinned and (day := entry_day(entry, fetched_at)) and day < self.since:
                stop = True
                continue
            if host_of(entry.url) not in profile.allowed_domains:
                self.crawler.stats.inc_value("govnews/offsite_entries")
                continue
            yield self._article_request(profile, column, entry)
        limit = column.max_pages or self.max_pages
        if stop or (limit and request.page >= limit):
            return
        if nxt := paginator.next(page, request, entries):
            yield self._listing_request(profile, column, nxt)

    # --- article pages -----------------------------------------------------------------------

    def _article_request(self, profile: SiteProfile, column: Column, entry: Entry) -> scrapy.Request:
        hints = ListingHints(date=entry.date, title=entry.title, pinned=entry.pinned, column=column.name)
        meta = {"govnews": {"site": profile.id, "column": column.name, "kind": "article", "hints": hints}}
        return scrapy.Request(entry.url, callback=self.parse_article, errback=self.on_error, meta=meta)

    def parse_article(self, response: Response):
        info = response.meta["govnews"]
        profile = self.profiles[info["site"]]
        self._inc(profile.id, "article_pages")
        if reason := not_html_reason(response.body):
            self._error(profile.id, "not_html", f"{response.url}: {reason}")
            return
        page = Page(response.body, response.url, datetime.now(timezone.utc), _headers(response), response.status)
        yield extract_article(page, profile, info["hints"])

    # --- accounting --------------------------------------------------------------------------

    def on_error(self, failure: Failure) -> None:
        request = failure.request
        info = request.meta.get("govnews", {})
        site = info.get("site", "?")
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            return  # blocked pages and robots.txt refusals are counted where they are recognised
        if failure.check(HttpError):
            reason = f"http_{failure.value.response.status}"
        else:
            reason = failure.type.__name__
        self._error(site, reason, f"{request.url}: {failure.getErrorMessage()}")

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
