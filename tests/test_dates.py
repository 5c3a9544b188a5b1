"""Date strings as Chinese government pages write them, and what govnews makes of them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from govnews.extraction import dates

FETCHED = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)  # 10:00 in China

TABLE = [
    ("2023-02-14", "2023-02-14"),
    ("2023/2/14 10:30:00", "2023-02-14T10:30:00+08:00"),
    ("2023年02月14日", "2023-02-14"),
    ("2023年2月14日 10:30", "2023-02-14T10:30+08:00"),
    ("[2023-02-14]", "2023-02-14"),
    ("(2023-02-14)", "2023-02-14"),
    ("发布时间：2023-02-14 10:30", "2023-02-14T10:30+08:00"),
    ("发布日期: 2023-02-14", "2023-02-14"),
    ("时间：2025-10-18 10:45", "2025-10-18T10:45+08:00"),
    ("2023.02.14", "2023-02-14"),
    ("二〇二三年二月十四日", "2023-02-14"),
    ("二〇二三年十二月三十一日", "2023-12-31"),
    ("２０２３年２月１４日", "2023-02-14"),
    ("2026-09-28-21:50:00", "2026-09-28T21:50:00+08:00"),
    ("2023年2月14日 下午3:05", "2023-02-14T15:05+08:00"),
    ("2023年2月14日10时30分", "2023-02-14T10:30+08:00"),
    ("3天前", "2026-11-24"),
    ("昨天", "2026-11-26"),
    ("5小时前", "2026-11-27T05:00+08:00"),
    ("2027-01-01", None),  # after the fetch time
    ("2026-11-27 11:00", None),  # an hour after the fetch time
    ("2023-02-30", None),
    ("1985-02-14", None),
    ("浏览次数：2023", None),
]


@pytest.mark.parametrize(("text", "expected"), TABLE)
def test_find_date(text, expected):
    found = dates.find_date(text, FETCHED)
    assert (found.iso() if found else None) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("http://x.gov.cn/jddt/202302/t20230214_1234567.html", "2023-02-14"),
    ("http://x.gov.cn/art/2023/2/14/art_33718_11693505.html", "2023-02-14"),
    ("http://www.lunan.gov.cn/lunanqu/wenbeijiedao/20230410/1522745.html", "2023-04-10"),
    ("http://x.gov.cn/news/2023-02-14/abc.html", "2023-02-14"),
    ("http://x.gov.cn/jddt/202302/", None),
    ("http://x.gov.cn/content.aspx?id=20230214", None),
    ("http://x.gov.cn/2027/01/01/x.html", None),
])
def test_date_from_url(url, expected):
    found = dates.date_from_url(url, FETCHED)
    assert (found.iso() if found else None) == expected


def test_timestamps_seconds_and_milliseconds_in_china_time():
    assert dates.parse_timestamp(1676341800, FETCHED).iso() == "2023-02-14T10:30:00+08:00"
    assert dates.parse_timestamp("1676341800000", FETCHED).iso() == "2023-02-14T10:30:00+08:00"
    assert dates.parse_timestamp(4102444800, FETCHED) is None  # 2100: after the fetch


@pytest.mark.parametrize(("month", "day", "hints", "named", "expected"), [
    (2, 14, [], [2023, 2022], 2023),  # the latest year the text names
    (2, 14, [2021], [2023], 2021),  # a URL/listing/meta year wins
    (2, 14, [], [2030, 2024], 2024),  # named years after the fetch year are ignored
    (2, 14, [], [], 2026),  # the fetch year
    (12, 14, [], [], 2025),  # the fetch year would put it in the future: the year before
    (12, 14, [], [2026], 2025),  # a named year that puts it in the future is skipped
    (2, 29, [], [2023], 2024),  # no 29 February in 2023
])
def test_infer_year(month, day, hints, named, expected):
    assert dates.infer_year(month, day, FETCHED, hints, named) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("2月14日上午，泉城路街道召开", (2, 14, "2月14日")),
    ("平潭网10月18日讯（融媒体记者 廖慧娟）", (10, 18, "10月18日")),
    ("2023年2月14日，", None),  # a full date is not a month-day
    ("近日，街道召开", None),
])
def test_month_day(text, expected):
    assert dates.find_month_day(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("02-14", (2, 14)), ("(02-14)", (2, 14)), ("[2-14]", (2, 14)), ("2月14日", (2, 14)), ("2023-02-14", None)])
def test_listing_month_day(text, expected):
    found = dates.parse_listing_month_day(text)
    assert (found[:2] if found else None) == expected
