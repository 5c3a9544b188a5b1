"""An old standalone sub-district site: GBK bytes declared as gb2312, a header without charset
(one article's header lies: utf-8), and listings paged only by a plain 下一页 link."""

from __future__ import annotations

import math
from collections.abc import Sequence

from .chrome import Response, date_text, esc, link, neighbours, respond
from .render import fill
from .sites import Item, SiteSpec

LYING_INDEX = 2  # the third article of the listing is served with "charset=utf-8"


def page_count(spec: SiteSpec, items: Sequence[Item]) -> int:
    return max(1, math.ceil(len(items) / spec.per_page))


def listing_path(page: int) -> str:
    return "/gbk/xwdt/list.html" if page == 1 else f"/gbk/xwdt/list_{page}.html"


def _gbk(text: str, content_type: str = "text/html") -> Response:
    return respond(200, text.encode("gbk"), content_type)


def render_listing(spec: SiteSpec, items: Sequence[Item], page: int) -> Response:
    total = page_count(spec, items)
    chunk = items[(page - 1) * spec.per_page : page * spec.per_page]
    entries = "\n".join(
        f'<li><a href="{i.path.removeprefix("/gbk/xwdt/")}" target="_blank">{esc(i.story.title)}</a>'
        f'<span class="date">{i.when:%Y-%m-%d}</span></li>'
        for i in chunk
    )
    name = lambda n: listing_path(n).removeprefix("/gbk/xwdt/")  # noqa: E731
    prev = f'<a class="prev" href="{name(page - 1)}">上一页</a>&nbsp;&nbsp;' if page > 1 else ""
    nxt = f'<a class="next" href="{name(page + 1)}">下一页</a>' if page < total else ""
    return _gbk(fill("gbk_list.html", entries=entries, count=len(items), page=page, total=total, prev=prev, next=nxt))


def lying(items: Sequence[Item], item: Item) -> bool:
    return len(items) > LYING_INDEX and items[LYING_INDEX].path == item.path


def body_html(item: Item) -> str:
    lines = []
    for block in item.story.blocks:
        if block.kind == "sign":
            lines.append(f'<p align="right">{esc(block.text)}</p>')
        else:
            lines.append(f"<p>　　{esc(block.text)}</p>")
    return "\n".join(lines)


def render_article(items: Sequence[Item], item: Item) -> Response:
    story = item.story
    prev, nxt, related = neighbours(items, item)
    info = [f"日期：{date_text(item.when, item.timed)}", f"来源：{esc(story.source)}"]
    if story.info_author:
        info.append(f"作者：{esc(story.info_author)}")
    page = fill(
        "gbk_article.html", title_text=esc(story.title), title_attr=esc(story.title), pubdate=f"{item.when:%Y-%m-%d}",
        keywords=esc(",".join(story.keywords)), info="　".join(info), body=body_html(item),
        prev=link(prev), next=link(nxt), related="\n".join(f"<li>{link(r)}</li>" for r in related),
    )
    return _gbk(page, "text/html; charset=utf-8" if lying(items, item) else "text/html")
