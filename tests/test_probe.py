"""Probing a column, driven page by page without a network: the job asks, the test answers as a site would."""

from __future__ import annotations

from govnews.crawler.fetch import Fetched
from govnews.listing import ListingRequest
from govnews.onboarding.probe import probe_column
from govnews.runs import clock

BASE = "http://www.example.gov.cn"
ARTICLE = """<html><head><meta charset="utf-8"><title>{title}_示例街道</title></head><body>
<div class="article"><h1 class="article_title">{title}</h1><div class="article_time">发布时间：2026-11-{day:02d}</div>
<div class="TRS_Editor"><p>11月{day}日，示例街道召开会议，部署近期重点工作，街道机关干部和社区书记参加会议并发言。</p>
<p>会议强调，要压实责任、细化措施，确保各项任务按期落实到位，切实提升群众的获得感和满意度。</p></div></div></body></html>"""


def drive(job, pages: dict[tuple[str, str], Fetched]) -> tuple[object, list[ListingRequest]]:
    """Run a fetch job, answering each request from ``pages`` (404 for anything else); the result and every request."""
    asked: list[ListingRequest] = []
    try:
        batch = next(job)
        while True:
            asked += batch
            batch = job.send([pages.get((r.method, r.url)) or Fetched(r.url, r.method, r.url, 404, reason="http_404",
                                                                        problem="HTTP error 404") for r in batch])
    except StopIteration as stop:
        return stop.value, asked


def page(url: str, html: str, method: str = "GET", content_type: str = "text/html; charset=utf-8") -> tuple:
    return (method, url), Fetched(url, method, url, 200, {"Content-Type": content_type}, (), html.encode("utf-8"))


def _trs_listing(index: int, numbers: range) -> str:
    nav = "".join(f'<li><a href="/{p}/">{name}</a></li>' for p, name in (("zwgk", "政务公开"), ("jddt", "街道动态"),
                                                                             ("bsfw", "办事服务"), ("hdjl", "互动交流")))
    items = "".join(f'<li><a href="./202611/t202611{n:02d}_{n}.html" title="示例街道新闻{n}号标题">示例街道新闻{n}号标题</a>'
                    f"<em>2026-11-{n:02d}</em></li>" for n in numbers)
    return (f'<html><head><meta charset="utf-8"><title>街道动态_示例区</title></head><body><div class="list"><ul>{nav}</ul></div>'
            f'<div class="xwlb"><ul>{items}</ul></div><script>createPageHTML(2, {index}, "index", "html");</script></body></html>')


def test_a_preset_that_picks_the_navigation_gets_an_entry_selector_for_the_dated_list():
    """TRS's preset ``.list li`` finds this template's menu; the dated list beside it is the column."""
    pages = dict([page(f"{BASE}/jddt/index.html", _trs_listing(0, range(20, 12, -1))),
                  page(f"{BASE}/jddt/index_1.html", _trs_listing(1, range(12, 4, -1)))]
                 + [page(f"{BASE}/jddt/202611/t202611{n:02d}_{n}.html", ARTICLE.format(title=f"示例街道新闻{n}号标题", day=n))
                    for n in range(1, 21)])
    found, asked = drive(probe_column(f"{BASE}/jddt/index.html", clock.now()), pages)
    assert found.ok, found.problem
    assert found.family == "trs" and found.pagination.kind == "trs"
    assert found.entry_selector == "div.xwlb li" and found.rule.origin == "profile"
    assert [e.url for e in found.entries][:2] == [f"{BASE}/jddt/202611/t20261120_20.html", f"{BASE}/jddt/202611/t20261119_19.html"]
    assert found.date_selector == "em" and found.dates_found == (8, 8)
    assert found.next_checked == f"{BASE}/jddt/index_1.html: 8 entries, 8 not on the first page"
    assert [a.record["title"] for a in found.articles] == ["示例街道新闻20号标题", "示例街道新闻19号标题"]
    assert [r.url for r in asked][:2] == [f"{BASE}/jddt/index.html", f"{BASE}/jddt/index_1.html"]


HANWEB = """<html><head><meta charset="utf-8"><title>示例街道</title><script src="/module/web/jpage/jpage.js"></script></head><body>
<div id="1"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=77&unitid=1&webname=x&permissiontype=0"></a>]]></nextgroup>
<recordset>{records}</recordset></datastore></script></div>
<script>var param_1={{col:1,appid:1,webid:1,path:'/',columnid:77,sourceContentType:1,unitid:'1',webname:'x',permissiontype:0}};</script>
<script>$(function(){{ new jpage({{unitid:'1',perpage:2,totalRecord:4,pagesize:2,param:param_1}}); }});</script></body></html>"""


def _record(n: int) -> str:
    return f"<record><![CDATA[<li><a href='/art/2026/11/{n}/art_77_{n}.html' title='示例街道新闻{n}号'>示例街道新闻{n}号</a><span class='bt_date'>2026-11-{n:02d}</span></li>]]></record>"


def test_a_hanweb_column_that_pages_by_get_only():
    """dataproxy.jsp refuses POSTed record windows (405) and answers GET page=2: the profile says mode = "get"."""
    proxy = f"{BASE}/module/web/jpage/dataproxy.jsp"
    get = f"{proxy}?page=2&appid=1&webid=1&path=/&columnid=77&unitid=1&webname=x&permissiontype=0"
    pages = dict([page(f"{BASE}/col/col77/index.html", HANWEB.format(records=_record(9) + _record(8))),
                  page(get, f"<datastore><totalrecord>4</totalrecord><recordset>{_record(7)}{_record(6)}</recordset></datastore>",
                       content_type="text/xml; charset=UTF-8")]
                 + [page(f"{BASE}/art/2026/11/{n}/art_77_{n}.html", ARTICLE.format(title=f"示例街道新闻{n}号", day=n))
                    for n in range(6, 10)])
    found, asked = drive(probe_column(f"{BASE}/col/col77/index.html", clock.now()), pages)
    assert found.ok, found.problem
    assert found.pagination.kind == "hanweb" and dict(found.pagination.params) == {"perpage": 2, "mode": "get"}
    assert [(r.method, r.url.split("?")[0]) for r in asked[1:3]] == [("POST", proxy), ("GET", proxy)]
    assert found.date_selector == "span.bt_date"
    assert found.next_checked == f"GET {get}: 2 records, 2 new"


def test_a_column_whose_articles_are_all_challenges_gives_no_profile():
    listing = _trs_listing(0, range(20, 12, -1)).replace("createPageHTML(2,", "createPageHTML(1,")
    pages = dict([page(f"{BASE}/jddt/index.html", listing)])
    for n in range(13, 21):
        url = f"{BASE}/jddt/202611/t202611{n:02d}_{n}.html"
        pages[("GET", url)] = Fetched(url, "GET", url, reason="blocked", problem="blocked: ruishu (HTTP 412)")
    found, asked = drive(probe_column(f"{BASE}/jddt/index.html", clock.now()), pages)
    assert found.problem == f"no article could be read ({BASE}/jddt/202611/t20261120_20.html: blocked: ruishu (HTTP 412))"
    assert len(asked) == 1 + 4  # the listing, then at most four articles
