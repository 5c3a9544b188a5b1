"""The embedded backend: one SQLite file in WAL mode, a lock file beside it."""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .base import Store
from .core import Row, one_line
from .types import StoreError


class SQLiteStore(Store):
    backend = "sqlite"

    def __init__(self, path: str | os.PathLike, *, timeout: float = 10.0) -> None:
        super().__init__()
        self.path = Path(path)
        self.name = str(self.path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self._depth = 0
        self._lock_fd: int | None = None
        self._owner: str | None = None
        self._conn: sqlite3.Connection | None = None
        try:
            self._open(timeout)
            self._migrate()
        except (OSError, sqlite3.Error) as exc:
            self.close()
            raise self._error(exc) from exc
        except BaseException:
            self.close()
            raise

    def _open(self, timeout: float) -> None:
        if self.path.is_dir():
            raise StoreError(f"store {self.name}: is a folder, not a database file")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise StoreError(f"store {self.name}: a file stands where its folder {self.path.parent} should be") from None
        except OSError as exc:
            raise StoreError(f"store {self.name}: cannot make its folder {self.path.parent} ({exc.strerror or exc})") from None
        self._conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
        self._conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        self._conn.execute("PRAGMA journal_mode = WAL").fetchone()
        self._conn.execute("PRAGMA synchronous = NORMAL")

    def close(self) -> None:
        self.release_lock()
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # --- statements and transactions ---------------------------------------------------------------
    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"store {self.name}: is closed")
        return self._conn

    @contextmanager
    def _tx(self, write: bool) -> Iterator[None]:
        begin = write and self._depth == 0
        try:
            if begin:
                self._db.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield
            except BaseException:
                if begin and self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise
            finally:
                self._depth -= 1
            if begin:
                self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            if begin and self._conn is not None and self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise self._error(exc) from exc

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self._db.execute(sql, params).rowcount

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return self._db.execute(sql, params).fetchall()

    def _many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._db.executemany(sql, rows)

    def _json_param(self, value: dict[str, Any]) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def _json_value(self, stored: Any) -> dict[str, Any]:
        return json.loads(stored)

    def _in_list(self, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        return f"{column} IN ({', '.join('?' * len(values))})", list(values)

    def _tables(self) -> set[str]:
        return {row[0] for row in self._query("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def _columns(self, table: str) -> set[str]:
        return {row[1] for row in self._query(f"PRAGMA table_info({table})")}

    def _serialize_migrations(self) -> None:
        """BEGIN IMMEDIATE already holds the database's write lock."""

    # --- the run lock: flock on OUT/govnews.db.lock --------------------------------------------------
    def try_lock(self, owner: str) -> bool:
        if self._lock_fd is not None:
            return True
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(f"store {self.name}: cannot open lock file {self.lock_path}: {one_line(exc)}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.pwrite(fd, owner.encode("utf-8"), 0)
        self._lock_fd, self._owner = fd, owner
        return True

    def release_lock(self) -> None:
        if self._lock_fd is None:
            return
        fd, self._lock_fd, self._owner = self._lock_fd, None, None
        try:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def lock_holder(self) -> str | None:
        if self._lock_fd is not None:
            return self._owner
        try:
            fd = os.open(self.lock_path, os.O_RDONLY)
        except FileNotFoundError:
            return None
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return os.pread(fd, 4096, 0).decode("utf-8", "replace").strip() or "(unknown)"
            fcntl.flock(fd, fcntl.LOCK_UN)
            return None
        finally:
            os.close(fd)
