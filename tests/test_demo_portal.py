"""The bundled demo portal itself: URLs, statuses, headers, bytes, days, and the world's expectations."""

from __future__ import annotations

import html
import json
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlsplit

import pytest
from conftest import FIXTURES

from govnews.cli import main
from govnews.demo.seed_article import load_seed
from govnews.demo.server import DemoPortal
from govnews.demo.world import DemoWorld
from govnews.runs import clock

TODAY = date(2026, 11, 27)
CN = timezone(timedelta(hours=8))
EXPECTED_COUNTS = {  # site: (expected URLs on day 1, on day 2)
    "demo-trs-district": (20, 20), "demo-trs-xingfu": (23, 25), "demo-trs-heping": (21, 21),
    "demo-trs-guangming": (18, 18), "demo-hanweb-dongfeng": (35, 35), "demo-hanweb-xinhua": (20, 20),
    "demo-vsb-qingshan": (30, 30), "demo-gbk-changle": (16, 16), "demo-json-jinqiao": (25, 25),
    "demo-json-yuhua": (18, 18), "demo-platform-quanchenglu": (22, 23), "demo-blocked-ruishu": (0, 0),
    "demo-blocked-jsl": (0, 0), "demo-blocked-waf": (0, 0), "demo-blocked-challenge": (0, 0), "demo-blocked-empty": (0, 0),
}
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy


def fetch(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with _OPENER.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def page_text(body: bytes, encoding: str = "utf-8") -> str:
    """What a reader sees, roughly: tags, scripts and styles gone, whitespace collapsed."""
    text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", body.decode(encoding))
    text = re.sub(r"(?i)</?(?:strong|b|em|span|a)\b[^>]*>", "", text)  # inline runs join their neighbours
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


@pytest.fixture(scope="module")
def portal():
    with DemoPortal(DemoWorld(TODAY)) as running:
        yield running


@pytest.fixture(scope="module")
def world(portal) -> DemoWorld:
    return portal.world


def _article(world: DemoWorld, site: str, **match):
    return next(a for a in world.articles(site) if all(getattr(a, k) == v for k, v in match.items()))


# --- the world's expectations API ---------------------------------------------------------------

def test_expected_counts_per_site_and_day():
    for day in (1, 2):
        world = DemoWorld(TODAY, day)
        assert world.site_ids() == list(EXPECTED_COUNTS)
        counts = {s: len(world.expected_urls(s, "http://h")) for s in world.site_ids()}
        assert counts == {s: pair[day - 1] for s, pair in EXPECTED_COUNTS.items()}


def test_expected_urls_are_absolute_and_only_expected_articles():
    world = DemoWorld(TODAY)
    urls = world.expected_urls("demo-trs-heping", "http://127.0.0.1:9/")
    articles = world.articles("demo-trs-heping")
    assert all(u.startswith("http://127.0.0.1:9/trs/") for u in urls)
    blocked = [a for a in articles if a.status == 412]
    assert len(blocked) == 1 and not blocked[0].expected
    assert "http://127.0.0.1:9" + blocked[0].path not in urls


def test_listing_urls_per_family(world):
    base = "http://h"
    assert world.listing_urls("demo-trs-xingfu", base) == [f"{base}/trs/jddt/xfjd/index.html"] + [
        f"{base}/trs/jddt/xfjd/index_{n}.html" for n in (1, 2, 3)]
    assert world.listing_urls("demo-vsb-qingshan", base) == [f"{base}/vsb/xwdt.htm", f"{base}/vsb/xwdt/2.htm", f"{base}/vsb/xwdt/1.htm"]
    assert world.listing_urls("demo-gbk-changle", base)[-1] == f"{base}/gbk/xwdt/list_3.html"
    assert world.listing_urls("demo-hanweb-dongfeng", base)[1].endswith("dataproxy.jsp?startrecord=16&endrecord=60&perpage=15")
    assert "page=2&" in world.listing_urls("demo-hanweb-xinhua", base)[1]
    assert world.listing_urls("demo-json-jinqiao", base)[-1] == f"{base}/gkmlpt/api/all/123?page=3&sid=1"
    assert len(world.listing_urls("demo-json-yuhua", base)) == 3
    assert len(world.listing_urls("demo-platform-quanchenglu", base)) == 3
    assert world.listing_urls("demo-blocked-jsl", base) == [f"{base}/blocked/jsl/list.html"]


def test_same_today_and_day_give_identical_pages():
    first, second, other = DemoWorld(TODAY), DemoWorld(TODAY), DemoWorld(TODAY - timedelta(days=1))
    paths = [a.path for s in first.site_ids() for a in first.articles(s)[:3]] + ["/trs/jddt/xfjd/index_1.html", "/vsb/xwdt/1.htm"]
    for path in paths:
        assert first.handle("GET", path, {"Host": "h"}, b"") == second.handle("GET", path, {"Host": "h"}, b"")
    assert first.articles("demo-trs-xingfu") != other.articles("demo-trs-xingfu")


def test_articles_are_dated_within_two_years_and_never_after_today(world):
    for site in world.site_ids():
        for a in world.articles(site):
            day = date.fromisoformat(a.published[:10])
            assert day <= TODAY
            if "4kq7znm" not in a.path:  # the seed and its two neighbours keep their 2023 dates
                assert TODAY - day <= timedelta(days=740), a.path
            if day == TODAY and site != "demo-platform-quanchenglu":
                assert a.published == TODAY.isoformat()  # today's articles show the date only


# --- serving: statuses, headers, bytes ----------------------------------------------------------

def test_listing_page_headers_and_pager(portal):
    status, headers, body = fetch(portal.base_url + "/trs/jddt/xfjd/index.html")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert int(headers["Content-Length"]) == len(body)
    assert headers["Date"].endswith("GMT")
    text = body.decode("utf-8")
    assert 'createPageHTML(4, 0, "index", "html");' in text
    assert '<a href="index_1.html"' not in text  # the pager is written by script only
    assert text.count('<li class="top"><span class="zd">[置顶]</span>') == 2
    second = fetch(portal.base_url + "/trs/jddt/xfjd/index_1.html")[2].decode("utf-8")
    assert "[置顶]" not in second and 'createPageHTML(4, 1, "index", "html");' in second


def test_every_expected_article_and_its_files_are_served(portal, world):
    for site in world.site_ids():
        for a in world.articles(site):
            if not a.expected:
                continue
            status, headers, body = fetch(portal.base_url + a.path)
            assert status == 200, a.path
            encoding = "gbk" if site == "demo-gbk-changle" else "utf-8"
            text = page_text(body, encoding)
            assert a.title in text
            for paragraph in a.paragraphs:  # the ground truth is what the page shows
                assert paragraph in text, (a.path, paragraph)
            for path, caption in a.images:
                img = fetch(portal.base_url + path)
                assert img[0] == 200 and img[1]["Content-Type"] == "image/jpeg" and img[2][:3] == b"\xff\xd8\xff"
                assert caption is None or caption in a.paragraphs
            for path, name in a.attachments:
                doc = fetch(portal.base_url + path)
                assert doc[0] == 200 and doc[1]["Content-Type"] == "application/pdf" and doc[2].startswith(b"%PDF-")
                assert name in text


def test_titles_are_escaped_and_truncated_in_trs_listings(portal, world):
    entries = [a for a in world.articles("demo-trs-xingfu") if a.listing_date]
    longest = max(entries, key=lambda a: len(a.title))
    assert len(longest.title) > 24
    pages = "".join(fetch(u)[2].decode("utf-8") for u in world.listing_urls("demo-trs-xingfu", portal.base_url))
    assert f'title="{html.escape(longest.title)}"' in pages
    assert f">{html.escape(longest.title[:24])}…</a>" in pages
    quoted = [a for s in world.site_ids() for a in world.articles(s) if '"' in a.title]
    assert quoted and all('"' not in html.escape(a.title) for a in quoted)


def test_trs_listing_variants(portal):
    heping = fetch(portal.base_url + "/trs/jddt/hpjd/index.html")[2].decode("utf-8")
    assert re.search(r"<span>\[\d{4}-\d{2}-\d{2}\]</span></li>", heping)
    guangming = fetch(portal.base_url + "/trs/jddt/gmjd/index_2.html")[2].decode("utf-8")
    assert 'createPageHTML("page_div", 3, 3, "index", "html", 18);' in guangming
    district = fetch(portal.base_url + "/trs/qzyw/index.html")[2].decode("utf-8")
    assert 'createPageHTML(3, 0, "index", "html");' in district
    empty = fetch(portal.base_url + "/trs/jddt/empty/index.html")
    assert empty[0] == 200 and 'createPageHTML(1, 0, "index", "html");' in empty[2].decode()
    assert "<li><a" not in empty[2].decode().split('<div class="list">')[1].split("</ul>")[0]


def test_article_with_no_date_but_in_its_body(portal, world):
    a = _article(world, "demo-trs-xingfu", listing_date=None, pinned=False, status=200)
    assert re.fullmatch(r"/trs/jddt/xfjd/content_\d+\.html", a.path)
    assert a.published == f"{TODAY.year - 1}-03-05"
    assert a.paragraphs[0].startswith("3月5日")
    assert any(f"{TODAY.year - 1}年" in p for p in a.paragraphs[1:])
    text = fetch(portal.base_url + a.path)[2].decode("utf-8")
    outside_body = text.split('<div id="zoom">')[0] + text.split("</div></div>", 1)[1]
    assert 'name="PubDate"' not in text
    assert not re.search(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}|\d{1,2}月\d{1,2}日", outside_body)


def test_robots_private_link_and_the_duplicate_listing(portal, world):
    robots = fetch(portal.base_url + "/robots.txt")
    assert robots[0] == 200 and robots[2] == b"User-agent: *\nDisallow: /trs/private/\n"
    private = _article(world, "demo-trs-xingfu", expected=False)
    assert private.path.startswith("/trs/private/xfjd/t") and private.listing_date
    pages = "".join(fetch(u)[2].decode() for u in world.listing_urls("demo-trs-xingfu", portal.base_url))
    assert f'href="{private.path}"' in pages and "../../xxgk/xfjd/" in pages
    copies = [a for a in world.articles("demo-trs-xingfu") if a.path.startswith("/trs/xxgk/")]
    twins = [a for a in world.articles("demo-trs-xingfu") if any(a.paragraphs == c.paragraphs and a.path != c.path for c in copies)]
    assert len(copies) == 2 and len(twins) == 1 and twins[0].expected


def test_reposts_of_district_releases(world):
    district = [a for a in world.articles("demo-trs-district") if a.source in ("示例区融媒体中心", "示例区人力资源和社会保障局")]
    for sub in ("demo-trs-xingfu", "demo-trs-heping"):
        reposts = [a for a in world.articles(sub) if any(a.paragraphs[-1] == d.paragraphs[-1] for d in district)]
        assert len(reposts) == 3
        assert all(a.title.startswith(("示例区", "我区")) for a in reposts)


# --- Hanweb --------------------------------------------------------------------------------------

def test_hanweb_column_embeds_the_first_records(portal, world):
    text = fetch(portal.base_url + "/hanweb/col/col1229001/index.html")[2].decode("utf-8")
    assert text.count("<record><![CDATA[<li><a href='/hanweb/art/") == 15
    assert "var param_212860={col:1,appid:1,webid:1,path:'/',columnid:1229001," in text
    assert "<nextgroup><![CDATA[<a href=\"/hanweb/module/web/jpage/dataproxy.jsp?page=1&" in text
    first = world.articles("demo-hanweb-dongfeng")[0]
    assert re.fullmatch(r"/hanweb/art/\d{4}/[1-9]\d?/[1-9]\d?/art_1229001_\d+\.html", first.path)


def test_hanweb_dataproxy_needs_a_referer(portal, world):
    form = (b"col=1&appid=1&webid=1&path=/&columnid=1229001&sourceContentType=1&unitid=212860"
            b"&webname=%E7%A4%BA%E4%BE%8B%E5%8E%BF&permissiontype=0")
    url = portal.base_url + "/hanweb/module/web/jpage/dataproxy.jsp?startrecord=16&endrecord=30&perpage=15"
    assert fetch(url, form)[0] == 403
    assert fetch(url, form, {"Referer": "http://evil.example/hanweb/"})[0] == 403
    status, headers, body = fetch(url, form, {"Referer": portal.base_url + "/hanweb/col/col1229001/index.html"})
    assert status == 200 and headers["Content-Type"] == "text/xml; charset=UTF-8"
    text = body.decode("utf-8")
    assert text.startswith("<datastore><totalrecord>35</totalrecord><totalpage>3</totalpage><recordset>")
    listed = [a for a in world.articles("demo-hanweb-dongfeng") if a.listing_date]
    assert re.findall(r"href='([^']+)'", text) == [a.path for a in listed[15:30]]


def test_hanweb_get_pages_and_no_static_index_1(portal, world):
    url = (portal.base_url + "/hanweb/module/web/jpage/dataproxy.jsp?page=2&appid=1&webid=1&path=/&columnid=1229002"
           "&unitid=212861&webname=%E7%A4%BA%E4%BE%8B%E5%8E%BF&permissiontype=0")
    status, _, body = fetch(url, headers={"Referer": portal.base_url + "/hanweb/col/col1229002/index.html"})
    assert status == 200
    assert re.findall(r"href='([^']+)'", body.decode()) == [a.path for a in world.articles("demo-hanweb-xinhua")[15:20]]
    for path in ("/hanweb/col/col1229001/index_1.html", "/hanweb/col/col1229002/index_2.html"):
        status, headers, body = fetch(portal.base_url + path)
        assert status == 404 and "页面不存在" in body.decode("utf-8")


# --- VSB, GBK, JSON, platform --------------------------------------------------------------------

def test_vsb_pages_count_down(portal):
    first = fetch(portal.base_url + "/vsb/xwdt.htm")[2].decode()
    assert '<span class="p_next p_fun"><a href="xwdt/2.htm">下页</a></span>' in first
    assert '<span class="p_last p_fun"><a href="xwdt/1.htm">尾页</a></span>' in first and "共30条" in first
    assert re.search(r'<li id="line_u7_0"><a href="info/1116/\d+\.htm" title="', first)
    second = fetch(portal.base_url + "/vsb/xwdt/2.htm")[2].decode()
    assert '<a href="1.htm">下页</a>' in second and 'href="../info/1116/' in second and "2/3" in second
    last = fetch(portal.base_url + "/vsb/xwdt/1.htm")[2].decode()
    assert "下页</a>" not in last and '<span class="p_t">3/3</span>' in last


def test_gbk_site_serves_gbk_bytes(portal, world):
    status, headers, body = fetch(portal.base_url + "/gbk/xwdt/list.html")
    assert status == 200 and headers["Content-Type"] == "text/html"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = body.decode("gbk")
    assert 'content="text/html; charset=gb2312"' in text and '<a class="next" href="list_2.html">下一页</a>' in text
    titles = [a.title for a in world.articles("demo-gbk-changle")]
    gbk_only = [t for t in titles if any(_not_gb2312(ch) for ch in t)]
    assert len(gbk_only) >= 2
    last = fetch(portal.base_url + "/gbk/xwdt/list_3.html")[2].decode("gbk")
    assert 'class="next"' not in last


def _not_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
        return False
    except UnicodeEncodeError:
        return True


def test_gbk_article_with_a_lying_header(portal, world):
    headers_seen = {}
    for a in world.articles("demo-gbk-changle"):
        status, headers, body = fetch(portal.base_url + a.path)
        headers_seen[a.path] = headers["Content-Type"]
        assert a.title in page_text(body, "gbk")
    liars = [p for p, ct in headers_seen.items() if ct == "text/html; charset=utf-8"]
    assert len(liars) == 1 and set(headers_seen.values()) == {"text/html", "text/html; charset=utf-8"}
    body = fetch(portal.base_url + liars[0])[2]
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")


def test_gkmlpt_json_pages(portal, world):
    status, headers, body = fetch(portal.base_url + "/gkmlpt/api/all/123?page=1&sid=1")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    data = json.loads(body)
    assert (data["total"], data["page"], data["page_size"], len(data["articles"])) == (25, 1, 10, 10)
    first = data["articles"][0]
    assert first["url"] == portal.base_url + world.articles("demo-json-jinqiao")[0].path
    assert first["publisher"] == "金桥街道办事处" and isinstance(first["first_publish_time"], int)
    assert len(json.loads(fetch(portal.base_url + "/gkmlpt/api/all/123?page=3&sid=1")[2])["articles"]) == 5
    assert json.loads(fetch(portal.base_url + "/gkmlpt/api/all/123?page=4&sid=1")[2])["articles"] == []


def test_cursor_api_walks_every_item_once(portal, world):
    links, cursor, calls = [], "", 0
    while cursor is not None:
        data = json.loads(fetch(f"{portal.base_url}/sqapi/v1/news?cursor={cursor}")[2])["data"]
        assert len(data["items"]) <= 8
        links += [i["link"] for i in data["items"]]
        cursor, calls = data["next"], calls + 1
    assert links == [a.path for a in world.articles("demo-json-yuhua")] and calls == 3
    assert fetch(portal.base_url + "/sqapi/v1/news?cursor=not-a-cursor")[0] == 400


def test_platform_list_api_pages_by_maxid(portal, world):
    api = portal.base_url + "/mp/static/action/load_columns_article.php?userid=52300817"
    ids, maxid = [], ""
    while True:
        items = json.loads(fetch(api, f"containerid=0&maxid={maxid}&stickmaskid=".encode())[2])
        if not items:
            break
        assert len(items) <= 10 and all(re.fullmatch(r"[a-z0-9]{8}", i["mask_id"]) for i in items)
        ids += [i["id"] for i in items]
        maxid = items[-1]["id"]
    assert ids == sorted(ids, reverse=True) and len(ids) == 23
    account = fetch(portal.base_url + "/mp/c/52300817")[2].decode()
    assert "泉城路街道" in account and world.articles("demo-platform-quanchenglu")[0].path not in account
    assert fetch(api, method="GET")[0] == 405


def test_seed_article_page(portal, world):
    seed = load_seed()
    status, _, body = fetch(portal.base_url + "/mp/4kq7znm2")
    assert status == 200
    text = body.decode("utf-8")
    assert seed.body_html in text and f"<title>{seed.title}</title>" in text
    assert '<span class="mp-author-name">泉城路</span>' in text
    assert "create_time" not in text and "mp-article-caption-subhead-time" not in text
    golden = (FIXTURES / "golden" / "seed-quanchenglu" / "page.html").read_text("utf-8")
    assert text == golden.replace('href="/4kq7znm', 'href="/mp/4kq7znm')  # only the links differ: /mp/ on the portal
    a = _article(world, "demo-platform-quanchenglu", path="/mp/4kq7znm2")
    assert a.published == "2023-02-14T11:05:00+08:00" and a.author == "泉城路" and len(a.paragraphs) == 6
    api = portal.base_url + "/mp/static/action/load_columns_article.php?userid=52300817"
    everything, maxid = [], ""
    while batch := json.loads(fetch(api, f"containerid=0&maxid={maxid}&stickmaskid=".encode())[2]):
        everything, maxid = everything + batch, batch[-1]["id"]
    entry = next(i for i in everything if i["mask_id"] == "4kq7znm2")
    assert datetime.fromtimestamp(entry["create_time"], CN) == datetime(2023, 2, 14, 11, 5, tzinfo=CN)


# --- blocked stubs, 404, methods -----------------------------------------------------------------

@pytest.mark.parametrize("path,status,marker,cookie", [
    ("/blocked/ruishu/list.html", 412, "$_ts=window['$_ts']", "FSSBBIl1UgzbN7N80S="),
    ("/blocked/jsl/list.html", 521, "location.href=location.pathname+location.search", "__jsluid_s="),
    ("/blocked/waf/list.html", 403, "您的访问被拒绝", None),
    ("/blocked/challenge/list.html", 200, "acw_sc__v2", "acw_tc="),
    ("/blocked/jsl/other/page_2.html", 521, "__jsl_clearance_s=", "__jsluid_s="),
])
def test_blocked_stubs(portal, path, status, marker, cookie):
    got_status, headers, body = fetch(portal.base_url + path)
    assert got_status == status and marker in body.decode("utf-8")
    assert "<li><a" not in body.decode("utf-8")
    if cookie:
        assert headers["Set-Cookie"].startswith(cookie)


def test_blocked_article_answers_the_ruishu_challenge(portal, world):
    a = _article(world, "demo-trs-heping", status=412)
    status, headers, body = fetch(portal.base_url + a.path)
    assert status == 412 and "r='m'" in body.decode() and a.title not in body.decode()
    assert fetch(portal.base_url + "/blocked/ruishu/abc.js")[1]["Content-Type"].startswith("application/javascript")


def test_unknown_paths_head_and_methods(portal):
    status, headers, body = fetch(portal.base_url + "/no/such/page.html")
    assert status == 404 and "您访问的页面不存在" in body.decode("utf-8") and headers["Content-Type"] == "text/html; charset=utf-8"
    full = fetch(portal.base_url + "/trs/qzyw/index.html")
    head = fetch(portal.base_url + "/trs/qzyw/index.html", method="HEAD")
    assert head[0] == 200 and head[2] == b"" and head[1]["Content-Length"] == str(len(full[2]))
    assert fetch(portal.base_url + "/robots.txt", method="DELETE")[0] == 405


# --- days ------------------------------------------------------------------------------------------

def test_day_one_and_day_two():
    day1, day2 = DemoWorld(TODAY, 1), DemoWorld(TODAY, 2)
    with DemoPortal(day1) as running:
        new = set(day2.expected_urls("demo-trs-xingfu", running.base_url)) - set(day1.expected_urls("demo-trs-xingfu", running.base_url))
        assert len(new) == 2 and all(fetch(u)[0] == 404 for u in new)
        removed = _article(day1, "demo-hanweb-dongfeng", published=_article(day2, "demo-hanweb-dongfeng", status=404).published)
        assert fetch(running.base_url + removed.path)[0] == 200
        page1_day1 = fetch(running.base_url + "/trs/jddt/xfjd/index.html")[2].decode()
        running.world = day2  # the portal switches days while running
        assert all(fetch(u)[0] == 200 for u in new)
        assert fetch(running.base_url + removed.path)[0] == 404
        column = fetch(running.base_url + "/hanweb/col/col1229001/index.html")[2].decode()
        assert removed.path not in column and f"<span class=\"bt_date\">{TODAY}</span>" in column
        page1_day2 = fetch(running.base_url + "/trs/jddt/xfjd/index.html")[2].decode()
    shown = lambda page: re.findall(r'<li><a href="([^"]+)"', page.split('<div class="list">')[1])  # noqa: E731
    assert shown(page1_day2)[2:] == shown(page1_day1)[:-2]  # two new entries push the rest down
    assert "createPageHTML(3, 0," in page1_day1 and "createPageHTML(4, 0," in page1_day2


def test_the_edited_article():
    day1 = {a.path: a for a in DemoWorld(TODAY, 1).articles("demo-trs-xingfu")}
    day2 = {a.path: a for a in DemoWorld(TODAY, 2).articles("demo-trs-xingfu")}
    changed = [p for p in day1 if p in day2 and day1[p] != day2[p]]
    assert len(changed) == 1
    old, new = day1[changed[0]], day2[changed[0]]
    assert old.published.startswith(str(TODAY - timedelta(days=2))) and old.title == new.title
    assert len(new.paragraphs) == len(old.paragraphs) + 1
    assert sum(p not in new.paragraphs for p in old.paragraphs) == 1


# --- the server --------------------------------------------------------------------------------------

def test_request_log_and_recorded_requests(tmp_path):
    log = tmp_path / "requests.jsonl"
    with DemoPortal(DemoWorld(TODAY), request_log=log) as running:
        fetch(running.base_url + "/robots.txt", headers={"User-Agent": "govnews-test/1"})
        fetch(running.base_url + "/vsb/xwdt.htm")
        assert [r.path for r in running.requests] == ["/robots.txt", "/vsb/xwdt.htm"]
        assert running.requests[0].headers.get("User-Agent") == "govnews-test/1"
        assert running.requests[0].time <= running.requests[1].time <= time.monotonic()
    lines = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    assert [(line["method"], line["path"], line["ua"]) for line in lines][0] == ("GET", "/robots.txt", "govnews-test/1")
    assert len(lines) == 2 and abs(lines[0]["t"] - clock.now().timestamp()) < 60


def test_survives_clients_that_hang_up(portal):
    for _ in range(5):
        with socket.create_connection(("127.0.0.1", portal.port)) as sock:
            sock.sendall(b"GET /trs/jddt/xfjd/index.html HTTP/1.1\r\nHost: x\r\n\r\n")
        with socket.create_connection(("127.0.0.1", portal.port)) as sock:
            sock.sendall(b"POST /hanweb/module/web/jpage/dataproxy.jsp HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\nabc")
    assert fetch(portal.base_url + "/robots.txt")[0] == 200


# --- govnews portal ---------------------------------------------------------------------------------

@pytest.mark.parametrize("args,fragment", [
    (["--day", "3"], "--day"), (["--today", "2026-13-01"], "--today"), (["--port", "http"], "--port"),
])
def test_cli_rejects_bad_arguments(capsys, args, fragment):
    assert main(["portal", *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and fragment in err and "Traceback" not in err


def test_cli_busy_port(capsys, portal):
    assert main(["portal", "--port", str(portal.port)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(portal.port) in err


@pytest.mark.e2e
def test_cli_serves_in_the_foreground_until_interrupted():
    process = subprocess.Popen([sys.executable, "-m", "govnews", "portal", "--port", "0", "--day", "1", "--today", str(TODAY)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        first = process.stdout.readline()
        base = re.search(r"http://127\.0\.0\.1:\d+", first).group(0)
        assert "hint" in process.stdout.readline()
        assert fetch(base + "/trs/jddt/xfjd/index.html")[0] == 200
        new = DemoWorld(TODAY, 2).expected_urls("demo-trs-xingfu", base) - DemoWorld(TODAY, 1).expected_urls("demo-trs-xingfu", base)
        assert fetch(sorted(new)[0])[0] == 404  # --day 1: nothing dated today
        process.send_signal(signal.SIGINT)  # as Ctrl-C
        out, err = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 0
    logged = [line for line in err.splitlines() if line.strip()]
    assert len(logged) == 2 and all("Traceback" not in line for line in logged) and "/trs/jddt/xfjd/index.html 200" in logged[0]
    assert urlsplit(base).port


def test_a_request_log_that_cannot_be_written_is_named_not_the_port(tmp_path, capsys):
    from govnews.cli import main

    a_file = tmp_path / "afile"
    a_file.write_text("", "utf-8")
    assert main(["portal", "--port", "0", "--request-log", str(a_file / "x.log")]) == 3
    line = capsys.readouterr().err.strip()
    assert line.startswith(f"govnews portal: --request-log {a_file / 'x.log'}: cannot write there") and "\n" not in line
