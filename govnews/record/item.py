"""The article record: the feed contract with data teams (see the README's field table)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 1


def empty_region() -> dict[str, Any]:
    return {"province": None, "city": None, "district": None, "subdistrict": None, "code": None}


@dataclass
class Article:
    """One article. Every field has a default: itemloaders builds items with no arguments."""

    schema_version: int = SCHEMA_VERSION
    id: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    site: str | None = None
    site_name: str | None = None
    column: str | None = None
    region: dict[str, Any] = field(default_factory=empty_region)
    title: str | None = None
    subtitle: str | None = None
    published: str | None = None
    published_raw: str | None = None
    published_source: str | None = None
    source: str | None = None
    author: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    images: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[dict[str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    page_tags: list[str] = field(default_factory=list)
    content_hash: str | None = None
    duplicate_of: str | None = None
    fetched_at: str | None = None
    warnings: list[str] = field(default_factory=list)
    # Where the page this record was extracted from is archived (a WARC record); the crawl fills it in,
    # extraction leaves it None. Researchers cite it and re-extract from it (docs/archive.md).
    capture: dict[str, Any] | None = None


RECORD_FIELDS = tuple(Article.__dataclass_fields__)
