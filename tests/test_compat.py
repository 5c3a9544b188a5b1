"""govnews/crawler/compat.py: each use of a private Scrapy or scrapy-redis name, and a test that fails when
upstream changes (the problem fixed, or the private name gone) — then the entry can go."""

from __future__ import annotations

import inspect
import subprocess
import sys
import warnings

import pytest
import scrapy_redis.scheduler
from scrapy import Request, Spider
from scrapy.downloadermiddlewares import cookies
from scrapy.exceptions import ScrapyDeprecationWarning
from scrapy_redis import picklecompat
from scrapy_redis.queue import PriorityQueue

from govnews.crawler import compat

UPSTREAM_SPLIT_DOMAIN = (
    "from scrapy.downloadermiddlewares import cookies; import sys; "
    "sys.stdout.write(repr(tuple(cookies._split_domain.suffix_list_urls)))"
)


def test_scrapy_still_downloads_the_public_suffix_list_and_ours_does_not():
    upstream = subprocess.run([sys.executable, "-c", UPSTREAM_SPLIT_DOMAIN], capture_output=True, text=True, check=True)
    assert upstream.stdout not in ("", "()"), "Scrapy no longer downloads the list: drop use_bundled_public_suffixes"
    assert "_split_domain(" in inspect.getsource(cookies), "the cookie middleware no longer uses _split_domain"
    assert tuple(cookies._split_domain.suffix_list_urls) == ()  # govnews's, patched on import of compat
    assert cookies._split_domain("www.pingtan.gov.cn").suffix == "gov.cn"  # offline, from the bundled list


def test_scrapys_robots_middleware_still_shares_one_deferred_between_waiters():
    source = inspect.getsource(compat.RobotsTxtMiddleware.robot_parser)
    assert "return await maybe_deferred_to_future(parser)" in source, "upstream changed how waiters await robots.txt"
    assert "_parsers" in inspect.getsource(compat.RobotsTxtMiddleware.__init__)


def test_robots_fetch_errors_are_one_warning_line():
    import logging

    record = logging.LogRecord("scrapy.downloadermiddlewares.robotstxt", logging.ERROR, __file__, 1,
                               "Error downloading %s", ("x",), (ValueError, ValueError("boom"), None))
    assert compat.OneLineRobotsErrors().filter(record)
    assert (record.levelname, record.exc_info) == ("WARNING", None)


class _FakeQueue:
    def __init__(self, server, spider, key, serializer):
        self.key = key

    def __len__(self) -> int:
        return 3


class _LoggingSpider:
    name = "govnews"

    def __init__(self) -> None:
        self.log_calls: list[str] = []
        self.logger = self

    def log(self, message: str, *args) -> None:
        self.log_calls.append(message)

    def info(self, message: str, *args) -> None:
        pass


def _scheduler() -> scrapy_redis.scheduler.Scheduler:
    scheduler = scrapy_redis.scheduler.Scheduler.__new__(scrapy_redis.scheduler.Scheduler)
    scheduler.server, scheduler.queue_key, scheduler.serializer = None, "k", picklecompat
    scheduler.queue_cls, scheduler.df = f"{__name__}._FakeQueue", object()
    scheduler.dupefilter_cls, scheduler.flush_on_start = "unused", False
    return scheduler


def test_scrapy_redis_open_still_calls_the_deprecated_spider_log_and_ours_does_not():
    upstream_spider, our_spider = _LoggingSpider(), _LoggingSpider()
    scrapy_redis.scheduler.Scheduler.open(_scheduler(), upstream_spider)
    assert upstream_spider.log_calls, "scrapy-redis no longer calls spider.log: drop open_redis_scheduler"
    with warnings.catch_warnings():
        warnings.simplefilter("error", ScrapyDeprecationWarning)
        if tuple(map(int, compat.release("scrapy").split("."))) >= (2, 18):  # Spider.log is deprecated since 2.18
            with pytest.raises(ScrapyDeprecationWarning):
                Spider("x").log("a message")
        compat.open_redis_scheduler(_scheduler(), our_spider)
    assert our_spider.log_calls == []


def test_scrapy_redis_queues_still_encode_and_decode_with_their_private_methods():
    spider = Spider("govnews")
    queue = PriorityQueue(server=None, spider=spider, key="k", serializer=picklecompat)
    request = Request("https://www.example.gov.cn/a.html", meta={"govnews": {"site": "x"}}, priority=10)
    assert compat.encode_request(queue, request) == queue._encode_request(request)
    decoded = compat.decode_request(queue, compat.encode_request(queue, request))
    assert (decoded.url, decoded.meta["govnews"], decoded.priority) == (request.url, {"site": "x"}, 10)


def test_the_versions_checked_are_the_versions_installed_or_newer_ones_are_named():
    assert compat.release("scrapy") in compat.CHECKED["scrapy"], "a Scrapy release compat.py was not checked on"
    assert compat.release("scrapy-redis") in compat.CHECKED["scrapy-redis"]
