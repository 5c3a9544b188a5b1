"""The store's interface: one class whose logic is shared, over a backend's connection and lock.

The shared logic (runs, articles and versions, URLs, signatures) lives in the mixins and is written
in portable SQL; :mod:`govnews.store.sqlite` and :mod:`govnews.store.postgres` supply the connection,
transactions, JSON handling and the run lock.
"""

from __future__ import annotations

from abc import abstractmethod

from .articles import ArticlesMixin
from .captures import CapturesMixin
from .listings import ListingsMixin
from .migrations import LATEST_VERSION, applied_versions, migrate
from .runs import RunsMixin
from .signatures import SignaturesMixin
from .urls import UrlsMixin


class Store(RunsMixin, ArticlesMixin, UrlsMixin, SignaturesMixin, ListingsMixin, CapturesMixin):
    """What govnews remembers between runs. Open one with :func:`govnews.store.open_store`."""

    # --- a lock so that two runs on the same store never overlap --------------------------------------
    @abstractmethod
    def try_lock(self, owner: str) -> bool:
        """Take the run lock without waiting; False when another holder has it.

        The lock dies with its process (even on kill -9): nothing needs cleaning up after a crash.
        """

    @abstractmethod
    def release_lock(self) -> None:
        """Give the lock back (nothing happens when it is not held)."""

    @abstractmethod
    def lock_holder(self) -> str | None:
        """The owner text of whoever holds the lock now, None when it is free."""

    # --- the schema --------------------------------------------------------------------------------------
    def schema_version(self) -> int:
        """The newest migration applied to this store."""
        return max(applied_versions(self), default=0)

    def _migrate(self, target: int | None = None) -> None:
        if target is None and self.schema_version() == LATEST_VERSION:
            return
        migrate(self, target)
