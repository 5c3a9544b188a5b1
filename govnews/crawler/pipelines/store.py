"""Every valid record goes through the store: new, unchanged or updated; reprints across sites linked."""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from ...record import reprints as dedupe
from ...runs import clock
from ...store import StoreError
from ...store.reprinting import reprint_link
from ..failstop import stop_on_failure
from ..scraped import ScrapedRecord
from ..stats import site_key


class StorePipeline:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.threshold = crawler.settings.getfloat("GOVNEWS_REPRINT_THRESHOLD", dedupe.REPRINT_THRESHOLD)

    @classmethod
    def from_crawler(cls, crawler) -> StorePipeline:
        return cls(crawler)

    def process_item(self, item):
        item = item if isinstance(item, ScrapedRecord) else ScrapedRecord(ItemAdapter(item))
        if item.replayed:  # recorded by the interrupted part of this run; only the feed missed it
            return item
        session = self.crawler.spider.opened_run().session
        record = dict(item)
        try:
            outcome = session.store.record_article(record, session.run_id, clock.utc_iso())
            duplicate_of, linked = reprint_link(session.store, outcome, record, self.threshold)
        except StoreError as exc:  # a full disk, a lost database: stop, keep what is stored, resume next time
            stop_on_failure(self.crawler, "store_error", str(exc))
            raise DropItem(f"not stored: {exc}") from None
        site = record.get("site") or "?"
        # A second URL of an article the site already shows (listed twice, or under an alias) is counted as such:
        # on a first run it is no "unchanged" article.
        self.stats.inc_value(site_key(site, "duplicate_urls" if outcome.kind == "duplicate_url" else outcome.kind))
        if linked:
            self.stats.inc_value(site_key(site, "reprints"))
        item["duplicate_of"] = duplicate_of
        item.outcome = outcome.kind
        return item
