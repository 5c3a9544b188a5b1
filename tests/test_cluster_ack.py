"""In a cluster a listing page leaves the worker's in-flight set only after its follow-up requests are in the shared
queue: Scrapy drains a callback's whole output before scheduling any of it, so an acknowledgement at the end of
the callback came first, and a worker killed in that gap lost the column's next pages and articles
(``tests/test_distributed.py::test_a_killed_worker_loses_nothing`` failed so, now and then)."""

from __future__ import annotations

from types import SimpleNamespace

from scrapy import Request
from scrapy.http import HtmlResponse

from govnews.crawler.spider import GovnewsSpider

LISTING = "http://jd.example.gov.cn/jddt/index.html"
FOLLOW_UPS = ["http://jd.example.gov.cn/jddt/202611/t1.html", "http://jd.example.gov.cn/jddt/index_1.html"]


def spider_in(distributed: bool, events: list[tuple[str, str]]) -> GovnewsSpider:
    spider = GovnewsSpider()
    spider.crawler = SimpleNamespace(  # type: ignore[assignment]  # only what parse_listing touches
        engine=SimpleNamespace(crawl=lambda request: events.append(("queued", request.url))),
        govnews_scheduler=SimpleNamespace(ack=lambda request: events.append(("ack", request.url))))
    spider.run = SimpleNamespace(distributed=distributed)  # type: ignore[assignment]
    spider._parse_listing = lambda response: iter(Request(url) for url in FOLLOW_UPS)  # type: ignore[method-assign]
    return spider


def listing_response() -> HtmlResponse:
    return HtmlResponse(LISTING, body=b"<html></html>", request=Request(LISTING))


def test_in_a_cluster_the_listing_is_acknowledged_after_its_follow_ups_are_queued():
    events: list[tuple[str, str]] = []
    output = list(spider_in(True, events).parse_listing(listing_response()))
    assert output == []
    assert events == [("queued", FOLLOW_UPS[0]), ("queued", FOLLOW_UPS[1]), ("ack", LISTING)]


def test_alone_the_follow_ups_go_through_scrapy_and_nothing_is_acknowledged():
    events: list[tuple[str, str]] = []
    output = list(spider_in(False, events).parse_listing(listing_response()))
    assert [r.url for r in output] == FOLLOW_UPS and events == []
