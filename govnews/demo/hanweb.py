"""Hanweb JCMS pages: column pages that embed their first records as XML in a script, the
``dataproxy.jsp`` endpoint for the rest (POST record windows or GET pages, Referer required), and
articles between ``ZJEG_RSS`` markers."""

from __future__ import annotations

import math
from collections.abc import Sequence
from urllib.parse import quote

from . import paths
from .chrome import Request, Response, date_text, esc, html_page, link, neighbours, respond, truncate
from .content import ATTACHMENT
from .render import fill
from .sites import HANWEB_WEBNAME, SITES, Item, SiteSpec

DATAPROXY = "/hanweb/module/web/jpage/dataproxy.jsp"
PER_PAGE = 15
_SIDE = (("东风街道", 1229001), ("新华街道", 1229002), ("城关镇", 1229003), ("临江镇", 1229004))


def listed(items: Sequence[Item]) -> list[Item]:
    return [i for i in items if i.listed]


def _params(spec: SiteSpec) -> str:
    ex = spec.extras
    return (f"appid=1&webid=1&path=/&columnid={ex['columnid']}&unitid={ex['unitid']}"
            f"&webname={quote(HANWEB_WEBNAME)}&permissiontype=0")


def form_body(spec: SiteSpec) -> str:
    """The form a browser posts to the endpoint (the page's ``param_NNN`` object)."""
    ex = spec.extras
    return (f"col=1&appid=1&webid=1&path=/&columnid={ex['columnid']}&sourceContentType=1"
            f"&unitid={ex['unitid']}&webname={quote(HANWEB_WEBNAME)}&permissiontype=0")


def api_urls(spec: SiteSpec, items: Sequence[Item]) -> list[str]:
    """The endpoint requests a complete crawl makes after the column page (which holds records 1-15)."""
    total = len(listed(items))
    if spec.extras["paging"] == "get":
        return [f"{DATAPROXY}?page={n}&{_params(spec)}" for n in range(2, math.ceil(total / PER_PAGE) + 1)]
    # a browser's jpage asks for three pages of records at a time
    return [f"{DATAPROXY}?startrecord={s}&endrecord={s + 3 * PER_PAGE - 1}&perpage={PER_PAGE}"
            for s in range(PER_PAGE + 1, total + 1, 3 * PER_PAGE)]


def record(item: Item) -> str:
    title = esc(item.story.title)
    return (f"<li><a href='{item.path}' title='{title}'>{title}</a>"
            f'<span class="bt_date">{item.when:%Y-%m-%d}</span></li>')


def _records(items: Sequence[Item]) -> str:
    return "\n".join(f"<record><![CDATA[{record(i)}]]></record>" for i in items)


def render_column(spec: SiteSpec, items: Sequence[Item]) -> Response:
    entries = listed(items)
    ex = spec.extras
    side = "\n".join(f'<li><a href="/hanweb/col/col{cid}/index.html">{name}</a></li>' for name, cid in _SIDE)
    page = fill(
        "hanweb_column.html", column=esc(spec.column), unitid=ex["unitid"], columnid=ex["columnid"], total=len(entries),
        nextgroup=f"{DATAPROXY}?page=1&{_params(spec)}", records=_records(entries[:PER_PAGE]), side_nav=side,
    )
    return html_page(page)


def _spec_for(columnid: str) -> SiteSpec | None:
    return next((s for s in SITES if s.family == "hanweb" and str(s.extras["columnid"]) == columnid), None)


def handle_dataproxy(request: Request, items_of) -> Response:
    """``items_of(site_id)`` gives a site's items on the world's day."""
    if not request.headers.get("referer", "").startswith(request.base_url + "/hanweb/"):
        return html_page("<html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1><p>非法访问</p></body></html>", 403)
    fields = dict(request.query) | (request.form() if request.method == "POST" else {})
    spec = _spec_for(fields.get("columnid", ""))
    entries = listed(items_of(spec.id)) if spec else []
    try:
        if "startrecord" in fields:
            start, end = int(fields["startrecord"]), int(fields.get("endrecord", fields["startrecord"]))
        else:
            page = int(fields.get("page", "1"))
            start, end = (page - 1) * PER_PAGE + 1, page * PER_PAGE
    except ValueError:
        return respond(400, b"bad request", "text/plain; charset=utf-8")
    chosen = entries[max(start, 1) - 1 : max(end, 0)]
    body = (f"<datastore><totalrecord>{len(entries)}</totalrecord><totalpage>{math.ceil(len(entries) / PER_PAGE)}</totalpage>"
            f"<recordset>{_records(chosen)}</recordset></datastore>")
    return respond(200, body.encode("utf-8"), "text/xml; charset=UTF-8")


def body_html(item: Item) -> str:
    return "\n".join(f"<p>{esc(b.text)}</p>" for b in item.story.blocks if b.kind in ("text", "byline"))


def _attachments(item: Item) -> str:
    rows = []
    for block in item.story.blocks:
        if block.kind == ATTACHMENT:
            href, text = paths.attachment_href("hanweb", item, block)
            rows.append(f'<tr><td class="bt_fj">附件：<a href="{esc(href)}" target="_blank">{esc(text)}</a></td></tr>\n')
    return "".join(rows)


def render_article(spec: SiteSpec, items: Sequence[Item], item: Item) -> Response:
    story = item.story
    prev, nxt, related = neighbours(listed(items), item)
    maketime = f"<meta name='Maketime' content='{item.when:%Y-%m-%d %H:%M}:{item.num % 60:02d}'>\n" if item.timed else ""
    first = next((b.text for b in story.blocks if b.kind == "text"), "")
    page = fill(
        "hanweb_article.html", column=esc(spec.column), title_text=esc(story.title), title_attr=esc(story.title),
        pubdate=date_text(item.when, item.timed), source_attr=esc(story.source), source_text=esc(story.source),
        maketime=maketime, columnid=spec.extras["columnid"], num=item.num, keywords=esc(" ".join(story.keywords)),
        description=esc(truncate(first, 60)), shown_date=f"{item.when:%Y-%m-%d}", body=body_html(item),
        attachments=_attachments(item), prev=link(prev), next=link(nxt),
        related="\n".join(f'<li><a href="{o.path}" target="_blank">{esc(o.story.title)}</a></li>' for o in related),
    )
    return html_page(page)
