"""What a run hands to the monitor views: its changes, the health of each site, postings per day.

The crawl fills these; the report page, the feeds and the webhook only read them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

CHANGE_KINDS = ("new", "updated", "removed")
REMOVAL_REASONS = ("http_404", "http_410", "delisted")
COUNT_KEYS = (
    "listing_pages", "article_pages", "articles", "new", "updated", "unchanged", "gone", "blocked", "errors",
)
COVERAGE_FIELDS = ("title", "published", "source", "paragraphs")


@dataclass(frozen=True)
class Change:
    kind: str  # "new" | "updated" | "removed"
    id: str
    url: str
    title: str | None
    site: str
    column: str | None
    published: str | None
    paragraphs_removed: tuple[str, ...] = ()  # updates: paragraphs no longer in the article
    paragraphs_added: tuple[str, ...] = ()  # updates: paragraphs that are new
    reason: str | None = None  # removed: "http_404", "http_410" or "delisted"

    def to_json(self) -> dict[str, Any]:
        """The line of `changes.jsonl` for this change."""
        return {
            "kind": self.kind,
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "site": self.site,
            "column": self.column,
            "published": self.published,
            "paragraphs_removed": list(self.paragraphs_removed),
            "paragraphs_added": list(self.paragraphs_added),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class SiteHealth:
    site: str
    site_name: str
    region: str  # a display string, e.g. "浙江省示例市示例区幸福街道"
    counts: Mapping[str, int]  # COUNT_KEYS
    coverage: Mapping[str, float | None]  # COVERAGE_FIELDS -> share of records with it; None: no records
    baseline: Mapping[str, float | None]  # counts and coverage of earlier runs (median); None: no history
    blocked_columns: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # column -> kind -> n
    degraded: bool = False
    reasons: tuple[str, ...] = ()  # why degraded, one human-readable line each


@dataclass(frozen=True)
class RunReport:
    run_id: str
    started_at: str
    finished_at: str | None
    previous_run_id: str | None
    changes: tuple[Change, ...]
    health: tuple[SiteHealth, ...]
    postings: Mapping[str, Mapping[str, int]]  # site -> ISO day -> articles published that day
    days: tuple[str, ...]  # the 90 ISO days of the chart, oldest first

    def site_names(self) -> dict[str, str]:
        """site id -> display name, for every site the report mentions."""
        names = {h.site: h.site_name or h.site for h in self.health}
        for site in list(self.postings) + [c.site for c in self.changes]:
            names.setdefault(site, site)
        return names

    def sites(self) -> list[str]:
        """Every site the report mentions: degraded first, then in the order of `health`."""
        ordered = [h.site for h in self.health if h.degraded] + [h.site for h in self.health if not h.degraded]
        for site in list(self.postings) + [c.site for c in self.changes]:
            if site not in ordered:
                ordered.append(site)
        return ordered
