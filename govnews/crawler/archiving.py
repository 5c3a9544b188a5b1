"""The archive's Scrapy side: every response the crawl receives goes into the run's WARC files (govnews/archive)
before any other middleware sees it.

The middleware sits closest to the downloader (its ``process_response`` runs first), so it records the
body and headers as received: before HttpCompressionMiddleware (590) decodes the body, before
RedirectMiddleware (600) turns a 3xx into a new request, before BlockedPageMiddleware (560) drops a
challenge and before RetryMiddleware (550) retries an error. robots.txt goes through it too.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from scrapy import Request, signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response

from .. import __version__
from ..archive.writer import Capture, Exchange, WarcArchive
from ..store import StoreError
from .failstop import stop_on_failure

CAPTURE_META = "govnews_capture"  # request meta: the Capture of the response that answered it


def capture_of(response: Response) -> Capture | None:
    """Where the response's payload was archived (None when the archive is off)."""
    return response.meta.get(CAPTURE_META)


class ArchiveMiddleware:
    """``GOVNEWS_ARCHIVE`` turns it on (the default); ``GOVNEWS_ARCHIVE_MAX_BYTES`` is the size files rotate at."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.archive: WarcArchive | None = None
        self.failed = False
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler) -> ArchiveMiddleware:
        if not crawler.settings.getbool("GOVNEWS_ARCHIVE"):
            raise NotConfigured
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        archive = self._archive()
        if archive is None:
            return response  # no run was opened: nothing is crawled
        if self.failed:  # the run is stopping: a page that is not archived is not recorded either
            raise IgnoreRequest("not archived: the archive cannot be written")
        try:
            capture = archive.write(exchange_of(request, response))
        except OSError as exc:
            self._fail("write_error", f"cannot write the archive in {archive.folder}: {exc.strerror or exc}")
        except StoreError as exc:
            self._fail("store_error", str(exc))
        request.meta[CAPTURE_META] = capture
        self.crawler.stats.inc_value("govnews/archive/revisits" if capture.revisit else "govnews/archive/responses")
        return response

    def spider_closed(self, spider, reason: str) -> None:
        if self.archive is not None:
            self.archive.close()

    def _fail(self, reason: str, message: str):
        self.failed = True
        stop_on_failure(self.crawler, reason, message)
        raise IgnoreRequest(f"not archived: {message}")

    def _archive(self) -> WarcArchive | None:
        if self.archive is None:
            run = getattr(self.crawler.spider, "run", None)
            if run is None:
                return None
            settings = self.crawler.settings
            self.archive = WarcArchive(
                Path(run.session.out), run.run_id, run.session.store, worker=settings.get("GOVNEWS_WORKER_ID") or None,
                max_bytes=settings.getint("GOVNEWS_ARCHIVE_MAX_BYTES"),
                info={"software": f"govnews/{__version__}",
                      "http-header-user-agent": settings.get("USER_AGENT"),
                      "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
                      "govnews-run-id": run.run_id, "govnews-worker": settings.get("GOVNEWS_WORKER_ID") or ""})
        return self.archive


def exchange_of(request: Request, response: Response) -> Exchange:
    return Exchange(
        url=response.url, method=request.method, request_headers=_pairs(request.headers), request_body=request.body,
        status=response.status, response_headers=_pairs(response.headers), body=response.body,
        protocol=response.protocol or "HTTP/1.1", ip_address=str(response.ip_address) if response.ip_address else None,
        meta=archived_meta(request.meta.get("govnews")))


def archived_meta(info: dict[str, Any] | None) -> dict[str, Any] | None:
    """What the crawl knew about the request, kept beside the page: re-extraction needs the listing's hints."""
    if not info:
        return None
    kept: dict[str, Any] = {k: info[k] for k in ("site", "column", "kind", "reason") if info.get(k) is not None}
    if (hints := info.get("hints")) is not None:
        kept["hints"] = asdict(hints)
    if (listing := info.get("listing")) is not None:
        kept["page"] = listing.page
    return kept


def _pairs(headers) -> list[tuple[str, str]]:
    return [(name.decode("latin-1"), value.decode("latin-1")) for name, values in headers.items() for value in values]
