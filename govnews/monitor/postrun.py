"""After a finished run: what changed, how healthy each site is, and the views monitors read.

Writes ``changes.jsonl``, ``report.html`` and ``report.md`` into the run's folder, the Atom feeds
into ``OUT/feeds/``, and POSTs the webhook when one is configured. Nothing here can lose data: the
store and the feed are complete before it starts.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from ..extraction.dates import china_now
from ..profiles import SiteProfile
from ..runs.atomic import atomic_open, write_text_atomic
from .atom import SiteInfo, write_feeds
from .changes import changes_between, previous_run
from .health import Thresholds, site_health
from .model import RunReport
from .notify import notify, summary_text
from .report import render_html, render_md

logger = logging.getLogger(__name__)
CHART_DAYS = 90
FEED_ENTRIES = 50


def after_run(session, profiles: Mapping[str, SiteProfile], manifest: Mapping[str, Any], settings,
              problems: list[str]) -> RunReport:
    """Changes, health, report, feeds and the webhook; a webhook that fails is added to ``problems``."""
    store, run_id = session.store, session.run_id
    for site, column in store.walked_columns(run_id):
        store.delist(site, column, run_id)
    previous = previous_run(store, run_id)
    changes = changes_between(store, previous, run_id, sites=profiles)
    blocked = {site: s.get("blocked_columns", {}) for site, s in manifest["sites"].items()}
    health = site_health(store, run_id, profiles, blocked, Thresholds.from_settings(settings))
    day = china_now(datetime.fromisoformat(manifest["finished_at"].replace("Z", "+00:00"))).date()
    days = tuple((day - timedelta(days=n)).isoformat() for n in range(CHART_DAYS - 1, -1, -1))
    report = RunReport(run_id, manifest["started_at"], manifest["finished_at"], previous, tuple(changes), tuple(health),
                       store.postings_per_day(profiles, days[0], days[-1]), days)
    folder = session.folder
    with atomic_open(folder / "changes.jsonl") as handle:
        handle.writelines(json.dumps(c.to_json(), ensure_ascii=False) + "\n" for c in changes)
    write_text_atomic(folder / "report.html", render_html(report))
    write_text_atomic(folder / "report.md", render_md(report))
    sites = {s: SiteInfo(s, p.name, url=p.columns[0].url) for s, p in profiles.items()}
    write_feeds(Path(session.out), sites, _latest(store, profiles), manifest["finished_at"], run_id=run_id,
                base_url=settings.get("GOVNEWS_FEED_BASE_URL") or None)
    if url := settings.get("GOVNEWS_NOTIFY_URL"):
        summary = {"run_id": run_id, "changes": [c.to_json() for c in changes],
                   "degraded": {h.site: list(h.reasons) for h in health if h.degraded}}
        if not notify(url, summary, summary_text(report), style=settings.get("GOVNEWS_NOTIFY_STYLE") or "slack"):
            problems.append("the webhook notification was not delivered (see crawl.log)")
    return report


def _latest(store, profiles: Mapping[str, SiteProfile]) -> dict[str, list[dict]]:
    latest: dict[str, list[dict]] = {}
    for site in profiles:
        records = []
        for record in store.iter_records(sites=[site]):
            records.append(record)
            if len(records) == FEED_ENTRIES:
                break
        latest[site] = records
    return latest


def health_for_manifest(report: RunReport) -> dict[str, dict[str, Any]]:
    return {h.site: {"degraded": h.degraded, "degraded_reasons": list(h.reasons),
                     "coverage": dict(h.coverage)} for h in report.health}


def run_day(finished_at: str) -> date:
    return china_now(datetime.fromisoformat(finished_at.replace("Z", "+00:00"))).date()
