"""When govnews can no longer write (a full disk, a store gone away), the run stops early and cleanly.

Nothing already stored is lost: the feed keeps its temporary name, the run stays open in the store,
and the next ``govnews crawl`` resumes it. The first failure's one-line description is kept on the
crawler for the command to print.
"""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro

logger = logging.getLogger(__name__)
FAILURE_KEY = "govnews/failure"  # a stats value: the run's first failure, one line


def run_failure(crawler: Crawler) -> str | None:
    """The first failure that stopped (or will stop) the run, if any."""
    return crawler.stats.get_value(FAILURE_KEY) if crawler.stats else None


def note_failure(crawler: Crawler, message: str) -> None:
    """Keep ``message`` as the run's failure unless an earlier one is kept already."""
    if crawler.stats and not run_failure(crawler):
        crawler.stats.set_value(FAILURE_KEY, message)


def stop_on_failure(crawler: Crawler, reason: str, message: str) -> None:
    """Record the first failure and close the spider with ``reason`` (once)."""
    if run_failure(crawler):
        return
    note_failure(crawler, message)
    logger.error("stopping the run: %s", message)
    engine = getattr(crawler, "engine", None)
    if engine is not None and engine.spider is not None:
        deferred_from_coro(engine.close_spider_async(reason=reason))
