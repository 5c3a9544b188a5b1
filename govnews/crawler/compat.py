"""Every place govnews leans on a private name of Scrapy or scrapy-redis, in one module, each with why.

Each entry says what upstream does wrong (or lacks) on the versions in ``CHECKED``. The tests in
tests/test_compat.py hold one test per entry that fails when upstream changes — the bug fixed or the
private name gone — which is the signal to drop or redo the entry. On a version outside ``CHECKED`` the
entries still apply (they are written against behaviour, and the tests say whether it still holds).
"""

from __future__ import annotations

import logging
from importlib.metadata import version
from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

CHECKED = {"scrapy": ("2.15", "2.16", "2.17", "2.18", "2.19"), "scrapy-redis": ("0.9",)}


def release(package: str) -> str:
    """``major.minor`` of an installed package, for the version checks."""
    return ".".join(version(package).split(".")[:2])


# --- Scrapy: the cookie middleware's public-suffix list (scrapy.downloadermiddlewares.cookies._split_domain) ---
# Scrapy builds a TLDExtract that downloads the public-suffix list on first use: offline, or behind a firewall,
# that logs a traceback on every fresh machine. tldextract ships the list it would fall back to; use it directly.

def use_bundled_public_suffixes() -> None:
    from scrapy.downloadermiddlewares import cookies
    from tldextract import TLDExtract

    cookies._split_domain = TLDExtract(suffix_list_urls=(), include_psl_private_domains=True)


# --- Scrapy: RobotsTxtMiddleware._parsers --------------------------------------------------------------------
# Scrapy's RobotsTxtMiddleware lets every request that finds robots.txt still downloading await the same
# Deferred. Under the asyncio reactor the first waiter's future takes the result and leaves None for the others,
# and None means "no robots.txt": everything allowed. It shows whenever robots.txt is slow (a busy host, a
# cluster-wide politeness wait) and several requests to the host are already queued, as a run's start requests
# are. Each waiter here gets its own Deferred. (docs/robots-bypass.md is the report for upstream.)

class OneWaiterRobotsTxtMiddleware(RobotsTxtMiddleware):
    async def robot_parser(self, request: Request) -> RobotParser | None:
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if not isinstance(pending, Deferred):
            return await super().robot_parser(request)
        mine: Deferred[RobotParser | None] = Deferred()

        def relay(result: Any) -> Any:
            mine.callback(result)
            return result  # left for the next waiter

        pending.addCallback(relay)
        return await maybe_deferred_to_future(mine)


class OneLineRobotsErrors(logging.Filter):
    """Scrapy logs a whole traceback when a host's robots.txt cannot be fetched (host down, refused): an
    ordinary network condition, which the article request then reports as an error of its own."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info:
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def quiet_robots_errors() -> None:
    logger = logging.getLogger("scrapy.downloadermiddlewares.robotstxt")
    if not any(isinstance(f, OneLineRobotsErrors) for f in logger.filters):
        logger.addFilter(OneLineRobotsErrors())


# --- scrapy-redis: Scheduler.open ------------------------------------------------------------------------------
# scrapy-redis 0.9's Scheduler.open ends with ``spider.log(...)``, deprecated since Scrapy 2.18 (a warning on
# every worker start, an error under the test suite). This is its open() without that call.

def open_redis_scheduler(scheduler: Any, spider: Any) -> None:
    from scrapy.utils.misc import load_object

    scheduler.spider = spider
    key = scheduler.queue_key % {"spider": spider.name}
    scheduler.queue = load_object(scheduler.queue_cls)(server=scheduler.server, spider=spider, key=key,
                                                       serializer=scheduler.serializer)
    if not scheduler.df:
        scheduler.df = load_object(scheduler.dupefilter_cls).from_spider(spider)
    if scheduler.flush_on_start:
        scheduler.flush()
    if len(scheduler.queue):
        spider.logger.info("joining the run: %d requests in the shared frontier", len(scheduler.queue))


# --- scrapy-redis: Base._encode_request and _decode_request -----------------------------------------------------
# The reliable scheduler queues and pops a request's serialized bytes itself, each in one Lua script (marking
# it seen and queuing it; popping it into the worker's in-flight set), so that a worker killed in between
# loses nothing; turning a Request into those bytes and back is the queue's private _encode_request and
# _decode_request.

def encode_request(queue: Any, request: Request) -> bytes:
    data: bytes = queue._encode_request(request)
    return data


def decode_request(queue: Any, data: bytes) -> Request:
    request: Request = queue._decode_request(data)
    return request


use_bundled_public_suffixes()
quiet_robots_errors()
