"""A live line per site on a terminal (listing pages, articles, blocked, errors); silent under cron."""

from __future__ import annotations

import sys

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from ..stats import site_summary

_FIELDS = ("listing_pages", "articles", "blocked", "errors")


class LiveProgress:
    """Redraws one line per site every ``GOVNEWS_PROGRESS_INTERVAL`` seconds.

    ``GOVNEWS_PROGRESS`` is ``auto`` (on when stderr is a terminal), ``on`` or ``off``.
    """

    def __init__(self, crawler, stream, interval: float) -> None:
        self.crawler, self.stream, self.interval = crawler, stream, interval
        self.lines_drawn = 0
        self.loop: task.LoopingCall | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler) -> LiveProgress:
        mode = crawler.settings.get("GOVNEWS_PROGRESS", "auto")
        if mode == "off" or (mode == "auto" and not sys.stderr.isatty()):
            raise NotConfigured
        return cls(crawler, sys.stderr, crawler.settings.getfloat("GOVNEWS_PROGRESS_INTERVAL", 1.0))

    def spider_opened(self, spider) -> None:
        self.loop = task.LoopingCall(self.draw)
        self.loop.start(self.interval, now=True)

    def spider_closed(self, spider, reason) -> None:
        if self.loop and self.loop.running:
            self.loop.stop()
        self.draw()

    def lines(self) -> list[str]:
        stats = self.crawler.stats.get_stats()
        sites = sorted(run.profiles) if (run := getattr(self.crawler.spider, "run", None)) else []
        width = max((len(s) for s in sites), default=4)
        out = []
        for site in sites:
            summary = site_summary(stats, site)
            counts = "  ".join(f"{name.replace('_', ' ')} {summary[name]:>4}" for name in _FIELDS)
            out.append(f"{site:<{width}}  {counts}")
        return out

    def draw(self) -> None:
        lines = self.lines()
        if self.lines_drawn:
            self.stream.write(f"\x1b[{self.lines_drawn}F")  # back to the first line drawn last time
        for line in lines:
            self.stream.write(f"\x1b[2K{line}\n")
        self.stream.flush()
        self.lines_drawn = len(lines)
