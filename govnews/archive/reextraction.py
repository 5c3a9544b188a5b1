"""Re-extraction (``govnews reparse``): every archived article page of the chosen runs extracted again with
today's code and profiles, without touching the network, and recorded as a run of its own (kind "reparse").

1. The chosen runs' WARC files are scanned (in parallel, one file per job) for article fetches: response
   and revisit records with govnews's metadata record beside them (site, column, listing hints). A file cut
   off or damaged gives the records before the damage; the damage is reported (manifest, reparse.log).
2. Per URL, the newest successful fetch among those runs is taken; it is left alone when the store holds a
   later fetch of the article (a run not chosen saw it since), or the article is gone.
3. Each page is extracted again (in parallel, ``jobs`` processes) exactly as the crawl did: blocked pages
   and pages that are not HTML are skipped, records are validated.
4. The records are stored in fetch order as a crawl stores them: content that changed becomes a new version
   in this run, so the run's feed, changes, report and diffs work as for any run.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..crawler.blocking import classify
from ..crawler.stats import COVERAGE_FIELDS, site_key
from ..extraction import ListingHints, Page, extract_article
from ..extraction.sniff import not_html_reason
from ..extraction.tags import warm_up
from ..profiles import SiteProfile
from ..record.ids import article_id
from ..record.item import RECORD_FIELDS
from ..record.reprints import REPRINT_THRESHOLD
from ..record.schema import record_errors
from ..runs import clock
from ..runs.atomic import atomic_open, write_text_atomic
from ..runs.folder import FEED_NAME, run_dir
from ..runs.manifest import build_manifest, finish_monitoring, record_part, write_manifest
from ..runs.session import RunSession
from ..store.reprinting import reprint_link
from .files import run_warcs
from .reader import ArchiveError, page_headers, read_payload, warc_datetime, warc_records, whole_content

# Skipped pages, by reason (in the manifest); the crawl would not have extracted them, or must not override the store.
SKIP_REASONS = ("superseded", "gone", "blocked", "no_profile", "payload_missing")
PROBLEMS_LOG = "reparse.log"  # in the reparse run's folder: one line per page that failed


@dataclass(frozen=True)
class ArchivedFetch:
    """One archived, successful fetch of an article page, and where its payload is."""

    run_id: str
    url: str
    date: str  # WARC-Date
    status: int
    headers: tuple[tuple[str, str], ...]
    site: str
    hints: dict[str, Any] | None
    warc: str  # the payload's record: its file (relative to OUT), offset and id; empty for an unresolved revisit
    offset: int
    record_id: str
    refers_to: str = ""  # a revisit's WARC-Refers-To
    digest: str = ""

    def with_payload(self, warc: str, offset: int, record_id: str) -> ArchivedFetch:
        return ArchivedFetch(self.run_id, self.url, self.date, self.status, self.headers, self.site, self.hints,
                             warc, offset, record_id)


@dataclass
class Outcomes:
    """What the reparse did, per site (in the crawl's stats keys, for the store's run counts) and overall."""

    stats: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    pages: int = 0
    changed: int = 0

    def count(self, site: str, name: str, n: int = 1) -> None:
        self.stats[site_key(site, name)] += n

    def error(self, site: str, reason: str) -> None:
        self.count(site, "errors")
        self.count(site, f"error/{reason}")


class ReparseError(Exception):
    """The reparse cannot run (a run without archive, a WARC file that cannot be read); one line."""


# --- 1. scanning the archive --------------------------------------------------------------------------
def archived_runs(out: str | os.PathLike) -> list[str]:
    """Every run in OUT/runs whose folder holds WARC files, oldest first."""
    root = Path(out) / "runs"
    return sorted(p.name for p in root.iterdir() if p.is_dir() and run_warcs(p)) if root.is_dir() else []


def scan_warc(out: str, warc: str, run_id: str) -> tuple[list[ArchivedFetch], str]:
    """The successful article fetches archived in one WARC file (joined with their metadata records), and what
    is wrong with the file ("" when it was read to its end): the records before the damage still count."""
    fetches: dict[str, ArchivedFetch] = {}
    meta: dict[str, dict[str, Any]] = {}
    damage = ""
    try:
        for offset, record in warc_records(Path(out) / warc, warc):
            headers = record.rec_headers
            if record.rec_type == "metadata" and headers.get_header("Content-Type") == "application/json":
                meta[headers.get_header("WARC-Concurrent-To") or ""] = _json(whole_content(record, warc, offset))
            elif record.rec_type in ("response", "revisit") and record.http_headers:
                fetch = _fetch(record, run_id, warc, offset)
                if fetch is not None:
                    fetches[headers.get_header("WARC-Record-ID")] = fetch
    except ArchiveError as exc:
        lost = (Path(out) / warc).stat().st_size - (exc.offset or 0)
        damage = f"{exc}; the rest of the file ({lost} bytes) is not re-extracted" if lost else str(exc)
    except OSError as exc:
        raise ReparseError(f"{warc}: cannot be read ({exc.strerror or exc})") from None
    found = []
    for record_id, fetch in fetches.items():
        info = meta.get(record_id)
        if info and info.get("kind") == "article" and info.get("site"):
            found.append(ArchivedFetch(fetch.run_id, fetch.url, fetch.date, fetch.status, fetch.headers, info["site"],
                                       info.get("hints"), fetch.warc, fetch.offset, fetch.record_id, fetch.refers_to,
                                       fetch.digest))
    return found, damage


def _json(data: bytes) -> dict[str, Any]:
    try:
        found = json.loads(data)
    except ValueError:
        return {}  # not govnews's metadata: the fetch it describes is no article fetch of a crawl
    return found if isinstance(found, dict) else {}


def _fetch(record, run_id: str, warc: str, offset: int) -> ArchivedFetch | None:
    try:
        status = int(record.http_headers.get_statuscode())
    except (TypeError, ValueError):
        return None
    if not 200 <= status < 300:
        return None  # redirects, errors and gone pages never reached extraction
    headers = record.rec_headers
    common = (run_id, headers.get_header("WARC-Target-URI") or "", headers.get_header("WARC-Date") or "", status,
              tuple(record.http_headers.headers), "", None)
    if record.rec_type == "response":
        return ArchivedFetch(*common, warc, offset, headers.get_header("WARC-Record-ID"))
    return ArchivedFetch(*common, "", 0, "", headers.get_header("WARC-Refers-To") or "",
                         headers.get_header("WARC-Payload-Digest") or "")


# --- 2. choosing what to extract ----------------------------------------------------------------------
def newest_per_url(fetches: Iterable[ArchivedFetch]) -> list[ArchivedFetch]:
    """The newest fetch of each URL, in fetch order."""
    newest: dict[str, ArchivedFetch] = {}
    for fetch in fetches:
        if fetch.url not in newest or (fetch.date, fetch.run_id) > (newest[fetch.url].date, newest[fetch.url].run_id):
            newest[fetch.url] = fetch
    return sorted(newest.values(), key=lambda f: (f.date, f.url))


def resolve_payloads(store, fetches: Sequence[ArchivedFetch], outcomes: Outcomes) -> list[ArchivedFetch]:
    """Revisits pointed at the response record holding their payload (through the store's capture index)."""
    by_id = store.captures_by_id([f.refers_to for f in fetches if not f.warc and f.refers_to])
    resolved = []
    for fetch in fetches:
        if not fetch.warc:
            held = by_id.get(fetch.refers_to) or (store.capture_of_payload(fetch.digest) if fetch.digest else None)
            if held is None:
                outcomes.skipped["payload_missing"] += 1
                continue
            fetch = fetch.with_payload(held.warc, held.offset, held.record_id)
        resolved.append(fetch)
    return resolved


def still_current(store, fetches: Sequence[ArchivedFetch], outcomes: Outcomes) -> tuple[list[ArchivedFetch], dict[str, str]]:
    """The fetches the store holds no later fetch of (and whose article is not gone); and the stored content hashes."""
    states = store.article_states([article_id(f.url) for f in fetches])
    kept, hashes = [], {}
    for fetch in fetches:
        state = states.get(article_id(fetch.url))
        if state is not None:
            status, content_hash, fetched_at = state
            if status == "gone":
                outcomes.skipped["gone"] += 1
                continue
            if fetched_at and fetched_at > fetch.date[:19] + "Z":
                outcomes.skipped["superseded"] += 1
                continue
            hashes[article_id(fetch.url)] = content_hash
        kept.append(fetch)
    return kept, hashes


# --- 3. extracting (in worker processes) --------------------------------------------------------------
_PROFILES: dict[str, SiteProfile] = {}  # set before the worker processes start (they are forked)
_HINT_FIELDS = frozenset(ListingHints.__dataclass_fields__)  # an older archive's hints may lack some, or have more


def extract_fetch(job: tuple[str, ArchivedFetch]) -> tuple[str, Any]:
    """``("record", record)``, or (a skip or error reason, a detail)."""
    out, fetch = job
    profile = _PROFILES.get(fetch.site)
    if profile is None:
        return "no_profile", fetch.site
    try:
        body = read_payload(Path(out) / fetch.warc, fetch.offset).body
    except ArchiveError as exc:
        return "unreadable", str(exc)
    cookies = [v.encode("latin-1", "replace") for k, v in fetch.headers if k.lower() == "set-cookie"]
    if classify(fetch.status, body, cookies) is not None:
        return "blocked", fetch.url
    if reason := not_html_reason(body):
        return "not_html", f"{fetch.url}: {reason}"
    hints = ListingHints(**{k: v for k, v in fetch.hints.items() if k in _HINT_FIELDS}) if fetch.hints else None
    page = Page(body, fetch.url, warc_datetime(fetch.date), page_headers(fetch.headers), fetch.status)
    try:
        record = extract_article(page, profile, hints)
    except Exception as exc:  # a bug on one page must not cost the other pages of the reparse: it is reported
        return "extraction_failed", f"{fetch.url}: {type(exc).__name__}: {exc}"
    record["capture"] = {"warc": fetch.warc, "record_id": fetch.record_id, "offset": fetch.offset}
    if errors := record_errors(record):
        return "invalid_record", f"{fetch.url}: {'; '.join(errors)}"
    if not record.get("title") and not record.get("paragraphs"):
        return "no_content", fetch.url
    return "record", record


def _scan_job(job: tuple[str, str, str]) -> tuple[list[ArchivedFetch], str]:
    return scan_warc(*job)


# --- the run -------------------------------------------------------------------------------------------
@dataclass
class Reparse:
    """One reparse of ``runs`` (in OUT/runs) with ``profiles`` (only ``sites`` of them, when given)."""

    out: str
    db: str | None
    runs: Sequence[str]
    profiles: Mapping[str, SiteProfile]
    sites: frozenset[str] | None = None
    jobs: int = 1
    progress: Callable[[str], None] | None = None
    threshold: float = REPRINT_THRESHOLD
    outcomes: Outcomes = field(default_factory=Outcomes)
    hashes: dict[str, str] = field(default_factory=dict)  # article id -> stored content hash
    seconds: dict[str, float] = field(default_factory=dict)  # scanning the archive; extracting and storing
    problems: list[str] = field(default_factory=list)  # one line per page that failed: the run's reparse.log
    damaged: list[str] = field(default_factory=list)  # one line per WARC file not readable to its end

    def run(self, settings) -> dict[str, Any]:
        """Reparse, store, write the feed and the manifest; returns the manifest. The store's run lock is taken
        once the archive has been scanned (:class:`govnews.runs.session.SessionError` when another run holds it)."""
        started = clock.utc_iso()
        _PROFILES.clear()
        _PROFILES.update(self.profiles)
        warm_up()  # loaded once, before the workers are forked
        begun = time.monotonic()
        files = [(self.out, path.relative_to(self.out).as_posix(), run) for run in self.runs
                 for path in run_warcs(run_dir(self.out, run))]
        with _pool(min(self.jobs, len(files))) as pool:  # no more processes than files to scan, or pages below
            fetches = newest_per_url(self._scan(pool, files))
        self.seconds["scan"] = time.monotonic() - begun
        profiles = {s: self.profiles[s] for s in sorted({f.site for f in fetches}) if s in self.profiles}
        with _pool(min(self.jobs, len(fetches))) as pool:  # forked before the store is opened
            session = RunSession.begin(db=self.db, out=self.out, profiles=profiles.values(), kind="reparse")
            try:
                chosen = resolve_payloads(session.store, fetches, self.outcomes)
                chosen, self.hashes = still_current(session.store, chosen, self.outcomes)
                begun = time.monotonic()
                self._extract_and_store(pool, session, chosen)
                self.seconds["extract"] = time.monotonic() - begun
                return self._finish(session, profiles, started, settings)
            finally:
                session.store.close()

    def _scan(self, pool, files: Sequence[tuple[str, str, str]]) -> list[ArchivedFetch]:
        scanned = []
        for found, damage in pool.imap(_scan_job, files):
            scanned.extend(found)
            if damage:
                self.damaged.append(damage)
        return [f for f in scanned if self.sites is None or f.site in self.sites]

    def _extract_and_store(self, pool, session: RunSession, fetches: Sequence[ArchivedFetch]) -> None:
        jobs = [(self.out, f) for f in fetches]
        shown = 0.0
        chunk = max(1, min(64, len(jobs) // (self.jobs * 8)))
        for done, (fetch, (kind, value)) in enumerate(zip(fetches, pool.imap(extract_fetch, jobs, chunk), strict=True), 1):
            self._take(session, fetch, kind, value)
            if self.progress and (time.monotonic() - shown > 0.5 or done == len(jobs)):
                shown = time.monotonic()
                self.progress(f"reparse: {done}/{len(jobs)} pages, {self.outcomes.changed} changed")

    def _take(self, session: RunSession, fetch: ArchivedFetch, kind: str, value: Any) -> None:
        outcomes, site = self.outcomes, fetch.site
        outcomes.pages += 1
        outcomes.count(site, "article_pages")
        if kind in SKIP_REASONS:
            outcomes.skipped[kind] += 1
        elif kind != "record":
            outcomes.error(site, kind)
            self.problems.append(f"{site}: {kind}: {value}")
        else:
            self._store(session, site, value)

    def _store(self, session: RunSession, site: str, record: dict[str, Any]) -> None:
        outcomes = self.outcomes
        outcomes.count(site, "articles")
        for name in COVERAGE_FIELDS:
            if record.get(name):
                outcomes.count(site, f"field_{name}")
        if self.hashes.get(record["id"]) == record["content_hash"]:
            outcomes.count(site, "unchanged")
            return
        outcome = session.store.record_article(record, session.run_id, clock.utc_iso())
        _, linked = reprint_link(session.store, outcome, record, self.threshold)
        outcomes.count(site, "unchanged" if outcome.kind == "duplicate_url" else outcome.kind)
        if linked:
            outcomes.count(site, "reprints")
        if outcome.kind in ("new", "updated"):
            outcomes.changed += 1

    def _finish(self, session: RunSession, profiles: Mapping[str, SiteProfile], started: str, settings) -> dict[str, Any]:
        record_part(session.store, session.run_id, self.outcomes.stats, profiles)
        write_feed(session.store, session.run_id, session.folder / FEED_NAME)
        if self.problems or self.damaged:
            lines = self.damaged + self.problems
            write_text_atomic(session.folder / PROBLEMS_LOG, "".join(f"{line}\n" for line in lines))
        manifest = build_manifest(session, profiles, started_at=started, finish_reason="finished", feed=FEED_NAME)
        skipped = self.outcomes.skipped
        manifest["reparse"] = {"runs": list(self.runs), "pages": self.outcomes.pages, "jobs": self.jobs,
                               "skipped": {r: skipped[r] for r in SKIP_REASONS if skipped[r]},
                               "unreadable_warcs": self.damaged,
                               "seconds": {k: round(v, 2) for k, v in self.seconds.items()}}
        finish_monitoring(session, profiles, manifest, settings)
        write_manifest(session, manifest)
        session.finish("finished")
        return manifest


def write_feed(store, run_id: str, path: Path) -> int:
    """The run's new and updated records, as JSON Lines in the record's field order (as the crawl's feed)."""
    count = 0
    with atomic_open(path) as handle:
        for _kind, record in store.records_changed_in_run(run_id):
            handle.write(json.dumps({k: record.get(k) for k in RECORD_FIELDS}, ensure_ascii=False) + "\n")
            count += 1
    return count


class _Inline:
    """A pool of one: the work done in this process (``--jobs 1``)."""

    def imap(self, func, items, chunksize: int = 1) -> Iterator:
        return map(func, items)

    def __enter__(self) -> _Inline:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def _pool(jobs: int):
    if jobs <= 1:
        return _Inline()
    return multiprocessing.get_context("fork").Pool(jobs)


def terminal_progress(quiet: bool) -> Callable[[str], None] | None:
    """One line redrawn on a terminal's stderr; nothing under cron (not a terminal) or with --quiet."""
    if quiet or not sys.stderr.isatty():
        return None

    def show(line: str) -> None:
        sys.stderr.write(f"\r\x1b[2K{line}")
        sys.stderr.flush()

    return show
