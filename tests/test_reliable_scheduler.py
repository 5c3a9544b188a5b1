"""The cluster scheduler on a real redis-server: a worker that dies at any point of queuing a request loses
nothing. Marking a request seen and queuing it were two Redis calls; a worker killed between them left a
request that every worker skips as seen and none will ever fetch."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis
from redis.exceptions import ConnectionError as RedisConnectionError
from scrapy import Request, Spider
from scrapy.utils.test import get_crawler

from govnews.crawler.compat import decode_request
from govnews.distributed.keys import RunKeys
from govnews.distributed.scheduler import TOKEN, ReliableScheduler

from support.redisserver import redis_server_url

pytestmark = pytest.mark.e2e  # a redis-server in another process

RUN = RunKeys("run-1")
URL = "http://jd.example.gov.cn/jddt/202611/t1.html"


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    yield from redis_server_url()


@pytest.fixture
def open_scheduler(redis_url):
    opened: list[ReliableScheduler] = []

    def open_one(worker: str = "w1") -> ReliableScheduler:
        crawler = get_crawler(Spider, {
            "REDIS_URL": redis_url, "GOVNEWS_RUN_ID": RUN.run_id, "GOVNEWS_WORKER_ID": worker,
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
            "SCHEDULER_QUEUE_KEY": RUN.requests, "SCHEDULER_DUPEFILTER_KEY": RUN.dupefilter,
            "SCHEDULER_PERSIST": True,
        })
        scheduler = ReliableScheduler.from_crawler(crawler)
        opened.append(scheduler)
        scheduler.open(Spider.from_crawler(crawler, "govnews"))
        return scheduler

    server = redis.Redis.from_url(redis_url)
    server.flushdb()
    yield open_one
    server.flushdb()


def dies_after(scheduler: ReliableScheduler, calls: int) -> None:
    """The worker's Redis connection answers ``calls`` more commands, then the worker is gone."""
    real = scheduler.server.execute_command
    left = [calls]

    def execute(*args, **kwargs):
        if left[0] == 0:
            raise RedisConnectionError("the worker was killed")
        left[0] -= 1
        return real(*args, **kwargs)

    scheduler.server.execute_command = execute  # type: ignore[method-assign]


def queued_urls(scheduler: ReliableScheduler) -> list[str]:
    return [decode_request(scheduler.queue, data).url for data in scheduler.server.zrange(RUN.requests, 0, -1)]


def seen(scheduler: ReliableScheduler, request: Request) -> bool:
    return bool(scheduler.server.sismember(RUN.dupefilter, scheduler.df.request_fingerprint(request)))


@pytest.mark.parametrize("calls", [0, 1, 2, 3])
def test_a_request_marked_seen_is_in_the_queue_wherever_the_worker_died(open_scheduler, calls):
    dying, survivor = open_scheduler("w1"), open_scheduler("w2")
    request = Request(URL, priority=5)
    dies_after(dying, calls)
    try:
        dying.enqueue_request(request)
    except RedisConnectionError:
        pass
    if seen(survivor, request):
        assert queued_urls(survivor) == [URL]
    else:
        assert queued_urls(survivor) == []
        assert survivor.enqueue_request(Request(URL, priority=5))  # another worker that finds it queues it


@pytest.mark.parametrize("calls", [0, 1, 2, 3])
def test_a_retry_replaces_its_in_flight_request_wherever_the_worker_died(open_scheduler, calls):
    dying, survivor = open_scheduler("w1"), open_scheduler("w2")
    assert dying.enqueue_request(Request(URL))
    popped = dying.next_request()
    assert popped is not None and TOKEN in popped.meta
    retry = popped.replace(dont_filter=True)  # what Scrapy's retry middleware schedules
    dies_after(dying, calls)
    try:
        dying.enqueue_request(retry)
    except RedisConnectionError:
        pass
    in_flight = survivor.server.zcard(RUN.inflight("w1"))
    queued = queued_urls(survivor)
    # either the original is still in flight (another worker reclaims it) or the retry is queued instead
    assert (queued, in_flight) in (([URL], 0), ([], 1))
    if not queued:
        assert survivor.reclaim("w1") == 1 and queued_urls(survivor) == [URL]


def test_a_duplicate_is_dropped_and_logged_as_one(open_scheduler):
    scheduler = open_scheduler()
    assert scheduler.enqueue_request(Request(URL))
    assert not scheduler.enqueue_request(Request(URL))
    assert scheduler.enqueue_request(Request(URL, dont_filter=True))  # never filtered
    assert queued_urls(scheduler) == [URL, URL]
    assert scheduler.stats.get_value("scheduler/enqueued/redis") == 2


def test_priorities_order_the_shared_queue(open_scheduler):
    scheduler = open_scheduler()
    for n, priority in ((1, 0), (2, 10), (3, -5)):
        scheduler.enqueue_request(Request(f"http://jd.example.gov.cn/{n}.html", priority=priority))
    popped = [scheduler.next_request().url for _ in range(3)]
    assert popped == ["http://jd.example.gov.cn/2.html", "http://jd.example.gov.cn/1.html", "http://jd.example.gov.cn/3.html"]
