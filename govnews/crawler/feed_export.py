"""The run's feed: only new and updated records, under a temporary name until the run has finished."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FileFeedStorage, ItemFilter

from ..record.item import RECORD_FIELDS
from ..runs.folder import FEED_NAME, PART_SUFFIX
from .failstop import stop_on_failure
from .scraped import ScrapedRecord


class ChangedRecordsFilter(ItemFilter):
    """Pass the records the store found new or updated; unchanged ones are counted, not fed."""

    def accepts(self, item) -> bool:
        return isinstance(item, ScrapedRecord) and item.changed


class GuardedFile:
    """The feed file, watched: a failed write (a full disk) stops the run instead of losing lines quietly."""

    def __init__(self, handle, path: str, crawler) -> None:
        self.handle, self.path, self.crawler = handle, path, crawler
        self.failed = False

    def write(self, data: bytes) -> int:
        if self.failed:
            return 0
        try:
            return self.handle.write(data)
        except OSError as exc:
            self.failed = True
            stop_on_failure(self.crawler, "write_error", f"cannot write {self.path}: {exc.strerror or exc}")
            return 0

    def __getattr__(self, name):
        return getattr(self.handle, name)


class GuardedFileFeedStorage(FileFeedStorage):
    """Scrapy's file storage, opening a :class:`GuardedFile`."""

    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None) -> GuardedFileFeedStorage:
        storage = cls(uri, feed_options=feed_options)
        storage.crawler = crawler
        return storage

    def open(self, spider):
        return GuardedFile(super().open(spider), str(Path(self.path)), self.crawler)

    def store(self, file):
        try:
            file.handle.close()
        except OSError as exc:  # the last buffered lines could not be written
            stop_on_failure(self.crawler, "write_error", f"cannot write {self.path}: {exc.strerror or exc}")
        return None


def feeds_setting() -> dict:
    return {
        f"%(out_dir)s/runs/%(run_id)s/{FEED_NAME}{PART_SUFFIX}": {
            "format": "jsonlines",
            "encoding": "utf-8",
            "store_empty": True,
            "overwrite": False,  # a resumed run appends to what its interrupted part wrote
            "item_filter": ChangedRecordsFilter,
            "fields": list(RECORD_FIELDS),
        }
    }
