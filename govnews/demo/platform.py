"""The article platform a sub-district posts on: an account page filled by script, a POST list API
paged by ``maxid``, and article pages with Quill bodies and ARTICLE_DETAIL page data."""

from __future__ import annotations

import json
from collections.abc import Sequence
from html.parser import HTMLParser

from . import paths
from .chrome import Request, Response, esc, html_page, json_page, truncate
from .content import CAPTION, IMAGE, SPACER, normalize
from .jsonapi import unix
from .render import fill, render_platform_article
from .seed_article import load_seed
from .sites import PLATFORM_USER_ID, SEED_MASK_ID, Item

ACCOUNT_NAME = "泉城路街道"
LIST_API = "/mp/static/action/load_columns_article.php"
_LAZY_GIF = "data:image/gif;base64,R0lGODlhAQABAAAAACw="


class _QuillText(HTMLParser):
    """Text of each ``p.ql-block`` of a Quill body, as a reader sees it."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "p" and "ql-block" in (dict(attrs).get("class") or ""):
            self._current = []

    def handle_endtag(self, tag):
        if tag == "p" and self._current is not None:
            self.blocks.append("".join(self._current))
            self._current = None

    def handle_data(self, data):
        if self._current is not None:
            self._current.append(data)


def seed_paragraphs() -> tuple[str, ...]:
    parser = _QuillText()
    parser.feed(load_seed().body_html)
    return tuple(t for b in parser.blocks if (t := normalize(b)))


def author() -> str:
    return load_seed().author  # every article of the account shows the account's nickname


def body_html(item: Item) -> str:
    if item.mask == SEED_MASK_ID:
        return load_seed().body_html
    parts = []
    for block in item.story.blocks:
        if block.kind == IMAGE:
            src = esc(paths.image_src("platform", item, block))
            parts.append(f'<p class="ql-block ql-align-center"><img src="{_LAZY_GIF}" data-src="{src}"></p>')
        elif block.kind == CAPTION:
            parts.append(f'<p class="ql-block ql-align-center">{esc(block.text)}</p>')
        elif block.kind == SPACER:
            parts.append('<p class="ql-block"><br></p>')
        elif block.strong and block.strong in block.text:
            before, _, after = block.text.partition(block.strong)
            parts.append(f'<p class="ql-block">{esc(before)}<b>{esc(block.strong)}</b>{esc(after)}</p>')
        else:
            parts.append(f'<p class="ql-block">{esc(block.text)}</p>')
    return "".join(parts)


def create_time(item: Item) -> int:
    return unix(item.when)


def _cover(item: Item) -> str:
    image = next((b for b in item.story.blocks if b.kind == IMAGE), None)
    return paths.image_src("platform", item, image) if image else f"/mp/img/cover/{item.mask}.jpg"


def _abstract(item: Item) -> str:
    if item.mask == SEED_MASK_ID:
        return truncate(seed_paragraphs()[0], 60)
    return truncate(next(b.text for b in item.story.blocks if b.kind == "text"), 60)


def list_api(items: Sequence[Item], request: Request) -> Response:
    if request.method not in ("POST",):
        return json_page({"code": 405, "msg": "method not allowed"}, 405)
    if request.query.get("userid") != str(PLATFORM_USER_ID):
        return json_page([])
    raw = request.form().get("maxid", "").strip()
    try:
        maxid = int(raw) if raw else 0
    except ValueError:
        return json_page({"code": 400, "msg": "bad maxid"}, 400)
    chosen = [i for i in items if not maxid or i.num < maxid][:10]
    return json_page([
        {"id": i.num, "mask_id": i.mask, "title": i.story.title, "abstract": _abstract(i), "create_time": create_time(i),
         "cover_img_url": request.base_url + _cover(i), "visit_count": 100 + i.num % 900, "praise_count": i.num % 40,
         "comment_count": i.num % 3}
        for i in chosen
    ])


def api_calls(items: Sequence[Item]) -> int:
    """List calls a complete crawl makes: pages of 10 until one comes back short (or empty)."""
    return len(items) // 10 + 1


def render_account(items: Sequence[Item]) -> Response:
    user = {"user_id": PLATFORM_USER_ID, "nickname": author(), "column_name": ACCOUNT_NAME}
    page = fill(
        "platform_account.html", name=ACCOUNT_NAME, user_id=PLATFORM_USER_ID, avatar=f"/mp/img/avatar/{PLATFORM_USER_ID}.jpg",
        intro="泉城路街道办事处官方账号，发布街道工作动态。", count=len(items), fans=1000 + 37 * len(items),
        user_json=json.dumps(user, ensure_ascii=False),
    )
    return html_page(page)


def render_article(items: Sequence[Item], item: Item) -> Response:
    pos = next(n for n, i in enumerate(items) if i.path == item.path)
    neighbours = [items[n] for n in (pos + 1, pos + 2, pos - 1) if 0 <= n < len(items)][:2]
    recommend = [(i.path, i.story.title) for i in neighbours]
    if item.mask == SEED_MASK_ID:  # as the golden page: no create_time, no date shown
        seed = load_seed()
        page = render_platform_article(mask_id=item.mask, title=seed.title, author=seed.author, body_html=seed.body_html,
                                       user_id=PLATFORM_USER_ID, visit_count=1376, praise_count=58, recommend=recommend)
    else:
        page = render_platform_article(
            mask_id=item.mask, title=item.story.title, author=author(), body_html=body_html(item), user_id=PLATFORM_USER_ID,
            create_time=create_time(item), time_text=f"{item.when:%Y-%m-%d}", recommend=recommend,
            visit_count=100 + item.num % 900, praise_count=item.num % 40,
        )
    return html_page(page)
