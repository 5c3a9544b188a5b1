"""The store: what repeated runs remember — runs, articles and their versions, seen URLs, signatures.

SQLite by default (one file, WAL mode), PostgreSQL when given a ``postgresql://`` URL; one interface
and one schema, created and migrated by govnews itself.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TypeGuard

from .base import Store
from .types import Outcome, RunRow, StoredCapture, StoreError, UrlRow, VersionRow

DEFAULT_FILE = "govnews.db"

__all__ = ["DEFAULT_FILE", "Outcome", "RunRow", "Store", "StoreError", "StoredCapture", "UrlRow", "VersionRow",
           "is_postgres_url", "is_sqlite_file", "open_store", "sqlite_path"]


def open_store(db: str | None, out: str | os.PathLike, *, timeout: float = 10.0) -> Store:
    """Open (creating or migrating) the store.

    None -> SQLite at OUT/govnews.db; ``postgresql://…`` -> PostgreSQL; ``sqlite:///path`` or any other
    string -> a SQLite file path. ``timeout`` is how long to wait for another writer (seconds). Any
    failure raises :class:`StoreError` with a one-line message naming the database.
    """
    if is_postgres_url(db):
        from .postgres import PostgresStore

        return PostgresStore(db, timeout=timeout)
    from .sqlite import SQLiteStore

    return SQLiteStore(sqlite_path(db, out), timeout=timeout)


def sqlite_path(db: str | None, out: str | os.PathLike) -> Path:
    """The SQLite file ``db`` names: ``sqlite:///rel/path``, ``sqlite:////abs/path`` or a plain path."""
    if not db:
        return Path(out) / DEFAULT_FILE
    if db.startswith("sqlite:///"):
        db = db[len("sqlite:///"):]
    elif db.startswith("sqlite://"):
        raise StoreError(f"store {db}: a SQLite URL is sqlite:///relative/path or sqlite:////absolute/path")
    elif "://" in db:  # mysql://…: not a file name to create a SQLite store under
        raise StoreError(f"store {db}: expected a postgresql:// URL, a sqlite:/// URL or a SQLite file path")
    return Path(db).expanduser()


def is_postgres_url(db: str | None) -> TypeGuard[str]:
    return db is not None and db.startswith(("postgresql://", "postgres://"))


_SQLITE_HEADER = b"SQLite format 3\0"


def is_sqlite_file(path: Path) -> bool:
    """Whether ``path`` is a SQLite database file (its 16-byte header), without opening it as one."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError:
        return False
