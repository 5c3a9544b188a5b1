"""Listing membership (which entries each column showed, so that an article leaving its listing is
noticed) and postings per day, the two views monitors take of listings."""

from __future__ import annotations

from collections.abc import Iterable

from .core import StoreCore

_UPSERT = (
    "INSERT INTO listing_entries (site, column_name, url, listing_day, pinned, first_run, last_run, delisted_run) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, NULL) ON CONFLICT (site, column_name, url) DO UPDATE SET "
    "listing_day = COALESCE(excluded.listing_day, listing_entries.listing_day), pinned = excluded.pinned, "
    "last_run = excluded.last_run, delisted_run = NULL"
)


class ListingsMixin(StoreCore):
    def note_listing(self, site: str, column: str, run_id: str, entries: Iterable[tuple[str, str | None, bool]]) -> None:
        """Record that a listing page of ``column`` showed ``entries`` (url, ISO day or None, pinned) in this run."""
        with self._tx(write=True):
            self._many(_UPSERT, ((site, column, url, day, int(pinned), run_id, run_id) for url, day, pinned in entries))

    def listing_column(self, site: str, url: str) -> str | None:
        """The column whose listing showed ``url`` most recently (None when no listing did)."""
        with self._tx(write=False):
            row = self._one("SELECT column_name FROM listing_entries WHERE site = ? AND url = ? "
                            "ORDER BY last_run DESC LIMIT 1", (site, url))
        return row[0] if row else None

    def walked_columns(self, run_id: str) -> list[tuple[str, str]]:
        with self._tx(write=False):
            rows = self._query("SELECT DISTINCT site, column_name FROM listing_entries WHERE last_run = ?", (run_id,))
        return sorted((row[0], row[1]) for row in rows)

    def delist(self, site: str, column: str, run_id: str) -> list[str]:
        """URLs the column showed before but no longer shows, within the days its walked pages covered.

        Only entries dated after the oldest (unpinned) entry seen in this run count: older ones may
        simply sit on pages an incremental run did not walk. Each is reported once, in this run.
        """
        with self._tx(write=True):
            oldest = self._one(
                "SELECT MIN(listing_day) FROM listing_entries WHERE site = ? AND column_name = ? AND last_run = ? "
                "AND pinned = 0 AND listing_day IS NOT NULL", (site, column, run_id))
            if not oldest or oldest[0] is None:
                return []
            where = ("site = ? AND column_name = ? AND last_run <> ? AND delisted_run IS NULL AND pinned = 0 "
                     "AND listing_day > ?")
            params = (site, column, run_id, oldest[0])
            urls = [row[0] for row in self._query(f"SELECT url FROM listing_entries WHERE {where} ORDER BY url", params)]
            if urls:
                self._exec(f"UPDATE listing_entries SET delisted_run = ? WHERE {where}", (run_id, *params))
        return urls

    def delisted_in_run(self, run_id: str) -> list[tuple[str, str, str]]:
        """(site, column, url) of every entry that left its listing in this run."""
        with self._tx(write=False):
            rows = self._query("SELECT site, column_name, url FROM listing_entries WHERE delisted_run = ? "
                               f"ORDER BY site{self.text_order}, column_name{self.text_order}, url{self.text_order}", (run_id,))
        return [(row[0], row[1], row[2]) for row in rows]

    def postings_per_day(self, sites: Iterable[str], first_day: str, last_day: str) -> dict[str, dict[str, int]]:
        """site -> ISO day -> number of articles published that day (removed ones included), between the two days."""
        sites = list(sites)
        if not sites:
            return {}
        cond, params = self._in_list("site", sites)
        with self._tx(write=False):
            rows = self._query(f"SELECT site, published_day, COUNT(*) FROM articles WHERE {cond} AND published_day "
                               "BETWEEN ? AND ? GROUP BY site, published_day", (*params, first_day, last_day))
        out: dict[str, dict[str, int]] = {site: {} for site in sites}
        for site, day, count in rows:
            out[site][day] = int(count)
        return out
