"""The archive's payload index: where each archived payload is, by record id and by payload digest
(shared logic of both backends).

A crawl looks a payload's digest up before archiving it: a payload archived before (in this run or an
earlier one) is written as a WARC ``revisit`` record pointing to the first capture, not stored again.
"""

from __future__ import annotations

from collections.abc import Sequence

from .core import StoreCore
from .types import StoredCapture

_COLUMNS = "record_id, payload_digest, run_id, warc, record_offset, target_uri, warc_date"


class CapturesMixin(StoreCore):
    def add_capture(self, capture: StoredCapture) -> None:
        """Index one response record (written and flushed before: the index never points past a file's end)."""
        with self._tx(write=True):
            self._exec(f"INSERT INTO captures ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (record_id) DO NOTHING",
                       (capture.record_id, capture.payload_digest, capture.run_id, capture.warc, capture.offset,
                        capture.target_uri, capture.warc_date))

    def capture_of_payload(self, payload_digest: str) -> StoredCapture | None:
        """The first capture of a payload with this digest, if any was archived."""
        with self._tx(write=False):
            row = self._one(f"SELECT {_COLUMNS} FROM captures WHERE payload_digest = ? "
                            f"ORDER BY warc_date, record_id{self.text_order} LIMIT 1", (payload_digest,))
        return StoredCapture(*row) if row else None

    def captures_by_id(self, record_ids: Sequence[str]) -> dict[str, StoredCapture]:
        """The indexed captures among ``record_ids`` (any number: looked up in chunks)."""
        wanted = list(dict.fromkeys(record_ids))
        with self._tx(write=False):
            rows = list(self._chunked_query(f"SELECT {_COLUMNS} FROM captures WHERE {{cond}}", "record_id", wanted))
        return {row[0]: StoredCapture(*row) for row in rows}

    def forget_captures_after(self, warc: str, offset: int) -> int:
        """Drop the index rows of records at or after ``offset`` in one file (a cut-off tail being repaired)."""
        with self._tx(write=True):
            return self._exec("DELETE FROM captures WHERE warc = ? AND record_offset >= ?", (warc, offset))
