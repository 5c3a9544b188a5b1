"""`govnews listing`: what govnews finds on one listing page, on every saved real listing page and on the demo portal."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from govnews.demo.server import DemoPortal
from govnews.demo.world import DemoWorld
from govnews.listing import ListingPage
from govnews.listing.detect import inspect_listing
from govnews.runs import clock

from support.listings import demo_listings, precision_recall, real_listings

REAL = real_listings()


def listing(*args: str, env: dict | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govnews", "listing", *args], capture_output=True, timeout=300,
                          env=env or dict(os.environ), input=stdin)


def as_json(result: subprocess.CompletedProcess) -> dict:
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def portal():
    with DemoPortal(DemoWorld(clock.china_today(), 2)) as running:
        yield running


@pytest.fixture(scope="module")
def env(portal):
    return dict(os.environ, GOVNEWS_DEMO_URL=portal.base_url)


def test_every_saved_real_listing_page_is_in_the_proof():
    assert [c.name for c in REAL] == ["pingtan-listing-008.html", "pingtan-listing-011.html"]
    assert [len(c.expected) for c in REAL] == [75, 10]


@pytest.mark.parametrize("case", REAL, ids=lambda c: c.name)
def test_real_listing_pages_main_list_found_without_navigation(case):
    view = as_json(listing(str(case.path), "--url", case.url, "--json"))
    assert set(view) == {"family", "rule", "entries", "next"}
    found = [e["url"] for e in view["entries"]]
    precision, recall = precision_recall(found, case.expected)
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)
    assert not [u for u in found if u not in case.expected]  # no navigation link, no link of another box
    assert view["next"] == case.next  # none: these pages are paged by a script
    assert all(set(e) == {"url", "title", "date", "pinned"} for e in view["entries"])


@pytest.mark.parametrize("case", REAL, ids=lambda c: c.name)
def test_real_listing_dates_and_titles_are_what_the_page_shows(case):
    truth = json.loads(case.path.with_name(case.name.replace(".html", ".expected.json")).read_text("utf-8"))
    view = as_json(listing(str(case.path), "--url", case.url, "--json"))
    shown = {e["url"]: (e["title"], e["date"]) for e in view["entries"]}
    expected = {url: (e["title"], e["date"]) for url, e in zip(case.expected, truth["entries"], strict=True)}
    assert shown == expected


def test_with_a_profile_the_rule_is_the_profiles():
    case = REAL[0]
    result = listing(str(case.path), "--url", case.url, "--site", "pingtan")
    assert result.returncode == 0
    out = result.stdout.decode()
    assert "rule        profile (listing.entry = 'div[ms-visible] li')" in out
    assert "family      trs (profile pingtan)" in out and "entries     75" in out and "next        none" in out


def test_a_saved_page_from_standard_input():
    case = REAL[1]
    view = as_json(listing("-", "--url", case.url, "--json", stdin=case.path.read_bytes()))
    assert [e["url"] for e in view["entries"]] == list(case.expected)


def test_demo_listing_pages_entries_and_next_page():
    """Every HTML listing page of the demo portal, read without a profile: its entries in order, and its next page."""
    base, world = "http://demo.example", DemoWorld(clock.china_today(), 2)
    cases = demo_listings(world, base)
    assert len(cases) == 21
    for case in cases:
        path = case.url.removeprefix(base)
        status, headers, body = world.handle("GET", path, {}, b"")
        view = inspect_listing(ListingPage(case.url, body, dict(headers)), clock.now())
        assert [e.url for e in view.entries] == list(case.expected), case.name
        nxt = view.next.url if view.next else None
        if not case.name.startswith("demo-hanweb-xinhua"):  # its hand-written profile pages by GET; detection asks by POST
            assert nxt == case.next, case.name
        else:
            assert nxt.startswith(f"{base}/hanweb/module/web/jpage/dataproxy.jsp?startrecord=16")


@pytest.mark.e2e
def test_a_fetched_listing_page_as_json(portal, env):
    url = f"{portal.base_url}/vsb/xwdt/2.htm"
    view = as_json(listing(url, "--json", "--no-delay", env=env))
    assert view["family"] == "vsb" and view["rule"] == "family_preset"
    assert view["entries"][0] == {"url": f"{portal.base_url}/vsb/info/1116/5920.htm", "title": "青山街道开展助老助残志愿服务",
                                  "date": "2026-02-16", "pinned": False}
    assert view["next"] == f"{portal.base_url}/vsb/xwdt/1.htm"


@pytest.mark.e2e
def test_what_the_human_view_says(portal, env):
    result = listing(f"{portal.base_url}/trs/jddt/hpjd/index.html", "--no-delay", env=env)
    assert result.returncode == 0
    out = result.stdout.decode().splitlines()
    assert out[1:5] == ["family      trs (marker script:createPageHTML)",
                        'pagination  trs (TRS pager script createPageHTML(3, 0, "index", "html"))',
                        "rule        family preset trs (.list li)", "entries     8"]
    assert out[5] == "  2026-08-18  [pinned] 【我为群众办实事】和平街道开展助老助残志愿服务"
    assert out[-1] == f"next        GET {portal.base_url}/trs/jddt/hpjd/index_1.html"


@pytest.mark.e2e
def test_a_hanweb_next_request_shows_its_form(portal, env):
    result = listing(f"{portal.base_url}/hanweb/col/col1229001/index.html", "--no-delay", env=env)
    out = result.stdout.decode().splitlines()
    assert out[-2].startswith(f"next        POST {portal.base_url}/hanweb/module/web/jpage/dataproxy.jsp?startrecord=16")
    assert out[-1].startswith("            form col=1&appid=1&webid=1&path=/&columnid=1229001")


@pytest.mark.e2e
@pytest.mark.parametrize(("path", "reason"), [
    ("/blocked/ruishu/list.html", "blocked: ruishu (HTTP 412)"),
    ("/blocked/waf/list.html", "blocked: waf_403 (HTTP 403)"),
    ("/trs/private/xfjd/t20260708_1017.html", "robots.txt disallows it"),
    ("/trs/nope/index.html", "HTTP error 404"),
])
def test_a_page_that_is_no_content_gets_its_one_line_reason(portal, env, path, reason):
    result = listing(f"{portal.base_url}{path}", "--no-delay", env=env)
    assert result.returncode == 1
    assert result.stderr.decode() == f"govnews listing: {portal.base_url}{path}: {reason}\n"
    assert result.stdout == b""


def test_bad_input_is_one_line(tmp_path):
    missing = listing(str(tmp_path / "nope.html"))
    assert missing.returncode == 1 and missing.stderr.decode().startswith(f"govnews listing: {tmp_path / 'nope.html'}: cannot read")
    pdf = tmp_path / "list.html"
    pdf.write_bytes(b"%PDF-1.4 ...")
    result = listing(str(pdf), "--url", "http://www.example.gov.cn/list/")
    assert result.returncode == 1
    assert result.stderr.decode() == f"govnews listing: {pdf}: not an HTML page (a PDF document)\n"
    both = listing("http://www.example.gov.cn/list/", "--url", "http://www.example.gov.cn/")
    assert both.returncode == 2 and b"Traceback" not in both.stderr
