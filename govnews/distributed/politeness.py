"""Politeness for the whole cluster: a host's delay and concurrency hold across all workers.

Before a request leaves any worker it takes a slot for its host in Redis, in one atomic script:
at most ``concurrency`` requests to the host may be in flight cluster-wide (holders expire, so a
dead worker's slots come free), and each start pushes the host's next allowed start ``delay``
seconds (±50%) ahead. Redis's own clock is used, so the workers' clocks do not matter. The slot is
given back when the response (or the failure) arrives; a killed worker's slots are given back by the
worker that finds it dead. Each worker's own Scrapy delays are off.

Every Redis call here goes through redis-py's asyncio client: the middleware runs once per request inside
the reactor, and a blocking call would stall every other request of the worker for one Redis round trip.
"""

from __future__ import annotations

import asyncio
import random
import uuid

from scrapy.exceptions import NotConfigured
from scrapy.utils.httpobj import urlparse_cached

from ..crawler.run_setup import download_slots
from ..profiles import select_profiles
from .keys import RunKeys, async_client

_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return -1 end
local next_start = tonumber(redis.call('GET', KEYS[2]) or '0')
if now < next_start then return next_start - now end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1])
redis.call('SET', KEYS[2], now + tonumber(ARGV[3]), 'PX', tonumber(ARGV[3]) + 60000)
return 0
"""
_SLOT = "_govnews_cluster_slot"
_OWNER = "|"  # a slot's token is "worker|random"
_BUSY_WAIT = 0.05


class ClusterPolitenessMiddleware:
    def __init__(self, crawler, redis_url: str, slots: dict, default: dict, hold_ms: int) -> None:
        self.redis = async_client(redis_url)
        self.worker = crawler.settings.get("GOVNEWS_WORKER_ID") or ""
        self.keys = RunKeys("")
        self.slots, self.default, self.hold_ms = slots, default, hold_ms
        self.acquire = self.redis.register_script(_ACQUIRE)
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler) -> ClusterPolitenessMiddleware:
        settings = crawler.settings
        url = settings.get("GOVNEWS_DISTRIBUTED")
        if not url:
            raise NotConfigured
        no_delay = settings.getbool("GOVNEWS_NO_DELAY")
        default = {"delay": 0.0 if no_delay else settings.getfloat("DOWNLOAD_DELAY"),
                   "concurrency": settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")}
        slots = {}
        if not no_delay:
            profiles = select_profiles(["*"], settings.get("GOVNEWS_PROFILES_DIR") or None, settings.get("GOVNEWS_DEMO_URL"))
            slots = download_slots(profiles)
        hold_ms = int((settings.getfloat("DOWNLOAD_TIMEOUT") + 30) * 1000)
        return cls(crawler, url, slots, default, hold_ms)

    async def process_request(self, request):
        host = urlparse_cached(request).hostname or ""
        slot = self.slots.get(host, self.default)
        delay_ms = int(slot["delay"] * 1000 * (0.5 + random.random())) if slot["delay"] else 0
        token = f"{self.worker}{_OWNER}{uuid.uuid4().hex}"
        keys = [self.keys.host_holders(host), self.keys.host_next(host)]
        args = [token, slot["concurrency"], delay_ms, self.hold_ms]
        while (wait := int(await self.acquire(keys=keys, args=args))) != 0:
            self.stats.inc_value("govnews/cluster/waits")
            await asyncio.sleep(wait / 1000 if wait > 0 else _BUSY_WAIT)
        request.meta[_SLOT] = (keys[0], token)
        return None

    async def process_response(self, request, response):
        await self._release(request)
        return response

    async def process_exception(self, request, exception):
        await self._release(request)
        return None

    async def _release(self, request) -> None:
        if slot := request.meta.pop(_SLOT, None):
            await self.redis.zrem(*slot)


def release_slots_of(redis, worker: str) -> int:
    """Give back the host slots a dead worker held, rather than leave the host throttled until they expire."""
    released = 0
    for key in redis.scan_iter(match=RunKeys("").host_holders("*")):
        mine = [m for m in redis.zrange(key, 0, -1) if m.decode().startswith(worker + _OWNER)]
        released += redis.zrem(key, *mine) if mine else 0
    return released
