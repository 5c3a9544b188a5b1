"""Optional log of every request sent (``GOVNEWS_REQUEST_LOG``): for benchmarks and debugging."""

from __future__ import annotations

import json

from scrapy import signals
from scrapy.exceptions import NotConfigured


class RequestLog:
    def __init__(self, crawler, path: str) -> None:
        self.handle = open(path, "a", encoding="utf-8")
        crawler.signals.connect(self.request_reached_downloader, signal=signals.request_reached_downloader)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler) -> RequestLog:
        path = crawler.settings.get("GOVNEWS_REQUEST_LOG")
        if not path:
            raise NotConfigured
        return cls(crawler, path)

    def request_reached_downloader(self, request, spider) -> None:
        headers = {k: request.headers.get(k).decode("latin-1") for k in ("Referer", "Content-Type") if request.headers.get(k)}
        line = {"method": request.method, "url": request.url, "body": request.body.decode("latin-1"), "headers": headers}
        self.handle.write(json.dumps(line, ensure_ascii=False) + "\n")

    def spider_closed(self, spider) -> None:
        self.handle.close()
