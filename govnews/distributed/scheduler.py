"""scrapy-redis's scheduler, made safe against workers that die: a request popped from the shared
queue stays in the worker's in-flight set until it is done, and the in-flight requests of a worker
whose heartbeat stopped go back to the queue for the others."""

from __future__ import annotations

import hashlib
import time

from scrapy.crawler import Crawler
from scrapy_redis.scheduler import Scheduler

from ..crawler.compat import decode_request, encode_request, open_redis_scheduler
from .keys import RunKeys

TOKEN = "_govnews_inflight"  # request meta: which in-flight entry the request (or its retry) stands for

# Pop the best request and keep it in the worker's in-flight set, atomically.
_POP = """
local item = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #item == 0 then return false end
redis.call('ZREM', KEYS[1], item[1])
redis.call('ZADD', KEYS[2], item[2], item[1])
return item[1]
"""
# Queue a request unless it was seen, and drop the in-flight entry it replaces (a retry or redirect), atomically:
# two calls in a row (mark seen, then queue) lost the request when the worker died between them.
# KEYS: queue, dupefilter, in-flight set; ARGV: score, request, fingerprint ('' = not filtered), replaced entry.
_ENQUEUE = """
if ARGV[4] ~= '' then redis.call('ZREM', KEYS[3], ARGV[4]) end
if ARGV[3] ~= '' and redis.call('SADD', KEYS[2], ARGV[3]) == 0 then return 0 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
return 1
"""
# Give a dead worker's in-flight requests back to the queue (keeping their priorities), atomically.
_RECLAIM = """
local n = redis.call('ZCARD', KEYS[2])
if n > 0 then
  redis.call('ZUNIONSTORE', KEYS[1], 2, KEYS[1], KEYS[2], 'AGGREGATE', 'MIN')
  redis.call('DEL', KEYS[2])
end
redis.call('SREM', KEYS[3], ARGV[1])
return n
"""


def scheduler_of(crawler: Crawler) -> ReliableScheduler:
    """The cluster scheduler a worker's crawler runs on: :meth:`ReliableScheduler.from_crawler` leaves it on the
    crawler, for the spider and the worker extension to acknowledge requests and reclaim dead workers' ones."""
    return crawler.govnews_scheduler  # type: ignore[attr-defined]


class ReliableScheduler(Scheduler):
    """Settings: the scrapy-redis ones (REDIS_URL, SCHEDULER_QUEUE_KEY, SCHEDULER_DUPEFILTER_KEY, …) plus
    ``GOVNEWS_RUN_ID`` and ``GOVNEWS_WORKER_ID``."""

    @classmethod
    def from_crawler(cls, crawler):
        instance = cls.from_settings(crawler.settings)
        instance.stats = crawler.stats
        instance.keys = RunKeys(crawler.settings.get("GOVNEWS_RUN_ID"))
        instance.worker = crawler.settings.get("GOVNEWS_WORKER_ID")
        instance.inflight: dict[str, bytes] = {}  # token -> the request as queued
        instance.last_pop = 0.0  # time.monotonic() of the last request taken from the queue
        instance._enqueue = instance.server.register_script(_ENQUEUE)
        instance._pop = instance.server.register_script(_POP)
        instance._reclaim = instance.server.register_script(_RECLAIM)
        crawler.govnews_scheduler = instance  # the worker extension acknowledges and reclaims through it
        return instance

    def open(self, spider):
        open_redis_scheduler(self, spider)

    def enqueue_request(self, request) -> bool:
        token = request.meta.pop(TOKEN, None)  # a retry or redirect of an in-flight request replaces it
        replaced = self.inflight.get(token, b"") if token else b""
        fingerprint = "" if request.dont_filter else self.df.request_fingerprint(request)
        queued = self._enqueue(
            keys=[self.queue.key, self.df.key, self.keys.inflight(self.worker)],
            args=[-request.priority, encode_request(self.queue, request), fingerprint, replaced],
        )
        if token:
            self.inflight.pop(token, None)
        if not queued:
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self):
        data = self._pop(keys=[self.queue.key, self.keys.inflight(self.worker)])
        if not data:
            return None
        self.last_pop = time.monotonic()
        request = decode_request(self.queue, data)
        token = hashlib.sha1(data).hexdigest()
        request.meta[TOKEN] = token
        self.inflight[token] = data
        self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def ack(self, request) -> None:
        """The request is done (its results are stored, or it failed for good)."""
        data = self.inflight.pop(request.meta.get(TOKEN, ""), None)
        if data is not None:
            self.server.zrem(self.keys.inflight(self.worker), data)

    def reclaim(self, worker: str) -> int:
        """Requeue what ``worker`` (dead) had in flight; returns how many requests came back."""
        return int(self._reclaim(keys=[self.queue.key, self.keys.inflight(worker), self.keys.workers], args=[worker]))

    def close(self, reason):
        # A clean stop comes when the frontier is empty: what is left in flight was done or superseded.
        self.server.delete(self.keys.inflight(self.worker))
        self.server.srem(self.keys.workers, self.worker)
        return super().close(reason)
