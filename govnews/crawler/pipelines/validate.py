"""Only records that match the schema and have content reach the feed; the rest are counted."""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from ...record.schema import record_errors
from ..stats import COVERAGE_FIELDS, site_key


class ValidateRecordPipeline:
    def __init__(self, crawler) -> None:
        self.stats = crawler.stats
        self.logger = crawler.spider.logger if crawler.spider else None

    @classmethod
    def from_crawler(cls, crawler) -> ValidateRecordPipeline:
        return cls(crawler)

    def process_item(self, item):
        if getattr(item, "replayed", False):  # validated and counted by the interrupted part of this run
            return item
        record = dict(ItemAdapter(item))
        site = record.get("site") or "?"
        if errors := record_errors(record):
            self._drop(site, "invalid_record", f"{record.get('url')}: {'; '.join(errors)}")
        if not record.get("title") and not record.get("paragraphs"):
            self._drop(site, "no_content", f"{record.get('url')}: neither a title nor a body")
        self.stats.inc_value(site_key(site, "articles"))
        for field in COVERAGE_FIELDS:  # field coverage, for the run's health
            if record.get(field):
                self.stats.inc_value(site_key(site, f"field_{field}"))
        return item

    def _drop(self, site: str, reason: str, detail: str):
        self.stats.inc_value(site_key(site, "errors"))
        self.stats.inc_value(site_key(site, f"error/{reason}"))
        raise DropItem(f"{reason}: {detail}")
