"""robots.txt, obeyed for every request, whatever arrives while it is still being fetched.

Scrapy 2.19's ``RobotsTxtMiddleware`` lets every request that finds robots.txt still downloading
await the same Deferred. Under the asyncio reactor the first waiter's future takes the result and
leaves ``None`` for the others, which ``None`` means "no robots.txt": everything allowed. It shows
whenever robots.txt is slow (a busy host, a cluster-wide politeness wait) and several requests to
the host are already queued, as a run's start requests are. Each waiter here gets its own Deferred.
"""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class GovnewsRobotsTxtMiddleware(RobotsTxtMiddleware):
    async def robot_parser(self, request: Request) -> RobotParser | None:
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if not isinstance(pending, Deferred):
            return await super().robot_parser(request)
        mine: Deferred = Deferred()

        def relay(result):
            mine.callback(result)
            return result  # left for the next waiter

        pending.addCallback(relay)
        return await maybe_deferred_to_future(mine)


class _OneLineRobotsErrors(logging.Filter):
    """Scrapy logs a whole traceback when a host's robots.txt cannot be fetched (host down, refused):
    an ordinary network condition, which the article request then reports as an error of its own."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info:
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


logging.getLogger("scrapy.downloadermiddlewares.robotstxt").addFilter(_OneLineRobotsErrors())
