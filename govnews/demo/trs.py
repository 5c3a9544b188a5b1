"""TRS WCM pages: static ``index.html`` / ``index_N.html`` listings paged by ``createPageHTML``, and
articles with the full government meta set, an info line and a ``#zoom > .TRS_Editor`` body."""

from __future__ import annotations

import math
from collections.abc import Sequence

from . import paths
from .chrome import Request, Response, date_text, esc, html_page, neighbours, truncate
from .content import ATTACHMENT, BYLINE, CAPTION, IMAGE, SIGN, SPACER, Block
from .render import fill
from .sites import TRS_COLUMNS, Item, SiteSpec

_ZOOM = '【字号：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】　<a href="javascript:window.print()">打印</a>'


def listed(items: Sequence[Item]) -> list[Item]:
    return [i for i in items if i.listed]


def page_count(spec: SiteSpec, items: Sequence[Item]) -> int:
    return max(1, math.ceil(len(listed(items)) / spec.per_page))


def listing_path(spec: SiteSpec, index: int) -> str:
    return spec.folder + ("index.html" if index == 0 else f"index_{index}.html")


def _column_meta(spec: SiteSpec, home: str) -> tuple[str, str, str]:
    """(ColumnName, parent name, parent href) of a page in folder ``home``."""
    if home.startswith("/trs/xxgk/"):
        return "政府信息公开", "政务公开", "/trs/zwgk/"
    parent, href = spec.extras["parent"]
    return (parent if spec.folder.startswith("/trs/jddt/") else spec.column), parent, href


def _common(spec: SiteSpec, home: str) -> dict[str, str]:
    column_meta, parent_name, parent_href = _column_meta(spec, home)
    return {
        "header": fill("trs_header.html"), "footer": fill("trs_footer.html"), "column_meta": column_meta,
        "column_description": f"{spec.column}工作动态", "column_keywords": f"{spec.column}，{column_meta}",
        "parent_name": parent_name, "parent_href": parent_href, "heading": esc(spec.column),
    }


def _entry(spec: SiteSpec, item: Item) -> str:
    href = item.path if item.role == "private" else paths.relative(spec.folder + "index.html", item.path)
    date = ""
    if item.dated:
        shown = f"{item.when:%Y-%m-%d}"
        date = f"<span>[{shown}]</span>" if spec.extras["dates"] == "bracket" else f"<span>{shown}</span>"
    title = esc(item.story.title)
    link = f'<a href="{esc(href)}" title="{title}" target="_blank">{esc(truncate(item.story.title))}</a>'
    if item.pinned:
        return f'<li class="top"><span class="zd">[置顶]</span>{link}{date}</li>'
    return f"<li>{link}{date}</li>"


def listing_date(spec: SiteSpec, item: Item) -> str | None:
    if not item.dated or not item.listed:
        return None
    shown = f"{item.when:%Y-%m-%d}"
    return f"[{shown}]" if spec.extras["dates"] == "bracket" else shown


def render_listing(spec: SiteSpec, items: Sequence[Item], index: int) -> Response:
    entries = listed(items)
    total = page_count(spec, items)
    chunk = entries[index * spec.per_page : (index + 1) * spec.per_page]
    if spec.extras["pager"] == 6:  # the 1-based variant that also names the record count
        pager = f'createPageHTML("page_div", {total}, {index + 1}, "index", "html", {len(entries)});'
    else:
        pager = f'createPageHTML({total}, {index}, "index", "html");'
    on = ' class="on"'
    side = "\n".join(
        f'      <li{on if c.id == spec.id else ""}><a href="{c.folder}">{esc(c.column)}</a></li>'
        for c in (TRS_COLUMNS if spec in TRS_COLUMNS else [spec])
    )
    page = fill("trs_list.html", entries="\n".join(_entry(spec, i) for i in chunk), pager=pager, side_nav=side, **_common(spec, spec.folder))
    return html_page(page)


def _rich(block: Block) -> str:
    if block.strong and block.strong in block.text:
        before, _, after = block.text.partition(block.strong)
        return f"{esc(before)}<strong>{esc(block.strong)}</strong>{esc(after)}"
    return esc(block.text)


def body_html(item: Item) -> str:
    lines = []
    for block in item.story.blocks:
        if block.kind == IMAGE:
            src = paths.image_src("trs", item, block)
            lines.append(f'<p style="text-align:center"><img src="{esc(src)}" OLDSRC="{block.file}" alt="{block.file}"></p>')
        elif block.kind in (CAPTION, SIGN):
            align = "center" if block.kind == CAPTION else "right"
            lines.append(f'<p style="text-align:{align}">{esc(block.text)}</p>')
        elif block.kind == ATTACHMENT:
            href, text = paths.attachment_href("trs", item, block)
            lines.append(f'<p><a href="{esc(href)}" appendix="true" OLDSRC="{block.file}">{esc(text)}</a></p>')
        elif block.kind == SPACER:
            lines.append("<p><br></p>")
        else:
            indent = "" if block.kind == BYLINE else "　　"
            lines.append(f'<p style="text-indent:2em">{indent}{_rich(block)}</p>')
    return "\n".join(lines)


def _link(item: Item, other: Item | None, dated: bool = False) -> str:
    if other is None:
        return "没有了"
    href = other.path if other.role == "private" else paths.relative(item.path, other.path)
    date = f"<span>{other.when:%Y-%m-%d}</span>" if dated else ""
    return f'<a href="{esc(href)}" title="{esc(other.story.title)}">{esc(other.story.title)}</a>{date}'


def render_article(spec: SiteSpec, items: Sequence[Item], item: Item, request: Request) -> Response:
    story = item.story
    prev, nxt, related = neighbours(listed(items), item)
    info = ([f"发布时间：{date_text(item.when, item.timed)}"] if item.dated else []) + [f"来源：{esc(story.source)}"]
    if story.info_author:
        info.append(f"作者：{esc(story.info_author)}")
    first = next((b.text for b in story.blocks if b.kind == "text"), "")
    values = _common(spec, item.home) | {
        "title_attr": esc(story.title), "title_text": esc(story.title), "source_attr": esc(story.source),
        "keywords": esc("，".join(story.keywords)), "cms_author": "管理员" if item.num % 2 else "",
        "pubdate_meta": f'<meta name="PubDate" content="{date_text(item.when, item.timed)}">\n' if item.dated else "",
        "description_meta": f'<meta name="Description" content="{esc(truncate(first, 60))}">\n' if item.dated else "",
        "url": esc(request.base_url + item.path), "column_href": spec.folder, "info": "　".join(info) + "　" + _ZOOM,
        "body": body_html(item), "prev": _link(item, prev), "next": _link(item, nxt),
        "related": "\n".join(f"      <li>{_link(item, r, dated=item.dated)}</li>" for r in related),
    }
    return html_page(fill("trs_article.html", **values))
