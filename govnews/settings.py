"""Scrapy settings for govnews. Every GOVNEWS_* setting is declared here with its default.

Components read settings in ``from_crawler``; only this module reads the environment.
"""

import os

from govnews import __version__

BOT_NAME = "govnews"
SPIDER_MODULES = ["govnews.spiders"]
NEWSPIDER_MODULE = "govnews.spiders"

# --- identity -------------------------------------------------------------------------------
GOVNEWS_CONTACT_URL = os.environ.get("GOVNEWS_CONTACT_URL", "https://github.com/govnews/govnews")
USER_AGENT = f"govnews/{__version__} (+{GOVNEWS_CONTACT_URL})"

# --- politeness -----------------------------------------------------------------------------
ROBOTSTXT_OBEY = True
DOWNLOAD_DELAY = 1.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 2
DOWNLOAD_TIMEOUT = 30

# --- output ---------------------------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"

# --- govnews --------------------------------------------------------------------------------
# Where the demo profiles find the bundled demo portal.
GOVNEWS_DEMO_URL = os.environ.get("GOVNEWS_DEMO_URL", "http://127.0.0.1:8765")
# An extra folder of site profiles, added to (and overriding) the package's own.
GOVNEWS_PROFILES_DIR = os.environ.get("GOVNEWS_PROFILES_DIR", "")
