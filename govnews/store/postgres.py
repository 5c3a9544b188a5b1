"""The server backend: PostgreSQL through psycopg 3, for stores shared by several machines or large ones.

One connection for the store's statements (autocommit off, one explicit transaction per call) and,
while the run lock is held, a second one holding a session-level advisory lock.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ..runs import clock
from .base import Store
from .core import Row
from .types import StoreError

LOCK_CLASS = 0x67766E  # "gvn": the first key of govnews's advisory locks; the second is per schema
MIGRATION_LOCK = 1  # xor-ed into the schema's key for the migration lock


class PostgresStore(Store):
    backend = "postgres"
    text_order = ' COLLATE "C"'  # bytewise, as SQLite sorts, whatever the database's collation
    in_chunk = 5000

    def __init__(self, url: str, *, timeout: float = 10.0) -> None:
        super().__init__()
        self.url = url
        self.name = redact(url)
        self._timeout = timeout
        self._depth = 0
        self._conn: Any = None
        self._lock_conn: Any = None
        self._owner: str | None = None
        try:
            import psycopg
        except ImportError as exc:
            raise StoreError(f"store {self.name}: PostgreSQL needs psycopg: pip install 'govnews[postgres]'") from exc
        self._pg = psycopg
        try:
            self._conn = self._connect(autocommit=False)
            self._conn.execute(f"SET lock_timeout = {int(timeout * 1000)}")
            schema = self._conn.execute("SELECT current_schema()").fetchone()[0]
            self._conn.commit()
            if schema is None:
                raise StoreError(f"store {self.name}: no schema to create tables in (check search_path)")
            self._key = zlib.crc32(f"govnews:{schema}".encode()) & 0x7FFFFFFF
            self._migrate()
        except psycopg.Error as exc:
            self.close()
            raise self._error(exc) from exc
        except BaseException:
            self.close()
            raise

    def _connect(self, autocommit: bool) -> Any:
        return self._pg.connect(self.url, autocommit=autocommit, connect_timeout=max(1, round(self._timeout)),
                                application_name="govnews")

    def close(self) -> None:
        self.release_lock()
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # --- statements and transactions ---------------------------------------------------------------
    @property
    def _db(self) -> Any:
        if self._conn is None:
            raise StoreError(f"store {self.name}: is closed")
        return self._conn

    @contextmanager
    def _tx(self, write: bool) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        try:
            with self._db.transaction():
                self._depth = 1
                try:
                    yield
                finally:
                    self._depth = 0
        except self._pg.Error as exc:
            raise self._error(exc) from exc

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self._db.execute(_pg_sql(sql), params).rowcount

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return self._db.execute(_pg_sql(sql), params).fetchall()

    def _many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = list(rows)
        if rows:
            with self._db.cursor() as cursor:
                cursor.executemany(_pg_sql(sql), rows)

    def _json_param(self, value: dict[str, Any]) -> Any:
        from psycopg.types.json import Jsonb

        return Jsonb(value)

    def _json_value(self, stored: Any) -> dict[str, Any]:
        return json.loads(stored) if isinstance(stored, (str, bytes)) else stored

    def _in_list(self, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        return f"{column} = ANY(?)", [list(values)]

    def _tables(self) -> set[str]:
        rows = self._query("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
        return {row[0] for row in rows}

    def _columns(self, table: str) -> set[str]:
        rows = self._query("SELECT column_name FROM information_schema.columns "
                           "WHERE table_schema = current_schema() AND table_name = ?", (table,))
        return {row[0] for row in rows}

    def _serialize_migrations(self) -> None:
        self._exec("SELECT pg_advisory_xact_lock(?, ?)", (LOCK_CLASS, self._key ^ MIGRATION_LOCK))

    # --- the run lock: a session-level advisory lock on a connection of its own ------------------------
    def try_lock(self, owner: str) -> bool:
        if self._lock_conn is not None:
            return True
        try:
            conn = self._connect(autocommit=True)
            try:
                got = conn.execute("SELECT pg_try_advisory_lock(%s, %s)", (LOCK_CLASS, self._key)).fetchone()[0]
                if got:
                    conn.execute("INSERT INTO lock_owner (name, owner, pid, since) "
                                 "VALUES ('run', %s, pg_backend_pid(), %s) ON CONFLICT (name) DO UPDATE "
                                 "SET owner = excluded.owner, pid = excluded.pid, since = excluded.since",
                                 (owner, clock.utc_iso()))
            except BaseException:
                conn.close()
                raise
        except self._pg.Error as exc:
            raise self._error(exc) from exc
        if not got:
            conn.close()
            return False
        self._lock_conn, self._owner = conn, owner
        return True

    def release_lock(self) -> None:
        if self._lock_conn is None:
            return
        conn, self._lock_conn, self._owner = self._lock_conn, None, None
        try:
            conn.execute("DELETE FROM lock_owner WHERE name = 'run' AND pid = pg_backend_pid()")
            conn.execute("SELECT pg_advisory_unlock(%s, %s)", (LOCK_CLASS, self._key))
        except self._pg.Error:
            pass  # the connection is gone, and the lock with it
        finally:
            conn.close()

    def lock_holder(self) -> str | None:
        if self._lock_conn is not None:
            return self._owner
        with self._tx(write=False):
            row = self._one(
                "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2 "
                "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                "AND classid::bigint = ? AND objid::bigint = ?", (LOCK_CLASS, self._key))
            if row is None:
                return None
            owner = self._one("SELECT owner FROM lock_owner WHERE name = 'run' AND pid = ?", (row[0],))
        return owner[0] if owner else f"PostgreSQL backend process {row[0]}"


@lru_cache(maxsize=256)
def _pg_sql(sql: str) -> str:
    """Portable ``?`` placeholders as psycopg's ``%s``."""
    return sql.replace("%", "%%").replace("?", "%s")


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        host = parts.netloc.rsplit("@", 1)[-1]
        user = parts.username or ""
        return urlunsplit((parts.scheme, f"{user}:***@{host}", parts.path, parts.query, ""))
    except ValueError:
        return url.split("://", 1)[0] + "://…"

