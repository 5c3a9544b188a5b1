"""Running a crawl in this process: the run session, settings from the project and the command line, the manifest."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

from ..runs.session import RunSession
from .failstop import run_failure


@dataclass
class CrawlOptions:
    sites: list[str]
    out: str = "output"
    db: str | None = None
    since: str | None = None
    max_pages: int | None = None
    max_depth: int | None = None
    no_delay: bool = False
    refresh: bool = False
    full: bool = False
    progress: str = "auto"
    extra_settings: dict[str, Any] = field(default_factory=dict)


def crawl_settings(options: CrawlOptions, session: RunSession):
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "govnews.settings")
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    overrides: dict[str, Any] = {
        "GOVNEWS_OUT": options.out,
        "GOVNEWS_RUN_ID": session.run_id,
        "GOVNEWS_PROGRESS": options.progress,
        "GOVNEWS_REFRESH": options.refresh,
        "GOVNEWS_FULL": options.full,
        "LOG_FILE": str(session.folder / "crawl.log"),
        "LOG_LEVEL": "INFO",
    }
    if options.db:
        overrides["GOVNEWS_DB"] = options.db
    if options.max_pages:
        overrides["GOVNEWS_MAX_PAGES"] = options.max_pages
    if options.max_depth:
        overrides["DEPTH_LIMIT"] = options.max_depth
    if options.no_delay:
        overrides.update(GOVNEWS_NO_DELAY=True, DOWNLOAD_DELAY=0, AUTOTHROTTLE_ENABLED=False,
                         CONCURRENT_REQUESTS=32, CONCURRENT_REQUESTS_PER_DOMAIN=32)
    overrides.update(options.extra_settings)
    settings.setdict(overrides, priority="cmdline")
    return settings


class RunFailed(Exception):
    """The run stopped before it finished; its first failure, in one line. The next crawl resumes it."""


def run_crawl(options: CrawlOptions, session: RunSession) -> dict[str, Any]:
    """Crawl the chosen sites in the given session; return the run's manifest."""
    from scrapy.crawler import CrawlerProcess

    session.folder.mkdir(parents=True, exist_ok=True)
    process = CrawlerProcess(crawl_settings(options, session))
    kwargs: dict[str, Any] = {"site": ",".join(options.sites), "session": session}
    if options.since:
        kwargs["since"] = options.since
    if options.max_pages:
        kwargs["max_pages"] = options.max_pages
    crawler = process.create_crawler("govnews")
    process.crawl(crawler, **kwargs)
    process.start()
    if failure := run_failure(crawler):
        raise RunFailed(failure)
    try:
        return json.loads((session.folder / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise RunFailed(f"the run's manifest could not be read ({exc})") from None


def summary_lines(manifest: dict[str, Any]) -> list[str]:
    """A plain-text table per site, then one line per blocked column and per error reason."""
    header = ("site", "listing pages", "articles", "new", "updated", "unchanged", "gone", "blocked", "errors", "seconds")
    keys = ("listing_pages", "articles", "new", "updated", "unchanged", "gone", "blocked", "errors")
    rows: list[tuple[str, ...]] = [header]
    for site, s in manifest["sites"].items():
        rows.append((site, *(str(s.get(k, 0)) for k in keys), f"{s.get('seconds', 0):.1f}"))
    rows.append(("total", *(str(manifest["totals"].get(k, 0)) for k in keys), ""))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))).rstrip()
             for r in rows]
    for site, s in manifest["sites"].items():
        for column, kinds in s.get("blocked_columns", {}).items():
            what = ", ".join(f"{k} ×{n}" for k, n in sorted(kinds.items()))
            lines.append(f"{site}: column {column} was blocked ({what}): this is not the same as no new posts")
        for reason, n in sorted(s.get("error_reasons", {}).items()):
            lines.append(f"{site}: {n} error(s): {reason}")
    for site in manifest.get("degraded_sites", []):
        lines.append(f"{site}: DEGRADED: {'; '.join(manifest['sites'][site].get('degraded_reasons', []))}")
    changes = manifest.get("changes")
    if changes:
        lines.append(f"changes: {changes['new']} new, {changes['updated']} updated, {changes['removed']} removed "
                     f"(report: runs/{manifest['run_id']}/report.html)")
    return lines
