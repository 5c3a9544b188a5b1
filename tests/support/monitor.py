"""Test support for the monitor views: a hand-built RunReport, and a headless Chromium to open pages.

Import into a test module: ``from support.monitor import sample_report, page_in_chromium``.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest

from govnews.monitor.model import Change, RunReport, SiteHealth

from support.realclock import real_clock_env

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

RUN_DAY = date(2026, 11, 27)
DAYS = tuple((RUN_DAY - timedelta(days=89 - i)).isoformat() for i in range(90))
XSS_TITLE = "<script>alert(1)</script>幸福街道召开会议"
AMP_TITLE = "“平安&和谐”社区 <b>走访</b> 活动"
EVIL_URL = "javascript:alert(2)"
QUERY_URL = 'https://www.example.gov.cn/art?id=1004&col=7&q="x"'

# Postings per day: demo-xingfu on 12 days, demo-hanweb on 5, demo-ruishu never (it is blocked).
POSTINGS = {
    "demo-xingfu": {DAYS[i]: n for i, n in [(0, 1), (3, 2), (10, 1), (20, 4), (31, 1), (45, 2), (60, 3),
                                           (70, 1), (80, 5), (85, 2), (88, 1), (89, 3)]},
    "demo-hanweb": {DAYS[i]: n for i, n in [(5, 1), (40, 1), (41, 2), (77, 1), (89, 1)]},
    "demo-ruishu": {},
}
# A day outside the 90 must not be drawn.
POSTINGS["demo-hanweb"]["2026-01-01"] = 9


def _health(site, name, region, degraded=False, reasons=(), blocked=None, coverage=1.0, history=True):
    counts = {"listing_pages": 4, "article_pages": 6, "articles": 6, "new": 3, "updated": 1, "unchanged": 2,
              "gone": 1, "blocked": sum(sum(k.values()) for k in (blocked or {}).values()), "errors": 0}
    cov = {"title": coverage, "published": 1.0, "source": 0.5, "paragraphs": 1.0}
    baseline = dict(counts, blocked=0, title=1.0, published=1.0, source=0.5, paragraphs=1.0) if history else {}
    return SiteHealth(site=site, site_name=name, region=region, counts=counts, coverage=cov, baseline=baseline,
                      blocked_columns=blocked or {}, degraded=degraded, reasons=tuple(reasons))


def sample_report() -> RunReport:
    changes = (
        Change("new", "a000000000000001", "https://www.example.gov.cn/xf/1.html", XSS_TITLE, "demo-xingfu",
               "街道动态", "2026-11-27T10:30+08:00"),
        Change("new", "a000000000000002", QUERY_URL, AMP_TITLE, "demo-xingfu", "街道动态", "2026-11-26"),
        Change("new", "a000000000000003", EVIL_URL, "不该成为链接的标题", "demo-xingfu", "通知公告", None),
        Change("updated", "a000000000000004", "https://www.example.gov.cn/xf/4.html", "幸福街道开展垃圾分类宣传",
               "demo-xingfu", "街道动态", "2026-11-25",
               paragraphs_removed=("共发放宣传册300份。",),
               paragraphs_added=("共发放宣传册500份，<i>覆盖</i>全部小区。", "下一步将持续推进。")),
        Change("removed", "a000000000000005", "https://www.example.gov.cn/xf/5.html", "已删除的通知",
               "demo-xingfu", "通知公告", "2026-11-20", reason="http_404"),
        Change("new", "b000000000000001", "https://hanweb.example.gov.cn/art/2026/11/27/1.html", "汉维街道新闻",
               "demo-hanweb", None, "2026-11-27"),
        Change("removed", "b000000000000002", "https://hanweb.example.gov.cn/art/2026/11/1/2.html", "下架的文章",
               "demo-hanweb", None, "2026-11-01", reason="delisted"),
    )
    health = (
        _health("demo-xingfu", "幸福街道办事处", "浙江省示例市示例区幸福街道"),
        _health("demo-ruishu", "瑞数街道", "浙江省示例市示例区瑞数街道",
                blocked={"街道动态": {"ruishu": 1}}, history=False),
        _health("demo-hanweb", "汉维街道", "浙江省示例市示例区汉维街道", degraded=True,
                reasons=("title coverage 0.20, was 1.00", "articles 2, was 6"), coverage=0.2),
    )
    return RunReport(
        run_id="20261127T081500Z", started_at="2026-11-27T08:15:00Z", finished_at="2026-11-27T08:16:40Z",
        previous_run_id="20261127T041500Z", changes=changes, health=health, postings=POSTINGS, days=DAYS,
    )


def expected_bars(site: str) -> int:
    return sum(1 for day, n in POSTINGS[site].items() if day in DAYS and n > 0)


def launch_chromium(playwright):
    """Debian's Chromium, headless, with nothing of its own going to the network. Fails, never skips."""
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run `bash scripts/test.sh`, which installs Debian's "
                    "chromium (or `apt-get install chromium`)")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
                                      timeout=60_000, env=real_clock_env())


def sync_playwright():
    try:
        from playwright.sync_api import sync_playwright as start
    except ImportError:
        pytest.fail("Playwright for Python is missing: run `bash scripts/test.sh` (it installs the test extra)")
    return start()


@contextmanager
def page_in_chromium(path: Path, width: int = 1280, height: int = 900):
    """``(page, requests, errors, dialogs)`` for ``path`` opened from disk in headless Chromium.

    Every request but ``file:`` ones is recorded and refused, so a leak can neither pass nor hang a test.
    """
    requests: list[str] = []
    errors: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            context = browser.new_context(viewport={"width": width, "height": height})
            context.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())
            page = context.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(path.as_uri(), wait_until="load")
            yield page, requests, errors, dialogs
        finally:
            browser.close()
