"""Resuming an interrupted run: a feed cut mid-line is repaired, and records it missed are replayed."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path


def repair_partial_feed(path: Path) -> set[tuple[str, str]]:
    """Cut a half-written last line off the feed; return the (id, content_hash) of its whole lines."""
    if not path.exists():
        return set()
    data = path.read_bytes()
    end = data.rfind(b"\n") + 1
    if end < len(data):
        with open(path, "r+b") as handle:
            handle.truncate(end)
            handle.flush()
            os.fsync(handle.fileno())
    present = set()
    for line in data[:end].splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        present.add((record.get("id"), record.get("content_hash")))
    return present


def records_to_replay(store, run_id: str, present: set[tuple[str, str]]) -> list[tuple[str, dict]]:
    """Records the store says this run found new or updated but the feed does not hold yet."""
    missing = []
    for kind, record in store.records_changed_in_run(run_id):
        if (record.get("id"), record.get("content_hash")) not in present:
            missing.append((kind, record))
    return missing


def prepare_job_dir(job: Path) -> bool:
    """Keep Scrapy's JOBDIR only if its last stop was clean; return whether it is kept.

    Scrapy writes the queue's state (``requests.queue/active.json``) when it stops cleanly; after
    kill -9 the queue files may end in a half-written request and cannot be read back. Then the
    folder is dropped: the store knows what was done, and the listings are walked again.
    """
    queue = job / "requests.queue"
    if not job.exists():
        return False
    if queue.exists() and not (queue / "active.json").exists():
        shutil.rmtree(job)
        return False
    return True
