"""The run manifest: ``OUT/runs/<run_id>/manifest.json`` with per-site and total counts."""

from __future__ import annotations

import time
from datetime import datetime, timezone

from scrapy import signals

from .. import __version__
from ..runs import run_dir, utc_iso, write_json_atomic
from ..stats import site_summary, totals


class RunManifest:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.started_at = datetime.now(timezone.utc)
        self.site_times: dict[str, list[float]] = {}
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler) -> "RunManifest":
        return cls(crawler)

    def response_received(self, response, request, **kwargs) -> None:
        site = request.meta.get("govnews", {}).get("site")
        if site:
            times = self.site_times.setdefault(site, [time.monotonic(), 0.0])
            times[1] = time.monotonic()

    def build(self, reason: str) -> dict:
        spider = self.crawler.spider
        stats = self.crawler.stats.get_stats()
        sites = {}
        for site in getattr(spider, "profiles", {}):
            summary = site_summary(stats, site)
            first, last = self.site_times.get(site, [0.0, 0.0])
            summary["seconds"] = round(max(0.0, last - first), 2)
            sites[site] = summary
        return {
            "run_id": spider.run_id,
            "govnews_version": __version__,
            "started_at": utc_iso(self.started_at),
            "finished_at": utc_iso(datetime.now(timezone.utc)),
            "finish_reason": reason,
            "sites": sites,
            "totals": totals(sites),
        }

    def spider_closed(self, spider, reason: str) -> None:
        write_json_atomic(run_dir(spider.out_dir, spider.run_id) / "manifest.json", self.build(reason))
