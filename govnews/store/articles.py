"""Articles and their versions (shared logic of both backends).

An article is identified by its record ``id`` (a hash of the canonical URL). Each distinct content
it has shown is a row of ``versions``; ``articles.current_version`` points at the one it shows now.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from .core import StoreCore, ordered_record
from .types import Outcome, VersionRow


def published_day(published: str | None) -> str | None:
    """``YYYY-MM-DD`` of a record's ``published`` (a day or a China-time timestamp)."""
    return published[:10] if published else None


class ArticlesMixin(StoreCore):
    def record_article(self, record: dict[str, Any], run_id: str, seen_at: str) -> Outcome:
        """Store one extracted record; says whether it is new, unchanged, updated or a known article's copy."""
        article_id, url = _required(record, "id"), _required(record, "url")
        _required(record, "content_hash")
        with self._tx(write=True):
            row = self._one("SELECT content_hash FROM articles WHERE id = ?", (article_id,))
            if row is not None:
                outcome = self._seen_again(record, row[0], run_id, seen_at)
            else:
                outcome = self._duplicate_url(record) or self._insert_new(record, run_id, seen_at)
            self._upsert_url(url, kind="article", status="200", site=record.get("site"), run_id=run_id,
                             seen_at=seen_at, article_id=outcome.article_id, published=record.get("published"))
        return outcome

    def _seen_again(self, record: dict[str, Any], stored_hash: str, run_id: str, seen_at: str) -> Outcome:
        article_id = record["id"]
        if stored_hash == record["content_hash"]:
            self._exec("UPDATE versions SET last_seen = ?, last_run = ? WHERE version_id = "
                       "(SELECT current_version FROM articles WHERE id = ?)", (seen_at, run_id, article_id))
            self._exec("UPDATE articles SET last_seen = ?, last_run = ?, status = 'live', gone_run = NULL, "
                       "gone_at = NULL WHERE id = ?", (seen_at, run_id, article_id))
            return Outcome("unchanged", article_id, None)
        version_id = self._insert_version(record, "updated", run_id, seen_at)
        self._exec(
            "UPDATE articles SET site = ?, canonical_url = ?, published = ?, published_day = ?, content_hash = ?, "
            "current_version = ?, status = 'live', gone_run = NULL, gone_at = NULL, last_seen = ?, last_run = ? "
            "WHERE id = ?",
            (record.get("site"), _canonical(record), record.get("published"), published_day(record.get("published")),
             record["content_hash"], version_id, seen_at, run_id, article_id),
        )
        return Outcome("updated", article_id, stored_hash)

    def _duplicate_url(self, record: dict[str, Any]) -> Outcome | None:
        """The same site already shows this content under another URL: that article gets this URL too."""
        site = record.get("site")
        where = "site = ?" if site is not None else "site IS NULL"
        params = (site, record["content_hash"]) if site is not None else (record["content_hash"],)
        row = self._one(f"SELECT id FROM articles WHERE {where} AND content_hash = ? "
                        f"ORDER BY first_seen, id{self.text_order} LIMIT 1", params)
        if row is None:
            return None
        # a live URL now leads to it: an article taken down and republished elsewhere is live again
        self._exec("UPDATE articles SET status = 'live', gone_run = NULL, gone_at = NULL "
                   "WHERE id = ? AND status = 'gone'", (row[0],))
        return Outcome("duplicate_url", row[0], None)

    def _insert_new(self, record: dict[str, Any], run_id: str, seen_at: str) -> Outcome:
        version_id = self._insert_version(record, "new", run_id, seen_at)
        self._exec(
            "INSERT INTO articles (id, site, canonical_url, published, published_day, content_hash, current_version, "
            "status, first_seen, last_seen, first_run, last_run) VALUES (?, ?, ?, ?, ?, ?, ?, 'live', ?, ?, ?, ?)",
            (record["id"], record.get("site"), _canonical(record), record.get("published"),
             published_day(record.get("published")), record["content_hash"], version_id,
             seen_at, seen_at, run_id, run_id),
        )
        return Outcome("new", record["id"], None)

    def _insert_version(self, record: dict[str, Any], kind: str, run_id: str, seen_at: str) -> int:
        row = self._one(
            "INSERT INTO versions (article_id, kind, content_hash, first_seen, last_seen, first_run, last_run, record) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING version_id",
            (record["id"], kind, record["content_hash"], seen_at, seen_at, run_id, run_id, self._json_param(record)),
        )
        assert row is not None
        return int(row[0])

    # --- reading ------------------------------------------------------------------------------------
    def article(self, article_id: str) -> dict[str, Any] | None:
        """The article's current record, with ``duplicate_of`` added."""
        with self._tx(write=False):
            records = self._current_records([article_id])
        return records[0] if records else None

    def article_urls(self, article_id: str) -> list[str]:
        """Every URL the article was seen under, first seen first."""
        with self._tx(write=False):
            rows = self._query("SELECT url FROM urls WHERE article_id = ? ORDER BY first_seen, seq", (article_id,))
        return [row[0] for row in rows]

    def article_versions(self, article_id: str) -> list[VersionRow]:
        """Every content the article has shown, oldest first (a reverted edit is a version of its own)."""
        with self._tx(write=False):
            rows = self._query("SELECT content_hash, first_seen, last_seen, first_run, record FROM versions "
                               "WHERE article_id = ? ORDER BY version_id", (article_id,))
        return [VersionRow(h, first, last, run, self._record(rec)) for h, first, last, run, rec in rows]

    def iter_records(self, since: date | None = None, sites: Sequence[str] | None = None) -> Iterator[dict[str, Any]]:
        """Current records by site, then newest published first, then id.

        ``since`` keeps records published on or after that day (undated records only without it).
        """
        conditions, params = [], []
        if since is not None:
            conditions.append("published_day >= ?")
            params.append(since.isoformat())
        if sites is not None:
            if not sites:
                return
            cond, site_params = self._in_list("site", list(sites))
            conditions.append(cond)
            params.extend(site_params)
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        order = self.text_order
        with self._tx(write=False):
            ids = [row[0] for row in self._query(
                f"SELECT id FROM articles {where} "
                f"ORDER BY site{order} ASC NULLS LAST, published{order} DESC NULLS LAST, id{order}", params)]
        for start in range(0, len(ids), self.in_chunk):
            with self._tx(write=False):
                chunk = self._current_records(ids[start:start + self.in_chunk])
            yield from chunk  # outside the transaction: the caller may write between records

    def article_states(self, ids: Sequence[str]) -> dict[str, tuple[str, str, str | None]]:
        """``{id: (status, content_hash, fetched_at of the current record)}`` for those of ``ids`` the store has."""
        wanted = list(dict.fromkeys(ids))
        states = {}
        for start in range(0, len(wanted), self.in_chunk):
            cond, params = self._in_list("a.id", wanted[start:start + self.in_chunk])
            with self._tx(write=False):
                rows = self._query("SELECT a.id, a.status, a.content_hash, v.record FROM articles a "
                                   f"JOIN versions v ON v.version_id = a.current_version WHERE {cond}", params)
            for article, status, content_hash, stored in rows:
                states[article] = (status, content_hash, self._json_value(stored).get("fetched_at"))
        return states

    def records_changed_in_run(self, run_id: str, batch: int = 500) -> Iterator[tuple[str, dict[str, Any]]]:
        """``("new" | "updated", record)`` for every version first recorded in the run, in recording order.

        Read ``batch`` rows at a time, so a backfill of half a million articles never sits in memory.
        The records carry the article's current ``duplicate_of``, as :meth:`article` does.
        """
        after = -1
        while True:
            with self._tx(write=False):
                rows = self._query("SELECT v.version_id, v.kind, a.duplicate_of, v.record FROM versions v "
                                   "JOIN articles a ON a.id = v.article_id WHERE v.first_run = ? AND v.version_id > ? "
                                   "ORDER BY v.version_id LIMIT ?", (run_id, after, batch))
            for version_id, kind, duplicate_of, stored in rows:
                after = version_id
                yield kind, self._linked_record(stored, duplicate_of)
            if len(rows) < batch:
                return

    def count_changed_in_run(self, run_id: str) -> int:
        """How many records :meth:`records_changed_in_run` yields."""
        with self._tx(write=False):
            return self._count("SELECT COUNT(*) FROM versions WHERE first_run = ?", (run_id,))

    def changed_counts(self, run_id: str) -> dict[str, dict[str, int]]:
        """``{site: {"new": n, "updated": m}}``: the versions first recorded in the run, by the article's site."""
        with self._tx(write=False):
            rows = self._query("SELECT a.site, v.kind, COUNT(*) FROM versions v JOIN articles a ON a.id = v.article_id "
                               "WHERE v.first_run = ? GROUP BY a.site, v.kind", (run_id,))
        counts: dict[str, dict[str, int]] = {}
        for site, kind, count in rows:
            counts.setdefault(site, {"new": 0, "updated": 0})[kind] = int(count)
        return counts

    def set_duplicate_of(self, article_id: str, duplicate_of: str | None) -> None:
        """Link the article to the one it reprints (another site's), or unlink it with None."""
        with self._tx(write=True):
            if not self._exec("UPDATE articles SET duplicate_of = ? WHERE id = ?", (duplicate_of, article_id)):
                raise KeyError(f"no article {article_id!r} in the store")

    def gone_in_run(self, run_id: str) -> list[dict[str, Any]]:
        """Current records (with ``duplicate_of``) of the articles marked gone in the run."""
        with self._tx(write=False):
            ids = [row[0] for row in self._query(
                f"SELECT id FROM articles WHERE gone_run = ? ORDER BY gone_at, id{self.text_order}", (run_id,))]
            return [record for start in range(0, len(ids), self.in_chunk)
                    for record in self._current_records(ids[start:start + self.in_chunk])]

    def _linked_record(self, stored: Any, duplicate_of: str | None) -> dict[str, Any]:
        """A stored record with the article's reprint link (the store's, not the one extraction gave)."""
        record = self._json_value(stored)
        record["duplicate_of"] = duplicate_of
        return ordered_record(record)

    def _current_records(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        """The current records of ``ids`` (at most one chunk), in the order given."""
        if not ids:
            return []
        cond, params = self._in_list("a.id", list(ids))
        rows = self._query("SELECT a.id, a.duplicate_of, v.record FROM articles a "
                           f"JOIN versions v ON v.version_id = a.current_version WHERE {cond}", params)
        found = {}
        for article_id, duplicate_of, stored in rows:
            found[article_id] = self._linked_record(stored, duplicate_of)
        return [found[i] for i in ids if i in found]


def _required(record: dict[str, Any], key: str) -> str:
    value = record.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"record has no {key!r}: the store needs id, url and content_hash")
    return value


def _canonical(record: dict[str, Any]) -> str:
    return record.get("canonical_url") or record["url"]
