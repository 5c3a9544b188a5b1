"""Incremental crawling: which listed articles to fetch, and when a column's pagination may stop.

- An article URL known from an earlier run is not fetched again, unless it was published within
  the last ``revisit_days`` days (to catch edits and removals) or the run is a refresh.
- A column's pagination stops after ``stop_after`` consecutive entries known from earlier runs;
  pinned (置顶) entries never count, and neither do entries first seen by this same run (a resumed
  run walks as far as the interrupted one had to).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from ..extraction.dates import china_now
from ..listing import Entry
from ..store import Store, UrlRow

FETCH_NEW, FETCH_REVISIT, FETCH_REFRESH, SKIP_KNOWN, SKIP_DONE = "new", "revisit", "refresh", "known", "done"


@dataclass
class ListingDecision:
    to_fetch: list[tuple[Entry, str]] = field(default_factory=list)
    skipped: int = 0
    stop: bool = False


@dataclass
class Frontier:
    store: Store
    run_id: str
    fetched_at: datetime
    revisit_days: int = 3
    stop_after: int = 5
    refresh: bool = False  # fetch every listed article again
    full: bool = False  # and walk every listing page

    @property
    def revisit_since(self) -> date:
        return china_now(self.fetched_at).date() - timedelta(days=self.revisit_days)

    def decide(self, entries: Iterable[Entry]) -> ListingDecision:
        entries = list(entries)
        known = self.store.known_urls(e.url for e in entries)
        decision, streak = ListingDecision(), 0
        for entry in entries:
            row = known.get(entry.url)
            action = self.action(row)
            if action in (SKIP_KNOWN, SKIP_DONE):
                decision.skipped += 1
            else:
                decision.to_fetch.append((entry, action))
            if not entry.pinned:
                streak = streak + 1 if self._known_before(row) else 0
                if streak >= self.stop_after and not self.full:
                    decision.stop = True
        return decision

    def action(self, row: UrlRow | None) -> str:
        if row is None or row.kind in ("listing", "blocked"):
            return FETCH_NEW
        if row.last_run == self.run_id:
            return SKIP_DONE  # this run fetched it already (listed twice, or a resumed run)
        if self.refresh:
            return FETCH_REFRESH
        if row.kind == "article" and self._recent(row):
            return FETCH_REVISIT
        return SKIP_KNOWN

    def _known_before(self, row: UrlRow | None) -> bool:
        """Seen by an earlier run: an article, a removed one, or one that robots.txt or a WAF keeps from us."""
        return row is not None and row.kind != "listing" and row.first_run != self.run_id

    def _recent(self, row: UrlRow) -> bool:
        if not row.published:
            return False
        try:
            return date.fromisoformat(row.published[:10]) >= self.revisit_since
        except ValueError:
            return False
