"""The values the store hands back, and its one error type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

OUTCOME_KINDS = ("new", "unchanged", "updated", "duplicate_url")
URL_KINDS = frozenset({"listing", "article", "blocked", "gone"})
# "distributed": a run shared by a cluster of workers; only its finisher ends it, never a resume.
RUN_KINDS = frozenset({"crawl", "reparse"})  # a reparse run re-extracts archived pages, fetching nothing
RUN_STATUSES = frozenset({"running", "distributed", "finished", "failed", "interrupted"})
COUNT_KEYS = ("listing_pages", "article_pages", "new", "updated", "unchanged", "blocked", "errors", "gone")


class StoreError(Exception):
    """The store cannot be opened or used; the message is one line naming the database."""


@dataclass(frozen=True)
class Outcome:
    kind: str  # "new" | "unchanged" | "updated" | "duplicate_url"
    article_id: str  # the article the record now belongs to
    previous_hash: str | None = None  # for "updated": the content_hash it had before


@dataclass(frozen=True)
class UrlRow:
    url: str
    kind: str
    last_status: str
    site: str | None
    article_id: str | None
    published: str | None
    first_seen: str
    last_seen: str
    first_run: str
    last_run: str


@dataclass(frozen=True)
class RunRow:
    run_id: str
    started_at: str
    finished_at: str | None
    status: str
    version: str
    profiles_hash: str
    sites: list[str]
    kind: str = "crawl"


@dataclass(frozen=True)
class VersionRow:
    content_hash: str
    first_seen: str
    last_seen: str
    first_run: str
    record: dict[str, Any]


@dataclass(frozen=True)
class StoredCapture:
    """Where one archived payload is: a WARC response record (its file relative to OUT, and offset)."""

    record_id: str  # the WARC-Record-ID, <urn:uuid:…>
    payload_digest: str  # the WARC-Payload-Digest, sha1:BASE32
    run_id: str
    warc: str  # the WARC file, relative to OUT
    offset: int  # where its record starts in the file (a gzip member of its own)
    target_uri: str
    warc_date: str  # the WARC-Date, ISO 8601 UTC with microseconds
