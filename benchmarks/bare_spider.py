"""The baseline of bench_crawl.py: a bare Scrapy spider that sends the same requests and extracts nothing."""

from __future__ import annotations

import json

import scrapy


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, requests_file: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.requests_file = requests_file

    async def start(self):
        with open(self.requests_file, encoding="utf-8") as handle:
            for line in handle:
                r = json.loads(line)
                if r["url"].endswith("/robots.txt"):
                    continue
                yield scrapy.Request(r["url"], method=r["method"], body=r["body"].encode("latin-1"),
                                     headers=r["headers"] or None, callback=self.parse, dont_filter=True)

    def parse(self, response):
        return None
