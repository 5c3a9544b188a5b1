"""The end of a run: counts into the store, the feed moved into place, the manifest, the session closed.

All of it happens at ``engine_stopped``, once the feed exporter has closed its file. A run that did
not finish (Ctrl-C, a crash) keeps its feed under the temporary name and stays open in the store,
so the next ``govnews crawl`` resumes it.
"""

from __future__ import annotations

import os
import shutil
import time
from datetime import datetime, timezone

from scrapy import signals

from .. import __version__
from ..feeds import FEED_NAME
from ..resume import part_feed
from ..runs import run_dir, utc_iso, write_json_atomic
from ..stats import COUNTS, HEALTH_COUNTS, site_summary, totals


class RunRecorder:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.started_at = datetime.now(timezone.utc)
        self.reason = "cancelled"
        self.site_times: dict[str, list[float]] = {}
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler) -> "RunRecorder":
        return cls(crawler)

    def response_received(self, response, request, **kwargs) -> None:
        site = request.meta.get("govnews", {}).get("site")
        if site:
            times = self.site_times.setdefault(site, [time.monotonic(), 0.0])
            times[1] = time.monotonic()

    def spider_closed(self, spider, reason: str) -> None:
        self.reason = reason
        self.spider = spider

    def engine_stopped(self) -> None:
        spider = getattr(self, "spider", None)
        session = getattr(spider, "session", None)
        if spider is None or session is None:
            return
        stats = self.crawler.stats.get_stats()
        part = {site: site_summary(stats, site) for site in spider.profiles}
        finished = self.reason == "finished"
        try:
            for site, summary in part.items():
                session.store.add_site_counts(session.run_id, site, {k: summary[k] for k in COUNTS + HEALTH_COUNTS})
            if finished:
                os.replace(part_feed(session.folder), session.folder / FEED_NAME)
                shutil.rmtree(session.folder / "job", ignore_errors=True)  # resumable state, no longer needed
            manifest = self.manifest(session, part, finished)
        finally:
            if finished:
                session.finish("finished")
            else:
                session.store.release_lock()
                session.store.close()
        write_json_atomic(run_dir(session.out, session.run_id) / "manifest.json", manifest)

    def manifest(self, session, part: dict, finished: bool) -> dict:
        stored = session.store.site_counts(session.run_id)
        sites = {}
        for site, summary in part.items():
            first, last = self.site_times.get(site, [0.0, 0.0])
            sites[site] = {**summary, **{k: stored.get(site, {}).get(k, summary[k]) for k in COUNTS},
                           "seconds": round(max(0.0, last - first), 2)}
        return {
            "run_id": session.run_id,
            "govnews_version": __version__,
            "profiles_hash": session.profiles_hash,
            "store": session.store.backend,
            "resumed": session.resumed,
            "started_at": utc_iso(self.started_at),
            "finished_at": utc_iso(datetime.now(timezone.utc)) if finished else None,
            "finish_reason": self.reason,
            "feed": FEED_NAME if finished else part_feed(session.folder).name,
            "sites": sites,
            "totals": totals(sites),
        }
