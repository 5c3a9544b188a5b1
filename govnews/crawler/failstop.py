"""When govnews can no longer write (a full disk, a store gone away), the run stops early and cleanly.

Nothing already stored is lost: the feed keeps its temporary name, the run stays open in the store,
and the next ``govnews crawl`` resumes it. The first failure's one-line description is kept on the
crawler for the command to print.
"""

from __future__ import annotations

import logging

from scrapy.utils.defer import deferred_from_coro

logger = logging.getLogger(__name__)


def stop_on_failure(crawler, reason: str, message: str) -> None:
    """Record the first failure and close the spider with ``reason`` (once)."""
    if getattr(crawler, "govnews_failure", None):
        return
    crawler.govnews_failure = message
    logger.error("stopping the run: %s", message)
    engine = getattr(crawler, "engine", None)
    if engine is not None and engine.spider is not None:
        deferred_from_coro(engine.close_spider_async(reason=reason))
