"""The end of a run in this process: counts into the store, the feed moved into place, the monitors' views,
the manifest, the session closed.

All of it happens at ``engine_stopped``, once the feed exporter has closed its file. A run that did
not finish (Ctrl-C, a crash) keeps its feed under the temporary name and stays open in the store,
so the next ``govnews crawl`` resumes it.
"""

from __future__ import annotations

import os
import shutil
import time

from scrapy import signals

from ...runs import clock
from ...runs.folder import FEED_NAME, part_feed
from ...runs.manifest import build_manifest, finish_monitoring, record_part, write_manifest
from ...store import StoreError
from ..failstop import note_failure, run_failure


class RunRecorder:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.started_at = clock.utc_iso()
        self.reason = "cancelled"
        self.spider = None
        self.site_times: dict[str, list[float]] = {}
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler) -> RunRecorder:
        return cls(crawler)

    def response_received(self, response, request, **kwargs) -> None:
        site = request.meta.get("govnews", {}).get("site")
        if site:
            times = self.site_times.setdefault(site, [time.monotonic(), 0.0])
            times[1] = time.monotonic()

    def spider_closed(self, spider, reason: str) -> None:
        self.reason, self.spider = reason, spider

    def engine_stopped(self) -> None:
        run = getattr(self.spider, "run", None)
        if run is None or run.distributed:
            return  # nothing began, or a worker: the cluster's run is finished by govnews.distributed
        session, profiles = run.session, run.profiles
        finished = self.reason == "finished" and not run_failure(self.crawler)
        seconds = {site: max(0.0, last - first) for site, (first, last) in self.site_times.items()}
        try:
            record_part(session.store, session.run_id, self.crawler.stats.get_stats(), profiles)
            finished = finished and self._feed_complete(session)
            if finished:
                os.replace(part_feed(session.folder), session.folder / FEED_NAME)
                shutil.rmtree(session.folder / "job", ignore_errors=True)  # resumable state, no longer needed
            feed = FEED_NAME if finished else part_feed(session.folder).name
            manifest = build_manifest(session, profiles, started_at=self.started_at,
                                      finish_reason=self.reason if finished or self.reason != "finished" else "incomplete",
                                      feed=feed, seconds=seconds)
            if finished:
                finish_monitoring(session, profiles, manifest, self.crawler.settings)
            write_manifest(session, manifest)
            if finished:
                session.finish("finished")
        except (StoreError, OSError) as exc:  # nothing is lost: the run stays open and the next one resumes it
            note_failure(self.crawler, f"the run could not be finished: {exc}")
        finally:
            session.store.close()  # (again, after finish: closing twice is harmless) — and the lock with it

    def _feed_complete(self, session) -> bool:
        """Every record the store says this run found new or updated is in the feed (a full disk may have cut it)."""
        part = part_feed(session.folder)
        lines = sum(1 for line in part.open("rb") if line.endswith(b"\n")) if part.exists() else 0
        expected = session.store.count_changed_in_run(session.run_id)
        if lines != expected:
            note_failure(self.crawler, f"the feed holds {lines} of the run's {expected} records; the next run completes it")
            return False
        return True
