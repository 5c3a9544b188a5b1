"""Running a crawl in this process: settings from the project and the command line, then the manifest."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .runs import new_run_id, run_dir


@dataclass
class CrawlOptions:
    sites: list[str]
    out: str = "output"
    since: str | None = None
    max_pages: int | None = None
    max_depth: int | None = None
    no_delay: bool = False
    run_id: str | None = None
    progress: str = "auto"
    extra_settings: dict[str, Any] = field(default_factory=dict)


def unique_run_id(out: str) -> str:
    base = new_run_id()
    run_id, n = base, 1
    while run_dir(out, run_id).exists():
        n += 1
        run_id = f"{base}-{n}"
    return run_id


def crawl_settings(options: CrawlOptions, run_id: str):
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "govnews.settings")
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    folder = run_dir(options.out, run_id)
    overrides: dict[str, Any] = {
        "GOVNEWS_OUT": options.out,
        "GOVNEWS_RUN_ID": run_id,
        "GOVNEWS_PROGRESS": options.progress,
        "LOG_FILE": str(folder / "crawl.log"),
        "LOG_LEVEL": "INFO",
    }
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


def run_crawl(options: CrawlOptions) -> dict[str, Any]:
    """Crawl the chosen sites; return the run's manifest."""
    from scrapy.crawler import CrawlerProcess

    run_id = options.run_id or unique_run_id(options.out)
    run_dir(options.out, run_id).mkdir(parents=True, exist_ok=True)
    settings = crawl_settings(options, run_id)
    process = CrawlerProcess(settings)
    kwargs: dict[str, Any] = {"site": ",".join(options.sites)}
    if options.since:
        kwargs["since"] = options.since
    if options.max_pages:
        kwargs["max_pages"] = options.max_pages
    process.crawl("govnews", **kwargs)
    process.start()
    manifest = run_dir(options.out, run_id) / "manifest.json"
    return json.loads(manifest.read_text("utf-8"))


def summary_lines(manifest: dict[str, Any]) -> list[str]:
    """A plain-text table per site, then one line per blocked column."""
    header = ("site", "listing pages", "articles", "blocked", "errors", "seconds")
    rows = [header]
    for site, s in manifest["sites"].items():
        rows.append((site, str(s["listing_pages"]), str(s["articles"]), str(s["blocked"]), str(s["errors"]), f"{s.get('seconds', 0):.1f}"))
    t = manifest["totals"]
    rows.append(("total", str(t["listing_pages"]), str(t["articles"]), str(t["blocked"]), str(t["errors"]), ""))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip() for r in rows]
    for site, s in manifest["sites"].items():
        for column, kinds in s.get("blocked_columns", {}).items():
            what = ", ".join(f"{k} ×{n}" for k, n in sorted(kinds.items()))
            lines.append(f"{site}: column {column} was blocked ({what}): this is not the same as no new posts")
        for reason, n in sorted(s.get("error_reasons", {}).items()):
            lines.append(f"{site}: {n} error(s): {reason}")
    return lines


def report_path(options: CrawlOptions, manifest: dict[str, Any]) -> Path:
    return run_dir(options.out, manifest["run_id"])
