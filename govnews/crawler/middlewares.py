"""Downloader middlewares: challenge pages recognised and dropped; retries that back off."""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from ..runs import clock
from .blocking import classify
from .stats import column_key, site_key


class BlockedPageMiddleware:
    """Sits before retries: a challenge is never retried forever and never reaches extraction."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler) -> BlockedPageMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        block = classify(response.status, response.body, response.headers.getlist("Set-Cookie"))
        if block is None:
            return response
        info = request.meta.get("govnews", {})
        site, column = info.get("site", "?"), info.get("column", "?")
        stats = self.crawler.stats
        stats.inc_value(site_key(site, "blocked"))
        stats.inc_value(column_key(site, column, f"blocked/{block.kind}"))
        stats.inc_value(f"govnews/blocked/{block.kind}")
        if info.get("kind") == "article":
            stats.inc_value(site_key(site, "article_pages"))
        elif info.get("kind") == "listing":
            stats.inc_value(site_key(site, "listing_pages"))
        self._remember(request.url, block.kind, site)
        self.crawler.spider.logger.warning("%s: %s page at %s is a %s challenge", site, info.get("kind", "a"), request.url, block)
        raise IgnoreRequest(f"blocked: {block}")

    def _remember(self, url: str, kind: str, site: str) -> None:
        run = getattr(self.crawler.spider, "run", None)
        if run is not None:
            session = run.session
            session.store.mark_url(url, kind="blocked", status=kind, site=site, run_id=session.run_id,
                                   seen_at=clock.utc_iso())


def download_slot(crawler, request: Request):
    """The downloader's slot of ``request``'s host (its delay, its queue), or None before the engine runs."""
    downloader = getattr(getattr(crawler, "engine", None), "downloader", None)
    return downloader.slots.get(downloader.get_slot_key(request)) if downloader is not None else None


def site_delay(crawler, request: Request) -> float:
    """The delay the site's profile asks for on ``request``'s host (DOWNLOAD_SLOTS), before any backoff."""
    downloader = crawler.engine.downloader
    slots = crawler.settings.getdict("DOWNLOAD_SLOTS")
    return float(slots.get(downloader.get_slot_key(request), {}).get("delay", crawler.settings.getfloat("DOWNLOAD_DELAY")))


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, plus backoff: each retry doubles the delay of the site's download slot
    (up to ``GOVNEWS_BACKOFF_MAX_DELAY``), so a struggling server gets breathing room.
    AutoThrottle lets the delay come down again as healthy responses arrive."""

    # ``spider`` only matches Scrapy's signature: Scrapy passes it to no middleware that does not require it.
    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            self._back_off(request)
        return result

    def process_exception(self, request: Request, exception: Exception,
                          spider: Spider | None = None) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            self._back_off(request)
        return result

    def _back_off(self, request: Request) -> None:
        slot = download_slot(self.crawler, request)
        if slot is not None:
            ceiling = self.crawler.settings.getfloat("GOVNEWS_BACKOFF_MAX_DELAY", 60.0)
            slot.delay = min(ceiling, max(1.0, slot.delay * 2))
            self.crawler.stats.inc_value("govnews/backoff")
