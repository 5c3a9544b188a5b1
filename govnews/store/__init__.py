"""The store: what repeated runs remember — runs, articles and their versions, seen URLs, signatures.

SQLite by default (one file, WAL mode), PostgreSQL when given a ``postgresql://`` URL; one interface
and one schema, created and migrated by govnews itself.
"""

from __future__ import annotations

import os
from pathlib import Path

from .base import Store
from .types import Outcome, RunRow, StoredCapture, StoreError, UrlRow, VersionRow

DEFAULT_FILE = "govnews.db"

__all__ = ["DEFAULT_FILE", "Outcome", "RunRow", "Store", "StoreError", "StoredCapture", "UrlRow", "VersionRow", "open_store",
           "sqlite_path"]


def open_store(db: str | None, out: str | os.PathLike, *, timeout: float = 10.0) -> Store:
    """Open (creating or migrating) the store.

    None -> SQLite at OUT/govnews.db; ``postgresql://…`` -> PostgreSQL; ``sqlite:///path`` or any other
    string -> a SQLite file path. ``timeout`` is how long to wait for another writer (seconds). Any
    failure raises :class:`StoreError` with a one-line message naming the database.
    """
    if db and db.startswith(("postgresql://", "postgres://")):
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
    return Path(db).expanduser()
