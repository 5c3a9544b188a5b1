"""The demo sites (one column each, on one portal host; ids are the future site-profile ids) and their article items."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .content import Story

TRS_SITE_NAME = "示例区人民政府"
TRS_SITE_CODE = "3301990001"
HANWEB_SITE_NAME = "示例县人民政府"
HANWEB_WEBNAME = "示例县"
HANWEB_SITE_CODE = "3301980001"
PLATFORM_USER_ID = 52300817
SEED_MASK_ID = "4kq7znm2"


@dataclass(frozen=True)
class SiteSpec:
    id: str
    family: str  # trs, hanweb, vsb, gbk, gkmlpt, sqapi, platform, blocked
    area: str | None  # key of [area.*] in data/places.toml
    column: str  # the column (栏目) the listing shows
    listing: str  # path of the first listing page (or the first API request)
    regular: int = 0  # ordinary articles, besides the special ones the builder adds
    pinned: int = 0
    num_base: int = 1001  # numeric article ids start here
    per_page: int = 8
    folder: str = ""  # TRS: the column folder
    extras: dict = field(default_factory=dict)


SITES: tuple[SiteSpec, ...] = (
    SiteSpec("demo-trs-district", "trs", "district", "区政府要闻", "/trs/qzyw/index.html",
             regular=17, pinned=1, num_base=2001, folder="/trs/qzyw/",
             extras={"pager": 4, "dates": "plain", "parent": ("新闻中心", "/trs/xwzx/"), "tonggao": True}),
    SiteSpec("demo-trs-xingfu", "trs", "xingfu", "幸福街道", "/trs/jddt/xfjd/index.html",
             regular=15, pinned=2, num_base=1001, folder="/trs/jddt/xfjd/",
             extras={"pager": 4, "dates": "plain", "parent": ("街道动态", "/trs/jddt/"), "xxgk": "/trs/xxgk/xfjd/",
                     "reposts": ("source", "lead", "title"), "today": 2, "edited": True, "nodate": True,
                     "dup": True, "private": "/trs/private/xfjd/"}),
    SiteSpec("demo-trs-heping", "trs", "heping", "和平街道", "/trs/jddt/hpjd/index.html",
             regular=17, pinned=1, num_base=3001, folder="/trs/jddt/hpjd/",
             extras={"pager": 4, "dates": "bracket", "parent": ("街道动态", "/trs/jddt/"), "xxgk": "/trs/xxgk/hpjd/",
                     "reposts": ("title", "source", "lead"), "blocked412": True}),
    SiteSpec("demo-trs-guangming", "trs", "guangming", "光明街道", "/trs/jddt/gmjd/index.html",
             regular=18, pinned=1, num_base=4001, folder="/trs/jddt/gmjd/",
             extras={"pager": 6, "dates": "plain", "parent": ("街道动态", "/trs/jddt/")}),
    SiteSpec("demo-hanweb-dongfeng", "hanweb", "dongfeng", "东风街道", "/hanweb/col/col1229001/index.html",
             regular=34, num_base=7654300, per_page=15,
             extras={"columnid": 1229001, "unitid": 212860, "paging": "post", "today": 1, "removed": True}),
    SiteSpec("demo-hanweb-xinhua", "hanweb", "xinhua", "新华街道", "/hanweb/col/col1229002/index.html",
             regular=20, num_base=7655100, per_page=15,
             extras={"columnid": 1229002, "unitid": 212861, "paging": "get"}),
    SiteSpec("demo-vsb-qingshan", "vsb", "qingshan", "新闻动态", "/vsb/xwdt.htm",
             regular=30, num_base=5901, per_page=10),
    SiteSpec("demo-gbk-changle", "gbk", "changle", "新闻动态", "/gbk/xwdt/list.html",
             regular=16, num_base=3001, per_page=6, extras={"lying": 1}),
    SiteSpec("demo-json-jinqiao", "gkmlpt", "jinqiao", "街道动态", "/gkmlpt/api/all/123?page=1&sid=1",
             regular=25, num_base=123001, per_page=10),
    SiteSpec("demo-json-yuhua", "sqapi", "yuhua", "社区新闻", "/sqapi/v1/news?cursor=",
             regular=18, num_base=1001, per_page=8),
    SiteSpec("demo-platform-quanchenglu", "platform", "quanchenglu", "泉城路街道", f"/mp/c/{PLATFORM_USER_ID}",
             regular=19, num_base=301450000, per_page=10, extras={"today": 1}),
    SiteSpec("demo-blocked-ruishu", "blocked", None, "", "/blocked/ruishu/list.html"),
    SiteSpec("demo-blocked-jsl", "blocked", None, "", "/blocked/jsl/list.html"),
    SiteSpec("demo-blocked-waf", "blocked", None, "", "/blocked/waf/list.html"),
    SiteSpec("demo-blocked-challenge", "blocked", None, "", "/blocked/challenge/list.html"),
    SiteSpec("demo-blocked-empty", "trs", "newvillage", "新村街道", "/trs/jddt/empty/index.html",
             folder="/trs/jddt/empty/", extras={"pager": 4, "dates": "plain", "parent": ("街道动态", "/trs/jddt/")}),
)
BY_ID = {s.id: s for s in SITES}
TRS_COLUMNS = [s for s in SITES if s.family == "trs" and s.folder.startswith("/trs/jddt/")]


def site(site_id: str) -> SiteSpec:
    try:
        return BY_ID[site_id]
    except KeyError:
        raise KeyError(f"unknown demo site {site_id!r}; expected one of {', '.join(BY_ID)}") from None


@dataclass(frozen=True)
class Item:
    """One article URL of a site on one day."""

    site: str
    path: str
    story: Story
    when: datetime  # China time; 00:00 for articles that show the date only
    timed: bool = True  # pages and listing show the time
    dated: bool = True  # False: no date anywhere but in the body
    pinned: bool = False
    listed: bool = True
    status: int = 200
    expected: bool = True
    num: int = 0  # the numeric id in its URL or API record
    mask: str = ""  # platform: the article's mask id
    role: str = "regular"
    home: str = ""  # TRS: the folder the page lives in
