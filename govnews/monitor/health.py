"""Crawl health per run and site: counts, field coverage, blocks and errors, against the site's earlier runs.

A site is degraded when it was blocked, when too many of its pages failed, when a field's coverage
is low or fell, or when its listings show far fewer entries per page than they used to. Thresholds
are settings (``GOVNEWS_HEALTH_*``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import median

from ..crawler.stats import COUNTS, COVERAGE_FIELDS
from ..profiles import SiteProfile
from ..store import Store
from .model import SiteHealth


@dataclass(frozen=True)
class Thresholds:
    min_coverage: float = 0.8  # title, published and paragraphs (source is often legitimately absent)
    max_coverage_drop: float = 0.2  # any field, against the median of earlier runs
    min_entries_share: float = 0.5  # entries per listing page, against earlier runs
    max_error_share: float = 0.2  # failed pages among the pages fetched
    history: int = 5  # earlier runs compared with

    @classmethod
    def from_settings(cls, settings) -> Thresholds:
        return cls(
            min_coverage=settings.getfloat("GOVNEWS_HEALTH_MIN_COVERAGE", cls.min_coverage),
            max_coverage_drop=settings.getfloat("GOVNEWS_HEALTH_MAX_COVERAGE_DROP", cls.max_coverage_drop),
            min_entries_share=settings.getfloat("GOVNEWS_HEALTH_MIN_ENTRIES_SHARE", cls.min_entries_share),
            max_error_share=settings.getfloat("GOVNEWS_HEALTH_MAX_ERROR_SHARE", cls.max_error_share),
            history=settings.getint("GOVNEWS_HEALTH_HISTORY", cls.history),
        )


def figures(counts: Mapping[str, int]) -> dict[str, float | None]:
    """Coverage per field and entries per listing page, from one run's counts of a site."""
    articles = counts.get("articles", 0)
    out: dict[str, float | None] = {f: (counts.get(f"field_{f}", 0) / articles if articles else None) for f in COVERAGE_FIELDS}
    pages = counts.get("listing_pages", 0)
    out["entries_per_page"] = counts.get("entries", 0) / pages if pages else None
    return out


def site_health(store: Store, run_id: str, profiles: Mapping[str, SiteProfile], blocked: Mapping[str, Mapping],
                thresholds: Thresholds = Thresholds()) -> list[SiteHealth]:
    counts = store.site_counts(run_id)
    history = _history(store, run_id, thresholds.history)
    result = []
    for site, profile in profiles.items():
        now = counts.get(site, {})
        earlier = [runs[site] for runs in history if site in runs]
        baseline = _baseline(earlier)
        mine = figures(now)
        reasons = _reasons(now, mine, baseline, blocked.get(site, {}), thresholds)
        result.append(SiteHealth(
            site=site, site_name=profile.name, region=_region(profile),
            counts={k: int(now.get(k, 0)) for k in COUNTS},
            coverage={f: mine[f] for f in COVERAGE_FIELDS}, baseline=baseline,
            blocked_columns=blocked.get(site, {}), degraded=bool(reasons), reasons=tuple(reasons)))
    return result


def _history(store: Store, run_id: str, n: int) -> list[dict[str, dict[str, int]]]:
    # Crawls only: a reparse run fetched nothing, so its listing figures say nothing of a site's health.
    earlier = [r.run_id for r in store.runs()
               if r.run_id < run_id and r.finished_at and r.status == "finished" and r.kind == "crawl"]
    return [store.site_counts(r) for r in sorted(earlier)[-n:]]


def _baseline(earlier: Sequence[Mapping[str, int]]) -> dict[str, float | None]:
    if not earlier:
        return {}
    out: dict[str, float | None] = {}
    for key in COUNTS:
        out[key] = float(median(run.get(key, 0) for run in earlier))
    for key in (*COVERAGE_FIELDS, "entries_per_page"):
        values = [v for run in earlier if (v := figures(run)[key]) is not None]
        out[key] = float(median(values)) if values else None
    return out


def _reasons(now: Mapping[str, int], mine: Mapping, baseline: Mapping, blocked: Mapping, t: Thresholds) -> list[str]:
    reasons = [f"blocked: column {column} ({', '.join(f'{k} ×{n}' for k, n in kinds.items())})"
               for column, kinds in blocked.items()]
    fetched = now.get("article_pages", 0) + now.get("listing_pages", 0)
    if fetched and now.get("errors", 0) / fetched > t.max_error_share:
        reasons.append(f"errors: {now['errors']} of {fetched} pages failed")
    for field in COVERAGE_FIELDS:
        value, before = mine[field], baseline.get(field)
        if value is None:
            continue
        if field != "source" and value < t.min_coverage:
            reasons.append(f"{field} coverage {value:.2f} (below {t.min_coverage:.2f})")
        elif before is not None and before - value > t.max_coverage_drop:
            reasons.append(f"{field} coverage {value:.2f}, was {before:.2f}")
    per_page, before = mine["entries_per_page"], baseline.get("entries_per_page")
    if per_page is not None and before and per_page < t.min_entries_share * before:
        reasons.append(f"listing entries per page {per_page:.1f}, was {before:.1f}")
    return reasons


def _region(profile: SiteProfile) -> str:
    return "".join(profile.region.get(k) or "" for k in ("province", "city", "district", "subdistrict"))
