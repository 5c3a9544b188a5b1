"""The run's feed: only new and updated records, under a temporary name until the run has finished."""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.extensions.feedexport import ItemFilter

from .items import RECORD_FIELDS

PART_SUFFIX = ".part"
FEED_NAME = "articles.jsonl"


class ChangedRecordsFilter(ItemFilter):
    """Pass the records the store found new or updated; unchanged ones are counted, not fed."""

    def accepts(self, item) -> bool:
        return ItemAdapter(item).get("_outcome") in ("new", "updated")


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
