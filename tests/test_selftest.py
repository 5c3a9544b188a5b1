"""`govnews selftest` against the demo portal: a good site, a blocked one, a profile broken on purpose, all fetched
through the crawl's own Scrapy stack (robots.txt first, the User-Agent, cookies, challenge pages recognised)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from govnews.demo.server import DemoPortal
from govnews.demo.world import DemoWorld
from govnews.runs import clock

pytestmark = pytest.mark.e2e  # fetches through the crawl's Scrapy stack in other processes


@pytest.fixture(scope="module")
def portal():
    with DemoPortal(DemoWorld(clock.china_today(), 2)) as running:
        yield running


def selftest(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govnews", "selftest", *args, "--no-delay"], env=env, capture_output=True,
                          text=True, timeout=300)


def _env(portal, profiles=None) -> dict:
    env = dict(os.environ, GOVNEWS_DEMO_URL=portal.base_url)
    if profiles is not None:
        env["GOVNEWS_PROFILES_DIR"] = str(profiles)
    return env


def test_a_good_site_shows_every_field_and_its_rule(portal):
    before = len(portal.requests)
    result = selftest("demo-trs-xingfu", env=_env(portal))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == f"listing  GET {portal.base_url}/trs/jddt/xfjd/index.html → HTTP 200, 5529 bytes"
    assert "  8 entries:" in lines and f"  next page: GET {portal.base_url}/trs/jddt/xfjd/index_1.html" in lines
    title = next(line for line in lines if line.startswith("  title"))
    assert "居民的事居民议 桂花社区议事会解决停车难" in title and title.endswith("← meta")
    assert any(line.startswith("  published    2026-01-15T15:45+08:00") for line in lines)
    asked = portal.requests[before:]
    assert [r.path for r in asked][:2] == ["/robots.txt", "/trs/jddt/xfjd/index.html"]  # robots.txt first
    assert all(r.headers.get("User-Agent", "").startswith("govnews/") for r in asked)


def test_a_blocked_site_is_named_as_such(portal):
    result = selftest("demo-blocked-jsl", env=_env(portal))
    assert result.returncode == 1
    assert f"listing  GET {portal.base_url}/blocked/jsl/list.html → blocked: jsl (HTTP 521)" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_profile_broken_on_purpose_says_where_it_fails(portal, tmp_path):
    # A TRS column described as a Hanweb one (the site moved CMS, the profile did not): no entries can be read.
    (tmp_path / "broken-trs.toml").write_text(
        'id = "broken-trs"\nname = "示例区人民政府"\nfamily = "hanweb"\n[status]\nstate = "unverified"\n'
        '[pagination]\nkind = "hanweb"\n[[columns]]\nname = "街道动态"\nurl = "{demo}/trs/jddt/hpjd/index.html"\n', "utf-8")
    result = selftest("broken-trs", env=_env(portal, tmp_path))
    assert result.returncode == 1
    assert "  0 entries — check listing.entry (or the family preset)" in result.stdout
    assert result.stdout.rstrip().endswith("no article to test: the listing showed no entries (give one with --url)")


def test_an_article_robots_txt_disallows_is_not_fetched(portal):
    url = f"{portal.base_url}/trs/private/xfjd/t20260708_1017.html"
    result = selftest("demo-trs-xingfu", "--url", url, env=_env(portal))
    assert result.returncode == 1
    assert f"article  GET {url} → robots.txt disallows it" in result.stdout
    assert not any(r.path == "/trs/private/xfjd/t20260708_1017.html" for r in portal.requests)


def test_a_blocked_article_is_not_read_as_one(portal):
    # 和平街道's listing links one article that answers with a 瑞数 (412) challenge.
    url = f"{portal.base_url}/trs/jddt/hpjd/202512/t20251228_3013.html"
    result = selftest("demo-trs-heping", "--url", url, env=_env(portal))
    assert result.returncode == 1, result.stdout
    assert f"article  GET {url} → blocked: ruishu (HTTP 412)" in result.stdout
    assert "  title" not in result.stdout


class _TwoCookies(BaseHTTPRequestHandler):
    """A listing that answers 200 with two Set-Cookie headers, the first one 加速乐's."""

    def do_GET(self):  # noqa: N802 - the base class's name
        body = b"<html><head><title>x</title></head><body><ul><li><a href='/a/t20260101_1.html'>some news title</a></li></ul></body></html>"
        self.send_response(200 if self.path != "/robots.txt" else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Set-Cookie", "__jsluid_h=0123456789abcdef; path=/")
        self.send_header("Set-Cookie", "JSESSIONID=ABC; path=/")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def test_a_repeated_set_cookie_is_not_lost(portal, tmp_path):
    """urllib kept only the last Set-Cookie; the crawl's stack sees 加速乐's cookie among several."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _TwoCookies)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        (tmp_path / "two-cookies.toml").write_text(
            f'id = "two-cookies"\nname = "x"\nfamily = "generic"\n[status]\nstate = "unverified"\n'
            f'[[columns]]\nname = "news"\nurl = "{base}/list.html"\n', "utf-8")
        result = selftest("two-cookies", env=_env(portal, tmp_path))
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 1
    assert f"listing  GET {base}/list.html → blocked: jsl (HTTP 200)" in result.stdout


def test_no_delay_is_for_local_servers_only(portal, tmp_path):
    (tmp_path / "far-away.toml").write_text(
        'id = "far-away"\nname = "x"\nfamily = "generic"\n[status]\nstate = "unverified"\n'
        '[[columns]]\nname = "news"\nurl = "http://www.example.gov.cn/list.html"\n', "utf-8")
    result = selftest("far-away", env=_env(portal, tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip() == "govnews selftest: --no-delay: only for local test servers (127.0.0.1, localhost)"
