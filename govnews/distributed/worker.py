"""A worker's life in the cluster: heartbeat, acknowledgements, counts, idling out, and the last one
out finishing the run."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from twisted.internet import task

from ..archive.writer import repair_files_of
from ..runs.manifest import record_part
from ..store import StoreError
from .finish import finish_run
from .keys import RunKeys
from .politeness import release_slots_of
from .scheduler import scheduler_of

logger = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 2.0
HEARTBEAT_TTL = 10


class WorkerExtension:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.keys = RunKeys(settings.get("GOVNEWS_RUN_ID"))
        self.worker = settings.get("GOVNEWS_WORKER_ID")
        self.idle_timeout = settings.getfloat("GOVNEWS_IDLE_TIMEOUT", 15.0)
        self.idle_at = 0.0  # when the engine last found nothing to do here
        self.quiet_since: float | None = None  # since when the whole cluster has had nothing to do
        self.flushed: dict[str, int] = {}
        self.loop: task.LoopingCall | None = None
        for signal, handler in ((signals.spider_opened, self.opened), (signals.spider_idle, self.idle),
                                (signals.item_scraped, self.item_done), (signals.item_dropped, self.item_done),
                                (signals.item_error, self.item_done), (signals.spider_closed, self.closed)):
            crawler.signals.connect(handler, signal=signal)

    @classmethod
    def from_crawler(cls, crawler) -> WorkerExtension:
        if not crawler.settings.get("GOVNEWS_DISTRIBUTED"):
            raise NotConfigured
        return cls(crawler)

    @property
    def scheduler(self):
        return scheduler_of(self.crawler)

    @property
    def redis(self):
        return self.scheduler.server

    def opened(self, spider) -> None:
        self.redis.sadd(self.keys.workers, self.worker)
        self.loop = task.LoopingCall(self.beat)
        self.loop.start(HEARTBEAT_SECONDS, now=True)

    def beat(self) -> None:
        """Say we are alive (busy or idle), take back what dead workers held, put our counts into the store."""
        self.announce()
        self.reclaim_dead()
        self.flush_counts()

    def announce(self) -> None:
        """``idle`` when this worker's engine has had nothing to do since it last took a request, else ``busy``."""
        state = "idle" if self.idle_at and self.idle_at >= self.scheduler.last_pop else "busy"
        self.redis.set(self.keys.alive(self.worker), state, ex=HEARTBEAT_TTL)

    def reclaim_dead(self) -> None:
        for worker in self.dead_workers():
            count = self.scheduler.reclaim(worker)
            slots = release_slots_of(self.redis, worker)
            if count or slots:
                logger.warning("worker %s stopped: %d of its requests are back in the queue, %d host slots free again",
                               worker, count, slots)
            self.repair_archive_of(worker)

    def repair_archive_of(self, worker: str) -> None:
        """A worker killed mid-record leaves its WARC file ending in half a record: cut it off, once."""
        session = self.crawler.spider.opened_run().session
        try:
            cut = repair_files_of(Path(session.out), session.run_id, worker, session.store)
        except (OSError, StoreError) as exc:
            logger.warning("the archive of worker %s could not be repaired: %s", worker, exc)
            return
        if cut:
            logger.warning("worker %s stopped mid-record: %d bytes cut off its WARC file", worker, cut)

    def dead_workers(self) -> list[str]:
        members = [m.decode() for m in self.redis.smembers(self.keys.workers)]
        return [w for w in members if w != self.worker and not self.redis.exists(self.keys.alive(w))]

    def flush_counts(self) -> None:
        stats = {k: v for k, v in self.crawler.stats.get_stats().items() if k.startswith("govnews/site/") and isinstance(v, int)}
        delta = {k: v - self.flushed.get(k, 0) for k, v in stats.items() if v != self.flushed.get(k, 0)}
        if delta:
            run = self.crawler.spider.opened_run()
            record_part(run.session.store, run.run_id, delta, run.profiles)
            self.flushed = stats

    def item_done(self, item, response, spider, **kwargs) -> None:
        self.scheduler.ack(response.request)

    def idle(self, spider) -> None:
        """Stay while the cluster still has work: queued, in flight, at a busy worker, or revisits to schedule;
        leave once it has had none for ``idle_timeout`` seconds."""
        self.idle_at = time.monotonic()
        self.announce()
        if self.redis.exists(self.keys.finalizer):
            return  # another worker finished the run: nothing is left to do
        self.reclaim_dead()
        busy = self.cluster_busy()
        if not busy and self.redis.set(self.keys.revisits, self.worker, nx=True):
            busy = spider.schedule_revisits() > 0
        if busy:
            self.quiet_since = None
            raise DontCloseSpider
        if self.quiet_since is None:
            self.quiet_since = time.monotonic()
            self.flush_counts()
        if time.monotonic() - self.quiet_since < self.idle_timeout:
            raise DontCloseSpider

    def cluster_busy(self) -> bool:
        """Work anywhere: queued requests, requests in flight at another worker, or another worker still busy
        (a worker killed a moment ago counts as busy until its heartbeat lapses and its requests come back)."""
        if len(self.scheduler.queue) > 0:
            return True
        others = [w for w in self._members() if w != self.worker]
        if any(self.redis.zcard(self.keys.inflight(w)) for w in others):
            return True
        return any(self.redis.get(self.keys.alive(w)) == b"busy" for w in others)

    def _members(self) -> list[str]:
        return [m.decode() for m in self.redis.smembers(self.keys.workers)]

    def closed(self, spider, reason: str) -> None:
        if self.loop and self.loop.running:
            self.loop.stop()
        self.flush_counts()
        self.redis.delete(self.keys.alive(self.worker))
        self.redis.srem(self.keys.workers, self.worker)
        if reason != "finished" or self.cluster_busy():
            return  # stopped early, or others still at it: the run goes on without this worker
        if self.redis.set(self.keys.finalizer, self.worker, nx=True):  # idle workers left: the first one out finishes
            run = spider.opened_run()
            finish_run(self.redis, self.keys, run.session, run.profiles, self.crawler.settings)
            run.session.finished_here = True
