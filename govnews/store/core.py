"""What every backend provides to the shared store logic: statements, transactions, JSON, errors.

The shared logic writes portable SQL with ``?`` placeholders; a backend runs it on its connection
(PostgreSQL turns the placeholders into ``%s``). Every public store method runs inside
:meth:`StoreCore._tx`, which is reentrant, so one public call is one transaction, and
:meth:`StoreCore.transaction` lets a caller group many calls into one.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

from ..record.item import RECORD_FIELDS, empty_region
from ..runs import clock
from .types import StoreError

Row = tuple[Any, ...]


class StoreCore(ABC):
    backend: str = ""
    name: str = ""  # the database as named in messages (a file path, or a password-free URL)
    text_order: str = ""  # appended to text ORDER BY terms so both backends sort bytewise

    def __init__(self) -> None:
        self._last_seq = 0

    # --- what a backend implements ------------------------------------------------------------
    @abstractmethod
    def _tx(self, write: bool) -> AbstractContextManager[None]:
        """A transaction (reentrant: inside one, a nested call just joins it); errors become StoreError."""

    @abstractmethod
    def _exec(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; returns the number of rows it changed."""

    @abstractmethod
    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Run one query; returns all its rows."""

    @abstractmethod
    def _many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement once per parameter row, efficiently."""

    @abstractmethod
    def _json_param(self, value: dict[str, Any]) -> Any:
        """A record as the backend stores it."""

    @abstractmethod
    def _json_value(self, stored: Any) -> dict[str, Any]:
        """A stored record back as a dict."""

    @abstractmethod
    def _in_list(self, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        """A condition ``column`` is one of ``values``, and its parameters."""

    @abstractmethod
    def _tables(self) -> set[str]:
        """The tables of the store's schema."""

    @abstractmethod
    def _columns(self, table: str) -> set[str]:
        """The column names of one table."""

    @abstractmethod
    def _serialize_migrations(self) -> None:
        """Inside a write transaction: make concurrent migrators wait for each other."""

    @abstractmethod
    def close(self) -> None:
        """Close the connection(s) and release the lock."""

    in_chunk = 500  # how many values one IN list holds

    # --- shared helpers ---------------------------------------------------------------------------
    def transaction(self) -> AbstractContextManager[None]:
        """Group several store calls into one transaction (a batch of ``mark_url`` calls, say)."""
        return self._tx(write=True)

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        rows = self._query(sql, params)
        return rows[0] if rows else None

    @abstractmethod
    def _upsert_url(self, url: str, *, kind: str, status: str, site: str | None, run_id: str, seen_at: str,
                    article_id: str | None = None, published: str | None = None) -> None:
        """Insert or update one URL row (the URL mixin's, shared by the article writer)."""

    def _count(self, sql: str, params: Sequence[Any] = ()) -> int:
        row = self._one(sql, params)
        return int(row[0]) if row else 0

    def _next_seq(self) -> int:
        """A number that only grows: orders URLs first seen within the same second."""
        moment = clock.now()
        self._last_seq = max(int(moment.timestamp()) * 10**9 + moment.microsecond * 1000, self._last_seq + 1)
        return self._last_seq

    def _record(self, stored: Any) -> dict[str, Any]:
        return ordered_record(self._json_value(stored))

    def _chunked_query(self, sql: str, column: str, values: Sequence[Any],
                       params: Sequence[Any] = ()) -> Iterator[Row]:
        """Rows of ``sql`` (with ``{cond}`` where the IN condition goes) for values in chunks."""
        for start in range(0, len(values), self.in_chunk):
            cond, cond_params = self._in_list(column, values[start:start + self.in_chunk])
            yield from self._query(sql.format(cond=cond), [*params, *cond_params])

    def _error(self, exc: BaseException) -> StoreError:
        return StoreError(f"store {self.name}: {one_line(exc)}")

    def __enter__(self) -> StoreCore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_REGION_FIELDS = tuple(empty_region())
# Fields added to the record after stores were first written, with what a record stored before shows.
_ADDED_FIELDS: dict[str, Any] = {"capture": None}


def ordered_record(record: dict[str, Any]) -> dict[str, Any]:
    """The record's keys in the feed's order (JSONB does not keep key order), extra keys after; a record stored
    before a field was added shows it empty."""
    for key, value in _ADDED_FIELDS.items():
        record.setdefault(key, value)
    ordered = _in_order(record, RECORD_FIELDS)
    if isinstance(ordered.get("region"), dict):
        ordered["region"] = _in_order(ordered["region"], _REGION_FIELDS)
    return ordered


def _in_order(mapping: dict[str, Any], keys: Sequence[str]) -> dict[str, Any]:
    ordered = {key: mapping[key] for key in keys if key in mapping}
    ordered.update((key, value) for key, value in mapping.items() if key not in ordered)
    return ordered


def one_line(exc: BaseException | str) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__

