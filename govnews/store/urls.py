"""Seen URLs: what each was, its last status, and the article it leads to (shared logic of both backends)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .core import StoreCore
from .types import URL_KINDS, UrlRow

_URL_COLUMNS = "url, kind, last_status, site, article_id, published, first_seen, last_seen, first_run, last_run"
_UPSERT = (
    f"INSERT INTO urls ({_URL_COLUMNS}, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (url) DO UPDATE SET kind = excluded.kind, last_status = excluded.last_status, "
    "site = COALESCE(excluded.site, urls.site), article_id = COALESCE(excluded.article_id, urls.article_id), "
    "published = COALESCE(excluded.published, urls.published), last_seen = excluded.last_seen, "
    "last_run = excluded.last_run"
)


class UrlsMixin(StoreCore):
    def url_info(self, url: str) -> UrlRow | None:
        with self._tx(write=False):
            row = self._one(f"SELECT {_URL_COLUMNS} FROM urls WHERE url = ?", (url,))
        return UrlRow(*row) if row else None

    def known_urls(self, urls: Iterable[str]) -> dict[str, UrlRow]:
        """The stored rows of those of ``urls`` the store knows (any number: looked up in chunks)."""
        wanted = list(dict.fromkeys(urls))
        with self._tx(write=False):
            rows = list(self._chunked_query(f"SELECT {_URL_COLUMNS} FROM urls WHERE {{cond}}", "url", wanted))
        return {row[0]: UrlRow(*row) for row in rows}

    def mark_url(self, url: str, *, kind: str, status: str, site: str | None, run_id: str, seen_at: str,
                 article_id: str | None = None) -> None:
        """Insert or update one URL; a known site, article or date is kept when the new call gives none."""
        _check_kind(kind)
        with self._tx(write=True):
            self._upsert_url(url, kind=kind, status=status, site=site, run_id=run_id, seen_at=seen_at,
                             article_id=article_id)

    def mark_urls(self, urls: Iterable[str], *, kind: str, status: str, site: str | None, run_id: str,
                  seen_at: str) -> None:
        """:meth:`mark_url` for many URLs with the same attributes, in one transaction."""
        _check_kind(kind)
        with self._tx(write=True):
            self._many(_UPSERT, ((url, kind, status, site, None, None, seen_at, seen_at, run_id, run_id,
                                  self._next_seq()) for url in urls))

    def mark_gone(self, url: str, status: str, run_id: str, seen_at: str) -> str | None:
        """Mark the URL gone (404, 410, …); when it was its article's last live URL, the article too.

        Returns the id of the article that became gone with this call, else None (unknown URL, an
        article that still has another live URL, or one that was already gone).
        """
        with self._tx(write=True):
            row = self._one("SELECT kind, article_id FROM urls WHERE url = ?", (url,))
            self._upsert_url(url, kind="gone", status=status, site=None, run_id=run_id, seen_at=seen_at)
            if row is None or row[1] is None or row[0] == "gone":
                return None
            article_id = row[1]
            if self._one("SELECT 1 FROM urls WHERE article_id = ? AND kind <> 'gone' LIMIT 1", (article_id,)):
                return None
            changed = self._exec("UPDATE articles SET status = 'gone', gone_run = ?, gone_at = ? "
                                 "WHERE id = ? AND status = 'live'", (run_id, seen_at, article_id))
        return article_id if changed else None

    def recent_article_urls(self, site: str, since_day: date) -> list[str]:
        """URLs of the site's live articles published on or after ``since_day``, newest first."""
        with self._tx(write=False):
            rows = self._query(
                "SELECT u.url FROM articles a JOIN urls u ON u.article_id = a.id "
                "WHERE a.site = ? AND a.published_day >= ? AND a.status = 'live' AND u.kind = 'article' "
                "ORDER BY a.published_day DESC, u.first_seen, u.seq", (site, since_day.isoformat()))
        return [row[0] for row in rows]

    def _upsert_url(self, url: str, *, kind: str, status: str, site: str | None, run_id: str, seen_at: str,
                    article_id: str | None = None, published: str | None = None) -> None:
        self._exec(_UPSERT, (url, kind, status, site, article_id, published, seen_at, seen_at, run_id, run_id,
                             self._next_seq()))


def _check_kind(kind: str) -> None:
    if kind not in URL_KINDS:
        raise ValueError(f"URL kind must be one of {', '.join(sorted(URL_KINDS))}, not {kind!r}")
