"""Runs and their per-site counts (shared logic of both backends)."""

from __future__ import annotations

import json
from collections.abc import Mapping

from .core import StoreCore
from .types import COUNT_KEYS, RUN_KINDS, RUN_STATUSES, RunRow

_RUN_COLUMNS = "run_id, started_at, finished_at, status, version, profiles_hash, sites, kind"


class RunsMixin(StoreCore):
    def begin_run(self, run_id: str, started_at: str, version: str, profiles_hash: str, sites: list[str],
                  status: str = "running", kind: str = "crawl") -> None:
        """Record the start of a run; calling it again for the same run_id (a resumed run) reopens it.

        A resumed run keeps its first ``started_at``; it is "running" (or "distributed", for a run a
        cluster of workers shares) again until finished. ``kind`` is "crawl", or "reparse" for a run that
        re-extracted archived pages.
        """
        if status not in ("running", "distributed"):
            raise ValueError(f"a run begins running or distributed, not {status!r}")
        if kind not in RUN_KINDS:
            raise ValueError(f"a run is a crawl or a reparse, not {kind!r}")
        with self._tx(write=True):
            self._exec(
                f"INSERT INTO runs ({_RUN_COLUMNS}) VALUES (?, ?, NULL, ?, ?, ?, ?, ?) "
                "ON CONFLICT (run_id) DO UPDATE SET finished_at = NULL, status = excluded.status, "
                "version = excluded.version, profiles_hash = excluded.profiles_hash, sites = excluded.sites",
                (run_id, started_at, status, version, profiles_hash, json.dumps(list(sites), ensure_ascii=False), kind),
            )

    def finish_run(self, run_id: str, finished_at: str, status: str) -> None:
        if status not in RUN_STATUSES - {"running"}:
            raise ValueError(f"run status must be finished, failed or interrupted, not {status!r}")
        with self._tx(write=True):
            if not self._exec("UPDATE runs SET finished_at = ?, status = ? WHERE run_id = ?",
                              (finished_at, status, run_id)):
                raise ValueError(f"no run {run_id!r} in the store")

    def unfinished_run(self, status: str = "running", kind: str = "crawl") -> RunRow | None:
        """The newest run of that status and kind that never finished (its process died or was killed)."""
        with self._tx(write=False):
            row = self._one(f"SELECT {_RUN_COLUMNS} FROM runs WHERE finished_at IS NULL AND status = ? AND kind = ? "
                            f"ORDER BY started_at DESC, run_id{self.text_order} DESC LIMIT 1", (status, kind))
        return _run_row(row) if row else None

    def runs(self, limit: int | None = None) -> list[RunRow]:
        """Runs, newest first."""
        sql = f"SELECT {_RUN_COLUMNS} FROM runs ORDER BY started_at DESC, run_id{self.text_order} DESC"
        params: tuple[int, ...] = ()
        if limit is not None:
            sql, params = sql + " LIMIT ?", (int(limit),)
        with self._tx(write=False):
            return [_run_row(row) for row in self._query(sql, params)]

    def add_site_counts(self, run_id: str, site: str, counts: Mapping[str, int]) -> None:
        """Add ``counts`` to what is stored for the run and site (a resumed run adds to its earlier part)."""
        rows = [(run_id, site, key, int(value)) for key, value in counts.items()]
        with self._tx(write=True):
            self._many("INSERT INTO site_counts (run_id, site, name, value) VALUES (?, ?, ?, ?) "
                       "ON CONFLICT (run_id, site, name) DO UPDATE SET value = site_counts.value + excluded.value",
                       rows)

    def site_counts(self, run_id: str) -> dict[str, dict[str, int]]:
        """``{site: {key: count}}`` for the run; the standard keys are always there (0 when never counted)."""
        with self._tx(write=False):
            rows = self._query("SELECT site, name, value FROM site_counts WHERE run_id = ?", (run_id,))
        result: dict[str, dict[str, int]] = {}
        for site, key, value in rows:
            result.setdefault(site, dict.fromkeys(COUNT_KEYS, 0))[key] = int(value)
        return dict(sorted(result.items()))


def _run_row(row: tuple) -> RunRow:
    run_id, started_at, finished_at, status, version, profiles_hash, sites, kind = row
    return RunRow(run_id, started_at, finished_at, status, version, profiles_hash, json.loads(sites), kind)
