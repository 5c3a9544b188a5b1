"""Listing pages: entries (link, title, date, pinned) and every pagination kind's next request."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import urljoin

import pytest
from conftest import FIXTURES

from govnews.listing import ListingPage, ListingRequest, paginator_for
from govnews.profiles import select_profiles

FETCHED = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
MANIFEST = {m["file"]: m for m in map(json.loads, (FIXTURES / "corpus" / "manifest.jsonl").read_text("utf-8").splitlines())}
PINGTAN_URLS = {"pingtan-listing-008.html": "https://www.pingtan.gov.cn/zwgk/ghxx/gzjzqk/", "pingtan-listing-011.html": "https://www.pingtan.gov.cn/zwgk/zfgzbg/"}


def _page(url: str, body: str | bytes, request: ListingRequest | None = None) -> ListingPage:
    return ListingPage(url, body.encode("utf-8") if isinstance(body, str) else body, {}, request)


@pytest.mark.parametrize("name", sorted(PINGTAN_URLS))
@pytest.mark.parametrize("with_profile", [True, False], ids=["profile", "generic"])
def test_real_trs_listings(name, with_profile):
    expected = MANIFEST[name]["expected"]
    url = PINGTAN_URLS[name]
    selectors = select_profiles(["pingtan"])[0].listing_selectors if with_profile else {}
    paginator = paginator_for("none", {}, selectors, "trs", FETCHED)
    page = _page(url, (FIXTURES / "listings" / name).read_bytes())
    entries = paginator.entries(page)
    assert len(entries) == expected["article_links_total"]
    assert [e.url for e in entries[:5]] == [urljoin(url, href) for href in expected["article_links"]]
    assert (entries[0].title, entries[0].date) == (expected["first_item"]["title"], expected["first_item"]["date"])
    assert paginator.next(page, ListingRequest(url), entries) is None  # paged by script only


TRS_LIST = """<html><head><title>幸福街道_示例区</title></head><body><div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li></ul></div>
<div class="list"><ul>
<li class="top"><span class="zd">[置顶]</span><a href="./202301/t20230105_1003.html" title="幸福街道2023年重点工作安排">幸福街道2023年重点工作安排</a><span>2023-01-05</span></li>
<li><a href="./202611/t20261120_1021.html" title="幸福街道开展消防演练活动">幸福街道开展消防演练…</a><span>[2026-11-20]</span></li>
<li><a href="../../xxgk/xfjd/202605/t20260512_1099.html" title="幸福街道召开议事会">幸福街道召开议事会</a><span>05-12</span></li>
</ul><div class="page"><script type="text/javascript">%s</script></div></div></body></html>"""


def test_trs_entries_dates_and_pinned():
    url = "http://demo.example/trs/jddt/xfjd/index.html"
    page = _page(url, TRS_LIST % 'createPageHTML(4, 0, "index", "html");')
    entries = paginator_for("trs", {}, {}, "trs", FETCHED).entries(page)
    assert [e.url for e in entries] == [
        "http://demo.example/trs/jddt/xfjd/202301/t20230105_1003.html",
        "http://demo.example/trs/jddt/xfjd/202611/t20261120_1021.html",
        "http://demo.example/trs/xxgk/xfjd/202605/t20260512_1099.html",
    ]
    assert [e.pinned for e in entries] == [True, False, False]
    assert [e.date for e in entries] == ["2023-01-05", "2026-11-20", "05-12"]
    assert entries[1].title == "幸福街道开展消防演练活动"  # the full title attribute, not the truncated text


@pytest.mark.parametrize(("script", "expected"), [
    ('createPageHTML(4, 0, "index", "html");', ["index_1.html", "index_2.html", "index_3.html"]),
    ('createPageHTML("page_div", 3, 1, "index", "shtml", 24);', ["index_1.shtml", "index_2.shtml"]),
    ('createPageHTML(1, 0, "index", "html");', []),
])
def test_trs_pages_in_order(script, expected):
    url = "http://demo.example/trs/jddt/xfjd/index.html"
    paginator = paginator_for("trs", {}, {}, "trs", FETCHED)
    request, seen = ListingRequest(url), []
    page = _page(url, TRS_LIST % script)
    while (request := paginator.next(page, request, [])) is not None:
        seen.append(request.url.rsplit("/", 1)[1])
        page = _page(request.url, TRS_LIST % "")  # later pages: the state carries the pager
    assert seen == expected


HANWEB_COLUMN = """<html><body><div id="212860"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/hanweb/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=1229001&unitid=212860&webname=%E7%A4%BA%E4%BE%8B&permissiontype=0"></a>]]></nextgroup>
<recordset>
<record><![CDATA[<li><a href='/hanweb/art/2026/11/20/art_1229001_7654321.html' title='东风街道召开安全生产会议'>东风街道召开安全生产会议</a><span class="bt_date">2026-11-20</span></li>]]></record>
<record><![CDATA[<li><a href='/hanweb/art/2026/11/2/art_1229001_7654300.html' title='东风街道开展反诈宣传'>东风街道开展反诈宣传</a><span class="bt_date">2026-11-02</span></li>]]></record>
</recordset></datastore></script></div>
<script>var param_212860={col:1,appid:1,webid:1,path:'/',columnid:1229001,sourceContentType:1,unitid:'212860',webname:'示例',permissiontype:0};</script></body></html>"""


@pytest.mark.parametrize("mode", ["post", "get"])
def test_hanweb_datastore_and_dataproxy(mode):
    url = "http://demo.example/hanweb/col/col1229001/index.html"
    paginator = paginator_for("hanweb", {"mode": mode, "perpage": 2}, {}, "hanweb", FETCHED)
    page = _page(url, HANWEB_COLUMN)
    entries = paginator.entries(page)
    assert [e.url for e in entries] == [
        "http://demo.example/hanweb/art/2026/11/20/art_1229001_7654321.html",
        "http://demo.example/hanweb/art/2026/11/2/art_1229001_7654300.html",
    ]
    assert entries[1].date == "2026-11-02"
    nxt = paginator.next(page, ListingRequest(url), entries)
    assert nxt.headers["Referer"] == url
    if mode == "post":
        assert nxt.method == "POST"
        assert nxt.url == "http://demo.example/hanweb/module/web/jpage/dataproxy.jsp?startrecord=3&endrecord=8&perpage=2"
        assert nxt.formdata["columnid"] == "1229001" and nxt.formdata["unitid"] == "212860"
    else:
        assert nxt.method == "GET" and "page=2&" in nxt.url and "columnid=1229001" in nxt.url
    xml = "<datastore><totalrecord>3</totalrecord><totalpage>2</totalpage><recordset><record><![CDATA[<li><a href='/hanweb/art/2026/10/1/art_1229001_7654200.html'>东风街道国庆活动</a><span>2026-10-01</span></li>]]></record></recordset></datastore>"
    page2 = _page(nxt.url, xml, nxt)
    entries2 = paginator.entries(page2)
    assert [e.date for e in entries2] == ["2026-10-01"]
    assert paginator.next(page2, nxt, entries2) is None  # all 3 records seen


VSB_PAGE = """<html><body><ul class="list"><li id="line_u7_0"><a href="{prefix}info/1116/5946.htm" title="青山街道开展邻里节">青山街道开展邻里节</a><span>2026-06-23</span></li></ul>
<div class="pb_sys_common pb_sys_normal pb_sys_style1"><span class="p_t">共30条</span>{next}<span class="p_t">1/3</span></div></body></html>"""


def test_vsb_reversed_paging():
    paginator = paginator_for("vsb", {}, {}, "vsb", FETCHED)
    first = "http://demo.example/vsb/xwdt.htm"
    page = _page(first, VSB_PAGE.format(prefix="", next='<span class="p_next p_fun"><a href="xwdt/2.htm">下页</a></span>'))
    assert paginator.entries(page)[0].url == "http://demo.example/vsb/info/1116/5946.htm"
    second = paginator.next(page, ListingRequest(first), [])
    assert second.url == "http://demo.example/vsb/xwdt/2.htm"
    page = _page(second.url, VSB_PAGE.format(prefix="../", next='<span class="p_next p_fun"><a href="1.htm">下页</a></span>'), second)
    assert paginator.entries(page)[0].url == "http://demo.example/vsb/info/1116/5946.htm"
    third = paginator.next(page, second, [])
    assert third.url == "http://demo.example/vsb/xwdt/1.htm"
    page = _page(third.url, VSB_PAGE.format(prefix="../", next=""), third)
    assert paginator.next(page, third, []) is None


def test_next_link_stops_on_a_loop():
    paginator = paginator_for("next_link", {}, {}, "generic", FETCHED)
    url = "http://demo.example/gbk/xwdt/list_2.html"
    page = _page(url, '<html><body><ul><li><a href="a.html">某某街道新闻标题</a></li></ul><a class="next" href="list_2.html">下一页</a></body></html>')
    assert paginator.next(page, ListingRequest(url), []) is None


def test_json_pages():
    api = "http://demo.example/gkmlpt/api/all/123?page={page}&sid=1"
    params = {"api": api, "items": "articles", "link": "url", "title": "title", "date": "first_publish_time", "page_size": 2}
    paginator = paginator_for("json_page", params, {}, "generic", FETCHED)
    first = paginator.first("http://demo.example/gkmlpt/index")
    assert first.url.endswith("page=1&sid=1")
    body = {"articles": [{"url": "/gkmlpt/content/post_1.html", "title": "金桥街道消息", "first_publish_time": 1676341800},
                         {"url": "http://demo.example/gkmlpt/content/post_2.html", "title": "二", "first_publish_time": 1676341800}]}
    page = _page(first.url, json.dumps(body), first)
    entries = paginator.entries(page)
    assert entries[0].url == "http://demo.example/gkmlpt/content/post_1.html"
    assert entries[0].date == "2023-02-14 10:30:00"  # Unix seconds in China time
    nxt = paginator.next(page, first, entries)
    assert nxt.url.endswith("page=2&sid=1")
    assert paginator.next(_page(nxt.url, '{"articles": []}', nxt), nxt, []) is None


def test_json_cursor():
    params = {"api": "http://demo.example/sqapi/v1/news?cursor={cursor}", "items": "data.items", "cursor": "data.next", "link": "link", "title": "title", "date": "pubDate"}
    paginator = paginator_for("json_cursor", params, {}, "generic", FETCHED)
    first = paginator.first("")
    assert first.url.endswith("cursor=")
    body = {"data": {"items": [{"link": "/sqapi/news/yh-1001.html", "title": "雨花街道消息", "pubDate": "2026-11-20 09:30"}], "next": "c/8=="}}
    page = _page(first.url, json.dumps(body), first)
    assert paginator.entries(page)[0].date == "2026-11-20 09:30"
    assert paginator.next(page, first, paginator.entries(page)).url.endswith("cursor=c%2F8%3D%3D")
    body["data"]["next"] = None
    assert paginator.next(_page(first.url, json.dumps(body), first), first, paginator.entries(page)) is None


def test_platform_cursor_post():
    paginator = paginator_for("platform", {"user_id": 52300817, "page_size": 2}, {}, "platform", FETCHED)
    first = paginator.first("http://demo.example/mp/c/52300817")
    assert (first.method, first.url) == ("POST", "http://demo.example/static/action/load_columns_article.php?userid=52300817")
    assert first.formdata == {"containerid": "0", "maxid": "", "stickmaskid": ""}
    items = [{"id": 9, "mask_id": "4kq7znm2", "title": "标题一", "create_time": 1676344200}, {"id": 7, "mask_id": "5ktypf9i", "title": "标题二", "create_time": 1676344200}]
    page = _page(first.url, json.dumps(items), first)
    entries = paginator.entries(page)
    assert [e.url for e in entries] == ["http://demo.example/4kq7znm2", "http://demo.example/5ktypf9i"]
    nxt = paginator.next(page, first, entries)
    assert nxt.formdata["maxid"] == "7"
    assert paginator.next(_page(first.url, json.dumps(items[:1]), nxt), nxt, entries[:1]) is None
