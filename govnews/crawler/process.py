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
