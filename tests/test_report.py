"""The run report page and its Markdown twin, checked as text and in a real headless Chromium."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from lxml import html as lxml_html

from govnews.monitor.chart import sparkline, weekly
from govnews.monitor.model import Change, RunReport, SiteHealth
from govnews.monitor.report import render_html, render_md

from support.monitor import (
    AMP_TITLE,
    ARTIFACTS,
    DAYS,
    EVIL_URL,
    POSTINGS,
    QUERY_URL,
    XSS_TITLE,
    expected_bars,
    page_in_chromium,
    sample_report,
)

SITES = ["demo-hanweb", "demo-xingfu", "demo-ruishu"]  # degraded first, then in the order given


class _Attrs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


@pytest.fixture(scope="module")
def page_html() -> str:
    return render_html(sample_report())


@pytest.fixture(scope="module")
def doc(page_html):
    return lxml_html.fromstring(page_html)


def test_page_is_one_self_contained_utf8_document(page_html):
    assert page_html.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in page_html
    assert '<meta charset="utf-8">' in page_html
    assert 'name="viewport"' in page_html
    lowered = page_html.lower()
    for forbidden in ("<link", "@import", "url(", "<script", "<img", "<iframe", "<object", "<embed", "@font-face"):
        assert forbidden not in lowered, forbidden
    parser = _Attrs()
    parser.feed(page_html)
    article_urls = {c.url for c in sample_report().changes}
    external = [(tag, name, value) for tag, attrs in parser.tags for name, value in attrs.items()
                if name in ("src", "href", "srcset", "action", "poster", "data") and value and "http" in value]
    assert external, "the article links are expected"
    assert all(tag == "a" and name == "href" and value in article_urls for tag, name, value in external), external
    assert not any("src" in attrs for _, attrs in parser.tags)


def test_page_text_is_escaped(page_html, doc):
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page_html
    assert "<b>走访</b>" not in page_html and "&lt;b&gt;走访&lt;/b&gt;" in page_html
    assert "平安&amp;和谐" in page_html
    texts = [a.text_content() for a in doc.iter("a")]
    assert XSS_TITLE in texts and AMP_TITLE in texts
    hrefs = [a.get("href") for a in doc.iter("a")]
    assert QUERY_URL in hrefs  # the attribute round-trips: & and " were escaped, not mangled
    assert 'href="https://www.example.gov.cn/art?id=1004&amp;col=7&amp;q=&quot;x&quot;"' in page_html
    assert EVIL_URL not in hrefs and "不该成为链接的标题" in doc.text_content()


def test_page_shows_the_run(doc):
    run = doc.cssselect("dl.run")[0].text_content()
    for text in ("20261127T081500Z", "2026-11-27T08:15:00Z", "2026-11-27T08:16:40Z", "20261127T041500Z",
                 "4 new · 1 updated · 2 removed"):
        assert text in run


def test_changes_grouped_by_site_and_column_with_diffs(doc):
    sections = doc.cssselect("section.site-changes")
    assert [s.get("data-site") for s in sections] == ["demo-hanweb", "demo-xingfu"]
    xingfu = sections[1]
    assert [h.text_content() for h in xingfu.cssselect("h4")] == ["街道动态", "通知公告"]
    new = xingfu.cssselect("ul.changes.new")[0]
    assert new.cssselect("time")[0].get("datetime") == "2026-11-27T10:30+08:00"
    assert new.cssselect("time")[0].text_content() == "2026-11-27 10:30"
    diff = xingfu.cssselect("ul.diff")[0]
    assert [d.text_content() for d in diff.cssselect("li.del del")] == ["共发放宣传册300份。"]
    assert [i.text_content() for i in diff.cssselect("li.ins ins")] == ["共发放宣传册500份，<i>覆盖</i>全部小区。", "下一步将持续推进。"]
    removed = [li.text_content() for li in doc.cssselect("ul.changes.removed li")]
    assert any("下架的文章" in r and "no longer listed" in r for r in removed)
    assert any("已删除的通知" in r and "HTTP 404" in r for r in removed)
    assert "瑞数街道" in doc.cssselect("p.quiet")[0].text_content()


def test_one_chart_per_site_with_a_bar_per_day_that_had_postings(doc):
    figures = doc.cssselect("figure.chart")
    assert [f.get("data-site") for f in figures] == SITES
    boxes = set()
    for figure in figures:
        site = figure.get("data-site")
        svg = figure.cssselect("svg")[0]
        boxes.add(svg.get("viewbox"))
        bars = svg.cssselect("rect.bar")
        assert len(bars) == expected_bars(site)
        for bar in bars:
            day, count = bar.get("data-day"), int(bar.get("data-count"))
            assert POSTINGS[site][day] == count
            assert bar.cssselect("title")[0].text_content() == f"{day}: {count}"
            assert float(bar.get("height")) > 0
        # x positions follow the day: the time axis is the same for every site
        xs = [float(b.get("x")) for b in bars]
        assert xs == sorted(xs) and len(set(xs)) == len(xs)
        labels = [t.text_content() for t in svg.cssselect("text.xlabel")]
        assert labels[0] == DAYS[0][5:] and labels[-1] == DAYS[-1][5:] and 2 <= len(labels) <= 6
    assert len(boxes) == 1
    tallest = max(doc.cssselect('figure[data-site="demo-xingfu"] rect.bar'), key=lambda b: float(b.get("height")))
    assert tallest.get("data-count") == "5"


def test_health_table_lists_degraded_first_with_reasons(doc):
    rows = doc.cssselect("table.health tbody tr")
    assert [r.get("data-site") for r in rows] == SITES
    assert "DEGRADED" in rows[0].text_content() and "title coverage 0.20, was 1.00" in rows[0].text_content()
    assert "DEGRADED" not in rows[1].text_content() + rows[2].text_content()
    assert "BLOCKED" in rows[2].text_content() and "街道动态: ruishu ×1" in rows[2].text_content()
    assert "no earlier runs" in rows[2].text_content()
    header = [th.text_content() for th in doc.cssselect("table.health thead th")]
    assert header[:4] == ["Site", "Status", "Counts", "Coverage"]
    assert "title" in header and "blocked" in header
    title_cell = rows[0].cssselect('td[data-label="title coverage"]')[0]
    assert title_cell.text_content() == "20%median 100%" and "bad" in title_cell.get("class")
    blocked_cell = rows[2].cssselect('td[data-label="blocked"]')[0]
    assert blocked_cell.text_content() == "1" and "bad" in blocked_cell.get("class")
    alert = doc.cssselect(".alert")[0].text_content()
    assert "汉维街道" in alert and "瑞数街道" in alert


def test_markdown_carries_the_same_information():
    text = render_md(sample_report())
    assert text.startswith("# govnews run 20261127T081500Z\n")
    assert "- Compared with: 20261127T041500Z" in text
    assert "- **DEGRADED** 汉维街道 (`demo-hanweb`): title coverage 0.20, was 1.00; articles 2, was 6" in text
    assert "- **BLOCKED** 瑞数街道 (`demo-ruishu`): 街道动态: ruishu ×1" in text
    assert "[\\<script\\>alert(1)\\</script\\>幸福街道召开会议](<https://www.example.gov.cn/xf/1.html>)" in text
    assert "“平安&和谐”社区 \\<b\\>走访\\</b\\> 活动" in text
    assert "(javascript:alert(2))" in text and "](<javascript:" not in text
    diff = re.search(r"  ```diff\n(.*?)\n  ```", text, re.DOTALL)[1].splitlines()
    assert diff == ["  - 共发放宣传册300份。", "  + 共发放宣传册500份，<i>覆盖</i>全部小区。", "  + 下一步将持续推进。"]
    assert "— HTTP 404 (not found)" in text and "— no longer listed" in text
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert len(rows) == 1 + 3 and "**DEGRADED**" in rows[1] and "20% (100%)" in rows[1]
    chart = re.search(r"```\n(demo.*?)\n```", text, re.DOTALL)[1]
    sparks = {line.split()[0]: line.split()[1] for line in chart.splitlines()}
    assert set(sparks) == set(SITES)
    assert sparks["demo-ruishu"] == "·" * 13
    assert sparks["demo-xingfu"] == sparkline(weekly(DAYS, POSTINGS["demo-xingfu"]))
    assert sparks["demo-xingfu"][-1] == "█" and len(sparks["demo-xingfu"]) == 13


def test_sparkline_scales_to_block_characters():
    assert sparkline([0, 1, 4, 8]) == "·▁▄█"
    assert sparkline([0, 0]) == "··"
    assert weekly(DAYS[-8:], {DAYS[-8]: 2, DAYS[-1]: 3}) == [2, 3]


def test_empty_run_renders():
    report = RunReport("r1", "2026-11-27T08:00:00Z", None, None, (), (), {}, ())
    page = render_html(report)
    assert "not finished" in page and "none (first run)" in page and "Nothing new" in page
    assert "Nothing new, updated or removed" in render_md(report)


def test_first_run_says_once_that_there_is_no_history():
    report = sample_report()
    report = RunReport(**{**report.__dict__, "health": tuple(
        SiteHealth(**{**h.__dict__, "baseline": {}}) for h in report.health)})
    doc = lxml_html.fromstring(render_html(report))
    assert "no earlier runs to compare with yet" in doc.cssselect("#health h2")[0].text_content()
    assert "no earlier runs" not in doc.cssselect("table.health")[0].text_content()
    assert not doc.cssselect("table.health .base")


def test_report_survives_odd_input():
    change = Change("updated", "x", "https://a.example/\x001", None, "s", None, None)
    report = RunReport("r\x072", "t", "t", "p", (change,), (), {"s": {DAYS[0]: 1}}, DAYS)
    page = render_html(report)
    assert "\x00" not in page and "\x07" not in page
    assert "(untitled)" in page and "No paragraph changed" in page


# --- the page in a real browser ---------------------------------------------------------------------


@pytest.mark.e2e
def test_report_renders_in_headless_chromium(tmp_path):
    report = sample_report()
    path = tmp_path / "report.html"
    path.write_text(render_html(report), encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    with page_in_chromium(path) as (page, requests, errors, dialogs):
        table = page.locator("table.health")
        _assert_visible_box(table.bounding_box(), "health table")
        assert page.locator("table.health tbody tr").count() == 3
        degraded = page.locator('table.health tr[data-site="demo-hanweb"] .badge.degraded')
        assert degraded.is_visible() and degraded.inner_text() == "DEGRADED"
        for site in SITES:
            svg = page.locator(f'figure.chart[data-site="{site}"] svg')
            _assert_visible_box(svg.bounding_box(), f"chart of {site}")
            bars = svg.locator("rect.bar")
            assert bars.count() == expected_bars(site)
            heights = bars.evaluate_all("rs => rs.map(r => r.getBoundingClientRect().height)")
            assert all(h > 0 for h in heights), (site, heights)
        assert page.locator("ul.diff li.del del").evaluate(
            "e => getComputedStyle(e).textDecorationLine") == "line-through"
        assert page.get_by_role("link", name=XSS_TITLE).count() == 1
        page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)

        page.set_viewport_size({"width": 390, "height": 844})  # a phone: no sideways scrolling of the page
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(ARTIFACTS / "report-phone.png"), full_page=True)

        page.emulate_media(media="print")
        pdf = page.pdf(path=str(ARTIFACTS / "report.pdf"), format="A4", landscape=True, print_background=True)
        assert pdf.startswith(b"%PDF")
    assert requests == [path.as_uri()], requests
    assert errors == [] and dialogs == []
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000


def _assert_visible_box(box, what):
    assert box is not None, f"{what} is not rendered"
    assert box["width"] > 0 and box["height"] > 0, f"{what} has no size: {box}"


def test_missing_chromium_fails_the_browser_test_instead_of_skipping(monkeypatch, tmp_path):
    import support.monitor as monitor_support

    monkeypatch.setattr(monitor_support, "CHROMIUM", tmp_path / "no-chromium")
    with pytest.raises(pytest.fail.Exception, match="Chromium is missing .* scripts/test.sh"):
        monitor_support.launch_chromium(playwright=None)
