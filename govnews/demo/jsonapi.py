"""Sites whose listings are JSON: a gkmlpt-style paged API (金桥) and a cursor API (雨花)."""

from __future__ import annotations

import base64
import binascii
import math
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone

from .chrome import Request, Response, date_text, esc, html_page, json_page, link, neighbours
from .render import fill
from .sites import Item, SiteSpec

CN = timezone(timedelta(hours=8))
GKMLPT_API = "/gkmlpt/api/all/123"
GKMLPT_HOME = "/gkmlpt/index"
CURSOR_API = "/sqapi/v1/news"
CURSOR_HOME = "/sqapi/news/"


def unix(when: datetime) -> int:
    """Unix seconds of a China-time moment."""
    return int(when.replace(tzinfo=CN).timestamp())


def app_shell(kind: str) -> Response:
    """The column page of a script-rendered list: an empty container the app fills from the API."""
    return html_page(fill(f"{kind}_index.html"))


def _body(item: Item) -> str:
    return "\n".join(f"<p>{esc(b.text)}</p>" for b in item.story.blocks)


# --- gkmlpt: GET /gkmlpt/api/all/123?page=N&sid=1 ----------------------------------------------

def gkmlpt_urls(spec: SiteSpec, items: Sequence[Item]) -> list[str]:
    pages = max(1, math.ceil(len(items) / spec.per_page))
    return [f"{GKMLPT_API}?page={n}&sid=1" for n in range(1, pages + 1)]


def gkmlpt_api(spec: SiteSpec, items: Sequence[Item], request: Request) -> Response:
    try:
        page = int(request.query.get("page", "1"))
    except ValueError:
        return json_page({"error": "page must be a number"}, 400)
    chosen = items[(page - 1) * spec.per_page : page * spec.per_page] if page >= 1 and request.query.get("sid", "1") == "1" else []
    articles = [
        {"id": i.num, "url": request.base_url + i.path, "title": i.story.title, "publisher": "金桥街道办事处",
         "first_publish_time": unix(i.when)}
        for i in chosen
    ]
    return json_page({"articles": articles, "total": len(items), "page": page, "page_size": spec.per_page})


def gkmlpt_article(items: Sequence[Item], item: Item, request: Request) -> Response:
    story = item.story
    prev, nxt, related = neighbours(items, item)
    written = item.when - timedelta(days=item.num % 3)
    author = f"<span>作者：{esc(story.info_author)}</span>" if story.info_author else ""
    page = fill(
        "gkmlpt_article.html", title_attr=esc(story.title), title_text=esc(story.title), pubdate=date_text(item.when, item.timed),
        source_attr=esc(story.source), source_text=esc(story.source), keywords=esc("，".join(story.keywords)),
        url=esc(request.base_url + item.path), identifier=f"11440399MB2C{item.num:06d}/{item.when:%Y}-{item.num % 1000:05d}",
        written=f"{written:%Y-%m-%d}", shown=date_text(item.when, item.timed), author_span=author, body=_body(item),
        prev=link(prev), next=link(nxt), related="\n".join(f"<li>{link(r)}<span>{r.when:%Y-%m-%d}</span></li>" for r in related),
    )
    return html_page(page)


# --- cursor: GET /sqapi/v1/news?cursor=C ------------------------------------------------------

def encode_cursor(num: int) -> str:
    return base64.urlsafe_b64encode(f"yh:v1:{num}".encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> int:
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    prefix, _, num = raw.rpartition(":")
    if prefix != "yh:v1":
        raise ValueError(cursor)
    return int(num)


def cursor_urls(spec: SiteSpec, items: Sequence[Item]) -> list[str]:
    cursors = [""] + [encode_cursor(items[n - 1].num) for n in range(spec.per_page, len(items), spec.per_page)]
    return [f"{CURSOR_API}?cursor={c}" for c in cursors]


def cursor_api(spec: SiteSpec, items: Sequence[Item], request: Request) -> Response:
    cursor = request.query.get("cursor", "")
    start = 0
    if cursor:
        try:
            after = _decode_cursor(cursor)
        except (ValueError, binascii.Error, UnicodeDecodeError):
            return json_page({"code": 400, "msg": "invalid cursor", "data": None}, 400)
        start = next((n + 1 for n, i in enumerate(items) if i.num == after), len(items))
    chosen = items[start : start + spec.per_page]
    more = start + spec.per_page < len(items)
    data = {
        "items": [{"link": i.path, "title": i.story.title, "pubDate": date_text(i.when, i.timed)} for i in chosen],
        "next": encode_cursor(chosen[-1].num) if chosen and more else None,
    }
    return json_page({"code": 0, "msg": "ok", "data": data})


def cursor_article(items: Sequence[Item], item: Item) -> Response:
    story = item.story
    prev, nxt, related = neighbours(items, item)
    page = fill(
        "sqapi_article.html", title_attr=esc(story.title), title_text=esc(story.title), pubdate=date_text(item.when, item.timed),
        source_attr=esc(story.source), source_text=esc(story.source), shown=date_text(item.when, item.timed), body=_body(item),
        prev=link(prev), next=link(nxt), more="\n".join(f"<li>{link(r)}</li>" for r in related),
    )
    return html_page(page)
