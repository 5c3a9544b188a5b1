"""Every valid record goes through the store: new, unchanged or updated; reprints across sites linked."""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from ...record import reprints as dedupe
from ...runs import clock
from ...store import StoreError
from ..failstop import stop_on_failure
from ..scraped import ScrapedRecord
from ..stats import site_key

# Outcomes that reach the run's feed; the others are counted only.
CHANGED = ("new", "updated")


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
            duplicate_of = self._duplicate_of(session.store, outcome, record)
        except StoreError as exc:  # a full disk, a lost database: stop, keep what is stored, resume next time
            stop_on_failure(self.crawler, "store_error", str(exc))
            raise DropItem(f"not stored: {exc}") from None
        site = record.get("site") or "?"
        # A second URL of an article the site already shows (listed twice, or under an alias) is counted as such:
        # on a first run it is no "unchanged" article.
        self.stats.inc_value(site_key(site, "duplicate_urls" if outcome.kind == "duplicate_url" else outcome.kind))
        item["duplicate_of"] = duplicate_of
        item.outcome = outcome.kind
        return item

    def _duplicate_of(self, store, outcome, record: dict) -> str | None:
        if outcome.kind in CHANGED:
            return self._reprint_of(store, outcome.article_id, record)
        return (store.article(outcome.article_id) or {}).get("duplicate_of")

    def _reprint_of(self, store, article_id: str, record: dict) -> str | None:
        """The most similar article of another site, when similar enough to be the same 通稿."""
        signature = dedupe.signature(record.get("title"), record.get("paragraphs") or [])
        if signature is None:
            return None
        bands = dedupe.bands(signature)
        best, best_score = None, self.threshold
        for candidate, _site, packed in store.signature_candidates(bands, record["site"]):
            score = dedupe.similarity(signature, dedupe.unpack(packed))
            if candidate != article_id and score >= best_score:
                best, best_score = candidate, score
        store.add_signature(article_id, record["site"], bands, dedupe.pack(signature))
        store.set_duplicate_of(article_id, best)
        if best:
            self.stats.inc_value(site_key(record["site"], "reprints"))
        return best
