"""A host that stopped answering is given up for the rest of the run, instead of being retried request by request.

Retries back off by doubling the host's delay (up to ``GOVNEWS_BACKOFF_MAX_DELAY``), which is right for a
struggling server and wrong for one that is gone: every queued request to it would wait its delay, time out,
and be retried twice, and a run with hundreds of requests to that host took hours to end. After
``GOVNEWS_HOST_DOWN_AFTER`` connection failures in a row (timeouts, refused, lost or failed connections, DNS, TLS)
with no response in between, the host is down: its requests not yet sent fail at once as ``host_down``,
those that were sent and fail keep their own reason but are not retried (the next run asks for all of
them again, as for any failed page), and the run goes on with the other sites. Any response from the host,
whatever its status, shows it is up and resets the count.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from twisted.python.failure import Failure

from .failures import failure_reason
from .middlewares import download_slot, site_delay

logger = logging.getLogger(__name__)

CONNECTION_FAILURES = frozenset({"timeout", "connection_refused", "connection_lost", "connect_failed", "dns", "tls"})
HOST_DOWN = "host down"  # the IgnoreRequest message's first words: failures.py reads them as ``host_down``


def host_of(request: Request) -> str:
    """Host and port: two servers on one machine are two hosts (a mirror on another port may be up)."""
    parts = urlsplit(request.url)
    return f"{parts.hostname or ''}:{parts.port}" if parts.port else (parts.hostname or "")


class HostDownMiddleware:
    """Placed after retries in the exception chain (a higher order than BackoffRetryMiddleware), so that it
    sees every failed attempt, and a request to a host that is down is not retried."""

    def __init__(self, crawler: Crawler, after: int) -> None:
        self.crawler = crawler
        self.after = after
        self.failures: dict[str, int] = {}  # host -> connection failures in a row
        self.down: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostDownMiddleware:
        after = crawler.settings.getint("GOVNEWS_HOST_DOWN_AFTER", 5)
        if after <= 0:
            raise NotConfigured("GOVNEWS_HOST_DOWN_AFTER is 0")
        return cls(crawler, after)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if host_of(request) in self.down:
            self._give_up(request)

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        host = host_of(request)
        self.failures.pop(host, None)
        if host in self.down:
            self.down.discard(host)
            logger.warning("host %s answers again (HTTP %s): no longer given up", host, response.status)
        return response

    def process_exception(self, request: Request, exception: Exception, spider: Spider | None = None) -> None:
        reason = failure_reason(Failure(exception))
        if reason not in CONNECTION_FAILURES:
            return None
        host = host_of(request)
        if host not in self.down:
            self.failures[host] = self.failures.get(host, 0) + 1
            if self.failures[host] < self.after:
                return None  # retried as usual
            self._mark_down(host, reason)
            self._drain(request)
        # A request that was sent keeps its own reason; it is only not retried (RetryMiddleware reads dont_retry).
        request.meta["dont_retry"] = True
        return None

    def _mark_down(self, host: str, reason: str) -> None:
        self.down.add(host)
        self.crawler.stats.inc_value("govnews/hosts_down")
        logger.warning("host %s is down (%d connection failures in a row, the last: %s): its requests fail "
                       "as host_down for the rest of the run", host, self.failures[host], reason)

    def _drain(self, request: Request) -> None:
        """The requests already waiting in the host's download slot (up to CONCURRENT_REQUESTS) go out at the site's
        own delay, not the backed-off one: at the backoff ceiling each waited a minute or more, and a handful kept
        a run (and a graceful stop) waiting a quarter of an hour for a host known to be down."""
        slot = download_slot(self.crawler, request)
        if slot is not None:
            slot.delay = min(slot.delay, site_delay(self.crawler, request))

    def _give_up(self, request: Request) -> None:
        self.crawler.stats.inc_value("govnews/host_down_requests")
        raise IgnoreRequest(f"{HOST_DOWN}: {host_of(request)} stopped answering")
