"""robots.txt is obeyed for every request, also those queued while robots.txt is still on its way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from govnews.demo.server import DemoPortal
from govnews.demo.world import DemoWorld
from govnews.runs import clock

pytestmark = pytest.mark.e2e  # crawls, servers or browsers in other processes

PROFILE = """id = "robots-check"
name = "robots.txt check"
family = "trs"

[status]
state = "verified"
date = "2026-11-27"
how = "tests/test_robots.py"

[pagination]
kind = "trs"

[[columns]]
name = "街道动态"
url = "{demo}/trs/jddt/xfjd/index.html"
"""
FORBIDDEN_COLUMN = """
[[columns]]
name = "内部{n}"
url = "{{demo}}/trs/private/col{n}/index.html"
"""


def test_requests_waiting_for_a_slow_robots_txt_are_all_checked(tmp_path: Path):
    """Four columns start together and wait while robots.txt takes 0.3 s; three are disallowed."""
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    text = PROFILE + "".join(FORBIDDEN_COLUMN.format(n=n) for n in (1, 2, 3))
    (profiles / "robots-check.toml").write_text(text, "utf-8")
    with DemoPortal(DemoWorld(clock.china_today(), 2)) as portal:
        portal.latency = 0.3
        env = dict(os.environ, GOVNEWS_DEMO_URL=portal.base_url, GOVNEWS_PROFILES_DIR=str(profiles))
        result = subprocess.run([sys.executable, "-m", "govnews", "crawl", "--site", "robots-check", "--out",
                                 str(tmp_path / "out"), "--no-delay", "--progress", "off"],
                                env=env, capture_output=True, text=True, timeout=300)
        paths = [r.path for r in portal.requests]
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert paths[0] == "/robots.txt"
    assert [p for p in paths if p.startswith("/trs/private/")] == []
    assert "/trs/jddt/xfjd/index.html" in paths  # the allowed column was crawled
    (run,) = (tmp_path / "out" / "runs").iterdir()
    log = (run / "crawl.log").read_text("utf-8")
    # the three columns, and the private article the allowed column links to
    assert "'robotstxt/forbidden': 4" in log and "'govnews/robots_forbidden': 4" in log
    manifest = json.loads((run / "manifest.json").read_text("utf-8"))
    assert manifest["sites"]["robots-check"]["articles"] > 0


def test_scrapys_own_middleware_still_lets_waiting_requests_through(tmp_path: Path):
    """The reason for compat.OneWaiterRobotsTxtMiddleware: the same crawl with Scrapy's middleware fetches pages
    robots.txt forbids. When this fails, upstream has fixed the bypass and the override can go."""
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    text = PROFILE + "".join(FORBIDDEN_COLUMN.format(n=n) for n in (1, 2, 3))
    (profiles / "robots-check.toml").write_text(text, "utf-8")
    scrapys_own = json.dumps({"govnews.crawler.compat.OneWaiterRobotsTxtMiddleware": None,
                              "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": 100})
    with DemoPortal(DemoWorld(clock.china_today(), 2)) as portal:
        portal.latency = 0.3
        env = dict(os.environ, GOVNEWS_DEMO_URL=portal.base_url, GOVNEWS_PROFILES_DIR=str(profiles))
        result = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "govnews", "-a", "site=robots-check",
                                 "-s", f"GOVNEWS_OUT={tmp_path / 'out'}", "-s", "GOVNEWS_NO_DELAY=1", "-s", "DOWNLOAD_DELAY=0",
                                 "-s", f"DOWNLOADER_MIDDLEWARES={scrapys_own}", "-s", "LOG_LEVEL=WARNING"],
                                env=env, capture_output=True, text=True, timeout=300, cwd=Path(__file__).resolve().parents[1])
        paths = [r.path for r in portal.requests]
    assert result.returncode == 0, result.stderr
    assert paths[0] == "/robots.txt"
    assert [p for p in paths if p.startswith("/trs/private/")], "Scrapy's middleware now holds: drop the override"
