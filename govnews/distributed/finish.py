"""Finishing a distributed run, once: the feed written from the store, the manifest, the monitors' views."""

from __future__ import annotations

import logging
from io import BytesIO
from typing import cast

from scrapy.exporters import JsonLinesItemExporter

from ..record.item import RECORD_FIELDS
from ..runs import clock
from ..runs.atomic import atomic_open
from ..runs.folder import FEED_NAME
from ..runs.manifest import build_manifest, finish_monitoring, write_manifest
from .keys import CURRENT, RunKeys

logger = logging.getLogger(__name__)


def write_feed(store, run_id: str, path) -> int:
    """The run's new and updated records, through Scrapy's JSON Lines exporter, written once."""
    count = 0
    with atomic_open(path, binary=True) as handle:
        exporter = JsonLinesItemExporter(cast(BytesIO, handle), fields_to_export=list(RECORD_FIELDS), encoding="utf-8")
        exporter.start_exporting()
        for _kind, record in store.records_changed_in_run(run_id):
            exporter.export_item(record)
            count += 1
        exporter.finish_exporting()
    return count


def finish_run(redis, keys: RunKeys, session, profiles, settings) -> dict:
    session.folder.mkdir(parents=True, exist_ok=True)
    count = write_feed(session.store, session.run_id, session.folder / FEED_NAME)
    started = (redis.hget(keys.meta, "started_at") or b"").decode() or clock.utc_iso()
    manifest = build_manifest(session, profiles, started_at=started, finish_reason="finished", feed=FEED_NAME)
    manifest["distributed"] = True
    finish_monitoring(session, profiles, manifest, settings)
    write_manifest(session, manifest)
    session.store.finish_run(session.run_id, clock.utc_iso(), "finished")
    if (redis.get(CURRENT) or b"").decode() == session.run_id:
        redis.delete(CURRENT)
    # The run's keys stay a day, then expire: a worker still leaving must find the run finished (the
    # finalizer key), its revisits scheduled and its fingerprints seen, not a fresh run to start over.
    for key in (keys.requests, keys.dupefilter, keys.meta, keys.revisits, keys.workers, keys.finalizer):
        redis.expire(key, 86400)
    logger.info("run %s finished: %d new or updated records in %s", session.run_id, count, FEED_NAME)
    return manifest
