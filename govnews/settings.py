"""Scrapy settings for govnews. Every GOVNEWS_* setting is declared here with its default.

Components read settings in ``from_crawler``; only this module reads the environment.
"""

import os

from govnews import __version__
from govnews.crawler.feed_export import feeds_setting

BOT_NAME = "govnews"
SPIDER_MODULES = ["govnews.crawler.spider"]

# --- identity -------------------------------------------------------------------------------
# Where site operators can learn who is crawling and how to reach us (sent in the User-Agent).
GOVNEWS_CONTACT_URL = os.environ.get("GOVNEWS_CONTACT_URL", "https://github.com/govnews/govnews")
USER_AGENT = f"govnews/{__version__} (+{GOVNEWS_CONTACT_URL})"

# --- politeness -----------------------------------------------------------------------------
ROBOTSTXT_OBEY = True
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 2
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
# No control ports on an unattended crawler: neither Scrapy's telnet console nor its remote-control HTTP server.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "govnews.crawler.compat.OneWaiterRobotsTxtMiddleware": 100,  # Scrapy's, minus a bypass (govnews/crawler/compat.py)
    "govnews.crawler.middlewares.BackoffRetryMiddleware": 550,
    # After decompression and redirects, before retries: a challenge is never retried.
    "govnews.crawler.middlewares.BlockedPageMiddleware": 560,
    # Sees every failed attempt before retries do: a host that stopped answering is given up (crawler/hostdown.py).
    "govnews.crawler.hostdown.HostDownMiddleware": 580,
    # Closest to the downloader: responses as received, before decompression, redirects, challenges, retries.
    "govnews.crawler.archiving.ArchiveMiddleware": 990,
}
ITEM_PIPELINES = {
    "govnews.crawler.pipelines.validate.ValidateRecordPipeline": 100,
    "govnews.crawler.pipelines.store.StorePipeline": 200,
}
EXTENSIONS = {
    "govnews.crawler.extensions.recorder.RunRecorder": 500,
    "govnews.crawler.extensions.progress.LiveProgress": 510,
    "govnews.crawler.extensions.requestlog.RequestLog": 520,
}

# --- output ---------------------------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"
# Written under articles.jsonl.part and moved into place when the run finishes (govnews/crawler/feed_export.py).
FEEDS = feeds_setting()
_GUARDED_STORAGE = "govnews.crawler.feed_export.GuardedFileFeedStorage"
FEED_STORAGES = {"": _GUARDED_STORAGE, "file": _GUARDED_STORAGE}

# --- the archive (docs/archive.md) -----------------------------------------------------------
# Every response goes into WARC files in the run's folder (runs/<run_id>/pages-00000.warc.gz); off with
# GOVNEWS_ARCHIVE=0 (or `govnews crawl --no-archive`).
GOVNEWS_ARCHIVE = os.environ.get("GOVNEWS_ARCHIVE", "1").strip().lower() not in ("0", "false", "no", "off")
# A WARC file is closed and the next one begun once it reaches this size (bytes; 1 GB, as Heritrix rotates).
GOVNEWS_ARCHIVE_MAX_BYTES = os.environ.get("GOVNEWS_ARCHIVE_MAX_BYTES", "1000000000")

# --- govnews --------------------------------------------------------------------------------
# Where the demo profiles find the bundled demo portal.
GOVNEWS_DEMO_URL = os.environ.get("GOVNEWS_DEMO_URL", "http://127.0.0.1:8765")
# An extra folder of site profiles, added to (and overriding) the package's own.
GOVNEWS_PROFILES_DIR = os.environ.get("GOVNEWS_PROFILES_DIR", "")
# The output folder: runs/<run_id>/ holds each run's feed, manifest and log.
GOVNEWS_OUT = os.environ.get("GOVNEWS_OUT", "output")
# The run id; empty means a new UTC timestamp such as 20261127T081500Z.
GOVNEWS_RUN_ID = ""
# At most this many listing pages per column (a profile's column may set its own max_pages).
GOVNEWS_MAX_PAGES = 100
# Turn every delay off (the demo portal and benchmarks on 127.0.0.1 only).
GOVNEWS_NO_DELAY = False
# Retries double the site's download delay, up to this many seconds.
GOVNEWS_BACKOFF_MAX_DELAY = 60.0
# Connection failures in a row (timeouts, refused, DNS, TLS) after which a host is given up for the run; 0: never.
GOVNEWS_HOST_DOWN_AFTER = 5
# When set, a JSON line per request sent is appended to this file (benchmarks, debugging).
GOVNEWS_REQUEST_LOG = ""
# The store: empty means SQLite at GOVNEWS_OUT/govnews.db; or a postgresql:// URL.
GOVNEWS_DB = os.environ.get("GOVNEWS_DB", "")
# Known articles published within this many days are fetched again (edits and removals).
GOVNEWS_REVISIT_DAYS = 3
# A column's pagination stops after this many consecutive entries known from earlier runs.
GOVNEWS_STOP_AFTER_KNOWN = 5
# Fetch every listed article again (refresh), and also walk every listing page (full).
GOVNEWS_REFRESH = False
GOVNEWS_FULL = False
# Estimated Jaccard similarity of character shingles above which an article of another site is a reprint.
GOVNEWS_REPRINT_THRESHOLD = 0.7
# After each run, POST a summary of its changes here (a chat tool's incoming webhook, or any endpoint).
GOVNEWS_NOTIFY_URL = os.environ.get("GOVNEWS_NOTIFY_URL", "")
# Where OUT/ is published (e.g. https://example.org/govnews/), to make the Atom feeds' self links absolute.
GOVNEWS_FEED_BASE_URL = os.environ.get("GOVNEWS_FEED_BASE_URL", "")
# The webhook body: slack (also Mattermost, Rocket.Chat), dingtalk, wecom, feishu or json.
GOVNEWS_NOTIFY_STYLE = os.environ.get("GOVNEWS_NOTIFY_STYLE", "slack")
# Crawl health: a site is degraded when title/published/paragraphs coverage falls below MIN_COVERAGE, a
# field's coverage drops by more than MAX_COVERAGE_DROP against the median of the last HISTORY runs,
# its listings show less than MIN_ENTRIES_SHARE of their usual entries per page, more than
# MAX_ERROR_SHARE of its pages fail, or it is blocked.
GOVNEWS_HEALTH_MIN_COVERAGE = 0.8
GOVNEWS_HEALTH_MAX_COVERAGE_DROP = 0.2
GOVNEWS_HEALTH_MIN_ENTRIES_SHARE = 0.5
GOVNEWS_HEALTH_MAX_ERROR_SHARE = 0.2
GOVNEWS_HEALTH_HISTORY = 5
# Pin the clock at this instant (ISO 8601, e.g. 2026-11-27T08:00:00Z); it runs on from there. Empty: the
# system clock. Every "now" of govnews reads this one clock (govnews/runs/clock.py): tests and replays pin it.
GOVNEWS_NOW = os.environ.get("GOVNEWS_NOW", "")
# Live progress lines: auto (when stderr is a terminal), on or off.
GOVNEWS_PROGRESS = "auto"
GOVNEWS_PROGRESS_INTERVAL = 1.0
