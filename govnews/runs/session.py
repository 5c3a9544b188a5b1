"""One run against the store: the lock, the run id (new, or the interrupted run to resume), its end.

The ``govnews crawl`` command begins the session before Scrapy starts (so the run's folder and
log are known); ``scrapy crawl govnews`` (e.g. under Scrapyd) lets the spider begin it.
"""

from __future__ import annotations

import hashlib
import os
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..profiles import SiteProfile
from ..store import Store, StoreError, open_store
from . import clock
from .folder import new_run_id, run_dir
from .resume import prepare_job_dir


class SessionError(Exception):
    """The run cannot start: the store is held by another run, or cannot be opened."""


def _lock(store: Store) -> None:
    owner = f"{socket.gethostname()}:{os.getpid()}"
    try:
        if store.try_lock(owner):
            return
        holder = store.lock_holder() or "another process"
    except StoreError as exc:  # the lock file cannot be made (a folder in its place, a read-only disk)
        store.close()
        raise SessionError(str(exc)) from None
    store.close()
    raise SessionError(f"another run holds the store ({holder}); not starting")


def _make_run_folder(store: Store, folder: Path) -> None:
    """The run's folder, made before the store records the run: a damaged output folder (``runs`` a file) must
    not leave a run that is "running" for ever."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        store.release_lock()
        store.close()
        raise SessionError(f"{folder}: cannot make the run's folder ({exc.strerror or exc})") from None


@dataclass
class RunSession:
    store: Store
    run_id: str
    out: str
    resumed: bool
    profiles_hash: str
    finished_here: bool = False  # a distributed run's worker that finished the run
    kind: str = "crawl"  # or "reparse"

    @classmethod
    def begin(cls, *, db: str | None, out: str, profiles: Iterable[SiteProfile], run_id: str | None = None,
              kind: str = "crawl") -> RunSession:
        """``kind`` "reparse": a run that re-extracts archived pages; it resumes only an interrupted reparse."""
        profiles = list(profiles)
        try:
            store = open_store(db, out)
        except StoreError as exc:
            raise SessionError(str(exc)) from None
        _lock(store)
        unfinished = store.unfinished_run(kind=kind)
        resumed = unfinished is not None and not run_id
        run_id = unfinished.run_id if unfinished is not None and resumed else (run_id or unique_run_id(out))
        _make_run_folder(store, run_dir(out, run_id))
        digest = profiles_hash(profiles)
        store.begin_run(run_id, clock.utc_iso(), __version__, digest, [p.id for p in profiles], kind=kind)
        session = cls(store, run_id, out, resumed, digest, kind=kind)
        if resumed:
            prepare_job_dir(session.folder / "job")
        return session

    @classmethod
    def join(cls, *, db: str | None, out: str, run_id: str, profiles: Iterable[SiteProfile]) -> RunSession:
        """A worker's view of a distributed run: the shared store, without the lock the run's seeder took."""
        try:
            store = open_store(db, out)
        except StoreError as exc:
            raise SessionError(str(exc)) from None
        return cls(store, run_id, out, False, profiles_hash(list(profiles)))

    @property
    def folder(self) -> Path:
        return run_dir(self.out, self.run_id)

    def finish(self, status: str) -> None:
        try:
            self.store.finish_run(self.run_id, clock.utc_iso(), status)
        finally:
            self.store.release_lock()
            self.store.close()


def unique_run_id(out: str) -> str:
    base = new_run_id()
    run_id, n = base, 1
    while run_dir(out, run_id).exists():
        n += 1
        run_id = f"{base}-{n}"
    return run_id


def profiles_hash(profiles: Iterable[SiteProfile]) -> str:
    """A digest of the profiles a run used (their files' bytes), to tell runs with different rules apart."""
    digest = hashlib.sha256()
    for profile in sorted(profiles, key=lambda p: p.id):
        digest.update(profile.id.encode())
        digest.update(profile.source_digest.encode())
    return digest.hexdigest()[:16]
