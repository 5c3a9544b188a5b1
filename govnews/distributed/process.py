"""Running one worker of a distributed run in this process."""

from __future__ import annotations

import os
import socket
from typing import Any

from ..crawler.process import CrawlOptions, crawl_settings
from .keys import RunKeys

SCHEDULER = "govnews.distributed.scheduler.ReliableScheduler"


def worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


def worker_settings(options: CrawlOptions, session, redis_url: str, worker: str, idle_timeout: float):
    settings = crawl_settings(options, session)
    keys = RunKeys(session.run_id)
    downloader = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
    downloader["govnews.distributed.politeness.ClusterPolitenessMiddleware"] = 950  # right before the download
    extensions = dict(settings.getdict("EXTENSIONS"))
    extensions["govnews.distributed.worker.WorkerExtension"] = 600
    overrides: dict[str, Any] = {
        "SCHEDULER": SCHEDULER,
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_SERIALIZER": "scrapy_redis.picklecompat",
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_QUEUE_KEY": keys.requests,
        "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter,
        "REDIS_URL": redis_url,
        "GOVNEWS_DISTRIBUTED": redis_url,
        "GOVNEWS_WORKER_ID": worker,
        "GOVNEWS_IDLE_TIMEOUT": idle_timeout,
        "DOWNLOADER_MIDDLEWARES": downloader,
        "EXTENSIONS": extensions,
        "FEEDS": {},  # the feed is written once, from the store, by whoever finishes the run
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "LOG_FILE": str(session.folder / f"worker-{worker}.log"),
    }
    settings.setdict(overrides, priority="cmdline")
    return settings


def run_worker(options: CrawlOptions, session, profiles, redis_url: str, idle_timeout: float) -> str:
    """Work on the shared frontier until it has been empty for ``idle_timeout`` seconds; returns the worker id."""
    from scrapy.crawler import CrawlerProcess

    worker = worker_id()
    session.folder.mkdir(parents=True, exist_ok=True)
    process = CrawlerProcess(worker_settings(options, session, redis_url, worker, idle_timeout))
    process.crawl("govnews", site=",".join(p.id for p in profiles), session=session)
    process.start()
    return worker
