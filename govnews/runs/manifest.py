"""The end of a run, the same for one process and for a cluster of workers.

Each process adds its counts to the store; the manifest is then built from the store, so a
resumed run or a run shared by several workers has one manifest with every part counted.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from .. import __version__
from ..archive.files import run_warcs
from ..crawler.stats import COUNTS, HEALTH_COUNTS, site_summary, totals
from . import clock
from .atomic import write_json_atomic
from .folder import run_dir

logger = logging.getLogger(__name__)
_BLOCKED, _ERROR = "blocked_column/", "error/"


def record_part(store, run_id: str, stats: Mapping[str, Any], sites) -> None:
    """Add this process's counts (with blocked columns and error reasons) to the run's counts in the store."""
    for site in sites:
        summary = site_summary(stats, site)
        counts = {k: summary[k] for k in COUNTS + HEALTH_COUNTS}
        for column, kinds in summary["blocked_columns"].items():
            counts.update({f"{_BLOCKED}{column}/{kind}": n for kind, n in kinds.items()})
        counts.update({f"{_ERROR}{reason}": n for reason, n in summary["error_reasons"].items()})
        store.add_site_counts(run_id, site, counts)


def site_figures(stored: Mapping[str, int]) -> dict[str, Any]:
    """One site's manifest entry from its stored counts."""
    figures: dict[str, Any] = {k: int(stored.get(k, 0)) for k in COUNTS + HEALTH_COUNTS}
    blocked: dict[str, dict[str, int]] = {}
    errors: dict[str, int] = {}
    for name, value in stored.items():
        if name.startswith(_BLOCKED):
            column, _, kind = name[len(_BLOCKED):].rpartition("/")
            blocked.setdefault(column, {})[kind] = int(value)
        elif name.startswith(_ERROR):
            errors[name[len(_ERROR):]] = int(value)
    figures["blocked_columns"], figures["error_reasons"] = blocked, errors
    return figures


def build_manifest(session, sites, *, started_at: str, finish_reason: str, feed: str,
                   seconds: Mapping[str, float] | None = None) -> dict[str, Any]:
    """``started_at`` is the run's first start (a resumed run keeps it), from the store when it knows.

    ``new`` and ``updated`` are what the store recorded in the run, which is what the feed holds: a worker killed
    between two flushes of its counts still had its records stored.
    """
    row = next((r for r in session.store.runs() if r.run_id == session.run_id), None)
    started_at = row.started_at if row else started_at
    stored = session.store.site_counts(session.run_id)
    changed = session.store.changed_counts(session.run_id)
    per_site = {}
    for site in sites:
        per_site[site] = site_figures(stored.get(site, {})) | changed.get(site, {"new": 0, "updated": 0})
        if seconds is not None:
            per_site[site]["seconds"] = round(seconds.get(site, 0.0), 2)
    finished = finish_reason == "finished"
    return {
        "run_id": session.run_id,
        "kind": session.kind,
        "govnews_version": __version__,
        "profiles_hash": session.profiles_hash,
        "store": session.store.backend,
        "resumed": session.resumed,
        "started_at": started_at,
        "finished_at": clock.utc_iso() if finished else None,
        "finish_reason": finish_reason,
        "feed": feed,
        "archive": archive_files(run_dir(session.out, session.run_id)),
        "sites": per_site,
        "totals": totals(per_site),
    }


def archive_files(folder) -> list[str]:
    """The run's WARC files (names in its folder): every page it fetched."""
    return [path.name for path in run_warcs(folder)]


def finish_monitoring(session, profiles, manifest: dict, settings) -> None:
    """Changes, health, report, feeds and webhook; a failure here is logged and listed in the manifest's
    ``after_run_problems`` (the command reports them), never fatal: the data is stored."""
    problems: list[str] = []
    manifest["after_run_problems"] = problems
    try:
        from ..monitor.postrun import after_run, health_for_manifest

        report = after_run(session, profiles, manifest, settings, problems)
    except Exception as exc:  # the report is a view: the store and the feed are already complete
        logger.exception("the run's report, feeds or notification could not be made")
        problems.append(f"the run's report, feeds or notification could not be made ({type(exc).__name__}: {exc})")
        return
    health = health_for_manifest(report)
    for site, figures in manifest["sites"].items():
        figures.update(health.get(site, {}))
    manifest["degraded_sites"] = sorted(site for site, h in health.items() if h["degraded"])
    manifest["changes"] = {kind: sum(c.kind == kind for c in report.changes) for kind in ("new", "updated", "removed")}


def write_manifest(session, manifest: dict) -> None:
    write_json_atomic(run_dir(session.out, session.run_id) / "manifest.json", manifest)
