"""A record on its way through the pipelines: the record, and beside it what the pipelines learn about it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class ScrapedRecord(dict):
    """The record itself (a plain mapping of the record's fields, exported as it is) with two attributes that
    are never part of it: ``outcome``, what the store made of it (``new``, ``updated``, ``unchanged``,
    ``duplicate_url``), and ``replayed``, set when it was stored by an interrupted part of this run and only
    the feed still misses it."""

    __slots__ = ("outcome", "replayed")

    def __init__(self, record: Mapping[str, Any], outcome: str | None = None, replayed: bool = False) -> None:
        super().__init__(record)
        self.outcome = outcome
        self.replayed = replayed

    @property
    def changed(self) -> bool:
        """New or updated: the records a run's feed holds."""
        return self.outcome in ("new", "updated")
