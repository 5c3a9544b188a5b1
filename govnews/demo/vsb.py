"""VSB (博达) pages: ``xwdt.htm`` then ``xwdt/N.htm`` counting down, and ``.v_news_content`` articles
whose view count is written by script."""

from __future__ import annotations

import math
from collections.abc import Sequence

from . import paths
from .chrome import Response, date_text, esc, html_page, link, neighbours, truncate
from .content import CAPTION, IMAGE
from .render import fill
from .sites import Item, SiteSpec


def page_count(spec: SiteSpec, items: Sequence[Item]) -> int:
    return max(1, math.ceil(len(items) / spec.per_page))


def listing_path(total: int, page: int) -> str:
    """Page ``page`` (1-based) of ``total``: page 1 is xwdt.htm, page k ≥ 2 is xwdt/{total-k+1}.htm."""
    return "/vsb/xwdt.htm" if page == 1 else f"/vsb/xwdt/{total - page + 1}.htm"


def _href(total: int, here: int, target: int) -> str:
    path = listing_path(total, target)
    if here == 1:
        return path.removeprefix("/vsb/")
    return "../xwdt.htm" if target == 1 else path.removeprefix("/vsb/xwdt/")


def _pager(total: int, here: int, count: int) -> str:
    link = lambda cls, n, text: f'<span class="{cls} p_fun"><a href="{_href(total, here, n)}">{text}</a></span>'  # noqa: E731
    off = lambda cls, text: f'<span class="{cls}_d p_fun_d">{text}</span>'  # noqa: E731
    parts = [f'<span class="p_t">共{count}条</span>']
    parts += [off("p_first", "首页"), off("p_prev", "上页")] if here == 1 else [link("p_first", 1, "首页"), link("p_prev", here - 1, "上页")]
    numbers = "".join(
        f'<span class="p_no_d">{n}</span>' if n == here else f'<span class="p_no"><a href="{_href(total, here, n)}">{n}</a></span>'
        for n in range(1, total + 1)
    )
    parts.append(f'<span class="p_pages">{numbers}</span>')
    parts += [link("p_next", here + 1, "下页"), link("p_last", total, "尾页")] if here < total else [off("p_next", "下页"), off("p_last", "尾页")]
    parts.append(f'<span class="p_t">{here}/{total}</span>')
    return " ".join(parts)


def render_listing(spec: SiteSpec, items: Sequence[Item], page: int) -> Response:
    total = page_count(spec, items)
    chunk = items[(page - 1) * spec.per_page : page * spec.per_page]
    prefix = "" if page == 1 else "../"
    entries = "\n".join(
        f'<li id="line_u7_{n}"><a href="{prefix}{i.path.removeprefix("/vsb/")}" title="{esc(i.story.title)}">'
        f"{esc(truncate(i.story.title, 30))}</a><span>{i.when:%Y-%m-%d}</span></li>"
        for n, i in enumerate(chunk)
    )
    root = "" if page == 1 else "../"
    return html_page(fill("vsb_list.html", column=esc(spec.column), entries=entries, pager=_pager(total, page, len(items)), root=root))


def body_html(item: Item) -> str:
    lines = []
    for block in item.story.blocks:
        if block.kind == IMAGE:
            src = esc(paths.image_src("vsb", item, block))
            lines.append(f'<p style="text-align: center;"><img src="{src}" width="600" vurl="{src}" vwidth="600" class="img_vsb_content"></p>')
        elif block.kind == CAPTION:
            lines.append(f'<p style="text-align: center;">{esc(block.text)}</p>')
        else:
            lines.append(f'<p style="text-indent: 2em;">{esc(block.text)}</p>')
    lines[0] = lines[0].replace("<p ", '<p class="vsbcontent_start" ', 1)
    lines[-1] = lines[-1].replace("<p ", '<p class="vsbcontent_end" ', 1)
    return "\n".join(lines)


def render_article(items: Sequence[Item], item: Item) -> Response:
    story = item.story
    prev, nxt, related = neighbours(items, item)
    first = next((b.text for b in story.blocks if b.kind == "text"), "")
    page = fill(
        "vsb_article.html", title_text=esc(story.title), keywords=esc(",".join(story.keywords)), num=item.num,
        description=esc(truncate(first, 60)), shown=date_text(item.when, item.timed), body=body_html(item),
        author=esc(story.info_author or "本站编辑"), source=esc(story.source),
        prev=link(prev, prev and f"{prev.num}.htm", "无"), next=link(nxt, nxt and f"{nxt.num}.htm", "无"),
        related="\n".join(f"<li>{link(r, f'{r.num}.htm')}<span>{r.when:%Y-%m-%d}</span></li>" for r in related),
    )
    return html_page(page)
