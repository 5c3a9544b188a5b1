"""The pure parts of onboarding: the spreadsheet, ids, JSON list APIs, proposed selectors, the drafted TOML."""

from __future__ import annotations

import json
import tomllib

import pytest

from govnews.demo.world import DemoWorld
from govnews.listing import ListingPage
from govnews.listing.detect import PaginationGuess, inspect_listing
from govnews.listing.entries import list_shape
from govnews.listing.suggest import date_selector, group_selector
from govnews.onboarding.draft import ColumnDraft, ProfileDraft, common_place
from govnews.onboarding.listapi import guess_list_api
from govnews.onboarding.naming import profile_id
from govnews.onboarding.probe import ColumnFindings
from govnews.onboarding.sheet import SheetError, read_sheet
from govnews.profiles import select_profiles
from govnews.regions import place_of
from govnews.runs import clock

from support.listings import real_listings


def test_a_chinese_excel_csv_with_chinese_headers(tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes("网址,栏目,地区,备注\r\nhttp://www.lixia.gov.cn/col/col1/index.html,泉城路街道,历下区泉城路街道,甲\r\n"
                      ",,,\r\nhttp://x.gov.cn/a/,,,\r\nnot-a-url,x,,\r\nhttp://[::1,y,,\r\nhttp://x.gov.cn:99999/b/,z,,\r\n"
                      .encode("gb18030"))
    rows, problems = read_sheet(str(sheet))
    assert [(r.line, r.url, r.column, r.region) for r in rows] == [
        (2, "http://www.lixia.gov.cn/col/col1/index.html", "泉城路街道", "历下区泉城路街道"), (4, "http://x.gov.cn/a/", None, None)]
    assert problems == [(5, "url: 'not-a-url' is not an http(s) URL"),
                        (6, "url: 'http://[::1' is not a valid URL (a malformed [IPv6] host)"),
                        (7, "url: 'http://x.gov.cn:99999/b/' is not a valid URL (its port is not a number from 1 to 65535)")]


def test_a_utf8_csv_with_a_byte_order_mark_and_a_bad_id(tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("\ufeffURL,id\nhttp://a.gov.cn/x/,Lixia Site\nhttp://a.gov.cn/y/,lixia\n", "utf-8")
    rows, problems = read_sheet(str(sheet))
    assert [(r.line, r.id) for r in rows] == [(3, "lixia")]
    assert problems[0][0] == 2 and problems[0][1].startswith("id: 'Lixia Site' is not a slug")


@pytest.mark.parametrize("text", ["", "column,region\n泉城路,历下区\n", "url\n\n"])
def test_a_file_that_is_no_spreadsheet_of_urls(tmp_path, text):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(text, "utf-8")
    with pytest.raises(SheetError) as err:
        read_sheet(str(sheet))
    assert str(err.value).startswith(f"{sheet}: ")


@pytest.mark.parametrize(("url", "expected"), [
    ("http://www.lixia.gov.cn/col/col1234/index.html", "lixia-col1234"),
    ("http://www.lunan.gov.cn/lunanqu/wenbeijiedao/", "lunan-lunanqu-wenbeijiedao"),
    ("https://www.pingtan.gov.cn/zwgk/ghxx/gzjzqk/", "pingtan-ghxx-gzjzqk"),
    ("http://wbq.gov.cn/zbdt/", "wbq-zbdt"),
    ("http://127.0.0.1:8765/vsb/xwdt.htm", "127-0-0-1-vsb-xwdt"),
    ("http://www.lixia.gov.cn/list.html", "lixia"),  # a column page at the site's root: the host alone
])
def test_ids_from_the_host_and_the_columns_folders(url, expected):
    assert profile_id(url) == expected


def test_a_cursor_api_and_a_paged_api_are_recognised():
    cursor = {"code": 0, "data": {"items": [{"link": "/news/yh-1.html", "title": "雨花街道开展消防演练", "pubDate": "2026-11-03 10:05"},
                                            {"link": "/news/yh-2.html", "title": "雨花街道召开议事会议", "pubDate": "2026-11-01"}],
                                  "next": "c2=="}}
    guess = guess_list_api("http://x.gov.cn/api/news", json.dumps(cursor).encode())
    assert guess.kind == "json_cursor"
    assert dict(guess.params) == {"api": "http://x.gov.cn/api/news?cursor={cursor}", "cursor": "data.next", "items": "data.items",
                                  "link": "link", "title": "title", "date": "pubDate"}
    paged = {"total": 25, "articles": [{"id": n, "url": f"http://x.gov.cn/post_{n}.html", "title": "金桥街道工作动态消息",
                                        "first_publish_time": 1676341800} for n in range(10)]}
    guess = guess_list_api("http://x.gov.cn/api/all/123?page=1&sid=1", json.dumps(paged).encode())
    assert guess.kind == "json_page"
    assert dict(guess.params) == {"api": "http://x.gov.cn/api/all/123?sid=1&page={page}", "start": 1, "page_size": 10,
                                  "items": "articles", "link": "url", "title": "title", "date": "first_publish_time"}


@pytest.mark.parametrize("body", [b"<html></html>", b'{"code": 0, "msg": "ok"}', b'[{"a": 1}, {"a": 2}]'])
def test_an_answer_that_is_no_list_of_articles(body):
    assert guess_list_api("http://x.gov.cn/api", body) is None


def test_the_list_shape_of_a_real_page_is_pinned_by_the_selector_a_person_wrote():
    """On the Pingtan listings the proposed selector is the one the hand-written profile uses."""
    hand = select_profiles(["pingtan"])[0].listing_selectors["entry"]
    for case in real_listings():
        page = ListingPage(case.url, case.path.read_bytes(), {})
        assert group_selector(page.root, list_shape(page.root), case.url, {}, clock.now()) == hand[0]


def test_a_date_selector_that_skips_a_pinned_badge():
    world = DemoWorld(clock.china_today(), 2)
    _, headers, body = world.handle("GET", "/trs/jddt/xfjd/index.html", {}, b"")
    page = ListingPage("http://demo.example/trs/jddt/xfjd/index.html", body, dict(headers))
    view = inspect_listing(page, clock.now())
    assert view.entries[0].pinned  # its first span is "[置顶]", not the date
    assert date_selector(view.elements, clock.now()) == ("span:last-child", 8, 8)


def _findings(url: str, kind: str, params: dict, date: str | None) -> ColumnFindings:
    return ColumnFindings(url, url, family="hanweb", pagination=PaginationGuess(kind, params, "a test"), date_selector=date,
                          hosts=["www.lixia.gov.cn", "lixia.gov.cn"], undecided=['a note with "quotes" and \\ backslash'])


def test_a_drafted_profile_loads_with_its_columns_own_pagination_and_places():
    columns = [
        ColumnDraft(_findings("http://www.lixia.gov.cn/col/col1/index.html", "hanweb", {"perpage": 15, "mode": "post"},
                              "span.bt_date"), "泉城路街道", place_of("370102004000")),
        ColumnDraft(_findings("http://www.lixia.gov.cn/col/col2/index.html", "hanweb", {"perpage": 15, "mode": "get"},
                              "//span[@class='bt_date']"), '大明湖"街道', place_of("历下区大明湖街道")),
    ]
    draft = ProfileDraft("lixia", "济南市历下区人民政府", columns, "govnews profile import", "2026-11-27T08:00:00Z", "2026-11-27")
    draft.place_columns()
    text = draft.toml()
    assert "# Could not decide:" in text and '"quotes"' in text
    tomllib.loads(text)
    profile = draft.validate("lixia.toml")
    assert profile.region["code"] == "370102000000" and profile.allowed_domains == ("www.lixia.gov.cn", "lixia.gov.cn")
    assert [c.pagination.params["mode"] for c in profile.columns] == ["post", "get"]
    assert [c.region["subdistrict"] for c in profile.columns] == ["泉城路街道", "大明湖街道"]
    assert profile.columns[1].name == '大明湖"街道'
    assert profile.listing_selectors["date"] == ("span.bt_date", "//span[@class='bt_date']")


def test_columns_that_share_a_title_get_names_of_their_own():
    url = "http://www.lixia.gov.cn/col/col{}/index.html"
    columns = [ColumnDraft(_findings(url.format(n), "hanweb", {"perpage": 15, "mode": "post"}, None), "街道动态", place)
               for n, place in ((1, place_of("370102004000")), (2, place_of("370102005000")), (3, None))]
    draft = ProfileDraft("lixia", "历下区", columns, "govnews profile import", "2026-11-27T08:00:00Z", "2026-11-27")
    draft.name_columns()
    draft.place_columns()
    assert [c.name for c in draft.validate("lixia.toml").columns] == ["街道动态", "街道动态 · 大明湖街道", "街道动态 (3)"]


def test_a_column_url_twice_in_a_sheet(tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("url\nhttp://a.gov.cn/x/\nhttp://a.gov.cn/x/\n", "utf-8")
    rows, problems = read_sheet(str(sheet))
    assert [r.line for r in rows] == [2] and problems == [(3, "url: the same as line 2's; expected each column once")]


def test_the_common_place_of_several_columns():
    places = [place_of("370102004000"), place_of("370102005000"), place_of("370103002000")]
    assert common_place(places[:2]).code == "370102" and common_place(places).code == "3701"
    assert common_place([place_of("370102004000"), place_of("110101001000")]) is None
