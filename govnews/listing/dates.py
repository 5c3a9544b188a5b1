"""The day a listing entry says its article was published (for ``--since`` and stop rules)."""

from __future__ import annotations

from datetime import date, datetime

from ..extraction import dates
from .page import Entry


def entry_day(entry: Entry, fetched_at: datetime) -> date | None:
    if not entry.date:
        return None
    if found := dates.find_date(entry.date, fetched_at):
        return found.day
    if md := dates.parse_listing_month_day(entry.date):
        year = dates.year_hint_from_url(entry.url) or dates.infer_year(md[0], md[1], fetched_at)
        return date(year, md[0], md[1]) if year else None
    return None
